import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filesToKeep } from '../../electron/core/features/backup/retention';
import { lastDueSlot, scheduledBackupDue } from '../../electron/core/features/backup/schedule';

const DAY = 86_400_000;
const POLICY = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };
const iso = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Another way to the same answer: walk the periods back from today and take each one's newest. */
function expectedKeep(files: { name: string; createdAt: number }[], now: number): Set<string> {
  const newestWhere = (match: (at: number) => boolean) =>
    files.filter((f) => match(f.createdAt) && f.createdAt <= now).sort((a, b) => b.createdAt - a.createdAt)[0]?.name;
  const keep = new Set<string>();
  const today = new Date(now);
  for (let d = 0; d < 7; d++) {
    const day = iso(now - d * DAY);
    const name = newestWhere((at) => iso(at) === day);
    if (name) keep.add(name);
  }
  const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * DAY;
  for (let w = 0; w < 4; w++) {
    const start = monday - w * 7 * DAY;
    const name = newestWhere((at) => at >= start && at < start + 7 * DAY);
    if (name) keep.add(name);
  }
  for (let m = 0; m < 12; m++) {
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 1));
    const name = newestWhere(
      (at) => new Date(at).getUTCFullYear() === first.getUTCFullYear() && new Date(at).getUTCMonth() === first.getUTCMonth(),
    );
    if (name) keep.add(name);
  }
  const newest = newestWhere(() => true);
  if (newest) keep.add(newest);
  return keep;
}

describe('retention (7 daily, 4 weekly, 12 monthly)', () => {
  it('over a simulated year of daily backups, pruned every day, keeps exactly the right files', () => {
    const start = Date.UTC(2026, 0, 1, 2, 0, 0);
    let folder: { name: string; createdAt: number }[] = [];
    for (let day = 0; day < 400; day++) {
      const now = start + day * DAY;
      folder.push({ name: `backup-${iso(now)}.db`, createdAt: now });
      const keep = filesToKeep(folder, now, POLICY);
      expect([...keep].sort(), `day ${iso(now)}`).toEqual([...expectedKeep(folder, now)].sort());
      folder = folder.filter((f) => keep.has(f.name));
    }
    const now = start + 399 * DAY; // 2027-02-04, a Thursday
    expect(iso(now)).toBe('2027-02-04');
    const names = folder.map((f) => f.name.slice(7, 17)).sort();
    expect(names).toEqual(
      [
        // the last 7 days
        '2027-01-29',
        '2027-01-30',
        '2027-01-31',
        '2027-02-01',
        '2027-02-02',
        '2027-02-03',
        '2027-02-04',
        // the Sundays ending the 3 weeks before this one (this week's newest is today)
        '2027-01-17',
        '2027-01-24',
        // the last day of each of the 11 months before this one (2027-01-31 counted above)
        '2026-03-31',
        '2026-04-30',
        '2026-05-31',
        '2026-06-30',
        '2026-07-31',
        '2026-08-31',
        '2026-09-30',
        '2026-10-31',
        '2026-11-30',
        '2026-12-31',
      ].sort(),
    );
    // 2027-01-10 (a Sunday) is beyond the 4 weeks; 2026-02-28 beyond the 12 months
    expect(names).not.toContain('2026-02-28');
    expect(names.length).toBe(19);
  });

  it('keeps the newest file always, never more than 7 + 4 + 12, only files it was given (any dates)', () => {
    const now = Date.UTC(2027, 5, 15, 12);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -800, max: 2 }), { maxLength: 60 }), (offsets) => {
        const files = offsets.map((d, i) => ({ name: `f${i}`, createdAt: now + d * DAY + i * 1000 }));
        const keep = filesToKeep(files, now, POLICY);
        for (const name of keep) expect(files.some((f) => f.name === name)).toBe(true);
        const past = files.filter((f) => f.createdAt <= now).sort((a, b) => b.createdAt - a.createdAt);
        if (past[0]) expect(keep.has(past[0].name)).toBe(true);
        expect([...keep].filter((n) => files.find((f) => f.name === n && f.createdAt <= now)).length).toBeLessThanOrEqual(23);
        expect(keep).toEqual(new Set([...expectedKeep(files, now), ...files.filter((f) => f.createdAt > now).map((f) => f.name)]));
      }),
    );
  });
});

describe('schedule', () => {
  it('is due once a day after the hour, and at the next start after a missed run', () => {
    const now = new Date(2027, 2, 10, 9, 30).getTime(); // local time
    expect(new Date(lastDueSlot(now, 2)).getHours()).toBe(2);
    expect(lastDueSlot(now, 2)).toBe(new Date(2027, 2, 10, 2, 0).getTime());
    expect(lastDueSlot(now, 22)).toBe(new Date(2027, 2, 9, 22, 0).getTime());
    expect(scheduledBackupDue(null, now, 2)).toBe(true);
    const ranToday = { at: new Date(2027, 2, 10, 2, 0, 5).getTime(), ok: true, error: null, name: 'x' };
    expect(scheduledBackupDue(ranToday, now, 2)).toBe(false);
    // the machine was off at 02:00 on the 10th: yesterday's run is the last one
    const ranYesterday = { ...ranToday, at: new Date(2027, 2, 9, 2, 0, 5).getTime() };
    expect(scheduledBackupDue(ranYesterday, now, 2)).toBe(true);
    // a failed run is tried again an hour later
    const failed = { at: now - 30 * 60_000, ok: false, error: 'stick unplugged', name: null };
    expect(scheduledBackupDue(failed, now, 2)).toBe(false);
    expect(scheduledBackupDue(failed, now + 31 * 60_000, 2)).toBe(true);
  });
});
