import { addDays, localDate } from '../../../shared/timeZone';

/** The ranges a manager picks with one touch; custom shows the two dates. */
export type RangePreset = 'today' | 'yesterday' | 'thisWeek' | 'thisMonth' | 'lastMonth' | 'custom';

export const RANGE_PRESETS: readonly (readonly [RangePreset, string])[] = [
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
  ['thisWeek', 'This week'],
  ['thisMonth', 'This month'],
  ['lastMonth', 'Last month'],
  ['custom', 'Custom'],
];

export interface DayRange {
  from: string;
  to: string;
}

/** The local days of a preset, counted from `today` (a YYYY-MM-DD in the store's zone); weeks start on Monday. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DayRange {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'thisWeek': {
      const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
      return { from: addDays(today, -((weekday + 6) % 7)), to: today };
    }
    case 'thisMonth':
      return { from: firstOfMonth, to: today };
    case 'lastMonth': {
      const last = addDays(firstOfMonth, -1);
      const previousMonth = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
      return { from: previousMonth, to: last };
    }
  }
}

/** Today in the store's time zone. */
export function storeToday(timeZone: string | undefined, now = Date.now()): string {
  return localDate(now, timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** "Mon 3 Nov" for a local day (read as a calendar day, whatever the machine's zone). */
export function dayLabel(date: string, withWeekday = true): string {
  return new Intl.DateTimeFormat(undefined, {
    ...(withWeekday ? { weekday: 'short' } : {}),
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** A range as words: "3 Nov 2026" or "1 Nov – 30 Nov 2026". */
export function rangeLabel(range: DayRange): string {
  const format = (date: string) =>
    new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    );
  return range.from === range.to ? format(range.from) : `${format(range.from)} – ${format(range.to)}`;
}

/** An instant as the store's local date and time ("3 Nov 2026, 14:05"). */
export function dateTime(epochMs: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(epochMs));
}
