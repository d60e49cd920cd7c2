import { and, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ledgerEntrySchema } from '../../../../src/shared/contract';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared, type ReadContext } from '../../context';
import type { Db } from '../../db/open';
import { members, pointsLedger, sales } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import type { Session } from '../../session';
import { requireApproval } from '../sales/approvals';
import { receiptCode } from '../sales/document';
import { appendJournal } from '../sales/journal';
import { readSettings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { type Member, requireMember, writeBalance } from './members';

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type LedgerKind = LedgerEntry['kind'];

const placeholder = sql.placeholder;

const reads = perConnection((db) => ({
  byId: db
    .select()
    .from(pointsLedger)
    .where(eq(pointsLedger.id, placeholder('id')))
    .prepare(),
  byTransfer: db
    .select()
    .from(pointsLedger)
    .where(eq(pointsLedger.transferId, placeholder('transferId')))
    .orderBy(pointsLedger.seq)
    .prepare(),
  // a page of a member's history: each row with the sale that caused it, in one relational query
  history: db.query.pointsLedger
    .findMany({
      where: and(eq(pointsLedger.memberId, placeholder('memberId')), lt(pointsLedger.seq, placeholder('before'))),
      orderBy: desc(pointsLedger.seq),
      limit: placeholder('limit'),
      with: {
        sale: { columns: { id: true, kind: true, terminalId: true, receiptNo: true, totalMinor: true, createdAt: true } },
      },
    })
    .prepare(),
  memberLedger: db
    .select()
    .from(pointsLedger)
    .where(eq(pointsLedger.memberId, placeholder('memberId')))
    .orderBy(pointsLedger.seq)
    .prepare(),
}));

const writes = perConnection((db: Db) => ({
  insert: db
    .insert(pointsLedger)
    .values({
      id: placeholder('id'),
      memberId: placeholder('memberId'),
      kind: placeholder('kind'),
      points: placeholder('points'),
      balanceAfter: placeholder('balanceAfter'),
      saleId: placeholder('saleId'),
      transferId: placeholder('transferId'),
      reason: placeholder('reason'),
      staffId: placeholder('staffId'),
      approvedBy: placeholder('approvedBy'),
      terminalId: placeholder('terminalId'),
      at: placeholder('at'),
    })
    .prepare(),
}));

/** One movement of a member's points (inside the caller's transaction). */
export interface Movement {
  memberId: string;
  kind: LedgerKind;
  /** signed: + earned, transferred in, adjusted up; − redeemed, transferred out, reversed, expired */
  points: number;
  id?: string;
  saleId?: string | null;
  transferId?: string | null;
  reason?: string | null;
  staffId: string | null;
  approvedBy?: string | null;
  /** let the balance go below zero (a refund reversal when the store allows it) */
  allowNegative?: boolean;
  /** the member as read in this transaction (its balance current), to save reading it again */
  member?: Member;
}

/** "1 point", "1,250 points". */
export function pointsText(points: number): string {
  return `${points.toLocaleString('en')} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

function insufficient(member: Member, points: number): AppError {
  return new AppError(
    'INSUFFICIENT_POINTS',
    `${member.name} has ${pointsText(member.pointsBalance)}: ${points.toLocaleString('en')} cannot be taken off.`,
    { memberId: member.id, balance: member.pointsBalance, asked: points },
  );
}

/**
 * Write one ledger row and the member's new balance, in the caller's transaction: the cached
 * balance moves with its ledger, always. A movement that takes points off is refused with
 * INSUFFICIENT_POINTS (nothing written) when it would leave the balance below zero and that is
 * not allowed.
 */
export function postPoints(ctx: CoreContext, movement: Movement): LedgerEntry {
  const member = movement.member?.id === movement.memberId ? movement.member : requireMember(ctx, movement.memberId);
  const balanceAfter = member.pointsBalance + movement.points;
  // only a movement that takes points off can be refused: a balance already below zero (points
  // spent at two stores while both were offline, as central reports it) still earns
  if (movement.points < 0 && balanceAfter < 0 && !movement.allowNegative) throw insufficient(member, -movement.points);
  const now = ctx.now();
  const row = {
    id: movement.id ?? uuidv7(now),
    memberId: member.id,
    kind: movement.kind,
    points: movement.points,
    balanceAfter,
    saleId: movement.saleId ?? null,
    transferId: movement.transferId ?? null,
    reason: movement.reason ?? null,
    staffId: movement.staffId,
    approvedBy: movement.approvedBy ?? null,
    terminalId: requireTerminalId(ctx),
    at: now,
  };
  // a prepared insert (the hot path of every sale with a member): its row is the entry, with the seq it got
  const { lastInsertRowid } = writes(ctx.db).insert.run(row);
  writeBalance(ctx, member.id, balanceAfter);
  const entry: LedgerEntry = { seq: Number(lastInsertRowid), ...row };
  emitEvent(ctx, 'points.moved', entry.id, { v: 1, ...row });
  return entry;
}

// the journalled forms of points that are money: the ledger rows as SQLite returns them
const LEDGER_COLUMNS = 'id, member_id, kind, points, balance_after, sale_id, transfer_id, reason, staff_id, approved_by, terminal_id, at';

/** The journalled form of a manual adjustment (recomputed by verify). */
export function adjustmentDocument(ctx: ReadContext, id: string): unknown | null {
  const row = prepared<[string], Record<string, unknown>>(ctx.sqlite, `SELECT ${LEDGER_COLUMNS} FROM points_ledger WHERE id = ?`).get(id);
  return row ? { ...row } : null;
}

/** The journalled form of a transfer: both of its rows, in order. */
export function transferDocument(ctx: ReadContext, transferId: string): unknown | null {
  const rows = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    `SELECT ${LEDGER_COLUMNS} FROM points_ledger WHERE transfer_id = ? ORDER BY seq`,
  ).all(transferId);
  return rows.length > 0 ? { transferId, rows: rows.map((row) => ({ ...row })) } : null;
}

/** A manager adds or takes off points with a reason (see loyalty.adjust). */
export function adjustPoints(
  ctx: CoreContext,
  session: Session,
  input: { id: string; memberId: string; points: number; reason: string },
): { member: Member; entry: LedgerEntry } {
  const done = reads(ctx.db).byId.get({ id: input.id });
  if (done) {
    if (done.kind === 'adjust' && done.memberId === input.memberId && done.points === input.points && done.reason === input.reason.trim())
      return { member: requireMember(ctx, done.memberId), entry: done };
    throw new AppError('CONFLICT', 'That adjustment id was used for another movement: start again.', { entryId: done.id });
  }
  const member = requireMember(ctx, input.memberId);
  if (member.erasedAt !== null) throw new AppError('CONFLICT', 'This member was erased: their points cannot change any more.');
  const staffId = session.staff?.id ?? null;
  const entry = postPoints(ctx, {
    id: input.id,
    memberId: member.id,
    kind: 'adjust',
    points: input.points,
    reason: input.reason.trim(),
    staffId,
  });
  appendJournal(ctx, 'points_adjust', entry.id, adjustmentDocument(ctx, entry.id));
  audit(ctx, {
    action: 'points.adjust',
    actorStaffId: staffId,
    entity: 'member',
    entityId: member.id,
    details: { points: input.points, reason: input.reason.trim(), balanceAfter: entry.balanceAfter },
  });
  return { member: requireMember(ctx, member.id), entry };
}

/** Move points between members (see loyalty.transfer). */
export function transferPoints(
  ctx: CoreContext,
  session: Session,
  input: {
    id: string;
    fromMemberId: string;
    toMemberId: string;
    points: number;
    reason?: string | undefined;
    approvalId?: string | undefined;
  },
): { transferId: string; from: Member; to: Member } {
  const q = reads(ctx.db);
  const done = q.byTransfer.all({ transferId: input.id });
  if (done.length > 0) {
    const out = done.find((row) => row.kind === 'transfer_out');
    const into = done.find((row) => row.kind === 'transfer_in');
    if (out?.memberId === input.fromMemberId && into?.memberId === input.toMemberId && into.points === input.points)
      return { transferId: input.id, from: requireMember(ctx, out.memberId), to: requireMember(ctx, into.memberId) };
    throw new AppError('CONFLICT', 'That transfer id was used for another transfer: start again.', { transferId: input.id });
  }
  if (input.fromMemberId === input.toMemberId)
    throw new AppError('VALIDATION', 'Points go to another member, not back to the same one.', { field: 'toMemberId' });
  const from = requireMember(ctx, input.fromMemberId);
  const to = requireMember(ctx, input.toMemberId);
  for (const member of [from, to]) {
    if (member.erasedAt !== null)
      throw new AppError('CONFLICT', 'An erased member can neither give nor receive points.', { memberId: member.id });
    if (!member.active)
      throw new AppError('CONFLICT', `${member.name}’s card is stopped: points cannot move to or from it.`, { memberId: member.id });
  }
  if (from.pointsBalance < input.points) throw insufficient(from, input.points);
  const { transferApprovalAbove } = readSettings(ctx).loyalty;
  const staffId = session.staff?.id ?? null;
  const approvedBy =
    input.points > transferApprovalAbove
      ? requireApproval(
          ctx,
          session,
          {
            action: 'pointsTransfer',
            targetId: input.id,
            terms: { maxPoints: input.points },
            what: `A transfer of ${input.points.toLocaleString('en')} points (above ${transferApprovalAbove.toLocaleString('en')})`,
          },
          input.approvalId,
        )
      : null;
  const reason = input.reason?.trim() || null;
  const common = { transferId: input.id, reason, staffId, approvedBy };
  postPoints(ctx, { ...common, memberId: from.id, kind: 'transfer_out', points: -input.points });
  postPoints(ctx, { ...common, memberId: to.id, kind: 'transfer_in', points: input.points });
  appendJournal(ctx, 'points_transfer', input.id, transferDocument(ctx, input.id));
  audit(ctx, {
    action: 'points.transfer',
    actorStaffId: staffId,
    approverStaffId: approvedBy !== staffId ? approvedBy : null,
    entity: 'transfer',
    entityId: input.id,
    details: { fromMemberId: from.id, toMemberId: to.id, points: input.points },
  });
  return { transferId: input.id, from: requireMember(ctx, from.id), to: requireMember(ctx, to.id) };
}

/** A member's points movements, newest first (see loyalty.history). */
export function memberHistory(ctx: ReadContext, input: { memberId: string; limit: number; cursor?: string | undefined }) {
  requireMember(ctx, input.memberId);
  const before = input.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(input.cursor);
  if (!Number.isSafeInteger(before)) throw new AppError('VALIDATION', 'The history cursor is not valid; start again.', { field: 'cursor' });
  const q = reads(ctx.db);
  const rows = q.history.all({ memberId: input.memberId, before, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  // a transfer's other member, for the whole page in one read
  const transferIds = [...new Set(page.flatMap((row) => (row.transferId ? [row.transferId] : [])))];
  const others =
    transferIds.length === 0
      ? []
      : ctx.db
          .select({ transferId: pointsLedger.transferId, id: members.id, name: members.name, erasedAt: members.erasedAt })
          .from(pointsLedger)
          .innerJoin(members, eq(members.id, pointsLedger.memberId))
          .where(and(inArray(pointsLedger.transferId, transferIds), ne(pointsLedger.memberId, input.memberId)))
          .all();
  const items = page.map(({ sale, ...row }) => {
    const other = row.transferId ? others.find((o) => o.transferId === row.transferId) : undefined;
    return {
      ...row,
      sale: sale
        ? {
            id: sale.id,
            kind: sale.kind,
            receiptCode: receiptCode(sale.terminalId, sale.receiptNo),
            totalMinor: sale.totalMinor,
            createdAt: sale.createdAt,
          }
        : null,
      counterpart: other ? { id: other.id, name: other.name } : null,
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? String(last.seq) : null };
}

/** Everything stored about a member (see loyalty.export); the export itself is audited. */
export function exportMember(ctx: CoreContext, session: Session, id: string) {
  const member = requireMember(ctx, id);
  const ledger = reads(ctx.db).memberLedger.all({ memberId: id });
  const memberSales = ctx.db
    .select({
      id: sales.id,
      kind: sales.kind,
      terminalId: sales.terminalId,
      receiptNo: sales.receiptNo,
      createdAt: sales.createdAt,
      totalMinor: sales.totalMinor,
    })
    .from(sales)
    .where(eq(sales.memberId, id))
    .orderBy(sales.createdAt)
    .all();
  audit(ctx, { action: 'member.export', actorStaffId: session.staff?.id ?? null, entity: 'member', entityId: id });
  return {
    exportedAt: ctx.now(),
    member,
    ledger,
    sales: memberSales.map((s) => ({
      id: s.id,
      kind: s.kind,
      receiptCode: receiptCode(s.terminalId, s.receiptNo),
      createdAt: s.createdAt,
      totalMinor: s.totalMinor,
    })),
  };
}

/** The first member whose cached balance is not the sum of its ledger (plus the points central says were moved at other terminals), or null (ringup verify). */
export function balanceProblem(ctx: ReadContext): string | null {
  const row = prepared<[], { id: string; name: string; balance: number; ledger: number }>(
    ctx.sqlite,
    `SELECT m.id, m.name, m.points_balance AS balance, m.remote_points + coalesce((SELECT sum(points) FROM points_ledger l WHERE l.member_id = m.id), 0) AS ledger
       FROM members m WHERE m.points_balance <> m.remote_points + coalesce((SELECT sum(points) FROM points_ledger l WHERE l.member_id = m.id), 0) LIMIT 1`,
  ).get();
  return row ? `member ${row.id} (${row.name}) has a balance of ${row.balance} points but a ledger that adds up to ${row.ledger}` : null;
}
