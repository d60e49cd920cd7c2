import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { cartLineInput, discountSchema, paymentInput, saleSchema } from '../../../../src/shared/contract';
import type { EventPayload } from '../../../../src/shared/events';
import { formatMoney } from '../../../../src/shared/money';
import {
  AmountLimitError,
  cashDue,
  MAX_AMOUNT_MINOR,
  maxCombinedDiscountBp,
  type PricingLine,
  priceCart,
  refundPayBack,
  refundShare,
} from '../../../../src/shared/pricing';
import { formatQuantity } from '../../../../src/shared/quantity';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { payments, saleLines, sales, stockMovements } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { Session } from '../../session';
import { readSettings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { type ApprovalNeed, requireApproval, requireApprovals } from './approvals';
import { nextNumber } from './counters';
import { appendJournal, nextJournalSeq } from './journal';
import { documentIdTaken, recordRequestKey, replayOrNew } from './requestKeys';
import { addShiftTurnover, requireOpenShift, shiftReport } from './shifts';

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

interface PricedSaleLine extends PricingLine {
  product: ProductForSale;
  listPriceMinor: number | null;
}

/**
 * Price a cart from the catalogue (never from totals the renderer sent). `forRemoval` prices a
 * cart whose lines are being taken off: a product taken off sale since may still be removed.
 */
export function priceSaleCart(
  ctx: CoreContext,
  lines: CartLineInput[],
  cartDiscount: z.infer<typeof discountSchema> | null | undefined,
  options: { forRemoval?: boolean } = {},
) {
  const settings = readSettings(ctx);
  const pricingLines: PricedSaleLine[] = lines.map((line, i) => {
    const product = loadProduct(ctx, line.productId);
    if (product.active !== 1 && !options.forRemoval)
      throw new AppError('VALIDATION', `“${product.name}” is not on sale any more.`, { productId: product.id });
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
  const cart = withAmountLimit(
    () =>
      priceCart({
        lines: pricingLines,
        cartDiscount: cartDiscount ?? null,
        pricesIncludeTax: settings.pricesIncludeTax,
        taxRounding: settings.taxRounding,
      }),
    (lineId) => pricingLines[Number(lineId) - 1]?.product.name,
    settings.currency,
  );
  return { settings, pricingLines, cart };
}

/** Run a pricing; an amount beyond what Ringup records is refused in words (VALIDATION), naming the line. */
function withAmountLimit<T>(run: () => T, lineName: (lineId: string) => string | undefined, currency: string): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AmountLimitError)) throw error;
    const name = error.lineId !== undefined ? lineName(error.lineId) : undefined;
    const most = formatMoney(MAX_AMOUNT_MINOR, currency, 'en');
    throw new AppError(
      'VALIDATION',
      name
        ? `The line “${name}” comes to more than ${most}, the largest amount Ringup records: check its quantity and price.`
        : `This comes to more than ${most}, the largest amount Ringup records: split it into several sales.`,
      { maxAmountMinor: MAX_AMOUNT_MINOR },
    );
  }
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

/** The sale.completed / refund.completed event: the document whole, with the stock it moved (typed Drizzle rows). */
function documentEvent(ctx: CoreContext, id: string): EventPayload<'sale.completed'> {
  const header = ctx.db.select().from(sales).where(eq(sales.id, id)).get();
  if (!header) throw notFound('Sale', id);
  return {
    v: 1,
    ...header,
    lines: ctx.db.select().from(saleLines).where(eq(saleLines.saleId, id)).orderBy(asc(saleLines.lineNo)).all(),
    payments: ctx.db.select().from(payments).where(eq(payments.saleId, id)).orderBy(asc(payments.id)).all(),
    stockMovements: ctx.db.select().from(stockMovements).where(eq(stockMovements.saleId, id)).orderBy(asc(stockMovements.id)).all(),
  };
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
    refunded: r.kind === 'sale' && refundIds.length > 0 ? earlierRefunds(ctx, r.id) : { totalMinor: 0, cardMinor: 0, cashMinor: 0 },
    journalSeq: r.journal_seq,
  };
}

/** What earlier refunds of a sale added up to and paid back, by card and in cash (as handed over). */
function earlierRefunds(ctx: CoreContext, saleId: string): { totalMinor: number; cardMinor: number; cashMinor: number } {
  const row = prepared<[string, string], { total: number; card: number; cash: number }>(
    ctx.sqlite,
    `SELECT (SELECT coalesce(sum(total_minor), 0) FROM sales WHERE original_sale_id = ?) AS total,
       coalesce(sum(CASE WHEN p.method = 'card' THEN p.amount_minor END), 0) AS card,
       coalesce(sum(CASE WHEN p.method = 'cash' THEN p.amount_minor END), 0) AS cash
     FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.original_sale_id = ?`,
  ).get(saleId, saleId);
  return { totalMinor: row?.total ?? 0, cardMinor: row?.card ?? 0, cashMinor: row?.cash ?? 0 };
}

export interface CompleteSaleInput {
  id: string;
  lines: CartLineInput[];
  cartDiscount?: z.infer<typeof discountSchema> | null;
  payments: PaymentInput[];
  approvalId?: string;
  approvalIds?: string[];
}

/** The approvals a request names: `approvalId` and `approvalIds` together. */
function approvalIdsOf(input: { approvalId?: string | undefined; approvalIds?: string[] | undefined }): string[] {
  return [...(input.approvalId ? [input.approvalId] : []), ...(input.approvalIds ?? [])];
}

/**
 * What a sale needs a manager for: every price override (that line, that price) and a combined
 * discount (a line's own plus its share of the cart's) above the cashier's limit.
 */
function saleApprovalNeeds(
  ctx: CoreContext,
  saleId: string,
  pricingLines: PricedSaleLine[],
  cart: ReturnType<typeof priceCart>,
  limitBp: number,
): ApprovalNeed[] {
  const needs: ApprovalNeed[] = pricingLines
    .filter((line) => line.listPriceMinor !== null)
    .map((line) => ({
      action: 'priceOverride',
      targetId: saleId,
      terms: {
        productId: line.product.id,
        priceMinor: line.unitPriceMinor,
        maxQuantity: pricingLines.filter((other) => other.product.id === line.product.id).reduce((sum, other) => sum + other.quantity, 0),
      },
      what: `Selling “${line.product.name}” at ${money(ctx, line.unitPriceMinor)} instead of ${money(ctx, line.listPriceMinor ?? 0)}`,
    }));
  const discountBp = maxCombinedDiscountBp(cart);
  if (discountBp > limitBp) {
    needs.push({
      action: 'discount',
      targetId: saleId,
      terms: { maxDiscountBp: discountBp, maxAmountMinor: cart.discountMinor },
      what: `A discount of ${discountBp / 100} % (${money(ctx, cart.discountMinor)}, above the cashier's limit of ${limitBp / 100} %)`,
    });
  }
  return needs;
}

/**
 * The parked cart of this id must be in this cashier's hands to be sold, voided or parked again:
 * taken back (sale.resume) by them. Returns its row, or null when the id was never parked.
 */
function heldParkedCart(ctx: CoreContext, session: Session, id: string, what: string) {
  const parked = prepared<[string], { cart: string; resumed_at: number | null; resumed_by: string | null; staff_id: string }>(
    ctx.sqlite,
    'SELECT cart, resumed_at, resumed_by, staff_id FROM parked_carts WHERE id = ?',
  ).get(id);
  if (!parked) return null;
  if (parked.resumed_at === null) throw new AppError('CONFLICT', `This sale is parked: resume it (F7) before ${what}.`, { parkedId: id });
  if (!(session.operator && !session.staff) && parked.resumed_by !== session.staff?.id)
    throw new AppError('CONFLICT', 'Another cashier took this parked sale back: it is theirs to finish.', { parkedId: id });
  return { cart: parked.cart, resumedAt: parked.resumed_at };
}

/**
 * A parked cart taken back becomes this sale (or is parked again): every unit that was parked must
 * be on it, unless its removal was recorded since (sale.void, approved) or the product is gone or
 * changed unit.
 */
function checkResumedCart(
  ctx: CoreContext,
  session: Session,
  saleId: string,
  lines: { productId: string; quantity: number }[],
  what: string,
): void {
  const parked = heldParkedCart(ctx, session, saleId, what);
  if (!parked) return;
  const parkedLines = (JSON.parse(parked.cart) as { lines: CartLineInput[] }).lines;
  const now = quantitiesByProduct(lines);
  const missing: string[] = [];
  for (const [productId, parkedQuantity] of quantitiesByProduct(parkedLines)) {
    const product = prepared<[string], { name: string; sold_by_weight: number }>(
      ctx.sqlite,
      'SELECT name, sold_by_weight FROM products WHERE id = ?',
    ).get(productId);
    const parkedLine = parkedLines.find((line) => line.productId === productId);
    if (!product || (parkedLine?.weighed !== undefined && parkedLine.weighed !== (product.sold_by_weight === 1))) continue;
    const voided = voidedSince(ctx, saleId, productId, parked.resumedAt);
    if ((now.get(productId) ?? 0) + voided < parkedQuantity) missing.push(product.name);
  }
  if (missing.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      `${missing.map((name) => `“${name}”`).join(', ')} ${missing.length === 1 ? 'was' : 'were'} on the parked cart and ${missing.length === 1 ? 'is' : 'are'} missing now: remove lines with Del (a manager approves) before ${what}.`,
      { missingProducts: missing },
    );
  }
}

function quantitiesByProduct(lines: { productId: string; quantity: number }[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const line of lines) total.set(line.productId, (total.get(line.productId) ?? 0) + line.quantity);
  return total;
}

/** Units of a product taken off a cart by recorded (approved) voids since `since`. */
function voidedSince(ctx: CoreContext, cartId: string, productId: string, since: number): number {
  return (
    prepared<[string, string, number], { n: number | null }>(
      ctx.sqlite,
      `SELECT sum(json_extract(details, '$.quantity')) AS n FROM audit_log
       WHERE entity = 'cart' AND entity_id = ? AND action = 'sale.voidLine' AND json_extract(details, '$.productId') = ? AND at >= ?`,
    ).get(cartId, productId, since)?.n ?? 0
  );
}

/**
 * Complete a sale: price it from the catalogue, check approvals, tenders and stock, then write
 * the sale, its lines, payments, stock movements, receipt number, journal entry, outbox and audit
 * rows — all in the caller's one transaction. The same id again returns the stored sale, writing nothing.
 */
export function completeSale(ctx: CoreContext, session: Session, input: CompleteSaleInput): Sale {
  if (replayOrNew(ctx, 'sale', input.id, input, session.staff?.id ?? null) === 'replay') return getSale(ctx, input.id);
  const staffId = staffIdOf(session);
  const terminalId = requireTerminalId(ctx);
  const shift = requireOpenShift(ctx);
  const { settings, pricingLines, cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);

  // what a cashier may not do alone: price overrides, discounts over the limit — each approval
  // given to this cashier, for this sale, for exactly that line and price or at least that discount
  const overrides = pricingLines.filter((l) => l.listPriceMinor !== null);
  const approvedBy = requireApprovals(
    ctx,
    session,
    saleApprovalNeeds(ctx, input.id, pricingLines, cart, settings.cashierDiscountLimitBp),
    approvalIdsOf(input),
  );
  checkResumedCart(
    ctx,
    session,
    input.id,
    pricingLines.map((line) => ({ productId: line.product.id, quantity: line.quantity })),
    'paying',
  );

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

  addShiftTurnover(ctx, shift.id, cart.totalMinor);
  const receiptNo = nextNumber(ctx, `receipt:${terminalId}`);
  recordRequestKey(ctx, 'sale', input.id, input, session.staff?.id ?? null);
  insertDocument(ctx, {
    id: input.id,
    kind: 'sale',
    terminalId,
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
  // a resumed parked cart is sold now: it leaves the parked carts for good
  prepared(ctx.sqlite, 'DELETE FROM parked_carts WHERE id = ?').run(input.id);
  const document = saleDocument(ctx, input.id);
  appendJournal(ctx, 'sale', input.id, document);
  emitEvent(ctx, 'sale.completed', input.id, documentEvent(ctx, input.id));
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
  // "-000042": a receipt printed before the terminal had an id
  const code = /^(.*)-(\d{1,9})$/.exec(query);
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
  if (replayOrNew(ctx, 'refund', input.id, input, session.staff?.id ?? null) === 'replay') return getSale(ctx, input.id);
  if (prepared<[string], { one: number }>(ctx.sqlite, 'SELECT 1 AS one FROM parked_carts WHERE id = ?').get(input.id))
    throw new AppError('CONFLICT', 'This id belongs to a parked sale, not a refund. Start the refund again.', { parkedId: input.id });
  const staffId = staffIdOf(session);
  const terminalId = requireTerminalId(ctx);
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
    const cart = withAmountLimit(
      () =>
        priceCart({
          lines: pricingInput.map((p) => p.pricing),
          pricesIncludeTax: settings.pricesIncludeTax,
          taxRounding: settings.taxRounding,
        }),
      (lineId) => pricingInput[Number(lineId)]?.product.name,
      settings.currency,
    );
    // a manager allows this refund, up to its amount
    approvedBy = requireApproval(
      ctx,
      session,
      {
        action: 'refundNoReceipt',
        targetId: input.id,
        terms: { maxAmountMinor: cart.totalMinor },
        what: `A refund of ${money(ctx, cart.totalMinor)} without a receipt`,
      },
      input.approvalId,
    );
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

  // how the money goes back: as paid (card first, up to what the card paid), or all cash / all card —
  // on the running totals of the sale's refunds, so refunds in parts add up to one full refund
  const method = input.payBack === 'original' && !original ? 'cash' : input.payBack;
  const earlier = original ? earlierRefunds(ctx, original.id) : { totalMinor: 0, cardMinor: 0, cashMinor: 0 };
  const payBack = refundPayBack({
    method,
    refundMinor: totalMinor,
    saleCardMinor: original ? original.payments.filter((p) => p.method === 'card').reduce((sum, p) => sum + p.amountMinor, 0) : 0,
    salePaidMinor: original ? original.payments.reduce((sum, p) => sum + p.amountMinor, 0) : null,
    earlierTotalMinor: earlier.totalMinor,
    earlierCardMinor: earlier.cardMinor,
    earlierCashMinor: earlier.cashMinor,
    cashRoundingStep: settings.cashRoundingStep,
  });
  const roundingMinor = payBack.roundingMinor;
  const payBacks: SettledPayment[] = [];
  if (payBack.cardMinor > 0)
    payBacks.push({
      method: 'card',
      amountMinor: payBack.cardMinor,
      tenderedMinor: null,
      changeMinor: null,
      approvalCode: null,
      cardLast4: null,
    });
  if (payBack.cashMinor > 0) {
    // the drawer cannot pay out cash it does not hold
    const inDrawer = shiftReport(ctx, shift.id).expectedCashMinor;
    if (payBack.cashMinor > inDrawer) {
      throw new AppError(
        'VALIDATION',
        `Only ${money(ctx, Math.max(inDrawer, 0))} is in the drawer: pay ${money(ctx, payBack.cashMinor)} back by card, or pay cash in first.`,
        { expectedCashMinor: inDrawer, cashMinor: payBack.cashMinor },
      );
    }
    payBacks.push({
      method: 'cash',
      amountMinor: payBack.cashMinor,
      tenderedMinor: null,
      changeMinor: null,
      approvalCode: null,
      cardLast4: null,
    });
  }

  addShiftTurnover(ctx, shift.id, totalMinor);
  const receiptNo = nextNumber(ctx, `receipt:${terminalId}`);
  recordRequestKey(ctx, 'refund', input.id, input, session.staff?.id ?? null);
  insertDocument(ctx, {
    id: input.id,
    kind: 'refund',
    terminalId,
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
  emitEvent(ctx, 'refund.completed', input.id, documentEvent(ctx, input.id));
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
  },
) {
  const staffId = staffIdOf(session);
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
  const approvedBy = requireApproval(
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
    action: input.scope === 'line' ? 'sale.voidLine' : 'sale.voidCart',
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
  });
  // a resumed parked cart voided whole is gone for good
  if (input.scope === 'cart') prepared(ctx.sqlite, 'DELETE FROM parked_carts WHERE id = ?').run(input.cartId);
  return { recorded: true, amountMinor };
}

/** "Removing “Green Tea” (2 of 3, €7.00)": what the manager is asked to allow. */
function lineRemovalWhat(ctx: CoreContext, lines: PricedSaleLine[], productId: string, quantity: number, amountMinor: number): string {
  const onCart = lines.filter((line) => line.product.id === productId);
  const product = onCart[0]?.product;
  const units = onCart.reduce((sum, line) => sum + line.quantity, 0);
  const weighed = product?.sold_by_weight === 1;
  const part = quantity >= units ? '' : `${formatQuantity(quantity, weighed)} of ${formatQuantity(units, weighed)}, `;
  return `Removing “${product?.name ?? 'a line'}” (${part}${money(ctx, amountMinor)})`;
}

/**
 * Park a cart (the till's cart, re-priced here for the list's total). Parking the same id again
 * updates it — only for the cashier who parked it (or took it back); another cashier's parked
 * cart, or a completed sale's id, is a CONFLICT.
 */
export function parkCart(
  ctx: CoreContext,
  session: Session,
  input: { id: string; label?: string; lines: CartLineInput[]; cartDiscount?: z.infer<typeof discountSchema> | null },
) {
  const staffId = staffIdOf(session);
  if (documentIdTaken(ctx, input.id)) throw new AppError('CONFLICT', 'This sale is already completed: it cannot be parked.');
  const existing = prepared<[string], { staff_id: string; resumed_at: number | null; resumed_by: string | null }>(
    ctx.sqlite,
    'SELECT staff_id, resumed_at, resumed_by FROM parked_carts WHERE id = ?',
  ).get(input.id);
  const holder = existing ? (existing.resumed_at === null ? existing.staff_id : existing.resumed_by) : staffId;
  if (holder !== staffId) throw new AppError('CONFLICT', 'Another cashier holds this parked cart: start a new sale.');
  // parked again after being taken back: what was parked is still on it, or its removal was recorded
  if (existing?.resumed_at !== null && existing !== undefined) checkResumedCart(ctx, session, input.id, input.lines, 'parking it again');
  const { cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);
  const now = ctx.now();
  const label = input.label?.trim() || `Cart ${new Date(now).toTimeString().slice(0, 5)}`;
  prepared(
    ctx.sqlite,
    `INSERT INTO parked_carts (id, staff_id, label, cart, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET staff_id = excluded.staff_id, label = excluded.label, cart = excluded.cart,
       total_minor = excluded.total_minor, created_at = excluded.created_at, resumed_at = NULL, resumed_by = NULL`,
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
    'SELECT p.id, p.label, s.name AS staffName, p.total_minor AS totalMinor, p.cart, p.created_at AS createdAt FROM parked_carts p JOIN staff s ON s.id = p.staff_id WHERE p.resumed_at IS NULL ORDER BY p.created_at',
  )
    .all()
    .map(({ cart, ...rest }) => ({ ...rest, lineCount: (JSON.parse(cart) as { lines: unknown[] }).lines.length }));
}

/** Take a parked cart back; it leaves the list (kept aside until the sale is completed or voided). */
export function resumeCart(ctx: CoreContext, session: Session, id: string) {
  const staffId = staffIdOf(session);
  const row = prepared<[string], { label: string; cart: string }>(
    ctx.sqlite,
    'SELECT label, cart FROM parked_carts WHERE id = ? AND resumed_at IS NULL',
  ).get(id);
  if (!row) throw new AppError('NOT_FOUND', 'That parked cart is no longer there (someone may have resumed it).');
  // kept (out of the list): the sale it becomes must still hold what was parked, or record its voids
  prepared(ctx.sqlite, 'UPDATE parked_carts SET resumed_at = ?, resumed_by = ? WHERE id = ?').run(ctx.now(), staffId, id);
  audit(ctx, { action: 'sale.resume', actorStaffId: staffId, entity: 'cart', entityId: id });
  const cart = JSON.parse(row.cart) as { lines: CartLineInput[]; cartDiscount: z.infer<typeof discountSchema> | null };
  return { id, label: row.label, lines: cart.lines, cartDiscount: cart.cartDiscount };
}
