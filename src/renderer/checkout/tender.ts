import type { ChannelInput } from '../../shared/contract';
import { cashDue } from '../../shared/pricing';

export type PaymentInput = ChannelInput<'sale.complete'>['payments'][number];

export interface TenderInput {
  totalMinor: number;
  cashRoundingStep: number;
  /** what goes on the card (0 for cash only) */
  cardMinor: number;
  /** the cash the customer handed over; null when not typed yet */
  tenderedMinor: number | null;
  approvalCode?: string;
  last4?: string;
}

export interface TenderPlan {
  totalMinor: number;
  cardMinor: number;
  /** the part of the total left for cash, before rounding */
  cashPartMinor: number;
  /** the cash to take, rounded to the store's smallest coin */
  cashDueMinor: number;
  /** cashDue − cashPart: what rounding added (+) or took off (−) */
  roundingMinor: number;
  tenderedMinor: number | null;
  changeMinor: number;
  /** what is still missing from the cash given */
  shortMinor: number;
  /** why the sale cannot be completed yet (for the cashier), or null */
  problem: string | null;
  /** the payments to send with sale.complete, when complete */
  payments: PaymentInput[] | null;
}

/**
 * Work out a payment the way the core will check it: card amounts at most the total, the rest in
 * cash rounded with cashDue, the cash given at least that. Integers only.
 */
export function planTender(input: TenderInput): TenderPlan {
  const { totalMinor } = input;
  const cardMinor = Math.max(0, input.cardMinor);
  const cashPartMinor = totalMinor - cardMinor;
  const cashDueMinor = cashPartMinor > 0 ? cashDue(cashPartMinor, input.cashRoundingStep) : 0;
  const roundingMinor = cashPartMinor > 0 ? cashDueMinor - cashPartMinor : 0;
  const tendered = input.tenderedMinor;
  const needsCash = cashDueMinor > 0;
  const changeMinor = needsCash && tendered !== null ? Math.max(0, tendered - cashDueMinor) : 0;
  const shortMinor = needsCash ? Math.max(0, cashDueMinor - (tendered ?? 0)) : 0;

  let problem: string | null = null;
  if (totalMinor <= 0) problem = 'There is nothing to pay.';
  else if (cardMinor > totalMinor) problem = 'The card amount is more than the total.';
  else if (needsCash && tendered === null) problem = 'Enter the cash given, or pick a quick amount.';
  else if (needsCash && shortMinor > 0) problem = 'The cash given is less than the cash due.';

  let payments: PaymentInput[] | null = null;
  if (problem === null) {
    payments = [];
    if (cardMinor > 0) {
      const approvalCode = input.approvalCode?.trim();
      const last4 = input.last4?.trim();
      payments.push({
        method: 'card',
        amountMinor: cardMinor,
        ...(approvalCode ? { approvalCode } : {}),
        ...(last4 ? { last4 } : {}),
      });
    }
    if (needsCash && tendered !== null) payments.push({ method: 'cash', amountMinor: cashDueMinor, tenderedMinor: tendered });
  }
  return {
    totalMinor,
    cardMinor,
    cashPartMinor,
    cashDueMinor,
    roundingMinor,
    tenderedMinor: tendered,
    changeMinor,
    shortMinor,
    problem,
    payments,
  };
}
