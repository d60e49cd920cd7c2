// The rows every sale and refund writes: the document, its lines, payments and stock movements.
// Prepared SQL typed by the schema's insert types, not drizzle inserts with placeholders: those
// encode a placeholder's null through the boolean column's mapper (null → 0, restock would lose its
// "not a refund line"), and these run 3 times a line on every sale (bench/checkout).
import { uuidv7 } from '../../../../src/shared/uuid';
import { type CoreContext, prepared } from '../../context';
import type { saleLines } from '../../db/schema';
import { nextJournalSeq } from './journal';
import type { SettledPayment } from './tenders';

/** The header row of a sale or refund; returns the journal sequence number it is sealed with. */
export function insertDocument(
  ctx: CoreContext,
  doc: {
    id: string;
    kind: 'sale' | 'refund';
    terminalId: string;
    receiptNo: number;
    originalSaleId: string | null;
    shiftId: string;
    staffId: string;
    approvedBy: string | null;
    currency: string;
    pricesIncludeTax: boolean;
    subtotalMinor: number;
    discountMinor: number;
    taxMinor: number;
    totalMinor: number;
    cashRoundingMinor: number;
    memberId?: string | null;
  },
): number {
  const seq = nextJournalSeq(ctx);
  prepared(
    ctx.sqlite,
    `INSERT INTO sales (id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, approved_by, created_at, currency, prices_include_tax,
       subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor, member_id, journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    doc.id,
    doc.kind,
    doc.terminalId,
    doc.receiptNo,
    doc.originalSaleId,
    doc.shiftId,
    doc.staffId,
    doc.approvedBy,
    ctx.now(),
    doc.currency,
    doc.pricesIncludeTax ? 1 : 0,
    doc.subtotalMinor,
    doc.discountMinor,
    doc.taxMinor,
    doc.totalMinor,
    doc.cashRoundingMinor,
    doc.memberId ?? null,
    seq,
  );
  return seq;
}

const insertLineSql = `INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp,
  gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor, original_line_id, restock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One line of a sale or refund, as the schema types it. */
export function insertLine(ctx: CoreContext, line: typeof saleLines.$inferInsert): void {
  prepared(ctx.sqlite, insertLineSql).run(
    line.id,
    line.saleId,
    line.lineNo,
    line.productId ?? null,
    line.sku,
    line.name,
    line.quantity,
    line.weighed ? 1 : 0,
    line.unitPriceMinor,
    line.listPriceMinor ?? null,
    line.taxClassId,
    line.taxRateBp,
    line.grossMinor,
    line.lineDiscountMinor,
    line.cartDiscountMinor,
    line.taxMinor,
    line.totalMinor,
    line.originalLineId ?? null,
    line.restock === null || line.restock === undefined ? null : line.restock ? 1 : 0,
  );
}

/** The tenders of a sale, or the pay-backs of a refund. */
export function insertPayments(ctx: CoreContext, saleId: string, payments: SettledPayment[]): void {
  for (const p of payments) {
    prepared(
      ctx.sqlite,
      'INSERT INTO payments (id, sale_id, method, amount_minor, tendered_minor, change_minor, approval_code, card_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(uuidv7(ctx.now()), saleId, p.method, p.amountMinor, p.tenderedMinor, p.changeMinor, p.approvalCode, p.cardLast4);
  }
}

/** Stock on hand moves, and the movement is recorded with its document and line. */
export function moveStock(
  ctx: CoreContext,
  productId: string,
  delta: number,
  reason: 'sale' | 'refund',
  saleId: string,
  lineId: string,
  staffId: string,
): void {
  prepared(ctx.sqlite, 'UPDATE products SET stock_on_hand = stock_on_hand + ? WHERE id = ?').run(delta, productId);
  prepared(
    ctx.sqlite,
    'INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(uuidv7(ctx.now()), productId, delta, reason, saleId, lineId, staffId, ctx.now());
}
