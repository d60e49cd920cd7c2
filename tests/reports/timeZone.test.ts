import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  bucketLocal,
  isLocalDate,
  isValidTimeZone,
  localDate,
  localDayHourIn,
  localDayRange,
  localParts,
  QUARTER_HOUR_MS,
  startOfLocalDay,
} from '../../src/shared/timeZone';

describe('local days in a time zone', () => {
  it('gives the DST days of Europe/Berlin 23 and 25 hours', () => {
    const spring = localDayRange('2026-03-28', '2026-03-30', 'Europe/Berlin');
    expect(spring.days.map((d) => (d.endMs - d.startMs) / 3_600_000)).toEqual([24, 23, 24]);
    expect(new Date(spring.fromMs).toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(new Date(spring.untilMs).toISOString()).toBe('2026-03-30T22:00:00.000Z');
    const autumn = localDayRange('2026-10-25', '2026-10-25', 'Europe/Berlin');
    expect((autumn.untilMs - autumn.fromMs) / 3_600_000).toBe(25);
  });

  it('buckets the hours of the DST day: 02:00 never happens, 03:00 follows 01:00', () => {
    const day = localDayRange('2026-03-29', '2026-03-29', 'Europe/Berlin');
    const hours = new Set<number>();
    for (let q = day.fromMs / QUARTER_HOUR_MS; q < day.untilMs / QUARTER_HOUR_MS; q++) {
      const local = bucketLocal(q, 'Europe/Berlin');
      expect(local.date).toBe('2026-03-29');
      hours.add(local.hour);
    }
    const fast = localDayHourIn(day);
    for (let ms = day.fromMs; ms < day.untilMs; ms += QUARTER_HOUR_MS)
      expect(fast(ms)).toEqual(bucketLocal(ms / QUARTER_HOUR_MS, 'Europe/Berlin'));
    expect([...hours].sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });

  it('starts a day whose midnight is skipped when it begins (Santiago), and a zone a quarter hour off (Kathmandu)', () => {
    // Chile moves from 00:00 to 01:00 on 6 September 2026: the day starts at 01:00 local
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localParts(start, 'America/Santiago')).toMatchObject({ day: 6, hour: 1, minute: 0 });
    expect(localDate(start - 1, 'America/Santiago')).toBe('2026-09-05');
    const kathmandu = startOfLocalDay('2026-06-01', 'Asia/Kathmandu');
    expect(new Date(kathmandu).toISOString()).toBe('2026-05-31T18:15:00.000Z');
    expect(bucketLocal(kathmandu / QUARTER_HOUR_MS, 'Asia/Kathmandu')).toEqual({ date: '2026-06-01', hour: 0 });
  });

  it('every instant falls in the day whose bounds hold it, in any zone (property)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (zone, ms) => {
        const date = localDate(ms, zone);
        const { fromMs, untilMs } = localDayRange(date, date, zone);
        expect(ms).toBeGreaterThanOrEqual(fromMs);
        expect(ms).toBeLessThan(untilMs);
        expect(bucketLocal(Math.floor(ms / QUARTER_HOUR_MS), zone)).toEqual({ date, hour: localParts(ms, zone).hour });
        // the fast namer agrees with Intl, inside a range around the instant (DST days included)
        const around = localDayRange(addDays(date, -2), addDays(date, 2), zone);
        expect(localDayHourIn(around)(ms)).toEqual({ date, hour: localParts(ms, zone).hour });
        expect(localDayHourIn(around)(around.untilMs)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('knows real days and real zones', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('26-01-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => localDayRange('2026-03-02', '2026-03-01', 'UTC')).toThrow(RangeError);
  });
});
