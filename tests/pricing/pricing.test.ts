import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, cashDue, mulDivRound, type PricingLine, priceCart, quickCashAmounts, refundShare } from '../../src/shared/pricing';

const discountArb = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), bp: fc.integer({ min: 0, max: 10000 }) }),
    fc.record({ kind: fc.constant('amount' as const), minor: fc.integer({ min: 0, max: 50000 }) }),
  ),
  { nil: null },
);

const lineArb = fc.record({
  id: fc.uuid(),
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPriceMinor: fc.integer({ min: 0, max: 200000 }),
  taxRateBp: fc.constantFrom(0, 550, 700, 1000, 1900, 2000, 2100, 2200),
  discount: discountArb,
}) satisfies fc.Arbitrary<PricingLine>;

const cartArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  cartDiscount: discountArb,
  pricesIncludeTax: fc.boolean(),
  taxRounding: fc.constantFrom('line' as const, 'total' as const),
});

describe('integer arithmetic', () => {
  it('rounds halves away from zero, exactly', () => {
    expect(mulDivRound(1150, 500, 10000)).toBe(58); // 5 % of 11.50 = 0.575 → 0.58 (floats give 0.57)
    expect(mulDivRound(-1150, 500, 10000)).toBe(-58);
    expect(mulDivRound(1, 1, 2)).toBe(1);
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 10000, 10000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('allocates exactly, in proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0) {
            for (const [i, p] of parts.entries()) expect(Math.abs(p - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1);
          }
        },
      ),
    );
  });
});

describe('priceCart', () => {
  it('lines add up to the totals exactly, per rate too', () => {
    fc.assert(
      fc.property(cartArb, (input) => {
        const cart = priceCart(input);
        const sum = (f: (x: (typeof cart.lines)[number]) => number) => cart.lines.reduce((a, l) => a + f(l), 0);
        expect(sum((l) => l.totalMinor)).toBe(cart.totalMinor);
        expect(sum((l) => l.taxMinor)).toBe(cart.taxMinor);
        expect(cart.netMinor + cart.taxMinor).toBe(cart.totalMinor);
        expect(cart.taxes.reduce((a, t) => a + t.totalMinor, 0)).toBe(cart.totalMinor);
        expect(cart.taxes.reduce((a, t) => a + t.taxMinor, 0)).toBe(cart.taxMinor);
        for (const line of cart.lines) {
          expect(Number.isInteger(line.totalMinor) && Number.isInteger(line.taxMinor)).toBe(true);
        }
      }),
    );
  });

  it('discounts never make a line negative', () => {
    fc.assert(
      fc.property(cartArb, (input) => {
        for (const line of priceCart(input).lines) {
          expect(line.totalMinor).toBeGreaterThanOrEqual(0);
          expect(line.taxMinor).toBeGreaterThanOrEqual(0);
          expect(line.lineDiscountMinor + line.cartDiscountMinor).toBeLessThanOrEqual(line.grossMinor);
        }
      }),
    );
  });

  it('a full refund, in any number of parts, cancels its sale exactly', () => {
    fc.assert(
      fc.property(cartArb, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), (input, chunks) => {
        const cart = priceCart(input);
        let refundedTotal = 0;
        let refundedTax = 0;
        for (const line of cart.lines) {
          const sold = input.lines.find((l) => l.id === line.id)?.quantity ?? 0;
          let done = 0;
          for (const chunk of chunks) {
            const q = Math.min(chunk, sold - done);
            if (q <= 0) break;
            const share = refundShare({ quantity: sold, totalMinor: line.totalMinor, taxMinor: line.taxMinor }, done, q);
            refundedTotal += share.totalMinor;
            refundedTax += share.taxMinor;
            done += q;
          }
          if (done < sold) {
            const rest = refundShare({ quantity: sold, totalMinor: line.totalMinor, taxMinor: line.taxMinor }, done, sold - done);
            refundedTotal += rest.totalMinor;
            refundedTax += rest.taxMinor;
          }
        }
        expect(refundedTotal).toBe(cart.totalMinor);
        expect(refundedTax).toBe(cart.taxMinor);
      }),
    );
  });

  it('refuses to refund more than was sold', () => {
    expect(() => refundShare({ quantity: 2, totalMinor: 500, taxMinor: 50 }, 1, 2)).toThrow(RangeError);
  });

  it('rounds 0.575 up, not down as floating point does', () => {
    // 5 % tax on 11.50 excl. = 0.575 → 0.58
    const cart = priceCart({ pricesIncludeTax: false, lines: [{ id: 'a', quantity: 1, unitPriceMinor: 1150, taxRateBp: 500 }] });
    expect(cart.taxMinor).toBe(58);
    expect(cart.totalMinor).toBe(1208);
  });

  it('prices a 22 % + 10 % VAT cart to 30.15', () => {
    // net 12.30 @ 22 % → tax 2.706 → 2.71; net 13.76 @ 10 % → tax 1.376 → 1.38: 15.01 + 15.14 = 30.15
    const cart = priceCart({
      pricesIncludeTax: false,
      lines: [
        { id: 'a', quantity: 1, unitPriceMinor: 1230, taxRateBp: 2200 },
        { id: 'b', quantity: 1, unitPriceMinor: 1376, taxRateBp: 1000 },
      ],
    });
    expect(cart.totalMinor).toBe(3015);
    expect(cart.taxes).toEqual([
      { taxRateBp: 2200, netMinor: 1230, taxMinor: 271, totalMinor: 1501 },
      { taxRateBp: 1000, netMinor: 1376, taxMinor: 138, totalMinor: 1514 },
    ]);
  });

  it('extracts tax from tax-inclusive prices with several rates', () => {
    const cart = priceCart({
      pricesIncludeTax: true,
      lines: [
        { id: 'bread', quantity: 2, unitPriceMinor: 250, taxRateBp: 550 }, // 5.00 incl. 5.5 % → tax 0.26
        { id: 'wine', quantity: 1, unitPriceMinor: 1199, taxRateBp: 2000 }, // 11.99 incl. 20 % → tax 2.00
        { id: 'book', quantity: 1, unitPriceMinor: 1500, taxRateBp: 0 },
      ],
    });
    expect(cart.totalMinor).toBe(500 + 1199 + 1500);
    expect(cart.lines.map((l) => l.taxMinor)).toEqual([26, 200, 0]);
    expect(cart.netMinor).toBe(3199 - 226);
  });

  it('rounds per rate on the total when the store says so', () => {
    const lines = [1, 2, 3].map((i) => ({ id: String(i), quantity: 1, unitPriceMinor: 105, taxRateBp: 1000 }));
    expect(priceCart({ pricesIncludeTax: false, lines }).taxMinor).toBe(33); // 10.5 → 11, three times
    expect(priceCart({ pricesIncludeTax: false, taxRounding: 'total', lines }).taxMinor).toBe(32); // 31.5 → 32 once
  });

  it('prices weighed items by the thousandth', () => {
    const cart = priceCart({
      pricesIncludeTax: true,
      lines: [{ id: 'cheese', quantity: 347, weighed: true, unitPriceMinor: 1990, taxRateBp: 550 }],
    });
    expect(cart.totalMinor).toBe(691); // 0.347 kg × 19.90 = 6.9053
  });

  it('spreads a cart discount over lines in proportion', () => {
    const cart = priceCart({
      pricesIncludeTax: true,
      cartDiscount: { kind: 'amount', minor: 100 },
      lines: [
        { id: 'a', quantity: 1, unitPriceMinor: 300, taxRateBp: 2000 },
        { id: 'b', quantity: 1, unitPriceMinor: 100, taxRateBp: 550 },
      ],
    });
    expect(cart.lines.map((l) => l.cartDiscountMinor)).toEqual([75, 25]);
    expect(cart.totalMinor).toBe(300);
  });
});

describe('cash', () => {
  it('rounds cash to the smallest coin only', () => {
    expect(cashDue(1232, 5)).toBe(1230);
    expect(cashDue(1233, 5)).toBe(1235);
    expect(cashDue(1233, 1)).toBe(1233);
  });

  it('suggests quick cash amounts above the total', () => {
    expect(quickCashAmounts(1234)).toEqual([1234, 1500, 2000, 5000]);
  });
});
