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
  // nothing sorts after U+10FFFF, so a trailing one bounds like the shorter prefix (and cannot be bumped)
  while (codePoints.at(-1) === '\u{10FFFF}') codePoints.pop();
  const last = codePoints.pop();
  if (last === undefined) return '\u{10FFFF}';
  const next = (last.codePointAt(0) ?? 0) + 1;
  // skip the surrogate range: a lone surrogate is no character (it reaches SQLite as U+FFFD)
  return codePoints.join('') + String.fromCodePoint(next === 0xd800 ? 0xe000 : next);
}
