import { useEffect, useRef } from 'react';
import { formatMoney } from '../../shared/money';
import { useCatalog, useServices } from '../stores/context';
import { ErrorAlert } from './Alert';

const CONFIRMATION_MS = 3500;

/** The products added so far (by Enter, tap or scan) — a stand-in for the cart that comes later. */
export function PendingPanel({ currency }: { currency: string }) {
  const { catalog } = useServices();
  const pending = useCatalog((s) => s.pending);
  const confirmation = useCatalog((s) => s.confirmation);
  const scanError = useCatalog((s) => s.scanError);
  const scansInFlight = useCatalog((s) => s.scansInFlight);

  useEffect(() => {
    if (!confirmation) return;
    const timer = setTimeout(() => {
      if (catalog.getState().confirmation?.serial === confirmation.serial) catalog.setState({ confirmation: null });
    }, CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [confirmation, catalog]);

  const listRef = useRef<HTMLUListElement>(null);

  // the line that just changed comes into view, even at the bottom of a long list
  useEffect(() => {
    if (!confirmation) return;
    const lines = listRef.current?.querySelectorAll<HTMLElement>('[data-product-id]') ?? [];
    const line = Array.from(lines).find((element) => element.dataset.productId === confirmation.productId);
    // scrollIntoView is missing where there is no layout (jsdom)
    line?.scrollIntoView?.({ block: 'nearest' });
  }, [confirmation]);

  const itemCount = pending.reduce((sum, line) => sum + line.quantity, 0);
  const totalMinor = pending.reduce((sum, line) => sum + line.priceMinor * line.quantity, 0);

  return (
    <aside className="pending" aria-labelledby="pending-title">
      <div className="pending-head">
        <h2 id="pending-title" className="pending-title">
          Pending items
        </h2>
        <span className="pending-count">{itemCount === 1 ? '1 item' : `${itemCount} items`}</span>
      </div>

      <div className="pending-messages">
        <div role="status" aria-live="polite" className={confirmation ? 'toast toast-ok' : 'toast toast-empty'}>
          {confirmation && (
            <>
              <span className="toast-icon" aria-hidden="true">
                ✓
              </span>
              <span>
                {confirmation.source === 'scan' ? 'Scanned' : 'Added'}: <strong>{confirmation.name}</strong>{' '}
                {formatMoney(confirmation.priceMinor, currency)}
                {confirmation.quantity > 1 ? ` (now ×${confirmation.quantity})` : ''}
              </span>
            </>
          )}
          {!confirmation && scansInFlight > 0 && <span>Looking up barcode…</span>}
        </div>
        <ErrorAlert error={scanError} />
      </div>

      {pending.length === 0 ? (
        <p className="pending-empty">Scan a barcode, or pick a product and press Enter, to add it here.</p>
      ) : (
        <ul ref={listRef} className="pending-list">
          {pending.map((line) => (
            <li
              key={line.productId}
              className={`pending-line${confirmation?.productId === line.productId ? ' pending-line-fresh' : ''}`}
              data-testid="pending-line"
              data-product-id={line.productId}
            >
              <span className="pending-name">{line.name}</span>
              <span className="pending-line-total">{formatMoney(line.priceMinor * line.quantity, currency)}</span>
              <span className="pending-meta">
                {line.sku}
                <br />
                {formatMoney(line.priceMinor, currency)} each
              </span>
              <div className="stepper">
                <button
                  type="button"
                  className="stepper-button"
                  aria-label={`One less ${line.name}`}
                  onClick={() => catalog.getState().changeQuantity(line.productId, -1)}
                >
                  −
                </button>
                <span className="stepper-value">
                  <span className="visually-hidden">Quantity </span>
                  {line.quantity}
                </span>
                <button
                  type="button"
                  className="stepper-button"
                  aria-label={`One more ${line.name}`}
                  onClick={() => catalog.getState().changeQuantity(line.productId, 1)}
                >
                  +
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <div className="pending-foot">
        <div className="pending-total">
          <span>Total</span>
          <strong>{formatMoney(totalMinor, currency)}</strong>
        </div>
        <button
          type="button"
          className="button button-ghost"
          disabled={pending.length === 0}
          onClick={() => catalog.getState().clearPending()}
        >
          Clear list
        </button>
      </div>
    </aside>
  );
}
