import { describe, expect, it } from 'vitest';
import { ScanDetector } from '../../src/renderer/scanner/detector';

const feed = (detector: ScanDetector, keys: string[], gapMs: number, start: number) => {
  let at = start;
  let code: string | null = null;
  for (const key of keys) {
    code = detector.key(key, at);
    at += gapMs;
  }
  return code;
};

describe('ScanDetector, a scan that stalls once on a busy machine', () => {
  // 2814154708730 is an EAN-13 whose last 8 digits, 54708730, are a valid EAN-8 too
  it('a stall in the middle of an EAN-13 whose tail is a valid EAN-8 still gives the EAN-13', () => {
    const detector = new ScanDetector();
    feed(detector, [...'28141'], 5, 0);
    expect(feed(detector, [...'54708730', 'Enter'], 5, 500)).toBe('2814154708730');
  });

  it('digits keyed by a person before a scan are not taken into it', () => {
    const detector = new ScanDetector();
    feed(detector, [...'28141'], 200, 0);
    expect(feed(detector, [...'54708730', 'Enter'], 5, 5000)).toBe('54708730');
  });

  it('a misread EAN-13 that stalls where its tail happens to add up is still the misread EAN-13', () => {
    // 2814154708731: the check digit is wrong; its tail 54708731 is no valid EAN-8, 4708731 not a code
    const detector = new ScanDetector();
    feed(detector, [...'28141'], 5, 0);
    expect(feed(detector, [...'54708731', 'Enter'], 5, 500)).toBe('2814154708731');
    // a stray key before a scan is not part of it (a valid UPC-A after one slow digit)
    const other = new ScanDetector();
    feed(other, ['7'], 5, 0);
    expect(feed(other, [...'036000291452', 'Enter'], 5, 500)).toBe('036000291452');
  });
});
