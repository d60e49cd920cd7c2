import { formatMoney } from '../../../shared/money';
import { ErrorAlert } from '../../components/Alert';
import { DialogActions, DialogBody } from '../../components/Dialog';
import { useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { saleTime, useRefund } from './useRefund';

/** Several sales share the receipt number (another terminal, another day): the cashier picks one. */
export function ChooseStep({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const matches = useRefund(store, (s) => s.matches);
  const error = useRefund(store, (s) => s.error);
  const busy = useRefund(store, (s) => s.busy);
  return (
    <>
      <DialogBody>
        <p className="screen-lead">Several sales have this receipt number. Which one?</p>
        <ErrorAlert error={error} />
        <ul className="pick-list" aria-label="Sales">
          {matches.map((found) => (
            <li key={found.id}>
              <button type="button" className="pick" disabled={busy} onClick={() => void store.getState().open(found.id)}>
                <span className="pick-main">
                  <strong>{found.receiptCode}</strong>
                  <span className="muted">{saleTime(found.createdAt)}</span>
                </span>
                <span className="pick-amount">{formatMoney(found.totalMinor, currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={() => store.getState().back()}>
          Back
        </button>
        <span />
      </DialogActions>
    </>
  );
}
