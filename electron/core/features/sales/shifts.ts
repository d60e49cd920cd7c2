import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import type { shiftSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { MAX_SHIFT_TURNOVER_MINOR } from '../../../../src/shared/pricing/limits';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext } from '../../context';
import type { Db } from '../../db/open';
import { cashMovements, counters, shifts, staff } from '../../db/schema';
import { perConnection, rowDecoder } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { requireApproval } from './approvals';
import { nextNumber } from './counters';
import { appendJournal } from './journal';
import { expectedCash, type ShiftReport, shiftReport } from './shiftReport';

export type Shift = z.infer<typeof shiftSchema>;

const openedBy = alias(staff, 'opened_by_staff');
const closedBy = alias(staff, 'closed_by_staff');
/** A shift with the names of who opened and who closed it. */
const shiftFields = { ...getTableColumns(shifts), openedByName: openedBy.name, closedByName: closedBy.name };

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
  };
});

const writes = perConnection((db: Db) => ({
  setCounter: db
    .insert(counters)
    .values({ name: sql.placeholder('name'), value: sql.placeholder('value') })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`excluded.value` } })
    .prepare(),
}));

export type ShiftRow = NonNullable<ReturnType<ReturnType<typeof reads>['shift']['get']>>;
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

/** A shift with the names of who opened and closed it, as stored. */
export function shiftRowById(ctx: ReadContext, shiftId: string): ShiftRow | undefined {
  return shiftRow(reads(ctx.db).shift.values({ shiftId })[0]);
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

/**
 * Sell on a shift someone else opened (a manager covering a till, a cashier taking over a drawer):
 * recorded in the audit log with whose shift it is. Its own opener joins without a record; a
 * shift that is no longer the open one (closed meanwhile) is a CONFLICT, so nobody sells on a
 * shift they did not see.
 */
export function joinShift(ctx: CoreContext, session: Session, shiftId: string): Shift {
  const staffId = requireStaffId(session);
  const open = openShiftRow(ctx);
  if (!open || open.id !== shiftId)
    throw new AppError('CONFLICT', 'That shift is no longer open on this terminal.', { shiftId: open?.id ?? null });
  if (open.openedBy !== staffId)
    audit(ctx, {
      action: 'shift.join',
      actorStaffId: staffId,
      entity: 'shift',
      entityId: open.id,
      details: { openedBy: open.openedBy, openedByName: open.openedByName },
    });
  return toShift(open);
}

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
  const row = shiftRowById(ctx, id);
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
