/** The search key of a text: accents removed, lower case, single spaces (used for names and queries). */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The words of a query as FTS5 can take them: letters and digits only, so no query syntax leaks in. */
export function searchTokens(text: string): string[] {
  return searchKey(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
    .slice(0, 8);
}

/** The smallest string greater than every string that starts with `prefix` (binary / code point order). */
export function prefixUpperBound(prefix: string): string {
  const codePoints = Array.from(prefix);
  const last = codePoints.pop();
  if (last === undefined) return '\u{10FFFF}';
  return codePoints.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}
