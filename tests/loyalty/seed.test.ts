import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { balanceProblem } from '../../electron/core/features/loyalty/ledger';
import { MEMBERS_AS_OF, MEMBERS_SINCE, OPENING_BALANCE_REASON } from '../../electron/core/seed/members';
import { type SeedOptions, type SeedProgress, type SeedReport, seedDatabase } from '../../electron/core/seed/seed';
import { newSession } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { eventSchemas } from '../../src/shared/events';
import { checkMemberCard, memberCardNumber, normaliseEmail, normalisePhone } from '../../src/shared/loyalty';
import type { Result } from '../../src/shared/result';
import { searchKey } from '../../src/shared/text';

// `ringup seed --members N`: members in bulk with unique cards, emails and phones as the core
// stores them, card numbers from the terminal's block as enrollMember gives them (its counter
// moved past them), opening balances as ledger rows that add up, or — with --sales — points
// earned through the real sale code. Deterministic and idempotent, like the products.

const M = 3000;
const BATCH = 1000;
const base: SeedOptions = { products: 50, members: M, sales: 0, seed: 5, batchSize: BATCH };
const operator = newSession(true);

let dir: string;
const open: Terminal[] = [];

async function terminal(name: string): Promise<Terminal> {
  const t = await openTerminal(join(dir, `${name}.db`), { validateOutput: true });
  open.push(t);
  return t;
}

function call<T = any>(t: Terminal, channel: string, input: unknown): T {
  const result = t.router.invoke(channel, input, operator) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.data;
}

function count(t: Terminal, sql: string, ...params: unknown[]): number {
  return (t.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

const memberRows = (t: Terminal) => t.sqlite.prepare('SELECT * FROM members ORDER BY card_number').all() as Record<string, unknown>[];
const ledgerRows = (t: Terminal) =>
  t.sqlite.prepare('SELECT id, member_id, kind, points, balance_after, reason, at FROM points_ledger ORDER BY seq').all();

interface SeededRow {
  id: string;
  card_number: string;
  name: string;
  email: string;
  phone: string;
}

/** The first seeded member (by card) that matches `where`. */
const seededRow = (t: Terminal, where: string) =>
  t.sqlite
    .prepare(`SELECT id, card_number, name, email, phone FROM members WHERE ${where} ORDER BY card_number LIMIT 1`)
    .get() as SeededRow;

let a: Terminal;
let first: SeedReport;
let progress: SeedProgress[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-seed-members-'));
  a = await terminal('a');
  progress = [];
  first = seedDatabase(a, base, (p) => progress.push(p));
});

afterAll(() => {
  for (const t of open) t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seedDatabase: members', () => {
  it('makes the members asked for: unique cards with valid check digits, unique emails and phones as the core stores them', () => {
    expect(first.members).toMatchObject({ requested: M, inserted: M, existing: 0, skipped: false, reason: null });
    expect(first.notes).toEqual([]);
    const { cardPrefix, cardBlock } = call(a, 'settings.get', {}).loyalty;
    const rows = memberRows(a);
    expect(rows).toHaveLength(M);
    // card n of the terminal's block for member n, exactly as the n-th enrolment of a fresh terminal
    expect(rows.map((r) => r.card_number)).toEqual(Array.from({ length: M }, (_, i) => memberCardNumber(cardPrefix, cardBlock, i + 1)));
    for (const row of rows) {
      expect(checkMemberCard(row.card_number as string, cardPrefix)).toEqual({ ok: true, value: row.card_number });
      expect(row.name).toMatch(/^\p{L}[\p{L}'’.-]* \p{L}[\p{L}'’ .-]*$/u);
      expect(row.name_key).toBe(searchKey(row.name as string));
      expect(row.email !== null || row.phone !== null).toBe(true);
      if (row.email !== null) expect(normaliseEmail(row.email as string)).toEqual({ ok: true, value: row.email });
      if (row.phone !== null) expect(normalisePhone(row.phone as string)).toEqual({ ok: true, value: row.phone });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.erased_at).toBeNull();
    }
    const emails = rows.flatMap((r) => (r.email === null ? [] : [r.email]));
    const phones = rows.flatMap((r) => (r.phone === null ? [] : [r.phone]));
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(phones).size).toBe(phones.length);
    expect(emails.length).toBeGreaterThan(M * 0.8);
    expect(phones.length).toBeGreaterThan(M * 0.6);
    expect(emails.every((e) => /@example\.(com|net|org)$/.test(e as string))).toBe(true);
    expect(a.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('spreads tiers, joined dates, stopped cards and balances as a real programme has them', () => {
    const share = (where: string) => count(a, `SELECT count(*) AS n FROM members WHERE ${where}`) / M;
    expect(share("tier = 'bronze'")).toBeGreaterThan(0.65);
    expect(share("tier = 'bronze'")).toBeLessThan(0.8);
    expect(share("tier = 'silver'")).toBeGreaterThan(0.12);
    expect(share("tier = 'gold'")).toBeGreaterThan(0.03);
    expect(share("tier = 'platinum'")).toBeGreaterThan(0.005);
    expect(share("tier = 'platinum'")).toBeLessThan(0.05);
    expect(share('active = 0')).toBeGreaterThan(0.01);
    expect(share('active = 0')).toBeLessThan(0.06);
    expect(share('points_balance = 0')).toBeGreaterThan(0.1);
    expect(share('points_balance = 0')).toBeLessThan(0.3);
    expect(share(`joined_at < ${MEMBERS_SINCE} OR joined_at > ${MEMBERS_AS_OF} OR tier_since < joined_at`)).toBe(0);
    // joined over six years, more of them lately
    expect(share(`joined_at < ${Date.UTC(2020, 0, 1)}`)).toBeGreaterThan(0.05);
    expect(share(`joined_at >= ${Date.UTC(2022, 0, 1)}`)).toBeGreaterThan(0.4);
    // higher tiers pay more points on average
    const avg = (tier: string) => count(a, 'SELECT avg(points_balance) AS n FROM members WHERE tier = ?', tier);
    expect(avg('platinum')).toBeGreaterThan(avg('bronze'));
  });

  it('gives opening balances as adjust ledger rows: every balance is its ledger sum, and ringup verify agrees', async () => {
    const ledger = count(a, 'SELECT count(*) AS n FROM points_ledger');
    expect(ledger).toBe(first.members.openingBalances);
    expect(ledger).toBe(count(a, 'SELECT count(*) AS n FROM members WHERE points_balance > 0'));
    expect(
      count(
        a,
        "SELECT count(*) AS n FROM points_ledger WHERE kind <> 'adjust' OR reason <> ? OR points <> balance_after",
        OPENING_BALANCE_REASON,
      ),
    ).toBe(0);
    expect(balanceProblem(a.ctx)).toBeNull();
    const out: string[] = [];
    const code = await runCli(['verify', '--db', join(dir, 'a.db'), '--json'], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ ok: true, checks: { pointsBalances: 'ok' } });
  });

  it('queues every member and every opening balance for central, each payload in its schema and as stored', () => {
    const events = (topic: string) =>
      (
        a.sqlite.prepare('SELECT entity_id, payload FROM outbox WHERE topic = ? ORDER BY seq').all(topic) as {
          entity_id: string;
          payload: string;
        }[]
      ).map((row) => ({ entityId: row.entity_id, payload: JSON.parse(row.payload) }));
    const members = events('member.upserted');
    const moved = events('points.moved');
    expect(members).toHaveLength(M);
    expect(moved).toHaveLength(first.members.openingBalances);
    for (const { entityId, payload } of [...members.slice(0, 50), ...members.slice(-50)]) {
      expect(eventSchemas['member.upserted'].parse(payload)).toEqual(payload);
      // the event has no balance (points travel as movements)
      const { pointsBalance: _, ...stored } = call(a, 'loyalty.get', { id: entityId });
      expect(payload).toEqual({ v: 1, ...stored });
    }
    for (const { entityId, payload } of moved.slice(0, 100)) {
      expect(eventSchemas['points.moved'].parse(payload)).toEqual(payload);
      const row = a.sqlite.prepare('SELECT member_id, points FROM points_ledger WHERE id = ?').get(entityId);
      expect(row).toEqual({ member_id: payload.memberId, points: payload.points });
    }
    // central learns of a member before its points
    const seqOf = (topic: string, id: string) =>
      count(
        a,
        `SELECT seq AS n FROM outbox WHERE topic = ? AND ${topic === 'member.upserted' ? 'entity_id' : "json_extract(payload, '$.memberId')"} = ?`,
        topic,
        id,
      );
    const withPoints = moved[0]?.payload.memberId as string;
    expect(seqOf('member.upserted', withPoints)).toBeLessThan(seqOf('points.moved', withPoints));
  });

  it('finds seeded members through loyalty.find by card, email, phone and the start of the name', () => {
    const row = seededRow(a, 'email IS NOT NULL AND phone IS NOT NULL AND active = 1');
    const find = (query: string) => call(a, 'loyalty.find', { query });
    expect(find(row.card_number).items.map((m: { id: string }) => m.id)).toEqual([row.id]);
    expect(find(row.email.toUpperCase()).items[0]?.id).toBe(row.id);
    expect(find(row.phone).items[0]?.id).toBe(row.id);
    const byName = find(row.name);
    expect(byName.matchedBy).toBe('name');
    expect(byName.items.map((m: { id: string }) => m.id)).toContain(row.id);
  });

  it('is deterministic: the same seed gives the same members and ledger whatever the batches, another seed other people', async () => {
    const b = await terminal('b');
    seedDatabase(b, { ...base, batchSize: 777, rowsPerStatement: 100 });
    expect(memberRows(b)).toEqual(memberRows(a));
    expect(ledgerRows(b)).toEqual(ledgerRows(a));
    const c = await terminal('c');
    seedDatabase(c, { ...base, seed: 6 });
    const [rowsA, rowsC] = [memberRows(a), memberRows(c)];
    expect(rowsC.map((r) => r.card_number)).toEqual(rowsA.map((r) => r.card_number));
    expect(rowsC.filter((r, i) => r.name === rowsA[i]?.name).length).toBeLessThan(M / 20);
    expect(rowsC.filter((r, i) => r.id === rowsA[i]?.id).length).toBe(0);
  });

  it('is idempotent: a second run adds nothing and changes nothing; another seed on the same file neither', () => {
    const before = { members: memberRows(a), ledger: ledgerRows(a), outbox: count(a, 'SELECT count(*) AS n FROM outbox') };
    const again = seedDatabase(a, base);
    expect(again.members).toMatchObject({ requested: M, inserted: 0, existing: M, openingBalances: 0 });
    const other = seedDatabase(a, { ...base, seed: 99 });
    expect(other.members).toMatchObject({ inserted: 0, existing: M });
    expect({ members: memberRows(a), ledger: ledgerRows(a), outbox: count(a, 'SELECT count(*) AS n FROM outbox') }).toEqual(before);
  });

  it('reports progress per batch, stops between batches on abort, and a later run completes the same members', async () => {
    const members = progress.filter((p) => p.phase === 'members');
    expect(members.map((p) => p.done)).toEqual([0, 1000, 2000, 3000]);
    expect(members.every((p) => p.total === M)).toBe(true);

    const d = await terminal('d');
    const controller = new AbortController();
    const stopped = seedDatabase(
      d,
      base,
      (p) => (p.phase === 'members' && p.done >= BATCH ? controller.abort() : undefined),
      controller.signal,
    );
    expect(stopped.aborted).toBe(true);
    expect(stopped.members.inserted).toBe(BATCH);
    expect(stopped.notes.join(' ')).toMatch(/Stopped after 1000 of 3000 members/);
    expect(balanceProblem(d.ctx)).toBeNull();
    const rest = seedDatabase(d, base);
    expect(rest.members).toMatchObject({ inserted: M - BATCH, existing: BATCH });
    expect(memberRows(d)).toEqual(memberRows(a));
    expect(ledgerRows(d)).toEqual(ledgerRows(a));
  });

  it('moves the card counter past the seeded cards: a later loyalty.enroll through the router gets the next number, colliding with none', () => {
    const { cardPrefix, cardBlock } = call(a, 'settings.get', {}).loyalty;
    const enrolled = call(a, 'loyalty.enroll', { name: 'Walk-in Customer', email: 'walk.in@example.com' });
    expect(enrolled.cardNumber).toBe(memberCardNumber(cardPrefix, cardBlock, M + 1));
    expect(count(a, 'SELECT count(*) AS n FROM members WHERE card_number = ?', enrolled.cardNumber)).toBe(1);
    // a seeded member's email is taken, as any member's is
    const seeded = seededRow(a, 'email IS NOT NULL');
    const taken = a.router.invoke('loyalty.enroll', { name: 'Copy Cat', email: seeded.email }, operator);
    expect(taken.ok ? null : taken.error.code).toBe('CONFLICT');
  });

  it('leaves a member enrolled by hand before the seed alone: its card slot is skipped, the seed takes the others', async () => {
    const h = await terminal('hand');
    const mine = call(h, 'loyalty.enroll', { name: 'Early Bird', phone: '0123 456789' });
    const report = seedDatabase(h, { ...base, members: 20 });
    expect(report.members).toMatchObject({ inserted: 19, existing: 1 });
    expect(call(h, 'loyalty.get', { id: mine.id })).toMatchObject({ name: 'Early Bird', cardNumber: mine.cardNumber });
    expect(count(h, 'SELECT count(DISTINCT card_number) AS n FROM members')).toBe(20);
    expect(call(h, 'loyalty.enroll', { name: 'Late Comer', phone: '0123 456780' }).cardNumber).toBe(
      memberCardNumber(mine.cardNumber.slice(0, 2), Number(mine.cardNumber.slice(2, 5)), 21),
    );
  });
});

describe('seedDatabase: members with --sales', () => {
  it('earns points through the real sale code: earn rows linked to sales that name the member, no opening balances', async () => {
    const s = await terminal('sales');
    const report = seedDatabase(s, { products: 300, members: 400, sales: 200, seed: 3 });
    expect(report.members).toMatchObject({ inserted: 400, openingBalances: 0 });
    expect(report.sales.inserted).toBeGreaterThan(180);
    expect(report.sales.forMembers).toBeGreaterThan(report.sales.inserted * 0.4);
    expect(report.sales.forMembers).toBeLessThan(report.sales.inserted * 0.7);
    expect(count(s, "SELECT count(*) AS n FROM points_ledger WHERE kind = 'adjust'")).toBe(0);
    expect(count(s, 'SELECT count(*) AS n FROM sales WHERE member_id IS NOT NULL')).toBe(report.sales.forMembers);
    const earned = count(s, "SELECT count(*) AS n FROM points_ledger WHERE kind = 'earn'");
    expect(earned).toBeGreaterThan(report.sales.forMembers * 0.8);
    // every earn row names a sale made for that member; members' balances are their ledgers
    expect(
      count(
        s,
        "SELECT count(*) AS n FROM points_ledger l JOIN sales s ON s.id = l.sale_id WHERE l.kind = 'earn' AND s.member_id = l.member_id",
      ),
    ).toBe(earned);
    expect(count(s, 'SELECT count(*) AS n FROM members WHERE points_balance > 0')).toBeGreaterThan(0);
    expect(balanceProblem(s.ctx)).toBeNull();
    expect(call(s, 'journal.verify', {})).toMatchObject({ ok: true });
    const event = s.sqlite
      .prepare(
        "SELECT o.payload FROM outbox o JOIN sales x ON x.id = o.entity_id WHERE o.topic = 'sale.completed' AND x.member_id IS NOT NULL",
      )
      .pluck()
      .get() as string;
    expect(JSON.parse(event).memberId).toMatch(/^[0-9a-f-]{36}$/);
    // run again: nothing more is sold or earned
    const again = seedDatabase(s, { products: 300, members: 400, sales: 200, seed: 3 });
    expect(again.sales.inserted).toBe(0);
    expect(count(s, "SELECT count(*) AS n FROM points_ledger WHERE kind = 'earn'")).toBe(earned);
  });
});
