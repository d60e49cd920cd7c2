import { formatQuantity, MAX_WEIGHT_GRAMS, parseKg } from '../../shared/quantity';

export type WeightReading = { ok: true; grams: number } | { ok: false; message: string };

/**
 * A weight typed in kg, checked for a sale line: grams when it is one, otherwise the sentence that
 * says what to type. `onLineGrams` is what the line already holds when the weight is added to it.
 */
export function readWeight(text: string, onLineGrams = 0): WeightReading {
  if (text.trim() === '') return { ok: false, message: 'Enter the weight in kg, such as 0.750.' };
  const grams = parseKg(text);
  if (grams === null) {
    return /[.,]\d{4,}/.test(text)
      ? { ok: false, message: 'A weight has at most 3 decimals (whole grams), such as 0.755.' }
      : { ok: false, message: 'That is not a weight. Enter it in kg with digits, such as 0.750.' };
  }
  if (grams === 0) return { ok: false, message: 'The weight is zero. Enter what the scale shows, such as 0.750.' };
  if (grams > MAX_WEIGHT_GRAMS) return { ok: false, message: 'A weight is at most 1000 kg.' };
  if (onLineGrams + grams > MAX_WEIGHT_GRAMS) {
    return {
      ok: false,
      message: `With the ${formatQuantity(onLineGrams, true)} already on the sale that makes ${formatQuantity(onLineGrams + grams, true)}, and one line holds at most 1000 kg.`,
    };
  }
  return { ok: true, grams };
}
