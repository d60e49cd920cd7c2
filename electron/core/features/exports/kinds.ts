import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ExportKind } from '../../../../src/shared/contract/exports';
import { PRODUCT_CSV_BARCODE_SEPARATOR, type ProductCsvColumn } from '../../../../src/shared/productCsv';
import {
  auditLog,
  categories,
  members,
  payments,
  pointsLedger,
  productBarcodes,
  products,
  saleLines,
  sales,
  shifts,
  staff,
  stockMovements,
  taxClasses,
} from '../../db/schema';
import { type ColumnSpec, csvBool, decimal, freeText, instant, type KindFactory, type KindSpec, lookup, readerOf, rowidOf } from './chunks';

export { ALL_TIME, type Cell, type ExportFormats, type ExportRange, type KindReader } from './chunks';

// The export kinds as data: for each, the table walked and its joins, the CSV columns (named by
// their header, in order) with the format of the cells SQL cannot write (instants, decimals, free
// text), the keyset and the instant the dates filter on. chunks.ts reads every one of them the
// same way.

const approver = alias(staff, 'approver');
const original = alias(sales, 'original');
const closer = alias(staff, 'closer');

// Sales, their lines and their payments are walked in (created_at, rowid) order, not (created_at,
// id): sales_created_idx is (created_at) + rowid, so that order is the index's own and SQLite needs
// no sort (with id it sorted every chunk's rows, all columns in the sorter: measured 3× slower than
// the rest of the SQL). Within one millisecond that is the order the documents were committed in.
// The rowids of these append-only tables never change (Ringup never VACUUMs; UPDATE and DELETE are
// refused by triggers), so the cursor stays valid between chunks.
const saleRowid = rowidOf(sales);
const documentOrder = [sales.createdAt, saleRowid] as const;

function documents(kind: 'sale' | 'refund'): KindSpec {
  return {
    table: sales,
    joins: [lookup(staff, sales.staffId), lookup(original, sales.originalSaleId)],
    where: eq(sales.kind, kind),
    columns: {
      [kind === 'sale' ? 'sale_id' : 'refund_id']: sales.id,
      receipt_no: sales.receiptNo,
      terminal_id: sales.terminalId,
      created_at: instant(sales.createdAt),
      shift_id: sales.shiftId,
      staff_id: sales.staffId,
      staff_name: freeText(staff.name),
      approved_by: sales.approvedBy,
      member_id: sales.memberId,
      ...(kind === 'refund' ? { original_sale_id: sales.originalSaleId, original_receipt_no: original.receiptNo } : {}),
      currency: sales.currency,
      prices_include_tax: csvBool(sales.pricesIncludeTax),
      subtotal_minor: sales.subtotalMinor,
      discount_minor: sales.discountMinor,
      tax_minor: sales.taxMinor,
      total_minor: sales.totalMinor,
      cash_rounding_minor: sales.cashRoundingMinor,
      total: decimal(sales.totalMinor, sales.currency),
    },
    keyset: documentOrder,
    range: sales.createdAt,
  };
}

/** The columns of the document a line or a payment belongs to. */
const documentOf = (documentId: SQL | typeof saleLines.saleId | typeof payments.saleId) => ({
  document_id: documentId,
  document_kind: sales.kind,
  receipt_no: sales.receiptNo,
  terminal_id: sales.terminalId,
  created_at: instant(sales.createdAt),
});

const saleLinesKind: KindSpec = {
  table: sales,
  joins: [{ table: saleLines, on: eq(saleLines.saleId, sales.id), inner: true }],
  columns: {
    line_id: saleLines.id,
    ...documentOf(saleLines.saleId),
    line_no: saleLines.lineNo,
    product_id: saleLines.productId,
    sku: saleLines.sku,
    name: freeText(saleLines.name),
    quantity: saleLines.quantity,
    weighed: csvBool(saleLines.weighed),
    unit_price_minor: saleLines.unitPriceMinor,
    list_price_minor: saleLines.listPriceMinor,
    tax_class_id: saleLines.taxClassId,
    tax_rate_bp: saleLines.taxRateBp,
    gross_minor: saleLines.grossMinor,
    line_discount_minor: saleLines.lineDiscountMinor,
    cart_discount_minor: saleLines.cartDiscountMinor,
    tax_minor: saleLines.taxMinor,
    total_minor: saleLines.totalMinor,
    total: decimal(saleLines.totalMinor, sales.currency),
    original_line_id: saleLines.originalLineId,
    restock: csvBool(saleLines.restock),
  },
  // sale_lines_no_uq is (sale_id, line_no): a sale's lines come in line order without a sort
  keyset: [...documentOrder, saleLines.lineNo],
  range: sales.createdAt,
  // every line has its document (NOT NULL foreign key): the whole history is the table's count, a
  // scan of its smallest index (measured: 20 ms, where the join walks every sale: 0.7 s at 1M lines)
  countAllFrom: saleLines,
};

const paymentsKind: KindSpec = {
  table: sales,
  joins: [{ table: payments, on: eq(payments.saleId, sales.id), inner: true }],
  columns: {
    payment_id: payments.id,
    ...documentOf(payments.saleId),
    method: payments.method,
    amount_minor: payments.amountMinor,
    amount: decimal(payments.amountMinor, sales.currency),
    tendered_minor: payments.tenderedMinor,
    change_minor: payments.changeMinor,
    card_last4: payments.cardLast4,
    approval_code: freeText(payments.approvalCode),
    reference: freeText(payments.reference),
  },
  // payments_sale_idx is (sale_id) + rowid: a sale's payments in the order they were taken
  keyset: [...documentOrder, rowidOf(payments)],
  range: sales.createdAt,
  // as for the lines: every payment has its document
  countAllFrom: payments,
};

/** A figure of the stored Z report (JSON; none for a shift still open), where it is a number. */
const zFigure = (key: string) => {
  const path = `$.${key}`;
  return sql<
    number | null
  >`CASE json_type(${shifts.zReport}, ${path}) WHEN 'integer' THEN json_extract(${shifts.zReport}, ${path}) WHEN 'real' THEN json_extract(${shifts.zReport}, ${path}) END`;
};

const shiftsKind: KindSpec = {
  table: shifts,
  joins: [lookup(staff, shifts.openedBy), lookup(closer, shifts.closedBy)],
  columns: {
    shift_id: shifts.id,
    terminal_id: shifts.terminalId,
    opened_at: instant(shifts.openedAt),
    opened_by: shifts.openedBy,
    opened_by_name: freeText(staff.name),
    opening_float_minor: shifts.openingFloatMinor,
    closed_at: instant(shifts.closedAt),
    closed_by: shifts.closedBy,
    closed_by_name: freeText(closer.name),
    z_number: shifts.zNumber,
    sales_count: zFigure('salesCount'),
    sales_total_minor: zFigure('salesTotalMinor'),
    refunds_count: zFigure('refundsCount'),
    refunds_total_minor: zFigure('refundsTotalMinor'),
    discounts_minor: zFigure('discountsMinor'),
    paid_in_minor: zFigure('paidInMinor'),
    paid_out_minor: zFigure('paidOutMinor'),
    no_sales: zFigure('noSales'),
    cash_rounding_minor: zFigure('cashRoundingMinor'),
    expected_cash_minor: shifts.expectedCashMinor,
    counted_cash_minor: shifts.countedCashMinor,
    over_short_minor: shifts.overShortMinor,
    over_short: decimal(shifts.overShortMinor),
  },
  keyset: [shifts.openedAt, shifts.id],
  range: shifts.openedAt,
};

const stockMovementsKind: KindSpec = {
  table: stockMovements,
  joins: [lookup(products, stockMovements.productId)],
  columns: {
    movement_id: stockMovements.id,
    created_at: instant(stockMovements.createdAt),
    product_id: stockMovements.productId,
    sku: products.sku,
    name: freeText(products.name),
    delta: stockMovements.delta,
    reason: stockMovements.reason,
    note: freeText(stockMovements.note),
    sale_id: stockMovements.saleId,
    sale_line_id: stockMovements.saleLineId,
    batch_id: stockMovements.batchId,
    staff_id: stockMovements.staffId,
  },
  keyset: [stockMovements.createdAt, stockMovements.id],
  range: stockMovements.createdAt,
};

// one product's barcodes in one cell, in code order (a correlated subquery: drizzle has no group_concat)
const barcodes = sql<
  string | null
>`(SELECT group_concat(code, ${PRODUCT_CSV_BARCODE_SEPARATOR}) FROM (SELECT ${productBarcodes.code} AS code FROM ${productBarcodes} WHERE ${productBarcodes.productId} = ${products.id} ORDER BY ${productBarcodes.code}))`;

/** The products in the import format (src/shared/productCsv.ts): a file exported here imports back. */
const productsKind: KindSpec = {
  table: products,
  joins: [lookup(taxClasses, products.taxClassId), lookup(categories, products.categoryId)],
  // named by the import format's own columns (PRODUCT_CSV_COLUMNS), in its order
  columns: {
    sku: products.sku,
    name: freeText(products.name),
    price_minor: products.priceMinor,
    tax_class: freeText(taxClasses.name),
    category: freeText(categories.name),
    barcodes,
    sold_by_weight: csvBool(products.soldByWeight),
    tracks_stock: csvBool(products.tracksStock),
    stock_on_hand: products.stockOnHand,
    active: csvBool(products.active),
  } satisfies Record<ProductCsvColumn, ColumnSpec>,
  keyset: [products.sku],
};

const membersKind: KindSpec = {
  table: members,
  columns: {
    member_id: members.id,
    card_number: members.cardNumber,
    name: freeText(members.name),
    email: freeText(members.email),
    phone: freeText(members.phone),
    tier: members.tier,
    tier_since: instant(members.tierSince),
    active: csvBool(members.active),
    points_balance: members.pointsBalance,
    joined_at: instant(members.joinedAt),
    updated_at: instant(members.updatedAt),
    erased_at: instant(members.erasedAt),
  },
  keyset: [members.joinedAt, members.id],
  range: members.joinedAt,
};

const pointsLedgerKind: KindSpec = {
  table: pointsLedger,
  columns: {
    seq: pointsLedger.seq,
    entry_id: pointsLedger.id,
    at: instant(pointsLedger.at),
    member_id: pointsLedger.memberId,
    kind: pointsLedger.kind,
    points: pointsLedger.points,
    balance_after: pointsLedger.balanceAfter,
    sale_id: pointsLedger.saleId,
    transfer_id: pointsLedger.transferId,
    reason: freeText(pointsLedger.reason),
    staff_id: pointsLedger.staffId,
    approved_by: pointsLedger.approvedBy,
    terminal_id: pointsLedger.terminalId,
  },
  // the ledger has no index on `at`: it is walked in seq order (its append order) and filtered
  keyset: [pointsLedger.seq],
  range: pointsLedger.at,
};

const auditLogKind: KindSpec = {
  table: auditLog,
  joins: [lookup(staff, auditLog.actorStaffId), lookup(approver, auditLog.approverStaffId)],
  columns: {
    audit_id: auditLog.id,
    at: instant(auditLog.at),
    action: auditLog.action,
    actor_staff_id: auditLog.actorStaffId,
    actor_name: freeText(staff.name),
    approver_staff_id: auditLog.approverStaffId,
    approver_name: freeText(approver.name),
    entity: auditLog.entity,
    entity_id: auditLog.entityId,
    details: freeText(auditLog.details),
  },
  keyset: [auditLog.at, auditLog.id],
  range: auditLog.at,
};

/** Each export kind as data. */
export const EXPORT_KINDS_SPEC: Record<ExportKind, KindSpec> = {
  sales: documents('sale'),
  sale_lines: saleLinesKind,
  payments: paymentsKind,
  refunds: documents('refund'),
  shifts: shiftsKind,
  stock_movements: stockMovementsKind,
  products: productsKind,
  members: membersKind,
  points_ledger: pointsLedgerKind,
  audit_log: auditLogKind,
};

/** Each export kind's reader. */
export const EXPORT_READERS = Object.fromEntries(Object.entries(EXPORT_KINDS_SPEC).map(([kind, spec]) => [kind, readerOf(spec)])) as Record<
  ExportKind,
  KindFactory
>;
