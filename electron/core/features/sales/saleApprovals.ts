// What a sale needs a manager for, worked out from its priced lines (at payment, and shown while it is open).
import { maxCombinedDiscountBp, type priceCart } from '../../../../src/shared/pricing';
import type { CoreContext } from '../../context';
import type { ApprovalNeed } from './approvals';
import type { PricedSaleLine } from './cartPricing';
import { money } from './tenders';

/**
 * What a sale needs a manager for: every price override (that line, that price) and a combined
 * discount (a line's own plus its share of the cart's) above the cashier's limit.
 */
export function saleApprovalNeeds(
  ctx: CoreContext,
  saleId: string,
  pricingLines: PricedSaleLine[],
  cart: ReturnType<typeof priceCart>,
  limitBp: number,
): ApprovalNeed[] {
  const needs: ApprovalNeed[] = pricingLines
    .filter((line) => line.listPriceMinor !== null)
    .map((line) => ({
      action: 'priceOverride',
      targetId: saleId,
      terms: {
        productId: line.product.id,
        priceMinor: line.unitPriceMinor,
        maxQuantity: pricingLines.filter((other) => other.product.id === line.product.id).reduce((sum, other) => sum + other.quantity, 0),
      },
      what: `Selling “${line.product.name}” at ${money(ctx, line.unitPriceMinor)} instead of ${money(ctx, line.listPriceMinor ?? 0)}`,
    }));
  const discountBp = maxCombinedDiscountBp(cart);
  if (discountBp > limitBp) {
    needs.push({
      action: 'discount',
      targetId: saleId,
      terms: { maxDiscountBp: discountBp, maxAmountMinor: cart.discountMinor },
      what: `A discount of ${discountBp / 100} % (${money(ctx, cart.discountMinor)}, above the cashier's limit of ${limitBp / 100} %)`,
    });
  }
  return needs;
}
