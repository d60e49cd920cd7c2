// The till's tones, made with the Web Audio API (no audio files): a cashier looks at the
// customer, not the screen, and hears whether the scan went on.
import type { CartState } from './stores/cart';
import type { Settings } from './stores/session';

/** 'ok': a good scan; 'error': an unknown or misread code, a refused scan or payment. */
export type ToneKind = 'ok' | 'error';
export type SoundSettings = Settings['sound'];

/** What every tone announces on `window` as `ringup:tone`, heard or not. */
export interface ToneDetail {
  kind: ToneKind;
  /** the volume it was played at, 0–100: 0 when the till is muted */
  volume: number;
  /** whether it reached the speaker: false when muted, at volume 0, or without Web Audio (or before the first gesture) */
  sounded: boolean;
}

export const TONE_EVENT = 'ringup:tone';

declare global {
  interface WindowEventMap {
    'ringup:tone': CustomEvent<ToneDetail>;
  }
}

/** The store's default (settings not read yet, or unreadable): heard, at 60. */
const DEFAULT_SOUND: SoundSettings = { volume: 60, muted: false };

interface Beep {
  hz: number;
  type: OscillatorType;
  /** start after the tone begins, and length, in seconds */
  at: number;
  seconds: number;
}

/** One short high beep for a good scan; two low, harsher ones for what went wrong (told apart without looking). */
const PATTERNS: Record<ToneKind, Beep[]> = {
  ok: [{ hz: 1760, type: 'sine', at: 0, seconds: 0.08 }],
  error: [
    { hz: 220, type: 'square', at: 0, seconds: 0.13 },
    { hz: 220, type: 'square', at: 0.2, seconds: 0.13 },
  ],
};

/** The loudest a tone gets at volume 100 (a square wave at full gain is painful). */
const PEAK_GAIN = 0.35;
/** Ramps in and out, so a beep does not click. */
const RAMP_SECONDS = 0.006;

type AudioContextConstructor = new () => AudioContext;

/** A window's speaker: the AudioContext is made at the first user gesture, as browsers allow no sound before one. */
export interface AudioOutput {
  /** play a tone's beeps at `volume` (1–100); false when there is no AudioContext (yet) */
  play(kind: ToneKind, volume: number): boolean;
  /** stop listening for the gesture and close the AudioContext */
  dispose(): void;
}

/** The speaker of `win`; it listens for the first key or pointer press to make its AudioContext. */
export function createAudioOutput(win: Window): AudioOutput {
  let context: AudioContext | null = null;
  const gestures = ['pointerdown', 'keydown'] as const;
  const stopListening = () => {
    for (const name of gestures) win.removeEventListener(name, onGesture, true);
  };
  function onGesture() {
    if (context === null) {
      const host = win as Window & { AudioContext?: AudioContextConstructor; webkitAudioContext?: AudioContextConstructor };
      const Constructor = host.AudioContext ?? host.webkitAudioContext;
      // a browser (or jsdom) without Web Audio: the tones are only announced
      if (!Constructor) return stopListening();
      try {
        context = new Constructor();
      } catch {
        return stopListening();
      }
    }
    // made in a gesture it may still start suspended; once running it needs no more gestures
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    else if (context.state === 'running') stopListening();
  }
  for (const name of gestures) win.addEventListener(name, onGesture, true);

  return {
    play(kind, volume) {
      if (context === null || context.state === 'closed') return false;
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      // heard loudness grows with the square of the gain, near enough: 50 sounds about half of 100
      const peak = PEAK_GAIN * (Math.min(100, Math.max(0, volume)) / 100) ** 2;
      const start = context.currentTime + 0.01;
      for (const beep of PATTERNS[kind]) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = beep.type;
        oscillator.frequency.setValueAtTime(beep.hz, start + beep.at);
        const from = start + beep.at;
        const until = from + beep.seconds;
        gain.gain.setValueAtTime(0, from);
        gain.gain.linearRampToValueAtTime(peak, from + RAMP_SECONDS);
        gain.gain.setValueAtTime(peak, until - RAMP_SECONDS);
        gain.gain.linearRampToValueAtTime(0, until);
        oscillator.connect(gain);
        gain.connect(context.destination);
        oscillator.onended = () => {
          oscillator.disconnect();
          gain.disconnect();
        };
        oscillator.start(from);
        oscillator.stop(until);
      }
      return true;
    },
    dispose() {
      stopListening();
      void context?.close().catch(() => undefined);
      context = null;
    },
  };
}

let windowOutput: AudioOutput | null = null;

/** Start listening for the gesture that lets this window sound (call it at start-up, before the first scan). */
export function prepareAudio(): void {
  if (windowOutput === null && typeof window !== 'undefined') windowOutput = createAudioOutput(window);
}

/**
 * Play a tone at the store's volume (nothing when muted or at 0), and announce it on `window` as a
 * `ringup:tone` CustomEvent either way: what was asked for, at what volume, and whether it sounded.
 */
export function playTone(kind: ToneKind, sound: SoundSettings | null | undefined): ToneDetail {
  const settings = sound ?? DEFAULT_SOUND;
  const volume = settings.muted ? 0 : settings.volume;
  prepareAudio();
  const sounded = volume > 0 && (windowOutput?.play(kind, volume) ?? false);
  const detail: ToneDetail = { kind, volume, sounded };
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(TONE_EVENT, { detail }));
  return detail;
}

/**
 * The tone a change of the cart store calls for: a new scan notice is a good scan; a new error while
 * a scan or an add is with the core (`lookups`) is a refused one. Everything else is silent.
 */
export function cartTone(state: CartState, previous: CartState): ToneKind | null {
  if (state.error !== null && state.error !== previous.error && (state.lookups > 0 || previous.lookups > 0)) return 'error';
  if (state.notice !== null && state.notice.source === 'scan' && state.notice.serial !== previous.notice?.serial) return 'ok';
  return null;
}
