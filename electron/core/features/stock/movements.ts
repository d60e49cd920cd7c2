import { and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { adjustReasonSchema, stockLevelSchema, stockMovementSchema, stockReasonSchema } from '../../../../src/shared/contract';
import { formatKg } from '../../../../src/shared/quantity';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext } from '../../context';
import { products, staff, stockMovements } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import { lookupBarcode } from '../catalog/products';

export type StockMovement = z.infer<typeof stockMovementSchema>;
export type StockLevel = z.infer<typeof stockLevelSchema>;
export type StockReason = z.infer<typeof stockReasonSchema>;
export type AdjustReason = z.infer<typeof adjustReasonSchema>;

/** A product as the stock channels name it: by id, or by a scanned barcode. */
export interface ProductRef {
  productId?: string | undefined;
  barcode?: string | undefined;
}

const placeholder = sql.placeholder;

const levelFields = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  soldByWeight: products.soldByWeight,
  stockOnHand: products.stockOnHand,
  reorderLevel: products.reorderLevel,
};

const movementFields = {
  id: stockMovements.id,
  productId: stockMovements.productId,
  sku: products.sku,
  name: products.name,
  soldByWeight: products.soldByWeight,
  delta: stockMovements.delta,
  reason: stockMovements.reason,
  note: stockMovements.note,
  batchId: stockMovements.batchId,
  saleId: stockMovements.saleId,
  staffId: stockMovements.staffId,
  staffName: staff.name,
  createdAt: stockMovements.createdAt,
};

const reads = perConnection((db) => ({
  level: db
    .select({ ...levelFields, tracksStock: products.tracksStock })
    .from(products)
    .where(eq(products.id, placeholder('id')))
    .prepare(),
  batch: db
    .select(movementFields)
    .from(stockMovements)
    .innerJoin(products, eq(products.id, stockMovements.productId))
    .leftJoin(staff, eq(staff.id, stockMovements.staffId))
    .where(eq(stockMovements.batchId, placeholder('batchId')))
    .orderBy(stockMovements.id)
    .prepare(),
}));

/** A product's stock level (and whether it tracks stock), or NOT_FOUND. */
export function stockLevel(ctx: ReadContext, productId: string): StockLevel & { tracksStock: boolean } {
  const row = reads(ctx.db).level.get({ id: productId });
  if (!row) throw notFound('Product', productId);
  return row;
}

/** The product id of a ref: the id as given (checked), or the product of the barcode. */
export function resolveProduct(ctx: ReadContext, ref: ProductRef): string {
  if (ref.productId !== undefined) return stockLevel(ctx, ref.productId).id;
  if (ref.barcode !== undefined) return lookupBarcode(ctx, ref.barcode).id;
  throw new AppError('VALIDATION', 'Name the product by its id or by a barcode.');
}

/** "12" or, for a product sold by weight, "1.250 kg". */
export function quantityText(quantity: number, soldByWeight: boolean): string {
  return soldByWeight ? `${formatKg(quantity)} kg` : String(quantity);
}

const INSERT_MOVEMENT = `INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at, batch_id, note)
  VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)`;
const MOVE_STOCK = 'UPDATE products SET stock_on_hand = stock_on_hand + ? WHERE id = ? RETURNING stock_on_hand';

/**
 * Move one product's stock outside a sale (in the caller's transaction): the cached level, the
 * movement row and its stock.moved (v2) event land together. Returns the stock after it.
 */
export function postStockMovement(
  ctx: CoreContext,
  movement: { productId: string; delta: number; reason: StockReason; staffId: string | null; batchId: string | null; note: string | null },
): number {
  const now = ctx.now();
  const id = uuidv7(now);
  const after = prepared<[number, string], { stock_on_hand: number }>(ctx.sqlite, MOVE_STOCK).get(movement.delta, movement.productId);
  if (!after) throw notFound('Product', movement.productId);
  prepared(ctx.sqlite, INSERT_MOVEMENT).run(
    id,
    movement.productId,
    movement.delta,
    movement.reason,
    movement.staffId,
    now,
    movement.batchId,
    movement.note,
  );
  emitEvent(ctx, 'stock.moved', id, {
    v: 2,
    id,
    productId: movement.productId,
    delta: movement.delta,
    reason: movement.reason,
    saleId: null,
    saleLineId: null,
    staffId: movement.staffId,
    createdAt: now,
    batchId: movement.batchId,
    note: movement.note,
    stockAfter: after.stock_on_hand,
  });
  return after.stock_on_hand;
}

/** The movements written under one batch id (a receive or adjust call, a count), oldest first. */
function batchMovements(ctx: ReadContext, batchId: string): StockMovement[] {
  return reads(ctx.db).batch.all({ batchId });
}

/** A retried call (same id): its stored movements when they are what is asked again; CONFLICT when the id was used for something else. */
function replayed(
  ctx: ReadContext,
  batchId: string,
  asked: { productId: string; delta: number; reason: StockReason }[],
): StockMovement[] | null {
  const stored = batchMovements(ctx, batchId);
  if (stored.length === 0) return null;
  const key = (m: { productId: string; delta: number; reason: string }) => `${m.productId}:${m.delta}:${m.reason}`;
  const same = stored.length === asked.length && stored.map(key).sort().join('|') === asked.map(key).sort().join('|');
  if (!same)
    throw new AppError('CONFLICT', 'This request id was already used for a different stock change: nothing was changed.', { id: batchId });
  return stored;
}

function requireTracked(level: StockLevel & { tracksStock: boolean }): void {
  if (!level.tracksStock)
    throw new AppError('VALIDATION', `“${level.name}” does not track stock: turn stock tracking on for it first.`, { productId: level.id });
}

/** stock.receive: a delivery, one movement (reason receipt) a line; idempotent by `id`. */
export function receiveStock(
  ctx: CoreContext,
  input: { id: string; lines: (ProductRef & { quantity: number })[]; note?: string | undefined },
  staffId: string | null,
): { batchId: string; movements: StockMovement[]; products: StockLevel[] } {
  const lines = input.lines.map((line) => ({ productId: resolveProduct(ctx, line), delta: line.quantity, reason: 'receipt' as const }));
  const seen = new Set<string>();
  for (const line of lines) {
    const level = stockLevel(ctx, line.productId);
    if (seen.has(line.productId))
      throw new AppError('VALIDATION', `“${level.name}” is on two lines: give its whole quantity on one.`, { productId: line.productId });
    seen.add(line.productId);
  }
  const again = replayed(ctx, input.id, lines);
  const levels = () => [...seen].map((id) => levelOnly(stockLevel(ctx, id)));
  if (again) return { batchId: input.id, movements: again, products: levels() };
  for (const line of lines) requireTracked(stockLevel(ctx, line.productId));
  for (const line of lines)
    postStockMovement(ctx, { ...line, staffId, batchId: input.id, note: input.note?.trim() ? input.note.trim() : null });
  audit(ctx, {
    action: 'stock.receive',
    actorStaffId: staffId,
    entity: 'stock_batch',
    entityId: input.id,
    details: { lines: lines.length, quantity: lines.reduce((sum, l) => sum + l.delta, 0) },
  });
  return { batchId: input.id, movements: batchMovements(ctx, input.id), products: levels() };
}

function levelOnly(level: StockLevel & { tracksStock?: boolean }): StockLevel {
  return {
    id: level.id,
    sku: level.sku,
    name: level.name,
    soldByWeight: level.soldByWeight,
    stockOnHand: level.stockOnHand,
    reorderLevel: level.reorderLevel,
  };
}

/** stock.adjust: one product's stock moved by hand with a reason; idempotent by `id`. */
export function adjustStock(
  ctx: CoreContext,
  input: ProductRef & { id: string; delta: number; reason: AdjustReason; note?: string | undefined },
  staffId: string | null,
): { movement: StockMovement; product: StockLevel } {
  const productId = resolveProduct(ctx, input);
  const asked = { productId, delta: input.delta, reason: input.reason };
  const again = replayed(ctx, input.id, [asked]);
  const level = stockLevel(ctx, productId);
  if (again?.[0]) return { movement: again[0], product: levelOnly(level) };
  requireTracked(level);
  if (input.reason === 'receipt' && input.delta < 0)
    throw new AppError(
      'VALIDATION',
      'Goods received add to the stock: give a positive quantity (use damaged, theft or count correction to take off).',
    );
  if ((input.reason === 'damaged' || input.reason === 'theft') && input.delta > 0)
    throw new AppError('VALIDATION', `Stock ${input.reason === 'theft' ? 'stolen' : 'damaged'} is taken off: give a negative quantity.`);
  if ((input.reason === 'damaged' || input.reason === 'theft') && level.stockOnHand + input.delta < 0) {
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `Only ${quantityText(Math.max(0, level.stockOnHand), level.soldByWeight)} of “${level.name}” are in stock: ${quantityText(-input.delta, level.soldByWeight)} cannot be written off. Count it first.`,
      { productId, stockOnHand: level.stockOnHand, asked: -input.delta },
    );
  }
  postStockMovement(ctx, { ...asked, staffId, batchId: input.id, note: input.note?.trim() ? input.note.trim() : null });
  audit(ctx, {
    action: 'stock.adjust',
    actorStaffId: staffId,
    entity: 'product',
    entityId: productId,
    details: { delta: input.delta, reason: input.reason, batchId: input.id },
  });
  const movement = batchMovements(ctx, input.id)[0];
  if (!movement) throw new Error('stock.adjust: the movement just written is missing');
  return { movement, product: levelOnly(stockLevel(ctx, productId)) };
}

/** stock.setReorderLevel: the level at which stock.low lists a product (null: the caller's threshold). */
export function setReorderLevel(
  ctx: CoreContext,
  input: { productId: string; reorderLevel: number | null },
  staffId: string | null,
): StockLevel {
  const before = stockLevel(ctx, input.productId);
  ctx.db.update(products).set({ reorderLevel: input.reorderLevel }).where(eq(products.id, input.productId)).run();
  emitEvent(ctx, 'stock.reorderLevelSet', input.productId, {
    v: 1,
    productId: input.productId,
    reorderLevel: input.reorderLevel,
    staffId,
    at: ctx.now(),
  });
  audit(ctx, {
    action: 'stock.setReorderLevel',
    actorStaffId: staffId,
    entity: 'product',
    entityId: input.productId,
    details: { from: before.reorderLevel, to: input.reorderLevel },
  });
  return levelOnly(stockLevel(ctx, input.productId));
}

function decodeCursor(cursor: string | undefined, what: string): [number, string] | null {
  if (cursor === undefined) return null;
  const match = /^(-?\d{1,16})~(.{1,100})$/.exec(cursor);
  if (!match) throw new AppError('VALIDATION', `That ${what} cursor is not one this list gave.`);
  return [Number(match[1]), match[2] as string];
}

/** stock.movements: newest first, by product / reason / date range; keyset on (created_at, id). */
export function listMovements(
  ctx: ReadContext,
  input: {
    productId?: string | undefined;
    reason?: StockReason | undefined;
    from?: number | undefined;
    to?: number | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): { items: StockMovement[]; nextCursor: string | null } {
  const after = decodeCursor(input.cursor, 'movements');
  const where = and(
    input.productId !== undefined ? eq(stockMovements.productId, input.productId) : undefined,
    input.reason !== undefined ? eq(stockMovements.reason, input.reason) : undefined,
    input.from !== undefined ? gte(stockMovements.createdAt, input.from) : undefined,
    input.to !== undefined ? lt(stockMovements.createdAt, input.to) : undefined,
    after
      ? or(lt(stockMovements.createdAt, after[0]), and(eq(stockMovements.createdAt, after[0]), lt(stockMovements.id, after[1])))
      : undefined,
  );
  const rows = ctx.db
    .select(movementFields)
    .from(stockMovements)
    .innerJoin(products, eq(products.id, stockMovements.productId))
    .leftJoin(staff, eq(staff.id, stockMovements.staffId))
    .where(where)
    .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
    .limit(input.limit + 1)
    .all();
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? `${last.createdAt}~${last.id}` : null };
}

/** stock.low: tracked, active products at or below their reorder level (else `threshold`), lowest stock first. */
export function lowStock(
  ctx: ReadContext,
  input: { threshold: number; limit: number; cursor?: string | undefined },
): { items: StockLevel[]; nextCursor: string | null } {
  const after = decodeCursor(input.cursor, 'low stock');
  const afterSeq = after ? Number(after[1]) : null;
  if (after && !Number.isSafeInteger(afterSeq)) throw new AppError('VALIDATION', 'That low stock cursor is not one this list gave.');
  const rows = ctx.db
    .select({ ...levelFields, seq: products.seq })
    .from(products)
    .where(
      and(
        eq(products.tracksStock, true),
        eq(products.active, true),
        lte(products.stockOnHand, sql`coalesce(${products.reorderLevel}, ${input.threshold})`),
        after
          ? or(gte(products.stockOnHand, after[0] + 1), and(eq(products.stockOnHand, after[0]), gte(products.seq, (afterSeq ?? 0) + 1)))
          : undefined,
      ),
    )
    .orderBy(products.stockOnHand, products.seq)
    .limit(input.limit + 1)
    .all();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(levelOnly),
    nextCursor: rows.length > input.limit && last ? `${last.stockOnHand}~${last.seq}` : null,
  };
}
