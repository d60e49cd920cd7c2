// The sale in progress as the till shows it: the core's answer in the shapes the screens read,
// and the few sums a screen needs of it (no rule here that the core does not apply itself).
import type { Discount, PricedCart } from '../../shared/pricing';
import { mulDivRound, priceCart } from '../../shared/pricing';
import { GRAMS_PER_KG } from '../../shared/quantity';
import type { AppErrorData } from '../../shared/result';
import type { CartLine, OpenSale } from './cart';
import type { Settings } from './session';

type OpenLine = OpenSale['lines'][number];

export const EMPTY_TOTALS: PricedCart = {
  lines: [],
  subtotalMinor: 0,
  discountMinor: 0,
  netMinor: 0,
  taxMinor: 0,
  totalMinor: 0,
  taxes: [],
};

/** quantity × price before discounts, as priceCart computes it (grams × the kg price for a weighed line). */
export function lineGrossMinor(line: Pick<CartLine, 'quantity' | 'weighed' | 'unitPriceMinor' | 'priceOverrideMinor'>): number {
  const unitMinor = line.priceOverrideMinor ?? line.unitPriceMinor;
  return line.weighed ? mulDivRound(line.quantity, unitMinor, GRAMS_PER_KG) : line.quantity * unitMinor;
}

/** The "N items" of a cart: units of counted lines, and one per weighed line (not its grams). */
export function cartItemCount(lines: readonly Pick<CartLine, 'quantity' | 'weighed'>[]): number {
  return lines.reduce((sum, line) => sum + (line.weighed ? 1 : line.quantity), 0);
}

/**
 * A preview of a change not made yet (the discount dialog's "after"): priced with the same shared
 * code and settings as the core, which prices it again when the change is sent.
 */
export function priceLines(lines: CartLine[], cartDiscount: Discount | null, settings: Settings | null): PricedCart {
  if (lines.length === 0) return EMPTY_TOTALS;
  return priceCart({
    lines: lines.map((line) => ({
      id: line.productId,
      quantity: line.quantity,
      ...(line.weighed ? { weighed: true } : {}),
      unitPriceMinor: line.priceOverrideMinor ?? line.unitPriceMinor,
      taxRateBp: line.taxRateBp,
      discount: line.discount ?? null,
    })),
    cartDiscount,
    pricesIncludeTax: settings?.pricesIncludeTax ?? true,
    taxRounding: settings?.taxRounding ?? 'line',
  });
}

/** A line as the till shows it: the catalogue price, and the override when the core holds one. */
export function cartLineOf(line: OpenLine): CartLine {
  const overridden = line.listPriceMinor !== null;
  return {
    lineId: line.lineId,
    productId: line.productId,
    name: line.name,
    sku: line.sku,
    unitPriceMinor: overridden ? (line.listPriceMinor ?? line.unitPriceMinor) : line.unitPriceMinor,
    taxRateBp: line.taxRateBp,
    quantity: line.quantity,
    weighed: line.weighed,
    ...(line.discount ? { discount: line.discount } : {}),
    ...(overridden ? { priceOverrideMinor: line.unitPriceMinor } : {}),
  };
}

/** The core's totals in the shape the cart panel reads (lines by product). */
export function totalsOf(sale: OpenSale): PricedCart {
  return {
    lines: sale.lines.map((line) => ({
      id: line.productId,
      taxRateBp: line.taxRateBp,
      grossMinor: line.grossMinor,
      lineDiscountMinor: line.lineDiscountMinor,
      cartDiscountMinor: line.cartDiscountMinor,
      totalMinor: line.totalMinor,
      taxMinor: line.taxMinor,
      netMinor: line.totalMinor - line.taxMinor,
    })),
    subtotalMinor: sale.subtotalMinor,
    discountMinor: sale.discountMinor,
    netMinor: sale.totalMinor - sale.taxMinor,
    taxMinor: sale.taxMinor,
    totalMinor: sale.totalMinor,
    taxes: sale.taxes,
  };
}

/** What the parked sale lost on the way back, in the cashier's words. */
export function leftOutError(leftOut: NonNullable<OpenSale['leftOut']>): AppErrorData | null {
  const gone = leftOut.filter((entry) => entry.reason === 'gone');
  const changed = leftOut.filter((entry) => entry.reason === 'unitChanged').map((entry) => `“${entry.name ?? entry.productId}”`);
  if (gone.length > 0) {
    return {
      code: 'NOT_FOUND',
      message:
        gone.length === 1
          ? 'One product of the parked cart is no longer in the catalogue and was left out.'
          : `${gone.length} products of the parked cart are no longer in the catalogue and were left out.`,
    };
  }
  if (changed.length > 0) {
    const one = changed.length === 1;
    return {
      code: 'CONFLICT',
      message: `${changed.join(', ')} changed between pieces and weight since the cart was parked and ${one ? 'was' : 'were'} left out: scan ${one ? 'it' : 'them'} again.`,
    };
  }
  return null;
}

/** The line of `after` that an add changed: a new line, or one that grew. */
export function grownLine(before: CartLine[], after: CartLine[]): { line: CartLine; added: number } | null {
  for (const line of after) {
    const was = before.find((entry) => entry.lineId === line.lineId);
    if (!was) return { line, added: line.quantity };
    if (line.quantity > was.quantity) return { line, added: line.quantity - was.quantity };
  }
  return null;
}
