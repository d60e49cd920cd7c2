// The open shift's latest receipts on this terminal, newest first: what the refund dialog offers to pick from.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ChannelInput, ChannelOutput } from '../../../../src/shared/contract';
import type { ReadContext, ReadDb } from '../../context';
import { saleLines, sales, shifts, staff } from '../../db/schema';
import { perConnection, sqlOnly } from '../../db/statements';
import { readSettings } from '../setup/settings';
import { receiptCode } from './document';

export type RecentReceipt = ChannelOutput<'sale.recent'>[number];

/** How many receipts one page holds when the caller does not say. */
export const RECENT_DEFAULT_LIMIT = 20;

// a receipt number above any real one: the first page starts at the newest receipt
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

const line = alias(saleLines, 'line');
const refundLine = alias(saleLines, 'refund_line');
const refund = alias(sales, 'refund');

/**
 * One page of the open shift's documents, by receipt number (gapless per terminal, so newest first)
 * below the cursor. The page is picked first (a CTE with its LIMIT), so the per-receipt figures are
 * worked out for the rows shown only, not for every document of the shift before the sort.
 * The refund lookups name their index (INDEXED BY, which drizzle cannot say): on a terminal that
 * never refunded, ANALYZE sees original_sale_id / original_line_id all NULL, takes the index for
 * useless and plans a scan of every sale (line) per receipt — 147 ms for a page at 20k sales,
 * against under 1 ms through the index.
 * Placeholders: terminalId, before, limit.
 */
export function recentReceiptsQuery(db: ReadDb) {
  const page = db.$with('page').as(
    db
      .select({
        id: sales.id,
        kind: sales.kind,
        terminalId: sales.terminalId,
        receiptNo: sales.receiptNo,
        createdAt: sales.createdAt,
        totalMinor: sales.totalMinor,
        staffId: sales.staffId,
      })
      .from(sales)
      .where(
        and(
          // the open shift (its one-open-shift index); its documents are this terminal's
          eq(
            sales.shiftId,
            db
              .select({ id: shifts.id })
              .from(shifts)
              .where(and(eq(shifts.terminalId, sql.placeholder('terminalId')), isNull(shifts.closedAt))),
          ),
          lt(sales.receiptNo, sql.placeholder('before')),
        ),
      )
      .orderBy(desc(sales.receiptNo))
      .limit(sql.placeholder('limit')),
  );
  return db
    .with(page)
    .select({
      id: page.id,
      kind: page.kind,
      terminalId: page.terminalId,
      receiptNo: page.receiptNo,
      createdAt: page.createdAt,
      totalMinor: page.totalMinor,
      staffName: staff.name,
      // items as the cashier counts them: units, and one per weighed line (its quantity is grams)
      itemCount: sql<number>`${db
        .select({ n: sql`coalesce(sum(CASE WHEN ${line.weighed} THEN 1 ELSE ${line.quantity} END), 0)` })
        .from(line)
        .where(eq(line.saleId, page.id))}`,
      // a sale: what its refunds paid back so far (their totals are positive); a refund: 0
      refundedMinor: sql<number>`CASE WHEN ${page.kind} = 'sale' THEN (SELECT coalesce(sum(${refund.totalMinor}), 0) FROM ${sales} AS ${refund} INDEXED BY sales_original_idx WHERE ${refund.originalSaleId} = ${page.id}) ELSE 0 END`,
      // a sale with a line not refunded in full
      refundable: sql<number>`CASE WHEN ${page.kind} = 'sale' THEN EXISTS ${db
        .select({ one: sql`1` })
        .from(line)
        .where(
          and(
            eq(line.saleId, page.id),
            sql`${line.quantity} > (SELECT coalesce(sum(${refundLine.quantity}), 0) FROM ${saleLines} AS ${refundLine} INDEXED BY sale_lines_original_idx WHERE ${refundLine.originalLineId} = ${line.id})`,
          ),
        )} ELSE 0 END`,
    })
    .from(page)
    .innerJoin(staff, eq(staff.id, page.staffId))
    .orderBy(desc(page.receiptNo));
}

/** The SQL of the page query, for the query-plan test (placeholders in order: terminalId, before, limit). */
export const RECENT_RECEIPTS_SQL = recentReceiptsQuery(sqlOnly as unknown as ReadDb).toSQL().sql;

const reads = perConnection((db) => ({ recent: recentReceiptsQuery(db).prepare() }));

/** The open shift's latest receipts (sales and refunds) on this terminal, newest first, below `before` (a receipt number); none without an open shift. */
export function recentReceipts(ctx: ReadContext, input: ChannelInput<'sale.recent'>): RecentReceipt[] {
  const terminalId = readSettings(ctx).terminalId.trim();
  if (!terminalId) return [];
  const rows = reads(ctx.db).recent.all({
    terminalId,
    before: input.before ?? NO_CURSOR,
    limit: input.limit ?? RECENT_DEFAULT_LIMIT,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    receiptNo: row.receiptNo,
    receiptCode: receiptCode(row.terminalId, row.receiptNo),
    createdAt: row.createdAt,
    totalMinor: row.totalMinor,
    itemCount: row.itemCount,
    staffName: row.staffName,
    refundedMinor: row.refundedMinor,
    refundable: row.refundable === 1,
  }));
}
