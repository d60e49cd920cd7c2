import { useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody, LineGoneDialog } from '../components/Dialog';
import { useManagerApproval } from '../components/ManagerApproval';
import { amountText, MoneyField, parseAmount } from '../components/MoneyField';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useCart, useServices, useSession } from '../stores/context';

/** A price other than the catalogue's for one line: always a manager's decision. */
export function PriceDialog({ productId, onClose }: { productId: string; onClose(): void }) {
  const { cart } = useServices();
  const requestApproval = useManagerApproval();
  const currency = useSession((s) => s.currency);
  const line = useCart((s) => s.lines.find((entry) => entry.productId === productId) ?? null);
  const cartId = useCart((s) => s.id);
  const [text, setText] = useState(() => (line ? amountText(line.priceOverrideMinor ?? line.unitPriceMinor, currency) : ''));
  const [error, setError] = useState<AppErrorData | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useBarcodeScanner((code) => setText((value) => stripScan(value, code)));

  if (!line) {
    return <LineGoneDialog title="Change price" onClose={onClose} />;
  }

  // a weighed line is priced per kg
  const per = line.weighed ? '/kg' : '';

  const apply = async (priceMinor: number | null) => {
    let approvalId: string | undefined;
    if (priceMinor !== null && priceMinor !== line.unitPriceMinor) {
      const approval = await requestApproval(
        {
          action: 'priceOverride',
          ...(cartId ? { targetId: cartId } : {}),
          terms: { productId: line.productId, priceMinor, maxQuantity: line.quantity },
        },
        `Sell “${line.name}” at ${formatMoney(priceMinor, currency)}${per} instead of ${formatMoney(line.unitPriceMinor, currency)}${per}.`,
      );
      if (!approval) return;
      approvalId = approval.approvalId;
    }
    const result = await cart.getState().setPriceOverride(line.productId, priceMinor, approvalId);
    if (result.ok) onClose();
    else setError(result.error);
  };

  const submit = () => {
    const priceMinor = parseAmount(text, currency);
    if (priceMinor === null) {
      setError({ code: 'VALIDATION', message: 'Enter a price, such as 1.99.' });
      inputRef.current?.focus();
      return;
    }
    void apply(priceMinor);
  };

  return (
    <Dialog title="Change price" subtitle={line.name} onClose={onClose} size="small" initialFocus={inputRef}>
      <DialogBody>
        <dl className="pay-lines">
          <div>
            <dt>Catalogue price</dt>
            <dd>
              {formatMoney(line.unitPriceMinor, currency)}
              {per}
            </dd>
          </div>
        </dl>
        <MoneyField
          label={line.weighed ? 'New price per kg' : 'New price each'}
          value={text}
          onChange={(value) => {
            setText(value);
            setError(null);
          }}
          currency={currency}
          size="large"
          inputRef={inputRef}
          onEnter={submit}
          hint="A manager approves a changed price."
          keypad="beside"
        />
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        {line.priceOverrideMinor !== undefined ? (
          <button type="button" className="button" onClick={() => void apply(null)}>
            Back to catalogue price
          </button>
        ) : (
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        )}
        <button type="button" className="button button-primary button-large" onClick={submit}>
          Set price
        </button>
      </DialogActions>
    </Dialog>
  );
}
