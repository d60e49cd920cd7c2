import { formatMoney } from '../../shared/money';
import type { Discount } from '../../shared/pricing';

/** "10 %" or "€0.50", for the cart and the dialogs. */
export function describeDiscount(discount: Discount, currency: string): string {
  if (discount.kind === 'amount') return formatMoney(discount.minor, currency);
  return `${formatPercent(discount.bp)} %`;
}

/** 1250 → "12.5", 1000 → "10". */
export function formatPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const fraction = bp % 100;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** "12.5" (or "12,5 %") → 1250 basis points; null when it is not a percentage from 0 to 100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}
