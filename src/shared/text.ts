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

// C0 and C1 controls, DEL, and the bidi controls that can make a text read as another
// (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069); a line feed is told apart below
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const FORBIDDEN_CHARACTER = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Why a text of the contract is refused, or null when it is fine: no control characters and no
 * bidi controls, and line breaks only where `multiline` allows them (receipt header and footer).
 */
export function textProblem(text: string, multiline = false): string | null {
  const bad = FORBIDDEN_CHARACTER.exec(text);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `contains an invisible control character (U+${code}): type it again without it.`;
  }
  if (!multiline && text.includes('\n')) return 'must be on one line.';
  return null;
}
