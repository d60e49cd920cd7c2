import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { chainHash } from '../../electron/core/features/sales/journal';
import { MANAGER_PIN, makeTill, type Till, tableChecksum } from '../sales/fixture';

// The points ledger: append-only rows, a cached balance that always equals their sum, manual
// adjustments and member-to-member transfers (journalled, audited, exactly once), the history.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

let n = 0;
const member = (name: string, points = 0) => {
  n += 1;
  const made = till.call(till.cashier, 'loyalty.enroll', { name, email: `${name.split(' ')[0]?.toLowerCase()}${n}@example.com` });
  if (points > 0) adjust(made.id, points);
  return made;
};
const adjust = (memberId: string, points: number, id: string = crypto.randomUUID()) =>
  till.call(till.manager, 'loyalty.adjust', { id, memberId, points, reason: 'Opening balance' });
const balance = (id: string) => till.call(till.cashier, 'loyalty.get', { id }).pointsBalance as number;
const ledgerSum = (id: string) =>
  (till.terminal.sqlite.prepare('SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE member_id = ?').get(id) as { s: number }).s;

function refused(session: unknown, channel: string, input: unknown, code: string) {
  const before = tableChecksum(till);
  const result = till.raw(session as never, channel, input);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(tableChecksum(till)).toBe(before);
  return result.error;
}

describe('adjustments', () => {
  it('write one ledger row, move the balance with it, and go into the journal and the audit log', () => {
    const ana = member('Ana Lima');
    const { member: after, entry } = adjust(ana.id, 300);
    expect(entry).toMatchObject({ kind: 'adjust', points: 300, balanceAfter: 300, reason: 'Opening balance', terminalId: 'T1' });
    expect(after.pointsBalance).toBe(300);
    adjust(ana.id, -120);
    expect(balance(ana.id)).toBe(180);
    expect(ledgerSum(ana.id)).toBe(180);
    const journal = till.terminal.sqlite.prepare("SELECT document_id AS id FROM journal WHERE kind = 'points_adjust'").all();
    expect(journal).toHaveLength(2);
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'points.adjust'").get()).toEqual({ n: 2 });
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE topic = 'points.moved'").get()).toEqual({ n: 2 });
  });

  it('are exactly once: a retry with the same id writes nothing more; the id of another movement is a CONFLICT', () => {
    const ana = member('Ana Lima');
    const id = crypto.randomUUID();
    adjust(ana.id, 300, id);
    adjust(ana.id, 300, id);
    expect(balance(ana.id)).toBe(300);
    refused(till.manager, 'loyalty.adjust', { id, memberId: ana.id, points: 301, reason: 'Opening balance' }, 'CONFLICT');
  });

  it('never take a balance below zero (INSUFFICIENT_POINTS, nothing written); managers only', () => {
    const ana = member('Ana Lima', 100);
    expect(
      refused(
        till.manager,
        'loyalty.adjust',
        { id: crypto.randomUUID(), memberId: ana.id, points: -101, reason: 'Correction' },
        'INSUFFICIENT_POINTS',
      ).message,
    ).toContain('has 100 points');
    refused(till.cashier, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: 5, reason: 'Kindness' }, 'FORBIDDEN');
  });
});

describe('transfers', () => {
  it('write both rows under one transfer id in one transaction, journalled and audited', () => {
    const mum = member('Mum Lima', 800);
    const kid = member('Kid Lima');
    const id = crypto.randomUUID();
    const done = till.call(till.cashier, 'loyalty.transfer', {
      id,
      fromMemberId: mum.id,
      toMemberId: kid.id,
      points: 500,
      reason: 'Pooling for a present',
    });
    expect(done).toMatchObject({ transferId: id, from: { pointsBalance: 300 }, to: { pointsBalance: 500 } });
    const rows = till.terminal.sqlite
      .prepare('SELECT member_id AS m, kind, points FROM points_ledger WHERE transfer_id = ? ORDER BY seq')
      .all(id);
    expect(rows).toEqual([
      { m: mum.id, kind: 'transfer_out', points: -500 },
      { m: kid.id, kind: 'transfer_in', points: 500 },
    ]);
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'points_transfer'").get()).toEqual({ n: 1 });
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
    // retried: the same answer, nothing more written
    const before = tableChecksum(till);
    expect(till.call(till.cashier, 'loyalty.transfer', { id, fromMemberId: mum.id, toMemberId: kid.id, points: 500 }).transferId).toBe(id);
    expect(tableChecksum(till)).toBe(before);
  });

  it('never to oneself, never from or to a stopped or erased card, never beyond the balance', () => {
    const mum = member('Mum Lima', 800);
    const kid = member('Kid Lima');
    const transfer = (input: Record<string, unknown>) => ({
      id: crypto.randomUUID(),
      fromMemberId: mum.id,
      toMemberId: kid.id,
      points: 100,
      ...input,
    });
    refused(till.cashier, 'loyalty.transfer', transfer({ toMemberId: mum.id }), 'VALIDATION');
    expect(refused(till.cashier, 'loyalty.transfer', transfer({ points: 801 }), 'INSUFFICIENT_POINTS').message).toContain('800 points');
    till.call(till.manager, 'loyalty.deactivate', { id: kid.id, reason: 'Card reported lost' });
    expect(refused(till.cashier, 'loyalty.transfer', transfer({}), 'CONFLICT').message).toMatch(/stopped/);
    const other = member('Other Person');
    till.call(till.manager, 'loyalty.erase', { id: other.id, reason: 'Asked to be forgotten' });
    refused(till.cashier, 'loyalty.transfer', transfer({ toMemberId: other.id }), 'CONFLICT');
    refused(till.cashier, 'loyalty.transfer', transfer({ toMemberId: 'no-such-member' }), 'NOT_FOUND');
  });

  it('above the store’s limit a cashier needs a manager’s approval, bound to that transfer and its points', () => {
    till.call(till.manager, 'settings.update', { loyalty: { transferApprovalAbove: 200 } });
    const mum = member('Mum Lima', 800);
    const kid = member('Kid Lima');
    const id = crypto.randomUUID();
    const input = { id, fromMemberId: mum.id, toMemberId: kid.id, points: 300 };
    const error = refused(till.cashier, 'loyalty.transfer', input, 'FORBIDDEN');
    expect(error.details).toMatchObject({ needsApproval: [{ action: 'pointsTransfer', targetId: id, terms: { maxPoints: 300 } }] });
    // an approval of fewer points, or of another transfer, does not do
    const small = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'pointsTransfer',
      targetId: id,
      terms: { maxPoints: 299 },
    });
    refused(till.cashier, 'loyalty.transfer', { ...input, approvalId: small.approvalId }, 'FORBIDDEN');
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'pointsTransfer',
      targetId: id,
      terms: { maxPoints: 300 },
    });
    till.call(till.cashier, 'loyalty.transfer', { ...input, approvalId: approval.approvalId });
    const managerId = till.call(till.manager, 'auth.whoami', {}).staff.id;
    expect(till.terminal.sqlite.prepare('SELECT DISTINCT approved_by AS a FROM points_ledger WHERE transfer_id = ?').all(id)).toEqual([
      { a: managerId },
    ]);
    // at the limit, no manager
    till.call(till.cashier, 'loyalty.transfer', { id: crypto.randomUUID(), fromMemberId: mum.id, toMemberId: kid.id, points: 200 });
    expect(balance(kid.id)).toBe(500);
  });
});

describe('the history', () => {
  it('lists a member’s movements newest first, in pages, with a transfer’s other member', () => {
    const mum = member('Mum Lima', 800);
    const kid = member('Kid Lima');
    till.call(till.cashier, 'loyalty.transfer', { id: crypto.randomUUID(), fromMemberId: mum.id, toMemberId: kid.id, points: 100 });
    adjust(mum.id, 5);
    adjust(mum.id, 6);
    const first = till.call(till.cashier, 'loyalty.history', { memberId: mum.id, limit: 2 });
    expect(first.items.map((row: { points: number }) => row.points)).toEqual([6, 5]);
    const second = till.call(till.cashier, 'loyalty.history', { memberId: mum.id, limit: 2, cursor: first.nextCursor });
    expect(second.items).toMatchObject([
      { kind: 'transfer_out', points: -100, counterpart: { id: kid.id, name: 'Kid Lima' }, sale: null },
      { kind: 'adjust', points: 800 },
    ]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('the ledger cannot be rewritten', () => {
  it('refuses UPDATE and DELETE of a ledger row (triggers); verify names a member whose balance is not its ledger’s sum', async () => {
    const ana = member('Ana Lima', 100);
    expect(() => till.terminal.sqlite.prepare('UPDATE points_ledger SET points = 1000').run()).toThrow(/inalterable/);
    expect(() => till.terminal.sqlite.prepare('DELETE FROM points_ledger').run()).toThrow(/inalterable/);
    const verify = async () => {
      let out = '';
      let err = '';
      const code = await runCli(['verify', '--db', `${till.dir}/till.db`], { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    expect(await verify()).toMatchObject({ code: 0 });
    till.terminal.sqlite.prepare('UPDATE members SET points_balance = 5000 WHERE id = ?').run(ana.id);
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`member ${ana.id} (Ana Lima) has a balance of 5000 points but a ledger that adds up to 100`);
  });

  it('journal.verify fails on a journal kind it does not know (it used to let it pass)', () => {
    member('Ana Lima', 100);
    const last = till.terminal.sqlite.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    // a well-chained entry of a kind from nowhere
    const payload = '{"x":1}';
    till.terminal.sqlite
      .prepare('INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (?, 1, ?, ?, ?, ?, ?)')
      .run(last.seq + 1, 'mystery', 'd1', payload, last.hash, chainHash(last.hash, payload));
    const verdict = till.call(till.manager, 'journal.verify', {});
    expect(verdict.ok).toBe(false);
    expect(verdict.problem.reason).toContain('of a kind Ringup does not know (mystery)');
  });
});
