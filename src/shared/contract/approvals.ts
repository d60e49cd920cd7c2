import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../pricing/limits';
import { idSchema } from './common';

// What a manager's approval is for: the actions a cashier may not do alone, and the exact terms each states.

const amount = z.int().min(0).max(MAX_AMOUNT_MINOR);

export const APPROVAL_ACTIONS = [
  'discount',
  'priceOverride',
  'voidLine',
  'voidCart',
  'refundNoReceipt',
  /** paying back in another tender than the sale was paid with (card-paid money as cash, cash as a card refund) */
  'refundTender',
  'noSale',
  'paidOut',
  /** selling more of a product than the stock count says is there (outOfStock 'manager') */
  'oversell',
  /** moving more loyalty points from one member to another than the store's limit */
  'pointsTransfer',
] as const;
export const approvalActionSchema = z.enum(APPROVAL_ACTIONS);

/**
 * What exactly an approval allows, beside its action, cashier and document: the line (product),
 * the largest combined discount, the price, or the largest amount. Which are needed depends on
 * the action (see `APPROVAL_TERMS`).
 */
export const approvalTermsSchema = z.strictObject({
  productId: idSchema.optional(),
  /** discount: the largest combined discount (line + share of the cart's) of any line, in basis points */
  maxDiscountBp: z.int().min(0).max(10000).optional(),
  /** priceOverride: the price the line may be sold at */
  priceMinor: amount.optional(),
  /** priceOverride: how many units (grams when weighed) at most may be sold at that price */
  maxQuantity: z.int().min(1).max(1_000_000).optional(),
  /** discount: the largest amount the sale's discounts may take off; voidLine, voidCart, refundNoReceipt, paidOut: the largest amount it allows */
  maxAmountMinor: amount.optional(),
  /** pointsTransfer: the most points it moves */
  maxPoints: z.int().min(1).max(1_000_000_000).optional(),
});

/** Per action: whether it names its document (`targetId`) and which terms it must state. */
export const APPROVAL_TERMS: Record<
  (typeof APPROVAL_ACTIONS)[number],
  { target: boolean; terms: readonly (keyof z.infer<typeof approvalTermsSchema>)[] }
> = {
  discount: { target: true, terms: ['maxDiscountBp', 'maxAmountMinor'] },
  priceOverride: { target: true, terms: ['productId', 'priceMinor', 'maxQuantity'] },
  voidLine: { target: true, terms: ['productId', 'maxAmountMinor'] },
  voidCart: { target: true, terms: ['maxAmountMinor'] },
  refundNoReceipt: { target: true, terms: ['maxAmountMinor'] },
  oversell: { target: false, terms: ['productId', 'maxQuantity'] },
  refundTender: { target: true, terms: ['maxAmountMinor'] },
  paidOut: { target: false, terms: ['maxAmountMinor'] },
  noSale: { target: false, terms: [] },
  // the transfer's id is the target: the approval moves these points once, from this member
  pointsTransfer: { target: true, terms: ['maxPoints'] },
};

/** One approval the core asks for (in FORBIDDEN details.needsApproval) or a manager gives. */
export const approvalRequestSchema = z.strictObject({
  action: approvalActionSchema,
  /** the sale (cart), refund or document it is for */
  targetId: idSchema.optional(),
  terms: approvalTermsSchema.default({}),
});
