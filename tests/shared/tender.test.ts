import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cashDue,
  planTenders,
  type SettledTender,
  settleTenders,
  shiftTender,
  sumByMethod,
  type TenderPayment,
  tenderProblemText,
} from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { makeTill, type Till } from '../sales/fixture';

const eur = (minor: number) => `€${(minor / 100).toFixed(2)}`;

/** The core's settlement as it was written before it moved to src/shared/pricing: the reference. */
function referenceSettle(
  totalMinor: number,
  payments: TenderPayment[],
  step: number,
): string | { settled: SettledTender[]; roundingMinor: number } {
  const card = payments.filter((p) => p.method === 'card').reduce((s, p) => s + p.amountMinor, 0);
  const cashPayments = payments.filter((p) => p.method === 'cash');
  if (card > totalMinor) return `The card payments (${eur(card)}) are more than the total (${eur(totalMinor)}).`;
  const cashPart = totalMinor - card;
  const cashToPay = cashPart > 0 ? cashDue(cashPart, step) : 0;
  const cashApplied = cashPayments.reduce((s, p) => s + p.amountMinor, 0);
  if (cashPart === 0 && cashPayments.length > 0) return 'The card payments already cover the total: remove the cash payment.';
  if (cashApplied !== cashToPay)
    return `The payments do not match the total: ${eur(cashToPay)} is due in cash, ${eur(cashApplied)} was entered.`;
  const settled: SettledTender[] = [];
  for (const p of payments) {
    if (p.method === 'cash') {
      if (p.tenderedMinor < p.amountMinor)
        return `The cash given (${eur(p.tenderedMinor)}) is less than the amount due (${eur(p.amountMinor)}).`;
      settled.push({
        method: 'cash',
        amountMinor: p.amountMinor,
        tenderedMinor: p.tenderedMinor,
        changeMinor: p.tenderedMinor - p.amountMinor,
        approvalCode: null,
        cardLast4: null,
      });
    } else if (p.method === 'card')
      settled.push({
        method: 'card',
        amountMinor: p.amountMinor,
        tenderedMinor: null,
        changeMinor: null,
        approvalCode: p.approvalCode ?? null,
        cardLast4: p.last4 ?? null,
      });
  }
  return { settled, roundingMinor: cashToPay - cashPart };
}

const payment: fc.Arbitrary<TenderPayment> = fc.oneof(
  fc.record({
    method: fc.constant('cash' as const),
    amountMinor: fc.integer({ min: 1, max: 3000 }),
    tenderedMinor: fc.integer({ min: 1, max: 5000 }),
  }),
  fc.record(
    { method: fc.constant('card' as const), amountMinor: fc.integer({ min: 1, max: 3000 }), last4: fc.constant('4242') },
    { requiredKeys: ['method', 'amountMinor'] },
  ),
);

describe('settleTenders', () => {
  it('takes points like a card (an exact amount), the rest in cash rounded', () => {
    const settlement = settleTenders(
      2347,
      [
        { method: 'points', amountMinor: 500, points: 500 },
        { method: 'cash', amountMinor: 1845, tenderedMinor: 2000 },
      ],
      5,
    );
    expect(settlement).toMatchObject({ ok: true, roundingMinor: -2, changeMinor: 155 });
    if (settlement.ok) expect(settlement.payments.map((p) => p.method)).toEqual(['points', 'cash']);
    expect(
      settleTenders(
        1000,
        [
          { method: 'points', amountMinor: 600, points: 600 },
          { method: 'card', amountMinor: 500 },
        ],
        1,
      ),
    ).toMatchObject({
      ok: false,
      problem: { kind: 'cardAboveTotal', cardMinor: 1100 },
    });
    expect(sumByMethod([{ method: 'points', amountMinor: 600 }])).toMatchObject({ pointsMinor: 600, cardMinor: 0, totalMinor: 600 });
  });

  it('pays the total exactly: card, the rest in cash rounded, change from what was given', () => {
    const settlement = settleTenders(
      2347,
      [
        { method: 'card', amountMinor: 1000, last4: '4242' },
        { method: 'cash', amountMinor: 1345, tenderedMinor: 1500 },
      ],
      5,
    );
    expect(settlement).toMatchObject({ ok: true, cashPartMinor: 1347, cashDueMinor: 1345, roundingMinor: -2, changeMinor: 155 });
    expect(settlement.ok && settlement.payments).toEqual([
      { method: 'card', amountMinor: 1000, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: '4242' },
      { method: 'cash', amountMinor: 1345, tenderedMinor: 1500, changeMinor: 155, approvalCode: null, cardLast4: null },
    ]);
  });

  it('names each problem, in the order the core checks them', () => {
    const problem = (total: number, payments: TenderPayment[], step = 1) => {
      const s = settleTenders(total, payments, step);
      return s.ok ? null : s.problem;
    };
    expect(problem(1000, [{ method: 'card', amountMinor: 1200 }])).toEqual({ kind: 'cardAboveTotal', cardMinor: 1200, totalMinor: 1000 });
    expect(
      problem(1000, [
        { method: 'card', amountMinor: 1000 },
        { method: 'cash', amountMinor: 5, tenderedMinor: 5 },
      ]),
    ).toEqual({ kind: 'cashNotNeeded' });
    expect(problem(1003, [{ method: 'cash', amountMinor: 1003, tenderedMinor: 2000 }], 5)).toEqual({
      kind: 'cashMismatch',
      dueMinor: 1005,
      enteredMinor: 1003,
    });
    expect(problem(1000, [{ method: 'cash', amountMinor: 1000, tenderedMinor: 900 }])).toEqual({
      kind: 'cashShort',
      tenderedMinor: 900,
      amountMinor: 1000,
    });
  });

  it('is the core settlement as it was, for any list of payments (words included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6000 }),
        fc.array(payment, { maxLength: 4 }),
        fc.constantFrom(1, 5, 10, 25),
        (total, payments, step) => {
          const reference = referenceSettle(total, payments, step);
          const settlement = settleTenders(total, payments, step);
          if (typeof reference === 'string') {
            expect(settlement.ok).toBe(false);
            if (!settlement.ok) expect(tenderProblemText(settlement.problem, eur).message).toBe(reference);
          } else {
            expect(settlement).toMatchObject({ ok: true, payments: reference.settled, roundingMinor: reference.roundingMinor });
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('planTenders', () => {
  it('plans payments that settle, and shows what the settlement stores', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
        fc.constantFrom(1, 5, 10),
        (total, cardShare, tendered, step) => {
          const cardMinor = Math.floor((total * cardShare) / 1000);
          const plan = planTenders({ totalMinor: total, cardMinor, tenderedMinor: tendered, cashRoundingStep: step });
          if (plan.payments === null) {
            expect(plan.problem).not.toBeNull();
            expect(plan.changeMinor).toBe(0);
            return;
          }
          const settlement = settleTenders(total, plan.payments, step);
          expect(settlement).toMatchObject({
            ok: true,
            payments: plan.settled,
            changeMinor: plan.changeMinor,
            roundingMinor: plan.roundingMinor,
            cashDueMinor: plan.cashDueMinor,
          });
          expect(sumByMethod(plan.payments)).toMatchObject({ cardMinor, cashMinor: plan.cashDueMinor });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('names what is missing before the payment settles', () => {
    expect(planTenders({ totalMinor: 0, cardMinor: 0, tenderedMinor: null, cashRoundingStep: 1 }).problem).toEqual({
      kind: 'nothingToPay',
    });
    expect(planTenders({ totalMinor: 1003, cardMinor: 0, tenderedMinor: null, cashRoundingStep: 5 }).problem).toEqual({
      kind: 'cashMissing',
      dueMinor: 1005,
    });
    expect(planTenders({ totalMinor: 1000, cardMinor: 1200, tenderedMinor: 50, cashRoundingStep: 1 }).problem).toMatchObject({
      kind: 'cardAboveTotal',
    });
  });
});

describe('sumByMethod and shiftTender', () => {
  it('adds up card, cash, points, the whole, what was handed over and the change', () => {
    expect(
      sumByMethod([
        { method: 'card', amountMinor: 1000 },
        { method: 'cash', amountMinor: 1345, tenderedMinor: 1500, changeMinor: 155 },
        { method: 'points', amountMinor: 200 },
        { method: 'cash', amountMinor: 5, tenderedMinor: 10, changeMinor: 5 },
      ]),
    ).toEqual({
      cardMinor: 1000,
      cashMinor: 1350,
      pointsMinor: 200,
      totalMinor: 2550,
      tenderedMinor: 1510,
      changeMinor: 160,
      cashCount: 2,
    });
    expect(sumByMethod([])).toEqual({
      cardMinor: 0,
      cashMinor: 0,
      pointsMinor: 0,
      totalMinor: 0,
      tenderedMinor: 0,
      changeMinor: 0,
      cashCount: 0,
    });
  });

  it("reads one method's line of a shift report, zero when there is none", () => {
    const tenders = [{ method: 'cash', salesMinor: 5000, refundsMinor: 700 }];
    expect(shiftTender(tenders, 'cash')).toEqual({ salesMinor: 5000, refundsMinor: 700, netMinor: 4300 });
    expect(shiftTender(tenders, 'card')).toEqual({ salesMinor: 0, refundsMinor: 0, netMinor: 0 });
  });
});

describe('the core says it word for word', () => {
  let till: Till;
  beforeAll(async () => {
    till = await makeTill();
    till.call(till.manager, 'settings.update', { cashRoundingStep: 5 });
  });
  afterAll(() => till?.close());

  const attempt = (payments: TenderPayment[]) =>
    till.raw(till.cashier, 'sale.complete', { id: uuidv7(), lines: [{ productId: till.products.wine.id, quantity: 1 }], payments });

  it('refuses payments that do not settle, with the settlement problem in its words and details', () => {
    // the wine is €12.99: €13.00 in cash
    expect(attempt([{ method: 'card', amountMinor: 1300 }])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The card payments (€13.00) are more than the total (€12.99).' },
    });
    expect(
      attempt([
        { method: 'card', amountMinor: 1299 },
        { method: 'cash', amountMinor: 5, tenderedMinor: 5 },
      ]),
    ).toMatchObject({ ok: false, error: { message: 'The card payments already cover the total: remove the cash payment.' } });
    expect(attempt([{ method: 'cash', amountMinor: 1299, tenderedMinor: 2000 }])).toMatchObject({
      ok: false,
      error: {
        message: 'The payments do not match the total: €13.00 is due in cash, €12.99 was entered.',
        details: { dueMinor: 1300, enteredMinor: 1299 },
      },
    });
    expect(attempt([{ method: 'cash', amountMinor: 1300, tenderedMinor: 1000 }])).toMatchObject({
      ok: false,
      error: { message: 'The cash given (€10.00) is less than the amount due (€13.00).' },
    });
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.wine.id, quantity: 1 }],
      payments: [{ method: 'cash', amountMinor: 1300, tenderedMinor: 2000 }],
    });
    expect(sale).toMatchObject({ cashRoundingMinor: 1, changeMinor: 700 });
  });
});
