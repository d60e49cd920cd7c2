import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import {
  EXPIRY_SQL,
  EXPIRY_WINDOW,
  expireStillDue,
  expiryCutoff,
  expiryRule,
  startPointsExpiry,
} from '../../electron/core/features/loyalty/expire';
import { balanceProblem } from '../../electron/core/features/loyalty/ledger';
import { seedDatabase } from '../../electron/core/seed/seed';
import type { Session } from '../../electron/core/session';
import type { Result } from '../../src/shared/result';
import { queryPlan } from '../helpers/db';
import { makeTill, type Till, tableChecksum } from '../sales/fixture';

// Points expiry: a member's whole positive balance expires after `loyalty.pointsExpireAfterMonths`
// months without points activity (any ledger row but an expiry) and without a sale; one `expire`
// row through the ledger (balance, event), journalled, one audit row a run; erased members and
// balances of zero or below are left alone; batches of members in short transactions.

// 2024-01-10 12:00 UTC: the store's zone is UTC in these tests, so the cutoffs are whole UTC days
const START = Date.UTC(2024, 0, 10, 12);
let clock = START;

let till: Till;
beforeEach(async () => {
  clock = START;
  till = await makeTill({ now: () => clock });
  till.call(till.manager, 'settings.update', { timeZone: 'UTC', loyalty: { pointsExpireAfterMonths: 12 } });
});
afterEach(() => till.close());

let n = 0;
function member(name: string, points = 0): { id: string } {
  n += 1;
  const made = till.call(till.cashier, 'loyalty.enroll', { name, email: `${name.split(' ')[0]?.toLowerCase()}${n}@example.com` });
  if (points !== 0) adjust(made.id, points);
  return made;
}
const adjust = (memberId: string, points: number) =>
  till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId, points, reason: 'Opening balance' });
const balance = (id: string) => till.call(till.cashier, 'loyalty.get', { id }).pointsBalance as number;
const ledgerSum = (id: string) =>
  (till.terminal.sqlite.prepare('SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE member_id = ?').get(id) as { s: number }).s;
const count = (sql: string, ...params: unknown[]) => (till.terminal.sqlite.prepare(sql).get(...params) as { n: number }).n;

/** A card sale of `productId` for the member; its id and first line. */
function saleFor(memberId: string, productId = till.products.wine.id): { id: string; lineId: string } {
  till.call(till.cashier, 'cart.addLine', { productId, quantity: 1 });
  const open = till.call(till.cashier, 'cart.setMember', { memberId });
  till.call(till.cashier, 'sale.complete', { id: open.id, payments: [{ method: 'card', amountMinor: open.totalMinor }] });
  const sale = till.call(till.cashier, 'sale.get', { id: open.id });
  return { id: sale.id, lineId: sale.lines[0].id };
}

const expire = (input: unknown, session: Session = till.manager) =>
  till.terminal.router.invokeAsync('loyalty.expire', input, session) as Promise<
    Result<{ members: number; points: number; cutoff: number | null }>
  >;
async function expired(input: unknown = {}) {
  const result = await expire(input);
  if (!result.ok) throw new Error(`loyalty.expire: ${JSON.stringify(result.error)}`);
  return result.data;
}

async function refused(input: unknown, session: Session, code: string) {
  const before = tableChecksum(till);
  const result = await expire(input, session);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(tableChecksum(till)).toBe(before);
}

describe('points expiry', () => {
  it("expires an inactive member's whole balance: one expire row, its event and journal entry, one audit row", async () => {
    const ana = member('Ana Lima', 700);
    // exactly 12 months later (2025-01-10): activity on the cutoff day still counts
    clock = Date.UTC(2025, 0, 10, 12);
    expect(await expired()).toEqual({ members: 0, points: 0, cutoff: Date.UTC(2024, 0, 10) });
    expect(balance(ana.id)).toBe(700);
    // a day later the 2024-01-10 adjustment is before the cutoff
    clock = Date.UTC(2025, 0, 11, 9);
    expect(await expired()).toEqual({ members: 1, points: 700, cutoff: Date.UTC(2024, 0, 11) });
    expect(balance(ana.id)).toBe(0);
    expect(ledgerSum(ana.id)).toBe(0);
    const rows = till.terminal.sqlite.prepare("SELECT * FROM points_ledger WHERE kind = 'expire'").all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({
      member_id: ana.id,
      points: -700,
      balance_after: 0,
      sale_id: null,
      transfer_id: null,
      staff_id: null,
      approved_by: null,
      terminal_id: 'T1',
      at: clock,
    });
    expect(row.reason).toBe('No points activity or purchase since 2024-01-10 (points expire after 12 months)');
    const event = till.terminal.sqlite.prepare("SELECT payload FROM outbox WHERE topic = 'points.moved' AND entity_id = ?").get(row.id) as {
      payload: string;
    };
    expect(JSON.parse(event.payload)).toMatchObject({
      v: 1,
      kind: 'expire',
      memberId: ana.id,
      points: -700,
      balanceAfter: 0,
      staffId: null,
    });
    expect(till.terminal.sqlite.prepare("SELECT document_id AS id FROM journal WHERE kind = 'points_expire'").all()).toEqual([
      { id: row.id },
    ]);
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true, problem: null });
    const audits = till.terminal.sqlite
      .prepare("SELECT actor_staff_id AS actor, details FROM audit_log WHERE action = 'points.expire'")
      .all() as {
      actor: string;
      details: string;
    }[];
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actor).toBe(till.manager.staff?.id);
    expect(JSON.parse(audits[0]?.details ?? '{}')).toMatchObject({ members: 1, points: 700, cutoff: Date.UTC(2024, 0, 11), months: 12 });
    // the member's history says it in words
    const history = till.call(till.cashier, 'loyalty.history', { memberId: ana.id });
    expect(history.items[0]).toMatchObject({ kind: 'expire', points: -700, reason: expect.stringContaining('2024-01-10') });
    // ringup verify: the journal chain and every balance against its ledger
    expect(balanceProblem(till.terminal.ctx)).toBeNull();
    const out: string[] = [];
    const code = await runCli(['verify', '--db', join(till.dir, 'till.db')], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(out.join('\n')).toContain('Database OK');
    expect(code).toBe(0);
  });

  it('keeps the points of members with a recent sale or points movement; leaves zero, negative and erased balances alone; stopped cards expire', async () => {
    till.call(till.manager, 'settings.update', { loyalty: { refundBelowZero: 'allow' } });
    const ana = member('Ana Idle', 500);
    const bob = member('Bob Buyer', 500);
    const cara = member('Cara Mover', 500);
    const dan = member('Dan Zero', 100);
    adjust(dan.id, -100);
    // a balance below zero: earned 12 on a sale, spent, then the sale refunded
    const eve = member('Eve Below');
    const sale = saleFor(eve.id);
    adjust(eve.id, -balance(eve.id));
    till.call(till.manager, 'sale.refund', {
      id: crypto.randomUUID(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lineId, quantity: 1, restock: false }],
      payBack: 'original',
    });
    expect(balance(eve.id)).toBeLessThan(0);
    const fred = member('Fred Erased', 500);
    till.call(till.manager, 'loyalty.erase', { id: fred.id, reason: 'Asked to be forgotten' });
    const gus = member('Gus Stopped', 300);
    till.call(till.manager, 'loyalty.deactivate', { id: gus.id, reason: 'Card reported lost' });

    // eleven months on: Bob buys something that earns nothing (only the sale is activity), Cara gets a point
    clock = Date.UTC(2024, 11, 10, 12);
    till.call(till.manager, 'settings.update', { loyalty: { earnPointsPerUnit: 0 } });
    saleFor(bob.id, till.products.tea.id);
    expect(count('SELECT count(*) AS n FROM points_ledger WHERE member_id = ? AND at = ?', bob.id, clock)).toBe(0);
    adjust(cara.id, 1);
    const eveBalance = balance(eve.id);

    clock = Date.UTC(2025, 1, 10, 12);
    expect(await expired()).toEqual({ members: 2, points: 800, cutoff: Date.UTC(2024, 1, 10) });
    expect(balance(ana.id)).toBe(0);
    expect(balance(gus.id)).toBe(0);
    expect(balance(bob.id)).toBe(500);
    expect(balance(cara.id)).toBe(501);
    expect(balance(dan.id)).toBe(0);
    expect(balance(eve.id)).toBe(eveBalance);
    // the erased member's anonymous balance stays, and still equals its ledger
    expect(balance(fred.id)).toBe(500);
    const expiredIds = till.terminal.sqlite
      .prepare("SELECT member_id AS id FROM points_ledger WHERE kind = 'expire' ORDER BY member_id")
      .all();
    expect(expiredIds).toEqual([{ id: ana.id }, { id: gus.id }].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(balanceProblem(till.terminal.ctx)).toBeNull();
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
  });

  it('checks each member again inside its transaction: one who bought since the walk found them keeps the points', () => {
    const ana = member('Ana Idle', 500);
    const bob = member('Bob Buyer', 400);
    clock = Date.UTC(2025, 5, 1, 12);
    till.call(till.manager, 'settings.update', { loyalty: { earnPointsPerUnit: 0 } });
    // both were candidates when the walk read them; then Bob's sale came in
    saleFor(bob.id, till.products.tea.id);
    const rule = expiryRule(till.terminal.ctx);
    if (!rule) expect.fail('the store has an expiry rule');
    const done = till.terminal.sqlite.transaction(() => expireStillDue(till.terminal.ctx, [ana.id, bob.id], rule)).immediate();
    expect(done).toEqual({ members: 1, points: 500 });
    expect(balance(ana.id)).toBe(0);
    expect(balance(bob.id)).toBe(400);
  });

  it('leaves a member on a sale in progress for the next run', async () => {
    const ana = member('Ana Lima', 500);
    clock = Date.UTC(2025, 5, 1, 12);
    till.call(till.cashier, 'cart.addLine', { productId: till.products.tea.id, quantity: 1 });
    till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    expect(await expired()).toMatchObject({ members: 0 });
    // the member taken off the sale: their points go at the next run
    till.call(till.cashier, 'cart.setMember', { memberId: null });
    expect(await expired()).toMatchObject({ members: 1, points: 500 });
  });

  it('is idempotent: a second run expires nothing and writes nothing; new activity starts the clock again', async () => {
    const ana = member('Ana Lima', 500);
    clock = Date.UTC(2025, 5, 1, 12);
    expect(await expired()).toMatchObject({ members: 1, points: 500 });
    const before = tableChecksum(till);
    expect(await expired()).toMatchObject({ members: 0, points: 0 });
    expect(tableChecksum(till)).toBe(before);
    // the expiry itself is no activity: points earned now expire twelve months after these
    adjust(ana.id, 50);
    clock = Date.UTC(2026, 5, 1, 12);
    expect(await expired()).toEqual({ members: 0, points: 0, cutoff: Date.UTC(2025, 5, 1) });
    clock = Date.UTC(2026, 5, 2, 12);
    expect(await expired()).toMatchObject({ members: 1, points: 50 });
    expect(count("SELECT count(*) AS n FROM points_ledger WHERE member_id = ? AND kind = 'expire'", ana.id)).toBe(2);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'points.expire'")).toBe(2);
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true, problem: null });
  });

  it('a dry run counts what would expire and changes nothing', async () => {
    member('Ana Lima', 500);
    member('Bob Lima', 250);
    clock = Date.UTC(2025, 5, 1, 12);
    const before = tableChecksum(till);
    expect(await expired({ dryRun: true })).toEqual({ members: 2, points: 750, cutoff: Date.UTC(2024, 5, 1) });
    expect(tableChecksum(till)).toBe(before);
    expect(await expired({ dryRun: false })).toEqual({ members: 2, points: 750, cutoff: Date.UTC(2024, 5, 1) });
  });

  it('with the setting at 0 (the default) points never expire: zeros, no cutoff, nothing changed', async () => {
    member('Ana Lima', 500);
    till.call(till.manager, 'settings.update', { loyalty: { pointsExpireAfterMonths: 0 } });
    clock = Date.UTC(2034, 0, 1);
    const before = tableChecksum(till);
    expect(await expired()).toEqual({ members: 0, points: 0, cutoff: null });
    expect(await expired({ dryRun: true })).toEqual({ members: 0, points: 0, cutoff: null });
    expect(tableChecksum(till)).toBe(before);
  });

  it('is for managers (FORBIDDEN for a cashier, nothing changed) and refuses bad input with VALIDATION', async () => {
    member('Ana Lima', 500);
    clock = Date.UTC(2025, 5, 1, 12);
    await refused({}, till.cashier, 'FORBIDDEN');
    await refused({}, till.anonymous, 'UNAUTHENTICATED');
    for (const input of [{ dryRun: 'yes' }, { dryRun: 1 }, { dryRun: true, months: 3 }, { extra: true }, [], 'expire'])
      await refused(input, till.manager, 'VALIDATION');
  });

  it('the setting is 0 to 120 whole months, refused in words otherwise', () => {
    expect(till.call(till.manager, 'settings.get', {}).loyalty.pointsExpireAfterMonths).toBe(12);
    for (const months of [-1, 121, 1.5, '12']) {
      const result = till.raw(till.manager, 'settings.update', { loyalty: { pointsExpireAfterMonths: months } });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toMatch(/months/);
      }
    }
    // a partial loyalty update leaves it as it was
    till.call(till.manager, 'settings.update', { loyalty: { minRedeemPoints: 50 } });
    expect(till.call(till.manager, 'settings.get', {}).loyalty.pointsExpireAfterMonths).toBe(12);
  });

  it('counts months on the calendar, in the store time zone', () => {
    expect(expiryCutoff(Date.UTC(2025, 2, 31, 12), 1, 'UTC')).toBe(Date.UTC(2025, 1, 28));
    expect(expiryCutoff(Date.UTC(2024, 2, 31, 12), 1, 'UTC')).toBe(Date.UTC(2024, 1, 29));
    expect(expiryCutoff(Date.UTC(2025, 0, 15, 12), 13, 'UTC')).toBe(Date.UTC(2023, 11, 15));
    expect(expiryCutoff(Date.UTC(2025, 0, 15, 12), 120, 'UTC')).toBe(Date.UTC(2015, 0, 15));
    // 23:30 UTC on 14 January is already the 15th in Berlin; its midnight is 23:00 UTC the day before
    expect(expiryCutoff(Date.UTC(2025, 0, 14, 23, 30), 12, 'Europe/Berlin')).toBe(Date.UTC(2024, 0, 14, 23));
  });

  it('walks the members in windows, each its own transaction, and the till keeps selling in between', async () => {
    // 1,300 seeded members (joined 2018–2023, opening balances as adjust rows): three windows
    seedDatabase(till.terminal, { products: 0, members: 1300, sales: 0, seed: 3 });
    clock = Date.UTC(2026, 0, 1, 12);
    const due = count('SELECT count(*) AS n FROM members WHERE points_balance > 0 AND erased_at IS NULL');
    const duePoints = count('SELECT coalesce(sum(points_balance), 0) AS n FROM members WHERE points_balance > 0 AND erased_at IS NULL');
    expect(due).toBeGreaterThan(EXPIRY_WINDOW);
    let finished = false;
    const running = expired().then((result) => {
      finished = true;
      return result;
    });
    // between two windows a sale goes through
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    till.call(till.cashier, 'cart.addLine', { productId: till.products.tea.id, quantity: 1 });
    const open = till.call(till.cashier, 'cart.current', {});
    till.call(till.cashier, 'sale.complete', { id: open.id, payments: [{ method: 'card', amountMinor: open.totalMinor }] });
    expect(await running).toEqual({ members: due, points: duePoints, cutoff: Date.UTC(2025, 0, 1) });
    expect(count('SELECT count(*) AS n FROM members WHERE points_balance > 0 AND erased_at IS NULL')).toBe(0);
    expect(count("SELECT count(*) AS n FROM journal WHERE kind = 'points_expire'")).toBe(due);
    const audit = till.terminal.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'points.expire'").all() as {
      details: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ members: due, points: duePoints, windows: 3 });
    expect(balanceProblem(till.terminal.ctx)).toBeNull();
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
  });

  it('reads members by id range and each member by its indexes (query plans)', () => {
    const plan = (name: keyof typeof EXPIRY_SQL) => {
      const sql = EXPIRY_SQL[name];
      return queryPlan(till.terminal.sqlite, sql, Array((sql.match(/\?/g) ?? []).length).fill('x')).join('\n');
    };
    expect(plan('windowEnd')).toMatch(/COVERING INDEX sqlite_autoindex_members_1 \(id>\?\)/);
    for (const name of ['candidates', 'stillDue'] as const) {
      const text = plan(name);
      expect(text).toMatch(/SEARCH members USING INDEX sqlite_autoindex_members_1 \(id/);
      expect(text).toMatch(/SEARCH points_ledger USING INDEX points_ledger_member_idx \(member_id=\?\)/);
      expect(text).toMatch(/SEARCH sales USING COVERING INDEX sales_member_idx \(member_id=\? AND created_at>\?\)/);
      expect(text).not.toMatch(/SCAN (members|points_ledger|sales)\b/);
    }
  });
});

describe('the daily run', () => {
  it('runs shortly after start, then on its schedule; stop() waits for a run and stops the timers', async () => {
    const ana = member('Ana Lima', 500);
    clock = Date.UTC(2025, 5, 1, 12);
    const runs: { members: number; points: number; cutoff: number | null }[] = [];
    let stop: () => Promise<void> = async () => {};
    await new Promise<void>((resolve) => {
      // the first run after 5 ms; the schedule every second (daily at 03:15 by default)
      stop = startPointsExpiry(till.terminal.ctx, {
        firstRunAfterMs: 5,
        pattern: '* * * * * *',
        onRun: (result) => {
          runs.push(result);
          if (runs.length === 2) resolve();
        },
      });
    });
    await stop();
    expect(runs).toEqual([
      { members: 1, points: 500, cutoff: Date.UTC(2024, 5, 1) },
      { members: 0, points: 0, cutoff: Date.UTC(2024, 5, 1) },
    ]);
    expect(balance(ana.id)).toBe(0);
    // stopped: no more runs
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(runs).toHaveLength(2);
  });

  it('does nothing when stopped before its first run', async () => {
    member('Ana Lima', 500);
    clock = Date.UTC(2025, 5, 1, 12);
    const before = tableChecksum(till);
    const stop = startPointsExpiry(till.terminal.ctx, { firstRunAfterMs: 20 });
    await stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(tableChecksum(till)).toBe(before);
  });
});
