/** round(a × b ÷ c), halves away from zero, exact for any safe integers (BigInt inside). */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError('division by zero');
  const numerator = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  const negative = numerator < 0n !== divisor < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = divisor < 0n ? -divisor : divisor;
  const quotient = (n * 2n + d) / (2n * d);
  return Number(negative ? -quotient : quotient);
}

/** Round an amount to the nearest multiple of `step` (halves up), e.g. cash rounding to 5 cents. */
export function roundToStep(amountMinor: number, step: number): number {
  if (step <= 1) return amountMinor;
  return mulDivRound(amountMinor, 1, step) * step;
}

/**
 * Split `totalMinor` over `weights` in proportion, in integers that add up exactly
 * (largest remainder; ties go to the earlier weight). Weights are non-negative.
 */
export function allocate(totalMinor: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? totalMinor : 0));
  const total = BigInt(totalMinor);
  const big = BigInt(sum);
  const shares = weights.map((w) => (total * BigInt(w)) / big);
  const remainders = weights.map((w, i) => ({ i, r: total * BigInt(w) - (shares[i] ?? 0n) * big }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + (left > 0n ? 1n : -1n);
    left += left > 0n ? -1n : 1n;
  }
  return shares.map(Number);
}
