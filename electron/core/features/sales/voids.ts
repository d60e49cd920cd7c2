// Voids: units of a line, or a whole open sale, taken off before payment — priced and recorded by the core.
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { discountSchema } from '../../../../src/shared/contract';
import { formatQuantity } from '../../../../src/shared/quantity';
import { audit, emitEvent } from '../../audit';
import type { CoreContext } from '../../context';
import { parkedCarts } from '../../db/schema';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { requireApproval } from './approvals';
import { type CartLineInput, type PricedSaleLine, priceSaleCart } from './cartPricing';
import { heldParkedCart } from './parked';
import { documentIdTaken } from './requestKeys';
import { money } from './tenders';

/**
 * Record the void of units of a cart line, or of the whole cart: priced here from the cart the till
 * holds (every product must exist and be on it; the amount is the core's, never the caller's), with
 * a manager's approval bound to that cart, that line and at least that amount; audited.
 */
export function recordVoid(
  ctx: CoreContext,
  session: Session,
  input: {
    cartId: string;
    scope: 'line' | 'cart';
    productId?: string | undefined;
    quantity?: number | undefined;
    lines: CartLineInput[];
    cartDiscount?: z.infer<typeof discountSchema> | null | undefined;
    approvalId?: string | undefined;
    /**
     * what the store's removal policy makes of it: a void a manager approves (default), the item
     * just scanned taken off again ('errorCorrect': the cashier may), or a void anyone may make ('free')
     */
    kind?: 'void' | 'errorCorrect' | 'free';
  },
) {
  const kind = input.kind ?? 'void';
  const staffId = requireStaffId(session);
  if (documentIdTaken(ctx, input.cartId))
    throw new AppError('CONFLICT', 'This sale is already completed: nothing on it can be voided. Refund it instead.');
  heldParkedCart(ctx, session, input.cartId, 'voiding anything on it');
  // priced at the catalogue's prices: an override or a discount the caller sends has no approval
  // yet, so the amount a manager approves (and the audit records) is the list value taken off
  const listed = input.lines.map(({ productId, quantity, weighed }) => ({
    productId,
    quantity,
    ...(weighed !== undefined ? { weighed } : {}),
  }));
  const { cart: before, pricingLines } = priceSaleCart(ctx, listed, null, { forRemoval: true });
  let amountMinor = before.totalMinor;
  let quantity: number | null = null;
  if (input.scope === 'line') {
    const onCart = listed.filter((line) => line.productId === input.productId);
    if (!input.productId || onCart.length === 0) throw new AppError('NOT_FOUND', 'That product is not on this sale.');
    const units = onCart.reduce((sum, line) => sum + line.quantity, 0);
    quantity = input.quantity ?? units;
    if (quantity > units)
      throw new AppError('VALIDATION', `Only ${formatQuantity(units, onCart[0]?.weighed === true)} of it is on the sale.`, { units });
    // the cart without those units, priced the same way: the void is the difference
    let left = quantity;
    const after = listed.flatMap((line) => {
      if (line.productId !== input.productId || left === 0) return [line];
      const taken = Math.min(left, line.quantity);
      left -= taken;
      return taken === line.quantity ? [] : [{ ...line, quantity: line.quantity - taken }];
    });
    const remaining = after.length > 0 ? priceSaleCart(ctx, after, null, { forRemoval: true }).cart.totalMinor : 0;
    amountMinor = Math.max(before.totalMinor - remaining, 0);
  }
  const approvedBy =
    kind !== 'void'
      ? null
      : requireApproval(
          ctx,
          session,
          input.scope === 'line'
            ? {
                action: 'voidLine',
                targetId: input.cartId,
                terms: { productId: input.productId ?? '', maxAmountMinor: amountMinor },
                what: lineRemovalWhat(ctx, pricingLines, input.productId ?? '', quantity ?? 0, amountMinor),
              }
            : {
                action: 'voidCart',
                targetId: input.cartId,
                terms: { maxAmountMinor: amountMinor },
                what: `Voiding the whole sale (${money(ctx, amountMinor)})`,
              },
          input.approvalId,
        );
  audit(ctx, {
    action: kind === 'errorCorrect' ? 'sale.errorCorrect' : input.scope === 'line' ? 'sale.voidLine' : 'sale.voidCart',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'cart',
    entityId: input.cartId,
    details: { productId: input.productId ?? null, quantity, amountMinor },
  });
  emitEvent(ctx, 'sale.voided', input.cartId, {
    v: 1,
    cartId: input.cartId,
    scope: input.scope,
    productId: input.productId ?? null,
    quantity,
    amountMinor,
    staffId,
    approvedBy,
    at: ctx.now(),
    ...(kind === 'errorCorrect' ? { errorCorrect: true } : {}),
  });
  // a resumed parked cart voided whole is gone for good
  if (input.scope === 'cart') ctx.db.delete(parkedCarts).where(eq(parkedCarts.id, input.cartId)).run();
  return { recorded: true, amountMinor };
}

/** "Removing “Green Tea” (2 of 3, €7.00)": what the manager is asked to allow. */
function lineRemovalWhat(ctx: CoreContext, lines: PricedSaleLine[], productId: string, quantity: number, amountMinor: number): string {
  const onCart = lines.filter((line) => line.product.id === productId);
  const product = onCart[0]?.product;
  const units = onCart.reduce((sum, line) => sum + line.quantity, 0);
  const weighed = product?.soldByWeight === true;
  const part = quantity >= units ? '' : `${formatQuantity(quantity, weighed)} of ${formatQuantity(units, weighed)}, `;
  return `Removing “${product?.name ?? 'a line'}” (${part}${money(ctx, amountMinor)})`;
}
