// Calendar days and hours in the store's time zone, with Intl only (no library): a day is
// [its local 00:00, the next day's local 00:00) as epoch milliseconds, so a DST day has 23 or 25 hours.

/** A calendar date as YYYY-MM-DD. */
export const LOCAL_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is a time zone this runtime knows (an IANA name such as Europe/Berlin, or UTC). */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone this machine is set to, or UTC when the runtime cannot say. */
export function machineTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone. */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in parts) parts[part.type as keyof LocalParts] = Number(part.value);
  }
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** How far the zone's clock is ahead of UTC at an instant, in ms (Berlin in summer: 7,200,000). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

function parseDate(date: string): { year: number; month: number; day: number } {
  if (!LOCAL_DATE_PATTERN.test(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(year, month - 1, day));
  if (back.getUTCMonth() !== month - 1) throw new RangeError(`No such day: ${date}`);
  return { year, month, day };
}

/** Whether `date` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isLocalDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** The date `days` after (or before, negative) `date`, on the calendar alone. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * The first instant of a local day: its 00:00, or — where the clocks jump over midnight — the
 * moment the day begins. Two guesses from the offsets either side, the earliest that falls on the day.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const { year, month, day } = parseDate(date);
  const wallMidnight = Date.UTC(year, month - 1, day);
  const first = wallMidnight - offsetAt(wallMidnight, timeZone);
  const second = wallMidnight - offsetAt(first, timeZone);
  const candidates = [first, second].filter((t) => localDate(t, timeZone) === date).sort((a, b) => a - b);
  // a day the zone skipped entirely (Samoa, 2011-12-30) begins where the next one does
  return candidates[0] ?? Math.max(first, second);
}

export interface LocalDayRange {
  from: string;
  to: string;
  timeZone: string;
  /** epoch ms of `from` 00:00 local, inclusive */
  fromMs: number;
  /** epoch ms of the day after `to`, 00:00 local: exclusive */
  untilMs: number;
  /** every day of the range with its bounds [startMs, endMs) */
  days: { date: string; startMs: number; endMs: number }[];
}

/** The local days from `from` to `to` (both included) as epoch-ms bounds in `timeZone`. */
export function localDayRange(from: string, to: string, timeZone: string): LocalDayRange {
  const count = daysBetween(from, to) + 1;
  if (count < 1) throw new RangeError(`The range ends (${to}) before it starts (${from})`);
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(startOfLocalDay(addDays(from, i), timeZone));
  const days = Array.from({ length: count }, (_, i) => ({
    date: addDays(from, i),
    startMs: starts[i] as number,
    endMs: starts[i + 1] as number,
  }));
  return { from, to, timeZone, fromMs: starts[0] as number, untilMs: starts[count] as number, days };
}

/**
 * Buckets of 15 minutes (epoch ms / 900,000): every zone in use is offset from UTC by a whole number
 * of quarter hours and changes offset on a quarter hour, so each bucket lies in one local hour of
 * one local day. The database groups by bucket; `bucketLocal` names its day and hour.
 */
export const QUARTER_HOUR_MS = 900_000;

/** The local date and hour (0–23) of a quarter-hour bucket (see QUARTER_HOUR_MS). */
export function bucketLocal(bucket: number, timeZone: string): { date: string; hour: number } {
  const p = localParts(bucket * QUARTER_HOUR_MS, timeZone);
  return { date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, hour: p.hour };
}

/**
 * A fast namer of local day and hour for instants inside `range` (null outside it): on a day whose
 * offset is the same at both ends, plain arithmetic on the offset; on a day the clocks change, Intl.
 * A year's report names ~35,000 quarter hours: ~0.1 µs each instead of a formatToParts call.
 */
export function localDayHourIn(range: LocalDayRange): (epochMs: number) => { date: string; hour: number } | null {
  const days = range.days.map((d) => {
    const offset = offsetAt(d.startMs, range.timeZone);
    return { ...d, offset: offsetAt(d.endMs - 1, range.timeZone) === offset ? offset : null };
  });
  return (epochMs) => {
    let lo = 0;
    let hi = days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const day = days[mid] as (typeof days)[number];
      if (epochMs < day.startMs) hi = mid - 1;
      else if (epochMs >= day.endMs) lo = mid + 1;
      else {
        if (day.offset === null) return { date: day.date, hour: localParts(epochMs, range.timeZone).hour };
        const wall = epochMs + day.offset;
        return { date: day.date, hour: Math.floor((((wall % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000) };
      }
    }
    return null;
  };
}
