import { and, eq, gte, sql } from 'drizzle-orm';
import { formatMoney } from '../../../../src/shared/money';
import type { CoreContext, ReadContext } from '../../context';
import { pointsLedger, syncState } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { appendJournal } from '../sales/journal';
import { readSettings } from '../setup/settings';
import { adjustmentDocument, pointsText, postPoints } from './ledger';
import type { Member } from './members';

// Paying with points: a tender of sale.complete ({ method: 'points', points, amountMinor }),
// checked against the member, the store's rules and the balance, written in the sale's transaction.

const reads = perConnection((db) => ({
  // the points a member redeemed on this terminal since a moment (the start of today)
  redeemedSince: db
    .select({ points: sql<number>`coalesce(-sum(${pointsLedger.points}), 0)` })
    .from(pointsLedger)
    .where(
      and(
        eq(pointsLedger.memberId, sql.placeholder('memberId')),
        // a literal, not a parameter: it is what lets SQLite use the partial index of redemptions
        sql`${pointsLedger.kind} = 'redeem'`,
        eq(pointsLedger.terminalId, sql.placeholder('terminalId')),
        gte(pointsLedger.at, sql.placeholder('since')),
      ),
    )
    .prepare(),
  lastSyncedAt: db.select({ at: syncState.lastSyncedAt }).from(syncState).where(eq(syncState.id, 1)).prepare(),
}));

// the day last asked about (read at every member scan: a Date's local-time arithmetic costs more than the rest)
let today = { start: 0, end: 0 };

/** Local midnight of the day `now` falls in: the daily cap counts from there. */
function startOfDay(now: number): number {
  if (now >= today.start && now < today.end) return today.start;
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  const next = new Date(day);
  // the next local midnight (a day is 23 or 25 hours when the clocks change)
  next.setDate(next.getDate() + 1);
  today = { start: day.getTime(), end: next.getTime() };
  return today.start;
}

/** How recent the last full sync must be for the till to count as synced with central. */
export const SYNCED_WITHIN_MS = 5 * 60_000;

/**
 * Whether the till is synced with central now: a run pushed everything waiting and pulled to the
 * end less than SYNCED_WITHIN_MS ago (the loop runs every 10 s while central answers). A till
 * without a central database, or cut off from it for longer, is not.
 */
export function syncedWithCentral(ctx: ReadContext, now = ctx.now()): boolean {
  const at = reads(ctx.db).lastSyncedAt.get()?.at ?? null;
  return at !== null && at <= now && now - at < SYNCED_WITHIN_MS;
}

/**
 * What is left of today's cap on points one member may redeem on this terminal while it has not
 * synced with central (the guard against the same points being spent at two stores both offline),
 * or null when the store sets no cap or the till is synced (central's balances came with the last pull).
 */
export function dailyCapLeft(ctx: ReadContext, memberId: string): number | null {
  const { loyalty, terminalId } = readSettings(ctx);
  if (loyalty.offlineDailyRedeemCap === 0 || syncedWithCentral(ctx)) return null;
  const used = reads(ctx.db).redeemedSince.get({ memberId, terminalId, since: startOfDay(ctx.now()) })?.points ?? 0;
  return Math.max(loyalty.offlineDailyRedeemCap - used, 0);
}

/** The most points of a member that can pay `totalMinor` now: balance, today's cap and the total, and at least the minimum. */
export function redeemablePoints(
  ctx: ReadContext,
  member: Member,
  totalMinor: number,
  /** today's cap left, when the caller has read it already */
  cap: number | null = dailyCapLeft(ctx, member.id),
): number {
  const { loyalty } = readSettings(ctx);
  const most = Math.min(
    Math.max(member.pointsBalance, 0),
    cap ?? Number.MAX_SAFE_INTEGER,
    Math.floor(totalMinor / loyalty.pointValueMinor),
  );
  return member.active && most >= loyalty.minRedeemPoints ? most : 0;
}

type PointsPayment = { method: 'points'; points: number; amountMinor: number };

/** Check the points tenders of a sale (nothing is written): the member, what the points are worth, the minimum, the balance, the cap. */
export function checkRedemption(ctx: CoreContext, member: Member | undefined, payments: readonly PointsPayment[]): number {
  if (payments.length === 0) return 0;
  if (!member) throw new AppError('VALIDATION', 'Points pay only for the member they belong to: scan the member’s card first.');
  if (!member.active) throw new AppError('CONFLICT', `${member.name}’s card is stopped: its points cannot pay.`, { memberId: member.id });
  const { loyalty, currency } = readSettings(ctx);
  const money = (minor: number) => formatMoney(minor, currency, 'en');
  for (const payment of payments) {
    const worth = payment.points * loyalty.pointValueMinor;
    if (payment.amountMinor !== worth)
      throw new AppError('VALIDATION', `${pointsText(payment.points)} are worth ${money(worth)}, not ${money(payment.amountMinor)}.`, {
        points: payment.points,
        worthMinor: worth,
      });
  }
  const points = payments.reduce((sum, p) => sum + p.points, 0);
  if (points < loyalty.minRedeemPoints)
    throw new AppError('VALIDATION', `At least ${pointsText(loyalty.minRedeemPoints)} are redeemed at a time.`, {
      minRedeemPoints: loyalty.minRedeemPoints,
    });
  if (points > member.pointsBalance)
    throw new AppError(
      'INSUFFICIENT_POINTS',
      `${member.name} has ${pointsText(member.pointsBalance)}: ${pointsText(points)} cannot be redeemed.`,
      {
        memberId: member.id,
        balance: member.pointsBalance,
        asked: points,
      },
    );
  const cap = dailyCapLeft(ctx, member.id);
  if (cap !== null && points > cap)
    throw new AppError(
      'INSUFFICIENT_POINTS',
      `Until this till has synced with the head office, ${member.name} may redeem ${pointsText(loyalty.offlineDailyRedeemCap)} a day here: ${pointsText(cap)} left today.`,
      { memberId: member.id, dailyCap: loyalty.offlineDailyRedeemCap, capLeft: cap, asked: points },
    );
  return points;
}

/** Write the redemption of a completed sale (its transaction): one ledger row, journalled. */
export function redeemForSale(ctx: CoreContext, input: { member: Member; saleId: string; points: number; staffId: string }): Member {
  if (input.points <= 0) return input.member;
  const entry = postPoints(ctx, {
    member: input.member,
    memberId: input.member.id,
    kind: 'redeem',
    points: -input.points,
    saleId: input.saleId,
    staffId: input.staffId,
  });
  appendJournal(ctx, 'points_redeem', entry.id, adjustmentDocument(ctx, entry.id));
  // the member as it now stands, for what the sale does next (earning)
  return { ...input.member, pointsBalance: entry.balanceAfter };
}

const redeemedOf = perConnection((db) => ({
  bySale: db
    .select({ points: sql<number>`coalesce(-sum(${pointsLedger.points}), 0)` })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.saleId, sql.placeholder('saleId')), eq(pointsLedger.kind, 'redeem')))
    .prepare(),
}));

/**
 * A refund of goods that points paid for gives those points back (a `refund_reversal` row, + points,
 * linked to the refund), at the rate the sale redeemed them: on running totals, so refunds in any
 * number of parts give back exactly the points redeemed.
 */
export function returnRedeemedPoints(
  ctx: CoreContext,
  input: {
    memberId: string;
    saleId: string;
    salePointsMinor: number;
    earlierBackMinor: number;
    backMinor: number;
    refundId: string;
    staffId: string;
  },
): number {
  const redeemed = redeemedOf(ctx.db).bySale.get({ saleId: input.saleId })?.points ?? 0;
  if (redeemed <= 0 || input.salePointsMinor <= 0) return 0;
  const cumulative = (minor: number) => Math.floor((redeemed * Math.min(minor, input.salePointsMinor)) / input.salePointsMinor);
  const points = cumulative(input.earlierBackMinor + input.backMinor) - cumulative(input.earlierBackMinor);
  if (points > 0)
    postPoints(ctx, {
      memberId: input.memberId,
      kind: 'refund_reversal',
      points,
      saleId: input.refundId,
      staffId: input.staffId,
      reason: 'Points that paid for the refunded goods',
    });
  return points;
}
