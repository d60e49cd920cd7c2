import { type RefObject, useRef, useState } from 'react';
import type { AppErrorData, Result } from '../../shared/result';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { PinFeedback } from './PinFeedback';
import { PinPad } from './PinPad';

const MIN_PIN = 4;
const MAX_PIN = 8;

/**
 * A manager's PIN typed at the till (keypad or keyboard): the digits, the error in words, and the
 * send. `send` asks the core (auth.approve, auth.elevate); `onAccepted` runs with its answer once
 * the prompt is no longer busy (it usually closes the dialog: a dialog closed while busy would
 * leave the page busy).
 */
export function useManagerPin<T>(send: (pin: string) => Promise<Result<T>>, onAccepted: (value: T) => void) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLDivElement>(null);

  const addDigit = (digit: string) => {
    if (busy) return;
    setError(null);
    setPin((current) => (current.length < MAX_PIN ? current + digit : current));
  };
  const backspace = () => setPin((current) => current.slice(0, -1));

  const submit = async () => {
    if (busy) return;
    if (pin.length < MIN_PIN) {
      setError({ code: 'VALIDATION', message: `A PIN has ${MIN_PIN} to ${MAX_PIN} digits.` });
      return;
    }
    setBusy(true);
    const result = await send(pin);
    setBusy(false);
    setPin('');
    if (result.ok) {
      onAccepted(result.data);
      return;
    }
    setError(result.error);
    pinRef.current?.focus();
  };

  // a scan typed into the PIN would burn a manager's try: drop it
  useBarcodeScanner(() => {
    setPin('');
    setError({ code: 'VALIDATION', message: 'That was a barcode scan. The manager types their PIN here.' });
  });

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (/^\d$/.test(event.key)) {
      event.preventDefault();
      addDigit(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      backspace();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void submit();
    }
  };

  return { pin, error, busy, pinRef, addDigit, backspace, submit, onKeyDown };
}

/** The PIN prompt's body (inside its Dialog, which focuses `entry.pinRef` first). */
export function ManagerPinBody({
  entry,
  lead,
  submitLabel,
  onCancel,
}: {
  entry: ReturnType<typeof useManagerPin<unknown>> & { pinRef: RefObject<HTMLDivElement | null> };
  lead: string;
  submitLabel: string;
  onCancel(): void;
}) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the PIN is typed into this group (keypad or keyboard); it is announced below
    <div className="approval" ref={entry.pinRef} tabIndex={-1} onKeyDown={entry.onKeyDown}>
      <p className="approval-lead">{lead}</p>
      <PinFeedback length={entry.pin.length} error={entry.error} />
      <PinPad
        onDigit={entry.addDigit}
        onBackspace={entry.backspace}
        onSubmit={() => void entry.submit()}
        disabled={entry.busy}
        canSubmit={entry.pin.length >= MIN_PIN}
        submitLabel={submitLabel}
      />
      <button type="button" className="button button-ghost approval-cancel" onClick={onCancel} disabled={entry.busy}>
        Cancel
      </button>
    </div>
  );
}
