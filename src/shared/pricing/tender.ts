import { roundToStep } from './arith';

/** What a cash customer pays for `dueMinor`: rounded to the store's smallest coin (e.g. 5), cash only. */
export function cashDue(dueMinor: number, cashRoundingStep: number): number {
  return roundToStep(dueMinor, cashRoundingStep);
}

/** Quick-cash suggestions for the pay dialog: exact, then the next round notes above the amount. */
export function quickCashAmounts(dueMinor: number, notesMinor: number[] = [500, 1000, 2000, 5000, 10000]): number[] {
  const out = new Set<number>([dueMinor]);
  for (const note of notesMinor) {
    const next = Math.ceil(dueMinor / note) * note;
    if (next > dueMinor) out.add(next);
    if (out.size >= 4) break;
  }
  return [...out].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Sums by method

/** Anything with a method and an amount: payments as sent, as stored, or paid back by a refund. */
export interface MethodAmount {
  method: string;
  amountMinor: number;
  tenderedMinor?: number | null;
  changeMinor?: number | null;
}

export interface MethodSums {
  cardMinor: number;
  cashMinor: number;
  /** paid with loyalty points (their value) */
  pointsMinor: number;
  /** every method, card and cash and any other */
  totalMinor: number;
  /** the cash handed over (cash payments' tendered amounts) */
  tenderedMinor: number;
  /** the change given back */
  changeMinor: number;
  /** how many cash payments there are */
  cashCount: number;
}

/** The sums of `payments` by method: the one place card, cash and the whole are added up. */
export function sumByMethod(payments: readonly MethodAmount[]): MethodSums {
  const sums: MethodSums = { cardMinor: 0, cashMinor: 0, pointsMinor: 0, totalMinor: 0, tenderedMinor: 0, changeMinor: 0, cashCount: 0 };
  for (const p of payments) {
    sums.totalMinor += p.amountMinor;
    sums.changeMinor += p.changeMinor ?? 0;
    if (p.method === 'card') sums.cardMinor += p.amountMinor;
    else if (p.method === 'points') sums.pointsMinor += p.amountMinor;
    else if (p.method === 'cash') {
      sums.cashMinor += p.amountMinor;
      sums.tenderedMinor += p.tenderedMinor ?? 0;
      sums.cashCount += 1;
    }
  }
  return sums;
}

/** One method's line of a shift report's tenders (zero when the shift took none of it). */
export function shiftTender(
  tenders: readonly { method: string; salesMinor: number; refundsMinor: number }[],
  method: string,
): { salesMinor: number; refundsMinor: number; netMinor: number } {
  const tender = tenders.find((t) => t.method === method);
  const salesMinor = tender?.salesMinor ?? 0;
  const refundsMinor = tender?.refundsMinor ?? 0;
  return { salesMinor, refundsMinor, netMinor: salesMinor - refundsMinor };
}

// ---------------------------------------------------------------------------------------------
// Settlement: the core's check of a sale's payments, and what it stores

/** A payment as sale.complete receives it. */
export type TenderPayment =
  | { method: 'cash'; amountMinor: number; tenderedMinor: number }
  | { method: 'card'; amountMinor: number; approvalCode?: string | undefined; last4?: string | undefined }
  /** loyalty points, by their value (the core checks the points, the member and the balance) */
  | { method: 'points'; amountMinor: number; points: number };

/** A payment as the core stores it. */
export interface SettledTender {
  method: 'cash' | 'card' | 'points';
  amountMinor: number;
  tenderedMinor: number | null;
  changeMinor: number | null;
  approvalCode: string | null;
  cardLast4: string | null;
}

/** Why payments do not settle a total. */
export type TenderProblem =
  | { kind: 'cardAboveTotal'; cardMinor: number; totalMinor: number }
  | { kind: 'cashNotNeeded' }
  | { kind: 'cashMismatch'; dueMinor: number; enteredMinor: number }
  | { kind: 'cashShort'; tenderedMinor: number; amountMinor: number };

/** How a total splits once the card has paid its part: the cash part, and the cash due after rounding. */
export interface CashSplit {
  cardMinor: number;
  /** total − card: the part left for cash, before rounding (negative when the card pays more than the total) */
  cashPartMinor: number;
  /** the cash to take, rounded to the store's smallest coin (0 when nothing is left for cash) */
  cashDueMinor: number;
  /** cashDue − cashPart: what rounding added (+) or took off (−); 0 when nothing is left for cash */
  roundingMinor: number;
}

export function cashSplit(totalMinor: number, cardMinor: number, cashRoundingStep: number): CashSplit {
  const cashPartMinor = totalMinor - cardMinor;
  const cashDueMinor = cashPartMinor > 0 ? cashDue(cashPartMinor, cashRoundingStep) : 0;
  return { cardMinor, cashPartMinor, cashDueMinor, roundingMinor: cashPartMinor > 0 ? cashDueMinor - cashPartMinor : 0 };
}

export type Settlement =
  | ({ ok: true; payments: SettledTender[]; changeMinor: number } & CashSplit)
  | ({ ok: false; problem: TenderProblem } & Partial<CashSplit>);

/**
 * Check that `payments` pay `totalMinor` exactly — card amounts at most the total, the rest in
 * cash rounded to the smallest coin (cashDue), each cash payment given at least its amount — and
 * work out what is stored: the payments with their change, and the cash rounding.
 */
export function settleTenders(totalMinor: number, payments: readonly TenderPayment[], cashRoundingStep: number): Settlement {
  const sums = sumByMethod(payments);
  // card and points pay exact amounts; cash pays what is left, rounded
  const exactMinor = sums.cardMinor + sums.pointsMinor;
  if (exactMinor > totalMinor) return { ok: false, problem: { kind: 'cardAboveTotal', cardMinor: exactMinor, totalMinor } };
  const split = cashSplit(totalMinor, exactMinor, cashRoundingStep);
  if (split.cashPartMinor === 0 && sums.cashCount > 0) return { ok: false, problem: { kind: 'cashNotNeeded' }, ...split };
  if (sums.cashMinor !== split.cashDueMinor)
    return { ok: false, problem: { kind: 'cashMismatch', dueMinor: split.cashDueMinor, enteredMinor: sums.cashMinor }, ...split };
  const settled: SettledTender[] = [];
  for (const p of payments) {
    if (p.method === 'cash') {
      if (p.tenderedMinor < p.amountMinor)
        return { ok: false, problem: { kind: 'cashShort', tenderedMinor: p.tenderedMinor, amountMinor: p.amountMinor }, ...split };
      settled.push({
        method: 'cash',
        amountMinor: p.amountMinor,
        tenderedMinor: p.tenderedMinor,
        changeMinor: p.tenderedMinor - p.amountMinor,
        approvalCode: null,
        cardLast4: null,
      });
    } else if (p.method === 'points') {
      settled.push({
        method: 'points',
        amountMinor: p.amountMinor,
        tenderedMinor: null,
        changeMinor: null,
        approvalCode: null,
        cardLast4: null,
      });
    } else {
      settled.push({
        method: 'card',
        amountMinor: p.amountMinor,
        tenderedMinor: null,
        changeMinor: null,
        approvalCode: p.approvalCode ?? null,
        cardLast4: p.last4 ?? null,
      });
    }
  }
  return { ok: true, payments: settled, changeMinor: sumByMethod(settled).changeMinor, ...split };
}

/** The core's words for a settlement problem (`money` formats an amount in the store's currency). */
export function tenderProblemText(
  problem: TenderProblem,
  money: (minor: number) => string,
): { message: string; details?: Record<string, number> } {
  switch (problem.kind) {
    case 'cardAboveTotal':
      return { message: `The card payments (${money(problem.cardMinor)}) are more than the total (${money(problem.totalMinor)}).` };
    case 'cashNotNeeded':
      return { message: 'The card payments already cover the total: remove the cash payment.' };
    case 'cashMismatch':
      return {
        message: `The payments do not match the total: ${money(problem.dueMinor)} is due in cash, ${money(problem.enteredMinor)} was entered.`,
        details: { dueMinor: problem.dueMinor, enteredMinor: problem.enteredMinor },
      };
    case 'cashShort':
      return {
        message: `The cash given (${money(problem.tenderedMinor)}) is less than the amount due (${money(problem.amountMinor)}).`,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Planning: the pay dialog's tender, as payments to send, settled with the core's own settleTenders

export interface TenderPlanInput {
  totalMinor: number;
  cashRoundingStep: number;
  /** what goes on the card (0 for cash only) */
  cardMinor: number;
  /** the cash the customer handed over; null when not typed yet */
  tenderedMinor: number | null;
  approvalCode?: string | undefined;
  last4?: string | undefined;
}

/** Why the dialog cannot complete the sale yet: nothing to pay, no cash typed, or what settlement says. */
export type PlanProblem = { kind: 'nothingToPay' } | { kind: 'cashMissing'; dueMinor: number } | TenderProblem;

export interface TenderPlan extends CashSplit {
  totalMinor: number;
  tenderedMinor: number | null;
  /** the change to give back (what the core stores), 0 until the payment settles */
  changeMinor: number;
  /** what is still missing from the cash given */
  shortMinor: number;
  problem: PlanProblem | null;
  /** the payments to send with sale.complete, when they settle */
  payments: TenderPayment[] | null;
  /** what the core stores for them (settleTenders), when they settle */
  settled: SettledTender[] | null;
}

/**
 * Plan a cash / card / split payment: the card part as given, the rest in cash rounded with
 * cashDue, the cash given at least that — the payments settled by settleTenders, the very
 * function the core checks them with, so the due, rounding and change shown are what it stores.
 */
export function planTenders(input: TenderPlanInput): TenderPlan {
  const { totalMinor, cashRoundingStep } = input;
  const tendered = input.tenderedMinor;
  const cardMinor = Math.max(0, input.cardMinor);
  const split = cashSplit(totalMinor, cardMinor, cashRoundingStep);
  const needsCash = split.cashDueMinor > 0;
  const shortMinor = needsCash ? Math.max(0, split.cashDueMinor - (tendered ?? 0)) : 0;
  const base = { totalMinor, tenderedMinor: tendered, shortMinor, ...split };
  if (totalMinor <= 0) return { ...base, changeMinor: 0, problem: { kind: 'nothingToPay' }, payments: null, settled: null };

  const payments: TenderPayment[] = [];
  if (cardMinor > 0) {
    const approvalCode = input.approvalCode?.trim();
    const last4 = input.last4?.trim();
    payments.push({ method: 'card', amountMinor: cardMinor, ...(approvalCode ? { approvalCode } : {}), ...(last4 ? { last4 } : {}) });
  }
  if (needsCash && tendered !== null) payments.push({ method: 'cash', amountMinor: split.cashDueMinor, tenderedMinor: tendered });
  const settlement = settleTenders(totalMinor, payments, cashRoundingStep);
  if (!settlement.ok) {
    const problem: PlanProblem =
      settlement.problem.kind === 'cashMismatch' && tendered === null
        ? { kind: 'cashMissing', dueMinor: split.cashDueMinor }
        : settlement.problem;
    return { ...base, changeMinor: 0, problem, payments: null, settled: null };
  }
  return {
    ...base,
    cashPartMinor: settlement.cashPartMinor,
    cashDueMinor: settlement.cashDueMinor,
    roundingMinor: settlement.roundingMinor,
    changeMinor: settlement.changeMinor,
    problem: null,
    payments,
    settled: settlement.payments,
  };
}
