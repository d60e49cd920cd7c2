import { useSyncExternalStore } from 'react';
import { useSession } from '../stores/context';

const COARSE_POINTER = '(any-pointer: coarse)';

// Whether this window has been touched: a till is touched from its first tap (the PIN pad, most
// often), before any amount field is drawn, so the listener is there from the start and the answer
// stays for the life of the window (a touch till does not stop being one).
let touched = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') {
  window.addEventListener(
    'pointerdown',
    (event) => {
      if (touched || event.pointerType !== 'touch') return;
      touched = true;
      notify();
    },
    { capture: true, passive: true },
  );
}

/** The screen's coarse pointer (a touch screen), where the browser can tell; null where it cannot (jsdom). */
function coarseQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(COARSE_POINTER) : null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const query = coarseQuery();
  query?.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    query?.removeEventListener('change', listener);
  };
}

function isTouchTill(): boolean {
  return touched || (coarseQuery()?.matches ?? false);
}

/**
 * Whether the on-screen numeric keypads show, from the store's `touchKeypad` setting: 'on' always,
 * 'off' never, 'auto' (the default) once the window has seen a touch or has a touch screen.
 * `evenWithoutTouch`: a keypad that was always part of its dialog (the weighing dialog's) shows
 * under 'auto' too; only 'off' hides it.
 */
export function useTouchKeypad({ evenWithoutTouch = false }: { evenWithoutTouch?: boolean } = {}): boolean {
  const setting = useSession((s) => s.settings?.touchKeypad ?? 'auto');
  const touch = useSyncExternalStore(subscribe, isTouchTill, () => false);
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return evenWithoutTouch || touch;
}
