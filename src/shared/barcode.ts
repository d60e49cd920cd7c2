/** GS1 check digit (EAN-8, UPC-A, EAN-13, GTIN-14) of the digits before the check digit. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  // weights alternate 3,1,3,… starting from the rightmost digit of the body
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type BarcodeKind = 'EAN-8' | 'UPC-A' | 'EAN-13' | 'other';

/** Which symbology a scanned code looks like, from its length (digits only). */
export function barcodeKind(code: string): BarcodeKind {
  if (!/^\d+$/.test(code)) return 'other';
  if (code.length === 8) return 'EAN-8';
  if (code.length === 12) return 'UPC-A';
  if (code.length === 13) return 'EAN-13';
  return 'other';
}

export type BarcodeCheck = { valid: true; kind: BarcodeKind } | { valid: false; kind: BarcodeKind; expected: number };

/** Validate the check digit of EAN-8 / UPC-A / EAN-13 codes; other codes are accepted as they are. */
export function checkBarcode(code: string): BarcodeCheck {
  const kind = barcodeKind(code);
  if (kind === 'other') return { valid: true, kind };
  const expected = gs1CheckDigit(code.slice(0, -1));
  return code.charCodeAt(code.length - 1) - 48 === expected ? { valid: true, kind } : { valid: false, kind, expected };
}

/** Append the right check digit to a 7, 11 or 12 digit body. */
export function withCheckDigit(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/**
 * The spellings under which one scanned code may be stored: a UPC-A is the same article as the
 * EAN-13 with a leading zero, and scanners report either form.
 */
export function barcodeAliases(code: string): string[] {
  const kind = barcodeKind(code);
  if (kind === 'UPC-A') return [code, `0${code}`];
  if (kind === 'EAN-13' && code.startsWith('0')) return [code, code.slice(1)];
  return [code];
}

/** A weight label printed by a shop scale: the base code of the item, and the weight it carries. */
export interface ScaleLabel {
  /** the label with its weight digits zeroed and the check digit redone: the code the item is registered under */
  baseCode: string;
  grams: number;
}

/**
 * Read an EAN-13 weight label (restricted-circulation prefix 20–29) laid out as the common scale
 * format: 2 prefix digits, 5 item digits, 5 digits of weight in grams, check digit — for the
 * prefixes this store's scales print. Null when the code is no such label.
 */
export function readScaleLabel(code: string, prefixes: readonly string[]): ScaleLabel | null {
  if (!/^2\d{12}$/.test(code) || !prefixes.includes(code.slice(0, 2)) || !checkBarcode(code).valid) return null;
  return { baseCode: withCheckDigit(`${code.slice(0, 7)}00000`), grams: Number(code.slice(7, 12)) };
}
