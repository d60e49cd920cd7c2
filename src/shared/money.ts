/** Number of minor units per major unit for the currencies a store may pick. */
// building an Intl.NumberFormat costs tens of microseconds: the sale path asks these many times a sale
const exponents = new Map<string, number>();
const formatters = new Map<string, Intl.NumberFormat>();

export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      exponent = 2;
    }
    if (exponents.size < 64) exponents.set(currency, exponent);
  }
  return exponent;
}

function currencyFormatter(locale: string | undefined, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent });
    if (formatters.size < 64) formatters.set(key, formatter);
  }
  return formatter;
}

/** Format integer minor units as money, e.g. 1234 EUR → "€12.34". Never uses floats for sums. */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  // Intl formats a decimal string exactly (no binary float rounding of the amount)
  const formatter = currencyFormatter(locale, currency, exponent);
  return formatter.format(`${negative ? '-' : ''}${major}` as unknown as number);
}

/** Parse "12.34" (major units, as typed by a person) into minor units; null when it is not money. */
export function parseMoney(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const match = /^\s*(-?)(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(exponent, '0');
  if (fraction.length > exponent) return null;
  const minor = Number(match[2]) * 10 ** exponent + Number(fraction || '0');
  if (!Number.isSafeInteger(minor)) return null;
  // "-0" is zero, not negative zero
  return match[1] === '-' && minor !== 0 ? -minor : minor;
}
