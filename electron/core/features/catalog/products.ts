import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import { barcodeAliases, checkBarcode, readScaleLabel } from '../../../../src/shared/barcode';
import type { productSchema } from '../../../../src/shared/contract';
import { searchKey } from '../../../../src/shared/text';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext, type ReadDb } from '../../context';
import { categories, productBarcodes, products, type stockMovements, taxClasses } from '../../db/schema';
import { perConnection, rowDecoder, sqlOnly } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import { readSettings } from '../setup/settings';

export type Product = z.infer<typeof productSchema>;

const p = alias(products, 'p');
const b = alias(productBarcodes, 'b');
const t = alias(taxClasses, 't');
const c = alias(categories, 'c');

/**
 * The product read model in one row, in the order of Product: the product, its tax rate, its
 * category's name and its barcodes (oldest first). A select with joins, not
 * db.query.products.findFirst({ with: { barcodes, category, taxClass } }) (same result, one
 * statement too): drizzle binds a LIMIT ? for findFirst and for every one-relation, and SQLite
 * 3.53 prepares such a statement again each time it is bound — its SQL alone takes 42 µs a lookup
 * against 10 µs for this one (1M products, p50), and the router's whole lookup is 19 µs.
 */
const productFields = {
  id: p.id,
  sku: p.sku,
  name: p.name,
  priceMinor: p.priceMinor,
  taxClassId: p.taxClassId,
  taxRateBp: t.rateBp,
  categoryId: p.categoryId,
  categoryName: c.name,
  active: p.active,
  tracksStock: p.tracksStock,
  stockOnHand: p.stockOnHand,
  soldByWeight: p.soldByWeight,
  // drizzle has no group_concat: the codes come as one space-separated text, from their index
  barcodes:
    sql<string>`coalesce((SELECT group_concat(code, ' ') FROM (SELECT ${productBarcodes.code} FROM ${productBarcodes} WHERE ${productBarcodes.productId} = ${p.id} ORDER BY ${productBarcodes.createdAt}, ${productBarcodes.code})), '')`.mapWith(
      (codes: string): string[] => (codes ? codes.split(' ') : []),
    ),
  updatedAt: p.updatedAt,
};

const productById = (db: Pick<ReadDb, 'select'>) =>
  db
    .select(productFields)
    .from(p)
    .innerJoin(t, eq(t.id, p.taxClassId))
    .leftJoin(c, eq(c.id, p.categoryId))
    .where(eq(p.id, sql.placeholder('id')));

const productByBarcode = (db: Pick<ReadDb, 'select'>) =>
  db
    .select(productFields)
    .from(b)
    .innerJoin(p, eq(p.id, b.productId))
    .innerJoin(t, eq(t.id, p.taxClassId))
    .leftJoin(c, eq(c.id, p.categoryId))
    .where(eq(b.code, sql.placeholder('code')));

/** The SQL of the two product reads as the core prepares them (query-plan tests, benchmark baseline). */
export const PRODUCT_BY_ID_SQL = productById(sqlOnly).toSQL().sql;
export const PRODUCT_BY_BARCODE_SQL = productByBarcode(sqlOnly).toSQL().sql;

// (drizzle has no COLLATE: the name orders below are SQL)
const reads = perConnection((db) => ({
  productById: productById(db).prepare(),
  productByBarcode: productByBarcode(db).prepare(),
  categories: db
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .orderBy(sql`${categories.name} COLLATE NOCASE`)
    .prepare(),
  taxClasses: db
    .select({ id: taxClasses.id, name: taxClasses.name, rateBp: taxClasses.rateBp })
    .from(taxClasses)
    .orderBy(sql`${taxClasses.name} COLLATE NOCASE`)
    .prepare(),
}));

// drizzle's type of a row (`.get()`); read as array rows and decoded by rowDecoder: ~2 µs less a lookup
type ProductRow = NonNullable<ReturnType<ReturnType<typeof reads>['productById']['get']>>;
const decodeProduct = rowDecoder<ProductRow>(productFields);

/** The product of an array row of productFields, or undefined. */
function toProduct(values: unknown[] | undefined): Product | undefined {
  return values ? decodeProduct(values) : undefined;
}

/** One product by id, or NOT_FOUND. */
export function getProduct(ctx: ReadContext, id: string): Product {
  const product = toProduct(reads(ctx.db).productById.values({ id })[0]);
  if (!product) throw notFound('Product', id);
  return product;
}

/** Exact barcode lookup over every barcode of every product; EAN/UPC check digits are verified first. */
export function lookupBarcode(ctx: ReadContext, rawCode: string): Product {
  const code = rawCode.trim();
  const check = checkBarcode(code);
  if (!check.valid) {
    throw new AppError(
      'INVALID_BARCODE',
      `The barcode ${code} was misread: its last digit should be ${check.expected} for an ${check.kind}. Scan it again.`,
      {
        code,
        kind: check.kind,
        expectedCheckDigit: check.expected,
      },
    );
  }
  const statement = reads(ctx.db).productByBarcode;
  for (const alias of barcodeAliases(code)) {
    const product = toProduct(statement.values({ code: alias })[0]);
    if (product) return product;
  }
  throw new AppError('NOT_FOUND', `No product has the barcode ${code}.`, { code });
}

/**
 * What a scan at the till finds: the product of that exact barcode; else, for a weight label of
 * the store's scales, the product registered under the label's base code, with the label's grams.
 */
export function scanBarcode(ctx: ReadContext, rawCode: string): Product & { scaleGrams: number | null } {
  const code = rawCode.trim();
  try {
    return { ...lookupBarcode(ctx, code), scaleGrams: null };
  } catch (error) {
    const label =
      error instanceof AppError && error.code === 'NOT_FOUND' ? readScaleLabel(code, readSettings(ctx).scaleLabelPrefixes) : null;
    if (!label) throw error;
    const product = toProduct(reads(ctx.db).productByBarcode.values({ code: label.baseCode })[0]);
    if (!product) {
      throw new AppError('NOT_FOUND', `No product is registered for the scale label ${code} (item code ${label.baseCode}).`, {
        code,
        baseCode: label.baseCode,
      });
    }
    if (!product.soldByWeight) {
      throw new AppError('VALIDATION', `“${product.name}” is sold by the piece: a scale label cannot sell it by weight.`, {
        code,
        productId: product.id,
      });
    }
    return { ...product, scaleGrams: label.grams };
  }
}

export interface ProductInput {
  id?: string;
  sku: string;
  name: string;
  priceMinor: number;
  taxClassId: string;
  categoryId?: string | null;
  active?: boolean | undefined;
  tracksStock?: boolean | undefined;
  soldByWeight?: boolean | undefined;
  stockOnHand?: number | undefined;
  barcodes: string[];
}

function holderName(ctx: CoreContext, productId: string): string {
  return ctx.db.select({ name: products.name }).from(products).where(eq(products.id, productId)).get()?.name ?? productId;
}

/** Create or change a product with its barcodes. SKU and barcodes are unique: CONFLICT names the holder. */
export function upsertProduct(ctx: CoreContext, input: ProductInput, actorStaffId: string | null): Product {
  const now = ctx.now();
  const existing = input.id
    ? ctx.db
        .select({
          id: products.id,
          sku: products.sku,
          name: products.name,
          categoryId: products.categoryId,
          active: products.active,
          tracksStock: products.tracksStock,
          soldByWeight: products.soldByWeight,
          stockOnHand: products.stockOnHand,
        })
        .from(products)
        .where(eq(products.id, input.id))
        .get()
    : undefined;
  if (input.id && !existing) throw notFound('Product', input.id);
  // a flag left out keeps what is stored (a price change must not put a product back on sale or
  // turn a weighed product into a piece product); a new product is active, tracked, by the piece
  const active = input.active ?? existing?.active ?? true;
  const tracksStock = input.tracksStock ?? existing?.tracksStock ?? true;
  const soldByWeight = input.soldByWeight ?? existing?.soldByWeight ?? false;
  // pieces and grams are different units: switching needs the stock counted again, in the new unit
  if (existing && existing.soldByWeight !== soldByWeight && existing.stockOnHand !== 0 && input.stockOnHand === undefined) {
    throw new AppError(
      'VALIDATION',
      `Switching “${input.name}” ${soldByWeight ? 'to sold by weight' : 'to sold by the piece'} changes the unit of its stock: give the stock again (${soldByWeight ? 'in grams' : 'in pieces'}).`,
      { field: 'stockOnHand' },
    );
  }
  const id = existing?.id ?? uuidv7(now);

  const skuHolder = ctx.db.select({ id: products.id }).from(products).where(eq(products.sku, input.sku)).get();
  if (skuHolder && skuHolder.id !== id) {
    const holder = holderName(ctx, skuHolder.id);
    throw new AppError('CONFLICT', `The SKU ${input.sku} already belongs to “${holder}”.`, {
      field: 'sku',
      value: input.sku,
      holderId: skuHolder.id,
      holderName: holder,
    });
  }
  const barcodes = [...new Set(input.barcodes.map((b) => b.trim()))];
  for (const code of barcodes) {
    const check = checkBarcode(code);
    if (!check.valid) {
      throw new AppError('INVALID_BARCODE', `The barcode ${code} has a wrong check digit (it should end in ${check.expected}).`, {
        field: 'barcodes',
        value: code,
      });
    }
    for (const alias of barcodeAliases(code)) {
      const holder = ctx.db
        .select({ productId: productBarcodes.productId })
        .from(productBarcodes)
        .where(eq(productBarcodes.code, alias))
        .get();
      if (holder && holder.productId !== id) {
        const name = holderName(ctx, holder.productId);
        throw new AppError('CONFLICT', `The barcode ${code} already belongs to “${name}”.`, {
          field: 'barcodes',
          value: code,
          holderId: holder.productId,
          holderName: name,
        });
      }
    }
  }
  if (!ctx.db.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.id, input.taxClassId)).get()) {
    throw new AppError('NOT_FOUND', `Tax class ${input.taxClassId} does not exist.`, { field: 'taxClassId' });
  }
  if (input.categoryId && !ctx.db.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId)).get()) {
    throw new AppError('NOT_FOUND', `Category ${input.categoryId} does not exist.`, { field: 'categoryId' });
  }

  const fields = {
    sku: input.sku,
    name: input.name,
    priceMinor: input.priceMinor,
    taxClassId: input.taxClassId,
    categoryId: input.categoryId ?? null,
    active,
    tracksStock,
    soldByWeight,
  } satisfies ProductFields;
  writeProduct(
    ctx,
    {
      id,
      before: existing ? { ...existing, barcodes: storedBarcodes(ctx, id) } : null,
      fields,
      stockOnHand: input.stockOnHand,
      barcodes,
    },
    actorStaffId,
  );
  const product = getProduct(ctx, id);
  audit(ctx, {
    action: existing ? 'product.update' : 'product.create',
    actorStaffId,
    entity: 'product',
    entityId: id,
    details: { sku: product.sku, priceMinor: product.priceMinor },
  });
  return product;
}

/** The columns of a product a write sets (besides stock and barcodes). */
export interface ProductFields {
  sku: string;
  name: string;
  priceMinor: number;
  taxClassId: string;
  categoryId: string | null;
  active: boolean;
  tracksStock: boolean;
  soldByWeight: boolean;
}

/** One product to write: already validated (SKU and barcodes free, tax class and category existing). */
export interface ProductWrite {
  id: string;
  /** the stored product before the write; null inserts it */
  before: {
    sku: string;
    name: string;
    categoryId: string | null;
    soldByWeight: boolean;
    stockOnHand: number;
    /** its codes, oldest first */
    barcodes: readonly string[];
  } | null;
  fields: ProductFields;
  /** undefined keeps the stored stock (a new product starts at 0) */
  stockOnHand?: number | undefined;
  /** the whole list of codes; undefined keeps the stored ones */
  barcodes?: readonly string[] | undefined;
}

// Prepared SQL, not drizzle inserts: an import runs these 100,000 times in one transaction, and
// catalog.upsertProduct runs the same ones (one writer for both). Column lists typed by the schema below.
// the search index is rebuilt by a trigger on UPDATE OF name, sku, category_id: when none of them
// changes (a price or stock update) the narrower statement leaves the index alone
const UPDATE_PRODUCT = `UPDATE products SET sku = ?, name = ?, name_key = ?, category_id = ?, price_minor = ?, tax_class_id = ?, active = ?,
  tracks_stock = ?, sold_by_weight = ?, stock_on_hand = coalesce(?, stock_on_hand), updated_at = ? WHERE id = ?`;
const UPDATE_PRODUCT_UNINDEXED = `UPDATE products SET price_minor = ?, tax_class_id = ?, active = ?, tracks_stock = ?, sold_by_weight = ?,
  stock_on_hand = coalesce(?, stock_on_hand), updated_at = ? WHERE id = ?`;
const INSERT_BARCODE = 'INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)';
const DELETE_BARCODE = 'DELETE FROM product_barcodes WHERE code = ?';
const BARCODES_OF = 'SELECT code FROM product_barcodes WHERE product_id = ? ORDER BY created_at, code';
const INSERT_STOCK_MOVEMENT = `INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at, batch_id, note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Take off, now, the codes an update of `write` drops, and answer the write without them: a batch
 * of writes (an import) does this for all its updates first, so a code may move from one product
 * to another whichever of the two comes first.
 */
export function releaseDroppedBarcodes(ctx: CoreContext, write: ProductWrite): ProductWrite {
  if (write.before === null || write.barcodes === undefined) return write;
  const wanted = write.barcodes;
  const kept = write.before.barcodes.filter((code) => wanted.includes(code));
  if (kept.length === write.before.barcodes.length) return write;
  for (const code of write.before.barcodes) if (!wanted.includes(code)) prepared(ctx.sqlite, DELETE_BARCODE).run(code);
  return { ...write, before: { ...write.before, barcodes: kept } };
}

/** A product's codes, oldest first. */
export function storedBarcodes(ctx: ReadContext, productId: string): string[] {
  return prepared<[string], string>(ctx.sqlite, BARCODES_OF).pluck().all(productId);
}

/**
 * Write one validated product — row, barcodes (the search index follows by trigger), its
 * product.upserted event, and a stock movement with its stock.moved event when its stock changes —
 * in the caller's transaction. Not audited (callers audit: one row a product, or one an import).
 * Returns the stock movements written.
 */
export function writeProduct(ctx: CoreContext, write: ProductWrite, staffId: string | null): number {
  return writeProducts(ctx, [write], staffId);
}

// new products go in PRODUCTS_PER_STATEMENT at a time: FTS5 writes its pending terms out as a
// segment at every statement boundary, so one INSERT a product writes one tiny segment a product
// (and keeps merging them); one INSERT of many rows writes one (see seed.ts, measured there ~1.8×)
const PRODUCTS_PER_STATEMENT = 500;
const INSERT_PRODUCTS_JSON = `INSERT INTO products (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock,
  sold_by_weight, stock_on_hand, created_at, updated_at)
  SELECT r.value->>0, r.value->>1, r.value->>2, r.value->>3, r.value->>4, r.value->>5, r.value->>6, r.value->>7, r.value->>8,
    r.value->>9, r.value->>10, r.value->>11, r.value->>12
  FROM json_each(?) r ORDER BY r.key`;
const INSERT_BARCODES_JSON = `INSERT INTO product_barcodes (code, product_id, created_at)
  SELECT r.value->>0, r.value->>1, r.value->>2 FROM json_each(?) r ORDER BY r.key`;

/**
 * writeProduct for many products at once (an import), in the caller's transaction. New products
 * go in with multi-row statements; with `barcodesFirst` (the caller set PRAGMA defer_foreign_keys)
 * their codes go in before them, so the search index is written once a product rather than once a
 * code. Each product's event and stock movements follow, as writeProduct writes them.
 */
export function writeProducts(ctx: CoreContext, writes: readonly ProductWrite[], staffId: string | null, barcodesFirst = false): number {
  const now = ctx.now();
  const bool = (b: boolean) => (b ? 1 : 0);
  const fresh = writes.filter((w) => w.before === null);
  for (let i = 0; i < fresh.length; i += PRODUCTS_PER_STATEMENT) {
    const chunk = fresh.slice(i, i + PRODUCTS_PER_STATEMENT);
    const codes = JSON.stringify(chunk.flatMap((w) => (w.barcodes ?? []).map((code) => [code, w.id, now])));
    const rows = chunk.map((w) => [
      w.id,
      w.fields.sku,
      w.fields.name,
      searchKey(w.fields.name),
      w.fields.priceMinor,
      w.fields.taxClassId,
      w.fields.categoryId,
      bool(w.fields.active),
      bool(w.fields.tracksStock),
      bool(w.fields.soldByWeight),
      w.stockOnHand ?? 0,
      now,
      now,
    ]);
    if (barcodesFirst) prepared(ctx.sqlite, INSERT_BARCODES_JSON).run(codes);
    prepared(ctx.sqlite, INSERT_PRODUCTS_JSON).run(JSON.stringify(rows));
    if (!barcodesFirst) prepared(ctx.sqlite, INSERT_BARCODES_JSON).run(codes);
  }
  for (const { id, before, fields, ...write } of writes) {
    if (before === null) continue;
    const stock = write.stockOnHand ?? null;
    if (before.name === fields.name && before.sku === fields.sku && before.categoryId === fields.categoryId) {
      prepared(ctx.sqlite, UPDATE_PRODUCT_UNINDEXED).run(
        fields.priceMinor,
        fields.taxClassId,
        bool(fields.active),
        bool(fields.tracksStock),
        bool(fields.soldByWeight),
        stock,
        now,
        id,
      );
    } else {
      prepared(ctx.sqlite, UPDATE_PRODUCT).run(
        fields.sku,
        fields.name,
        searchKey(fields.name),
        fields.categoryId,
        fields.priceMinor,
        fields.taxClassId,
        bool(fields.active),
        bool(fields.tracksStock),
        bool(fields.soldByWeight),
        stock,
        now,
        id,
      );
    }
    if (write.barcodes) {
      const wanted = write.barcodes;
      for (const code of before.barcodes) if (!wanted.includes(code)) prepared(ctx.sqlite, DELETE_BARCODE).run(code);
      for (const code of wanted) if (!before.barcodes.includes(code)) prepared(ctx.sqlite, INSERT_BARCODE).run(code, id, now);
    }
  }
  let movements = 0;
  for (const write of writes) {
    const { id, before, fields } = write;
    const barcodes = before === null && write.barcodes && write.barcodes.length <= 1 ? [...write.barcodes] : storedBarcodes(ctx, id);
    emitEvent(ctx, 'product.upserted', id, { v: 1, id, ...fields, barcodes, updatedAt: now });
    // stock given with the product is a stock movement like any other (a count or a correction);
    // a change of unit takes the old stock out in the old unit and puts the new one in
    const stockBefore = before?.stockOnHand ?? 0;
    const stockAfter = write.stockOnHand ?? stockBefore;
    const unitChanged = before !== null && before.soldByWeight !== fields.soldByWeight;
    if (unitChanged && stockBefore !== 0) {
      recordStockAdjustment(ctx, id, -stockBefore, 0, staffId);
      movements++;
    }
    const fromBefore = unitChanged ? 0 : stockBefore;
    if (stockAfter !== fromBefore) {
      recordStockAdjustment(ctx, id, stockAfter - fromBefore, stockAfter, staffId);
      movements++;
    }
  }
  return movements;
}

/** Take a product off sale (or back on); audited and queued for sync. */
export function setProductActive(ctx: CoreContext, id: string, active: boolean, actorStaffId: string | null): Product {
  const result = ctx.db.update(products).set({ active, updatedAt: ctx.now() }).where(eq(products.id, id)).run();
  if (result.changes === 0) throw notFound('Product', id);
  const product = getProduct(ctx, id);
  audit(ctx, { action: active ? 'product.activate' : 'product.deactivate', actorStaffId, entity: 'product', entityId: id });
  emitProduct(ctx, product);
  return product;
}

/** The product.upserted event (stock travels as stock movements, not with the product). */
function emitProduct(ctx: CoreContext, product: Product): void {
  emitEvent(ctx, 'product.upserted', product.id, { v: 1, ...product });
}

/** A change of stock outside a sale or refund: a stock movement (reason adjustment) and its event. */
function recordStockAdjustment(ctx: CoreContext, productId: string, delta: number, stockAfter: number, staffId: string | null): void {
  const now = ctx.now();
  const movement = {
    id: uuidv7(now),
    productId,
    delta,
    reason: 'adjustment',
    saleId: null,
    saleLineId: null,
    staffId,
    createdAt: now,
  } satisfies typeof stockMovements.$inferInsert;
  prepared(ctx.sqlite, INSERT_STOCK_MOVEMENT).run(movement.id, productId, delta, movement.reason, null, null, staffId, now, null, null);
  emitEvent(ctx, 'stock.moved', movement.id, { v: 1, ...movement, stockAfter });
}

/** All categories by name. */
export function listCategories(ctx: ReadContext) {
  return reads(ctx.db).categories.all();
}

/** All tax classes by name. */
export function listTaxClasses(ctx: ReadContext) {
  return reads(ctx.db).taxClasses.all();
}

/** Create or rename a category (names are unique). */
export function upsertCategory(
  ctx: CoreContext,
  input: { id?: string; name: string; parentId?: string | null },
  actorStaffId: string | null,
) {
  const now = ctx.now();
  const holder = ctx.db.select({ id: categories.id }).from(categories).where(eq(categories.name, input.name)).get();
  if (holder && holder.id !== input.id)
    throw new AppError('CONFLICT', `There is already a category called ${input.name}.`, { field: 'name', holderId: holder.id });
  if (input.parentId && !ctx.db.select({ id: categories.id }).from(categories).where(eq(categories.id, input.parentId)).get()) {
    throw new AppError('NOT_FOUND', `Category ${input.parentId} does not exist.`, { field: 'parentId' });
  }
  let id = input.id;
  if (id) {
    if (input.parentId === id) throw new AppError('VALIDATION', 'A category cannot be its own parent.', { field: 'parentId' });
    const result = ctx.db
      .update(categories)
      .set({ name: input.name, parentId: input.parentId ?? null, updatedAt: now })
      .where(eq(categories.id, id))
      .run();
    if (result.changes === 0) throw notFound('Category', id);
  } else {
    id = uuidv7(now);
    ctx.db
      .insert(categories)
      .values({ id, name: input.name, parentId: input.parentId ?? null, createdAt: now, updatedAt: now })
      .run();
  }
  audit(ctx, { action: 'category.upsert', actorStaffId, entity: 'category', entityId: id, details: { name: input.name } });
  const category = { id, name: input.name, parentId: input.parentId ?? null };
  emitEvent(ctx, 'category.upserted', id, { v: 1, ...category });
  return category;
}

/** Create or change a tax class (names are unique; rate in basis points). */
export function upsertTaxClass(ctx: CoreContext, input: { id?: string; name: string; rateBp: number }, actorStaffId: string | null) {
  const now = ctx.now();
  const holder = ctx.db.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.name, input.name)).get();
  if (holder && holder.id !== input.id)
    throw new AppError('CONFLICT', `There is already a tax class called ${input.name}.`, { field: 'name', holderId: holder.id });
  let id = input.id;
  if (id) {
    const result = ctx.db
      .update(taxClasses)
      .set({ name: input.name, rateBp: input.rateBp, updatedAt: now })
      .where(eq(taxClasses.id, id))
      .run();
    if (result.changes === 0) throw notFound('Tax class', id);
  } else {
    id = uuidv7(now);
    ctx.db.insert(taxClasses).values({ id, name: input.name, rateBp: input.rateBp, createdAt: now, updatedAt: now }).run();
  }
  audit(ctx, {
    action: 'taxClass.upsert',
    actorStaffId,
    entity: 'tax_class',
    entityId: id,
    details: { name: input.name, rateBp: input.rateBp },
  });
  const taxClass = { id, name: input.name, rateBp: input.rateBp };
  emitEvent(ctx, 'taxClass.upserted', id, { v: 1, ...taxClass });
  return taxClass;
}
