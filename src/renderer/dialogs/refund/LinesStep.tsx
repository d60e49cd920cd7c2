import { type RefObject, useEffect, useRef } from 'react';
import { formatMoney } from '../../../shared/money';
import { sumByMethod } from '../../../shared/pricing';
import { formatQuantity } from '../../../shared/quantity';
import { type RefundPick, refundableQuantity, type Sale, type SaleLine } from '../../checkout/refund';
import { stripScan } from '../../checkout/scan';
import { ErrorAlert } from '../../components/Alert';
import { DialogBody } from '../../components/Dialog';
import { useBarcodeScanner } from '../../scanner/useBarcodeScanner';
import { playTone } from '../../sound';
import { useServices, useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { RefundQuantity, RefundWhole, RestockToggle, undoTypedScan } from './LineControls';
import { RefundFooter } from './RefundFooter';
import { RefundOptions } from './RefundOptions';
import { saleTime, useRefund } from './useRefund';

/** The receipt found: when, who, its total and how it was paid. */
function SaleSummary({ sale }: { sale: Sale }) {
  const currency = useSession((s) => s.currency);
  const { cardMinor: card, cashMinor: cash } = sumByMethod(sale.payments);
  return (
    <div className="refund-sale">
      <span>
        <strong>Receipt {sale.receiptCode}</strong> · {saleTime(sale.createdAt)} · {sale.staffName}
      </span>
      <span>
        Total {formatMoney(sale.totalMinor, currency)}
        {card > 0 ? ` · card ${formatMoney(card, currency)}` : ''}
        {cash > 0 ? ` · cash ${formatMoney(cash, currency)}` : ''}
      </span>
    </div>
  );
}

/** What the last scan did: the line it selected (polite), or why it selected none (an alert). */
function ScanNotice({ store }: { store: RefundStore }) {
  const notice = useRefund(store, (s) => s.scanNotice);
  return (
    <div className="refund-scan-notice">
      {notice?.kind === 'error' ? (
        <ErrorAlert error={{ code: 'NOT_FOUND', message: notice.text }} />
      ) : (
        <p role="status" className={notice ? 'refund-scan-ok' : 'muted'}>
          {notice ? notice.text : 'Scan what comes back to select its line, or choose below.'}
        </p>
      )}
    </div>
  );
}

/** One sold line: what was sold and paid, what of it comes back, and whether it is restocked. */
function SaleLineRow({
  store,
  line,
  pick,
  scannedSerial,
  onEnter,
}: {
  store: RefundStore;
  line: SaleLine;
  pick: RefundPick;
  /** changes each time a scan selects this line: the row takes the focus */
  scannedSerial: number | null;
  onEnter(): void;
}) {
  const currency = useSession((s) => s.currency);
  const left = refundableQuantity(line);
  const controlRef = useRef<HTMLInputElement>(null);
  const rowRef = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    if (scannedSerial === null) return;
    // the scanned line has the keyboard: a number typed corrects its quantity, Enter goes on to the reason
    controlRef.current?.focus();
    rowRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [scannedSerial]);

  const rowClass = [left === 0 ? 'refund-row-done' : '', scannedSerial !== null ? 'refund-row-scanned' : ''].filter(Boolean).join(' ');
  return (
    <tr ref={rowRef} className={rowClass || undefined} data-testid="refund-line">
      <td>
        <span className="refund-name">{line.name}</span>
        <span className="muted refund-sku">
          {line.sku}
          {line.refundedQuantity > 0 ? ` · ${formatQuantity(line.refundedQuantity, line.weighed)} refunded before` : ''}
        </span>
      </td>
      <td className="num">
        {formatQuantity(line.quantity, line.weighed)}
        {line.weighed && (
          <span className="muted refund-sku">
            × {formatMoney(line.unitPriceMinor, currency)}
            /kg
          </span>
        )}
      </td>
      <td className="num">{formatMoney(line.totalMinor, currency)}</td>
      <td>
        {left === 0 ? (
          <span className="muted">Refunded in full</span>
        ) : line.weighed ? (
          <RefundWhole
            name={line.name}
            grams={left}
            checked={pick.quantity > 0}
            inputRef={controlRef}
            onEnter={onEnter}
            onChange={(on) => store.getState().setQuantity(line.id, on ? left : 0)}
          />
        ) : (
          <RefundQuantity
            name={line.name}
            value={pick.quantity}
            max={left}
            lineKey={line.id}
            inputRef={controlRef}
            onEnter={onEnter}
            onChange={(q) => store.getState().setQuantity(line.id, q)}
          />
        )}
      </td>
      <td>{left > 0 && <RestockToggle checked={pick.restock} onChange={(on) => store.getState().setRestock(line.id, on)} />}</td>
    </tr>
  );
}

/** Whether this dialog is the one on top (a manager's PIN prompt over it takes the scans for itself). */
function onTop(inside: RefObject<HTMLElement | null>): boolean {
  const mine = inside.current?.closest('[role="dialog"]');
  const all = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
  return mine !== undefined && mine !== null && all[all.length - 1] === mine;
}

/**
 * A receipt refund: the lines of the sale, each up to what is left of it. A product scanned selects
 * its line and adds one unit (a weighed line: all of it), with the ok tone; one not on the receipt
 * is said so, with the error tone. Focus order after the lines: pay back, reason, Refund.
 */
export function LinesStep({ store }: { store: RefundStore }) {
  const { session } = useServices();
  const sale = useRefund(store, (s) => s.sale);
  const picks = useRefund(store, (s) => s.picks);
  const error = useRefund(store, (s) => s.error);
  const busy = useRefund(store, (s) => s.busy);
  const scanned = useRefund(store, (s) => s.scanned);
  const reasonRef = useRef<HTMLInputElement>(null);
  const topRef = useRef<HTMLDivElement>(null);

  useBarcodeScanner(
    (code) => {
      if (!onTop(topRef)) return;
      const state = store.getState();
      // the scanner typed its code into the focused field first: take it back out
      if (!undoTypedScan((lineId, quantity) => state.setQuantity(lineId, quantity)) && document.activeElement === reasonRef.current) {
        state.setReason(stripScan(state.reason, code));
      }
      void state.scanLine(code).then((outcome) => {
        playTone(outcome.ok ? 'ok' : 'error', session.getState().settings?.sound);
      });
    },
    { enabled: !busy },
  );

  if (!sale) return null;
  const anyLeft = sale.lines.some((line) => refundableQuantity(line) > 0);
  const toReason = () => reasonRef.current?.focus();
  return (
    <>
      <DialogBody className="refund-lines">
        <div ref={topRef} className="refund-lines-head">
          <SaleSummary sale={sale} />
          <button type="button" className="button" disabled={!anyLeft} onClick={() => store.getState().pickAll()}>
            Everything that is left
          </button>
        </div>
        <ScanNotice store={store} />
        <table className="refund-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Sold
              </th>
              <th scope="col" className="num">
                Paid
              </th>
              <th scope="col">Refund</th>
              <th scope="col">Back on the shelf</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((line) => (
              <SaleLineRow
                key={line.id}
                store={store}
                line={line}
                pick={picks.get(line.id) ?? { quantity: 0, restock: true }}
                scannedSerial={scanned?.lineId === line.id ? scanned.serial : null}
                onEnter={toReason}
              />
            ))}
          </tbody>
        </table>
        <RefundOptions store={store} withOriginal reasonRef={reasonRef} />
        <ErrorAlert error={error} />
      </DialogBody>
      <RefundFooter store={store} />
    </>
  );
}
