import { mulDivRound } from './arith';

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
