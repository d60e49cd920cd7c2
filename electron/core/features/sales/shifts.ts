import { and, count, eq, getTableColumns, gte, inArray, isNull, lte, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import type { shiftReportSchema, shiftSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { MAX_SHIFT_TURNOVER_MINOR } from '../../../../src/shared/pricing/limits';
import { shiftTender } from '../../../../src/shared/pricing/tender';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext } from '../../context';
import type { Db } from '../../db/open';
import { auditLog, cashMovements, counters, payments, receiptPrints, saleLines, sales, shifts, staff } from '../../db/schema';
import { perConnection, rowDecoder } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { requireApproval } from './approvals';
import { nextNumber } from './counters';
import { appendJournal } from './journal';

export type Shift = z.infer<typeof shiftSchema>;
export type ShiftReport = z.infer<typeof shiftReportSchema>;

const openedBy = alias(staff, 'opened_by_staff');
const closedBy = alias(staff, 'closed_by_staff');
/** A shift with the names of who opened and who closed it. */
const shiftFields = { ...getTableColumns(shifts), openedByName: openedBy.name, closedByName: closedBy.name };
// a sale's figure signed by its kind: a refund counts against the shift
const signed = (amount: SQLWrapper) => sql`CASE WHEN ${sales.kind} = 'sale' THEN 1 ELSE -1 END * ${amount}`;
const sumOf = (amount: SQLWrapper) => sql<number>`coalesce(sum(${amount}), 0)`;

const reads = perConnection((db) => {
  const withNames = () =>
    db
      .select(shiftFields)
      .from(shifts)
      .innerJoin(openedBy, eq(openedBy.id, shifts.openedBy))
      .leftJoin(closedBy, eq(closedBy.id, shifts.closedBy));
  const shiftId = sql.placeholder('shiftId');
  return {
    shift: withNames().where(eq(shifts.id, shiftId)).prepare(),
    openShift: withNames()
      .where(and(eq(shifts.terminalId, sql.placeholder('terminalId')), isNull(shifts.closedAt)))
      .prepare(),
    // the hot path of a sale or refund: the open shift's id, from the one-open-shift index
    openShiftId: db
      .select({ id: shifts.id })
      .from(shifts)
      .where(and(eq(shifts.terminalId, sql.placeholder('terminalId')), isNull(shifts.closedAt)))
      .prepare(),
    counter: db
      .select({ value: counters.value })
      .from(counters)
      .where(eq(counters.name, sql.placeholder('name')))
      .prepare(),
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

const writes = perConnection((db: Db) => ({
  setCounter: db
    .insert(counters)
    .values({ name: sql.placeholder('name'), value: sql.placeholder('value') })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`excluded.value` } })
    .prepare(),
}));

type ShiftRow = NonNullable<ReturnType<ReturnType<typeof reads>['shift']['get']>>;
// read as array rows and decoded by the schema's columns: drizzle's row mapper is slow on alias() columns
const decodeShift = rowDecoder<ShiftRow>(shiftFields);

function shiftRow(values: unknown[] | undefined): ShiftRow | undefined {
  return values ? decodeShift(values) : undefined;
}

function toShift(r: ShiftRow): Shift {
  return {
    id: r.id,
    terminalId: r.terminalId,
    openedAt: r.openedAt,
    openedBy: r.openedBy,
    openedByName: r.openedByName,
    openingFloatMinor: r.openingFloatMinor,
    closedAt: r.closedAt,
    zNumber: r.zNumber,
  };
}

function openShiftRow(ctx: ReadContext): ShiftRow | undefined {
  const { terminalId } = readSettings(ctx);
  return shiftRow(reads(ctx.db).openShift.values({ terminalId })[0]);
}

/** The open shift of this terminal, or null. */
export function currentShift(ctx: ReadContext): Shift | null {
  const row = openShiftRow(ctx);
  return row ? toShift(row) : null;
}

/** The open shift, or SHIFT_CLOSED: nothing is sold outside a shift. */
export function requireOpenShift(ctx: ReadContext): Shift {
  const shift = currentShift(ctx);
  if (!shift) throw shiftClosed();
  return shift;
}

/** The id of the open shift of `terminalId` (the terminal's id, already read), or SHIFT_CLOSED: what a sale or refund needs of it. */
export function requireOpenShiftId(ctx: ReadContext, terminalId: string): string {
  const row = reads(ctx.db).openShiftId.get({ terminalId });
  if (!row) throw shiftClosed();
  return row.id;
}

const shiftClosed = () => new AppError('SHIFT_CLOSED', 'Open a shift (count the cash float) before selling.');

/** Open a shift with its counted float; one open shift per terminal. */
export function openShift(ctx: CoreContext, session: Session, openingFloatMinor: number): Shift {
  const staffId = requireStaffId(session);
  const terminalId = requireTerminalId(ctx);
  const open = openShiftRow(ctx);
  if (open)
    throw new AppError('CONFLICT', `A shift is already open on this terminal (opened by ${open.openedByName}).`, { shiftId: open.id });
  const now = ctx.now();
  const id = uuidv7(now);
  ctx.db.insert(shifts).values({ id, terminalId, openedBy: staffId, openedAt: now, openingFloatMinor }).run();
  addShiftTurnover(ctx, id, openingFloatMinor);
  appendJournal(ctx, 'shift_open', id, shiftOpenDocument(ctx, id));
  audit(ctx, { action: 'shift.open', actorStaffId: staffId, entity: 'shift', entityId: id, details: { openingFloatMinor } });
  emitEvent(ctx, 'shift.opened', id, { v: 1, shiftId: id, terminalId, openedBy: staffId, openedAt: now, openingFloatMinor });
  const row = shiftRow(reads(ctx.db).shift.values({ shiftId: id })[0]);
  if (!row) throw notFound('Shift', id);
  return toShift(row);
}

/**
 * Add a document's amount (without its sign) to the shift's turnover, kept in the counters table;
 * past MAX_SHIFT_TURNOVER_MINOR the document is refused (VALIDATION), so every figure of the
 * shift's X and Z reports stays exact.
 */
export function addShiftTurnover(ctx: CoreContext, shiftId: string, amountMinor: number): void {
  const name = `turnover:${shiftId}`;
  const before = reads(ctx.db).counter.get({ name })?.value ?? 0;
  const after = before + Math.abs(amountMinor);
  if (after > MAX_SHIFT_TURNOVER_MINOR) {
    throw new AppError(
      'VALIDATION',
      `This shift has reached the largest turnover Ringup records (${formatMoney(MAX_SHIFT_TURNOVER_MINOR, readSettings(ctx).currency, 'en')}): close it and open a new one.`,
      { maxShiftTurnoverMinor: MAX_SHIFT_TURNOVER_MINOR },
    );
  }
  writes(ctx.db).setCounter.run({ name, value: after });
}

// The journalled forms of a shift opening and of a cash movement are the stored rows as SQLite
// returns them (snake_case): they must hash exactly as when they were journalled, so they stay SQL.

/** The journalled form of a shift opening (recomputed by verify). */
export function shiftOpenDocument(ctx: ReadContext, id: string): unknown | null {
  const r = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    'SELECT id, terminal_id, opened_by, opened_at, opening_float_minor FROM shifts WHERE id = ?',
  ).get(id);
  return r ? { ...r } : null;
}

/** The journalled form of a cash movement. */
export function cashMovementDocument(ctx: ReadContext, id: string): unknown | null {
  const r = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    'SELECT id, shift_id, kind, amount_minor, reason, staff_id, approved_by, created_at FROM cash_movements WHERE id = ?',
  ).get(id);
  return r ? { ...r } : null;
}

/** The journalled form of a shift close: its stored Z report. */
export function shiftCloseDocument(ctx: ReadContext, id: string): unknown | null {
  const zReport = reads(ctx.db).zReport.get({ shiftId: id })?.zReport;
  return zReport ? JSON.parse(zReport) : null;
}

/** The cash.movement event of a paid-in, paid-out or no-sale (typed Drizzle row). */
function emitCashMovement(ctx: CoreContext, id: string): void {
  const row = ctx.db.select().from(cashMovements).where(eq(cashMovements.id, id)).get();
  if (!row) throw notFound('Cash movement', id);
  emitEvent(ctx, 'cash.movement', id, { v: 1, ...row });
}

/**
 * The cash the drawer of a shift should hold now: the float, plus cash taken, less cash paid back,
 * plus paid-ins, less paid-outs — the X report's expectedCashMinor, in one read.
 */
export function expectedCash(ctx: ReadContext, shiftId: string): number {
  const row = reads(ctx.db).expectedCash.get({ shiftId });
  if (!row) throw notFound('Shift', shiftId);
  return row.expectedCashMinor;
}

/** Paid-in / paid-out with a reason; a paid-out needs a manager. Journalled and audited. */
export function recordCashMovement(
  ctx: CoreContext,
  session: Session,
  input: { kind: 'paid_in' | 'paid_out'; amountMinor: number; reason: string; approvalId?: string },
) {
  const staffId = requireStaffId(session);
  const shift = requireOpenShift(ctx);
  const money = (minor: number) => formatMoney(minor, readSettings(ctx).currency, 'en');
  // the drawer first: a manager is not asked for cash that is not there
  if (input.kind === 'paid_out') {
    const inDrawer = expectedCash(ctx, shift.id);
    if (input.amountMinor > inDrawer) {
      throw new AppError(
        'VALIDATION',
        `Only ${money(Math.max(inDrawer, 0))} is in the drawer: ${money(input.amountMinor)} cannot be paid out.`,
        {
          expectedCashMinor: inDrawer,
        },
      );
    }
  }
  const approvedBy =
    input.kind === 'paid_out'
      ? requireApproval(
          ctx,
          session,
          { action: 'paidOut', terms: { maxAmountMinor: input.amountMinor }, what: `Taking ${money(input.amountMinor)} out of the drawer` },
          input.approvalId,
        )
      : null;
  addShiftTurnover(ctx, shift.id, input.amountMinor);
  const now = ctx.now();
  const id = uuidv7(now);
  ctx.db
    .insert(cashMovements)
    .values({
      id,
      shiftId: shift.id,
      kind: input.kind,
      amountMinor: input.amountMinor,
      reason: input.reason,
      staffId,
      approvedBy,
      createdAt: now,
    })
    .run();
  const { seq } = appendJournal(ctx, 'cash_movement', id, cashMovementDocument(ctx, id));
  audit(ctx, {
    action: `shift.${input.kind}`,
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'cash_movement',
    entityId: id,
    details: input,
  });
  emitCashMovement(ctx, id);
  return { id, kind: input.kind, amountMinor: input.amountMinor, journalSeq: seq };
}

/**
 * Open the drawer without a sale: recorded and audited, in the open shift; when the store says so
 * (`noSaleNeedsApproval`) a manager approves. The drawer then opens for this no-sale, once
 * (receipt.kickDrawer with its id).
 */
export function recordNoSale(ctx: CoreContext, session: Session, input: { reason: string; approvalId?: string | undefined }) {
  const staffId = requireStaffId(session);
  const shift = requireOpenShift(ctx);
  const approvedBy = readSettings(ctx).noSaleNeedsApproval
    ? requireApproval(ctx, session, { action: 'noSale', terms: {}, what: 'Opening the drawer without a sale' }, input.approvalId)
    : null;
  const now = ctx.now();
  const id = uuidv7(now);
  ctx.db
    .insert(cashMovements)
    .values({ id, shiftId: shift.id, kind: 'no_sale', amountMinor: 0, reason: input.reason, staffId, approvedBy, createdAt: now })
    .run();
  audit(ctx, {
    action: 'shift.noSale',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'cash_movement',
    entityId: id,
    details: { reason: input.reason },
  });
  emitCashMovement(ctx, id);
  return { id };
}

/** Running totals of a shift (the X report; the Z report is this at close plus the count). */
/** The voids and error corrections of a shift, by kind (from the audit rows the core wrote for each). */
function removalsDuring(rows: { action: string; n: number; total: number }[]) {
  const of = (action: string) => {
    const row = rows.find((r) => r.action === action);
    return { count: row?.n ?? 0, amountMinor: row?.total ?? 0 };
  };
  return { lineVoids: of('sale.voidLine'), saleVoids: of('sale.voidCart'), errorCorrects: of('sale.errorCorrect') };
}

export function shiftReport(ctx: ReadContext, shiftId: string): ShiftReport {
  const q = reads(ctx.db);
  const shift = shiftRow(q.shift.values({ shiftId })[0]);
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

/** Close the open shift: count by denomination, compute over/short, store and journal the Z report. */
export function closeShift(ctx: CoreContext, session: Session, counted: { denominationMinor: number; count: number }[]): ShiftReport {
  const staffId = requireStaffId(session);
  const shift = requireOpenShift(ctx);
  const now = ctx.now();
  const countedCash = counted.reduce((sum, c) => sum + c.denominationMinor * c.count, 0);
  const zNumber = nextNumber(ctx, `z:${shift.terminalId}`);
  const before = shiftReport(ctx, shift.id);
  const closedByName = session.staff?.name ?? '';
  const report: ShiftReport = {
    ...before,
    zNumber,
    closedAt: now,
    closedBy: closedByName,
    countedCashMinor: countedCash,
    overShortMinor: countedCash - before.expectedCashMinor,
    counted: counted.filter((c) => c.count > 0).sort((a, b) => b.denominationMinor - a.denominationMinor),
  };
  ctx.db
    .update(shifts)
    .set({
      closedBy: staffId,
      closedAt: now,
      zNumber,
      expectedCashMinor: report.expectedCashMinor,
      countedCashMinor: countedCash,
      overShortMinor: report.overShortMinor,
      zReport: JSON.stringify(report),
    })
    .where(and(eq(shifts.id, shift.id), isNull(shifts.closedAt)))
    .run();
  appendJournal(ctx, 'shift_close', shift.id, report);
  audit(ctx, {
    action: 'shift.close',
    actorStaffId: staffId,
    entity: 'shift',
    entityId: shift.id,
    details: { zNumber, countedCash, overShort: report.overShortMinor },
  });
  emitEvent(ctx, 'shift.closed', shift.id, {
    v: 1,
    shiftId: shift.id,
    terminalId: shift.terminalId,
    zNumber,
    closedBy: staffId,
    closedAt: now,
    openedAt: shift.openedAt,
    openingFloatMinor: shift.openingFloatMinor,
    report,
  });
  return report;
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
