import { describe, expect, it } from 'vitest';
import {
  CODE128_PATTERNS,
  CODE128_QUIET_ZONE,
  code128BModules,
  code128BSvg,
  code128BValues,
  code128BWidths,
} from '../../electron/core/features/receipts/code128';
import { decodeCode128Svg } from './decode';

describe('Code 128-B encoder', () => {
  it('has 107 distinct patterns of 11 modules (stop: 13), each starting with a bar', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    CODE128_PATTERNS.forEach((pattern, value) => {
      const modules = Array.from(pattern, Number).reduce((a, b) => a + b, 0);
      expect(modules, `symbol ${value}`).toBe(value === 106 ? 13 : 11);
      expect(pattern).toMatch(/^[1-4]+$/);
    });
  });

  it('encodes "A" exactly as the published patterns: start B, A, checksum 34, stop', () => {
    // start B 211214, 'A' = value 33 (111323), checksum (104 + 33·1) mod 103 = 34 (131123), stop 2331112
    expect(code128BValues('A')).toEqual([104, 33, 34, 106]);
    expect(code128BModules('A')).toBe(['11010010000', '10100011000', '10001011000', '1100011101011'].join(''));
  });

  it('computes the weighted modulo-103 checksum of a longer text', () => {
    // PJJ123C: 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879; 879 mod 103 = 55
    const values = code128BValues('PJJ123C');
    expect(values).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('starts every symbol with start B and ends with the stop pattern', () => {
    const modules = code128BModules('T-01-000042');
    expect(modules.startsWith('11010010000')).toBe(true);
    expect(modules.endsWith('1100011101011')).toBe(true);
    // 11 modules per symbol (start, 11 characters, checksum) plus 13 for stop
    expect(modules).toHaveLength(11 * 13 + 13);
    expect(code128BWidths('T-01-000042').reduce((a, b) => a + b, 0)).toBe(modules.length);
  });

  it('refuses what code set B cannot carry', () => {
    expect(() => code128BValues('')).toThrow(RangeError);
    expect(() => code128BValues('é')).toThrow(RangeError);
    expect(() => code128BValues('a\nb')).toThrow(RangeError);
  });

  it('draws an SVG whose bars decode back to the text, with quiet zones', () => {
    for (const text of ['T-01-000001', 'Hello, World! ~{}|', 'X']) {
      const svg = code128BSvg(text);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(decodeCode128Svg(svg)).toBe(text);
      const first = /<g[^>]*><rect x="(\d+)"/.exec(svg);
      expect(Number(first?.[1])).toBe(CODE128_QUIET_ZONE);
    }
  });

  it('escapes the text in its attributes', () => {
    const svg = code128BSvg('a"<b>&');
    expect(svg).not.toContain('"<b>');
    expect(svg).toContain('&#34;&#60;b&#62;&#38;');
  });
});
