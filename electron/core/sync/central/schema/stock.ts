import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sqlList } from './checks';

export const STOCK_REASONS = ['sale', 'refund', 'adjustment', 'receipt', 'damaged', 'theft', 'count_correction'] as const;

/**
 * Every change of stock on hand in every store: the movements of sale and refund documents,
 * `stock.moved` (v1 and v2), and the starting stock of `catalog.imported` (which has no movement id
 * of its own: `<event id>:<product id>`, reason adjustment). Stock stays local on the terminals;
 * central only adds up what they did.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    productId: text('product_id').notNull(),
    /** pieces, or grams of a product sold by weight */
    delta: bigint('delta', { mode: 'number' }).notNull(),
    reason: text('reason', { enum: STOCK_REASONS }).notNull(),
    saleId: text('sale_id'),
    saleLineId: text('sale_line_id'),
    staffId: text('staff_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** the stock.receive / stock.adjust call or the stock count that wrote it (v2) */
    batchId: text('batch_id'),
    note: text('note'),
  },
  (t) => [
    index('stock_movements_store_product_idx').on(t.storeId, t.productId, t.createdAt),
    index('stock_movements_sale_idx').on(t.saleId).where(sql`${t.saleId} IS NOT NULL`),
    check('stock_movements_reason_ck', sql`${t.reason} IN ${sqlList(STOCK_REASONS)}`),
  ],
);

/**
 * Stock on hand per store and product: the sum of that store's movements, kept by the push in the
 * transaction that inserts them (`on_hand = on_hand + delta`). The reorder level is per store too
 * (`stock.reorderLevelSet`).
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    storeId: text('store_id').notNull(),
    productId: text('product_id').notNull(),
    onHand: bigint('on_hand', { mode: 'number' }).notNull().default(0),
    reorderLevel: integer('reorder_level'),
    /** terminal time of the last movement or reorder level applied */
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'stock_levels_pk', columns: [t.storeId, t.productId] }), index('stock_levels_product_idx').on(t.productId)],
);
