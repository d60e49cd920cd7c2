// Tenders: checking that the payments pay a sale's total exactly, cash rounded, and the change —
// the shared settleTenders (the pay dialog plans with the same function), in the core's words.
import type { z } from 'zod';
import type { paymentInput } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { type SettledTender, settleTenders, tenderProblemText } from '../../../../src/shared/pricing';
import type { CoreContext } from '../../context';
import { AppError } from '../../errors';
import { readSettings } from '../setup/settings';

export type PaymentInput = z.infer<typeof paymentInput>;

export function money(ctx: CoreContext, minor: number): string {
  return formatMoney(minor, readSettings(ctx).currency, 'en');
}

export type SettledPayment = SettledTender;

/** Check that the tenders pay the total exactly (cash rounded to the smallest coin) and work out change. */
export function settlePayments(
  ctx: CoreContext,
  totalMinor: number,
  payments: PaymentInput[],
  cashStep: number,
): { settled: SettledPayment[]; roundingMinor: number } {
  const settlement = settleTenders(totalMinor, payments, cashStep);
  if (!settlement.ok) {
    const { message, details } = tenderProblemText(settlement.problem, (minor) => money(ctx, minor));
    throw new AppError('VALIDATION', message, details);
  }
  return { settled: settlement.payments, roundingMinor: settlement.roundingMinor };
}
