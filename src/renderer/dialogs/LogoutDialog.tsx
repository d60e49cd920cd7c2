import { useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useCart, useServices, useSession } from '../stores/context';

/** Logging out with a sale in the cart parks it first, so nothing rung up is silently lost. */
export function LogoutDialog({ onClose }: { onClose(): void }) {
  const { cart, session } = useServices();
  const currency = useSession((s) => s.currency);
  const staff = useSession((s) => s.staff);
  const total = useCart((s) => s.totals.totalMinor);
  const busy = useCart((s) => s.busy);
  const [error, setError] = useState<AppErrorData | null>(null);
  const parkRef = useRef<HTMLButtonElement>(null);

  const parkAndLogOut = async () => {
    const result = await cart.getState().park(`Left by ${staff?.name ?? 'cashier'}`);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onClose();
    await session.getState().logout();
  };

  return (
    <Dialog title="Log out" onClose={onClose} size="small" initialFocus={parkRef} busy={busy}>
      <DialogBody>
        <p>A sale of {formatMoney(total, currency)} is in the cart. It is parked before you log out, so anyone can resume it with F7.</p>
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Stay logged in
        </button>
        <button
          ref={parkRef}
          type="button"
          className="button button-primary button-large"
          onClick={() => void parkAndLogOut()}
          disabled={busy}
        >
          Park sale and log out
        </button>
      </DialogActions>
    </Dialog>
  );
}
