import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTill, type Till, tableChecksum } from '../sales/fixture';

// Paying with points: a `points` tender of sale.complete, checked against the member attached,
// what the points are worth, the minimum, the balance and the daily cap while the till is offline;
// refunds give points back as points (never as money), and points that paid earn nothing.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
  till.call(till.manager, 'settings.update', { loyalty: { minRedeemPoints: 100, pointValueMinor: 1, offlineDailyRedeemCap: 2000 } });
});
afterEach(() => till.close());

const balance = (id: string) => till.call(till.cashier, 'loyalty.get', { id }).pointsBalance as number;

function memberWith(points: number) {
  const member = till.call(till.cashier, 'loyalty.enroll', { name: 'Ana Lima', email: 'ana@example.com' });
  till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: member.id, points, reason: 'Opening balance' });
  return member;
}

/** The sale in progress with `items`, for the member: its id and total. */
function openSale(memberId: string | null, items: { id: string; quantity?: number }[]) {
  for (const item of items) till.call(till.cashier, 'cart.addLine', { productId: item.id, quantity: item.quantity ?? 1 });
  if (memberId) till.call(till.cashier, 'cart.setMember', { memberId });
  return till.call(till.cashier, 'cart.current', {});
}

function refused(input: unknown, code: string) {
  const before = tableChecksum(till);
  const result = till.raw(till.cashier, 'sale.complete', input);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(tableChecksum(till)).toBe(before);
  return result.error;
}

describe('paying with points', () => {
  it('pays part of a sale, the rest by card; the redemption is a journalled ledger row, and points earn nothing', () => {
    const ana = memberWith(1500);
    // wine 12.99 × 2 = 25.98
    const sale = openSale(ana.id, [{ id: till.products.wine.id, quantity: 2 }]);
    expect(sale.member).toMatchObject({ redeemablePoints: 1500, pointValueMinor: 1, minRedeemPoints: 100, dailyCapLeft: 2000 });
    const done = till.call(till.cashier, 'sale.complete', {
      id: sale.id,
      payments: [
        { method: 'points', points: 1000, amountMinor: 1000 },
        { method: 'card', amountMinor: 1598 },
      ],
    });
    expect(done.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([
      ['points', 1000],
      ['card', 1598],
    ]);
    // 1500 − 1000 redeemed + 15 earned on the 15.98 paid by card
    expect(balance(ana.id)).toBe(515);
    const rows = till.terminal.sqlite.prepare('SELECT kind, points FROM points_ledger WHERE sale_id = ? ORDER BY seq').all(done.id);
    expect(rows).toEqual([
      { kind: 'redeem', points: -1000 },
      { kind: 'earn', points: 15 },
    ]);
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'points_redeem'").get()).toEqual({ n: 1 });
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
    // the X report shows the points as their own tender
    expect(till.call(till.manager, 'shift.xReport', {}).tenders).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'points', salesMinor: 1000 })]),
    );
  });

  it('refuses points without a member, worth another amount, under the minimum, beyond the balance or beyond today’s cap — nothing written', () => {
    const ana = memberWith(5000);
    const noMember = openSale(null, [{ id: till.products.wine.id, quantity: 2 }]);
    expect(refused({ id: noMember.id, payments: [{ method: 'points', points: 2598, amountMinor: 2598 }] }, 'VALIDATION').message).toMatch(
      /scan the member’s card/,
    );
    till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    expect(
      refused(
        {
          id: noMember.id,
          payments: [
            { method: 'points', points: 100, amountMinor: 200 },
            { method: 'card', amountMinor: 2398 },
          ],
        },
        'VALIDATION',
      ).message,
    ).toMatch(/100 points are worth €1.00, not €2.00/);
    expect(
      refused(
        {
          id: noMember.id,
          payments: [
            { method: 'points', points: 99, amountMinor: 99 },
            { method: 'card', amountMinor: 2499 },
          ],
        },
        'VALIDATION',
      ).message,
    ).toMatch(/At least 100 points/);
    expect(
      refused({ id: noMember.id, payments: [{ method: 'points', points: 2598, amountMinor: 2598 }] }, 'INSUFFICIENT_POINTS').message,
    ).toMatch(/may redeem 2,000 points a day here: 2,000 points left today/);
    till.call(till.manager, 'settings.update', { loyalty: { offlineDailyRedeemCap: 0 } });
    till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: -4000, reason: 'Correction' });
    expect(
      refused({ id: noMember.id, payments: [{ method: 'points', points: 2598, amountMinor: 2598 }] }, 'INSUFFICIENT_POINTS').message,
    ).toMatch(/has 1,000 points: 2,598 points cannot be redeemed/);
  });

  it('counts the cap per member and day on this till', () => {
    const ana = memberWith(5000);
    const first = openSale(ana.id, [{ id: till.products.wine.id }]);
    till.call(till.cashier, 'sale.complete', { id: first.id, payments: [{ method: 'points', points: 1299, amountMinor: 1299 }] });
    const second = openSale(ana.id, [{ id: till.products.wine.id }]);
    expect(second.member.dailyCapLeft).toBe(701);
    expect(second.member.redeemablePoints).toBe(701);
    refused({ id: second.id, payments: [{ method: 'points', points: 1299, amountMinor: 1299 }] }, 'INSUFFICIENT_POINTS');
  });

  it('lifts the cap while the till is synced with central, and puts it back once the last sync is 5 minutes old', () => {
    const ana = memberWith(5000);
    const synced = (minutesAgo: number | null) =>
      till.terminal.sqlite
        .prepare('UPDATE sync_state SET last_synced_at = ? WHERE id = 1')
        .run(minutesAgo === null ? null : Date.now() - minutesAgo * 60_000);
    // a sync run a minute ago pushed everything and pulled central's balances: no cap
    synced(1);
    const first = openSale(ana.id, [{ id: till.products.wine.id, quantity: 2 }]);
    expect(first.member).toMatchObject({ dailyCapLeft: null, redeemablePoints: 2598 });
    till.call(till.cashier, 'sale.complete', { id: first.id, payments: [{ method: 'points', points: 2598, amountMinor: 2598 }] });
    expect(balance(ana.id)).toBe(2402);
    // central unreachable for 5 minutes: the cap is back, counting what was redeemed today
    synced(5);
    const second = openSale(ana.id, [{ id: till.products.wine.id }]);
    expect(second.member).toMatchObject({ dailyCapLeft: 0, redeemablePoints: 0 });
    expect(
      refused({ id: second.id, payments: [{ method: 'points', points: 1299, amountMinor: 1299 }] }, 'INSUFFICIENT_POINTS').message,
    ).toMatch(/Until this till has synced with the head office.*0 points left today/);
    // a clock that says the last sync is in the future does not count as synced
    synced(-10);
    expect(till.call(till.cashier, 'cart.current', {}).member.dailyCapLeft).toBe(0);
    // never synced (no central database): capped, as before
    synced(null);
    expect(till.call(till.cashier, 'cart.current', {}).member.dailyCapLeft).toBe(0);
  });
});

describe('refunds of a sale points paid for', () => {
  it('give the points back as points first, whatever pay-back is chosen, and the rest as paid — in parts adding up', () => {
    const ana = memberWith(1000);
    const sale = openSale(ana.id, [{ id: till.products.wine.id, quantity: 2 }]);
    const done = till.call(till.cashier, 'sale.complete', {
      id: sale.id,
      payments: [
        { method: 'points', points: 1000, amountMinor: 1000 },
        { method: 'card', amountMinor: 1598 },
      ],
    });
    expect(balance(ana.id)).toBe(15);
    const refund = (payBack: string) =>
      till.call(till.manager, 'sale.refund', {
        id: crypto.randomUUID(),
        originalSaleId: done.id,
        lines: [{ originalLineId: done.lines[0].id, quantity: 1, restock: true }],
        payBack,
      });
    // the first bottle (12.99): all of it back as points, even when cash is asked for
    const first = refund('cash');
    expect(first.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([
      ['points', 1000],
      ['cash', 299],
    ]);
    // the second: the card
    const second = refund('original');
    expect(second.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([['card', 1299]]);
    // every point redeemed came back; the 15 earned went again
    expect(balance(ana.id)).toBe(1000);
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
  });
});
