import { useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogBody, RecordActions } from '../components/Dialog';
import { useManagerApproval, withApprovals } from '../components/ManagerApproval';
import { ReasonField } from '../components/ReasonField';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices } from '../stores/context';

const REASONS = ['Change for a customer', 'Check the drawer', 'Correct a mistake'];

/** F10: open the drawer without a sale — always with a reason, always recorded. */
export function NoSaleDialog({ onClose }: { onClose(): void }) {
  const { api } = useServices();
  const requestApproval = useManagerApproval();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useBarcodeScanner((code) => setReason((value) => stripScan(value, code)));

  const submit = async (text: string) => {
    if (text.trim().length < 2) {
      setError({ code: 'VALIDATION', message: 'Say why the drawer is opened (at least 2 letters).' });
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    // a store may want a manager for every no-sale: the core says so, the manager approves on the spot
    const result = await withApprovals(requestApproval, ([approvalId]) =>
      api.invoke('shift.noSale', { reason: text.trim(), ...(approvalId ? { approvalId } : {}) }),
    );
    if (!result?.ok) {
      setBusy(false);
      if (result) setError(result.error);
      return;
    }
    // the no-sale is recorded; a drawer wired to the receipt printer opens now, for this no-sale only
    const kick = await api.invoke('receipt.kickDrawer', { noSaleId: result.data.id });
    setBusy(false);
    setDone(kick.ok && kick.data.kicked ? 'No sale recorded. The drawer is open.' : 'No sale recorded. Open the drawer with its key.');
    setTimeout(() => closeRef.current?.focus(), 0);
  };

  return (
    <Dialog title="No sale" subtitle="Open the drawer without a sale" onClose={onClose} size="small" initialFocus={inputRef} busy={busy}>
      <DialogBody>
        {done ? (
          <p className="alert alert-success" role="status">
            {done}
          </p>
        ) : (
          <>
            <ReasonField
              id="nosale-reason"
              inputRef={inputRef}
              value={reason}
              onChange={(value) => {
                setReason(value);
                setError(null);
              }}
              onEnter={() => void submit(reason)}
            />
            {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form fieldset */}
            <div className="quick-cash" role="group" aria-label="Common reasons">
              {REASONS.map((text) => (
                <button
                  key={text}
                  type="button"
                  className="quick-cash-button quick-reason"
                  disabled={busy}
                  onClick={() => void submit(text)}
                >
                  {text}
                </button>
              ))}
            </div>
            <ErrorAlert error={error} />
          </>
        )}
      </DialogBody>
      <RecordActions
        done={done !== null}
        busy={busy}
        onClose={onClose}
        doneRef={closeRef}
        label="Open drawer"
        onRecord={() => void submit(reason)}
      />
    </Dialog>
  );
}
