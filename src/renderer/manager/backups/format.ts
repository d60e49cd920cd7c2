/** A file size as people read it: "812 B", "4.2 KB", "1.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** How long ago `at` was, in words: "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
export function formatAge(at: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'just now';
  const steps: [number, string][] = [
    [60, 'minute'],
    [60 * 60, 'hour'],
    [24 * 60 * 60, 'day'],
    [30 * 24 * 60 * 60, 'month'],
    [365 * 24 * 60 * 60, 'year'],
  ];
  let chosen: [number, string] = steps[0] as [number, string];
  for (const step of steps) if (seconds >= step[0]) chosen = step;
  const count = Math.floor(seconds / chosen[0]);
  return `${count} ${chosen[1]}${count === 1 ? '' : 's'} ago`;
}

/** A moment as a date and time in the store's time zone ("1 Dec 2026, 17:50"). */
export function formatMoment(at: number, timeZone: string | undefined): string {
  try {
    return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  } catch {
    return new Date(at).toLocaleString();
  }
}

/** "12 sales, 340 products and 5 members" */
export function countsText(counts: { sales: number; products: number; members: number }): string {
  const n = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;
  return `${n(counts.sales, 'sale', 'sales')}, ${n(counts.products, 'product', 'products')} and ${n(counts.members, 'member', 'members')}`;
}
