import { Cron } from 'croner';
import { and, asc, eq, gt, gte, isNull, lte, max, ne, notExists, sql } from 'drizzle-orm';
import { localDate, startOfLocalDay } from '../../../../src/shared/timeZone';
import { audit } from '../../audit';
import type { CoreContext, ReadContext } from '../../context';
import { members, openSales, pointsLedger, sales } from '../../db/schema';
import { perConnection, sqlOnly } from '../../db/statements';
import { isRestoring } from '../backup/host';
import { appendJournal } from '../sales/journal';
import { readSettings } from '../setup/settings';
import { adjustmentDocument, postPoints } from './ledger';

// Points expiry, inactivity-based: a member's whole positive balance expires once they have had no
// points movement (other than an expiry) and no sale or refund for `loyalty.pointsExpireAfterMonths`
// months. Erased members keep their anonymous balance (the books still add up); stopped cards
// expire like the others. Members are walked by id in windows of EXPIRY_WINDOW, each window's
// expiries one short IMMEDIATE transaction, so a sale at the till waits for one batch at most.

/** How many members one step of the walk looks at (and so the most one transaction expires). */
export const EXPIRY_WINDOW = 500;

export interface ExpiryResult {
  /** members whose points expired (or would, on a dry run) */
  members: number;
  /** the points they lost together */
  points: number;
  /** activity at or after this instant keeps a member's points; null when points never expire */
  cutoff: number | null;
}

const placeholder = sql.placeholder;
const one = sql<number>`1`;

/** The queries of the walk, built on a connection to prepare or on sqlOnly to render (query-plan tests). */
function expiryQueries(db: Pick<ReadContext['db'], 'select'>) {
  // a member whose points are due to expire: a positive balance, not erased, and nothing since the cutoff
  const due = and(
    gt(members.pointsBalance, 0),
    isNull(members.erasedAt),
    notExists(
      db
        .select({ one })
        .from(pointsLedger)
        .where(and(eq(pointsLedger.memberId, members.id), ne(pointsLedger.kind, 'expire'), gte(pointsLedger.at, placeholder('cutoff')))),
    ),
    notExists(
      db
        .select({ one })
        .from(sales)
        .where(and(eq(sales.memberId, members.id), gte(sales.createdAt, placeholder('cutoff')))),
    ),
    // a member on a sale in progress is at the till right now: their points wait for the next run
    // (and by then the sale, once completed, is activity); the cart is JSON, so its member is read in SQL
    notExists(db.select({ one }).from(openSales).where(sql`json_extract(${openSales.cart}, '$.memberId') = ${members.id}`)),
  );
  const window = db
    .select({ id: members.id })
    .from(members)
    .where(gt(members.id, placeholder('after')))
    .orderBy(asc(members.id))
    .limit(EXPIRY_WINDOW)
    .as('members_window');
  return {
    // the last member id of the next window after `after` (null: the walk is over)
    windowEnd: db.select({ last: max(window.id) }).from(window),
    // the members of the window (after, last] whose points are due, read before its transaction
    candidates: db
      .select({ id: members.id, pointsBalance: members.pointsBalance })
      .from(members)
      .where(and(gt(members.id, placeholder('after')), lte(members.id, placeholder('last')), due))
      .orderBy(asc(members.id)),
    // the same rule for one member again, inside the transaction (a sale may have come in between)
    stillDue: db
      .select({ pointsBalance: members.pointsBalance, joinedAt: members.joinedAt })
      .from(members)
      .where(and(eq(members.id, placeholder('id')), due)),
    lastMovement: db
      .select({ at: max(pointsLedger.at) })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.memberId, placeholder('id')), ne(pointsLedger.kind, 'expire'))),
    lastSale: db
      .select({ at: max(sales.createdAt) })
      .from(sales)
      .where(eq(sales.memberId, placeholder('id'))),
  };
}

const reads = perConnection((db) => {
  const q = expiryQueries(db);
  return {
    windowEnd: q.windowEnd.prepare(),
    candidates: q.candidates.prepare(),
    stillDue: q.stillDue.prepare(),
    lastMovement: q.lastMovement.prepare(),
    lastSale: q.lastSale.prepare(),
  };
});

/** The SQL of each query of the walk as it is prepared (for the query-plan tests). */
export const EXPIRY_SQL = Object.fromEntries(
  Object.entries(expiryQueries(sqlOnly)).map(([name, query]) => [name, query.toSQL().sql]),
) as Record<keyof ReturnType<typeof expiryQueries>, string>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The start of the local day `months` calendar months before the day `now` falls on, in the
 * store's zone (31 March less one month is the last day of February): activity from then on keeps points.
 */
export function expiryCutoff(now: number, months: number, timeZone: string): number {
  const [year, month, day] = localDate(now, timeZone).split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const toYear = Math.floor(index / 12);
  const toMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate();
  return startOfLocalDay(`${pad(toYear, 4)}-${pad(toMonth)}-${pad(Math.min(day, lastDay))}`, timeZone);
}

/** What expires a member's points: no activity since `cutoff` (the start of the day `months` ago, in the store's zone). */
export interface ExpiryRule {
  cutoff: number;
  months: number;
  timeZone: string;
}

/** The store's expiry rule as of now, or null when points never expire (the setting is 0). */
export function expiryRule(ctx: ReadContext): ExpiryRule | null {
  const { loyalty, timeZone } = readSettings(ctx);
  const months = loyalty.pointsExpireAfterMonths;
  return months === 0 ? null : { cutoff: expiryCutoff(ctx.now(), months, timeZone), months, timeZone };
}

/**
 * Expire the members among `ids` whose points are still due, checked again here (inside the
 * caller's transaction: a sale may have come in since they were found): what was expired.
 */
export function expireStillDue(ctx: CoreContext, ids: readonly string[], rule: ExpiryRule): { members: number; points: number } {
  const q = reads(ctx.db);
  let count = 0;
  let points = 0;
  for (const id of ids) {
    const due = q.stillDue.get({ id, cutoff: rule.cutoff });
    // points moved, a sale came in or the member was erased since the walk found them
    if (!due) continue;
    const lastAt = Math.max(q.lastMovement.get({ id })?.at ?? 0, q.lastSale.get({ id })?.at ?? 0) || due.joinedAt;
    const entry = postPoints(ctx, {
      memberId: id,
      kind: 'expire',
      points: -due.pointsBalance,
      reason: `No points activity or purchase since ${localDate(lastAt, rule.timeZone)} (points expire after ${rule.months === 1 ? '1 month' : `${rule.months} months`})`,
      // the store's rule expires them, not a person
      staffId: null,
    });
    appendJournal(ctx, 'points_expire', entry.id, adjustmentDocument(ctx, entry.id));
    count += 1;
    points += due.pointsBalance;
  }
  return { members: count, points };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Expire the points of every member due (see loyalty.expire): the members walked by id, each
 * window's expiries committed in their own IMMEDIATE transaction with the event loop let go in
 * between, and one audit row for the run. Nothing is written on a dry run or when the store's
 * setting is 0. Stops between windows when `shouldStop` says so, the database closes or a restore starts.
 */
export async function expirePoints(
  ctx: CoreContext,
  options: { dryRun?: boolean; actorStaffId?: string | null; shouldStop?: () => boolean } = {},
): Promise<ExpiryResult> {
  const rule = expiryRule(ctx);
  if (!rule) return { members: 0, points: 0, cutoff: null };
  const q = reads(ctx.db);
  const carryOn = () => ctx.sqlite.open && !isRestoring(ctx.sqlite) && !options.shouldStop?.();
  const total = { members: 0, points: 0 };
  let after = '';
  let windows = 0;
  while (carryOn()) {
    const last = q.windowEnd.get({ after })?.last ?? null;
    if (last === null) break;
    const candidates = q.candidates.all({ after, last, cutoff: rule.cutoff });
    after = last;
    windows += 1;
    if (candidates.length > 0) {
      const done = options.dryRun
        ? { members: candidates.length, points: candidates.reduce((sum, c) => sum + c.pointsBalance, 0) }
        : ctx.sqlite.transaction((ids: string[]) => expireStillDue(ctx, ids, rule)).immediate(candidates.map((c) => c.id));
      total.members += done.members;
      total.points += done.points;
    }
    // a sale at the till goes in between two windows
    await nextTurn();
  }
  if (!options.dryRun && total.members > 0 && ctx.sqlite.open && !isRestoring(ctx.sqlite)) {
    ctx.sqlite
      .transaction(() =>
        audit(ctx, {
          action: 'points.expire',
          actorStaffId: options.actorStaffId ?? null,
          entity: 'loyalty',
          details: { members: total.members, points: total.points, cutoff: rule.cutoff, months: rule.months, windows },
        }),
      )
      .immediate();
  }
  return { ...total, cutoff: rule.cutoff };
}

/**
 * Start the daily points expiry of a running terminal (electron main, `ringup serve`): once shortly
 * after start, then every day at 03:15 local time (after the nightly backup at its default hour). Returns stop(), which
 * waits for a run in progress to finish its batch.
 */
export function startPointsExpiry(
  ctx: CoreContext,
  options: { firstRunAfterMs?: number; pattern?: string; onRun?: (result: ExpiryResult) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const run = () => {
    if (stopped || running || !ctx.sqlite.open || isRestoring(ctx.sqlite)) return;
    running = (async () => {
      // a terminal not set up yet has no members to expire (and no terminal id to write them with)
      if (!readSettings(ctx).terminalId) return;
      const result = await expirePoints(ctx, { shouldStop: () => stopped });
      if (result.members > 0) ctx.log.info('loyalty.points_expired', { ...result });
      options.onRun?.(result);
    })()
      .catch((error: unknown) => ctx.log.error('loyalty.expiry_failed', { error }))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, options.firstRunAfterMs ?? 60_000);
  first.unref();
  const daily = new Cron(options.pattern ?? '15 3 * * *', { unref: true }, run);
  return async () => {
    stopped = true;
    clearTimeout(first);
    daily.stop();
    await running;
  };
}
