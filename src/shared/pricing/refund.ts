import { mulDivRound } from './arith';
import { cashDue } from './tender';

export interface ChargedLine {
  quantity: number;
  totalMinor: number;
  taxMinor: number;
}

/**
 * The amounts to pay back for `quantity` units of a sold line, given how many were refunded
 * before. Computed as a difference of cumulative shares, so refunding every unit — in one go or
 * in any number of partial refunds — pays back exactly what was charged, to the minor unit.
 */
export function refundShare(line: ChargedLine, alreadyRefunded: number, quantity: number): { totalMinor: number; taxMinor: number } {
  if (quantity < 0 || alreadyRefunded < 0 || alreadyRefunded + quantity > line.quantity) {
    throw new RangeError('cannot refund more than was sold');
  }
  const cumulative = (units: number, amount: number) => mulDivRound(amount, units, line.quantity);
  return {
    totalMinor: cumulative(alreadyRefunded + quantity, line.totalMinor) - cumulative(alreadyRefunded, line.totalMinor),
    taxMinor: cumulative(alreadyRefunded + quantity, line.taxMinor) - cumulative(alreadyRefunded, line.taxMinor),
  };
}

export interface PayBackInput {
  /** 'original': as the sale was paid (card first, up to what the card paid); or all cash / all card */
  method: 'original' | 'cash' | 'card';
  /** this refund's total, exact (before cash rounding) */
  refundMinor: number;
  /** what the sale took by card */
  saleCardMinor: number;
  /** everything the customer paid for the sale (card + cash as handed over); null for a refund without a receipt */
  salePaidMinor: number | null;
  /** earlier refunds of the same sale: their exact totals, and what they paid back by card and in cash (as handed over) */
  earlierTotalMinor: number;
  earlierCardMinor: number;
  earlierCashMinor: number;
  cashRoundingStep: number;
}

export interface PayBack {
  cardMinor: number;
  /** cash handed back, rounded to the smallest coin */
  cashMinor: number;
  /** cashMinor − the exact cash part */
  roundingMinor: number;
}

/**
 * How one refund of a sale is paid back. Worked out on the running totals of all the sale's
 * refunds, so that refunds in any number of parts add up, per tender, to exactly what one full
 * refund pays back: the card gets back at most what it paid, cash is rounded once overall (each
 * part hands over the difference of the rounded running totals), and — whatever mix of pay-back
 * methods the parts use — never more goes back than the customer paid (cash capped to whole coins).
 */
export function refundPayBack(input: PayBackInput): PayBack {
  const { refundMinor, earlierTotalMinor, earlierCardMinor, earlierCashMinor } = input;
  const step = Math.max(input.cashRoundingStep, 1);
  const runningTotal = earlierTotalMinor + refundMinor;
  const left =
    input.salePaidMinor === null ? Number.MAX_SAFE_INTEGER : Math.max(input.salePaidMinor - earlierCardMinor - earlierCashMinor, 0);
  let cardMinor: number;
  if (input.method === 'card') cardMinor = refundMinor;
  else if (input.method === 'cash') cardMinor = 0;
  else cardMinor = Math.max(Math.min(input.saleCardMinor, runningTotal) - earlierCardMinor, 0);
  cardMinor = Math.min(cardMinor, refundMinor, left);
  const cashPart = refundMinor - cardMinor;
  if (cashPart <= 0) return { cardMinor, cashMinor: 0, roundingMinor: 0 };
  // the exact cash of all refunds so far, rounded once, less what was already handed over
  const runningCash = runningTotal - earlierCardMinor - cardMinor;
  const due = Math.max(cashDue(runningCash, step) - earlierCashMinor, 0);
  const cashMinor = Math.min(due, Math.floor((left - cardMinor) / step) * step);
  return { cardMinor, cashMinor, roundingMinor: cashMinor - cashPart };
}

export interface PointsPayBackInput extends PayBackInput {
  /** what points paid for the sale (their value), and what earlier refunds gave back as points */
  salePointsMinor: number;
  earlierPointsMinor: number;
}

/**
 * refundPayBack for a sale part paid with loyalty points: what points paid goes back as points
 * first, on the running totals — never as money, whatever the pay-back chosen — and card and cash
 * share the rest (the sale seen without its points part). Refunds in any number of parts give
 * back exactly what points paid, and money only for what money paid.
 */
export function refundPayBackWithPoints(input: PointsPayBackInput): PayBack & { pointsMinor: number } {
  const pointsMinor =
    input.salePaidMinor === null
      ? 0
      : Math.min(
          Math.max(Math.min(input.salePointsMinor, input.earlierTotalMinor + input.refundMinor) - input.earlierPointsMinor, 0),
          input.refundMinor,
        );
  const money = refundPayBack({
    ...input,
    refundMinor: input.refundMinor - pointsMinor,
    salePaidMinor: input.salePaidMinor === null ? null : input.salePaidMinor - input.salePointsMinor,
    earlierTotalMinor: input.earlierTotalMinor - input.earlierPointsMinor,
  });
  return { pointsMinor, ...money };
}
