import type { ChannelInput } from '../../shared/contract';
import { type PlanProblem, planTenders, type TenderPlan as SharedTenderPlan, type TenderPlanInput } from '../../shared/pricing';

export type PaymentInput = ChannelInput<'sale.complete'>['payments'][number];

export type TenderInput = TenderPlanInput;

export interface TenderPlan extends Omit<SharedTenderPlan, 'problem'> {
  /** why the sale cannot be completed yet (for the cashier), or null */
  problem: string | null;
  /** the same, as the shared planning names it */
  problemKind: PlanProblem['kind'] | null;
}

/** The cashier's words for why the payment cannot be completed yet. */
export function planProblemMessage(problem: PlanProblem): string {
  switch (problem.kind) {
    case 'nothingToPay':
      return 'There is nothing to pay.';
    case 'cardAboveTotal':
      return 'The card amount is more than the total.';
    case 'cashMissing':
      return 'Enter the cash given, or pick a quick amount.';
    case 'cashShort':
      return 'The cash given is less than the cash due.';
    case 'cashNotNeeded':
      return 'The card already covers the total: no cash is due.';
    case 'cashMismatch':
      return 'The cash does not match the cash due.';
  }
}

/**
 * Work out a payment with the core's own rules (shared planTenders → settleTenders): card amounts
 * at most the total, the rest in cash rounded with cashDue, the cash given at least that. What
 * the dialog shows — cash due, rounding, change — is what sale.complete will store.
 */
export function planTender(input: TenderInput): TenderPlan {
  const plan = planTenders(input);
  return { ...plan, problem: plan.problem ? planProblemMessage(plan.problem) : null, problemKind: plan.problem?.kind ?? null };
}
