import { relations, sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { staff } from './staff';

/** A stock count: open while products are counted, then applied (differences become movements) or cancelled. */
export const stockCounts = sqliteTable(
  'stock_counts',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['open', 'applied', 'cancelled'] })
      .notNull()
      .default('open'),
    note: text('note'),
    startedBy: text('started_by').references(() => staff.id),
    startedAt: integer('started_at').notNull(),
    closedBy: text('closed_by').references(() => staff.id),
    closedAt: integer('closed_at'),
  },
  (t) => [
    // one count at a time: two open counts could correct the same product twice
    uniqueIndex('stock_counts_one_open_uq').on(t.status).where(sql`${t.status} = 'open'`),
    index('stock_counts_started_idx').on(t.startedAt),
    check('stock_counts_status_ck', sql`${t.status} IN ('open', 'applied', 'cancelled')`),
  ],
);

/**
 * What was counted of one product in a count. `expected` is the stock on hand when the product's
 * count was (re)started: sales made after it are not on the shelf the counter saw, so applying
 * moves the stock by counted − expected rather than setting it to counted.
 */
export const stockCountLines = sqliteTable(
  'stock_count_lines',
  {
    countId: text('count_id')
      .notNull()
      .references(() => stockCounts.id),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    counted: integer('counted').notNull(),
    expected: integer('expected').notNull(),
    recordedBy: text('recorded_by').references(() => staff.id),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.countId, t.productId] }),
    index('stock_count_lines_product_idx').on(t.productId),
    check('stock_count_lines_counted_ck', sql`${t.counted} >= 0`),
  ],
);

export const stockCountsRelations = relations(stockCounts, ({ many }) => ({
  lines: many(stockCountLines),
}));

export const stockCountLinesRelations = relations(stockCountLines, ({ one }) => ({
  count: one(stockCounts, { fields: [stockCountLines.countId], references: [stockCounts.id] }),
  product: one(products, { fields: [stockCountLines.productId], references: [products.id] }),
}));
