import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMemberCard, memberCardNumber } from '../../src/shared/loyalty';
import { makeTill, type Till, tableChecksum } from '../sales/fixture';

// Members and cards: enrolment at the till, finding a member by card, phone, email or name,
// corrections, stopping a card, and erasing a member on request — every refusal in words and
// without a trace in the database.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const enroll = (input: Record<string, unknown>) => till.call(till.cashier, 'loyalty.enroll', input);

/** The error of a refused call, after checking that it changed nothing. */
function refused(channel: string, input: unknown, code: string, session = till.cashier) {
  const before = tableChecksum(till);
  const result = till.raw(session, channel, input);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(tableChecksum(till)).toBe(before);
  return result.error;
}

const outbox = (topic: string) =>
  (till.terminal.sqlite.prepare('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq').all(topic) as { payload: string }[]).map((row) =>
    JSON.parse(row.payload),
  );

describe('enrolment', () => {
  it('gives the next card number of the terminal’s block (EAN-13, the store’s prefix, a right check digit), normalises email and phone, audits and queues it', () => {
    const ana = enroll({ name: '  Ana Lima ', email: ' Ana.Lima@Example.COM ', phone: '+44 (0)20 7946-0958' });
    expect(ana).toMatchObject({
      name: 'Ana Lima',
      email: 'ana.lima@example.com',
      phone: '+440207946' + '0958',
      tier: 'bronze',
      active: true,
      pointsBalance: 0,
    });
    expect(ana.cardNumber).toBe(memberCardNumber('27', 0, 1));
    expect(checkMemberCard(ana.cardNumber, '27').ok).toBe(true);
    const bo = enroll({ name: 'Bo Berg', phone: '020 7946 0000' });
    expect(bo.cardNumber).toBe(memberCardNumber('27', 0, 2));
    expect(bo.phone).toBe('02079460000');
    expect(outbox('member.upserted').map((event) => event.id)).toEqual([ana.id, bo.id]);
    const audit = till.terminal.sqlite.prepare("SELECT entity_id AS id FROM audit_log WHERE action = 'member.enroll'").all();
    expect(audit).toEqual([{ id: ana.id }, { id: bo.id }]);
  });

  it('takes a pre-printed card scanned in, and the generated numbers go past it', () => {
    const printed = memberCardNumber('27', 0, 1);
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com', cardNumber: printed });
    expect(ana.cardNumber).toBe(printed);
    expect(enroll({ name: 'Bo Berg', email: 'bo@example.com' }).cardNumber).toBe(memberCardNumber('27', 0, 2));
  });

  it('refuses a duplicate card, email or phone with CONFLICT naming the holder, and writes nothing', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com', phone: '+447700900123' });
    const taken = refused('loyalty.enroll', { name: 'Imposter', email: 'ANA@example.com' }, 'CONFLICT');
    expect(taken.message).toContain('Ana Lima');
    expect(taken.details).toMatchObject({ memberId: ana.id, field: 'email' });
    expect(refused('loyalty.enroll', { name: 'Imposter', phone: '+44 7700 900123' }, 'CONFLICT').message).toContain(ana.cardNumber);
    expect(
      refused('loyalty.enroll', { name: 'Imposter', email: 'new@example.com', cardNumber: ana.cardNumber }, 'CONFLICT').message,
    ).toContain('Ana Lima');
  });

  it('refuses an invalid email, phone or card in a sentence a cashier understands, and writes nothing', () => {
    expect(refused('loyalty.enroll', { name: 'Ana', email: 'ana@' }, 'VALIDATION').message).toMatch(/not a complete email address/);
    expect(refused('loyalty.enroll', { name: 'Ana', phone: '12ab' }, 'VALIDATION').message).toMatch(/not a phone number/);
    const card = memberCardNumber('27', 0, 9);
    const misread = `${card.slice(0, 12)}${(Number(card[12]) + 1) % 10}`;
    expect(refused('loyalty.enroll', { name: 'Ana', email: 'a@example.com', cardNumber: misread }, 'VALIDATION').message).toMatch(
      /last digit should be/,
    );
    expect(refused('loyalty.enroll', { name: 'Ana', email: 'a@example.com', cardNumber: '4006381333931' }, 'VALIDATION').message).toMatch(
      /start with 27/,
    );
    expect(refused('loyalty.enroll', { name: 'Ana' }, 'VALIDATION').message).toMatch(/email address or a phone number/);
  });

  it('answers a retried enrolment (same id) with the member it made, and refuses the id for another person', () => {
    const id = crypto.randomUUID();
    const first = enroll({ id, name: 'Ana Lima', email: 'ana@example.com' });
    expect(enroll({ id, name: 'Ana Lima', email: 'ana@example.com' })).toEqual(first);
    expect(till.terminal.sqlite.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 1 });
    refused('loyalty.enroll', { id, name: 'Bo Berg', email: 'bo@example.com' }, 'CONFLICT');
  });

  it('refuses a card prefix shared with the scale labels', () => {
    const result = till.raw(till.manager, 'settings.update', { scaleLabelPrefixes: ['27'] });
    expect(result.ok ? null : result.error.message).toMatch(/cannot share the prefix 27/);
    till.call(till.manager, 'settings.update', { loyalty: { cardPrefix: '29' } });
    expect(till.call(till.manager, 'settings.update', { scaleLabelPrefixes: ['27'] }).loyalty.cardPrefix).toBe('29');
    expect(enroll({ name: 'Ana', email: 'a@example.com' }).cardNumber.startsWith('29')).toBe(true);
  });
});

describe('finding a member', () => {
  it('by card (scanned), email (any case), phone (as typed) — one index read each — and by the start of the name, in pages', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com', phone: '+44 7700 900123' });
    for (let i = 0; i < 7; i++) enroll({ name: `Anders ${i}`, email: `anders${i}@example.com` });
    enroll({ name: 'Bo Berg', email: 'bo@example.com' });
    const find = (query: string, extra: Record<string, unknown> = {}) => till.call(till.cashier, 'loyalty.find', { query, ...extra });
    expect(find(ana.cardNumber)).toMatchObject({ matchedBy: 'card', items: [{ id: ana.id }] });
    expect(find('ANA@Example.com')).toMatchObject({ matchedBy: 'email', items: [{ id: ana.id }] });
    expect(find('+44 7700-900-123')).toMatchObject({ matchedBy: 'phone', items: [{ id: ana.id }] });
    const names: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const found = find('an', { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(found.matchedBy).toBe('name');
      names.push(...found.items.map((m: { name: string }) => m.name));
      cursor = found.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(names).toEqual(['Ana Lima', ...Array.from({ length: 7 }, (_, i) => `Anders ${i}`)]);
    expect(find('zz').items).toEqual([]);
  });

  it('passes over stopped cards unless asked, and never finds an erased member', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com' });
    const bo = enroll({ name: 'Ana Berg', email: 'berg@example.com' });
    till.call(till.manager, 'loyalty.deactivate', { id: ana.id, reason: 'Card reported lost' });
    expect(till.call(till.cashier, 'loyalty.find', { query: 'ana' }).items.map((m: { id: string }) => m.id)).toEqual([bo.id]);
    expect(till.call(till.cashier, 'loyalty.find', { query: 'ana', includeInactive: true }).items).toHaveLength(2);
    till.call(till.manager, 'loyalty.erase', { id: bo.id, reason: 'Asked to be forgotten' });
    expect(till.call(till.cashier, 'loyalty.find', { query: 'berg@example.com' }).items).toEqual([]);
    expect(till.call(till.cashier, 'loyalty.find', { query: 'ana', includeInactive: true }).items.map((m: { id: string }) => m.id)).toEqual(
      [ana.id],
    );
  });
});

describe('changing a member', () => {
  it('corrects name, email and phone; a taken email is a CONFLICT; removing both contacts is refused', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com' });
    enroll({ name: 'Bo Berg', email: 'bo@example.com' });
    const changed = till.call(till.cashier, 'loyalty.update', { id: ana.id, name: 'Ana Lima-Costa', phone: '0049 30 1234567' });
    expect(changed).toMatchObject({ name: 'Ana Lima-Costa', phone: '+49301234567', email: 'ana@example.com' });
    refused('loyalty.update', { id: ana.id, email: 'bo@example.com' }, 'CONFLICT');
    refused('loyalty.update', { id: ana.id, email: null, phone: '' }, 'VALIDATION');
    expect(till.call(till.cashier, 'loyalty.update', { id: ana.id, email: null }).email).toBeNull();
  });

  it('stops and restarts a card (managers only), with the reason in the audit log', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com' });
    refused('loyalty.deactivate', { id: ana.id, reason: 'Card reported lost' }, 'FORBIDDEN');
    expect(till.call(till.manager, 'loyalty.deactivate', { id: ana.id, reason: 'Card reported lost' }).active).toBe(false);
    expect(till.call(till.manager, 'loyalty.deactivate', { id: ana.id, reason: 'Card found again', active: true }).active).toBe(true);
    const actions = till.terminal.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'member' ORDER BY at, rowid").all();
    expect(actions).toEqual([{ action: 'member.enroll' }, { action: 'member.deactivate' }, { action: 'member.reactivate' }]);
  });

  it('erases a member on request: personal data gone for good, ledger and balance kept anonymously, central told', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com', phone: '+447700900123' });
    till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: 120, reason: 'Welcome bonus' });
    const erased = till.call(till.manager, 'loyalty.erase', { id: ana.id, reason: 'Asked to be forgotten' });
    expect(erased).toMatchObject({ name: 'Erased member', email: null, phone: null, cardNumber: null, active: false, pointsBalance: 120 });
    expect(erased.erasedAt).not.toBeNull();
    const row = till.terminal.sqlite.prepare('SELECT * FROM members WHERE id = ?').get(ana.id);
    expect(JSON.stringify(row)).not.toMatch(/Ana|ana@|7700/);
    expect(JSON.stringify(till.terminal.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'member.erase'").all())).not.toMatch(
      /Ana/,
    );
    expect(till.terminal.sqlite.prepare('SELECT count(*) AS n FROM points_ledger WHERE member_id = ?').get(ana.id)).toEqual({ n: 1 });
    expect(outbox('member.erased')).toMatchObject([{ id: ana.id }]);
    // the email and the phone are free again
    expect(enroll({ name: 'Ana Lima', email: 'ana@example.com', phone: '+447700900123' }).id).not.toBe(ana.id);
    refused('loyalty.update', { id: ana.id, name: 'Back again' }, 'CONFLICT');
  });

  it('exports everything stored about a member (managers only; audited)', () => {
    const ana = enroll({ name: 'Ana Lima', email: 'ana@example.com' });
    till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: 50, reason: 'Welcome bonus' });
    refused('loyalty.export', { id: ana.id }, 'FORBIDDEN');
    const exported = till.call(till.manager, 'loyalty.export', { id: ana.id });
    expect(exported.member).toMatchObject({ id: ana.id, name: 'Ana Lima', email: 'ana@example.com' });
    expect(exported.ledger).toMatchObject([{ kind: 'adjust', points: 50, reason: 'Welcome bonus' }]);
    expect(exported.sales).toEqual([]);
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'member.export'").get()).toEqual({ n: 1 });
  });
});
