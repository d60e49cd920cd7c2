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

// control characters (Cc) and invisible format characters (Cf: bidi controls such as U+202E,
// zero-width space, BOM, word joiner, tags…) can make a text read as another; the zero-width
// (non-)joiners U+200C/U+200D are kept, since scripts and emoji need them
const FORBIDDEN_CHARACTER = /(?![\u200C\u200D])[\p{Cc}\p{Cf}]/u;
// a line or paragraph separator is a line break too
const LINE_BREAK = /[\n\u2028\u2029]/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Why a text of the contract is refused, or null when it is fine: no control characters and no
 * bidi controls, and line breaks only where `multiline` allows them (receipt header and footer).
 */
export function textProblem(text: string, multiline = false): string | null {
  // most of what is typed or scanned is printable ASCII: nothing to look for (every call checks its texts)
  if (PRINTABLE_ASCII.test(text)) return null;
  const bad = FORBIDDEN_CHARACTER.exec(text.replaceAll('\n', ' '));
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `contains an invisible control character (U+${code}): type it again without it.`;
  }
  if (multiline ? /[\u2028\u2029]/u.test(text) : LINE_BREAK.test(text)) return 'must be on one line.';
  return null;
}
