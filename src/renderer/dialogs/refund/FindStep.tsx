import { useEffect, useRef, useState } from 'react';
import { stripScan } from '../../checkout/scan';
import { ErrorAlert } from '../../components/Alert';
import { DialogActions, DialogBody } from '../../components/Dialog';
import { ReceiptFinder } from '../../components/ReceiptFinder';
import { useBarcodeScanner } from '../../scanner/useBarcodeScanner';
import { useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { isManager } from '../../stores/session';
import { RecentReceipts, recentTabStop } from './RecentReceipts';
import { useRefund } from './useRefund';

/** The first step: the receipt's number or barcode, a sale of the shift picked from its latest receipts, or a refund without a receipt. */
export function FindStep({ store }: { store: RefundStore }) {
  const staff = useSession((s) => s.staff);
  const error = useRefund(store, (s) => s.error);
  const busy = useRefund(store, (s) => s.busy);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useBarcodeScanner((code) => setText((value) => stripScan(value, code)));

  // a manager approves the refund itself, for its amount, when it is submitted
  const withoutReceipt = () => store.getState().startWithoutReceipt();

  return (
    <>
      <DialogBody className="refund-find">
        {/* ↓ in the receipt field goes down into the shift's receipts */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: only passes on the arrow key of the field inside */}
        <div
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown' || event.target !== inputRef.current) return;
            const first = recentTabStop(listRef.current);
            if (!first) return;
            event.preventDefault();
            first.focus();
          }}
        >
          <ReceiptFinder
            text={text}
            onText={setText}
            onFind={(receipt) => void store.getState().find(receipt)}
            busy={busy}
            inputRef={inputRef}
            findLabel="Find sale"
          />
        </div>
        <ErrorAlert error={error} />
        <div ref={listRef}>
          <RecentReceipts store={store} />
        </div>
      </DialogBody>
      <DialogActions>
        <div className="refund-noreceipt-bar">
          <span>
            <strong>No receipt?</strong>{' '}
            {isManager(staff) ? 'Goods can come back at today’s price.' : 'A manager can allow a refund at today’s price.'}
          </span>
          <button type="button" className="button" onClick={withoutReceipt}>
            Refund without a receipt
          </button>
        </div>
        <span className="muted">Esc closes</span>
      </DialogActions>
    </>
  );
}
