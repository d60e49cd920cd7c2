import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatKg, formatQuantity, MAX_WEIGHT_GRAMS, parseKg } from '../../src/shared/quantity';

describe('formatQuantity', () => {
  it.each([
    [3, false, '3'],
    [750, true, '0.750 kg'],
    [1, true, '0.001 kg'],
    [1250, true, '1.250 kg'],
    [MAX_WEIGHT_GRAMS, true, '1000.000 kg'],
    [0, true, '0.000 kg'],
    [-750, true, '-0.750 kg'],
  ])('%d (weighed: %s) → %s', (quantity, weighed, text) => {
    expect(formatQuantity(quantity, weighed)).toBe(text);
  });
});

describe('parseKg', () => {
  it.each([
    ['0.75', 750],
    ['0,75', 750],
    ['.5', 500],
    ['1', 1000],
    ['1.', 1000],
    [' 1.250 kg ', 1250],
    ['2KG', 2000],
    ['0.7500', 750],
    ['0', 0],
    ['1000', 1_000_000],
  ])('%j → %d g', (text, grams) => {
    expect(parseKg(text)).toBe(grams);
  });

  it.each(['', ' ', '.', 'kg', 'abc', '0.7505', '-1', '1.2.3', '1 000', '1e3', '0x10'])('%j is no weight', (text) => {
    expect(parseKg(text)).toBeNull();
  });

  it('reads back every weight it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_WEIGHT_GRAMS }), (grams) => {
        expect(parseKg(formatKg(grams))).toBe(grams);
        expect(parseKg(formatQuantity(grams, true))).toBe(grams);
      }),
    );
  });
});
