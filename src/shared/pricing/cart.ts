import { allocate, mulDivRound } from './arith';
import { boundedAmount } from './limits';

/** A discount on a line or a cart: percent in basis points (1000 = 10 %), or a fixed amount. */
export type Discount = { kind: 'percent'; bp: number } | { kind: 'amount'; minor: number };

export interface PricingLine {
  id: string;
  /** integer units, or thousandths (grams of a kg-priced item) when `weighed` */
  quantity: number;
  weighed?: boolean;
  unitPriceMinor: number;
  taxRateBp: number;
  taxClassId?: string;
  discount?: Discount | null;
}

export interface PricingInput {
  lines: PricingLine[];
  cartDiscount?: Discount | null;
  /** shelf prices include tax (EU style) or tax is added on top (US style) */
  pricesIncludeTax: boolean;
  /** round tax per line (default) or once per tax rate on the total */
  taxRounding?: 'line' | 'total';
}

export interface PricedLine {
  id: string;
  taxRateBp: number;
  taxClassId?: string;
  /** quantity × unit price, before discounts */
  grossMinor: number;
  lineDiscountMinor: number;
  cartDiscountMinor: number;
  /** what the customer pays for the line, tax included */
  totalMinor: number;
  /** the tax in totalMinor */
  taxMinor: number;
  /** totalMinor − taxMinor */
  netMinor: number;
}

export interface TaxSummary {
  taxRateBp: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface PricedCart {
  lines: PricedLine[];
  /** sum of line gross amounts (before discounts) */
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** one row per tax rate, for the receipt */
  taxes: TaxSummary[];
}

function discountAmount(baseMinor: number, discount: Discount | null | undefined): number {
  if (!discount || baseMinor <= 0) return 0;
  const raw =
    discount.kind === 'percent' ? mulDivRound(baseMinor, Math.min(Math.max(discount.bp, 0), 10000), 10000) : Math.max(discount.minor, 0);
  // a discount never makes a line (or a cart) negative
  return Math.min(raw, baseMinor);
}

/** Tax contained in an amount: inclusive amount × r/(1+r), or exclusive amount × r. */
function taxOf(amountMinor: number, rateBp: number, inclusive: boolean): number {
  return inclusive ? mulDivRound(amountMinor, rateBp, 10000 + rateBp) : mulDivRound(amountMinor, rateBp, 10000);
}

/**
 * Price a cart: line discounts, then the cart discount spread over lines in proportion, then tax
 * per line (or per rate on the total, spread back over lines). Integers only; lines always add up
 * to the totals exactly.
 */
export function priceCart(input: PricingInput): PricedCart {
  const inclusive = input.pricesIncludeTax;
  // exact in BigInt, then bounded: a line beyond MAX_AMOUNT_MINOR is refused, never rounded to a float
  const gross = input.lines.map((line) => {
    const units = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
    return boundedAmount(line.weighed ? BigInt(mulDivRound(line.quantity, line.unitPriceMinor, 1000)) : units, 'line', line.id);
  });
  const lineDiscounts = input.lines.map((line, i) => discountAmount(gross[i] ?? 0, line.discount));
  const afterLine = gross.map((g, i) => g - (lineDiscounts[i] ?? 0));
  const cartBase = afterLine.reduce((a, b) => a + Math.max(b, 0), 0);
  const cartDiscount = discountAmount(cartBase, input.cartDiscount);
  const cartShares = allocate(
    cartDiscount,
    afterLine.map((a) => Math.max(a, 0)),
  );
  // amounts as priced (tax-inclusive or tax-exclusive, per the store setting)
  const priced = afterLine.map((a, i) => a - (cartShares[i] ?? 0));

  let taxes: number[];
  if ((input.taxRounding ?? 'line') === 'line') {
    taxes = input.lines.map((line, i) => taxOf(priced[i] ?? 0, line.taxRateBp, inclusive));
  } else {
    taxes = new Array(input.lines.length).fill(0);
    const rates = [...new Set(input.lines.map((l) => l.taxRateBp))];
    for (const rate of rates) {
      const members = input.lines.map((l, i) => (l.taxRateBp === rate ? i : -1)).filter((i) => i >= 0);
      const base = members.reduce((sum, i) => sum + (priced[i] ?? 0), 0);
      const shares = allocate(
        taxOf(base, rate, inclusive),
        members.map((i) => Math.max(priced[i] ?? 0, 0)),
      );
      members.forEach((lineIndex, k) => {
        taxes[lineIndex] = shares[k] ?? 0;
      });
    }
  }

  const lines: PricedLine[] = input.lines.map((line, i) => {
    const amount = priced[i] ?? 0;
    const tax = taxes[i] ?? 0;
    const total = inclusive ? amount : amount + tax;
    return {
      id: line.id,
      taxRateBp: line.taxRateBp,
      ...(line.taxClassId !== undefined ? { taxClassId: line.taxClassId } : {}),
      grossMinor: gross[i] ?? 0,
      lineDiscountMinor: lineDiscounts[i] ?? 0,
      cartDiscountMinor: cartShares[i] ?? 0,
      totalMinor: total,
      taxMinor: tax,
      netMinor: total - tax,
    };
  });

  const byRate = new Map<number, TaxSummary>();
  for (const line of lines) {
    const row = byRate.get(line.taxRateBp) ?? { taxRateBp: line.taxRateBp, netMinor: 0, taxMinor: 0, totalMinor: 0 };
    row.netMinor += line.netMinor;
    row.taxMinor += line.taxMinor;
    row.totalMinor += line.totalMinor;
    byRate.set(line.taxRateBp, row);
  }
  const sum = (f: (l: PricedLine) => number) => lines.reduce((a, l) => a + f(l), 0);
  for (const line of lines) boundedAmount(BigInt(line.totalMinor), 'line', line.id);
  // at most 500 lines of MAX_AMOUNT_MINOR each: the sums below are exact, and bounded here
  boundedAmount(BigInt(sum((l) => l.grossMinor)), 'document');
  boundedAmount(BigInt(sum((l) => l.totalMinor)), 'document');
  return {
    lines,
    subtotalMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.lineDiscountMinor + l.cartDiscountMinor),
    netMinor: sum((l) => l.netMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor: sum((l) => l.totalMinor),
    taxes: [...byRate.values()].sort((a, b) => b.taxRateBp - a.taxRateBp),
  };
}

/**
 * A discount as a share of what it applies to, in basis points: the smallest percentage that,
 * priced the way a percent discount is (rounded to the minor unit), takes off at least as much —
 * so what N % takes off never reads as more than N % because of its rounding to the cent.
 */
export function discountBpOf(discountMinor: number, grossMinor: number): number {
  if (discountMinor <= 0) return 0;
  if (grossMinor <= 0 || discountMinor >= grossMinor) return 10000;
  const takes = (bp: number) => mulDivRound(grossMinor, bp, 10000);
  let bp = Number((BigInt(discountMinor) * 10000n) / BigInt(grossMinor));
  while (bp > 0 && takes(bp - 1) >= discountMinor) bp--;
  while (takes(bp) < discountMinor) bp++;
  return Math.min(bp, 10000);
}

/**
 * The largest combined discount of any line of a priced cart (its own discount plus its share of
 * the cart's), in basis points of the line's gross: what the cashier's limit and a manager's
 * discount approval are compared with.
 */
export function maxCombinedDiscountBp(cart: Pick<PricedCart, 'lines'>): number {
  return cart.lines.reduce((max, line) => Math.max(max, discountBpOf(line.lineDiscountMinor + line.cartDiscountMinor, line.grossMinor)), 0);
}
