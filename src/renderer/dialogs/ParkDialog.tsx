import { useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { cartItemCount } from '../stores/cart';
import { useCart, useServices, useSession } from '../stores/context';

/** F6: put the cart aside (kept by the terminal, survives a restart) with an optional label. */
export function ParkDialog({ onClose }: { onClose(): void }) {
  const { cart } = useServices();
  const currency = useSession((s) => s.currency);
  const totals = useCart((s) => s.totals);
  const count = useCart((s) => cartItemCount(s.lines));
  const existing = useCart((s) => s.label);
  const busy = useCart((s) => s.busy);
  const [label, setLabel] = useState(existing ?? '');
  const [error, setError] = useState<AppErrorData | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useBarcodeScanner((code) => setLabel((value) => stripScan(value, code)));

  const park = async () => {
    const result = await cart.getState().park(label);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Dialog title="Park this sale" onClose={onClose} size="small" initialFocus={inputRef} busy={busy}>
      <DialogBody>
        <p className="screen-lead">
          {count === 1 ? '1 item' : `${count} items`} · {formatMoney(totals.totalMinor, currency)}. Resume it later with F7, on any shift.
        </p>
        <div className="field">
          <label className="field-label" htmlFor="park-label">
            Label <span className="field-optional">optional</span>
          </label>
          <span className="field-hint" id="park-label-hint">
            Something to find it by, such as the customer's name.
          </span>
          <input
            ref={inputRef}
            id="park-label"
            className="input"
            maxLength={60}
            autoComplete="off"
            aria-describedby="park-label-hint"
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void park();
              }
            }}
          />
        </div>
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-primary button-large" onClick={() => void park()} disabled={busy}>
          {busy ? 'Parking…' : 'Park sale'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
