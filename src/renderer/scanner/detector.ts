export interface ScanDetectorOptions {
  /** shortest code taken as a scan (humans rarely type 6 characters at scanner speed) */
  minLength?: number;
  /** a scanner types each character within this many ms of the previous one */
  maxGapMs?: number;
  /** the Enter ending the burst may come a little later: some scanners pause before their suffix key */
  maxEnterGapMs?: number;
}

/**
 * Tells a barcode scanner (a keyboard that types a burst of characters and Enter) from a person
 * at the keyboard, from the timing of keystrokes alone. Feed it every keydown; it answers the
 * scanned code on the Enter that ends a burst.
 */
export class ScanDetector {
  private readonly minLength: number;
  private readonly maxGapMs: number;
  private readonly maxEnterGapMs: number;
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(options: ScanDetectorOptions = {}) {
    this.minLength = options.minLength ?? 6;
    this.maxGapMs = options.maxGapMs ?? 35;
    this.maxEnterGapMs = options.maxEnterGapMs ?? 80;
  }

  /** One keydown (its `key` and time in ms); returns the code when this Enter completes a scan, else null. */
  key(key: string, at: number): string | null {
    const gap = at - this.lastAt;
    if (key === 'Enter') {
      const code = this.buffer;
      this.reset();
      return code.length >= this.minLength && gap < this.maxEnterGapMs ? code : null;
    }
    // scanners press Shift for capitals; it is neither a character nor a break in the burst
    if (key === 'Shift') return null;
    if (key.length !== 1) {
      this.reset();
      return null;
    }
    this.buffer = gap < this.maxGapMs ? this.buffer + key : key;
    this.lastAt = at;
    return null;
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
