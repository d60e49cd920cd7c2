import { relations, sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { products } from './catalog';
import { members } from './loyalty';
import { staff } from './staff';

/** A cashier's shift on one terminal: opened with a float, closed with a counted drawer and a Z report. */
export const shifts = sqliteTable(
  'shifts',
  {
    id: text('id').primaryKey(),
    terminalId: text('terminal_id').notNull(),
    openedBy: text('opened_by')
      .notNull()
      .references(() => staff.id),
    openedAt: integer('opened_at').notNull(),
    openingFloatMinor: integer('opening_float_minor').notNull(),
    closedBy: text('closed_by').references(() => staff.id),
    closedAt: integer('closed_at'),
    /** gapless per terminal, given at close */
    zNumber: integer('z_number'),
    expectedCashMinor: integer('expected_cash_minor'),
    countedCashMinor: integer('counted_cash_minor'),
    overShortMinor: integer('over_short_minor'),
    /** the Z report as closed (JSON), reprinted as it was */
    zReport: text('z_report'),
  },
  (t) => [
    index('shifts_opened_by_idx').on(t.openedBy),
    index('shifts_closed_by_idx').on(t.closedBy),
    uniqueIndex('shifts_z_number_uq').on(t.terminalId, t.zNumber),
    // at most one open shift per terminal
    uniqueIndex('shifts_one_open_uq').on(t.terminalId).where(sql`${t.closedAt} IS NULL`),
    check('shifts_float_ck', sql`${t.openingFloatMinor} >= 0`),
  ],
);

/** A completed sale or refund document. Immutable once written (triggers forbid UPDATE/DELETE). */
export const sales = sqliteTable(
  'sales',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['sale', 'refund'] }).notNull(),
    terminalId: text('terminal_id').notNull(),
    receiptNo: integer('receipt_no').notNull(),
    originalSaleId: text('original_sale_id').references((): ReturnType<typeof text> => sales.id as never),
    shiftId: text('shift_id')
      .notNull()
      .references(() => shifts.id),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    approvedBy: text('approved_by').references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    currency: text('currency').notNull(),
    pricesIncludeTax: integer('prices_include_tax', { mode: 'boolean' }).notNull(),
    subtotalMinor: integer('subtotal_minor').notNull(),
    discountMinor: integer('discount_minor').notNull(),
    taxMinor: integer('tax_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
    cashRoundingMinor: integer('cash_rounding_minor').notNull().default(0),
    /** the loyalty member the sale was made for (a refund: the member of its sale) */
    memberId: text('member_id').references((): ReturnType<typeof text> => members.id as never),
    /** journal entry that seals this document */
    journalSeq: integer('journal_seq'),
  },
  (t) => [
    uniqueIndex('sales_receipt_uq').on(t.terminalId, t.receiptNo),
    index('sales_original_idx').on(t.originalSaleId),
    index('sales_shift_idx').on(t.shiftId),
    index('sales_staff_idx').on(t.staffId),
    index('sales_approved_by_idx').on(t.approvedBy),
    index('sales_created_idx').on(t.createdAt),
    // a member's last 12 months of spend (the tier) read from the index alone; sales without a member are not in it
    index('sales_member_idx').on(t.memberId, t.createdAt, t.kind, t.totalMinor).where(sql`${t.memberId} IS NOT NULL`),
  ],
);

/** The lines of a sale or refund, with the price and tax actually charged. */
export const saleLines = sqliteTable(
  'sale_lines',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    lineNo: integer('line_no').notNull(),
    productId: text('product_id').references(() => products.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    weighed: integer('weighed', { mode: 'boolean' }).notNull().default(false),
    unitPriceMinor: integer('unit_price_minor').notNull(),
    /** the catalogue price when a manager overrode it, else null */
    listPriceMinor: integer('list_price_minor'),
    taxClassId: text('tax_class_id').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    grossMinor: integer('gross_minor').notNull(),
    lineDiscountMinor: integer('line_discount_minor').notNull(),
    cartDiscountMinor: integer('cart_discount_minor').notNull(),
    taxMinor: integer('tax_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
    /** refund lines: the sold line they give back, and whether the goods went back to stock */
    originalLineId: text('original_line_id').references((): ReturnType<typeof text> => saleLines.id as never),
    restock: integer('restock', { mode: 'boolean' }),
  },
  (t) => [
    uniqueIndex('sale_lines_no_uq').on(t.saleId, t.lineNo),
    index('sale_lines_product_idx').on(t.productId),
    index('sale_lines_original_idx').on(t.originalLineId),
    check('sale_lines_qty_ck', sql`${t.quantity} > 0`),
  ],
);

/** Tenders of a sale (or pay-backs of a refund). No card number is ever stored: at most the last four digits. */
export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    method: text('method', { enum: ['cash', 'card', 'points'] }).notNull(),
    amountMinor: integer('amount_minor').notNull(),
    tenderedMinor: integer('tendered_minor'),
    changeMinor: integer('change_minor'),
    approvalCode: text('approval_code'),
    cardLast4: text('card_last4'),
    reference: text('reference'),
  },
  (t) => [
    index('payments_sale_idx').on(t.saleId),
    check('payments_last4_ck', sql`${t.cardLast4} IS NULL OR (length(${t.cardLast4}) = 4 AND ${t.cardLast4} NOT GLOB '*[^0-9]*')`),
  ],
);

/** Every change of stock on hand, with its reason and document. */
export const stockMovements = sqliteTable(
  'stock_movements',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    delta: integer('delta').notNull(),
    // receipt: goods received; damaged, theft, count_correction: stock.adjust and counts; adjustment: catalogue edits and imports
    reason: text('reason', {
      enum: ['sale', 'refund', 'adjustment', 'receipt', 'damaged', 'theft', 'count_correction'],
    }).notNull(),
    saleId: text('sale_id').references(() => sales.id),
    saleLineId: text('sale_line_id').references(() => saleLines.id),
    staffId: text('staff_id').references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    // the stock.receive / stock.adjust call (its idempotency key) or the stock count that wrote it
    batchId: text('batch_id'),
    note: text('note'),
  },
  (t) => [
    index('stock_movements_product_idx').on(t.productId, t.createdAt),
    index('stock_movements_created_idx').on(t.createdAt, t.id),
    index('stock_movements_batch_idx').on(t.batchId),
    index('stock_movements_sale_idx').on(t.saleId),
    index('stock_movements_line_idx').on(t.saleLineId),
    index('stock_movements_staff_idx').on(t.staffId),
  ],
);

/** Paid-in, paid-out and no-sale drawer openings of a shift. */
export const cashMovements = sqliteTable(
  'cash_movements',
  {
    id: text('id').primaryKey(),
    shiftId: text('shift_id')
      .notNull()
      .references(() => shifts.id),
    kind: text('kind', { enum: ['paid_in', 'paid_out', 'no_sale'] }).notNull(),
    amountMinor: integer('amount_minor').notNull(),
    reason: text('reason').notNull(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    approvedBy: text('approved_by').references(() => staff.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('cash_movements_shift_idx').on(t.shiftId),
    index('cash_movements_staff_idx').on(t.staffId),
    index('cash_movements_approved_idx').on(t.approvedBy),
  ],
);

/** Gapless per-terminal counters: receipt numbers, Z numbers. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/** Carts put aside to serve someone else; survive restarts. */
export const parkedCarts = sqliteTable(
  'parked_carts',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    label: text('label').notNull(),
    cart: text('cart').notNull(),
    totalMinor: integer('total_minor').notNull(),
    createdAt: integer('created_at').notNull(),
    /** set when the cart was taken back: kept so the sale it becomes is checked against what was parked */
    resumedAt: integer('resumed_at'),
    resumedBy: text('resumed_by').references(() => staff.id),
  },
  (t) => [
    index('parked_carts_staff_idx').on(t.staffId),
    index('parked_carts_created_idx').on(t.createdAt),
    index('parked_carts_resumed_by_idx').on(t.resumedBy),
  ],
);

/**
 * Every time a receipt went to a printer (or, in web mode, to the browser's print dialog): the
 * first is the original, every later one a COPY — the core decides, not the caller.
 */
export const receiptPrints = sqliteTable(
  'receipt_prints',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    copy: integer('copy', { mode: 'boolean' }).notNull(),
    target: text('target').notNull(),
    staffId: text('staff_id').references(() => staff.id),
    printedAt: integer('printed_at').notNull(),
  },
  (t) => [
    index('receipt_prints_sale_idx').on(t.saleId, t.copy),
    index('receipt_prints_staff_idx').on(t.staffId),
    // the shift report counts copies by time
    index('receipt_prints_printed_idx').on(t.printedAt),
  ],
);

/** A manager's on-the-spot approval (PIN), used once by the operation it was given for. */
export const approvals = sqliteTable(
  'approvals',
  {
    id: text('id').primaryKey(),
    action: text('action').notNull(),
    managerId: text('manager_id')
      .notNull()
      .references(() => staff.id),
    requestedBy: text('requested_by').references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** the sale, cart or refund it was given for (null: paid-outs and no-sales, which have no document yet) */
    targetId: text('target_id'),
    /** what exactly it allows, as canonical JSON: the line, the amount or the percentage (see approvals.ts) */
    terms: text('terms'),
  },
  (t) => [index('approvals_manager_idx').on(t.managerId), index('approvals_requested_idx').on(t.requestedBy)],
);

/**
 * The inalterable journal (NF525 / KassenSichV style): gapless sequence, each row's hash is
 * sha256(previous hash + canonical JSON of the document). Triggers forbid UPDATE and DELETE.
 */
export const journal = sqliteTable(
  'journal',
  {
    seq: integer('seq').primaryKey({ autoIncrement: false }),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    documentId: text('document_id').notNull(),
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('journal_document_idx').on(t.documentId)],
);

/**
 * Every client-made id of a document (idempotency keys, Stripe style): the kind of document it made
 * and a hash of the canonical request. The same id with the same request answers the stored
 * document; with any other request, or for another kind of document, it is a CONFLICT.
 */
export const requestKeys = sqliteTable(
  'request_keys',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['sale', 'refund'] }).notNull(),
    /** sha256 of the canonical request; null for documents made before Ringup kept it */
    requestHash: text('request_hash'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('request_keys_created_idx').on(t.createdAt)],
);

/**
 * The sale in progress, one per staff member on this terminal: its lines (JSON, each with a line
 * id), the cart discount and the approvals given for it. Changed one short transaction per scan,
 * so a crash, a reload or a restart finds it as it was; it becomes the sale on sale.complete.
 */
export const openSales = sqliteTable(
  'open_sales',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    /** { lines: [{ lineId, productId, quantity, weighed, discount?, priceOverrideMinor? }], cartDiscount } */
    cart: text('cart').notNull(),
    /** approvals given for this sale's discounts and price overrides (JSON array of ids) */
    approvalIds: text('approval_ids').notNull().default('[]'),
    /** the parked label it came back with, if it was parked */
    label: text('label'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('open_sales_staff_uq').on(t.staffId)],
);

// relations for the relational queries (db.query.*): a sale with its lines, tenders, stock movements
// and refunds; a line with the refund lines that gave it back; a shift with its documents and cash
export const shiftsRelations = relations(shifts, ({ one, many }) => ({
  openedByStaff: one(staff, { fields: [shifts.openedBy], references: [staff.id] }),
  documents: many(sales),
  cashMovements: many(cashMovements),
}));

export const salesRelations = relations(sales, ({ one, many }) => ({
  shift: one(shifts, { fields: [sales.shiftId], references: [shifts.id] }),
  staff: one(staff, { fields: [sales.staffId], references: [staff.id] }),
  original: one(sales, { fields: [sales.originalSaleId], references: [sales.id], relationName: 'refunds' }),
  refunds: many(sales, { relationName: 'refunds' }),
  lines: many(saleLines),
  payments: many(payments),
  stockMovements: many(stockMovements),
}));

export const saleLinesRelations = relations(saleLines, ({ one, many }) => ({
  sale: one(sales, { fields: [saleLines.saleId], references: [sales.id] }),
  product: one(products, { fields: [saleLines.productId], references: [products.id] }),
  originalLine: one(saleLines, { fields: [saleLines.originalLineId], references: [saleLines.id], relationName: 'refundLines' }),
  refundLines: many(saleLines, { relationName: 'refundLines' }),
}));

export const paymentsRelations = relations(payments, ({ one }) => ({
  sale: one(sales, { fields: [payments.saleId], references: [sales.id] }),
}));

export const stockMovementsRelations = relations(stockMovements, ({ one }) => ({
  sale: one(sales, { fields: [stockMovements.saleId], references: [sales.id] }),
  product: one(products, { fields: [stockMovements.productId], references: [products.id] }),
}));

export const cashMovementsRelations = relations(cashMovements, ({ one }) => ({
  shift: one(shifts, { fields: [cashMovements.shiftId], references: [shifts.id] }),
}));
