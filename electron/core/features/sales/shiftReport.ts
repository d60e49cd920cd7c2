import { and, count, eq, gte, inArray, lte, type SQLWrapper, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { shiftReportSchema } from '../../../../src/shared/contract';
import { shiftTender } from '../../../../src/shared/pricing/tender';
import type { ReadContext } from '../../context';
import { auditLog, cashMovements, payments, receiptPrints, saleLines, sales, shifts } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import { readSettings } from '../setup/settings';
import { shiftRowById } from './shifts';

// The X and Z reports of a shift: its figures, each one grouped read, and the stored Z reports.

export type ShiftReport = z.infer<typeof shiftReportSchema>;

// a sale's figure signed by its kind: a refund counts against the shift (the sales report uses the same)
export const signed = (amount: SQLWrapper) => sql`CASE WHEN ${sales.kind} = 'sale' THEN 1 ELSE -1 END * ${amount}`;
export const sumOf = (amount: SQLWrapper) => sql<number>`coalesce(sum(${amount}), 0)`;

const reads = perConnection((db) => {
  const shiftId = sql.placeholder('shiftId');
  return {
    zReport: db.select({ zReport: shifts.zReport }).from(shifts).where(eq(shifts.id, shiftId)).prepare(),
    zReportByNumber: db
      .select({ zReport: shifts.zReport })
      .from(shifts)
      .where(and(eq(shifts.terminalId, sql.placeholder('terminalId')), eq(shifts.zNumber, sql.placeholder('zNumber'))))
      .prepare(),
    lastZReport: db
      .select({ zReport: shifts.zReport })
      .from(shifts)
      .where(and(eq(shifts.terminalId, sql.placeholder('terminalId')), sql`${shifts.zNumber} IS NOT NULL`))
      .orderBy(sql`${shifts.zNumber} DESC`)
      .limit(1)
      .prepare(),
    // the X report's figures, each one grouped read
    documents: db
      .select({
        kind: sales.kind,
        n: count(),
        total: sumOf(sales.totalMinor),
        discount: sumOf(sales.discountMinor),
        rounding: sumOf(sales.cashRoundingMinor),
      })
      .from(sales)
      .where(eq(sales.shiftId, shiftId))
      .groupBy(sales.kind)
      .prepare(),
    tenders: db
      .select({
        method: payments.method,
        salesMinor: sumOf(sql`CASE WHEN ${sales.kind} = 'sale' THEN ${payments.amountMinor} END`),
        refundsMinor: sumOf(sql`CASE WHEN ${sales.kind} = 'refund' THEN ${payments.amountMinor} END`),
      })
      .from(payments)
      .innerJoin(sales, eq(sales.id, payments.saleId))
      .where(eq(sales.shiftId, shiftId))
      .groupBy(payments.method)
      .orderBy(payments.method)
      .prepare(),
    taxes: db
      .select({
        taxRateBp: saleLines.taxRateBp,
        netMinor: sql<number>`sum(${signed(sql`(${saleLines.totalMinor} - ${saleLines.taxMinor})`)})`,
        taxMinor: sql<number>`sum(${signed(saleLines.taxMinor)})`,
        totalMinor: sql<number>`sum(${signed(saleLines.totalMinor)})`,
      })
      .from(saleLines)
      .innerJoin(sales, eq(sales.id, saleLines.saleId))
      .where(eq(sales.shiftId, shiftId))
      .groupBy(saleLines.taxRateBp)
      .orderBy(sql`${saleLines.taxRateBp} DESC`)
      .prepare(),
    cashMovements: db
      .select({ kind: cashMovements.kind, n: count(), total: sumOf(cashMovements.amountMinor) })
      .from(cashMovements)
      .where(eq(cashMovements.shiftId, shiftId))
      .groupBy(cashMovements.kind)
      .prepare(),
    // what happened at the till during the shift, by time
    receiptCopies: db
      .select({ n: count() })
      .from(receiptPrints)
      .where(
        and(
          eq(receiptPrints.copy, true),
          gte(receiptPrints.printedAt, sql.placeholder('from')),
          lte(receiptPrints.printedAt, sql.placeholder('until')),
        ),
      )
      .prepare(),
    removals: db
      .select({
        action: auditLog.action,
        n: count(),
        total: sql<number>`coalesce(sum(json_extract(${auditLog.details}, '$.amountMinor')), 0)`.mapWith(Number),
      })
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.action, ['sale.voidLine', 'sale.voidCart', 'sale.errorCorrect']),
          gte(auditLog.at, sql.placeholder('from')),
          lte(auditLog.at, sql.placeholder('until')),
        ),
      )
      .groupBy(auditLog.action)
      .prepare(),
    drawerOpenings: db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'drawer.kick'), gte(auditLog.at, sql.placeholder('from')), lte(auditLog.at, sql.placeholder('until'))))
      .prepare(),
    // the cash the drawer should hold: float, cash taken less cash paid back, paid in less paid out
    // (each part by the shift id given, not correlated: drizzle leaves a one-table select's columns unqualified)
    expectedCash: db
      .select({
        expectedCashMinor: sql<number>`${shifts.openingFloatMinor} + (${db
          .select({ net: sumOf(sql`CASE WHEN ${sales.kind} = 'sale' THEN ${payments.amountMinor} ELSE -${payments.amountMinor} END`) })
          .from(payments)
          .innerJoin(sales, eq(sales.id, payments.saleId))
          .where(and(eq(sales.shiftId, shiftId), eq(payments.method, 'cash')))}) + (${db
          .select({
            net: sumOf(
              sql`CASE ${cashMovements.kind} WHEN 'paid_in' THEN ${cashMovements.amountMinor} WHEN 'paid_out' THEN -${cashMovements.amountMinor} ELSE 0 END`,
            ),
          })
          .from(cashMovements)
          .where(eq(cashMovements.shiftId, shiftId))})`,
      })
      .from(shifts)
      .where(eq(shifts.id, shiftId))
      .prepare(),
  };
});

/**
 * The cash the drawer of a shift should hold now: the float, plus cash taken, less cash paid back,
 * plus paid-ins, less paid-outs — the X report's expectedCashMinor, in one read.
 */
export function expectedCash(ctx: ReadContext, shiftId: string): number {
  const row = reads(ctx.db).expectedCash.get({ shiftId });
  if (!row) throw notFound('Shift', shiftId);
  return row.expectedCashMinor;
}

/** The journalled form of a shift close: its stored Z report. */
export function shiftCloseDocument(ctx: ReadContext, id: string): unknown | null {
  const zReport = reads(ctx.db).zReport.get({ shiftId: id })?.zReport;
  return zReport ? JSON.parse(zReport) : null;
}

/** The voids and error corrections of a shift, by kind (from the audit rows the core wrote for each). */
export function removalsDuring(rows: { action: string; n: number; total: number }[]) {
  const of = (action: string) => {
    const row = rows.find((r) => r.action === action);
    return { count: row?.n ?? 0, amountMinor: row?.total ?? 0 };
  };
  return { lineVoids: of('sale.voidLine'), saleVoids: of('sale.voidCart'), errorCorrects: of('sale.errorCorrect') };
}

/** Running totals of a shift (the X report; the Z report is this at close plus the count). */
export function shiftReport(ctx: ReadContext, shiftId: string): ShiftReport {
  const q = reads(ctx.db);
  const shift = shiftRowById(ctx, shiftId);
  if (!shift) throw notFound('Shift', shiftId);
  const { currency } = readSettings(ctx);
  const docs = q.documents.all({ shiftId });
  const sale = docs.find((d) => d.kind === 'sale');
  const refund = docs.find((d) => d.kind === 'refund');
  const tenders = q.tenders.all({ shiftId });
  const moves = q.cashMovements.all({ shiftId });
  const paidIn = moves.find((m) => m.kind === 'paid_in')?.total ?? 0;
  const paidOut = moves.find((m) => m.kind === 'paid_out')?.total ?? 0;
  const expectedCashMinor = shift.openingFloatMinor + shiftTender(tenders, 'cash').netMinor + paidIn - paidOut;
  const stored = shift.zReport ? (JSON.parse(shift.zReport) as ShiftReport) : null;
  // what happened at the till during the shift, by time: a copy printed after the close belongs to a later shift
  const during = { from: shift.openedAt, until: shift.closedAt ?? Number.MAX_SAFE_INTEGER };
  return {
    shiftId: shift.id,
    terminalId: shift.terminalId,
    zNumber: shift.zNumber,
    openedAt: shift.openedAt,
    openedBy: shift.openedByName,
    closedAt: shift.closedAt,
    closedBy: shift.closedByName,
    currency,
    openingFloatMinor: shift.openingFloatMinor,
    salesCount: sale?.n ?? 0,
    salesTotalMinor: sale?.total ?? 0,
    refundsCount: refund?.n ?? 0,
    refundsTotalMinor: refund?.total ?? 0,
    discountsMinor: (sale?.discount ?? 0) - (refund?.discount ?? 0),
    tenders,
    taxes: q.taxes.all({ shiftId }),
    paidInMinor: paidIn,
    paidOutMinor: paidOut,
    noSales: moves.find((m) => m.kind === 'no_sale')?.n ?? 0,
    receiptCopies: q.receiptCopies.get(during)?.n ?? 0,
    drawerOpenings: q.drawerOpenings.get(during)?.n ?? 0,
    ...removalsDuring(q.removals.all(during)),
    cashRoundingMinor: (sale?.rounding ?? 0) - (refund?.rounding ?? 0),
    expectedCashMinor,
    countedCashMinor: shift.countedCashMinor,
    overShortMinor: shift.overShortMinor,
    counted: stored?.counted ?? null,
  };
}

/** A stored Z report by number or shift id (reprints show it exactly as it was closed). */
export function storedZReport(ctx: ReadContext, input: { zNumber?: number; shiftId?: string }): ShiftReport {
  const { terminalId } = readSettings(ctx);
  const q = reads(ctx.db);
  const row = input.shiftId
    ? q.zReport.get({ shiftId: input.shiftId })
    : input.zNumber !== undefined
      ? q.zReportByNumber.get({ terminalId, zNumber: input.zNumber })
      : q.lastZReport.get({ terminalId });
  if (!row?.zReport) throw new AppError('NOT_FOUND', 'There is no closed shift with that Z report.');
  return JSON.parse(row.zReport) as ShiftReport;
}
