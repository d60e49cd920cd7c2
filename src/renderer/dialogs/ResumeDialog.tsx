import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useCart, useServices, useSession } from '../stores/context';

type Parked = ChannelOutput<'sale.listParked'>[number];

function parkedAt(ms: number): string {
  const date = new Date(ms);
  const today = new Date();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === today.toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

/** F7: the parked carts, oldest first; one tap brings a cart back (its products re-read from the catalogue). */
export function ResumeDialog({ onClose }: { onClose(): void }) {
  const { api, cart } = useServices();
  const currency = useSession((s) => s.currency);
  const cartHasLines = useCart((s) => s.lines.length > 0);
  const [parked, setParked] = useState<Parked[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('sale.listParked', {}).then((result) => {
      if (!live) return;
      if (result.ok) setParked(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api]);

  // the list arrives after the dialog opened: the first (oldest) parked sale then takes the focus, Enter resumes it
  useEffect(() => {
    if (parked && parked.length > 0) firstRef.current?.focus();
  }, [parked]);

  const resume = async (entry: Parked) => {
    setBusy(true);
    const result = await cart.getState().resume(entry.id);
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Dialog title="Resume a parked sale" onClose={onClose} size="medium" busy={busy}>
      <DialogBody>
        {cartHasLines && (
          <p className="alert alert-info" role="status">
            The current sale has items. Finish it or park it (F6) before resuming another one.
          </p>
        )}
        <ErrorAlert error={error} />
        {parked === null && !error && <p className="muted">Loading parked sales…</p>}
        {parked !== null && parked.length === 0 && <p className="empty-note">No sales are parked.</p>}
        {parked !== null && parked.length > 0 && (
          <ul className="pick-list" aria-label="Parked sales">
            {parked.map((entry, index) => (
              <li key={entry.id}>
                <button
                  ref={index === 0 ? firstRef : undefined}
                  type="button"
                  className="pick"
                  disabled={busy || cartHasLines}
                  onClick={() => void resume(entry)}
                >
                  <span className="pick-main">
                    <strong>{entry.label}</strong>
                    <span className="muted">
                      {entry.lineCount === 1 ? '1 line' : `${entry.lineCount} lines`} · parked {parkedAt(entry.createdAt)} by{' '}
                      {entry.staffName}
                    </span>
                  </span>
                  <span className="pick-amount">{formatMoney(entry.totalMinor, currency)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </DialogBody>
      <DialogActions>
        <span />
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
