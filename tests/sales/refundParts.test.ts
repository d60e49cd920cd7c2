import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashDue } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { makeTill, type Till } from './fixture';

// A refund in parts must pay back, per tender, exactly what one full refund pays back: never more
// to the card than the card paid, never more cash than the cash paid (after rounding), and the
// refund documents add up to the sale's total.

interface Payment {
  method: string;
  amountMinor: number;
}
interface Doc {
  id: string;
  totalMinor: number;
  cashRoundingMinor: number;
  lines: { id: string; quantity: number }[];
  payments: Payment[];
}
type PayBack = 'original' | 'cash' | 'card';

let till: Till;
/** products of the property, tax-inclusive prices (never stock-limited) */
let catalogue: { id: string; priceMinor: number }[] = [];
let p500: { id: string; priceMinor: number };
let p247: { id: string; priceMinor: number };
let p34: { id: string; priceMinor: number };

beforeAll(async () => {
  till = await makeTill();
  till.call(till.manager, 'settings.update', { allowNegativeStock: true });
  const classes = till.call(till.manager, 'catalog.taxClasses', {}) as { id: string; name: string }[];
  const taxClass = (name: string) => classes.find((c) => c.name === name)?.id ?? 'zero';
  const make = (sku: string, priceMinor: number, taxClassId: string) => ({
    id: till.call(till.manager, 'catalog.upsertProduct', { sku, name: `Item ${sku}`, priceMinor, taxClassId, tracksStock: false })
      .id as string,
    priceMinor,
  });
  p500 = make('RP500', 500, taxClass('Standard'));
  p247 = make('RP247', 247, taxClass('Reduced'));
  p34 = make('RP34', 34, 'zero');
  catalogue = [
    p34,
    p247,
    make('RP1249', 1249, taxClass('Reduced')),
    make('RP199', 199, taxClass('Standard')),
    make('RP1', 1, 'zero'),
    make('RP333', 333, taxClass('Standard')),
    make('RP1000', 1000, 'zero'),
  ];
});
afterAll(() => till?.close());

const setStep = (cashRoundingStep: number) => till.call(till.manager, 'settings.update', { cashRoundingStep });

/** Cash into the drawer, so that a cash refund is never refused for want of cash. */
const payIn = (amountMinor: number) =>
  till.call(till.cashier, 'shift.cashMovement', { kind: 'paid_in', amountMinor, reason: 'Float for refunds' });

/** Sell `lines`, `cardMinor` by card and the rest in cash, rounded to the step as the core wants it. */
function sell(lines: { productId: string; quantity: number }[], totalMinor: number, cardMinor: number, step: number): Doc {
  const cashMinor = totalMinor - cardMinor > 0 ? cashDue(totalMinor - cardMinor, step) : 0;
  const payments = [
    ...(cardMinor > 0 ? [{ method: 'card', amountMinor: cardMinor, last4: '4242', approvalCode: 'A1B2' }] : []),
    ...(cashMinor > 0 ? [{ method: 'cash', amountMinor: cashMinor, tenderedMinor: cashMinor }] : []),
  ];
  const sale = till.call<Doc>(till.cashier, 'sale.complete', { id: uuidv7(), lines, payments });
  expect(sale.totalMinor).toBe(totalMinor);
  return sale;
}

function refund(sale: Doc, parts: { lineIndex: number; quantity: number }[], payBack: PayBack): Doc {
  // the manager: pay-backs in another tender than as paid need one (tested in hardening.test.ts)
  return till.call<Doc>(till.manager, 'sale.refund', {
    id: uuidv7(),
    originalSaleId: sale.id,
    lines: parts.map((p) => ({ originalLineId: sale.lines[p.lineIndex]?.id, quantity: p.quantity, restock: false })),
    payBack,
  });
}

/** Everything refunded in one go. */
const refundAll = (sale: Doc, payBack: PayBack) =>
  refund(
    sale,
    sale.lines.map((l, lineIndex) => ({ lineIndex, quantity: l.quantity })),
    payBack,
  );

const paid = (docs: Doc[], method: string) =>
  docs.flatMap((d) => d.payments).reduce((s, p) => (p.method === method ? s + p.amountMinor : s), 0);
const perTender = (docs: Doc[]) => ({ card: paid(docs, 'card'), cash: paid(docs, 'cash') });
const paymentsOf = (doc: Doc) => doc.payments.reduce((s, p) => s + p.amountMinor, 0);

describe('refunds in parts pay back, per tender, what one full refund pays back', () => {
  it('a sale paid 10.00 by card and 2.47 in cash, refunded in three parts, gives 10.00 back to the card and 2.47 in cash', () => {
    setStep(1);
    const lines = [
      { productId: p500.id, quantity: 2 },
      { productId: p247.id, quantity: 1 },
    ];
    const inParts = sell(lines, 1247, 1000, 1);
    const atOnce = sell(lines, 1247, 1000, 1);
    const parts = [
      refund(inParts, [{ lineIndex: 0, quantity: 1 }], 'original'),
      refund(inParts, [{ lineIndex: 1, quantity: 1 }], 'original'),
      refund(inParts, [{ lineIndex: 0, quantity: 1 }], 'original'),
    ];
    const once = refundAll(atOnce, 'original');
    expect(perTender([once])).toEqual({ card: 1000, cash: 247 });
    expect(perTender(parts)).toEqual(perTender([once]));
    expect(parts.reduce((s, r) => s + r.totalMinor, 0)).toBe(inParts.totalMinor);
    for (const r of parts) expect(paymentsOf(r)).toBe(r.totalMinor + r.cashRoundingMinor);
  });

  it('three one-unit refunds of a 3 × 0.34 sale paid 1.00 in cash (rounding to 5) pay back 1.00, not 1.05', () => {
    setStep(5);
    try {
      const lines = [{ productId: p34.id, quantity: 3 }];
      const inParts = sell(lines, 102, 0, 5);
      const atOnce = sell(lines, 102, 0, 5);
      expect(perTender([inParts])).toEqual({ card: 0, cash: 100 });
      const parts = [1, 2, 3].map(() => refund(inParts, [{ lineIndex: 0, quantity: 1 }], 'original'));
      const once = refundAll(atOnce, 'original');
      expect(perTender([once])).toEqual({ card: 0, cash: 100 });
      expect(perTender(parts)).toEqual(perTender([once]));
      expect(parts.reduce((s, r) => s + r.totalMinor, 0)).toBe(inParts.totalMinor);
      for (const r of parts) expect(paymentsOf(r)).toBe(r.totalMinor + r.cashRoundingMinor);
    } finally {
      setStep(1);
    }
  });

  // ---- the property: random sales, random tender split, random partial refunds ----

  const lineArb = fc.record({
    product: fc.nat({ max: 6 }),
    quantity: fc.integer({ min: 1, max: 5 }),
    /** where the line's quantity is cut into partial refunds (cuts ≥ quantity are ignored): 1–4 parts */
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
    /** the order of the parts across lines */
    keys: fc.array(fc.nat({ max: 1000 }), { minLength: 4, maxLength: 4 }),
  });
  const scenarioArb = fc.record({
    step: fc.constantFrom(1, 5, 10),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
    /** the card's share of the total, in basis points (0: all cash, 10000: all card) */
    cardBp: fc.oneof(fc.constant(0), fc.constant(10000), fc.integer({ min: 0, max: 10000 })),
    /** 0: the part goes into the same refund document as the part before it (one time in four) */
    join: fc.array(fc.nat({ max: 3 }), { minLength: 16, maxLength: 16 }),
  });
  type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

  const cutsOf = (l: { quantity: number; cuts: number[] }) => l.cuts.filter((c) => c < l.quantity).sort((a, b) => a - b);

  /** Two identical sales; one refunded part by part, the other in one go. */
  function run(s: Scenario, payBack: PayBack | PayBack[]) {
    setStep(s.step);
    const lines = s.lines.map((l) => ({ productId: catalogue[l.product]!.id, quantity: l.quantity }));
    const totalMinor = s.lines.reduce((sum, l) => sum + catalogue[l.product]!.priceMinor * l.quantity, 0);
    const cardMinor = Math.round((totalMinor * s.cardBp) / 10000);
    const inParts = sell(lines, totalMinor, cardMinor, s.step);
    const atOnce = sell(lines, totalMinor, cardMinor, s.step);
    // the drawer pays out only cash it holds: enough for both refunds (and for any over-payment)
    payIn(4 * totalMinor + 100);

    const chunks = s.lines.flatMap((l, lineIndex) => {
      const cuts = [0, ...cutsOf(l), l.quantity];
      return cuts.slice(1).map((end, j) => ({ lineIndex, quantity: end - (cuts[j] ?? 0), key: l.keys[j] ?? 0 }));
    });
    chunks.sort((a, b) => a.key - b.key);
    const groups: { lineIndex: number; quantity: number }[][] = [];
    chunks.forEach((c, i) => {
      const last = groups[groups.length - 1];
      if (last && s.join[i] === 0) last.push(c);
      else groups.push([c]);
    });
    // one method for every part, or each part its own
    const methodOf = (i: number): PayBack => (Array.isArray(payBack) ? (payBack[i % payBack.length] ?? 'original') : payBack);
    const parts = groups.map((g, i) => refund(inParts, g, methodOf(i)));
    const once = refundAll(atOnce, Array.isArray(payBack) ? 'original' : payBack);
    return { inParts, atOnce, parts, once };
  }

  it('property: pay-back "as paid" in any partial refunds adds up, per tender, to one full refund, never beyond what was paid', () => {
    try {
      fc.assert(
        fc.property(scenarioArb, (s) => {
          const { inParts, parts, once } = run(s, 'original');
          const sold = perTender([inParts]);
          // the documents add up to the sale, and each pays out its total plus its rounding
          expect(parts.reduce((sum, r) => sum + r.totalMinor, 0)).toBe(inParts.totalMinor);
          for (const r of parts) expect(paymentsOf(r), 'payments = total + cash rounding').toBe(r.totalMinor + r.cashRoundingMinor);
          // one full refund gives every tender back what it paid
          expect(perTender([once])).toEqual(sold);
          // in parts: exactly the same, per tender
          const back = perTender(parts);
          expect(back.card, 'card paid back in parts ≤ card paid').toBeLessThanOrEqual(sold.card);
          expect(back.cash, 'cash paid back in parts ≤ cash paid').toBeLessThanOrEqual(sold.cash);
          expect(back, 'paid back in parts = paid back at once').toEqual(perTender([once]));
        }),
        { numRuns: 40 },
      );
    } finally {
      setStep(1);
    }
  });

  it('property: whatever mix of pay-back methods the parts use, never more goes back than was paid', () => {
    try {
      fc.assert(
        fc.property(
          scenarioArb,
          fc.array(fc.constantFrom<PayBack>('original', 'cash', 'card'), { minLength: 16, maxLength: 16 }),
          (s, methods) => {
            const { inParts, parts } = run(s, methods);
            const paid = perTender([inParts]);
            const back = perTender(parts);
            expect(back.card + back.cash, 'paid back in parts ≤ paid').toBeLessThanOrEqual(paid.card + paid.cash);
            for (const r of parts) expect(paymentsOf(r), 'payments = total + cash rounding').toBe(r.totalMinor + r.cashRoundingMinor);
            for (const r of parts) for (const p of r.payments) if (p.method === 'cash') expect(p.amountMinor % s.step).toBe(0);
          },
        ),
        { numRuns: 30 },
      );
    } finally {
      setStep(1);
    }
  });

  it('property: pay-back in cash in any partial refunds adds up to the cash of one full refund (with rounding)', () => {
    try {
      fc.assert(
        fc.property(scenarioArb, (s) => {
          const { inParts, parts, once } = run(s, 'cash');
          expect(parts.reduce((sum, r) => sum + r.totalMinor, 0)).toBe(inParts.totalMinor);
          for (const r of parts) expect(paymentsOf(r), 'payments = total + cash rounding').toBe(r.totalMinor + r.cashRoundingMinor);
          // all of it in cash, rounded once — and never more than the customer paid (whole coins)
          const paid = perTender([inParts]);
          const paidMinor = paid.card + paid.cash;
          expect(perTender([once])).toEqual({
            card: 0,
            cash: Math.min(cashDue(inParts.totalMinor, s.step), Math.floor(paidMinor / s.step) * s.step),
          });
          expect(perTender(parts), 'paid back in parts = paid back at once').toEqual(perTender([once]));
        }),
        { numRuns: 40 },
      );
    } finally {
      setStep(1);
    }
  });
});
