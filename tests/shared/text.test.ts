import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixUpperBound, searchKey, searchTokens, textProblem } from '../../src/shared/text';

// SQLite compares TEXT as UTF-8 bytes, which is code point order
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('searchKey', () => {
  it.each([
    ['Crème Brûlée', 'creme brulee'],
    ['  Café   au\tlait \n', 'cafe au lait'],
    ['ÉMMENTAL RÂPÉ', 'emmental rape'],
    ['Cre\u0301me', 'creme'], // decomposed accent
    ['Ｆｕｌｌ', 'full'], // full width folds to ASCII
    ['Comté', 'comte'],
    ['', ''],
  ])('%j → %j', (text, key) => {
    expect(searchKey(text)).toBe(key);
  });

  it('is idempotent, trimmed and single-spaced (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const key = searchKey(text);
        expect(searchKey(key)).toBe(key);
        expect(key).toBe(key.trim());
        expect(key).not.toMatch(/\s\s/);
      }),
    );
  });

  it('is blind to case and accents of Latin letters (property)', () => {
    const accented: Record<string, string> = { a: 'àáâäã', e: 'èéêë', i: 'ìíîï', o: 'òóôöõ', u: 'ùúûü', c: 'ç', n: 'ñ', y: 'ýÿ' };
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '.split(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(letter, fc.nat(), fc.boolean()), { maxLength: 20 }), (letters) => {
        const plain = letters.map(([l]) => l).join('');
        const dressed = letters
          .map(([l, pick, upper]) => {
            const variants = accented[l] ?? l;
            const shown = variants[pick % variants.length] ?? l;
            return upper ? shown.toUpperCase() : shown;
          })
          .join('');
        expect(searchKey(dressed)).toBe(searchKey(plain));
      }),
    );
  });

  it('splits a query into at most 8 FTS-safe words', () => {
    expect(searchTokens('Dark "choc"* OR milk')).toEqual(['dark', 'choc', 'or', 'milk']);
    expect(searchTokens('crème-fraîche 20cl')).toEqual(['creme', 'fraiche', '20cl']);
    expect(searchTokens('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTokens(' -- ')).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        for (const token of searchTokens(text)) expect(token).toMatch(/^[\p{L}\p{N}]+$/u);
      }),
    );
  });
});

describe('prefixUpperBound', () => {
  it('bumps the last code point', () => {
    expect(prefixUpperBound('ab')).toBe('ac');
    expect(prefixUpperBound('choc')).toBe('chod');
    expect(prefixUpperBound('é')).toBe('ê');
    expect(prefixUpperBound('a😀')).toBe('a😁');
    expect(prefixUpperBound('')).toBe('\u{10FFFF}');
  });

  it('does not throw on the last code point (U+10FFFF) and stays a correct bound', () => {
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('a\u{10FFFF}\u{10FFFF}')).toBe('b');
    expect(() => prefixUpperBound('\u{10FFFF}')).not.toThrow();
  });

  it('never lands on a lone surrogate', () => {
    expect(prefixUpperBound('\uD7FF')).toBe('\uE000');
  });

  it('every string with the prefix sorts in [prefix, bound); every string in that range has the prefix (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(
      fc.property(text, text, text, (prefix, rest, other) => {
        fc.pre(prefix.length > 0 && !/^\u{10FFFF}+$/u.test(prefix));
        const bound = prefixUpperBound(prefix);
        const withPrefix = prefix + rest;
        expect(utf8Compare(prefix, withPrefix)).toBeLessThanOrEqual(0);
        expect(utf8Compare(withPrefix, bound)).toBeLessThan(0);
        if (utf8Compare(prefix, other) <= 0 && utf8Compare(other, bound) < 0) expect(other.startsWith(prefix)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('textProblem', () => {
  it('refuses control and bidi-control characters, and line breaks outside multi-line fields', () => {
    expect(textProblem('Crème fraîche 20cl')).toBeNull();
    expect(textProblem('日本茶 · العربية · Ελληνικά')).toBeNull();
    for (const bad of [
      '\u0000',
      '\u0007',
      '\t',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
    ]) {
      expect(textProblem(`a${bad}b`), JSON.stringify(bad)).toMatch(/control character/);
      expect(textProblem(`a${bad}b`, true), JSON.stringify(bad)).toMatch(/control character/);
    }
    expect(textProblem('two\nlines')).toBe('must be on one line.');
    expect(textProblem('two\nlines', true)).toBeNull();
    // the zero-width joiner of emoji and scripts is no control
    expect(textProblem('👩‍🍳 Chef')).toBeNull();
  });
});

describe('textProblem: invisible characters', () => {
  it('refuses format characters and line or paragraph separators, keeps the joiners scripts need', () => {
    for (const bad of ['\u200b', '\ufeff', '\u2060', '\u00ad', '\u{e0041}', '\u206a', '\ufff9']) {
      expect(textProblem(`a${bad}b`), JSON.stringify(bad)).toMatch(/control character/);
    }
    expect(textProblem('a\u2028b')).toBe('must be on one line.');
    expect(textProblem('a\u2029b', true)).toBe('must be on one line.');
    expect(textProblem('क्‍ष')).toBeNull();
    expect(textProblem('می‌خواهم')).toBeNull();
  });
});
