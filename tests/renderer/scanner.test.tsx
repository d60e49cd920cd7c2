import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScanDetector } from '../../src/renderer/scanner/detector';
import { useBarcodeScanner } from '../../src/renderer/scanner/useBarcodeScanner';
import { withCheckDigit } from '../../src/shared/barcode';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

describe('ScanDetector', () => {
  const feed = (detector: ScanDetector, keys: string[], gapMs: number, start = 1000) => {
    let at = start;
    let code: string | null = null;
    for (const key of keys) {
      code = detector.key(key, at);
      at += gapMs;
    }
    return code;
  };

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

  it('takes a fast burst of 6+ characters ending in Enter as a scan', () => {
    expect(feed(new ScanDetector(), [...'4006381333931', 'Enter'], 8)).toBe('4006381333931');
  });

  it('ignores a person typing (gaps of 35 ms or more)', () => {
    expect(feed(new ScanDetector(), [...'4006381333931', 'Enter'], 35)).toBeNull();
    expect(feed(new ScanDetector(), [...'chocolate', 'Enter'], 120)).toBeNull();
  });

  it('ignores a fast burst shorter than 6 characters', () => {
    expect(feed(new ScanDetector(), [...'12345', 'Enter'], 5)).toBeNull();
  });

  it('only counts the burst: slow typing before it does not join the code', () => {
    const detector = new ScanDetector();
    feed(detector, [...'ab'], 200, 0);
    expect(feed(detector, [...'ABC-123456', 'Enter'], 5, 1000)).toBe('ABC-123456');
  });

  it('a pause in the middle breaks the burst', () => {
    const detector = new ScanDetector();
    feed(detector, [...'4006381'], 5, 0);
    expect(feed(detector, [...'333', 'Enter'], 5, 500)).toBeNull();
  });

  it('a stalled first keystroke (busy machine) does not cut an EAN short: the checked whole run wins', () => {
    const detector = new ScanDetector();
    feed(detector, ['4'], 5, 0);
    // 200 ms later the rest arrives at scanner speed: the tail alone has a wrong check digit
    expect(feed(detector, [...'006381333931', 'Enter'], 5, 200)).toBe('4006381333931');
  });

  it('a stalled first digit whose tail happens to be a valid UPC-A still gives the whole EAN-13', () => {
    // 5901234123457 is an EAN-13; its tail 901234123457 is a valid UPC-A too
    const detector = new ScanDetector();
    feed(detector, ['5'], 5, 0);
    expect(feed(detector, [...'901234123457', 'Enter'], 5, 200)).toBe('5901234123457');
  });

  it('keeps the burst when the run before it is not one valid code', () => {
    const detector = new ScanDetector();
    feed(detector, [...'12'], 200, 0);
    expect(feed(detector, [...'4006381333931', 'Enter'], 5, 1000)).toBe('4006381333931');
  });

  it('shift (for capitals) does not break a burst', () => {
    expect(feed(new ScanDetector(), ['Shift', 'A', 'Shift', 'B', ...'123456', 'Enter'], 4)).toBe('AB123456');
  });
});

function ScannerProbe({ onScan, onEnter }: { onScan(code: string): void; onEnter(): void }) {
  useBarcodeScanner(onScan);
  return <input aria-label="probe" onKeyDown={(event) => event.key === 'Enter' && onEnter()} />;
}

function typeKeys(target: Element, keys: string[], gapMs: number) {
  for (const key of keys) {
    fireEvent.keyDown(target, { key });
    act(() => {
      vi.advanceTimersByTime(gapMs);
    });
  }
}

describe('useBarcodeScanner (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('reports a burst and swallows its Enter', () => {
    const onScan = vi.fn();
    const onEnter = vi.fn();
    render(<ScannerProbe onScan={onScan} onEnter={onEnter} />);
    typeKeys(screen.getByLabelText('probe'), [...'96385074', 'Enter'], 10);
    expect(onScan).toHaveBeenCalledWith('96385074');
    expect(onEnter).not.toHaveBeenCalled();
  });

  it('lets a person’s Enter through', () => {
    const onScan = vi.fn();
    const onEnter = vi.fn();
    render(<ScannerProbe onScan={onScan} onEnter={onEnter} />);
    typeKeys(screen.getByLabelText('probe'), [...'96385074', 'Enter'], 90);
    expect(onScan).not.toHaveBeenCalled();
    expect(onEnter).toHaveBeenCalledTimes(1);
  });
});

describe('scanning on the catalogue screen', () => {
  const CHOCOLATE = catalogItem('p1', 'Dark chocolate 100 g', 249, 2000, { barcodes: ['4006381333931'] });
  const OAT_MILK = catalogItem('1', 'Oat milk', 199, 2000, { barcodes: [withCheckDigit('500000000000')] });
  // a SKU of 8 digits with a valid EAN-8 check digit, and no such barcode
  const CARROTS = catalogItem('7', 'Loose carrots', 249, 2000, { sku: '12345670', barcodes: [withCheckDigit('400000000001')] });
  const HAM = catalogItem('ham', 'Deli ham', 1990, 550, {
    soldByWeight: true,
    barcodes: [withCheckDigit('284021300000')],
    stockOnHand: 20_000,
  });

  let api: CoreApi | null = null;
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    api?.close();
    api = null;
  });

  /** The till in front of a real core selling these products (a scale's labels start with 28). */
  async function renderCatalog() {
    const till = await renderCoreTill({ catalogue: [CHOCOLATE, OAT_MILK, CARROTS, HAM], settings: { scaleLabelPrefixes: ['28'] } });
    api = till.api;
    return till;
  }

  /** The lines of the sale in progress as the core holds them. */
  const held = (core: CoreApi) => core.call('cart.current', {})?.lines.map((line) => [line.name, line.quantity]) ?? [];

  it('a scan lands in the cart with a confirmation, and leaves the search box as it was', async () => {
    const { api } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    fireEvent.change(search, { target: { value: 'oat' } });
    for (const char of '4006381333931') {
      fireEvent.change(search, { target: { value: `${(search as HTMLInputElement).value}${char}` } });
      typeKeys(search, [char], 5);
    }
    typeKeys(search, ['Enter'], 5);

    expect(await screen.findByText('Dark chocolate 100 g', { selector: '.cart-line-name' })).toBeTruthy();
    expect(screen.getByText(/Scanned:/).textContent).toContain('Dark chocolate 100 g');
    expect((search as HTMLInputElement).value).toBe('oat');
    // one call per scan, the code as it was read; the core put it on the sale
    expect(api.callsTo('cart.addLine')).toEqual([{ code: '4006381333931' }]);
    expect(held(api)).toEqual([['Dark chocolate 100 g', 1]]);
  });

  it('a misread barcode is explained in an alert, in the server’s words', async () => {
    const { api } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    typeKeys(search, [...'4006381333932', 'Enter'], 5);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The barcode 4006381333932 was misread: its last digit should be 1 for an EAN-13.');
    expect(alert.textContent).not.toContain('INVALID_BARCODE');
    expect(api.call('cart.current', {})).toBeNull();
  });

  it('a misread barcode scanned too slowly to tell from typing (a loaded till) is still explained, not swallowed', async () => {
    const { api } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    fireEvent.change(search, { target: { value: '4006381333932' } });
    typeKeys(search, ['Enter'], 200);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The barcode 4006381333932 was misread: its last digit should be 1 for an EAN-13.');
    expect(api.call('cart.current', {})).toBeNull();
  });

  it('a barcode keyed in by hand (or scanned too slowly to tell) and Enter is looked up exactly', async () => {
    const { api } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    fireEvent.change(search, { target: { value: '4006381333931' } });
    typeKeys(search, ['Enter'], 200);

    expect(await screen.findByText('Dark chocolate 100 g', { selector: '.cart-line-name' })).toBeTruthy();
    expect((search as HTMLInputElement).value).toBe('');
    expect(held(api)).toEqual([['Dark chocolate 100 g', 1]]);

    // a code the catalogue search does not know — a scale's weight label — goes to the core as a scan
    const label = withCheckDigit('284021300412');
    fireEvent.change(search, { target: { value: label } });
    typeKeys(search, ['Enter'], 200);
    expect(await screen.findByText('Deli ham', { selector: '.cart-line-name' })).toBeTruthy();
    expect(api.callsTo('cart.addLine').at(-1)).toEqual({ code: label });
    expect(held(api)).toEqual([
      ['Dark chocolate 100 g', 1],
      ['Deli ham', 412],
    ]);
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('a numeric SKU that happens to look like an EAN goes by the search’s exact SKU match, not a barcode lookup', async () => {
    const { api, services } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    fireEvent.change(search, { target: { value: '12345670' } });
    typeKeys(search, ['Enter'], 200);
    expect(await screen.findByText('Loose carrots', { selector: '.cart-line-name' })).toBeTruthy();
    // by the product the search matched, not by the code (the core knows no such barcode)
    expect(api.callsTo('cart.addLine')).toEqual([{ productId: CARROTS.id }]);
    expect(services.cart.getState().error).toBeNull();
    // found by its exact code: it reads as a scan, as when the scanner was too slow to be told from typing
    expect(screen.getByText(/Scanned:/).textContent).toContain('Loose carrots');
    expect(held(api)).toEqual([['Loose carrots', 1]]);
  });

  it('Enter on a word still adds the highlighted result, not a barcode lookup', async () => {
    const { api } = await renderCatalog();
    const search = await screen.findByRole('combobox');
    fireEvent.change(search, { target: { value: 'oat' } });
    typeKeys(search, ['Enter'], 200);
    expect(await screen.findByText('Oat milk', { selector: '.cart-line-name' })).toBeTruthy();
    expect(api.callsTo('cart.addLine')).toEqual([{ productId: OAT_MILK.id }]);
    expect(held(api)).toEqual([['Oat milk', 1]]);
  });
});
