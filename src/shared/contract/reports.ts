import { z } from 'zod';
import { isLocalDate } from '../timeZone';
import { idSchema } from './common';
import { channel } from './define';
import { jobIdSchema } from './jobs';
import { renderedDocumentSchema } from './receipts';

// The manager's reports and look-backs: sales reports over local days, past sales, past Z reports
// and the audit log. All of them read only; cashiers get none of them.

/** The longest range one sales report covers (two years and a day: a leap year either side). */
export const MAX_REPORT_DAYS = 732;

const localDateSchema = z.string().refine(isLocalDate, 'A date is written YYYY-MM-DD (a real calendar day)');
const cursorSchema = z.string().max(200);
const limitSchema = (max: number, fallback: number) => z.int().min(1).max(max).default(fallback);

/** A from–to pair of local days, both optional (look-ups) or both given (reports): in order, and not too long. */
const checkRange =
  (maxDays: number) =>
  (range: { from?: string | undefined; to?: string | undefined }, ctx: z.core.$RefinementCtx): void => {
    if (!range.from || !range.to || !isLocalDate(range.from) || !isLocalDate(range.to)) return;
    if (range.from > range.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts.' });
    else if (daysInRange(range.from, range.to) > maxDays)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${maxDays} days.` });
  };

function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const reportInput = z
  .strictObject({
    from: localDateSchema,
    to: localDateSchema,
    /** how many top products and categories */
    topN: z.int().min(1).max(100).default(10),
    jobId: jobIdSchema.optional(),
  })
  .superRefine(checkRange(MAX_REPORT_DAYS));

const removals = z.object({ count: z.int(), amountMinor: z.int() });

/** Sales, refunds and their net over a slice of the range (a day, an hour, a cashier, everything). */
const figures = {
  salesCount: z.int(),
  salesTotalMinor: z.int(),
  refundsCount: z.int(),
  refundsTotalMinor: z.int(),
  /** sales less refunds, tax included (the Z report's sales total less its refunds total) */
  netSalesMinor: z.int(),
  /** discounts given on sales less those taken back by refunds */
  discountsMinor: z.int(),
  /** tax on sales less tax on refunds */
  taxMinor: z.int(),
};

export const salesReportSchema = z.object({
  range: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    /** epoch ms of `from` 00:00 in the store's zone (inclusive) */
    fromMs: z.int(),
    /** epoch ms of the day after `to`, 00:00 in the store's zone (exclusive) */
    untilMs: z.int(),
  }),
  currency: z.string(),
  generatedAt: z.int(),
  totals: z.object({
    ...figures,
    /** what the cash customers' totals were rounded by (sales less refunds) */
    cashRoundingMinor: z.int(),
    /** net sales less tax */
    netOfTaxMinor: z.int(),
    /** net sales over the number of sales (0 without sales) */
    averageSaleMinor: z.int(),
  }),
  byDay: z.array(z.object({ date: z.string(), ...figures })),
  /** 24 rows, hour 0 to 23 of the local clock, summed over the days of the range */
  byHour: z.array(z.object({ hour: z.int().min(0).max(23), ...figures })),
  /** as on the Z report: taken on sales and paid back on refunds, by method */
  byTender: z.array(z.object({ method: z.string(), salesMinor: z.int(), refundsMinor: z.int(), netMinor: z.int() })),
  byCashier: z.array(z.object({ staffId: idSchema, name: z.string(), ...figures })),
  topProducts: z.array(
    z.object({
      productId: idSchema.nullable(),
      sku: z.string(),
      name: z.string(),
      /** units sold less refunded; grams for a product sold by weight */
      quantity: z.int(),
      weighed: z.boolean(),
      netSalesMinor: z.int(),
    }),
  ),
  /** by the category each product is in now (a line keeps no category of its own) */
  topCategories: z.array(z.object({ categoryId: idSchema.nullable(), name: z.string(), netSalesMinor: z.int(), lines: z.int() })),
  /** as on the Z report: per rate, sales less refunds */
  taxByRate: z.array(z.object({ taxRateBp: z.int(), netMinor: z.int(), taxMinor: z.int(), totalMinor: z.int() })),
  refunds: z.object({ count: z.int(), totalMinor: z.int(), withoutReceipt: z.int() }),
  /** voids and error corrections recorded in the range (the audit rows the core wrote for each, as the Z report counts them) */
  voids: z.object({ lineVoids: removals, saleVoids: removals, errorCorrects: removals }),
  discounts: z.object({
    /** as totals.discountsMinor */
    totalMinor: z.int(),
    /** of it, on lines and on whole carts (lines' figures, sales less refunds) */
    lineMinor: z.int(),
    cartMinor: z.int(),
    /** sales with some discount */
    discountedSales: z.int(),
  }),
  /** paid-ins, paid-outs and no-sales recorded in the range */
  cash: z.object({ paidInMinor: z.int(), paidOutMinor: z.int(), noSales: z.int() }),
  loyalty: z.object({
    /** points earned by the sales of the range */
    pointsIssued: z.int(),
    /** points spent on the sales of the range */
    pointsRedeemed: z.int(),
    /** what the spent points were worth (the points tender, sales less refunds) */
    redeemedMinor: z.int(),
    /** earned points taken back, and spent points given back, by the refunds of the range */
    pointsReversed: z.int(),
    pointsReturned: z.int(),
  }),
  /** the shifts with a document in the range, oldest first; complete: opened and closed within it */
  shifts: z.array(
    z.object({
      shiftId: idSchema,
      zNumber: z.int().nullable(),
      openedAt: z.int(),
      closedAt: z.int().nullable(),
      complete: z.boolean(),
    }),
  ),
});

export const saleSummarySchema = z.object({
  /** the id for sale.get (the receipt with its lines) and receipt.render */
  id: idSchema,
  kind: z.enum(['sale', 'refund']),
  receiptNo: z.int(),
  receiptCode: z.string(),
  createdAt: z.int(),
  staffId: idSchema,
  staffName: z.string(),
  shiftId: idSchema,
  totalMinor: z.int(),
  originalSaleId: idSchema.nullable(),
  memberId: idSchema.nullable(),
});

export const zReportSummarySchema = z.object({
  shiftId: idSchema,
  zNumber: z.int(),
  openedAt: z.int(),
  openedBy: z.string(),
  closedAt: z.int(),
  closedBy: z.string().nullable(),
  salesCount: z.int(),
  salesTotalMinor: z.int(),
  refundsCount: z.int(),
  refundsTotalMinor: z.int(),
  netSalesMinor: z.int(),
  expectedCashMinor: z.int(),
  countedCashMinor: z.int().nullable(),
  overShortMinor: z.int().nullable(),
});

export const auditEntrySchema = z.object({
  id: idSchema,
  at: z.int(),
  action: z.string(),
  actorStaffId: idSchema.nullable(),
  actorName: z.string().nullable(),
  approverStaffId: idSchema.nullable(),
  approverName: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  /** what the core recorded with it (JSON), null when nothing */
  details: z.unknown().nullable(),
});

export const reportChannels = {
  'report.sales': channel({
    summary:
      "The sales report of local days from–to (the store's time zone): totals, by day, by hour, by tender, by cashier, top products and categories, tax per rate, refunds, voids, discounts, cash movements and loyalty points — on the same definitions as the Z report, so over the days of closed shifts it adds up to their Z reports. Runs off the till's connection as a job (jobId: job.progress). Managers only.",
    input: reportInput,
    output: salesReportSchema,
    writes: false,
    access: 'manager',
    async: true,
  }),
  'report.salesRender': channel({
    summary:
      'The sales report of local days from–to as a printable, self-contained HTML page (the same figures as report.sales). Managers only.',
    input: reportInput,
    output: renderedDocumentSchema,
    writes: false,
    access: 'manager',
    async: true,
  }),
  'sale.search': channel({
    summary:
      'Past sales and refunds of this terminal, newest first, by receipt number, local days from–to, cashier and total (minAmountMinor–maxAmountMinor); keyset pages (cursor). Each row links to sale.get for the receipt. Managers only.',
    input: z
      .strictObject({
        receiptNo: z.int().min(1).optional(),
        from: localDateSchema.optional(),
        to: localDateSchema.optional(),
        staffId: idSchema.optional(),
        kind: z.enum(['sale', 'refund']).optional(),
        minAmountMinor: z.int().min(0).optional(),
        maxAmountMinor: z.int().min(0).optional(),
        cursor: cursorSchema.optional(),
        limit: limitSchema(100, 50),
      })
      .superRefine(checkRange(Number.MAX_SAFE_INTEGER))
      .refine((i) => i.minAmountMinor === undefined || i.maxAmountMinor === undefined || i.minAmountMinor <= i.maxAmountMinor, {
        message: 'The smallest amount is above the largest.',
        path: ['maxAmountMinor'],
      }),
    output: z.object({ items: z.array(saleSummarySchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'manager',
  }),
  'shift.zReports': channel({
    summary:
      'Past Z reports of this terminal, newest first: number, opened and closed (when, by whom), totals and over/short; keyset pages (cursor). shift.zReport reads one in full. Managers only.',
    input: z.strictObject({ cursor: cursorSchema.optional(), limit: limitSchema(100, 30) }),
    output: z.object({ items: z.array(zReportSummarySchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'manager',
  }),
  'audit.list': channel({
    summary:
      'The audit log, newest first: who voided, refunded, approved, opened the drawer, changed settings… Filter by local days from–to, action (exact, or a prefix ending in "." such as "sale.") and staff member (who did or approved it); keyset pages (cursor). Managers only.',
    input: z
      .strictObject({
        from: localDateSchema.optional(),
        to: localDateSchema.optional(),
        action: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_.-]+$/, 'An action is a name such as sale.voidLine, or a prefix such as sale.')
          .optional(),
        staffId: idSchema.optional(),
        cursor: cursorSchema.optional(),
        limit: limitSchema(200, 50),
      })
      .superRefine(checkRange(Number.MAX_SAFE_INTEGER)),
    output: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'manager',
  }),
};
