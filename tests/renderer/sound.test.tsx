import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAudioOutput, TONE_EVENT, type ToneDetail } from '../../src/renderer/sound';
import { withCheckDigit } from '../../src/shared/barcode';
import type { CoreApi, CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

/**
 * Web Audio as far as the tones use it: every oscillator made, with its wave, pitch, start and the
 * loudest its gain was ramped to. jsdom has no AudioContext; this one stands in for the browser's.
 */
interface MadeBeep {
  type: OscillatorType;
  hz: number;
  start: number;
  stop: number;
  peak: number;
}
const beeps: MadeBeep[] = [];
let contextsMade = 0;

class FakeParam {
  value = 0;
  peak = 0;
  setValueAtTime(value: number) {
    this.value = value;
    this.peak = Math.max(this.peak, value);
  }
  linearRampToValueAtTime(value: number) {
    this.setValueAtTime(value);
  }
}

class FakeAudioContext {
  state: AudioContextState = 'running';
  currentTime = 0;
  destination = {};
  constructor() {
    contextsMade += 1;
  }
  createGain() {
    return { gain: new FakeParam(), connect() {}, disconnect() {} };
  }
  createOscillator() {
    const made: MadeBeep = { type: 'sine', hz: 0, start: 0, stop: 0, peak: 0 };
    const frequency = new FakeParam();
    let gain: { gain: FakeParam } | null = null;
    return {
      frequency,
      set type(type: OscillatorType) {
        made.type = type;
      },
      onended: null as (() => void) | null,
      connect(to: { gain: FakeParam }) {
        gain = to;
      },
      disconnect() {},
      start(at: number) {
        made.start = at;
      },
      stop(at: number) {
        made.stop = at;
        made.hz = frequency.value;
        made.peak = gain?.gain.peak ?? 0;
        beeps.push(made);
      },
    };
  }
  resume() {
    this.state = 'running';
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
}

// installed before the till's services are made: they arm the window's audio for its first gesture
Object.defineProperty(window, 'AudioContext', { configurable: true, writable: true, value: FakeAudioContext });

const CHOCOLATE = catalogItem('p1', 'Dark chocolate 100 g', 249, 2000, { barcodes: ['4006381333931'] });
const OFF_SALE = catalogItem('p2', 'Discontinued mints', 99, 2000, { active: false, barcodes: [withCheckDigit('500000000001')] });
const UNKNOWN = withCheckDigit('400000000099');
const MISREAD = '4006381333932';

const tones: ToneDetail[] = [];
const onTone = (event: CustomEvent<ToneDetail>) => tones.push(event.detail);

let opened: CoreApi | null = null;
beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  tones.length = 0;
  beeps.length = 0;
  window.addEventListener(TONE_EVENT, onTone);
});
afterEach(() => {
  window.removeEventListener(TONE_EVENT, onTone);
  cleanup();
  vi.useRealTimers();
  opened?.close();
  opened = null;
});

async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: [CHOCOLATE, OFF_SALE], ...options });
  opened = rendered.api;
  return rendered;
}

/** A scanner's burst into the search box: 5 ms a key, then Enter. */
function scan(code: string) {
  const search = screen.getByRole('combobox', { name: /Search products/ });
  for (const key of [...code, 'Enter']) {
    fireEvent.keyDown(search, { key });
    act(() => {
      vi.advanceTimersByTime(5);
    });
  }
}

/** Wait for the core to answer the scan: the tones so far. */
async function tonesAfter(count: number) {
  await waitFor(() => expect(tones).toHaveLength(count));
  return tones.map((tone) => tone.kind);
}

describe('the till’s tones (against a real core)', () => {
  it('a good scan: one short high beep, at the store’s volume', async () => {
    const { api } = await till({ settings: { sound: { volume: 80, muted: false } } });
    scan('4006381333931');
    expect(await tonesAfter(1)).toEqual(['ok']);
    expect(tones).toEqual([{ kind: 'ok', volume: 80, sounded: true }]);
    expect(api.call('cart.current', {})?.lines.map((line) => line.name)).toEqual(['Dark chocolate 100 g']);
    expect(beeps).toHaveLength(1);
    expect(beeps[0]).toMatchObject({ type: 'sine', hz: 1760 });
    // 80 % of the way up a squared curve
    expect(beeps[0]?.peak).toBeCloseTo(0.35 * 0.8 ** 2);
    // the same product again is a new scan, and a new beep
    scan('4006381333931');
    expect(await tonesAfter(2)).toEqual(['ok', 'ok']);
  });

  it('an unknown code, a misread one and a product off sale: the error tone, two lower beeps', async () => {
    const { api } = await till();
    scan(UNKNOWN);
    expect(await tonesAfter(1)).toEqual(['error']);
    expect(screen.getByRole('alert').textContent).toContain(UNKNOWN);
    expect(beeps.map((beep) => [beep.type, beep.hz])).toEqual([
      ['square', 220],
      ['square', 220],
    ]);
    expect((beeps[1]?.start ?? 0) - (beeps[0]?.stop ?? 0)).toBeGreaterThan(0.05);

    scan(MISREAD);
    expect(await tonesAfter(2)).toEqual(['error', 'error']);
    expect(screen.getByRole('alert').textContent).toContain('was misread');

    scan(OFF_SALE.barcodes[0] ?? '');
    expect(await tonesAfter(3)).toEqual(['error', 'error', 'error']);
    expect(tones.every((tone) => tone.volume === 60 && tone.sounded)).toBe(true);
    expect(api.call('cart.current', {})).toBeNull();

    // then a good one: the ok tone, not another error
    scan('4006381333931');
    expect(await tonesAfter(4)).toEqual(['error', 'error', 'error', 'ok']);
  });

  it('a scan past the stock count: the error tone, when the till asks (sell anyway, a manager) and when it refuses', async () => {
    const LAST = catalogItem('p3', 'Last jar of honey', 590, 2000, {
      tracksStock: true,
      stockOnHand: 0,
      barcodes: [withCheckDigit('500000000002')],
    });
    for (const outOfStock of ['sell', 'manager', 'refuse'] as const) {
      tones.length = 0;
      const { api } = await till({ catalogue: [LAST], settings: { outOfStock } });
      scan(LAST.barcodes[0] ?? '');
      expect(await tonesAfter(1), outOfStock).toEqual(['error']);
      if (outOfStock === 'refuse') expect(screen.getByRole('alert').textContent).toContain('Last jar of honey');
      else expect(await screen.findByRole('dialog', { name: /Not in stock/ })).toBeTruthy();
      expect(api.call('cart.current', {})).toBeNull();
      cleanup();
      opened?.close();
      opened = null;
    }
  });

  it('a product picked from the list is seen, not heard; the ok tone is for scans', async () => {
    const { services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(CHOCOLATE, 'list');
    });
    expect(services.cart.getState().lines).toHaveLength(1);
    expect(tones).toEqual([]);
  });

  it('a refused payment: the error tone, for the till’s own check and for the core’s refusal', async () => {
    const { api } = await till();
    scan('4006381333931');
    await tonesAfter(1);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });

    // not enough cash given
    fireEvent.change(within(pay).getByLabelText('Cash given'), { target: { value: '1.00' } });
    fireEvent.click(within(pay).getByRole('button', { name: /Complete sale/ }));
    expect(await tonesAfter(2)).toEqual(['ok', 'error']);
    expect(within(pay).getByRole('alert')).toBeTruthy();

    // the shift was closed from elsewhere: the core refuses the sale
    api.call('shift.close', { counted: [] });
    fireEvent.change(within(pay).getByLabelText('Cash given'), { target: { value: '2.49' } });
    fireEvent.click(within(pay).getByRole('button', { name: /Complete sale/ }));
    expect(await tonesAfter(3)).toEqual(['ok', 'error', 'error']);
    expect(api.callsTo('sale.complete')).toHaveLength(1);
    expect(tones.at(-1)).toEqual({ kind: 'error', volume: 60, sounded: true });
  });

  it('muted, or at volume 0: announced, never heard', async () => {
    for (const sound of [
      { volume: 60, muted: true },
      { volume: 0, muted: false },
    ]) {
      tones.length = 0;
      await till({ settings: { sound } });
      scan('4006381333931');
      scan(UNKNOWN);
      expect(await tonesAfter(2)).toEqual(['ok', 'error']);
      expect(tones.every((tone) => tone.volume === 0 && !tone.sounded)).toBe(true);
      expect(beeps).toEqual([]);
      cleanup();
      opened?.close();
      opened = null;
    }
  });
});

describe('the audio output', () => {
  it('makes its AudioContext at the first gesture, not before (browsers block sound until one)', () => {
    const made = contextsMade;
    const output = createAudioOutput(window);
    expect(output.play('ok', 60)).toBe(false);
    expect(contextsMade).toBe(made);
    window.dispatchEvent(new Event('pointerdown'));
    expect(contextsMade).toBe(made + 1);
    expect(output.play('ok', 60)).toBe(true);
    // one context: later gestures make no more
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(contextsMade).toBe(made + 1);
    output.dispose();
    expect(output.play('ok', 60)).toBe(false);
  });

  it('without Web Audio (jsdom, an old browser) it stays silent and throws nothing', () => {
    const saved = window.AudioContext;
    Reflect.deleteProperty(window, 'AudioContext');
    try {
      const output = createAudioOutput(window);
      window.dispatchEvent(new Event('pointerdown'));
      expect(output.play('error', 100)).toBe(false);
      output.dispose();
    } finally {
      Object.defineProperty(window, 'AudioContext', { configurable: true, writable: true, value: saved });
    }
  });
});
