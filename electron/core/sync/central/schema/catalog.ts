import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSequence, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The pull cursor. Every row that terminals pull (tax classes, categories, products, members)
 * carries `change_seq`, set from this one sequence on every INSERT and UPDATE by a trigger
 * (migration 0001_change_seq): a terminal asks for `change_seq > cursor` in order across all four
 * tables, so a tax class made before the product that uses it also arrives before it. The
 * trigger takes a transaction-scoped advisory lock before the first row of each statement (a
 * statement-level trigger, so before any row lock of that statement: no deadlock), which makes
 * the sequence's order the commit order — a plain sequence is not: a transaction holding 10 may
 * commit after one holding 11 was pulled, and the cursor would skip 10 for good. The lock is held
 * to COMMIT, so writers of pulled rows write them last in their transaction, and pulls never take it.
 * Deletions are rows too (`deleted_at`, bumping change_seq), so they reach the terminals.
 */
export const changeSeq = pgSequence('change_seq');

/** from the sequence even without the trigger, so the column stays unique; the trigger then renumbers under its lock */
export const changeSeqColumn = () => bigint('change_seq', { mode: 'number' }).notNull().default(sql`nextval('change_seq')`);

/**
 * Names are unique among the live rows, as on the terminal (which must be able to take every row it
 * pulls). A terminal-made row whose name central has on another id is not applied: central wins,
 * and a `catalog_duplicate` conflict says so.
 */
export const taxClasses = pgTable(
  'tax_classes',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    rateBp: integer('rate_bp').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    uniqueIndex('tax_classes_name_uq').on(t.name).where(sql`${t.deletedAt} IS NULL`),
    uniqueIndex('tax_classes_change_seq_uq').on(t.changeSeq),
    check('tax_classes_rate_ck', sql`${t.rateBp} >= 0 AND ${t.rateBp} <= 100000`),
  ],
);

export const categories = pgTable(
  'categories',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    uniqueIndex('categories_name_uq').on(t.name).where(sql`${t.deletedAt} IS NULL`),
    index('categories_parent_idx').on(t.parentId),
    uniqueIndex('categories_change_seq_uq').on(t.changeSeq),
  ],
);

/**
 * The chain's catalogue (central wins). Stock is not here: it is per store (`stock_levels`).
 * No foreign keys to tax classes or categories: a row is applied from events in the order its
 * terminal wrote them, and a refused foreign key would stop that terminal's push for good.
 */
export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    taxClassId: text('tax_class_id').notNull(),
    categoryId: text('category_id'),
    active: boolean('active').notNull().default(true),
    tracksStock: boolean('tracks_stock').notNull().default(true),
    soldByWeight: boolean('sold_by_weight').notNull().default(false),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    uniqueIndex('products_sku_uq').on(t.sku),
    index('products_category_idx').on(t.categoryId),
    index('products_tax_class_idx').on(t.taxClassId),
    uniqueIndex('products_change_seq_uq').on(t.changeSeq),
    check('products_price_ck', sql`${t.priceMinor} >= 0`),
  ],
);

/**
 * Every barcode a product answers to (a code belongs to one product). Pulled with its product:
 * a change of a product's codes bumps the product's change_seq, and the pull sends the whole list
 * (as `product.upserted` does), so a removed code needs no tombstone here.
 */
export const productBarcodes = pgTable(
  'product_barcodes',
  {
    code: text('code').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('product_barcodes_product_idx').on(t.productId)],
);
