/** How many of the newest days, ISO weeks and months keep a backup each. */
export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
}

const DAY_MS = 86_400_000;

function dayIndex(at: number): number {
  return Math.floor(at / DAY_MS);
}

/** ISO week index (weeks start on Monday, UTC): 1970-01-01 was a Thursday. */
function weekIndex(at: number): number {
  return Math.floor((dayIndex(at) + 3) / 7);
}

function monthIndex(at: number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Grandfather-father-son retention over UTC calendar periods: keep the newest backup of each of
 * the last `keepDaily` days (today included), of each of the last `keepWeekly` ISO weeks (this
 * week included) and of each of the last `keepMonthly` months (this month included). A backup may
 * count for several (today's is also this week's and this month's). Periods without a backup are
 * not made up by older ones. The newest backup is always kept (a terminal whose backups stopped
 * a year ago does not lose its last one), and so are files dated in the future. Pure: returns the names to keep.
 */
export function filesToKeep(files: readonly { name: string; createdAt: number }[], now: number, policy: RetentionPolicy): Set<string> {
  const keep = new Set<string>();
  const newestBy = (index: (at: number) => number, count: number) => {
    const current = index(now);
    const newest = new Map<number, { name: string; createdAt: number }>();
    for (const file of files) {
      const period = index(file.createdAt);
      if (period > current || period <= current - count) continue;
      const known = newest.get(period);
      if (!known || file.createdAt > known.createdAt || (file.createdAt === known.createdAt && file.name > known.name))
        newest.set(period, file);
    }
    for (const file of newest.values()) keep.add(file.name);
  };
  newestBy(dayIndex, policy.keepDaily);
  newestBy(weekIndex, policy.keepWeekly);
  newestBy(monthIndex, policy.keepMonthly);
  let newest: { name: string; createdAt: number } | null = null;
  for (const file of files) {
    if (file.createdAt > now) keep.add(file.name);
    else if (!newest || file.createdAt > newest.createdAt) newest = file;
  }
  if (newest) keep.add(newest.name);
  return keep;
}
