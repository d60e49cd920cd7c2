import { useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogBody, RecordActions } from '../components/Dialog';
import { useManagerApproval } from '../components/ManagerApproval';
import { MoneyField, parseAmount } from '../components/MoneyField';
import { ReasonField } from '../components/ReasonField';
import { Segmented } from '../components/Segmented';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useSession } from '../stores/context';

type Direction = 'paid_in' | 'paid_out';

/** Money into or out of the drawer that is not a sale (change delivered, a supplier paid): paid-out needs a manager. */
export function CashMovementDialog({ direction: initial, onClose }: { direction: Direction; onClose(): void }) {
  const { api } = useServices();
  const requestApproval = useManagerApproval();
  const currency = useSession((s) => s.currency);
  const [direction, setDirection] = useState<Direction>(initial);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  useBarcodeScanner((code) => {
    setAmountText((value) => stripScan(value, code));
    setReason((value) => stripScan(value, code));
  });

  const submit = async () => {
    const amountMinor = parseAmount(amountText, currency);
    if (amountMinor === null || amountMinor <= 0) {
      setError({ code: 'VALIDATION', message: 'Enter an amount above zero, such as 20.00.' });
      amountRef.current?.focus();
      return;
    }
    if (reason.trim().length < 2) {
      setError({ code: 'VALIDATION', message: 'Say what the money is for (at least 2 letters).' });
      reasonRef.current?.focus();
      return;
    }
    let approvalId: string | undefined;
    if (direction === 'paid_out') {
      const approval = await requestApproval(
        { action: 'paidOut', terms: { maxAmountMinor: amountMinor } },
        `Take ${formatMoney(amountMinor, currency)} out of the drawer: ${reason.trim()}.`,
      );
      if (!approval) return;
      approvalId = approval.approvalId;
    }
    setBusy(true);
    setError(null);
    const result = await api.invoke('shift.cashMovement', {
      kind: direction,
      amountMinor,
      reason: reason.trim(),
      ...(approvalId ? { approvalId } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDone(
      direction === 'paid_in'
        ? `${formatMoney(amountMinor, currency)} paid in. Put it in the drawer.`
        : `${formatMoney(amountMinor, currency)} paid out. Take it from the drawer.`,
    );
    setTimeout(() => doneRef.current?.focus(), 0);
  };

  return (
    <Dialog title={direction === 'paid_in' ? 'Paid in' : 'Paid out'} onClose={onClose} size="small" initialFocus={amountRef} busy={busy}>
      <DialogBody>
        {done ? (
          <p className="alert alert-success" role="status">
            {done}
          </p>
        ) : (
          <>
            <Segmented
              label="Direction"
              options={[
                ['paid_in', 'Paid in'],
                ['paid_out', 'Paid out'],
              ]}
              value={direction}
              onChange={setDirection}
              disabled={busy}
            />
            <MoneyField
              label="Amount"
              value={amountText}
              onChange={(value) => {
                setAmountText(value);
                setError(null);
              }}
              currency={currency}
              size="large"
              inputRef={amountRef}
              onEnter={() => reasonRef.current?.focus()}
              keypad="beside"
            />
            <ReasonField
              id="movement-reason"
              inputRef={reasonRef}
              value={reason}
              onChange={(value) => {
                setReason(value);
                setError(null);
              }}
              onEnter={() => void submit()}
            />
            {direction === 'paid_out' && <p className="muted">Taking money out needs a manager's PIN.</p>}
            <ErrorAlert error={error} />
          </>
        )}
      </DialogBody>
      <RecordActions
        done={done !== null}
        busy={busy}
        onClose={onClose}
        doneRef={doneRef}
        label={direction === 'paid_in' ? 'Record paid in' : 'Record paid out'}
        onRecord={() => void submit()}
      />
    </Dialog>
  );
}
