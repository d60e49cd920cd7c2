import { formatMoney } from '../../../../src/shared/money';

// receipts use the same fixed locale as the rest of the core's messages, so a receipt prints the
// same whatever the machine's language is
const LOCALE = 'en';

/** Money for a receipt, e.g. 1234 EUR → "€12.34". */
export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency, LOCALE);
}

/** A tax rate in basis points as a percentage without trailing zeros: 2000 → "20%", 550 → "5.5%". */
export function formatRate(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(Math.abs(rateBp % 100))
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

/** Local date and time of the terminal, unambiguous in every country: "2025-03-07 14:05". */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * Text from the catalogue or the settings, safe for a printer: control characters (ESC, GS, …)
 * would be executed by an ESC/POS printer — a product named "\x1bp\x00…" would open the drawer —
 * so they become spaces. Newlines are handled by `textLines` before this.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** A multi-line setting (header, footer) as printable lines, blank lines at the ends dropped. */
export function textLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/).map((line) => printable(line).trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** How a payment method is named on paper. */
export function tenderName(method: string): string {
  if (method === 'cash') return 'Cash';
  if (method === 'card') return 'Card';
  if (method === 'points') return 'Points';
  return printable(method);
}
