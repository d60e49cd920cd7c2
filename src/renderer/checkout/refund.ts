import type { ChannelOutput } from '../../shared/contract';
import { refundPayBackWithPoints, refundShare, sumByMethod } from '../../shared/pricing';

export type Sale = ChannelOutput<'sale.get'>;
export type SaleLine = Sale['lines'][number];
export type PayBack = 'original' | 'cash' | 'card';

/** How many units of a sold line can still be refunded. */
export function refundableQuantity(line: Pick<SaleLine, 'quantity' | 'refundedQuantity'>): number {
  return Math.max(0, line.quantity - line.refundedQuantity);
}

/** A wanted refund quantity kept between 0 and what is left of the line. */
export function clampRefundQuantity(line: Pick<SaleLine, 'quantity' | 'refundedQuantity'>, wanted: number): number {
  if (!Number.isFinite(wanted)) return 0;
  return Math.min(Math.max(0, Math.trunc(wanted)), refundableQuantity(line));
}

/**
 * What a refund takes of a line for a wanted quantity: units within what is left — and a weighed
 * line whole or not at all (its grams were weighed once; nobody weighs part of it back at the till).
 */
export function refundPickQuantity(line: Pick<SaleLine, 'quantity' | 'refundedQuantity' | 'weighed'>, wanted: number): number {
  if (!line.weighed) return clampRefundQuantity(line, wanted);
  return Number.isFinite(wanted) && wanted > 0 ? refundableQuantity(line) : 0;
}

export interface RefundPick {
  quantity: number;
  restock: boolean;
}

export interface RefundMoney {
  totalMinor: number;
  /** how it goes back: card and cash parts (cash rounded like the core does) */
  cardMinor: number;
  cashMinor: number;
  roundingMinor: number;
  /** what goes back as loyalty points (what points paid for), before card and cash */
  pointsMinor: number;
}

/**
 * Split what is paid back over card and cash with the core's own rule (refundPayBack, on the
 * running totals of the sale's refunds so far), so the preview is what sale.refund will pay.
 */
export function payBackSplit(
  totalMinor: number,
  payBack: PayBack,
  sale: Pick<Sale, 'payments' | 'refunded'> | null,
  cashRoundingStep: number,
): RefundMoney {
  if (totalMinor <= 0) return { totalMinor, cardMinor: 0, cashMinor: 0, roundingMinor: 0, pointsMinor: 0 };
  const earlier = sale?.refunded ?? { totalMinor: 0, cardMinor: 0, cashMinor: 0, pointsMinor: 0 };
  const paid = sumByMethod(sale?.payments ?? []);
  const money = refundPayBackWithPoints({
    method: payBack === 'original' && !sale ? 'cash' : payBack,
    refundMinor: totalMinor,
    saleCardMinor: paid.cardMinor,
    salePaidMinor: sale ? paid.totalMinor : null,
    earlierTotalMinor: earlier.totalMinor,
    earlierCardMinor: earlier.cardMinor,
    earlierCashMinor: earlier.cashMinor,
    salePointsMinor: paid.pointsMinor,
    earlierPointsMinor: earlier.pointsMinor,
    cashRoundingStep,
  });
  return { totalMinor, ...money };
}

/** The money a refund of the picked lines of `sale` pays back (the core's own refundShare, so the preview is exact). */
export function refundPreview(
  sale: Sale,
  picks: ReadonlyMap<string, RefundPick>,
  payBack: PayBack,
  cashRoundingStep: number,
): RefundMoney & { units: number } {
  let totalMinor = 0;
  // items, as the cashier counts them: units, and one per weighed line
  let units = 0;
  for (const line of sale.lines) {
    const quantity = refundPickQuantity(line, picks.get(line.id)?.quantity ?? 0);
    if (quantity === 0) continue;
    units += line.weighed ? 1 : quantity;
    totalMinor += refundShare(
      { quantity: line.quantity, totalMinor: line.totalMinor, taxMinor: line.taxMinor },
      line.refundedQuantity,
      quantity,
    ).totalMinor;
  }
  return { ...payBackSplit(totalMinor, payBack, sale, cashRoundingStep), units };
}
