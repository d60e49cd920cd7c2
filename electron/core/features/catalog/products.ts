import type { z } from 'zod';
import { barcodeAliases, checkBarcode, readScaleLabel } from '../../../../src/shared/barcode';
import type { productSchema } from '../../../../src/shared/contract';
import { searchKey } from '../../../../src/shared/text';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { AppError, notFound } from '../../errors';
import { readSettings } from '../setup/settings';

export type Product = z.infer<typeof productSchema>;

interface ProductRecord {
  seq: number;
  id: string;
  sku: string;
  name: string;
  price_minor: number;
  tax_class_id: string;
  rate_bp: number;
  category_id: string | null;
  category_name: string | null;
  active: number;
  tracks_stock: number;
  stock_on_hand: number;
  sold_by_weight: number;
  updated_at: number;
  codes: string | null;
}

const PRODUCT_COLUMNS = `p.seq, p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.category_id, c.name AS category_name,
  p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight, p.updated_at,
  (SELECT group_concat(code, ' ') FROM (SELECT code FROM product_barcodes WHERE product_id = p.id ORDER BY created_at, code)) AS codes`;
const PRODUCT_FROM = `FROM products p JOIN tax_classes t ON t.id = p.tax_class_id LEFT JOIN categories c ON c.id = p.category_id`;
export const PRODUCT_BY_ID_SQL = `SELECT ${PRODUCT_COLUMNS} ${PRODUCT_FROM} WHERE p.id = ?`;
export const PRODUCT_BY_BARCODE_SQL = `SELECT ${PRODUCT_COLUMNS} FROM product_barcodes b JOIN products p ON p.id = b.product_id JOIN tax_classes t ON t.id = p.tax_class_id LEFT JOIN categories c ON c.id = p.category_id WHERE b.code = ?`;

function toProduct(record: ProductRecord): Product {
  return {
    id: record.id,
    sku: record.sku,
    name: record.name,
    priceMinor: record.price_minor,
    taxClassId: record.tax_class_id,
    taxRateBp: record.rate_bp,
    categoryId: record.category_id,
    categoryName: record.category_name,
    active: record.active === 1,
    tracksStock: record.tracks_stock === 1,
    stockOnHand: record.stock_on_hand,
    soldByWeight: record.sold_by_weight === 1,
    barcodes: record.codes ? record.codes.split(' ') : [],
    updatedAt: record.updated_at,
  };
}

/** One product by id, or NOT_FOUND. */
export function getProduct(ctx: CoreContext, id: string): Product {
  const record = prepared<[string], ProductRecord>(ctx.sqlite, PRODUCT_BY_ID_SQL).get(id);
  if (!record) throw notFound('Product', id);
  return toProduct(record);
}

/** Exact barcode lookup over every barcode of every product; EAN/UPC check digits are verified first. */
export function lookupBarcode(ctx: CoreContext, rawCode: string): Product {
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
  const statement = prepared<[string], ProductRecord>(ctx.sqlite, PRODUCT_BY_BARCODE_SQL);
  for (const alias of barcodeAliases(code)) {
    const record = statement.get(alias);
    if (record) return toProduct(record);
  }
  throw new AppError('NOT_FOUND', `No product has the barcode ${code}.`, { code });
}

/**
 * What a scan at the till finds: the product of that exact barcode; else, for a weight label of
 * the store's scales, the product registered under the label's base code, with the label's grams.
 */
export function scanBarcode(ctx: CoreContext, rawCode: string): Product & { scaleGrams: number | null } {
  const code = rawCode.trim();
  try {
    return { ...lookupBarcode(ctx, code), scaleGrams: null };
  } catch (error) {
    const label =
      error instanceof AppError && error.code === 'NOT_FOUND' ? readScaleLabel(code, readSettings(ctx).scaleLabelPrefixes) : null;
    if (!label) throw error;
    const record = prepared<[string], ProductRecord>(ctx.sqlite, PRODUCT_BY_BARCODE_SQL).get(label.baseCode);
    if (!record) {
      throw new AppError('NOT_FOUND', `No product is registered for the scale label ${code} (item code ${label.baseCode}).`, {
        code,
        baseCode: label.baseCode,
      });
    }
    const product = toProduct(record);
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
  return prepared<[string], { name: string }>(ctx.sqlite, 'SELECT name FROM products WHERE id = ?').get(productId)?.name ?? productId;
}

/** Create or change a product with its barcodes. SKU and barcodes are unique: CONFLICT names the holder. */
export function upsertProduct(ctx: CoreContext, input: ProductInput, actorStaffId: string | null): Product {
  const now = ctx.now();
  const existing = input.id
    ? prepared<[string], { seq: number; id: string; active: number; tracks_stock: number; sold_by_weight: number; stock_on_hand: number }>(
        ctx.sqlite,
        'SELECT seq, id, active, tracks_stock, sold_by_weight, stock_on_hand FROM products WHERE id = ?',
      ).get(input.id)
    : undefined;
  if (input.id && !existing) throw notFound('Product', input.id);
  // a flag left out keeps what is stored (a price change must not put a product back on sale or
  // turn a weighed product into a piece product); a new product is active, tracked, by the piece
  const active = input.active ?? (existing ? existing.active === 1 : true);
  const tracksStock = input.tracksStock ?? (existing ? existing.tracks_stock === 1 : true);
  const soldByWeight = input.soldByWeight ?? (existing ? existing.sold_by_weight === 1 : false);
  // pieces and grams are different units: switching needs the stock counted again, in the new unit
  if (existing && (existing.sold_by_weight === 1) !== soldByWeight && existing.stock_on_hand !== 0 && input.stockOnHand === undefined) {
    throw new AppError(
      'VALIDATION',
      `Switching “${input.name}” ${soldByWeight ? 'to sold by weight' : 'to sold by the piece'} changes the unit of its stock: give the stock again (${soldByWeight ? 'in grams' : 'in pieces'}).`,
      { field: 'stockOnHand' },
    );
  }
  const id = existing?.id ?? uuidv7(now);

  const skuHolder = prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM products WHERE sku = ?').get(input.sku);
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
      const holder = prepared<[string], { product_id: string }>(ctx.sqlite, 'SELECT product_id FROM product_barcodes WHERE code = ?').get(
        alias,
      );
      if (holder && holder.product_id !== id) {
        const name = holderName(ctx, holder.product_id);
        throw new AppError('CONFLICT', `The barcode ${code} already belongs to “${name}”.`, {
          field: 'barcodes',
          value: code,
          holderId: holder.product_id,
          holderName: name,
        });
      }
    }
  }
  if (!prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM tax_classes WHERE id = ?').get(input.taxClassId)) {
    throw new AppError('NOT_FOUND', `Tax class ${input.taxClassId} does not exist.`, { field: 'taxClassId' });
  }
  if (input.categoryId && !prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM categories WHERE id = ?').get(input.categoryId)) {
    throw new AppError('NOT_FOUND', `Category ${input.categoryId} does not exist.`, { field: 'categoryId' });
  }

  if (existing) {
    prepared(
      ctx.sqlite,
      `UPDATE products SET sku = ?, name = ?, name_key = ?, price_minor = ?, tax_class_id = ?, category_id = ?, active = ?, tracks_stock = ?,
         sold_by_weight = ?, stock_on_hand = coalesce(?, stock_on_hand), updated_at = ? WHERE id = ?`,
    ).run(
      input.sku,
      input.name,
      searchKey(input.name),
      input.priceMinor,
      input.taxClassId,
      input.categoryId ?? null,
      active ? 1 : 0,
      tracksStock ? 1 : 0,
      soldByWeight ? 1 : 0,
      input.stockOnHand ?? null,
      now,
      id,
    );
    const current = prepared<[string], { code: string }>(ctx.sqlite, 'SELECT code FROM product_barcodes WHERE product_id = ?')
      .all(id)
      .map((r) => r.code);
    for (const code of current) if (!barcodes.includes(code)) prepared(ctx.sqlite, 'DELETE FROM product_barcodes WHERE code = ?').run(code);
    for (const code of barcodes) {
      if (!current.includes(code))
        prepared(ctx.sqlite, 'INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)').run(code, id, now);
    }
  } else {
    prepared(
      ctx.sqlite,
      `INSERT INTO products (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, stock_on_hand, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.sku,
      input.name,
      searchKey(input.name),
      input.priceMinor,
      input.taxClassId,
      input.categoryId ?? null,
      active ? 1 : 0,
      tracksStock ? 1 : 0,
      soldByWeight ? 1 : 0,
      input.stockOnHand ?? 0,
      now,
      now,
    );
    for (const code of barcodes)
      prepared(ctx.sqlite, 'INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)').run(code, id, now);
  }
  const product = getProduct(ctx, id);
  audit(ctx, {
    action: existing ? 'product.update' : 'product.create',
    actorStaffId,
    entity: 'product',
    entityId: id,
    details: { sku: product.sku, priceMinor: product.priceMinor },
  });
  emitProduct(ctx, product);
  // stock given with the product is a stock movement like any other (a count or a correction);
  // a change of unit takes the old stock out in the old unit and puts the new one in
  const before = existing?.stock_on_hand ?? 0;
  const unitChanged = existing !== undefined && (existing.sold_by_weight === 1) !== soldByWeight;
  if (unitChanged && before !== 0) recordStockAdjustment(ctx, id, -before, 0, actorStaffId);
  const fromBefore = unitChanged ? 0 : before;
  if (product.stockOnHand !== fromBefore)
    recordStockAdjustment(ctx, id, product.stockOnHand - fromBefore, product.stockOnHand, actorStaffId);
  return product;
}

/** Take a product off sale (or back on); audited and queued for sync. */
export function setProductActive(ctx: CoreContext, id: string, active: boolean, actorStaffId: string | null): Product {
  const result = prepared(ctx.sqlite, 'UPDATE products SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.now(), id);
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
  const id = uuidv7(now);
  prepared(
    ctx.sqlite,
    "INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at) VALUES (?, ?, ?, 'adjustment', NULL, NULL, ?, ?)",
  ).run(id, productId, delta, staffId, now);
  emitEvent(ctx, 'stock.moved', id, {
    v: 1,
    id,
    productId,
    delta,
    reason: 'adjustment',
    saleId: null,
    saleLineId: null,
    staffId,
    createdAt: now,
    stockAfter,
  });
}

/** All categories by name. */
export function listCategories(ctx: CoreContext) {
  return prepared<[], { id: string; name: string; parentId: string | null }>(
    ctx.sqlite,
    'SELECT id, name, parent_id AS parentId FROM categories ORDER BY name COLLATE NOCASE',
  ).all();
}

/** All tax classes by name. */
export function listTaxClasses(ctx: CoreContext) {
  return prepared<[], { id: string; name: string; rateBp: number }>(
    ctx.sqlite,
    'SELECT id, name, rate_bp AS rateBp FROM tax_classes ORDER BY name COLLATE NOCASE',
  ).all();
}

/** Create or rename a category (names are unique). */
export function upsertCategory(
  ctx: CoreContext,
  input: { id?: string; name: string; parentId?: string | null },
  actorStaffId: string | null,
) {
  const now = ctx.now();
  const holder = prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM categories WHERE name = ?').get(input.name);
  if (holder && holder.id !== input.id)
    throw new AppError('CONFLICT', `There is already a category called ${input.name}.`, { field: 'name', holderId: holder.id });
  if (input.parentId && !prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM categories WHERE id = ?').get(input.parentId)) {
    throw new AppError('NOT_FOUND', `Category ${input.parentId} does not exist.`, { field: 'parentId' });
  }
  let id = input.id;
  if (id) {
    if (input.parentId === id) throw new AppError('VALIDATION', 'A category cannot be its own parent.', { field: 'parentId' });
    const result = prepared(ctx.sqlite, 'UPDATE categories SET name = ?, parent_id = ?, updated_at = ? WHERE id = ?').run(
      input.name,
      input.parentId ?? null,
      now,
      id,
    );
    if (result.changes === 0) throw notFound('Category', id);
  } else {
    id = uuidv7(now);
    prepared(ctx.sqlite, 'INSERT INTO categories (id, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      input.name,
      input.parentId ?? null,
      now,
      now,
    );
  }
  audit(ctx, { action: 'category.upsert', actorStaffId, entity: 'category', entityId: id, details: { name: input.name } });
  const category = { id, name: input.name, parentId: input.parentId ?? null };
  emitEvent(ctx, 'category.upserted', id, { v: 1, ...category });
  return category;
}

/** Create or change a tax class (names are unique; rate in basis points). */
export function upsertTaxClass(ctx: CoreContext, input: { id?: string; name: string; rateBp: number }, actorStaffId: string | null) {
  const now = ctx.now();
  const holder = prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM tax_classes WHERE name = ?').get(input.name);
  if (holder && holder.id !== input.id)
    throw new AppError('CONFLICT', `There is already a tax class called ${input.name}.`, { field: 'name', holderId: holder.id });
  let id = input.id;
  if (id) {
    const result = prepared(ctx.sqlite, 'UPDATE tax_classes SET name = ?, rate_bp = ?, updated_at = ? WHERE id = ?').run(
      input.name,
      input.rateBp,
      now,
      id,
    );
    if (result.changes === 0) throw notFound('Tax class', id);
  } else {
    id = uuidv7(now);
    prepared(ctx.sqlite, 'INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      input.name,
      input.rateBp,
      now,
      now,
    );
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
