import type { z } from 'zod';
import type { cartLineInput, discountSchema, paymentInput, saleSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { cashDue, type Discount, type PricingLine, priceCart, refundShare } from '../../../../src/shared/pricing';
import { formatQuantity } from '../../../../src/shared/quantity';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, enqueueOutbox } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { AppError, notFound } from '../../errors';
import type { Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireApproval } from './approvals';
import { nextNumber } from './counters';
import { appendJournal, nextJournalSeq } from './journal';
import { requireOpenShift } from './shifts';

export type Sale = z.infer<typeof saleSchema>;
type CartLineInput = z.infer<typeof cartLineInput>;
type PaymentInput = z.infer<typeof paymentInput>;

interface ProductForSale {
  id: string;
  sku: string;
  name: string;
  price_minor: number;
  tax_class_id: string;
  rate_bp: number;
  active: number;
  tracks_stock: number;
  stock_on_hand: number;
  sold_by_weight: number;
}

interface SaleRecord {
  id: string;
  kind: 'sale' | 'refund';
  terminal_id: string;
  receipt_no: number;
  original_sale_id: string | null;
  shift_id: string;
  staff_id: string;
  staff_name: string;
  approved_by: string | null;
  created_at: number;
  currency: string;
  prices_include_tax: number;
  subtotal_minor: number;
  discount_minor: number;
  tax_minor: number;
  total_minor: number;
  cash_rounding_minor: number;
  journal_seq: number;
}

/** What the receipt's barcode encodes: terminal and gapless receipt number. */
export function receiptCode(terminalId: string, receiptNo: number): string {
  return `${terminalId}-${String(receiptNo).padStart(6, '0')}`;
}

function staffIdOf(session: Session): string {
  if (!session.staff) throw new AppError('UNAUTHENTICATED', 'Log in as a staff member to sell.');
  return session.staff.id;
}

function loadProduct(ctx: CoreContext, id: string): ProductForSale {
  const product = prepared<[string], ProductForSale>(
    ctx.sqlite,
    `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight
     FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id = ?`,
  ).get(id);
  if (!product) throw new AppError('NOT_FOUND', 'A product in the cart no longer exists. Remove it and scan it again.', { productId: id });
  return product;
}

/** A discount as a share of what it applies to, in basis points (for the cashier's limit). */
function discountBp(discount: Discount | null | undefined, baseMinor: number): number {
  if (!discount) return 0;
  if (discount.kind === 'percent') return discount.bp;
  return baseMinor > 0 ? Math.ceil((discount.minor * 10000) / baseMinor) : discount.minor > 0 ? 10000 : 0;
}

interface PricedSaleLine extends PricingLine {
  product: ProductForSale;
  listPriceMinor: number | null;
}

/** Price a cart from the catalogue (never from totals the renderer sent). */
export function priceSaleCart(ctx: CoreContext, lines: CartLineInput[], cartDiscount: z.infer<typeof discountSchema> | null | undefined) {
  const settings = readSettings(ctx);
  const pricingLines: PricedSaleLine[] = lines.map((line, i) => {
    const product = loadProduct(ctx, line.productId);
    if (product.active !== 1) throw new AppError('VALIDATION', `“${product.name}” is not on sale any more.`, { productId: product.id });
    if (line.weighed !== undefined && line.weighed !== (product.sold_by_weight === 1)) {
      throw new AppError(
        'VALIDATION',
        `“${product.name}” is ${product.sold_by_weight === 1 ? 'sold by weight' : 'sold by the piece'} now, not as it was when it was scanned: remove it and scan it again.`,
        { productId: product.id },
      );
    }
    const overridden = line.priceOverrideMinor !== undefined && line.priceOverrideMinor !== product.price_minor;
    return {
      id: String(i + 1),
      // grams of a product sold by weight, priced per kg
      quantity: line.quantity,
      weighed: product.sold_by_weight === 1,
      unitPriceMinor: overridden ? (line.priceOverrideMinor as number) : product.price_minor,
      taxRateBp: product.rate_bp,
      taxClassId: product.tax_class_id,
      discount: line.discount ?? null,
      product,
      listPriceMinor: overridden ? product.price_minor : null,
    };
  });
  const cart = priceCart({
    lines: pricingLines,
    cartDiscount: cartDiscount ?? null,
    pricesIncludeTax: settings.pricesIncludeTax,
    taxRounding: settings.taxRounding,
  });
  return { settings, pricingLines, cart };
}

function money(ctx: CoreContext, minor: number): string {
  return formatMoney(minor, readSettings(ctx).currency, 'en');
}

interface SettledPayment {
  method: 'cash' | 'card';
  amountMinor: number;
  tenderedMinor: number | null;
  changeMinor: number | null;
  approvalCode: string | null;
  cardLast4: string | null;
}

/** Check that the tenders pay the total exactly (cash rounded to the smallest coin) and work out change. */
function settlePayments(
  ctx: CoreContext,
  totalMinor: number,
  payments: PaymentInput[],
  cashStep: number,
): { settled: SettledPayment[]; roundingMinor: number } {
  const card = payments.filter((p) => p.method === 'card').reduce((s, p) => s + p.amountMinor, 0);
  const cashPayments = payments.filter((p) => p.method === 'cash');
  if (card > totalMinor)
    throw new AppError('VALIDATION', `The card payments (${money(ctx, card)}) are more than the total (${money(ctx, totalMinor)}).`);
  const cashPart = totalMinor - card;
  const cashToPay = cashPart > 0 ? cashDue(cashPart, cashStep) : 0;
  const cashApplied = cashPayments.reduce((s, p) => s + p.amountMinor, 0);
  if (cashPart === 0 && cashPayments.length > 0)
    throw new AppError('VALIDATION', 'The card payments already cover the total: remove the cash payment.');
  if (cashApplied !== cashToPay) {
    throw new AppError(
      'VALIDATION',
      `The payments do not match the total: ${money(ctx, cashToPay)} is due in cash, ${money(ctx, cashApplied)} was entered.`,
      {
        dueMinor: cashToPay,
        enteredMinor: cashApplied,
      },
    );
  }
  const settled: SettledPayment[] = payments.map((p) => {
    if (p.method === 'cash') {
      if (p.tenderedMinor < p.amountMinor)
        throw new AppError(
          'VALIDATION',
          `The cash given (${money(ctx, p.tenderedMinor)}) is less than the amount due (${money(ctx, p.amountMinor)}).`,
        );
      return {
        method: 'cash',
        amountMinor: p.amountMinor,
        tenderedMinor: p.tenderedMinor,
        changeMinor: p.tenderedMinor - p.amountMinor,
        approvalCode: null,
        cardLast4: null,
      };
    }
    return {
      method: 'card',
      amountMinor: p.amountMinor,
      tenderedMinor: null,
      changeMinor: null,
      approvalCode: p.approvalCode ?? null,
      cardLast4: p.last4 ?? null,
    };
  });
  return { settled, roundingMinor: cashToPay - cashPart };
}

function insertDocument(
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
  },
): number {
  const seq = nextJournalSeq(ctx);
  prepared(
    ctx.sqlite,
    `INSERT INTO sales (id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, approved_by, created_at, currency, prices_include_tax,
       subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor, journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    seq,
  );
  return seq;
}

const insertLineSql = `INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp,
  gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor, original_line_id, restock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function insertPayments(ctx: CoreContext, saleId: string, payments: SettledPayment[]): void {
  for (const p of payments) {
    prepared(
      ctx.sqlite,
      'INSERT INTO payments (id, sale_id, method, amount_minor, tendered_minor, change_minor, approval_code, card_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(uuidv7(ctx.now()), saleId, p.method, p.amountMinor, p.tenderedMinor, p.changeMinor, p.approvalCode, p.cardLast4);
  }
}

function moveStock(
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

/** The journalled form of a sale or refund, rebuilt from its rows (verify compares it with the journal). */
export function saleDocument(ctx: CoreContext, id: string): unknown | null {
  const sale = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    `SELECT id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, approved_by, created_at, currency, prices_include_tax,
       subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor FROM sales WHERE id = ?`,
  ).get(id);
  if (!sale) return null;
  const lines = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    `SELECT id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp, gross_minor,
       line_discount_minor, cart_discount_minor, tax_minor, total_minor, original_line_id, restock FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  ).all(id);
  const payments = prepared<[string], Record<string, unknown>>(
    ctx.sqlite,
    'SELECT id, method, amount_minor, tendered_minor, change_minor, approval_code, card_last4 FROM payments WHERE sale_id = ? ORDER BY id',
  ).all(id);
  return { ...sale, lines, payments };
}

/** One sale or refund with lines, refunded quantities, payments and taxes per rate. */
export function getSale(ctx: CoreContext, id: string): Sale {
  const r = prepared<[string], SaleRecord>(
    ctx.sqlite,
    'SELECT s.*, st.name AS staff_name FROM sales s JOIN staff st ON st.id = s.staff_id WHERE s.id = ?',
  ).get(id);
  if (!r) throw notFound('Sale', id);
  const lines = prepared<[string], Record<string, number | string | null>>(
    ctx.sqlite,
    `SELECT l.*, coalesce((SELECT sum(rl.quantity) FROM sale_lines rl WHERE rl.original_line_id = l.id), 0) AS refunded
     FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.line_no`,
  ).all(id);
  const payments = prepared<[string], Record<string, number | string | null>>(
    ctx.sqlite,
    'SELECT * FROM payments WHERE sale_id = ? ORDER BY id',
  ).all(id);
  const refundIds = prepared<[string], { id: string }>(
    ctx.sqlite,
    'SELECT id FROM sales WHERE original_sale_id = ? ORDER BY created_at',
  ).all(id);
  const taxes = new Map<number, { taxRateBp: number; netMinor: number; taxMinor: number; totalMinor: number }>();
  for (const l of lines) {
    const rate = l.tax_rate_bp as number;
    const row = taxes.get(rate) ?? { taxRateBp: rate, netMinor: 0, taxMinor: 0, totalMinor: 0 };
    row.netMinor += (l.total_minor as number) - (l.tax_minor as number);
    row.taxMinor += l.tax_minor as number;
    row.totalMinor += l.total_minor as number;
    taxes.set(rate, row);
  }
  return {
    id: r.id,
    kind: r.kind,
    terminalId: r.terminal_id,
    receiptNo: r.receipt_no,
    receiptCode: receiptCode(r.terminal_id, r.receipt_no),
    originalSaleId: r.original_sale_id,
    shiftId: r.shift_id,
    staffId: r.staff_id,
    staffName: r.staff_name,
    approvedBy: r.approved_by,
    createdAt: r.created_at,
    currency: r.currency,
    pricesIncludeTax: r.prices_include_tax === 1,
    subtotalMinor: r.subtotal_minor,
    discountMinor: r.discount_minor,
    taxMinor: r.tax_minor,
    totalMinor: r.total_minor,
    cashRoundingMinor: r.cash_rounding_minor,
    changeMinor: payments.reduce((s, p) => s + ((p.change_minor as number | null) ?? 0), 0),
    lines: lines.map((l) => ({
      id: l.id as string,
      lineNo: l.line_no as number,
      productId: l.product_id as string | null,
      sku: l.sku as string,
      name: l.name as string,
      quantity: l.quantity as number,
      weighed: l.weighed === 1,
      unitPriceMinor: l.unit_price_minor as number,
      listPriceMinor: l.list_price_minor as number | null,
      taxRateBp: l.tax_rate_bp as number,
      grossMinor: l.gross_minor as number,
      lineDiscountMinor: l.line_discount_minor as number,
      cartDiscountMinor: l.cart_discount_minor as number,
      taxMinor: l.tax_minor as number,
      totalMinor: l.total_minor as number,
      originalLineId: l.original_line_id as string | null,
      restock: l.restock === null ? null : l.restock === 1,
      refundedQuantity: l.refunded as number,
    })),
    payments: payments.map((p) => ({
      id: p.id as string,
      method: p.method as 'cash' | 'card' | 'points',
      amountMinor: p.amount_minor as number,
      tenderedMinor: p.tendered_minor as number | null,
      changeMinor: p.change_minor as number | null,
      approvalCode: p.approval_code as string | null,
      cardLast4: p.card_last4 as string | null,
    })),
    taxes: [...taxes.values()].sort((a, b) => b.taxRateBp - a.taxRateBp),
    refundIds: refundIds.map((x) => x.id),
    journalSeq: r.journal_seq,
  };
}

function saleExists(ctx: CoreContext, id: string): boolean {
  return prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM sales WHERE id = ?').get(id) !== undefined;
}

export interface CompleteSaleInput {
  id: string;
  lines: CartLineInput[];
  cartDiscount?: z.infer<typeof discountSchema> | null;
  payments: PaymentInput[];
  approvalId?: string;
}

/**
 * Complete a sale: price it from the catalogue, check approvals, tenders and stock, then write
 * the sale, its lines, payments, stock movements, receipt number, journal entry, outbox and audit
 * rows — all in the caller's one transaction. The same id again returns the stored sale, writing nothing.
 */
export function completeSale(ctx: CoreContext, session: Session, input: CompleteSaleInput): Sale {
  if (saleExists(ctx, input.id)) return getSale(ctx, input.id);
  const staffId = staffIdOf(session);
  const shift = requireOpenShift(ctx);
  const { settings, pricingLines, cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);

  // what a cashier may not do alone: price overrides, discounts over the limit
  const overrides = pricingLines.filter((l) => l.listPriceMinor !== null);
  const overLimit =
    pricingLines.some((l, i) => discountBp(l.discount, cart.lines[i]?.grossMinor ?? 0) > settings.cashierDiscountLimitBp) ||
    discountBp(input.cartDiscount, cart.subtotalMinor - cart.lines.reduce((s, l) => s + l.lineDiscountMinor, 0)) >
      settings.cashierDiscountLimitBp;
  let approvedBy: string | null = null;
  if (overrides.length > 0 || overLimit) {
    approvedBy = requireApproval(
      ctx,
      session,
      ['discount', 'priceOverride'],
      input.approvalId,
      overrides.length > 0 ? 'Changing a price' : 'A discount above your limit',
    );
  }

  const { settled, roundingMinor } = settlePayments(ctx, cart.totalMinor, input.payments, settings.cashRoundingStep);

  // stock: per product over all its lines
  const wanted = new Map<string, { product: ProductForSale; quantity: number }>();
  for (const line of pricingLines) {
    const entry = wanted.get(line.product.id) ?? { product: line.product, quantity: 0 };
    entry.quantity += line.quantity;
    wanted.set(line.product.id, entry);
  }
  if (!settings.allowNegativeStock) {
    for (const { product, quantity } of wanted.values()) {
      if (product.tracks_stock === 1 && product.stock_on_hand < quantity) {
        const left = Math.max(product.stock_on_hand, 0);
        throw new AppError(
          'INSUFFICIENT_STOCK',
          left === 0
            ? `“${product.name}” is out of stock.`
            : `Only ${formatQuantity(left, product.sold_by_weight === 1)} left in stock of “${product.name}”.`,
          {
            productId: product.id,
            available: left,
            wanted: quantity,
          },
        );
      }
    }
  }

  const receiptNo = nextNumber(ctx, `receipt:${settings.terminalId}`);
  insertDocument(ctx, {
    id: input.id,
    kind: 'sale',
    terminalId: settings.terminalId,
    receiptNo,
    originalSaleId: null,
    shiftId: shift.id,
    staffId,
    approvedBy,
    currency: settings.currency,
    pricesIncludeTax: settings.pricesIncludeTax,
    subtotalMinor: cart.subtotalMinor,
    discountMinor: cart.discountMinor,
    taxMinor: cart.taxMinor,
    totalMinor: cart.totalMinor,
    cashRoundingMinor: roundingMinor,
  });
  pricingLines.forEach((line, i) => {
    const priced = cart.lines[i];
    if (!priced) return;
    const lineId = uuidv7(ctx.now());
    prepared(ctx.sqlite, insertLineSql).run(
      lineId,
      input.id,
      i + 1,
      line.product.id,
      line.product.sku,
      line.product.name,
      line.quantity,
      line.product.sold_by_weight,
      line.unitPriceMinor,
      line.listPriceMinor,
      line.product.tax_class_id,
      line.taxRateBp,
      priced.grossMinor,
      priced.lineDiscountMinor,
      priced.cartDiscountMinor,
      priced.taxMinor,
      priced.totalMinor,
      null,
      null,
    );
    if (line.product.tracks_stock === 1) moveStock(ctx, line.product.id, -line.quantity, 'sale', input.id, lineId, staffId);
  });
  insertPayments(ctx, input.id, settled);
  const document = saleDocument(ctx, input.id);
  appendJournal(ctx, 'sale', input.id, document);
  enqueueOutbox(ctx, 'sale.completed', input.id, document);
  audit(ctx, {
    action: 'sale.complete',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'sale',
    entityId: input.id,
    details: { receiptNo, totalMinor: cart.totalMinor },
  });
  for (const line of overrides) {
    audit(ctx, {
      action: 'sale.priceOverride',
      actorStaffId: staffId,
      approverStaffId: approvedBy,
      entity: 'sale',
      entityId: input.id,
      details: { productId: line.product.id, listPriceMinor: line.listPriceMinor, chargedMinor: line.unitPriceMinor },
    });
  }
  if (cart.discountMinor > 0) {
    audit(ctx, {
      action: 'sale.discount',
      actorStaffId: staffId,
      approverStaffId: approvedBy,
      entity: 'sale',
      entityId: input.id,
      details: { discountMinor: cart.discountMinor },
    });
  }
  return getSale(ctx, input.id);
}

/** Find sales by receipt number ("42") or by the receipt barcode ("T-1A2B3C-000042"). */
export function findSales(ctx: CoreContext, text: string) {
  const query = text.trim();
  const code = /^(.+)-(\d{1,9})$/.exec(query);
  const rows = code
    ? prepared<[string, number], SaleRecord>(ctx.sqlite, 'SELECT * FROM sales WHERE terminal_id = ? AND receipt_no = ?').all(
        code[1] ?? '',
        Number(code[2]),
      )
    : /^\d{1,9}$/.test(query)
      ? prepared<[number], SaleRecord>(ctx.sqlite, 'SELECT * FROM sales WHERE receipt_no = ? ORDER BY created_at DESC LIMIT 20').all(
          Number(query),
        )
      : prepared<[string], SaleRecord>(ctx.sqlite, 'SELECT * FROM sales WHERE id = ?').all(query);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    receiptNo: r.receipt_no,
    receiptCode: receiptCode(r.terminal_id, r.receipt_no),
    createdAt: r.created_at,
    totalMinor: r.total_minor,
  }));
}

export interface RefundInput {
  id: string;
  originalSaleId?: string;
  lines: { originalLineId?: string; productId?: string; quantity: number; restock: boolean }[];
  payBack: 'original' | 'cash' | 'card';
  reason?: string;
  approvalId?: string;
}

/**
 * Refund lines of a sale (never more than was sold, counting earlier refunds), or goods without a
 * receipt (manager). A refund is its own journalled document linked to the original.
 */
export function refundSale(ctx: CoreContext, session: Session, input: RefundInput): Sale {
  if (saleExists(ctx, input.id)) return getSale(ctx, input.id);
  const staffId = staffIdOf(session);
  const shift = requireOpenShift(ctx);
  const settings = readSettings(ctx);
  let approvedBy: string | null = null;

  interface RefundLine {
    productId: string | null;
    sku: string;
    name: string;
    quantity: number;
    weighed: boolean;
    unitPriceMinor: number;
    taxClassId: string;
    taxRateBp: number;
    grossMinor: number;
    lineDiscountMinor: number;
    cartDiscountMinor: number;
    taxMinor: number;
    totalMinor: number;
    originalLineId: string | null;
    restock: boolean;
    tracksStock: boolean;
  }
  const lines: RefundLine[] = [];
  let original: Sale | null = null;

  if (input.originalSaleId) {
    original = getSale(ctx, input.originalSaleId);
    if (original.kind !== 'sale') throw new AppError('VALIDATION', 'That receipt is itself a refund; find the original sale.');
    const wantedPerLine = new Map<string, number>();
    for (const line of input.lines) {
      if (!line.originalLineId) throw new AppError('VALIDATION', 'Say which line of the receipt is refunded.');
      wantedPerLine.set(line.originalLineId, (wantedPerLine.get(line.originalLineId) ?? 0) + line.quantity);
    }
    for (const line of input.lines) {
      const sold = original.lines.find((l) => l.id === line.originalLineId);
      if (!sold) throw new AppError('NOT_FOUND', 'That line is not on this receipt.', { originalLineId: line.originalLineId });
      const left = sold.quantity - sold.refundedQuantity;
      if ((wantedPerLine.get(sold.id) ?? 0) > left) {
        throw new AppError(
          'VALIDATION',
          left === 0
            ? `“${sold.name}” was already refunded in full.`
            : `Only ${formatQuantity(left, sold.weighed)} of “${sold.name}” can still be refunded.`,
          {
            originalLineId: sold.id,
            refundable: left,
          },
        );
      }
      const previously = sold.refundedQuantity + lines.filter((l) => l.originalLineId === sold.id).reduce((s, l) => s + l.quantity, 0);
      const share = refundShare(
        { quantity: sold.quantity, totalMinor: sold.totalMinor, taxMinor: sold.taxMinor },
        previously,
        line.quantity,
      );
      const grossShare = refundShare(
        { quantity: sold.quantity, totalMinor: sold.grossMinor, taxMinor: 0 },
        previously,
        line.quantity,
      ).totalMinor;
      const now = sold.productId
        ? prepared<[string], { tracks_stock: number; sold_by_weight: number }>(
            ctx.sqlite,
            'SELECT tracks_stock, sold_by_weight FROM products WHERE id = ?',
          ).get(sold.productId)
        : undefined;
      const tracks = now?.tracks_stock === 1;
      // sold in pieces, stocked in grams now (or the other way): the quantity cannot go back as it is
      if (line.restock && tracks && now && (now.sold_by_weight === 1) !== sold.weighed) {
        throw new AppError(
          'VALIDATION',
          `“${sold.name}” was sold ${sold.weighed ? 'by weight' : 'by the piece'} on this receipt but is ${sold.weighed ? 'sold by the piece' : 'sold by weight'} now: refund it without putting it back in stock, and count its stock again.`,
          { originalLineId: sold.id },
        );
      }
      lines.push({
        productId: sold.productId,
        sku: sold.sku,
        name: sold.name,
        quantity: line.quantity,
        weighed: sold.weighed,
        unitPriceMinor: sold.unitPriceMinor,
        taxClassId:
          prepared<[string], { tax_class_id: string }>(ctx.sqlite, 'SELECT tax_class_id FROM sale_lines WHERE id = ?').get(sold.id)
            ?.tax_class_id ?? '',
        taxRateBp: sold.taxRateBp,
        grossMinor: grossShare,
        lineDiscountMinor: refundShare(
          { quantity: sold.quantity, totalMinor: sold.lineDiscountMinor, taxMinor: 0 },
          previously,
          line.quantity,
        ).totalMinor,
        cartDiscountMinor: refundShare(
          { quantity: sold.quantity, totalMinor: sold.cartDiscountMinor, taxMinor: 0 },
          previously,
          line.quantity,
        ).totalMinor,
        taxMinor: share.taxMinor,
        totalMinor: share.totalMinor,
        originalLineId: sold.id,
        restock: line.restock,
        tracksStock: tracks,
      });
    }
  } else {
    approvedBy = requireApproval(ctx, session, ['refundNoReceipt'], input.approvalId, 'A refund without a receipt');
    const pricingInput = input.lines.map((line, i) => {
      if (!line.productId) throw new AppError('VALIDATION', 'Say which product is brought back.');
      const product = loadProduct(ctx, line.productId);
      return {
        line,
        product,
        pricing: {
          id: String(i),
          quantity: line.quantity,
          weighed: product.sold_by_weight === 1,
          unitPriceMinor: product.price_minor,
          taxRateBp: product.rate_bp,
        },
      };
    });
    const cart = priceCart({
      lines: pricingInput.map((p) => p.pricing),
      pricesIncludeTax: settings.pricesIncludeTax,
      taxRounding: settings.taxRounding,
    });
    pricingInput.forEach(({ line, product }, i) => {
      const priced = cart.lines[i];
      if (!priced) return;
      lines.push({
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        weighed: product.sold_by_weight === 1,
        unitPriceMinor: product.price_minor,
        taxClassId: product.tax_class_id,
        taxRateBp: product.rate_bp,
        grossMinor: priced.grossMinor,
        lineDiscountMinor: 0,
        cartDiscountMinor: 0,
        taxMinor: priced.taxMinor,
        totalMinor: priced.totalMinor,
        originalLineId: null,
        restock: line.restock,
        tracksStock: product.tracks_stock === 1,
      });
    });
  }

  const totalMinor = lines.reduce((s, l) => s + l.totalMinor, 0);
  const taxMinor = lines.reduce((s, l) => s + l.taxMinor, 0);
  const grossMinor = lines.reduce((s, l) => s + l.grossMinor, 0);

  // how the money goes back: the original tenders in proportion, or all cash / all card
  let payBacks: SettledPayment[];
  let roundingMinor = 0;
  const method = input.payBack === 'original' && !original ? 'cash' : input.payBack;
  if (method === 'original' && original) {
    const paid = original.payments.filter((p) => p.method === 'cash' || p.method === 'card');
    const cardPaid = paid.filter((p) => p.method === 'card').reduce((s, p) => s + p.amountMinor, 0);
    const card = Math.min(cardPaid, totalMinor);
    const cash = totalMinor - card;
    payBacks = [];
    if (card > 0)
      payBacks.push({ method: 'card', amountMinor: card, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: null });
    if (cash > 0) {
      const rounded = cashDue(cash, settings.cashRoundingStep);
      roundingMinor = rounded - cash;
      payBacks.push({ method: 'cash', amountMinor: rounded, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: null });
    }
  } else if (method === 'cash') {
    const rounded = cashDue(totalMinor, settings.cashRoundingStep);
    roundingMinor = rounded - totalMinor;
    payBacks =
      rounded > 0
        ? [{ method: 'cash', amountMinor: rounded, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: null }]
        : [];
  } else {
    payBacks =
      totalMinor > 0
        ? [{ method: 'card', amountMinor: totalMinor, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: null }]
        : [];
  }

  const receiptNo = nextNumber(ctx, `receipt:${settings.terminalId}`);
  insertDocument(ctx, {
    id: input.id,
    kind: 'refund',
    terminalId: settings.terminalId,
    receiptNo,
    originalSaleId: original?.id ?? null,
    shiftId: shift.id,
    staffId,
    approvedBy,
    currency: settings.currency,
    pricesIncludeTax: original?.pricesIncludeTax ?? settings.pricesIncludeTax,
    subtotalMinor: grossMinor,
    discountMinor: lines.reduce((s, l) => s + l.lineDiscountMinor + l.cartDiscountMinor, 0),
    taxMinor,
    totalMinor,
    cashRoundingMinor: roundingMinor,
  });
  lines.forEach((line, i) => {
    const lineId = uuidv7(ctx.now());
    prepared(ctx.sqlite, insertLineSql).run(
      lineId,
      input.id,
      i + 1,
      line.productId,
      line.sku,
      line.name,
      line.quantity,
      line.weighed ? 1 : 0,
      line.unitPriceMinor,
      null,
      line.taxClassId,
      line.taxRateBp,
      line.grossMinor,
      line.lineDiscountMinor,
      line.cartDiscountMinor,
      line.taxMinor,
      line.totalMinor,
      line.originalLineId,
      line.restock ? 1 : 0,
    );
    if (line.restock && line.tracksStock && line.productId)
      moveStock(ctx, line.productId, line.quantity, 'refund', input.id, lineId, staffId);
  });
  insertPayments(ctx, input.id, payBacks);
  const document = saleDocument(ctx, input.id);
  appendJournal(ctx, 'refund', input.id, document);
  enqueueOutbox(ctx, 'refund.completed', input.id, document);
  audit(ctx, {
    action: original ? 'sale.refund' : 'sale.refundNoReceipt',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'sale',
    entityId: input.id,
    details: { originalSaleId: original?.id ?? null, totalMinor, reason: input.reason ?? null },
  });
  return getSale(ctx, input.id);
}

/** Record the void of a cart line or a whole cart: needs a manager, written to the audit log. */
export function recordVoid(
  ctx: CoreContext,
  session: Session,
  input: { cartId: string; scope: 'line' | 'cart'; productId?: string; quantity?: number; amountMinor: number; approvalId?: string },
) {
  const staffId = staffIdOf(session);
  const approvedBy = requireApproval(
    ctx,
    session,
    [input.scope === 'line' ? 'voidLine' : 'voidCart'],
    input.approvalId,
    input.scope === 'line' ? 'Removing a line' : 'Voiding the cart',
  );
  audit(ctx, {
    action: input.scope === 'line' ? 'sale.voidLine' : 'sale.voidCart',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'cart',
    entityId: input.cartId,
    details: { productId: input.productId ?? null, quantity: input.quantity ?? null, amountMinor: input.amountMinor },
  });
  return { recorded: true };
}

/** Park a cart (the renderer's cart, re-priced here for the list's total). */
export function parkCart(
  ctx: CoreContext,
  session: Session,
  input: { id: string; label?: string; lines: CartLineInput[]; cartDiscount?: z.infer<typeof discountSchema> | null },
) {
  const staffId = staffIdOf(session);
  const { cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);
  const now = ctx.now();
  const label = input.label?.trim() || `Cart ${new Date(now).toTimeString().slice(0, 5)}`;
  prepared(
    ctx.sqlite,
    'INSERT INTO parked_carts (id, staff_id, label, cart, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET label = excluded.label, cart = excluded.cart, total_minor = excluded.total_minor',
  ).run(input.id, staffId, label, JSON.stringify({ lines: input.lines, cartDiscount: input.cartDiscount ?? null }), cart.totalMinor, now);
  audit(ctx, { action: 'sale.park', actorStaffId: staffId, entity: 'cart', entityId: input.id, details: { totalMinor: cart.totalMinor } });
  return {
    id: input.id,
    label,
    staffName: session.staff?.name ?? '',
    totalMinor: cart.totalMinor,
    lineCount: input.lines.length,
    createdAt: now,
  };
}

/** Parked carts, oldest first. */
export function listParked(ctx: CoreContext) {
  return prepared<[], { id: string; label: string; staffName: string; totalMinor: number; cart: string; createdAt: number }>(
    ctx.sqlite,
    'SELECT p.id, p.label, s.name AS staffName, p.total_minor AS totalMinor, p.cart, p.created_at AS createdAt FROM parked_carts p JOIN staff s ON s.id = p.staff_id ORDER BY p.created_at',
  )
    .all()
    .map(({ cart, ...rest }) => ({ ...rest, lineCount: (JSON.parse(cart) as { lines: unknown[] }).lines.length }));
}

/** Take a parked cart back; it leaves the list. */
export function resumeCart(ctx: CoreContext, session: Session, id: string) {
  const staffId = staffIdOf(session);
  const row = prepared<[string], { label: string; cart: string }>(ctx.sqlite, 'SELECT label, cart FROM parked_carts WHERE id = ?').get(id);
  if (!row) throw new AppError('NOT_FOUND', 'That parked cart is no longer there (someone may have resumed it).');
  prepared(ctx.sqlite, 'DELETE FROM parked_carts WHERE id = ?').run(id);
  audit(ctx, { action: 'sale.resume', actorStaffId: staffId, entity: 'cart', entityId: id });
  const cart = JSON.parse(row.cart) as { lines: CartLineInput[]; cartDiscount: z.infer<typeof discountSchema> | null };
  return { id, label: row.label, lines: cart.lines, cartDiscount: cart.cartDiscount };
}
