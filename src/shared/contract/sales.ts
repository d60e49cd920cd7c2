import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../pricing/limits';
import { APPROVAL_TERMS, approvalActionSchema, approvalRequestSchema, approvalTermsSchema } from './approvals';
import { emptyInput, idSchema, pinSchema, uuidSchema } from './common';
import { channel } from './define';

const amount = z.int().min(0).max(MAX_AMOUNT_MINOR);
const positiveAmount = z.int().min(1).max(MAX_AMOUNT_MINOR);
/** an amount the core computed: bounded like every recorded amount (negative for pay-backs and rounding) */
const recorded = z.int().min(-MAX_AMOUNT_MINOR).max(MAX_AMOUNT_MINOR);

export const discountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), bp: z.int().min(0).max(10000) }),
  z.strictObject({ kind: z.literal('amount'), minor: amount }),
]);

export const cartLineInput = z.strictObject({
  productId: idSchema,
  /** whole units, or grams (thousandths of a kg) for a product sold by weight */
  quantity: z.int().min(1).max(1_000_000),
  /** whether the till counted this line in grams; when given and the product changed unit since, the line is refused */
  weighed: z.boolean().optional(),
  discount: discountSchema.nullable().optional(),
  /** a price other than the catalogue's: needs a manager approval */
  priceOverrideMinor: amount.optional(),
});

export const cartInput = z.strictObject({
  lines: z.array(cartLineInput).min(1).max(500),
  cartDiscount: discountSchema.nullable().optional(),
});

export const paymentInput = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), amountMinor: positiveAmount, tenderedMinor: positiveAmount }),
  z.strictObject({
    method: z.literal('card'),
    amountMinor: positiveAmount,
    // recorded from the external card terminal: never a card number
    approvalCode: z
      .string()
      .trim()
      .max(32)
      .regex(/^[A-Za-z0-9-]*$/)
      .optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/, 'Only the last four digits of a card')
      .optional(),
  }),
  /** loyalty points of the sale's member: `points` worth `amountMinor` (points × the store's point value) */
  z.strictObject({ method: z.literal('points'), amountMinor: positiveAmount, points: z.int().min(1).max(1_000_000_000) }),
]);

export const saleLineSchema = z.object({
  id: idSchema,
  lineNo: z.int(),
  productId: idSchema.nullable(),
  sku: z.string(),
  name: z.string(),
  quantity: z.int(),
  weighed: z.boolean(),
  unitPriceMinor: recorded,
  listPriceMinor: recorded.nullable(),
  taxRateBp: z.int(),
  grossMinor: recorded,
  lineDiscountMinor: recorded,
  cartDiscountMinor: recorded,
  taxMinor: recorded,
  totalMinor: recorded,
  originalLineId: idSchema.nullable(),
  restock: z.boolean().nullable(),
  /** sale lines: how many units were refunded since */
  refundedQuantity: z.int(),
});

export const paymentSchema = z.object({
  id: idSchema,
  method: z.enum(['cash', 'card', 'points']),
  amountMinor: recorded,
  tenderedMinor: recorded.nullable(),
  changeMinor: recorded.nullable(),
  approvalCode: z.string().nullable(),
  cardLast4: z.string().nullable(),
});

export const saleSchema = z.object({
  id: idSchema,
  kind: z.enum(['sale', 'refund']),
  terminalId: z.string(),
  receiptNo: z.int(),
  /** what the receipt barcode encodes */
  receiptCode: z.string(),
  originalSaleId: idSchema.nullable(),
  shiftId: idSchema,
  staffId: idSchema,
  staffName: z.string(),
  approvedBy: idSchema.nullable(),
  createdAt: z.int(),
  currency: z.string(),
  pricesIncludeTax: z.boolean(),
  /** the loyalty member it was made for (a refund: its sale's member) */
  memberId: idSchema.nullable(),
  subtotalMinor: recorded,
  discountMinor: recorded,
  taxMinor: recorded,
  totalMinor: recorded,
  cashRoundingMinor: recorded,
  changeMinor: recorded,
  lines: z.array(saleLineSchema),
  payments: z.array(paymentSchema),
  taxes: z.array(z.object({ taxRateBp: z.int(), netMinor: recorded, taxMinor: recorded, totalMinor: recorded })),
  refundIds: z.array(idSchema),
  /** a sale: what its refunds added up to and paid back by card and in cash so far (zeros for a refund) */
  /** what the sale's refunds paid back so far: in all, by card, in cash (as handed over) and in points (their value) */
  refunded: z.object({ totalMinor: recorded, cardMinor: recorded, cashMinor: recorded, pointsMinor: recorded }),
  journalSeq: z.int(),
});

const removalsSchema = z.object({ count: z.int(), amountMinor: z.int() });

export const shiftReportSchema = z.object({
  shiftId: idSchema,
  terminalId: z.string(),
  zNumber: z.int().nullable(),
  openedAt: z.int(),
  openedBy: z.string(),
  closedAt: z.int().nullable(),
  closedBy: z.string().nullable(),
  currency: z.string(),
  openingFloatMinor: z.int(),
  salesCount: z.int(),
  salesTotalMinor: z.int(),
  refundsCount: z.int(),
  refundsTotalMinor: z.int(),
  discountsMinor: z.int(),
  tenders: z.array(z.object({ method: z.string(), salesMinor: z.int(), refundsMinor: z.int() })),
  taxes: z.array(z.object({ taxRateBp: z.int(), netMinor: z.int(), taxMinor: z.int(), totalMinor: z.int() })),
  paidInMinor: z.int(),
  paidOutMinor: z.int(),
  noSales: z.int(),
  /** receipts printed again (marked COPY) during the shift; absent from Z reports closed before Ringup counted them */
  receiptCopies: z.int().optional(),
  /** times the drawer was opened by the printer during the shift (sales, refunds, no-sales); absent likewise */
  drawerOpenings: z.int().optional(),
  /** lines (or units of them) voided, whole sales in progress voided, and items just scanned taken off again; absent from Z reports closed before Ringup counted them */
  lineVoids: removalsSchema.optional(),
  saleVoids: removalsSchema.optional(),
  errorCorrects: removalsSchema.optional(),
  cashRoundingMinor: z.int(),
  expectedCashMinor: z.int(),
  countedCashMinor: z.int().nullable(),
  overShortMinor: z.int().nullable(),
  counted: z.array(z.object({ denominationMinor: z.int(), count: z.int() })).nullable(),
});

export const shiftSchema = z.object({
  id: idSchema,
  terminalId: z.string(),
  openedAt: z.int(),
  openedBy: idSchema,
  openedByName: z.string(),
  openingFloatMinor: z.int(),
  closedAt: z.int().nullable(),
  zNumber: z.int().nullable(),
});

export const parkedCartSchema = z.object({
  id: idSchema,
  label: z.string(),
  staffName: z.string(),
  totalMinor: z.int(),
  lineCount: z.int(),
  createdAt: z.int(),
});

export const salesChannels = {
  'auth.approve': channel({
    summary:
      'A manager approves one action on the spot with their PIN: for the cashier logged in, for one document (targetId) and within its terms (line, price, largest discount or amount). Returns a one-time approval that expires in 5 minutes.',
    input: z.strictObject({ pin: pinSchema, ...approvalRequestSchema.shape }).superRefine((input, ctx) => {
      // an approval says exactly what it allows: its document and the terms its action needs
      const rule = APPROVAL_TERMS[input.action];
      if (rule.target && !input.targetId)
        ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'Say which sale or refund the approval is for.' });
      for (const key of rule.terms) {
        if (input.terms[key] === undefined)
          ctx.addIssue({ code: 'custom', path: ['terms', key], message: `An approval of ${input.action} states ${key}.` });
      }
    }),
    output: z.object({
      approvalId: idSchema,
      managerId: idSchema,
      managerName: z.string(),
      action: approvalActionSchema,
      targetId: idSchema.nullable(),
      terms: approvalTermsSchema,
      expiresAt: z.int(),
    }),
    writes: true,
    access: 'cashier',
  }),
  'shift.current': channel({
    summary: 'The open shift of this terminal, if any.',
    input: emptyInput,
    output: shiftSchema.nullable(),
    writes: false,
    access: 'staff',
  }),
  'shift.open': channel({
    summary: 'Open a shift with a counted cash float.',
    input: z.strictObject({ openingFloatMinor: amount }),
    output: shiftSchema,
    writes: true,
    access: 'cashier',
  }),
  'shift.join': channel({
    summary:
      'Sell on the open shift someone else opened (a manager covering a till): recorded in the audit log. CONFLICT when that shift is no longer the open one.',
    input: z.strictObject({ shiftId: idSchema }),
    output: shiftSchema,
    writes: true,
    access: 'cashier',
  }),
  'shift.cashMovement': channel({
    summary: 'Paid-in or paid-out of the drawer, with a reason (paid-out needs a manager unless a manager does it).',
    input: z.strictObject({
      kind: z.enum(['paid_in', 'paid_out']),
      amountMinor: positiveAmount,
      reason: z.string().trim().min(2).max(200),
      approvalId: idSchema.optional(),
    }),
    output: z.object({ id: idSchema, kind: z.enum(['paid_in', 'paid_out']), amountMinor: z.int(), journalSeq: z.int() }),
    writes: true,
    access: 'cashier',
  }),
  'shift.noSale': channel({
    summary:
      'Record opening the drawer without a sale (audited; needs a manager when the store sets noSaleNeedsApproval); then receipt.kickDrawer with its id opens the drawer once.',
    input: z.strictObject({ reason: z.string().trim().min(2).max(200), approvalId: idSchema.optional() }),
    output: z.object({ id: idSchema, drawerKicked: z.boolean() }),
    writes: true,
    access: 'cashier',
  }),
  'shift.xReport': channel({
    summary: 'The running totals of the open shift (X report), without closing it.',
    input: emptyInput,
    output: shiftReportSchema,
    writes: false,
    access: 'cashier',
  }),
  'shift.close': channel({
    summary: 'Count the drawer by denomination and close the shift: stores the Z report with over/short.',
    input: z.strictObject({
      counted: z.array(z.strictObject({ denominationMinor: z.int().min(1).max(1_000_000), count: z.int().min(0).max(100_000) })).max(40),
    }),
    output: shiftReportSchema,
    writes: true,
    access: 'cashier',
  }),
  'shift.zReport': channel({
    summary: 'A stored Z report, as it was at close (reprint).',
    input: z.strictObject({ zNumber: z.int().min(1).optional(), shiftId: idSchema.optional() }),
    output: shiftReportSchema,
    writes: false,
    access: 'cashier',
  }),
  'sale.complete': channel({
    summary:
      'Complete a sale in one transaction: the sale in progress with this id (no lines), or the lines given; the same request sent again returns the same sale and writes nothing.',
    input: z.strictObject({
      id: uuidSchema,
      // without lines: the sale in progress with this id (cart.*), as the core holds it
      lines: cartInput.shape.lines.optional(),
      cartDiscount: cartInput.shape.cartDiscount,
      // empty only when the total is zero (a 100 % discount): the core checks payments against the total
      payments: z.array(paymentInput).max(10),
      approvalId: idSchema.optional(),
      /** several approvals (a price override and a discount, say), each for this cashier and this sale */
      approvalIds: z.array(idSchema).max(20).optional(),
      /** with lines given: the loyalty member the sale is for (the sale in progress carries its own) */
      memberId: idSchema.optional(),
    }),
    output: saleSchema,
    writes: true,
    access: 'cashier',
  }),
  'sale.park': channel({
    summary: 'Put a cart aside (kept in the database, survives a restart).',
    input: z.strictObject({ id: uuidSchema, label: z.string().trim().max(60).optional(), ...cartInput.shape }),
    output: parkedCartSchema,
    writes: true,
    access: 'cashier',
  }),
  'sale.listParked': channel({
    summary: 'Parked carts, oldest first.',
    input: emptyInput,
    output: z.array(parkedCartSchema),
    writes: false,
    access: 'cashier',
  }),
  'sale.resume': channel({
    summary: 'Take a parked cart back (it leaves the parked list).',
    input: z.strictObject({ id: uuidSchema }),
    output: z.object({ id: uuidSchema, label: z.string(), ...cartInput.shape }),
    writes: true,
    access: 'cashier',
  }),
  'sale.void': channel({
    summary:
      'Record the void of units of a cart line, or of the whole cart: the core prices the cart it is given before and after (every product must be on it) and records that amount, with a manager approval bound to this cart, line and amount.',
    input: z.strictObject({
      cartId: uuidSchema,
      scope: z.enum(['line', 'cart']),
      /** line: the product whose units are taken off, and how many (default: all of them) */
      productId: idSchema.optional(),
      quantity: z.int().min(1).max(1_000_000).optional(),
      /** the cart as it is before the void: the core prices it (and the cart after) to know the amount */
      ...cartInput.shape,
      approvalId: idSchema.optional(),
    }),
    output: z.object({ recorded: z.boolean(), amountMinor: recorded }),
    writes: true,
    access: 'cashier',
  }),
  'sale.find': channel({
    summary: 'Find sales by receipt number or by the scanned receipt barcode.',
    input: z.strictObject({ receipt: z.string().trim().min(1).max(64) }),
    output: z.array(
      z.object({
        id: idSchema,
        kind: z.enum(['sale', 'refund']),
        receiptNo: z.int(),
        receiptCode: z.string(),
        createdAt: z.int(),
        totalMinor: z.int(),
      }),
    ),
    writes: false,
    access: 'cashier',
  }),
  'sale.recent': channel({
    summary:
      'The open shift’s latest receipts on this terminal, sales and refunds, newest first; the next page starts before the receipt number of the last one shown (keyset). No open shift: none.',
    input: z.strictObject({
      /** how many (default 20) */
      limit: z.int().min(1).max(50).optional(),
      /** the receipt number of the last receipt of the page before: this page holds the ones rung before it */
      before: z.int().min(1).optional(),
    }),
    output: z.array(
      z.object({
        id: idSchema,
        kind: z.enum(['sale', 'refund']),
        receiptNo: z.int(),
        receiptCode: z.string(),
        createdAt: z.int(),
        totalMinor: recorded,
        /** items as a cashier counts them: units, and one per weighed line */
        itemCount: z.int().min(0),
        /** who rang it */
        staffName: z.string(),
        /** a sale: what its refunds paid back so far (0 for a refund) */
        refundedMinor: recorded,
        /** a sale with something left to refund (false for a refund) */
        refundable: z.boolean(),
      }),
    ),
    writes: false,
    access: 'cashier',
  }),
  'sale.get': channel({
    summary: 'One sale or refund with its lines (and refunded quantities), payments and taxes.',
    input: z.strictObject({ id: idSchema }),
    output: saleSchema,
    writes: false,
    access: 'cashier',
  }),
  'sale.refund': channel({
    summary: 'Refund some or all lines of a sale (or, manager only, goods without a receipt).',
    input: z.strictObject({
      id: uuidSchema,
      originalSaleId: idSchema.optional(),
      lines: z
        .array(
          z.strictObject({
            originalLineId: idSchema.optional(),
            productId: idSchema.optional(),
            quantity: z.int().min(1).max(1_000_000),
            restock: z.boolean(),
          }),
        )
        .min(1)
        .max(500),
      payBack: z.enum(['original', 'cash', 'card']),
      reason: z.string().trim().max(200).optional(),
      approvalId: idSchema.optional(),
    }),
    output: saleSchema,
    writes: true,
    access: 'cashier',
  }),
  'journal.verify': channel({
    summary: 'Walk the hash chain of the journal; names the first broken or missing link.',
    input: emptyInput,
    output: z.object({
      ok: z.boolean(),
      entries: z.int(),
      lastHash: z.string().nullable(),
      problem: z.object({ seq: z.int(), reason: z.string() }).nullable(),
    }),
    writes: false,
    access: 'manager',
  }),
};
