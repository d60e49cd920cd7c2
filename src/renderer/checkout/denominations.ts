import { currencyExponent } from '../../shared/money';

export interface Denomination {
  /** the face value in minor units */
  minor: number;
  kind: 'note' | 'coin';
}

// Face values in major units, largest first: the euro's series (500 … 5 notes, 2 … 0.01 coins),
// which fits most two-decimal currencies well enough to count a drawer. A few currencies differ.
const EURO_STYLE_NOTES = [500, 200, 100, 50, 20, 10, 5];
const EURO_STYLE_COINS = [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01];

const SPECIAL: Record<string, { notes: number[]; coins: number[] }> = {
  USD: { notes: [100, 50, 20, 10, 5, 2, 1], coins: [1, 0.5, 0.25, 0.1, 0.05, 0.01] },
  CAD: { notes: [100, 50, 20, 10, 5], coins: [2, 1, 0.25, 0.1, 0.05] },
  GBP: { notes: [50, 20, 10, 5], coins: [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01] },
  CHF: { notes: [1000, 200, 100, 50, 20, 10], coins: [5, 2, 1, 0.5, 0.2, 0.1, 0.05] },
  JPY: { notes: [10000, 5000, 2000, 1000], coins: [500, 100, 50, 10, 5, 1] },
};

/** Integer minor units of a face value in major units (0.05 € → 5), without float drift. */
function toMinor(major: number, exponent: number): number {
  return Math.round(major * 10 ** exponent);
}

/** The notes and coins of the drawer for a currency, largest first, in minor units. */
export function denominationsFor(currency: string): Denomination[] {
  const exponent = currencyExponent(currency);
  const series = SPECIAL[currency] ?? { notes: EURO_STYLE_NOTES, coins: EURO_STYLE_COINS };
  const seen = new Set<number>();
  const out: Denomination[] = [];
  const add = (major: number, kind: Denomination['kind']) => {
    const minor = toMinor(major, exponent);
    // a face value smaller than the currency's smallest unit does not exist (no cents in yen)
    if (minor < 1 || Math.abs(minor - major * 10 ** exponent) > 1e-9 || seen.has(minor)) return;
    seen.add(minor);
    out.push({ minor, kind });
  };
  for (const major of series.notes) add(major, 'note');
  for (const major of series.coins) add(major, 'coin');
  return out.sort((a, b) => b.minor - a.minor);
}

/** The round notes offered as quick cash in the pay dialog, smallest first. */
export function quickCashNotes(currency: string): number[] {
  const exponent = currencyExponent(currency);
  if (currency === 'JPY' || exponent === 0) return [1000, 5000, 10000];
  return [5, 10, 20, 50, 100].map((major) => toMinor(major, exponent));
}

/** The money counted: Σ face value × count. */
export function countedTotal(counts: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [minor, count] of counts) total += minor * count;
  return total;
}

/** What shift.close takes: every denomination with its count (zeros left out). */
export function countedList(counts: ReadonlyMap<number, number>): { denominationMinor: number; count: number }[] {
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => b - a)
    .map(([denominationMinor, count]) => ({ denominationMinor, count }));
}
