import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { stockCountLineSchema, stockCountSchema } from '../../../../src/shared/contract';
import { audit, emitEvent } from '../../audit';
import type { CoreContext, ReadContext } from '../../context';
import { products, stockCountLines, stockCounts } from '../../db/schema';
import { AppError } from '../../errors';
import { type ProductRef, postStockMovement, resolveProduct, stockLevel } from './movements';

export type StockCount = z.infer<typeof stockCountSchema>;
export type StockCountLine = z.infer<typeof stockCountLineSchema>;

const countFields = {
  id: stockCounts.id,
  status: stockCounts.status,
  note: stockCounts.note,
  startedBy: stockCounts.startedBy,
  startedAt: stockCounts.startedAt,
  closedBy: stockCounts.closedBy,
  closedAt: stockCounts.closedAt,
  lines: sql<number>`(SELECT count(*) FROM ${stockCountLines} WHERE ${stockCountLines.countId} = ${stockCounts.id})`.mapWith(Number),
};

const lineFields = {
  productId: stockCountLines.productId,
  sku: products.sku,
  name: products.name,
  soldByWeight: products.soldByWeight,
  counted: stockCountLines.counted,
  expected: stockCountLines.expected,
  difference: sql<number>`${stockCountLines.counted} - ${stockCountLines.expected}`.mapWith(Number),
  stockOnHand: products.stockOnHand,
  recordedAt: stockCountLines.recordedAt,
};

function findCount(ctx: ReadContext, countId: string | undefined): StockCount | undefined {
  const query = ctx.db.select(countFields).from(stockCounts);
  return countId === undefined ? query.where(eq(stockCounts.status, 'open')).get() : query.where(eq(stockCounts.id, countId)).get();
}

/** A count by id (or the open one), or NOT_FOUND. */
export function requireCount(ctx: ReadContext, countId: string | undefined): StockCount {
  const count = findCount(ctx, countId);
  if (!count)
    throw new AppError('NOT_FOUND', countId === undefined ? 'No stock count is open.' : 'There is no such stock count.', { countId });
  return count;
}

function requireOpen(ctx: ReadContext, countId: string): StockCount {
  const count = requireCount(ctx, countId);
  if (count.status !== 'open')
    throw new AppError('CONFLICT', `This stock count was ${count.status} already: start a new one.`, { countId, status: count.status });
  return count;
}

function countLines(ctx: ReadContext, countId: string): StockCountLine[] {
  return ctx.db
    .select(lineFields)
    .from(stockCountLines)
    .innerJoin(products, eq(products.id, stockCountLines.productId))
    .where(eq(stockCountLines.countId, countId))
    .orderBy(sql`${products.nameKey}`, products.seq)
    .all();
}

/** stock.countStart: open a count (one at a time); a retry with the same id answers it. */
export function startCount(ctx: CoreContext, input: { id: string; note?: string | undefined }, staffId: string | null): StockCount {
  const same = findCount(ctx, input.id);
  if (same) {
    if (same.status !== 'open') throw new AppError('CONFLICT', `This stock count was ${same.status} already.`, { countId: input.id });
    return same;
  }
  const open = findCount(ctx, undefined);
  if (open) {
    throw new AppError('CONFLICT', 'A stock count is already open: apply or cancel it before starting another.', { countId: open.id });
  }
  ctx.db
    .insert(stockCounts)
    .values({ id: input.id, status: 'open', note: input.note?.trim() ? input.note.trim() : null, startedBy: staffId, startedAt: ctx.now() })
    .run();
  audit(ctx, { action: 'stock.countStart', actorStaffId: staffId, entity: 'stock_count', entityId: input.id });
  return requireCount(ctx, input.id);
}

/**
 * stock.countRecord: what is on the shelf for one product. The expected stock is taken when the
 * product's count starts (a plain record, or the first `add`): a sale after that is off the shelf
 * already, so applying moves stock by counted − expected and the sale still counts.
 */
export function recordCount(
  ctx: CoreContext,
  input: ProductRef & { countId: string; counted: number; add: boolean },
  staffId: string | null,
): StockCountLine {
  requireOpen(ctx, input.countId);
  const productId = resolveProduct(ctx, input);
  const level = stockLevel(ctx, productId);
  if (!level.tracksStock)
    throw new AppError('VALIDATION', `“${level.name}” does not track stock: there is nothing to count.`, { productId });
  const now = ctx.now();
  const key = and(eq(stockCountLines.countId, input.countId), eq(stockCountLines.productId, productId));
  const existing = ctx.db.select({ counted: stockCountLines.counted }).from(stockCountLines).where(key).get();
  if (existing && input.add) {
    const counted = existing.counted + input.counted;
    if (counted > 1_000_000_000) throw new AppError('VALIDATION', 'That count is larger than Ringup records.');
    ctx.db.update(stockCountLines).set({ counted, recordedBy: staffId, recordedAt: now }).where(key).run();
  } else if (existing) {
    ctx.db
      .update(stockCountLines)
      .set({ counted: input.counted, expected: level.stockOnHand, recordedBy: staffId, recordedAt: now })
      .where(key)
      .run();
  } else {
    ctx.db
      .insert(stockCountLines)
      .values({
        countId: input.countId,
        productId,
        counted: input.counted,
        expected: level.stockOnHand,
        recordedBy: staffId,
        recordedAt: now,
      })
      .run();
  }
  const line = ctx.db
    .select(lineFields)
    .from(stockCountLines)
    .innerJoin(products, eq(products.id, stockCountLines.productId))
    .where(key)
    .get();
  if (!line) throw new Error('stock.countRecord: the line just written is missing');
  return line;
}

/** stock.countGet: a count and its lines. */
export function getCount(ctx: ReadContext, countId: string | undefined): { count: StockCount; lines: StockCountLine[] } {
  const count = requireCount(ctx, countId);
  return { count, lines: countLines(ctx, count.id) };
}

/** stock.countApply: every difference becomes a count_correction movement (batch = the count); the count closes. */
export function applyCount(
  ctx: CoreContext,
  countId: string,
  staffId: string | null,
): { count: StockCount; movements: number; netDifference: number } {
  requireOpen(ctx, countId);
  let movements = 0;
  let netDifference = 0;
  const counted = countLines(ctx, countId);
  for (const line of counted) {
    if (line.difference === 0) continue;
    postStockMovement(ctx, {
      productId: line.productId,
      delta: line.difference,
      reason: 'count_correction',
      staffId,
      batchId: countId,
      note: null,
    });
    movements++;
    netDifference += line.difference;
  }
  ctx.db.update(stockCounts).set({ status: 'applied', closedBy: staffId, closedAt: ctx.now() }).where(eq(stockCounts.id, countId)).run();
  const count = requireCount(ctx, countId);
  emitEvent(ctx, 'stock.counted', countId, {
    v: 1,
    countId,
    note: count.note,
    startedAt: count.startedAt,
    lines: counted.map((line) => ({ productId: line.productId, counted: line.counted, expected: line.expected })),
    staffId,
    at: count.closedAt ?? ctx.now(),
  });
  audit(ctx, {
    action: 'stock.countApply',
    actorStaffId: staffId,
    entity: 'stock_count',
    entityId: countId,
    details: { lines: count.lines, movements, netDifference },
  });
  return { count, movements, netDifference };
}

/** stock.countCancel: close an open count without moving anything. */
export function cancelCount(ctx: CoreContext, countId: string, staffId: string | null): StockCount {
  requireOpen(ctx, countId);
  ctx.db.update(stockCounts).set({ status: 'cancelled', closedBy: staffId, closedAt: ctx.now() }).where(eq(stockCounts.id, countId)).run();
  const count = requireCount(ctx, countId);
  audit(ctx, {
    action: 'stock.countCancel',
    actorStaffId: staffId,
    entity: 'stock_count',
    entityId: countId,
    details: { lines: count.lines },
  });
  return count;
}
