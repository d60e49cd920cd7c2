// Completing a sale: price, approvals, tenders, stock, then every row and record in one transaction.
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { discountSchema } from '../../../../src/shared/contract';
import { currencyExponent } from '../../../../src/shared/money';
import { formatQuantity } from '../../../../src/shared/quantity';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { parkedCarts } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { earnForSale, reviewTier } from '../loyalty/earn';
import { memberById } from '../loyalty/members';
import { checkRedemption, redeemForSale } from '../loyalty/redeem';
import { requireTerminalId } from '../setup/terminalId';
import { requireApprovals } from './approvals';
import { type CartLineInput, type PricedSaleLine, type ProductForSale, priceSaleCart } from './cartPricing';
import { nextNumber } from './counters';
import { documentEvent, getSale, readWrittenDocument, type Sale, saleOf } from './document';
import { appendJournal } from './journal';
import { closeOpenSale, openSaleToComplete } from './openSale';
import { checkResumedCart } from './parked';
import { recordRequestKey, replayOrNew } from './requestKeys';
import { saleApprovalNeeds } from './saleApprovals';
import { addShiftTurnover, requireOpenShiftId } from './shifts';
import { type PaymentInput, settlePayments } from './tenders';
import { insertDocument, insertLine, insertPayments, moveStock } from './writers';

export interface CompleteSaleInput {
  id: string;
  /** absent: the sale in progress with this id (cart.*) */
  lines?: CartLineInput[] | undefined;
  cartDiscount?: z.infer<typeof discountSchema> | null;
  payments: PaymentInput[];
  approvalId?: string;
  approvalIds?: string[];
  memberId?: string | undefined;
}

// what a completed sale leaves behind: its parked cart (one prepared statement)
const writes = perConnection((db: Db) => ({
  parkedCart: db
    .delete(parkedCarts)
    .where(eq(parkedCarts.id, sql.placeholder('id')))
    .prepare(),
}));

/** The approvals a request names: `approvalId` and `approvalIds` together. */
function approvalIdsOf(input: { approvalId?: string | undefined; approvalIds?: string[] | undefined }): string[] {
  return [...(input.approvalId ? [input.approvalId] : []), ...(input.approvalIds ?? [])];
}

/**
 * Complete a sale: price it from the catalogue, check approvals, tenders and stock, then write
 * the sale, its lines, payments, stock movements, receipt number, journal entry, outbox and audit
 * rows — all in the caller's one transaction. The same id again returns the stored sale, writing nothing.
 */
export function completeSale(ctx: CoreContext, session: Session, input: CompleteSaleInput): Sale {
  if (replayOrNew(ctx, 'sale', input.id, input, session.staff?.id ?? null) === 'replay') return getSale(ctx, input.id);
  const staffId = requireStaffId(session);
  const terminalId = requireTerminalId(ctx);
  const shiftId = requireOpenShiftId(ctx, terminalId);
  // the sale in progress the core holds, or (scripts, the command line) the lines given
  const open = input.lines ? null : openSaleToComplete(ctx, session, input.id);
  const lines = input.lines ?? open?.lines ?? [];
  const { settings, pricingLines, cart } = priceSaleCart(ctx, lines, input.lines ? input.cartDiscount : open?.cartDiscount);

  // what a cashier may not do alone: price overrides, discounts over the limit — each approval
  // given to this cashier, for this sale, for exactly that line and price or at least that discount
  const approvedBy = requireApprovals(ctx, session, saleApprovalNeeds(ctx, input.id, pricingLines, cart, settings.cashierDiscountLimitBp), [
    ...(open?.approvalIds ?? []),
    ...approvalIdsOf(input),
  ]);
  checkResumedCart(
    ctx,
    session,
    input.id,
    pricingLines.map((line) => ({ productId: line.product.id, quantity: line.quantity })),
    'paying',
  );
  const { settled, roundingMinor } = settlePayments(ctx, cart.totalMinor, input.payments, settings.cashRoundingStep);
  // the loyalty member: the one on the sale in progress, or named with the lines (scripts)
  const memberId = (input.lines ? input.memberId : open?.memberId) ?? null;
  const member = memberId ? memberById(ctx, memberId) : undefined;
  if (memberId && (!member || member.erasedAt !== null))
    throw new AppError('NOT_FOUND', 'That member card is not known here.', { memberId });
  const redeemed = checkRedemption(
    ctx,
    member,
    input.payments.flatMap((p) => (p.method === 'points' ? [p] : [])),
  );
  if (!settings.allowNegativeStock) checkStock(pricingLines, open?.pastStock);

  addShiftTurnover(ctx, shiftId, cart.totalMinor);
  const receiptNo = nextNumber(ctx, `receipt:${terminalId}`);
  recordRequestKey(ctx, 'sale', input.id, input, session.staff?.id ?? null);
  insertDocument(ctx, {
    id: input.id,
    kind: 'sale',
    terminalId,
    receiptNo,
    originalSaleId: null,
    shiftId,
    staffId,
    approvedBy,
    currency: settings.currency,
    pricesIncludeTax: settings.pricesIncludeTax,
    subtotalMinor: cart.subtotalMinor,
    discountMinor: cart.discountMinor,
    taxMinor: cart.taxMinor,
    totalMinor: cart.totalMinor,
    cashRoundingMinor: roundingMinor,
    memberId: member?.id ?? null,
  });
  writeSaleLines(ctx, input.id, staffId, pricingLines, cart);
  insertPayments(ctx, input.id, settled);
  // points redeemed and earned in the same transaction (a stopped card earns none), then the tier this spend reaches
  const payer = member && redeemed > 0 ? redeemForSale(ctx, { member, saleId: input.id, points: redeemed, staffId }) : member;
  if (payer?.active) {
    const lines = pricingLines.map((line, i) => ({
      productId: line.product.id,
      categoryId: line.product.categoryId,
      totalMinor: cart.lines[i]?.totalMinor ?? 0,
    }));
    const paidWithPointsMinor = settled.reduce((sum, p) => sum + (p.method === 'points' ? p.amountMinor : 0), 0);
    earnForSale(ctx, {
      member: payer,
      saleId: input.id,
      lines,
      staffId,
      currencyExponent: currencyExponent(settings.currency),
      paidWithPointsMinor,
    });
    reviewTier(ctx, payer);
  }
  // a resumed parked cart, or the sale in progress, is sold now: it is gone from both for good
  writes(ctx.db).parkedCart.run({ id: input.id });
  closeOpenSale(ctx, input.id);
  // read once: the journal hashes the stored rows, the event and the answer are made of them
  const { rows, journalled } = readWrittenDocument(ctx, input.id);
  appendJournal(ctx, 'sale', input.id, journalled);
  emitEvent(ctx, 'sale.completed', input.id, documentEvent(rows));
  auditSale(ctx, input.id, staffId, approvedBy, receiptNo, pricingLines, cart);
  return saleOf(ctx, rows);
}

/** Stock, per product over all its lines: INSUFFICIENT_STOCK in words when a tracked product has not enough. */
/** Stock for every line, but what was confirmed or approved at the scan to go past the count. */
function checkStock(pricingLines: PricedSaleLine[], pastStock: ReadonlyMap<string, number> = new Map()): void {
  const wanted = new Map<string, { product: ProductForSale; quantity: number }>();
  for (const line of pricingLines) {
    const entry = wanted.get(line.product.id) ?? { product: line.product, quantity: 0 };
    entry.quantity += line.quantity;
    wanted.set(line.product.id, entry);
  }
  for (const { product, quantity } of wanted.values()) {
    if (!product.tracksStock || product.stockOnHand >= quantity || (pastStock.get(product.id) ?? 0) >= quantity) continue;
    const left = Math.max(product.stockOnHand, 0);
    throw new AppError(
      'INSUFFICIENT_STOCK',
      left === 0
        ? `“${product.name}” is out of stock.`
        : `Only ${formatQuantity(left, product.soldByWeight)} left in stock of “${product.name}”.`,
      { productId: product.id, available: left, wanted: quantity },
    );
  }
}

/** The sale's lines with the price and tax charged, and the stock each takes. */
function writeSaleLines(
  ctx: CoreContext,
  saleId: string,
  staffId: string,
  pricingLines: PricedSaleLine[],
  cart: ReturnType<typeof priceSaleCart>['cart'],
): void {
  pricingLines.forEach((line, i) => {
    const priced = cart.lines[i];
    if (!priced) return;
    const lineId = uuidv7(ctx.now());
    insertLine(ctx, {
      id: lineId,
      saleId,
      lineNo: i + 1,
      productId: line.product.id,
      sku: line.product.sku,
      name: line.product.name,
      quantity: line.quantity,
      weighed: line.product.soldByWeight,
      unitPriceMinor: line.unitPriceMinor,
      listPriceMinor: line.listPriceMinor,
      taxClassId: line.product.taxClassId,
      taxRateBp: line.taxRateBp,
      grossMinor: priced.grossMinor,
      lineDiscountMinor: priced.lineDiscountMinor,
      cartDiscountMinor: priced.cartDiscountMinor,
      taxMinor: priced.taxMinor,
      totalMinor: priced.totalMinor,
    });
    if (line.product.tracksStock) moveStock(ctx, line.product.id, -line.quantity, 'sale', saleId, lineId, staffId);
  });
}

/** The sale, every price override and the discount in the audit log, with who approved them. */
function auditSale(
  ctx: CoreContext,
  saleId: string,
  staffId: string,
  approvedBy: string | null,
  receiptNo: number,
  pricingLines: PricedSaleLine[],
  cart: ReturnType<typeof priceSaleCart>['cart'],
): void {
  const entry = { actorStaffId: staffId, approverStaffId: approvedBy, entity: 'sale', entityId: saleId };
  audit(ctx, { action: 'sale.complete', ...entry, details: { receiptNo, totalMinor: cart.totalMinor } });
  for (const line of pricingLines.filter((l) => l.listPriceMinor !== null)) {
    audit(ctx, {
      action: 'sale.priceOverride',
      ...entry,
      details: { productId: line.product.id, listPriceMinor: line.listPriceMinor, chargedMinor: line.unitPriceMinor },
    });
  }
  if (cart.discountMinor > 0) audit(ctx, { action: 'sale.discount', ...entry, details: { discountMinor: cart.discountMinor } });
}
