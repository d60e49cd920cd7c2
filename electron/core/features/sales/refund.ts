// Refunds: of lines of a sale (never more than was sold) or, with a manager, of goods without a receipt.
import { eq, sql } from 'drizzle-orm';
import { priceCart, refundPayBackWithPoints, refundShare, sumByMethod } from '../../../../src/shared/pricing';
import { formatQuantity } from '../../../../src/shared/quantity';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import type { CoreContext } from '../../context';
import { products, saleLines } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { reverseForRefund } from '../loyalty/earn';
import { returnRedeemedPoints } from '../loyalty/redeem';
import { readSettings, type Settings } from '../setup/settings';
import { requireTerminalId } from '../setup/terminalId';
import { requireApproval } from './approvals';
import { loadProduct, withAmountLimit } from './cartPricing';
import { nextNumber } from './counters';
import { documentEvent, getSale, readWrittenDocument, type Sale, saleOf } from './document';
import { appendJournal } from './journal';
import { isParked } from './parked';
import { recordRequestKey, replayOrNew } from './requestKeys';
import { expectedCash } from './shiftReport';
import { addShiftTurnover, requireOpenShiftId } from './shifts';
import { money, type SettledPayment } from './tenders';
import { insertDocument, insertLine, insertPayments, moveStock } from './writers';

export interface RefundInput {
  id: string;
  originalSaleId?: string;
  lines: { originalLineId?: string; productId?: string; quantity: number; restock: boolean }[];
  payBack: 'original' | 'cash' | 'card';
  reason?: string;
  approvalId?: string;
}

type WantedLine = RefundInput['lines'][number];

/** One line of a refund as it will be written, with whether its product's stock is kept. */
type RefundLine = Omit<typeof saleLines.$inferInsert, 'id' | 'saleId' | 'lineNo' | 'restock'> & {
  restock: boolean;
  tracksStock: boolean;
};

const reads = perConnection((db) => {
  const id = sql.placeholder('id');
  return {
    // how a sold line's product is stocked now
    stocking: db
      .select({ tracksStock: products.tracksStock, soldByWeight: products.soldByWeight })
      .from(products)
      .where(eq(products.id, id))
      .prepare(),
    taxClassOfLine: db.select({ id: saleLines.taxClassId }).from(saleLines).where(eq(saleLines.id, id)).prepare(),
  };
});

/**
 * Refund lines of a sale (never more than was sold, counting earlier refunds), or goods without a
 * receipt (manager). A refund is its own journalled document linked to the original.
 */
export function refundSale(ctx: CoreContext, session: Session, input: RefundInput): Sale {
  if (replayOrNew(ctx, 'refund', input.id, input, session.staff?.id ?? null) === 'replay') return getSale(ctx, input.id);
  if (isParked(ctx, input.id))
    throw new AppError('CONFLICT', 'This id belongs to a parked sale, not a refund. Start the refund again.', { parkedId: input.id });
  const staffId = requireStaffId(session);
  const terminalId = requireTerminalId(ctx);
  const shiftId = requireOpenShiftId(ctx, terminalId);
  const settings = readSettings(ctx);
  const original = input.originalSaleId ? saleToRefund(ctx, input.originalSaleId) : null;
  const chosen = original
    ? { lines: linesOfReceipt(ctx, original, input.lines), approvedBy: null }
    : linesWithoutReceipt(ctx, session, input, settings);
  const { lines } = chosen;
  const sum = (f: (line: RefundLine) => number) => lines.reduce((total, line) => total + f(line), 0);
  const totalMinor = sum((l) => l.totalMinor);
  const { payBacks, roundingMinor, shiftedMinor, pointsBackMinor } = payBacksOf(
    ctx,
    shiftId,
    original,
    input.payBack,
    totalMinor,
    settings.cashRoundingStep,
  );
  // card-paid money handed out as cash (or cash put on a card) is a manager's decision
  const approvedBy =
    shiftedMinor > 0
      ? requireApproval(
          ctx,
          session,
          {
            action: 'refundTender',
            targetId: input.id,
            terms: { maxAmountMinor: shiftedMinor },
            what: `Paying ${money(ctx, shiftedMinor)} back ${input.payBack === 'cash' ? 'in cash that was paid by card' : 'to a card that was paid in cash'}`,
          },
          input.approvalId,
        )
      : chosen.approvedBy;

  addShiftTurnover(ctx, shiftId, totalMinor);
  recordRequestKey(ctx, 'refund', input.id, input, session.staff?.id ?? null);
  insertDocument(ctx, {
    id: input.id,
    kind: 'refund',
    terminalId,
    receiptNo: nextNumber(ctx, `receipt:${terminalId}`),
    originalSaleId: original?.id ?? null,
    shiftId,
    staffId,
    approvedBy,
    currency: settings.currency,
    pricesIncludeTax: original?.pricesIncludeTax ?? settings.pricesIncludeTax,
    subtotalMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.lineDiscountMinor + l.cartDiscountMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor,
    cashRoundingMinor: roundingMinor,
    memberId: original?.memberId ?? null,
  });
  lines.forEach(({ tracksStock, ...line }, i) => {
    const lineId = uuidv7(ctx.now());
    insertLine(ctx, { ...line, id: lineId, saleId: input.id, lineNo: i + 1, listPriceMinor: null });
    if (line.restock && tracksStock && line.productId) moveStock(ctx, line.productId, line.quantity, 'refund', input.id, lineId, staffId);
  });
  insertPayments(ctx, input.id, payBacks);
  // the points that paid go back to the member; the points the refunded part earned go back with it
  if (original?.memberId && pointsBackMinor > 0)
    returnRedeemedPoints(ctx, {
      memberId: original.memberId,
      saleId: original.id,
      salePointsMinor: sumByMethod(original.payments).pointsMinor,
      earlierBackMinor: original.refunded.pointsMinor,
      backMinor: pointsBackMinor,
      refundId: input.id,
      staffId,
    });
  const points = original?.memberId
    ? reverseForRefund(ctx, {
        memberId: original.memberId,
        saleId: original.id,
        saleTotalMinor: original.totalMinor,
        refundedBeforeMinor: original.refunded.totalMinor,
        refundId: input.id,
        refundMinor: totalMinor,
        staffId,
      })
    : null;
  // read once: the journal hashes the stored rows, the event and the answer are made of them
  const { rows, journalled } = readWrittenDocument(ctx, input.id);
  appendJournal(ctx, 'refund', input.id, journalled);
  emitEvent(ctx, 'refund.completed', input.id, documentEvent(rows));
  audit(ctx, {
    action: original ? 'sale.refund' : 'sale.refundNoReceipt',
    actorStaffId: staffId,
    approverStaffId: approvedBy,
    entity: 'sale',
    entityId: input.id,
    details: { originalSaleId: original?.id ?? null, totalMinor, reason: input.reason ?? null, ...(points ? { points } : {}) },
  });
  return saleOf(ctx, rows);
}

/** The sale a receipt refund gives back from (a refund's own receipt is refused in words). */
function saleToRefund(ctx: CoreContext, saleId: string): Sale {
  const original = getSale(ctx, saleId);
  if (original.kind !== 'sale') throw new AppError('VALIDATION', 'That receipt is itself a refund; find the original sale.');
  return original;
}

/** The lines of a receipt refund: each within what is left of its sold line, its share of what that line was charged. */
function linesOfReceipt(ctx: CoreContext, original: Sale, wanted: WantedLine[]): RefundLine[] {
  const wantedPerLine = new Map<string, number>();
  for (const line of wanted) {
    if (!line.originalLineId) throw new AppError('VALIDATION', 'Say which line of the receipt is refunded.');
    wantedPerLine.set(line.originalLineId, (wantedPerLine.get(line.originalLineId) ?? 0) + line.quantity);
  }
  const lines: RefundLine[] = [];
  for (const line of wanted) {
    const sold = original.lines.find((l) => l.id === line.originalLineId);
    if (!sold) throw new AppError('NOT_FOUND', 'That line is not on this receipt.', { originalLineId: line.originalLineId });
    const left = sold.quantity - sold.refundedQuantity;
    if ((wantedPerLine.get(sold.id) ?? 0) > left) {
      throw new AppError(
        'VALIDATION',
        left === 0
          ? `“${sold.name}” was already refunded in full.`
          : `Only ${formatQuantity(left, sold.weighed)} of “${sold.name}” can still be refunded.`,
        { originalLineId: sold.id, refundable: left },
      );
    }
    // earlier refunds and earlier parts of this one: the shares are differences of running totals
    const previously = sold.refundedQuantity + lines.filter((l) => l.originalLineId === sold.id).reduce((s, l) => s + l.quantity, 0);
    lines.push(refundLineOf(ctx, sold, line, previously));
  }
  return lines;
}

/** One refunded part of a sold line: its shares of the line's gross, discounts, tax and total. */
function refundLineOf(ctx: CoreContext, sold: Sale['lines'][number], line: WantedLine, previously: number): RefundLine {
  const share = (totalMinor: number, taxMinor = 0) =>
    refundShare({ quantity: sold.quantity, totalMinor, taxMinor }, previously, line.quantity);
  const charged = share(sold.totalMinor, sold.taxMinor);
  const product = sold.productId ? reads(ctx.db).stocking.get({ id: sold.productId }) : undefined;
  const tracksStock = product?.tracksStock === true;
  // sold in pieces, stocked in grams now (or the other way): the quantity cannot go back as it is
  if (line.restock && tracksStock && product && product.soldByWeight !== sold.weighed) {
    throw new AppError(
      'VALIDATION',
      `“${sold.name}” was sold ${sold.weighed ? 'by weight' : 'by the piece'} on this receipt but is ${sold.weighed ? 'sold by the piece' : 'sold by weight'} now: refund it without putting it back in stock, and count its stock again.`,
      { originalLineId: sold.id },
    );
  }
  const taxClass = reads(ctx.db).taxClassOfLine.get({ id: sold.id });
  return {
    productId: sold.productId,
    sku: sold.sku,
    name: sold.name,
    quantity: line.quantity,
    weighed: sold.weighed,
    unitPriceMinor: sold.unitPriceMinor,
    taxClassId: taxClass?.id ?? '',
    taxRateBp: sold.taxRateBp,
    grossMinor: share(sold.grossMinor).totalMinor,
    lineDiscountMinor: share(sold.lineDiscountMinor).totalMinor,
    cartDiscountMinor: share(sold.cartDiscountMinor).totalMinor,
    taxMinor: charged.taxMinor,
    totalMinor: charged.totalMinor,
    originalLineId: sold.id,
    restock: line.restock,
    tracksStock,
  };
}

/** Goods brought back without a receipt: priced at today's prices, allowed by a manager up to that amount. */
function linesWithoutReceipt(
  ctx: CoreContext,
  session: Session,
  input: RefundInput,
  settings: Settings,
): { lines: RefundLine[]; approvedBy: string | null } {
  const wanted = input.lines.map((line) => {
    if (!line.productId) throw new AppError('VALIDATION', 'Say which product is brought back.');
    return { line, product: loadProduct(ctx, line.productId) };
  });
  const cart = withAmountLimit(
    () =>
      priceCart({
        lines: wanted.map(({ line, product }, i) => ({
          id: String(i),
          quantity: line.quantity,
          weighed: product.soldByWeight,
          unitPriceMinor: product.priceMinor,
          taxRateBp: product.rateBp,
        })),
        pricesIncludeTax: settings.pricesIncludeTax,
        taxRounding: settings.taxRounding,
      }),
    (lineId) => wanted[Number(lineId)]?.product.name,
    settings.currency,
  );
  const approvedBy = requireApproval(
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
  const lines = wanted.map(({ line, product }, i): RefundLine => {
    const priced = cart.lines[i];
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      weighed: product.soldByWeight,
      unitPriceMinor: product.priceMinor,
      taxClassId: product.taxClassId,
      taxRateBp: product.rateBp,
      grossMinor: priced?.grossMinor ?? 0,
      lineDiscountMinor: 0,
      cartDiscountMinor: 0,
      taxMinor: priced?.taxMinor ?? 0,
      totalMinor: priced?.totalMinor ?? 0,
      originalLineId: null,
      restock: line.restock,
      tracksStock: product.tracksStock,
    };
  });
  return { lines, approvedBy };
}

/**
 * How the money goes back: as paid (card first, up to what the card paid), or all cash / all card —
 * on the running totals of the sale's refunds (shared refundPayBack), never more than was paid,
 * and cash only as far as the drawer holds it.
 */
function payBacksOf(
  ctx: CoreContext,
  shiftId: string,
  original: Sale | null,
  payBack: RefundInput['payBack'],
  totalMinor: number,
  cashRoundingStep: number,
): { payBacks: SettledPayment[]; roundingMinor: number; shiftedMinor: number; pointsBackMinor: number } {
  // what earlier refunds paid back: the original as read has it (Sale.refunded)
  const earlier = original?.refunded ?? { totalMinor: 0, cardMinor: 0, cashMinor: 0, pointsMinor: 0 };
  const paid = sumByMethod(original?.payments ?? []);
  const splitBy = (method: 'original' | 'cash' | 'card') =>
    refundPayBackWithPoints({
      method,
      refundMinor: totalMinor,
      saleCardMinor: paid.cardMinor,
      salePaidMinor: original ? paid.totalMinor : null,
      earlierTotalMinor: earlier.totalMinor,
      earlierCardMinor: earlier.cardMinor,
      earlierCashMinor: earlier.cashMinor,
      salePointsMinor: paid.pointsMinor,
      earlierPointsMinor: earlier.pointsMinor,
      cashRoundingStep,
    });
  const split = splitBy(payBack === 'original' && !original ? 'cash' : payBack);
  const pointsBackMinor = split.pointsMinor;
  // how much goes back in another tender than as paid (a receipt refund only)
  const asPaid = original && payBack !== 'original' ? splitBy('original') : split;
  const shiftedMinor = Math.max(split.cashMinor - asPaid.cashMinor, split.cardMinor - asPaid.cardMinor, 0);
  const tender = (method: 'card' | 'cash' | 'points', amountMinor: number): SettledPayment => ({
    method,
    amountMinor,
    tenderedMinor: null,
    changeMinor: null,
    approvalCode: null,
    cardLast4: null,
  });
  const payBacks: SettledPayment[] = [];
  if (pointsBackMinor > 0) payBacks.push(tender('points', pointsBackMinor));
  if (split.cardMinor > 0) payBacks.push(tender('card', split.cardMinor));
  if (split.cashMinor > 0) {
    // the drawer cannot pay out cash it does not hold
    const inDrawer = expectedCash(ctx, shiftId);
    if (split.cashMinor > inDrawer) {
      throw new AppError(
        'VALIDATION',
        `Only ${money(ctx, Math.max(inDrawer, 0))} is in the drawer: pay ${money(ctx, split.cashMinor)} back by card, or pay cash in first.`,
        { expectedCashMinor: inDrawer, cashMinor: split.cashMinor },
      );
    }
    payBacks.push(tender('cash', split.cashMinor));
  }
  return { payBacks, roundingMinor: split.roundingMinor, shiftedMinor, pointsBackMinor };
}
