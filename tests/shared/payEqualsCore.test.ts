// The renderer-equals-core property: for random carts and tenders, what the pay dialog plans (the
// payments it sends, the cash due, rounding and change it shows) is accepted by the real core's
// sale.complete and is exactly what the core stores. The dialog plans with the renderer's
// planTender, which is this planTenders with the cashier's words for its problems
// (tests/renderer/planTender.test.ts proves it changes no amount); the renderer's tsconfig cannot
// reach the core, so this side of the proof runs here.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Discount, planTenders, priceCart, sumByMethod } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { makeTill, type Till } from '../sales/fixture';

const RATES_BP = [0, 550, 700, 1000, 1900, 2000, 2100, 2500];

const discount: fc.Arbitrary<Discount | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 10000 }).map((bp): Discount => ({ kind: 'percent', bp })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20000 }).map((minor): Discount => ({ kind: 'amount', minor })) },
);

const line = fc.record({
  priceMinor: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 50_000 })),
  rateIndex: fc.nat({ max: RATES_BP.length - 1 }),
  weighed: fc.boolean(),
  units: fc.integer({ min: 1, max: 6 }),
  grams: fc.integer({ min: 1, max: 3000 }),
  discount,
});

const tender = fc.oneof(
  fc.record({ mode: fc.constant('cash' as const), extraMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 })) }),
  fc.record({
    mode: fc.constant('card' as const),
    approvalCode: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), { nil: undefined }),
    last4: fc.option(fc.stringMatching(/^\d{4}$/), { nil: undefined }),
  }),
  fc.record({
    mode: fc.constant('split' as const),
    /** the card's share of the total, in thousandths */
    cardShare: fc.integer({ min: 1, max: 999 }),
    extraMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 })),
    last4: fc.option(fc.stringMatching(/^\d{4}$/), { nil: undefined }),
  }),
);

const scenario = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  cartDiscount: discount,
  pricesIncludeTax: fc.boolean(),
  taxRounding: fc.constantFrom('line' as const, 'total' as const),
  cashRoundingStep: fc.constantFrom(1, 5, 10),
  tender,
});

describe('what the pay dialog shows is what sale.complete stores', () => {
  let till: Till;
  const taxClassOf = new Map<number, string>();
  let sku = 0;

  beforeAll(async () => {
    till = await makeTill();
    // discounts of any size without a manager: the property is about money, not approvals
    till.call(till.manager, 'settings.update', { cashierDiscountLimitBp: 10000 });
    taxClassOf.set(0, 'zero');
    for (const rateBp of RATES_BP.filter((r) => r > 0))
      taxClassOf.set(rateBp, till.call(till.manager, 'catalog.upsertTaxClass', { name: `Rate ${rateBp}`, rateBp }).id);
  });
  afterAll(() => till?.close());

  it('for random carts and tenders (cash, card, split; rounding 1/5/10)', () => {
    let checked = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        // the cart, priced as the renderer prices it (the shared priceCart, the store's settings)
        const items = s.lines.map((l) => {
          const taxRateBp = RATES_BP[l.rateIndex] ?? 0;
          sku += 1;
          const product = till.call(till.manager, 'catalog.upsertProduct', {
            sku: `P${sku}`,
            name: `Product ${sku}`,
            priceMinor: l.priceMinor,
            taxClassId: taxClassOf.get(taxRateBp),
            tracksStock: false,
            soldByWeight: l.weighed,
          });
          return { ...l, productId: product.id as string, taxRateBp, quantity: l.weighed ? l.grams : l.units };
        });
        const totals = priceCart({
          lines: items.map((item, i) => ({
            id: String(i + 1),
            quantity: item.quantity,
            ...(item.weighed ? { weighed: true } : {}),
            unitPriceMinor: item.priceMinor,
            taxRateBp: item.taxRateBp,
            discount: item.discount,
          })),
          cartDiscount: s.cartDiscount,
          pricesIncludeTax: s.pricesIncludeTax,
          taxRounding: s.taxRounding,
        });
        // a cart discounted to nothing has nothing to pay: the dialog says so and sends nothing
        if (totals.totalMinor <= 0) {
          expect(
            planTenders({ totalMinor: totals.totalMinor, cashRoundingStep: s.cashRoundingStep, cardMinor: 0, tenderedMinor: null }),
          ).toMatchObject({ problem: { kind: 'nothingToPay' }, payments: null });
          return;
        }

        // the tender, as the cashier types it in the dialog
        const total = totals.totalMinor;
        const t = s.tender;
        const cardMinor = t.mode === 'cash' ? 0 : t.mode === 'card' ? total : Math.max(1, Math.floor((total * t.cardShare) / 1000));
        if (t.mode === 'split' && cardMinor >= total) return;
        const due = planTenders({ totalMinor: total, cashRoundingStep: s.cashRoundingStep, cardMinor, tenderedMinor: null }).cashDueMinor;
        const tenderedMinor = t.mode === 'card' ? null : due + t.extraMinor;
        const plan = planTenders({
          totalMinor: total,
          cashRoundingStep: s.cashRoundingStep,
          cardMinor,
          tenderedMinor: tenderedMinor === 0 ? null : tenderedMinor,
          ...(t.mode === 'card' && t.approvalCode ? { approvalCode: t.approvalCode } : {}),
          ...(t.mode !== 'cash' && t.last4 ? { last4: t.last4 } : {}),
        });
        expect(plan.problem).toBeNull();
        expect(plan.payments).not.toBeNull();
        expect(plan.cashDueMinor).toBe(due);

        // the real core, with the same settings, the same lines and the planned payments
        till.call(till.manager, 'settings.update', {
          pricesIncludeTax: s.pricesIncludeTax,
          taxRounding: s.taxRounding,
          cashRoundingStep: s.cashRoundingStep,
        });
        const sale = till.call(till.cashier, 'sale.complete', {
          id: uuidv7(),
          lines: items.map((item) => ({
            productId: item.productId,
            quantity: item.quantity,
            weighed: item.weighed,
            ...(item.discount ? { discount: item.discount } : {}),
          })),
          ...(s.cartDiscount ? { cartDiscount: s.cartDiscount } : {}),
          payments: plan.payments,
        });

        // the total shown, the rounding shown, the change shown, and every payment as stored
        expect(sale.totalMinor).toBe(total);
        expect(sale.cashRoundingMinor).toBe(plan.roundingMinor);
        expect(sale.changeMinor).toBe(plan.changeMinor);
        // in the order paid: ids made within one millisecond count up (uuidv7), and payments read back by id
        const stored = sale.payments.map(({ id: _id, ...p }: { id: string; method: string }) => p);
        expect(stored).toEqual(plan.settled ?? []);
        const sums = sumByMethod(sale.payments);
        expect(sums.cardMinor).toBe(plan.cardMinor);
        expect(sums.cashMinor).toBe(plan.cashDueMinor);
        if (plan.cashDueMinor > 0) expect(sums.tenderedMinor).toBe(plan.tenderedMinor);
        expect(sums.totalMinor).toBe(total + plan.roundingMinor);
        checked += 1;
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
