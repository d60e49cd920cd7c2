// The store's rules for the sale in progress: what may be sold past the stock count (outOfStock),
// who may take lines off (removalApproval), and how much one line holds.
import { formatQuantity } from '../../../../src/shared/quantity';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireApproval } from './approvals';
import type { ProductForSale } from './cartPricing';

/**
 * More of a product than the stock count says is there: refused ('refuse'), sold once the cashier
 * confirms ('sell': the first answer asks), or sold with a manager's approval ('manager'); audited.
 * Answers the quantity that may now be sold past the count.
 */
export function allowPastStock(
  ctx: CoreContext,
  session: Session,
  product: ProductForSale,
  quantity: number,
  input: { sellPastStock?: boolean | undefined; approvalId?: string | undefined },
): number {
  const { outOfStock } = readSettings(ctx);
  const left = Math.max(product.stockOnHand, 0);
  const only = `Only ${formatQuantity(left, product.soldByWeight)} left of “${product.name}”`;
  const details = { productId: product.id, available: left, wanted: quantity, outOfStock };
  if (outOfStock === 'refuse') throw new AppError('INSUFFICIENT_STOCK', `${only}: it cannot be sold.`, details);
  if (outOfStock === 'sell' && input.sellPastStock !== true) {
    throw new AppError('INSUFFICIENT_STOCK', `${only}: sell anyway?`, { ...details, canSellAnyway: true });
  }
  const approvedBy =
    outOfStock === 'manager'
      ? requireApproval(
          ctx,
          session,
          {
            action: 'oversell',
            terms: { productId: product.id, maxQuantity: quantity },
            what: `${only}: selling ${formatQuantity(quantity, product.soldByWeight)}`,
          },
          input.approvalId,
        )
      : null;
  audit(ctx, {
    action: 'sale.oversell',
    actorStaffId: requireStaffId(session),
    approverStaffId: approvedBy,
    entity: 'product',
    entityId: product.id,
    details: { available: left, quantity, outOfStock },
  });
  return quantity;
}

/** One line holds at most 1,000,000 units or grams (1000 kg), as the contract's quantity. */
export const MAX_LINE_QUANTITY = 1_000_000;

export function tooMuch(name: string, weighed: boolean, quantity: number): AppError {
  return new AppError(
    'VALIDATION',
    weighed
      ? `One line holds at most 1000 kg: “${name}” would weigh ${formatQuantity(quantity, true)}.`
      : `One line holds at most 1,000,000 of “${name}”.`,
  );
}

/**
 * What a removal is under the store's policy: the item just scanned taken off again is an error
 * correction the cashier may make (unless the store always asks); anything else is a void a
 * manager approves (unless the store never asks).
 */
export function removalKind(ctx: CoreContext, correcting: boolean): 'void' | 'errorCorrect' | 'free' {
  const policy = readSettings(ctx).removalApproval;
  if (correcting && policy !== 'always') return 'errorCorrect';
  return policy === 'never' ? 'free' : 'void';
}
