import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { shiftReportSchema, shiftSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { MAX_SHIFT_TURNOVER_MINOR } from '../../../../src/shared/pricing/limits';
import { shiftTender } from '../../../../src/shared/pricing/tender';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { cashMovements } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { requireApproval } from './approvals';
import { nextNumber } from './counters';
import { appendJournal } from './journal';

export type Shift = z.infer<typeof shiftSchema>;
export type ShiftReport = z.infer<typeof shiftReportSchema>;

interface ShiftRecord {
  id: string;
  terminal_id: string;
  opened_by: string;
  opened_by_name: string;
  opened_at: number;
  opening_float_minor: number;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: number | null;
  z_number: number | null;
  expected_cash_minor: number | null;
  counted_cash_minor: number | null;
  over_short_minor: number | null;
  z_report: string | null;
}

const SHIFT_SELECT = `SELECT sh.*, o.name AS opened_by_name, c.name AS closed_by_name FROM shifts sh
  JOIN staff o ON o.id = sh.opened_by LEFT JOIN staff c ON c.id = sh.closed_by`;

function toShift(r: ShiftRecord): Shift {
  return {
    id: r.id,
    terminalId: r.terminal_id,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    openedByName: r.opened_by_name,
    openingFloatMinor: r.opening_float_minor,
    closedAt: r.closed_at,
    zNumber: r.z_number,
  };
}

function openShiftRecord(ctx: CoreContext): ShiftRecord | undefined {
  const { terminalId } = readSettings(ctx);
  return prepared<[string], ShiftRecord>(ctx.sqlite, `${SHIFT_SELECT} WHERE sh.terminal_id = ? AND sh.closed_at IS NULL`).get(terminalId);
}

/** The open shift of this terminal, or null. */
export function currentShift(ctx: CoreContext): Shift | null {
  const record = openShiftRecord(ctx);
  return record ? toShift(record) : null;
}

/** The open shift, or SHIFT_CLOSED: nothing is sold outside a shift. */
export function requireOpenShift(ctx: CoreContext): Shift {
  const shift = currentShift(ctx);
  if (!shift) throw new AppError('SHIFT_CLOSED', 'Open a shift (count the cash float) before selling.');
  return shift;
}

/** Open a shift with its counted float; one open shift per terminal. */
export function openShift(ctx: CoreContext, session: Session, openingFloatMinor: number): Shift {
  const staffId = requireStaffId(session);
  const terminalId = requireTerminalId(ctx);
  const open = openShiftRecord(ctx);
  if (open)
    throw new AppError('CONFLICT', `A shift is already open on this terminal (opened by ${open.opened_by_name}).`, { shiftId: open.id });
  const now = ctx.now();
  const id = uuidv7(now);
  prepared(ctx.sqlite, 'INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES (?, ?, ?, ?, ?)').run(
    id,
    terminalId,
    staffId,
    now,
    openingFloatMinor,
  );
  addShiftTurnover(ctx, id, openingFloatMinor);
  appendJournal(ctx, 'shift_open', id, shiftOpenDocument(ctx, id));
  audit(ctx, { action: 'shift.open', actorStaffId: staffId, entity: 'shift', entityId: id, details: { openingFloatMinor } });
  emitEvent(ctx, 'shift.opened', id, { v: 1, shiftId: id, terminalId, openedBy: staffId, openedAt: now, openingFloatMinor });
  const record = prepared<[string], ShiftRecord>(ctx.sqlite, `${SHIFT_SELECT} WHERE sh.id = ?`).get(id);
  if (!record) throw notFound('Shift', id);
  return toShift(record);
}

/**
 * Add a document's amount (without its sign) to the shift's turnover, kept in the counters table;
 * past MAX_SHIFT_TURNOVER_MINOR the document is refused (VALIDATION), so every figure of the
 * shift's X and Z reports stays exact.
 */
export function addShiftTurnover(ctx: CoreContext, shiftId: string, amountMinor: number): void {
  const name = `turnover:${shiftId}`;
  const before = prepared<[string], { value: number }>(ctx.sqlite, 'SELECT value FROM counters WHERE name = ?').get(name)?.value ?? 0;
  const after = before + Math.abs(amountMinor);
  if (after > MAX_SHIFT_TURNOVER_MINOR) {
    throw new AppError(
      'VALIDATION',
      `This shift has reached the largest turnover Ringup records (${formatMoney(MAX_SHIFT_TURNOVER_MINOR, readSettings(ctx).currency, 'en')}): close it and open a new one.`,
      { maxShiftTurnoverMinor: MAX_SHIFT_TURNOVER_MINOR },
    );
  }
  prepared(ctx.sqlite, 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(
    name,
    after,
  );
}

/** The journalled form of a shift opening (recomputed by verify). */
export function shiftOpenDocument(ctx: CoreContext, id: string): unknown | null {
  const r = prepared<[string], { id: string; terminal_id: string; opened_by: string; opened_at: number; opening_float_minor: number }>(
    ctx.sqlite,
    'SELECT id, terminal_id, opened_by, opened_at, opening_float_minor FROM shifts WHERE id = ?',
  ).get(id);
  return r ? { ...r } : null;
}

/** The journalled form of a cash movement. */
export function cashMovementDocument(ctx: CoreContext, id: string): unknown | null {
  const r = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    'SELECT id, shift_id, kind, amount_minor, reason, staff_id, approved_by, created_at FROM cash_movements WHERE id = ?',
  ).get(id);
  return r ? { ...r } : null;
}

/** The journalled form of a shift close: its stored Z report. */
export function shiftCloseDocument(ctx: CoreContext, id: string): unknown | null {
  const r = prepared<[string], { z_report: string | null }>(ctx.sqlite, 'SELECT z_report FROM shifts WHERE id = ?').get(id);
  return r?.z_report ? JSON.parse(r.z_report) : null;
}

/** The cash.movement event of a paid-in, paid-out or no-sale (typed Drizzle row). */
function emitCashMovement(ctx: CoreContext, id: string): void {
  const row = ctx.db.select().from(cashMovements).where(eq(cashMovements.id, id)).get();
  if (!row) throw notFound('Cash movement', id);
  emitEvent(ctx, 'cash.movement', id, { v: 1, ...row });
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
    const inDrawer = shiftReport(ctx, shift.id).expectedCashMinor;
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
  prepared(
    ctx.sqlite,
    'INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, staff_id, approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, shift.id, input.kind, input.amountMinor, input.reason, staffId, approvedBy, now);
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
  prepared(
    ctx.sqlite,
    "INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, staff_id, approved_by, created_at) VALUES (?, ?, 'no_sale', 0, ?, ?, ?, ?)",
  ).run(id, shift.id, input.reason, staffId, approvedBy, now);
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
export function shiftReport(ctx: CoreContext, shiftId: string): ShiftReport {
  const record = prepared<[string], ShiftRecord>(ctx.sqlite, `${SHIFT_SELECT} WHERE sh.id = ?`).get(shiftId);
  if (!record) throw notFound('Shift', shiftId);
  const { currency } = readSettings(ctx);
  const docs = prepared<[string], { kind: string; n: number; total: number; discount: number; rounding: number }>(
    ctx.sqlite,
    'SELECT kind, count(*) AS n, coalesce(sum(total_minor), 0) AS total, coalesce(sum(discount_minor), 0) AS discount, coalesce(sum(cash_rounding_minor), 0) AS rounding FROM sales WHERE shift_id = ? GROUP BY kind',
  ).all(shiftId);
  const sale = docs.find((d) => d.kind === 'sale');
  const refund = docs.find((d) => d.kind === 'refund');
  const tenderRows = prepared<[string], { method: string; sales: number; refunds: number; cash_in: number }>(
    ctx.sqlite,
    `SELECT p.method,
       coalesce(sum(CASE WHEN s.kind = 'sale' THEN p.amount_minor END), 0) AS sales,
       coalesce(sum(CASE WHEN s.kind = 'refund' THEN p.amount_minor END), 0) AS refunds,
       0 AS cash_in
     FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.shift_id = ? GROUP BY p.method ORDER BY p.method`,
  ).all(shiftId);
  const tenders = tenderRows.map((t) => ({ method: t.method, salesMinor: t.sales, refundsMinor: t.refunds }));
  const taxes = prepared<[string], { rate: number; net: number; tax: number; total: number }>(
    ctx.sqlite,
    `SELECT l.tax_rate_bp AS rate,
       sum(CASE WHEN s.kind = 'sale' THEN 1 ELSE -1 END * (l.total_minor - l.tax_minor)) AS net,
       sum(CASE WHEN s.kind = 'sale' THEN 1 ELSE -1 END * l.tax_minor) AS tax,
       sum(CASE WHEN s.kind = 'sale' THEN 1 ELSE -1 END * l.total_minor) AS total
     FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.shift_id = ? GROUP BY l.tax_rate_bp ORDER BY l.tax_rate_bp DESC`,
  ).all(shiftId);
  const moves = prepared<[string], { kind: string; n: number; total: number }>(
    ctx.sqlite,
    'SELECT kind, count(*) AS n, coalesce(sum(amount_minor), 0) AS total FROM cash_movements WHERE shift_id = ? GROUP BY kind',
  ).all(shiftId);
  const paidIn = moves.find((m) => m.kind === 'paid_in')?.total ?? 0;
  const paidOut = moves.find((m) => m.kind === 'paid_out')?.total ?? 0;
  const expectedCash = record.opening_float_minor + shiftTender(tenders, 'cash').netMinor + paidIn - paidOut;
  const stored = record.z_report ? (JSON.parse(record.z_report) as ShiftReport) : null;
  // what happened at the till during the shift, by time: a copy printed after the close belongs to a later shift
  const until = record.closed_at ?? Number.MAX_SAFE_INTEGER;
  const receiptCopies = prepared<[number, number], { n: number }>(
    ctx.sqlite,
    'SELECT count(*) AS n FROM receipt_prints WHERE copy = 1 AND printed_at >= ? AND printed_at <= ?',
  ).get(record.opened_at, until)?.n;
  const drawerOpenings = prepared<[number, number], { n: number }>(
    ctx.sqlite,
    "SELECT count(*) AS n FROM audit_log WHERE action = 'drawer.kick' AND at >= ? AND at <= ?",
  ).get(record.opened_at, until)?.n;
  return {
    shiftId: record.id,
    terminalId: record.terminal_id,
    zNumber: record.z_number,
    openedAt: record.opened_at,
    openedBy: record.opened_by_name,
    closedAt: record.closed_at,
    closedBy: record.closed_by_name,
    currency,
    openingFloatMinor: record.opening_float_minor,
    salesCount: sale?.n ?? 0,
    salesTotalMinor: sale?.total ?? 0,
    refundsCount: refund?.n ?? 0,
    refundsTotalMinor: refund?.total ?? 0,
    discountsMinor: (sale?.discount ?? 0) - (refund?.discount ?? 0),
    tenders,
    taxes: taxes.map((t) => ({ taxRateBp: t.rate, netMinor: t.net, taxMinor: t.tax, totalMinor: t.total })),
    paidInMinor: paidIn,
    paidOutMinor: paidOut,
    noSales: moves.find((m) => m.kind === 'no_sale')?.n ?? 0,
    receiptCopies: receiptCopies ?? 0,
    drawerOpenings: drawerOpenings ?? 0,
    cashRoundingMinor: (sale?.rounding ?? 0) - (refund?.rounding ?? 0),
    expectedCashMinor: expectedCash,
    countedCashMinor: record.counted_cash_minor,
    overShortMinor: record.over_short_minor,
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
  prepared(
    ctx.sqlite,
    `UPDATE shifts SET closed_by = ?, closed_at = ?, z_number = ?, expected_cash_minor = ?, counted_cash_minor = ?, over_short_minor = ?, z_report = ?
     WHERE id = ? AND closed_at IS NULL`,
  ).run(staffId, now, zNumber, report.expectedCashMinor, countedCash, report.overShortMinor, JSON.stringify(report), shift.id);
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
export function storedZReport(ctx: CoreContext, input: { zNumber?: number; shiftId?: string }): ShiftReport {
  const { terminalId } = readSettings(ctx);
  const row = input.shiftId
    ? prepared<[string], { z_report: string | null }>(ctx.sqlite, 'SELECT z_report FROM shifts WHERE id = ?').get(input.shiftId)
    : input.zNumber !== undefined
      ? prepared<[string, number], { z_report: string | null }>(
          ctx.sqlite,
          'SELECT z_report FROM shifts WHERE terminal_id = ? AND z_number = ?',
        ).get(terminalId, input.zNumber)
      : prepared<[string], { z_report: string | null }>(
          ctx.sqlite,
          'SELECT z_report FROM shifts WHERE terminal_id = ? AND z_number IS NOT NULL ORDER BY z_number DESC LIMIT 1',
        ).get(terminalId);
  if (!row?.z_report) throw new AppError('NOT_FOUND', 'There is no closed shift with that Z report.');
  return JSON.parse(row.z_report) as ShiftReport;
}
