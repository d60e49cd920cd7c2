/** The largest count a cashier keys before a scan (`9999*`); the core takes up to 1,000,000 on a line. */
export const MAX_MULTIPLIER = 9999;

/**
 * The count keyed into the search box before a scan or a pick: `3*` or `3×` (the numeric keypad's
 * `*` or the multiplication sign) — the whole box, nothing else. Not `3x`: product names hold
 * "6x330 ml" and "2x AA", and typing them must keep searching. Null when the text is no multiplier.
 */
export function parseMultiplier(text: string): number | null {
  const match = /^\s*(\d{1,4})\s*[*×]$/.exec(text);
  if (!match?.[1]) return null;
  const count = Number(match[1]);
  return count >= 1 && count <= MAX_MULTIPLIER ? count : null;
}
