import { useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { Dialog } from '../components/Dialog';
import { PinFeedback } from '../components/PinFeedback';
import { PinPad } from '../components/PinPad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useUi } from '../stores/context';
import { enterWithManagerPin } from './access';

const MIN_PIN = 4;
const MAX_PIN = 8;

/**
 * A cashier's till asks for the Manager area: a manager types their PIN (keypad or keyboard) and the
 * area opens as theirs; the cashier's sale waits untouched until the till is theirs again.
 */
export function ManagerDoor() {
  const services = useServices();
  const section = useUi((s) => s.managerDoor);
  if (section === null) return null;
  return <ManagerDoorDialog onClose={() => services.ui.getState().setManagerDoor(null)} />;
}

function ManagerDoorDialog({ onClose }: { onClose(): void }) {
  const services = useServices();
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
    const result = await enterWithManagerPin(services, pin);
    setBusy(false);
    setPin('');
    if (!result.ok) {
      setError(result.error);
      pinRef.current?.focus();
    }
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

  return (
    <Dialog
      title="Manager area"
      subtitle="A manager enters their PIN to open it."
      onClose={onClose}
      size="small"
      initialFocus={pinRef}
      busy={busy}
    >
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the PIN is typed into this group (keypad or keyboard); it is announced below */}
      <div className="approval" ref={pinRef} tabIndex={-1} onKeyDown={onKeyDown}>
        <p className="approval-lead">The sale in progress waits; going back to the till brings it back as it was.</p>
        <PinFeedback length={pin.length} error={error} />
        <PinPad
          onDigit={addDigit}
          onBackspace={backspace}
          onSubmit={() => void submit()}
          disabled={busy}
          canSubmit={pin.length >= MIN_PIN}
          submitLabel="Open"
        />
        <button type="button" className="button button-ghost approval-cancel" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
