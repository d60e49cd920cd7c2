import { offsetAt, QUARTER_HOUR_MS } from '../../../../src/shared/timeZone';

// Cell formatting of the CSV export: instants as ISO-8601 with the store zone's offset, money as a
// plain decimal beside its minor units, free text guarded against spreadsheet formulas.

/**
 * A formatter of epoch ms as local ISO-8601 with offset ("2026-12-01T14:03:05.123+01:00") in `timeZone`.
 * Intl is slow (~µs per call): the offset is looked up once per quarter hour (every zone changes
 * offset on a quarter hour, see QUARTER_HOUR_MS) and the rest is Date arithmetic.
 */
export function zonedIsoFormatter(timeZone: string): (epochMs: number | null) => string {
  const offsets = new Map<number, { ms: number; text: string }>();
  const offsetOf = (epochMs: number) => {
    const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
    let offset = offsets.get(bucket);
    if (!offset) {
      const ms = offsetAt(epochMs, timeZone);
      const minutes = Math.round(Math.abs(ms) / 60_000);
      const text = `${ms < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      offset = { ms, text };
      // a long export crosses few quarter hours of distinct offsets; keep the map small anyway
      if (offsets.size > 50_000) offsets.clear();
      offsets.set(bucket, offset);
    }
    return offset;
  };
  // the lines (and payments) of one document share its instant: the last one is kept
  let lastMs = Number.NaN;
  let lastText = '';
  return (epochMs) => {
    if (epochMs === null) return '';
    if (epochMs === lastMs) return lastText;
    const offset = offsetOf(epochMs);
    lastMs = epochMs;
    lastText = `${new Date(epochMs + offset.ms).toISOString().slice(0, 23)}${offset.text}`;
    return lastText;
  };
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/** Minor units as a plain decimal of major units ("-12.34" for -1234 at exponent 2), exact (no float). */
export function decimalOf(amountMinor: number | null, exponent: number): string {
  if (amountMinor === null) return '';
  if (exponent === 0) return String(amountMinor);
  const unit = POWERS_OF_TEN[exponent];
  if (unit === undefined) return slowDecimalOf(amountMinor, exponent);
  // integer arithmetic only (once per exported row: no padStart/slice strings); the division is exact
  const abs = Math.abs(amountMinor);
  const fraction = abs % unit;
  const digits = String(fraction);
  return `${amountMinor < 0 ? '-' : ''}${(abs - fraction) / unit}.${digits.length < exponent ? '0'.repeat(exponent - digits.length) : ''}${digits}`;
}

function slowDecimalOf(amountMinor: number, exponent: number): string {
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  return `${amountMinor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Free text typed by people (names, reasons, emails) that starts like a formula gets a leading
 * apostrophe, so a spreadsheet shows it instead of running it (OWASP "CSV injection": = + - @ tab CR
 * and their full-width forms). Numbers and ids are never touched. A first-character switch: it runs
 * on every text cell of a million-row export.
 */
export function guardText(text: string | null): string {
  if (!text) return '';
  switch (text.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0xff1d:
    case 0xff0b:
    case 0xff0d:
    case 0xff20:
      return `'${text}`;
    default:
      return text;
  }
}

export function yesNo(value: boolean | null): string {
  return value === null ? '' : value ? 'true' : 'false';
}
