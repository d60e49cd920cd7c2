import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, parseMoney } from '../../src/shared/money';

describe('currencyExponent', () => {
  it('knows the minor units of common currencies', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('not a currency')).toBe(2);
  });
});

describe('formatMoney', () => {
  it.each([
    [1234, 'EUR', 'en-US', '€12.34'],
    [5, 'EUR', 'en-US', '€0.05'],
    [0, 'EUR', 'en-US', '€0.00'],
    [-5, 'EUR', 'en-US', '-€0.05'],
    [123456789, 'USD', 'en-US', '$1,234,567.89'],
    [1234, 'JPY', 'en-US', '¥1,234'],
    [1234, 'KWD', 'en-US', 'KWD 1.234'],
    [Number.MAX_SAFE_INTEGER, 'EUR', 'en-US', '€90,071,992,547,409.91'],
  ])('%d %s (%s) → %s', (amount, currency, locale, text) => {
    expect(formatMoney(amount, currency, locale).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('formats exactly, without float rounding, in another locale', () => {
    expect(formatMoney(1999, 'EUR', 'de-DE').replace(/\u00a0/g, ' ')).toBe('19,99 €');
    expect(formatMoney(900719925474099, 'EUR', 'en-US')).toBe('€9,007,199,254,740.99');
  });
});

describe('parseMoney', () => {
  it.each([
    ['12.34', 'EUR', 1234],
    ['12,34', 'EUR', 1234],
    ['12.3', 'EUR', 1230],
    ['12.', 'EUR', 1200],
    ['12', 'EUR', 1200],
    [' 0.05 ', 'EUR', 5],
    ['-1.50', 'EUR', -150],
    ['1234', 'JPY', 1234],
    ['1.234', 'KWD', 1234],
    ['90071992547409.91', 'EUR', Number.MAX_SAFE_INTEGER],
  ])('%j %s → %d', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it.each([
    ['0.575', 'EUR'], // more decimals than the currency has
    ['1.5', 'JPY'],
    ['', 'EUR'],
    ['abc', 'EUR'],
    ['1e3', 'EUR'],
    ['1,234.56', 'EUR'],
    ['12.34.56', 'EUR'],
    ['--1', 'EUR'],
    ['+1', 'EUR'],
    ['Infinity', 'EUR'],
    ['90071992547409.92', 'EUR'], // beyond the safe integers
  ])('%j %s is not money', (text, currency) => {
    expect(parseMoney(text, currency)).toBeNull();
  });

  it('gives plain zero for "-0" (no negative zero in amounts)', () => {
    expect(Object.is(parseMoney('-0', 'EUR'), 0)).toBe(true);
    expect(Object.is(parseMoney('-0.00', 'EUR'), 0)).toBe(true);
  });

  it('round-trips every integer amount through the typed form (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, currency) => {
        const exponent = currencyExponent(currency);
        const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
        const typed = `${minor < 0 ? '-' : ''}${exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`}`;
        const parsed = parseMoney(typed, currency);
        expect(parsed).toBe(minor === 0 ? 0 : minor);
        expect(Number.isSafeInteger(parsed)).toBe(true);
        // and what formatMoney prints parses back (grouping and symbol removed)
        const printed = formatMoney(minor, currency, 'en-US').replace(/[^\d.-]/g, '');
        expect(parseMoney(printed, currency)).toBe(minor === 0 ? 0 : minor);
      }),
      { numRuns: 300 },
    );
  });
});
