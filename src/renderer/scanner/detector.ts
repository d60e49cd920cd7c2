import { barcodeKind, checkBarcode } from '../../shared/barcode';

export interface ScanDetectorOptions {
  /** shortest code taken as a scan (humans rarely type 6 characters at scanner speed) */
  minLength?: number;
  /** a scanner types each character within this many ms of the previous one */
  maxGapMs?: number;
  /** the Enter ending the burst may come a little later: some scanners pause before their suffix key */
  maxEnterGapMs?: number;
}

/** A retail code with a check digit that adds up: EAN-8, UPC-A or EAN-13. */
export function isCheckedRetailCode(code: string): boolean {
  return barcodeKind(code) !== 'other' && checkBarcode(code).valid;
}

/**
 * Tells a barcode scanner (a keyboard that types a burst of characters and Enter) from a person
 * at the keyboard, from the timing of keystrokes alone. Feed it every keydown; it answers the
 * scanned code on the Enter that ends a burst.
 *
 * A busy machine can stall one keystroke of a scan past the gap (the first character typed while
 * the page renders): the burst then holds only the tail of the code. When the whole run of
 * characters since the last break has the shape of an EAN/UPC and the tail is no valid one, the
 * run is the code the scanner sent (checked or misread). When the tail adds up too (one in ten
 * does), the run still wins if it stalled at most twice and more than its first key came before
 * the stall: a person keying digits before a scan pauses between every one of them.
 */
export class ScanDetector {
  private readonly minLength: number;
  private readonly maxGapMs: number;
  private readonly maxEnterGapMs: number;
  private burst = '';
  private run = '';
  private lastAt = Number.NEGATIVE_INFINITY;
  /** how often the run paused longer than a scanner would */
  private stalls = 0;

  constructor(options: ScanDetectorOptions = {}) {
    this.minLength = options.minLength ?? 6;
    this.maxGapMs = options.maxGapMs ?? 35;
    this.maxEnterGapMs = options.maxEnterGapMs ?? 80;
  }

  /** One keydown (its `key` and time in ms); returns the code when this Enter completes a scan, else null. */
  key(key: string, at: number): string | null {
    const gap = at - this.lastAt;
    if (key === 'Enter') {
      const { burst, run, stalls } = this;
      this.reset();
      if (burst.length < this.minLength || gap >= this.maxEnterGapMs) return null;
      if (run === burst || barcodeKind(run) === 'other') return burst;
      // the stalled run wins when it has the shape of a retail code and the tail is no valid one
      // (a misread code is then explained as the code it was, not as its last 12 digits), or when
      // it stalled only once or twice and its head came in at scanner speed too (not one stray key)
      const head = run.length - burst.length;
      return !isCheckedRetailCode(burst) || (stalls <= 2 && head >= 2) ? run : burst;
    }
    // scanners press Shift for capitals; it is neither a character nor a break in the burst
    if (key === 'Shift') return null;
    if (key.length !== 1) {
      this.reset();
      return null;
    }
    if (gap >= this.maxGapMs && this.run !== '') this.stalls += 1;
    this.burst = gap < this.maxGapMs ? this.burst + key : key;
    this.run += key;
    this.lastAt = at;
    return null;
  }

  reset(): void {
    this.burst = '';
    this.run = '';
    this.stalls = 0;
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
