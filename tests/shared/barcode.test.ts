import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barcodeAliases, barcodeKind, checkBarcode, gs1CheckDigit, readScaleLabel, withCheckDigit } from '../../src/shared/barcode';

// real codes printed on real packages / the GS1 and Wikipedia examples
const REAL_CODES: [string, string][] = [
  ['4006381333931', 'EAN-13'], // Stabilo pen
  ['5901234123457', 'EAN-13'], // GS1 example
  ['9780306406157', 'EAN-13'], // ISBN-13 as EAN
  ['3017620422003', 'EAN-13'], // Nutella 400 g
  ['5449000000996', 'EAN-13'], // Coca-Cola 330 ml
  ['96385074', 'EAN-8'],
  ['73513537', 'EAN-8'],
  ['036000291452', 'UPC-A'],
  ['012345678905', 'UPC-A'],
  ['042100005264', 'UPC-A'],
];

describe('GS1 check digits', () => {
  it.each(REAL_CODES)('%s is a valid %s', (code, kind) => {
    expect(barcodeKind(code)).toBe(kind);
    expect(checkBarcode(code)).toEqual({ valid: true, kind });
    expect(gs1CheckDigit(code.slice(0, -1))).toBe(Number(code.at(-1)));
    expect(withCheckDigit(code.slice(0, -1))).toBe(code);
  });

  it.each(REAL_CODES)('%s with any other last digit is refused with the expected digit', (code, kind) => {
    const right = Number(code.at(-1));
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === right) continue;
      expect(checkBarcode(code.slice(0, -1) + digit)).toEqual({ valid: false, kind, expected: right });
    }
  });

  it('catches every single-digit misread (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(7, 11, 12),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (bodyLength, digits, at, shift) => {
          const code = withCheckDigit(digits.slice(0, bodyLength).join(''));
          expect(checkBarcode(code).valid).toBe(true);
          const i = at % code.length;
          const misread = code.slice(0, i) + String((Number(code[i]) + shift) % 10) + code.slice(i + 1);
          expect(checkBarcode(misread).valid).toBe(false);
        },
      ),
    );
  });

  it('accepts other codes as they are', () => {
    for (const code of ['ABC-123', '12345', '1234567890', 'PT-CASE-6', '12345678901234']) {
      expect(checkBarcode(code)).toEqual({ valid: true, kind: 'other' });
    }
  });

  it('knows a UPC-A and its EAN-13 spelling are the same article', () => {
    expect(barcodeAliases('036000291452')).toEqual(['036000291452', '0036000291452']);
    expect(barcodeAliases('0036000291452')).toEqual(['0036000291452', '036000291452']);
    expect(barcodeAliases('4006381333931')).toEqual(['4006381333931']);
    expect(barcodeAliases('96385074')).toEqual(['96385074']);
    // the leading-zero EAN-13 of a valid UPC-A is itself valid
    expect(checkBarcode('0036000291452').valid).toBe(true);
  });
});

describe('scale weight labels', () => {
  // 28 | 12345 (item) | 00750 (grams) | check
  const label = withCheckDigit('281234500750');

  it('reads the item’s base code and the grams from a label of a configured prefix', () => {
    expect(readScaleLabel(label, ['28'])).toEqual({ baseCode: withCheckDigit('281234500000'), grams: 750 });
    expect(readScaleLabel(withCheckDigit('281234512345'), ['21', '28'])).toEqual({
      baseCode: withCheckDigit('281234500000'),
      grams: 12345,
    });
  });

  it('is no label: another prefix, no prefixes set, a wrong check digit, not 13 digits, not a 2x code', () => {
    expect(readScaleLabel(label, ['29'])).toBeNull();
    expect(readScaleLabel(label, [])).toBeNull();
    expect(readScaleLabel(`${label.slice(0, 12)}${(Number(label.at(-1)) + 1) % 10}`, ['28'])).toBeNull();
    expect(readScaleLabel(label.slice(1), ['28'])).toBeNull();
    expect(readScaleLabel(withCheckDigit('401234500750'), ['40'])).toBeNull();
  });
});
