import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTill, type Till } from '../sales/fixture';

// Any sequence of sales (earning, part paid with points), refunds, adjustments, transfers, stopped
// cards, erasures and time passing with the expiry run — refused or not — keeps every balance equal
// to the sum of its ledger and never below zero (the store caps refunds at zero), and the points of
// all members together change only by what was earned, redeemed, reversed, adjusted or expired (a
// transfer moves points, it makes none).

const DAY = 86_400_000;
// the terminal's clock: an expiry step moves it on, so balances left alone for a month expire
let clock = Date.now();

let till: Till;
beforeAll(async () => {
  till = await makeTill({ now: () => clock });
  till.call(till.manager, 'settings.update', { loyalty: { transferApprovalAbove: 1_000_000, pointsExpireAfterMonths: 1 } });
});
afterAll(() => till.close());

type Step =
  | { kind: 'sale'; member: number; quantity: number /** % of the balance to pay with */; redeem: number }
  | { kind: 'refund'; sale: number; quantity: number }
  | { kind: 'adjust'; member: number; points: number }
  | { kind: 'transfer'; from: number; to: number; points: number; retry: boolean }
  | { kind: 'stop'; member: number }
  | { kind: 'erase'; member: number }
  /** days go by, then the expiry runs (as the daily run does) */
  | { kind: 'expire'; days: number };

const MEMBERS = 4;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      member: fc.nat(MEMBERS - 1),
      quantity: fc.integer({ min: 1, max: 3 }),
      redeem: fc.integer({ min: 0, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), sale: fc.nat(20), quantity: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      member: fc.nat(MEMBERS - 1),
      points: fc.integer({ min: -400, max: 600 }).filter((p) => p !== 0),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      from: fc.nat(MEMBERS - 1),
      to: fc.nat(MEMBERS - 1),
      points: fc.integer({ min: 1, max: 700 }),
      retry: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), member: fc.nat(MEMBERS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), member: fc.nat(MEMBERS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const), days: fc.integer({ min: 0, max: 70 }) }) },
);

const totalBalance = () =>
  (till.terminal.sqlite.prepare('SELECT coalesce(sum(points_balance), 0) AS s FROM members').get() as { s: number }).s;
const totalLedger = () =>
  (
    till.terminal.sqlite
      .prepare(
        "SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE kind IN ('earn', 'redeem', 'refund_reversal', 'adjust', 'expire')",
      )
      .get() as { s: number }
  ).s;
const transfersNet = () =>
  (
    till.terminal.sqlite
      .prepare("SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE kind IN ('transfer_in', 'transfer_out')")
      .get() as { s: number }
  ).s;

let run = 0;

describe('the points ledger (property)', () => {
  it('keeps every balance equal to its ledger and never negative; transfers make no points', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        run += 1;
        const ids = Array.from({ length: MEMBERS }, (_, i) => {
          const made = till.call(till.cashier, 'loyalty.enroll', { name: `Run ${run} member ${i}`, email: `r${run}m${i}@example.com` });
          // something to spend from the start: redemptions and transfers are tried on real balances
          till.call(till.manager, 'loyalty.adjust', {
            id: crypto.randomUUID(),
            memberId: made.id,
            points: 1000,
            reason: 'Opening balance',
          });
          return made.id as string;
        });
        const startTotal = totalBalance() - totalLedger();
        const sold: { id: string; lineId: string; quantity: number; refunded: number }[] = [];
        for (const step of steps) {
          if (step.kind === 'sale') {
            // gift cards (25.00, untracked): a sale for the member, part paid with points when asked
            till.raw(till.cashier, 'cart.void', {});
            const added = till.raw(till.cashier, 'cart.addLine', { productId: till.products.card.id, quantity: step.quantity });
            const attached = till.raw(till.cashier, 'cart.setMember', { memberId: ids[step.member] });
            if (added.ok && attached.ok) {
              const total = attached.data.totalMinor as number;
              const points = Math.min(Math.floor((attached.data.member.pointsBalance * step.redeem) / 100), total);
              const payments =
                points > 0
                  ? [
                      { method: 'points', points, amountMinor: points },
                      ...(total > points ? [{ method: 'card', amountMinor: total - points }] : []),
                    ]
                  : [{ method: 'card', amountMinor: total }];
              const done = till.raw(till.cashier, 'sale.complete', { id: attached.data.id, payments });
              if (!done.ok)
                till.raw(till.cashier, 'sale.complete', { id: attached.data.id, payments: [{ method: 'card', amountMinor: total }] });
              const sale = till.raw(till.cashier, 'sale.get', { id: attached.data.id });
              if (sale.ok) sold.push({ id: sale.data.id, lineId: sale.data.lines[0].id, quantity: step.quantity, refunded: 0 });
            }
          } else if (step.kind === 'refund') {
            const sale = sold[step.sale % Math.max(sold.length, 1)];
            if (sale && sale.refunded < sale.quantity) {
              const quantity = Math.min(step.quantity, sale.quantity - sale.refunded);
              const refund = till.raw(till.manager, 'sale.refund', {
                id: crypto.randomUUID(),
                originalSaleId: sale.id,
                lines: [{ originalLineId: sale.lineId, quantity, restock: false }],
                payBack: 'original',
              });
              if (refund.ok) sale.refunded += quantity;
            }
          } else if (step.kind === 'adjust') {
            till.raw(till.manager, 'loyalty.adjust', {
              id: crypto.randomUUID(),
              memberId: ids[step.member],
              points: step.points,
              reason: 'Property step',
            });
          } else if (step.kind === 'transfer') {
            const input = { id: crypto.randomUUID(), fromMemberId: ids[step.from], toMemberId: ids[step.to], points: step.points };
            const first = till.raw(till.cashier, 'loyalty.transfer', input);
            if (step.retry) {
              const again = till.raw(till.cashier, 'loyalty.transfer', input);
              // a retry answers like the first call did, and moves nothing more
              expect(again.ok).toBe(first.ok);
            }
          } else if (step.kind === 'expire') {
            clock += step.days * DAY;
            const before = totalBalance();
            const result = await till.terminal.router.invokeAsync('loyalty.expire', {}, till.manager);
            expect(result.ok, JSON.stringify(result)).toBe(true);
            // what the run says it expired is what all the balances lost
            if (result.ok) expect(totalBalance()).toBe(before - (result.data as { points: number }).points);
          } else if (step.kind === 'stop') {
            till.raw(till.manager, 'loyalty.deactivate', { id: ids[step.member], reason: 'Property step' });
          } else {
            till.raw(till.manager, 'loyalty.erase', { id: ids[step.member], reason: 'Property step' });
          }
          for (const id of ids) {
            const row = till.terminal.sqlite
              .prepare(
                'SELECT points_balance AS b, (SELECT coalesce(sum(points), 0) FROM points_ledger WHERE member_id = ?) AS s FROM members WHERE id = ?',
              )
              .get(id, id) as { b: number; s: number };
            expect(row.b).toBe(row.s);
            expect(row.b).toBeGreaterThanOrEqual(0);
          }
          // all members' points move only by what the ledger says was earned, redeemed, reversed, adjusted or expired: transfers make none
          expect(totalBalance() - totalLedger()).toBe(startTotal);
          expect(transfersNet()).toBe(0);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('ran every kind of movement (the steps were not all refused)', () => {
    const kinds = till.terminal.sqlite.prepare('SELECT DISTINCT kind FROM points_ledger').all() as { kind: string }[];
    const seen = kinds.map((k) => k.kind).sort();
    expect(seen, `kinds written: ${seen.join(', ')}`).toEqual([
      'adjust',
      'earn',
      'expire',
      'redeem',
      'refund_reversal',
      'transfer_in',
      'transfer_out',
    ]);
  });
});
