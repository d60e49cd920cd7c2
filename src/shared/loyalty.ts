import { gs1CheckDigit } from './barcode';

/**
 * The loyalty programme's rules on text, shared by the core (which decides) and the till (which
 * says at once what the core will say): a member's email, phone and card number, normalised.
 */

export type Normalised = { ok: true; value: string } | { ok: false; message: string };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** An email as stored: trimmed, lower-case; refused when it is not one. */
export function normaliseEmail(text: string): Normalised {
  const value = text.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value))
    return {
      ok: false,
      message: `“${text.trim()}” is not a complete email address: it needs a name, @ and a domain, such as ana@example.com.`,
    };
  return { ok: true, value };
}

/**
 * A phone number as stored: digits only, with a leading + when it has a country code ("00" is
 * read as "+"). Spaces, dots, dashes and brackets are dropped; 6 to 15 digits.
 */
export function normalisePhone(text: string): Normalised {
  const trimmed = text.trim();
  const compact = trimmed.replace(/[\s.\-()/]/g, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.replace(/^\+|^00/, '');
  if (!/^\d{6,15}$/.test(digits))
    return { ok: false, message: `“${trimmed}” is not a phone number: type 6 to 15 digits, such as +44 20 7946 0958 or 020 7946 0958.` };
  return { ok: true, value: international ? `+${digits}` : digits };
}

/** Whether a scanned or typed code is a member card of this store: 13 digits in its range, any check digit. */
export function looksLikeMemberCard(code: string, prefix: string): boolean {
  return /^\d{13}$/.test(code) && code.startsWith(prefix);
}

/** A member card number checked: 13 digits, the store's prefix, a right check digit. */
export function checkMemberCard(text: string, prefix: string): Normalised {
  const code = text.replace(/\s/g, '');
  if (!/^\d{13}$/.test(code)) return { ok: false, message: `A member card number is 13 digits; “${text.trim()}” is not one.` };
  if (!code.startsWith(prefix))
    return { ok: false, message: `${code} is not a member card of this store: its cards start with ${prefix}.` };
  const expected = gs1CheckDigit(code.slice(0, 12));
  if (Number(code[12]) !== expected)
    return {
      ok: false,
      message: `The card number ${code} was misread or mistyped: its last digit should be ${expected}. Scan or type it again.`,
    };
  return { ok: true, value: code };
}

/** The card number of the n-th card of a terminal's block: prefix (2) + block (3) + n (7) + check digit. */
export function memberCardNumber(prefix: string, block: number, n: number): string {
  const body = `${prefix}${String(block).padStart(3, '0')}${String(n).padStart(7, '0')}`;
  return body + String(gs1CheckDigit(body));
}

/** The most cards one terminal's block holds. */
export const CARDS_PER_BLOCK = 10_000_000;
