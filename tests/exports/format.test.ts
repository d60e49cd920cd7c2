import { describe, expect, it } from 'vitest';
import { decimalOf, guardText, zonedIsoFormatter } from '../../electron/core/features/exports/format';

// The cell formatters run once per exported row: their fast paths must say exactly what the plain
// string arithmetic they replaced said.
function plainDecimalOf(amountMinor: number, exponent: number): string {
  if (exponent === 0) return String(amountMinor);
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  return `${amountMinor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

describe('export cell formats', () => {
  it('writes minor units as an exact decimal at every exponent', () => {
    expect(decimalOf(-1234, 2)).toBe('-12.34');
    expect(decimalOf(-5, 2)).toBe('-0.05');
    expect(decimalOf(0, 2)).toBe('0.00');
    expect(decimalOf(1000, 3)).toBe('1.000');
    expect(decimalOf(7, 0)).toBe('7');
    expect(decimalOf(null, 2)).toBe('');
    const amounts = [0, 1, 9, 10, 99, 100, 101, 12_345, -1, -100, -99_999, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (const exponent of [0, 1, 2, 3, 4, 8, 10]) {
      for (const amount of amounts) expect(decimalOf(amount, exponent), `${amount} at ${exponent}`).toBe(plainDecimalOf(amount, exponent));
    }
  });

  it('guards text that starts like a formula, and nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) {
      expect(guardText(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    }
    for (const text of ['Whole Milk', ' =not at the start', "'already", '1+1', 'a=b', '']) expect(guardText(text)).toBe(text);
    expect(guardText(null)).toBe('');
  });

  it('formats the same instant twice in a row the same (the last one is kept)', () => {
    const iso = zonedIsoFormatter('Europe/Berlin');
    const winter = Date.UTC(2026, 0, 15, 12, 0, 0, 5);
    const summer = Date.UTC(2026, 6, 15, 12, 0, 0);
    expect([iso(winter), iso(winter), iso(summer), iso(summer), iso(winter)]).toEqual([
      '2026-01-15T13:00:00.005+01:00',
      '2026-01-15T13:00:00.005+01:00',
      '2026-07-15T14:00:00.000+02:00',
      '2026-07-15T14:00:00.000+02:00',
      '2026-01-15T13:00:00.005+01:00',
    ]);
  });
});
