import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { CoreContext, ReadContext } from '../../context';
import type { Db } from '../../db/open';
import { members, pointsLedger, sales } from '../../db/schema';
import { perConnection } from '../../db/statements';
import type { Settings } from '../setup/settings';
import { readSettings } from '../setup/settings';
import { postPoints } from './ledger';
import { emitMember, type Member, requireMember } from './members';

/** What a line of a sale contributes to the points it earns: its product, category and what was paid for it. */
export interface EarningLine {
  productId: string | null;
  categoryId: string | null;
  totalMinor: number;
}

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The points a sale earns a member: `earnPointsPerUnit` per whole currency unit paid for lines
 * that earn (excluded products and categories do not), times the tier's multiplier, rounded down.
 */
export function pointsEarned(
  settings: Settings,
  tier: Member['tier'],
  lines: readonly EarningLine[],
  currencyExponent = 2,
  /** what points paid: points earn no points */
  paidWithPointsMinor = 0,
): number {
  const rules = settings.loyalty;
  const excludedProducts = new Set(rules.excludedProductIds);
  const excludedCategories = new Set(rules.excludedCategoryIds);
  const earningMinor =
    lines.reduce((sum, line) => {
      if (line.productId && excludedProducts.has(line.productId)) return sum;
      if (line.categoryId && excludedCategories.has(line.categoryId)) return sum;
      return sum + Math.max(0, line.totalMinor);
    }, 0) - paidWithPointsMinor;
  if (earningMinor <= 0) return 0;
  const unit = 10 ** currencyExponent;
  // integers throughout: whole units × points × multiplier (basis points), then down to whole points
  const units = Math.floor(earningMinor / unit);
  return Math.floor((units * rules.earnPointsPerUnit * rules.tierMultiplierBp[tier]) / 10_000);
}

const reads = perConnection((db) => ({
  // what a member spent over the last 12 months: sales less refunds
  spend: db
    .select({
      total: sql<number>`coalesce(sum(CASE WHEN ${sales.kind} = 'sale' THEN ${sales.totalMinor} ELSE -${sales.totalMinor} END), 0)`,
    })
    .from(sales)
    .where(and(eq(sales.memberId, sql.placeholder('memberId')), gte(sales.createdAt, sql.placeholder('since'))))
    .prepare(),
}));

const writes = perConnection((db: Db) => ({
  // a new tier (prepared: building and preparing the update each time cost more than the rest of the earning)
  setTier: db
    .update(members)
    .set({
      tier: sql`${sql.placeholder('tier')}`,
      tierSince: sql`${sql.placeholder('at')}`,
      updatedAt: sql`${sql.placeholder('at')}`,
    })
    .where(eq(members.id, sql.placeholder('id')))
    .prepare(),
}));

const TIER_ORDER: Member['tier'][] = ['bronze', 'silver', 'gold', 'platinum'];

/** The tier a 12-month spend reaches. */
export function tierFor(settings: Settings, spendMinor: number): Member['tier'] {
  const t = settings.loyalty.tierThresholdsMinor;
  if (spendMinor >= t.platinum) return 'platinum';
  if (spendMinor >= t.gold) return 'gold';
  if (spendMinor >= t.silver) return 'silver';
  return 'bronze';
}

/**
 * Move a member's tier after a sale or refund: up at once when the 12-month spend reaches a higher
 * tier; down only once the current tier has been held a full 12 months.
 */
export function reviewTier(ctx: CoreContext, member: Member): Member['tier'] {
  const settings = readSettings(ctx);
  const now = ctx.now();
  // the top tier cannot go up, and comes down only after its year: nothing to read before then
  if (member.tier === 'platinum' && now - member.tierSince < YEAR_MS) return member.tier;
  const spend = reads(ctx.db).spend.get({ memberId: member.id, since: now - YEAR_MS })?.total ?? 0;
  const reached = tierFor(settings, spend);
  const up = TIER_ORDER.indexOf(reached) > TIER_ORDER.indexOf(member.tier);
  const downDue = TIER_ORDER.indexOf(reached) < TIER_ORDER.indexOf(member.tier) && now - member.tierSince >= YEAR_MS;
  if (!up && !downDue) return member.tier;
  writes(ctx.db).setTier.run({ id: member.id, tier: reached, at: now });
  // central keeps the member's record: a new tier travels like any change of it
  emitMember(ctx, requireMember(ctx, member.id));
  return reached;
}

/** Earn a completed sale's points (in its transaction): one ledger row linked to the sale. */
export function earnForSale(
  ctx: CoreContext,
  input: {
    member: Member;
    saleId: string;
    lines: readonly EarningLine[];
    staffId: string;
    currencyExponent: number;
    paidWithPointsMinor: number;
  },
): number {
  const points = pointsEarned(readSettings(ctx), input.member.tier, input.lines, input.currencyExponent, input.paidWithPointsMinor);
  if (points > 0)
    postPoints(ctx, {
      member: input.member,
      memberId: input.member.id,
      kind: 'earn',
      points,
      saleId: input.saleId,
      staffId: input.staffId,
    });
  return points;
}

export function memberSpend(ctx: ReadContext, memberId: string, since: number): number {
  return reads(ctx.db).spend.get({ memberId, since })?.total ?? 0;
}

const reversals = perConnection((db) => ({
  earned: db
    .select({ points: sql<number>`coalesce(sum(${pointsLedger.points}), 0)` })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.saleId, sql.placeholder('saleId')), eq(pointsLedger.kind, 'earn')))
    .prepare(),
  // what the sale's earlier refunds took back (their rows are linked to the refunds)
  reversed: db
    .select({ points: sql<number>`coalesce(sum(${pointsLedger.points}), 0)` })
    .from(pointsLedger)
    .innerJoin(sales, eq(sales.id, pointsLedger.saleId))
    // (negative rows only: a refund also gives back, as a positive reversal, the points that paid)
    .where(and(eq(sales.originalSaleId, sql.placeholder('saleId')), eq(pointsLedger.kind, 'refund_reversal'), lt(pointsLedger.points, 0)))
    .prepare(),
}));

/**
 * A refund takes back the points its sale earned, in proportion to what is refunded (all of them
 * once the whole sale is back). With `refundBelowZero: 'cap'` it stops at a balance of zero, and
 * the row says how many could not be taken back; with 'allow' the balance may go below zero.
 */
export function reverseForRefund(
  ctx: CoreContext,
  input: {
    memberId: string;
    saleId: string;
    saleTotalMinor: number;
    refundedBeforeMinor: number;
    refundId: string;
    refundMinor: number;
    staffId: string;
  },
): { reversed: number; notReversed: number } {
  const q = reversals(ctx.db);
  const earned = q.earned.get({ saleId: input.saleId })?.points ?? 0;
  if (earned <= 0 || input.saleTotalMinor <= 0) return { reversed: 0, notReversed: 0 };
  const already = -(q.reversed.get({ saleId: input.saleId })?.points ?? 0);
  const refunded = Math.min(input.saleTotalMinor, input.refundedBeforeMinor + input.refundMinor);
  const due = Math.min(earned, Math.floor((earned * refunded) / input.saleTotalMinor)) - already;
  if (due <= 0) return { reversed: 0, notReversed: 0 };
  const settings = readSettings(ctx);
  const member = requireMember(ctx, input.memberId);
  const allow = settings.loyalty.refundBelowZero === 'allow';
  const reversed = allow ? due : Math.min(due, Math.max(0, member.pointsBalance));
  const notReversed = due - reversed;
  if (reversed > 0)
    postPoints(ctx, {
      memberId: input.memberId,
      kind: 'refund_reversal',
      points: -reversed,
      saleId: input.refundId,
      staffId: input.staffId,
      allowNegative: allow,
      reason: notReversed > 0 ? `${notReversed} points already spent could not be taken back` : null,
    });
  return { reversed, notReversed };
}
