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
