// The one product writer: upsertProduct and the CSV import write products, their barcodes (and
// the FTS index through the products table's triggers), product events and stock movements here.
import { searchKey } from '../../../../src/shared/text';
import { uuidv7 } from '../../../../src/shared/uuid';
import { emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext } from '../../context';
import type { stockMovements } from '../../db/schema';

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
