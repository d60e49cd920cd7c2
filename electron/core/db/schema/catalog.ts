import { relations, sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Tax classes: a named rate in basis points (2000 = 20.00 %). */
export const taxClasses = sqliteTable(
  'tax_classes',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    rateBp: integer('rate_bp').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('tax_classes_name_uq').on(t.name), check('tax_classes_rate_ck', sql`${t.rateBp} >= 0 AND ${t.rateBp} <= 100000`)],
);

export const categories = sqliteTable(
  'categories',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    parentId: text('parent_id').references((): ReturnType<typeof text> => categories.id as never),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('categories_name_uq').on(t.name), index('categories_parent_idx').on(t.parentId)],
);

/**
 * Products. `seq` is the local integer row key (stable across VACUUM, used as the FTS rowid);
 * `id` is the UUIDv7 that identifies the product everywhere else (central database, sales).
 */
export const products = sqliteTable(
  'products',
  {
    seq: integer('seq').primaryKey({ autoIncrement: false }),
    id: text('id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    // lower-cased, accent-free name for prefix search (computed in TypeScript on every write)
    nameKey: text('name_key').notNull(),
    priceMinor: integer('price_minor').notNull(),
    taxClassId: text('tax_class_id')
      .notNull()
      .references(() => taxClasses.id),
    categoryId: text('category_id').references(() => categories.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    tracksStock: integer('tracks_stock', { mode: 'boolean' }).notNull().default(true),
    // stock in the product's unit: pieces, or grams (thousandths of a kg) when sold by weight
    stockOnHand: integer('stock_on_hand').notNull().default(0),
    // priced per kg and sold by weight: sale quantities are grams
    soldByWeight: integer('sold_by_weight', { mode: 'boolean' }).notNull().default(false),
    // stock.low lists the product at or below this level (null: the threshold the manager asks with)
    reorderLevel: integer('reorder_level'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_id_uq').on(t.id),
    uniqueIndex('products_sku_uq').on(t.sku),
    index('products_name_key_idx').on(t.nameKey, t.seq),
    index('products_category_idx').on(t.categoryId, t.nameKey),
    index('products_tax_class_idx').on(t.taxClassId),
    check('products_price_ck', sql`${t.priceMinor} >= 0`),
  ],
);

/** Every barcode a product answers to (a product may have several; a code belongs to one product). */
export const productBarcodes = sqliteTable(
  'product_barcodes',
  {
    code: text('code').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('product_barcodes_product_idx').on(t.productId)],
);

// relations for the relational queries (db.query.*): product ↔ barcodes, category, tax class

export const taxClassesRelations = relations(taxClasses, ({ many }) => ({
  products: many(products),
}));

export const categoriesRelations = relations(categories, ({ one, many }) => ({
  parent: one(categories, { fields: [categories.parentId], references: [categories.id], relationName: 'categoryParent' }),
  children: many(categories, { relationName: 'categoryParent' }),
  products: many(products),
}));

export const productsRelations = relations(products, ({ one, many }) => ({
  taxClass: one(taxClasses, { fields: [products.taxClassId], references: [taxClasses.id] }),
  category: one(categories, { fields: [products.categoryId], references: [categories.id] }),
  barcodes: many(productBarcodes),
}));

export const productBarcodesRelations = relations(productBarcodes, ({ one }) => ({
  product: one(products, { fields: [productBarcodes.productId], references: [products.id] }),
}));
