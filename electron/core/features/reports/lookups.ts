// Looking back: past sales and refunds, past Z reports, the audit log — keyset pages, newest first.
import { and, desc, eq, gte, isNotNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ChannelOutput, ChannelParsedInput } from '../../../../src/shared/contract';
import type { ReadContext } from '../../context';
import { auditLog, sales, shifts, staff } from '../../db/schema';
import { AppError } from '../../errors';
import { receiptCode } from '../sales/document';
import type { ShiftReport } from '../sales/shiftReport';
import { readSettings } from '../setup/settings';
import { reportRange } from './salesReport';

/** Epoch-ms bounds of optional local days from / to (to inclusive) in the store's zone. */
function dayBounds(ctx: ReadContext, from: string | undefined, to: string | undefined): { fromMs?: number; untilMs?: number } {
  const { timeZone } = readSettings(ctx);
  return {
    ...(from ? { fromMs: reportRange(from, from, timeZone).fromMs } : {}),
    ...(to ? { untilMs: reportRange(to, to, timeZone).untilMs } : {}),
  };
}

const badCursor = () => new AppError('VALIDATION', 'That page marker is not valid any more: start again from the first page.');

function intCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  if (!/^\d{1,15}$/.test(cursor)) throw badCursor();
  return Number(cursor);
}

/**
 * Past sales and refunds of this terminal, newest first (by receipt number: gapless per terminal,
 * in the order they were rung), filtered; the next page starts below the last receipt shown.
 */
export function searchSales(ctx: ReadContext, input: ChannelParsedInput<'sale.search'>): ChannelOutput<'sale.search'> {
  const { terminalId } = readSettings(ctx);
  const below = intCursor(input.cursor);
  const { fromMs, untilMs } = dayBounds(ctx, input.from, input.to);
  const where: (SQL | undefined)[] = [
    eq(sales.terminalId, terminalId),
    below !== null ? lt(sales.receiptNo, below) : undefined,
    input.receiptNo !== undefined ? eq(sales.receiptNo, input.receiptNo) : undefined,
    fromMs !== undefined ? gte(sales.createdAt, fromMs) : undefined,
    untilMs !== undefined ? lt(sales.createdAt, untilMs) : undefined,
    input.staffId ? eq(sales.staffId, input.staffId) : undefined,
    input.kind ? eq(sales.kind, input.kind) : undefined,
    input.minAmountMinor !== undefined ? gte(sales.totalMinor, input.minAmountMinor) : undefined,
    input.maxAmountMinor !== undefined ? lte(sales.totalMinor, input.maxAmountMinor) : undefined,
  ];
  const rows = ctx.db
    .select({
      id: sales.id,
      kind: sales.kind,
      terminalId: sales.terminalId,
      receiptNo: sales.receiptNo,
      createdAt: sales.createdAt,
      staffId: sales.staffId,
      staffName: staff.name,
      shiftId: sales.shiftId,
      totalMinor: sales.totalMinor,
      originalSaleId: sales.originalSaleId,
      memberId: sales.memberId,
    })
    .from(sales)
    .innerJoin(staff, eq(staff.id, sales.staffId))
    .where(and(...where))
    .orderBy(desc(sales.receiptNo))
    .limit(input.limit + 1)
    .all();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ terminalId: terminal, ...row }) => ({ ...row, receiptCode: receiptCode(terminal, row.receiptNo) })),
    nextCursor: rows.length > input.limit && last ? String(last.receiptNo) : null,
  };
}

/** Past Z reports of this terminal, newest first, as stored at close; the next page starts below the last Z number shown. */
export function listZReports(ctx: ReadContext, input: ChannelParsedInput<'shift.zReports'>): ChannelOutput<'shift.zReports'> {
  const { terminalId } = readSettings(ctx);
  const below = intCursor(input.cursor);
  const rows = ctx.db
    .select({ zNumber: shifts.zNumber, zReport: shifts.zReport })
    .from(shifts)
    .where(and(eq(shifts.terminalId, terminalId), isNotNull(shifts.zNumber), below !== null ? lt(shifts.zNumber, below) : undefined))
    .orderBy(desc(shifts.zNumber))
    .limit(input.limit + 1)
    .all();
  const page = rows.slice(0, input.limit);
  const items = page.flatMap((row) => {
    if (row.zNumber === null || !row.zReport) return [];
    const z = JSON.parse(row.zReport) as ShiftReport;
    return [
      {
        shiftId: z.shiftId,
        zNumber: row.zNumber,
        openedAt: z.openedAt,
        openedBy: z.openedBy,
        closedAt: z.closedAt ?? 0,
        closedBy: z.closedBy,
        salesCount: z.salesCount,
        salesTotalMinor: z.salesTotalMinor,
        refundsCount: z.refundsCount,
        refundsTotalMinor: z.refundsTotalMinor,
        netSalesMinor: z.salesTotalMinor - z.refundsTotalMinor,
        expectedCashMinor: z.expectedCashMinor,
        countedCashMinor: z.countedCashMinor,
        overShortMinor: z.overShortMinor,
      },
    ];
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last?.zNumber ? String(last.zNumber) : null };
}

const actor = alias(staff, 'actor');
const approver = alias(staff, 'approver');

/** The character after the last one a prefix may be followed by: `sale.` covers [`sale.`, `sale/`). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The audit log, newest first, filtered by local days, action (exact, or every action under a
 * prefix ending in ".") and staff member (who did or approved it); keyset on (at, id).
 */
export function listAudit(ctx: ReadContext, input: ChannelParsedInput<'audit.list'>): ChannelOutput<'audit.list'> {
  const { fromMs, untilMs } = dayBounds(ctx, input.from, input.to);
  let cursor: { at: number; id: string } | null = null;
  if (input.cursor !== undefined) {
    const match = /^(\d{1,15}):([0-9a-f-]{1,64})$/.exec(input.cursor);
    if (!match) throw badCursor();
    cursor = { at: Number(match[1]), id: match[2] as string };
  }
  const action = input.action;
  const where: (SQL | undefined)[] = [
    fromMs !== undefined ? gte(auditLog.at, fromMs) : undefined,
    untilMs !== undefined ? lt(auditLog.at, untilMs) : undefined,
    action === undefined
      ? undefined
      : action.endsWith('.')
        ? and(gte(auditLog.action, action), lt(auditLog.action, prefixEnd(action)))
        : eq(auditLog.action, action),
    input.staffId ? or(eq(auditLog.actorStaffId, input.staffId), eq(auditLog.approverStaffId, input.staffId)) : undefined,
    cursor ? or(lt(auditLog.at, cursor.at), and(eq(auditLog.at, cursor.at), lt(auditLog.id, cursor.id))) : undefined,
  ];
  const rows = ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorStaffId: auditLog.actorStaffId,
      actorName: actor.name,
      approverStaffId: auditLog.approverStaffId,
      approverName: approver.name,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorStaffId))
    .leftJoin(approver, eq(approver.id, auditLog.approverStaffId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit + 1)
    .all();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as unknown) : null })),
    nextCursor: rows.length > input.limit && last ? `${last.at}:${last.id}` : null,
  };
}
