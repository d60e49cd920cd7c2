/** Grams in a kilogram: the quantity of a weighed line is thousandths of its per-kg price. */
export const GRAMS_PER_KG = 1000;

/** The most one weighed line can hold: 1000 kg, the contract's largest quantity. */
export const MAX_WEIGHT_GRAMS = 1_000_000;

/** Grams as kilograms with 3 decimals and no unit: 750 → "0.750" (also what a person types back). */
export function formatKg(grams: number): string {
  const whole = Math.trunc(grams);
  const size = Math.abs(whole);
  return `${whole < 0 ? '-' : ''}${Math.trunc(size / GRAMS_PER_KG)}.${String(size % GRAMS_PER_KG).padStart(3, '0')}`;
}

/** A line quantity as people read it: whole units ("3"), or the grams of a weighed line in kg ("0.750 kg"). */
export function formatQuantity(quantity: number, weighed: boolean): string {
  return weighed ? `${formatKg(quantity)} kg` : String(quantity);
}

/**
 * A weight typed in kilograms ("0.75", "0,75", ".5", "1.250 kg") as whole grams; null when the
 * text is no weight, or is more precise than a gram. Zero parses (the caller says why it is no good).
 */
export function parseKg(text: string): number | null {
  const match = /^\s*(\d*)(?:[.,](\d*))?\s*(?:kg)?\s*$/i.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '';
  // zeros after the grams change nothing ("0.7500"); any other digit there is finer than a scale weighs
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  // no digit at all ("", ".", "kg") is no weight
  if (whole === '' && !match[2]) return null;
  if (fraction.length > 3) return null;
  const grams = Number(whole || '0') * GRAMS_PER_KG + Number(fraction.padEnd(3, '0'));
  return Number.isSafeInteger(grams) ? grams : null;
}
