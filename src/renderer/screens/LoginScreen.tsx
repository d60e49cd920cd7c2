import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { PinFeedback } from '../components/PinFeedback';
import { PinPad } from '../components/PinPad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useSession } from '../stores/context';
import type { DirectoryEntry } from '../stores/session';

const MIN_PIN = 4;
const MAX_PIN = 8;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/u);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}:${String(seconds % 60).padStart(2, '0')}` : `${seconds} s`;
}

export function LoginScreen() {
  const { session } = useServices();
  const directory = useSession((s) => s.directory);
  const directoryLoading = useSession((s) => s.directoryLoading);
  const sessionError = useSession((s) => s.error);
  const notice = useSession((s) => s.notice);
  const [selected, setSelected] = useState<DirectoryEntry | null>(null);

  if (selected) return <PinStep staff={selected} onBack={() => setSelected(null)} />;

  return (
    <main className="screen screen-center" aria-labelledby="login-title">
      <section className="panel login-panel">
        <h1 id="login-title" className="screen-title">
          Who is working?
        </h1>
        <p className="screen-lead">Choose your name, then enter your PIN.</p>
        {notice && (
          <p role="status" className="alert alert-info">
            {notice}
          </p>
        )}
        <ErrorAlert error={sessionError} />
        {sessionError && (
          <button type="button" className="button" onClick={() => void session.getState().loadDirectory()}>
            Try again
          </button>
        )}
        {directoryLoading && directory.length === 0 ? (
          <p className="muted">Loading staff…</p>
        ) : (
          <ul className="staff-grid">
            {directory.map((entry) => (
              <li key={entry.id}>
                <button type="button" className="staff-tile" onClick={() => setSelected(entry)}>
                  <span className="staff-avatar" aria-hidden="true">
                    {initials(entry.name)}
                  </span>
                  <span className="staff-name">{entry.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function PinStep({ staff, onBack }: { staff: DirectoryEntry; onBack(): void }) {
  const { session } = useServices();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const groupRef = useRef<HTMLDivElement>(null);

  const locked = lockedUntil !== null && now < lockedUntil;

  useEffect(() => {
    groupRef.current?.focus();
  }, []);

  useEffect(() => {
    if (lockedUntil === null) return;
    const tick = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= lockedUntil) {
        setLockedUntil(null);
        setError(null);
      }
    }, 250);
    return () => clearInterval(tick);
  }, [lockedUntil]);

  const addDigit = (digit: string) => {
    if (locked || busy) return;
    // a new try: the last one's error gives its place back to the dots
    setError(null);
    setPin((current) => (current.length < MAX_PIN ? current + digit : current));
  };
  const backspace = () => setPin((current) => current.slice(0, -1));

  const submit = async () => {
    if (locked || busy) return;
    if (pin.length < MIN_PIN) {
      setError({ code: 'VALIDATION', message: `A PIN has ${MIN_PIN} to ${MAX_PIN} digits.` });
      return;
    }
    setBusy(true);
    const result = await session.getState().login(staff.id, pin);
    // on success this screen goes away; only failures come back here
    if (result.ok) return;
    setBusy(false);
    setPin('');
    setError(result.error);
    const retryAfterMs = result.error.details?.retryAfterMs;
    if (result.error.code === 'RATE_LIMITED' && typeof retryAfterMs === 'number' && retryAfterMs > 0) {
      const until = Date.now() + retryAfterMs;
      setNow(Date.now());
      setLockedUntil(until);
    }
  };

  // a scanner used before logging in would type the barcode as a PIN and burn a try: drop it
  useBarcodeScanner(() => {
    setPin('');
    setError({ code: 'VALIDATION', message: 'That was a barcode scan. Log in first, then scan the product.' });
  });

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (/^\d$/.test(event.key)) {
      event.preventDefault();
      addDigit(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      backspace();
    } else if (event.key === 'Enter') {
      // also keeps a focused keypad button from pressing itself
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onBack();
    }
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return (
    <main className="screen screen-center" aria-labelledby="pin-title">
      <section className="panel pin-panel">
        <div ref={groupRef} tabIndex={-1} className="pin-heading">
          <h1 id="pin-title" className="screen-title">
            Hello, {staff.name}
          </h1>
          <p className="screen-lead">Enter your PIN on the keypad or the keyboard.</p>
        </div>
        <PinFeedback length={pin.length} error={error} />
        <PinPad
          onDigit={addDigit}
          onBackspace={backspace}
          onSubmit={() => void submit()}
          disabled={locked || busy}
          canSubmit={pin.length >= MIN_PIN}
        />
        {locked && lockedUntil !== null && (
          <p className="lockout" aria-live="off">
            You can try again in <strong className="lockout-time">{formatWait(lockedUntil - now)}</strong>.
          </p>
        )}
        <button type="button" className="button button-ghost pin-back" onClick={onBack}>
          Not you? Choose another name <kbd>Esc</kbd>
        </button>
      </section>
    </main>
  );
}
