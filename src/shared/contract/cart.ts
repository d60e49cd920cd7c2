import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../pricing/limits';
import { approvalRequestSchema } from './approvals';
import { emptyInput, idSchema, uuidSchema } from './common';
import { channel } from './define';
import { discountSchema, parkedCartSchema, saleLineSchema, saleSchema } from './sales';

const recorded = z.int().min(-MAX_AMOUNT_MINOR).max(MAX_AMOUNT_MINOR);
/** whole units, or grams of a product sold by weight */
const quantity = z.int().min(1).max(1_000_000);

/** One line of the sale in progress, priced by the core. */
// the priced fields are a sale line's (unitPriceMinor: the catalogue's or the override; listPriceMinor: the catalogue's when overridden)
export const openLineSchema = saleLineSchema
  .pick({
    sku: true,
    name: true,
    quantity: true,
    weighed: true,
    unitPriceMinor: true,
    listPriceMinor: true,
    taxRateBp: true,
    grossMinor: true,
    lineDiscountMinor: true,
    cartDiscountMinor: true,
    taxMinor: true,
    totalMinor: true,
  })
  .extend({ lineId: idSchema, productId: idSchema, discount: discountSchema.nullable() });

/** The loyalty member attached to the sale in progress, and what this sale does to their points. */
export const openMemberSchema = z.object({
  id: idSchema,
  name: z.string(),
  cardNumber: z.string().nullable(),
  tier: z.enum(['bronze', 'silver', 'gold', 'platinum']),
  pointsBalance: z.int(),
  /** what the sale as it stands will earn (the tier's multiplier applied; excluded products earn nothing) */
  earnPoints: z.int().min(0),
  /** the most points that can pay this sale now (balance, today's cap, the total; 0 below the minimum) */
  redeemablePoints: z.int().min(0),
  /** what one point pays, in minor units, and the fewest points redeemed at a time */
  pointValueMinor: z.int().min(1),
  minRedeemPoints: z.int().min(0),
  /** what is left of today's cap on this till while it has not synced (null: no cap) */
  dailyCapLeft: z.int().min(0).nullable(),
});

/** The sale in progress as the core holds and prices it: what the till shows. */
export const openSaleSchema = z.object({
  /** the sale's id from its first scan: sale.complete with it completes exactly this sale */
  id: uuidSchema,
  label: z.string().nullable(),
  lines: z.array(openLineSchema),
  cartDiscount: discountSchema.nullable(),
  subtotalMinor: recorded,
  discountMinor: recorded,
  taxMinor: recorded,
  totalMinor: recorded,
  taxes: saleSchema.shape.taxes,
  /** what a manager must still approve before it can be paid (discounts above the limit, price overrides) */
  needsApproval: z.array(approvalRequestSchema.extend({ what: z.string() })),
  approvalIds: z.array(idSchema),
  /** the loyalty member the sale is for (cart.setMember, or a member card scanned), or null */
  member: openMemberSchema.nullable(),
  updatedAt: z.int(),
  /** cart.resume only: lines of the parked sale left out (the product is gone, or changed between pieces and weight) */
  leftOut: z.array(z.object({ productId: idSchema, name: z.string().nullable(), reason: z.enum(['gone', 'unitChanged']) })).optional(),
});

const lineRef = { lineId: idSchema };
const approval = { approvalId: idSchema.optional() };

export const cartChannels = {
  'cart.current': channel({
    summary:
      'The sale in progress of the staff member logged in (kept in the database: it survives a crash, a reload or a restart), or null.',
    input: emptyInput,
    output: openSaleSchema.nullable(),
    writes: false,
    access: 'cashier',
  }),
  'cart.addLine': channel({
    summary:
      'Add a product by id or by its scanned code (a scale label carries its grams) to the sale in progress, starting one if there is none; the same product again counts up. A scanned member card attaches the member instead. Answers the whole priced sale.',
    input: z
      .strictObject({
        productId: idSchema.optional(),
        code: z.string().trim().min(1).max(48).optional(),
        quantity: quantity.optional(),
        /** beyond the stock count: the cashier confirmed to sell anyway (outOfStock 'sell') */
        sellPastStock: z.boolean().optional(),
        /** beyond the stock count: a manager's oversell approval (outOfStock 'manager') */
        approvalId: idSchema.optional(),
      })
      .refine((input) => (input.productId === undefined) !== (input.code === undefined), {
        message: 'Say which product: its id or its scanned code, one of the two.',
      }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.setQuantity': channel({
    summary: 'Set the quantity (or grams) of a line; less than before is a removal, which a cashier needs a manager for.',
    input: z.strictObject({ ...lineRef, quantity, ...approval }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.removeLine': channel({
    summary: 'Take a line off the sale in progress (a cashier needs a manager); recorded as a void with the amount the core priced.',
    input: z.strictObject({ ...lineRef, ...approval }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.setDiscount': channel({
    summary:
      'A discount on a line (lineId) or on the whole sale; above the cashier’s limit it needs a manager’s approval before payment (given here, or later).',
    input: z.strictObject({ lineId: idSchema.optional(), discount: discountSchema.nullable(), ...approval }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.overridePrice': channel({
    summary: 'Another price for a line (null: back to the catalogue’s); always a manager’s decision before payment.',
    input: z.strictObject({ ...lineRef, priceMinor: z.int().min(0).max(MAX_AMOUNT_MINOR).nullable(), ...approval }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.setMember': channel({
    summary:
      'Attach a loyalty member to the sale in progress (starting one if there is none), or detach (null). Scanning a member card with cart.addLine does the same. A stopped or erased card is refused.',
    input: z.strictObject({ memberId: idSchema.nullable() }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.void': channel({
    summary: 'Void the whole sale in progress (a cashier needs a manager); recorded with the amount the core priced. Answers null.',
    input: z.strictObject({ ...approval }),
    output: z.null(),
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.park': channel({
    summary: 'Put the sale in progress aside (parked, survives a restart); the till is free for the next customer.',
    input: z.strictObject({ label: z.string().trim().max(60).optional() }),
    output: parkedCartSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
  'cart.resume': channel({
    summary: 'Take a parked sale back as the sale in progress (only when none is in progress).',
    input: z.strictObject({ id: uuidSchema }),
    output: openSaleSchema,
    writes: true,
    openSaleOnly: true,
    access: 'cashier',
  }),
};
