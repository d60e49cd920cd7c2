import { useEffect, useId, useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { useServices, useSession, useShift } from '../stores/context';
import { isManager } from '../stores/session';

export function shiftTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * Someone logged in on a shift another person opened: say whose it is, and let them choose.
 * Selling on it is recorded by the core (shift.join); a manager may go to the Manager area instead.
 */
export function ShiftOwnerScreen() {
  const { shift: shiftStore, session, ui } = useServices();
  const shift = useShift((s) => s.shift);
  const staff = useSession((s) => s.staff);
  const currency = useSession((s) => s.currency);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const sellRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    sellRef.current?.focus();
  }, []);

  if (!shift) return null;
  const owner = shift.openedByName;
  const manager = isManager(staff);

  const sell = async () => {
    setBusy(true);
    setError(null);
    const result = await shiftStore.getState().join();
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
    }
  };

  return (
    <main className="screen screen-center" aria-labelledby={`${id}-title`}>
      <section className="panel shift-owner-panel">
        <h1 id={`${id}-title`} className="screen-title">
          {owner}’s shift is open on this till
        </h1>
        <p className="screen-lead">
          Opened at {shiftTime(shift.openedAt)} with a float of {formatMoney(shift.openingFloatMinor, currency)}. What you sell on it is
          counted in {owner}’s drawer and Z report, in your name, and the log records that you took over.
        </p>
        <ErrorAlert error={error} />
        <div className="shift-owner-actions">
          <button ref={sellRef} type="button" className="button button-primary button-large" disabled={busy} onClick={() => void sell()}>
            {busy ? 'Opening the till…' : `Sell on ${owner}’s shift`}
          </button>
          {manager && (
            <button type="button" className="button button-large" onClick={() => ui.getState().setArea('manager')}>
              Manager area
            </button>
          )}
          <button type="button" className="button button-large" onClick={() => void session.getState().logout()}>
            Log out
          </button>
        </div>
        {!manager && <p className="muted">To start a shift of your own, {owner} or a manager closes this one first.</p>}
      </section>
    </main>
  );
}
