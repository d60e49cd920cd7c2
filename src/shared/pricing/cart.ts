import { allocate, mulDivRound } from './arith';

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
  const gross = input.lines.map((line) =>
    line.weighed ? mulDivRound(line.quantity, line.unitPriceMinor, 1000) : line.quantity * line.unitPriceMinor,
  );
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
