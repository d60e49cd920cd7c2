import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { stores, terminals } from './terminals';

// The documents of every terminal, built from its events. Each row of a terminal carries
// store_id and terminal_id (copied from its terminal when applied: immutable, so the copy cannot
// drift), so an owner's report per store or per till needs no join and the tables can be
// partitioned by store later. Foreign keys only where one event or one terminal's ordered stream
// guarantees the parent (a line's sale, a sale's shift): a refused key would stop that terminal's
// push for good, so cross-terminal references (staff, products, members) are plain indexed ids.

/** A cashier's shift on one terminal (`shift.opened`, then `shift.closed` with its Z report). */
export const shifts = pgTable(
  'shifts',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    terminalId: text('terminal_id')
      .notNull()
      .references(() => terminals.id),
    openedBy: text('opened_by').notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    openingFloatMinor: bigint('opening_float_minor', { mode: 'number' }).notNull(),
    closedBy: text('closed_by'),
    closedAt: bigint('closed_at', { mode: 'number' }),
    /** gapless per terminal, given at close */
    zNumber: integer('z_number'),
    expectedCashMinor: bigint('expected_cash_minor', { mode: 'number' }),
    countedCashMinor: bigint('counted_cash_minor', { mode: 'number' }),
    overShortMinor: bigint('over_short_minor', { mode: 'number' }),
    /** the Z report's figures as the terminal stored them at close (`shift.closed`'s `report`) */
    zReport: jsonb('z_report').$type<Record<string, unknown>>(),
  },
  (t) => [
    unique('shifts_z_number_uq').on(t.terminalId, t.zNumber),
    index('shifts_store_opened_idx').on(t.storeId, t.openedAt),
    check('shifts_float_ck', sql`${t.openingFloatMinor} >= 0`),
  ],
);

/** One row per sale document of every terminal: sales and refunds (`kind`), as on the terminal. */
export const sales = pgTable(
  'sales',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['sale', 'refund'] }).notNull(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    terminalId: text('terminal_id')
      .notNull()
      .references(() => terminals.id),
    receiptNo: integer('receipt_no').notNull(),
    /** a refund: the sale it gives back (of the same terminal) */
    originalSaleId: text('original_sale_id'),
    shiftId: text('shift_id')
      .notNull()
      .references(() => shifts.id),
    staffId: text('staff_id').notNull(),
    approvedBy: text('approved_by'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull(),
    subtotalMinor: bigint('subtotal_minor', { mode: 'number' }).notNull(),
    discountMinor: bigint('discount_minor', { mode: 'number' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    cashRoundingMinor: bigint('cash_rounding_minor', { mode: 'number' }).notNull().default(0),
    memberId: text('member_id'),
  },
  (t) => [
    // a terminal's receipt numbers are its own and never reused: a second sale at one is refused
    unique('sales_receipt_uq').on(t.terminalId, t.receiptNo),
    index('sales_store_created_idx').on(t.storeId, t.createdAt),
    index('sales_shift_idx').on(t.shiftId),
    index('sales_original_idx').on(t.originalSaleId).where(sql`${t.originalSaleId} IS NOT NULL`),
    index('sales_member_idx').on(t.memberId, t.createdAt).where(sql`${t.memberId} IS NOT NULL`),
    check('sales_kind_ck', sql`${t.kind} IN ('sale', 'refund')`),
  ],
);

/** The lines of a sale or refund, with the price and tax actually charged. */
export const saleLines = pgTable(
  'sale_lines',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    lineNo: integer('line_no').notNull(),
    productId: text('product_id'),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    /** pieces, or grams when weighed */
    quantity: integer('quantity').notNull(),
    weighed: boolean('weighed').notNull().default(false),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    listPriceMinor: bigint('list_price_minor', { mode: 'number' }),
    taxClassId: text('tax_class_id').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    grossMinor: bigint('gross_minor', { mode: 'number' }).notNull(),
    lineDiscountMinor: bigint('line_discount_minor', { mode: 'number' }).notNull(),
    cartDiscountMinor: bigint('cart_discount_minor', { mode: 'number' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    originalLineId: text('original_line_id'),
    restock: boolean('restock'),
  },
  (t) => [
    unique('sale_lines_no_uq').on(t.saleId, t.lineNo),
    index('sale_lines_product_idx').on(t.productId),
    index('sale_lines_original_idx').on(t.originalLineId).where(sql`${t.originalLineId} IS NOT NULL`),
    check('sale_lines_qty_ck', sql`${t.quantity} > 0`),
  ],
);

/**
 * Tenders of a sale (pay-backs of a refund). As on the terminal, never a card number: at most the
 * last four digits. (The terminal's `reference` column is not in the event, so not here.)
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    method: text('method', { enum: ['cash', 'card', 'points'] }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    tenderedMinor: bigint('tendered_minor', { mode: 'number' }),
    changeMinor: bigint('change_minor', { mode: 'number' }),
    approvalCode: text('approval_code'),
    cardLast4: text('card_last4'),
  },
  (t) => [
    index('payments_sale_idx').on(t.saleId),
    check('payments_method_ck', sql`${t.method} IN ('cash', 'card', 'points')`),
    check('payments_last4_ck', sql`${t.cardLast4} IS NULL OR ${t.cardLast4} ~ '^[0-9]{4}$'`),
  ],
);

/** Paid-in, paid-out and no-sale drawer openings of a shift (`cash.movement`). */
export const cashMovements = pgTable(
  'cash_movements',
  {
    id: text('id').primaryKey(),
    shiftId: text('shift_id')
      .notNull()
      .references(() => shifts.id),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    kind: text('kind', { enum: ['paid_in', 'paid_out', 'no_sale'] }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    staffId: text('staff_id').notNull(),
    approvedBy: text('approved_by'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('cash_movements_shift_idx').on(t.shiftId),
    check('cash_movements_kind_ck', sql`${t.kind} IN ('paid_in', 'paid_out', 'no_sale')`),
  ],
);

/**
 * Units of a line, or a whole open sale, taken off before payment (`sale.voided`). The terminal
 * keeps these in its audit log; the event has no id of its own, so a row's id is its event's id.
 */
export const saleVoids = pgTable(
  'sale_voids',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    /** the open sale it was taken off */
    cartId: text('cart_id').notNull(),
    scope: text('scope', { enum: ['line', 'cart'] }).notNull(),
    productId: text('product_id'),
    quantity: integer('quantity'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    staffId: text('staff_id').notNull(),
    approvedBy: text('approved_by'),
    /** the item just scanned taken off again before the next scan (not counted as a void) */
    errorCorrect: boolean('error_correct').notNull().default(false),
    voidedAt: bigint('voided_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sale_voids_store_at_idx').on(t.storeId, t.voidedAt), check('sale_voids_scope_ck', sql`${t.scope} IN ('line', 'cart')`)],
);
