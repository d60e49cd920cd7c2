// Tenders: checking that the payments pay a sale's total exactly, cash rounded, and the change.
import type { z } from 'zod';
import type { paymentInput } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { cashDue } from '../../../../src/shared/pricing';
import type { CoreContext } from '../../context';
import { AppError } from '../../errors';
import { readSettings } from '../setup/settings';

export type PaymentInput = z.infer<typeof paymentInput>;

export function money(ctx: CoreContext, minor: number): string {
  return formatMoney(minor, readSettings(ctx).currency, 'en');
}

export interface SettledPayment {
  method: 'cash' | 'card';
  amountMinor: number;
  tenderedMinor: number | null;
  changeMinor: number | null;
  approvalCode: string | null;
  cardLast4: string | null;
}

/** Check that the tenders pay the total exactly (cash rounded to the smallest coin) and work out change. */
export function settlePayments(
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
