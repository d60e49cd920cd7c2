import { useEffect, useId, useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import { mulDivRound } from '../../shared/pricing';
import { formatKg, formatQuantity, GRAMS_PER_KG } from '../../shared/quantity';
import type { Result } from '../../shared/result';
import { stripScan } from '../checkout/scan';
import { readWeight } from '../checkout/weight';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody, LineGoneDialog } from '../components/Dialog';
import { NumericKeypad } from '../components/NumericKeypad';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useSaleActions } from '../screens/useSaleActions';
import type { CartLine, CartNotice, Product } from '../stores/cart';
import { useCart, useServices, useSession } from '../stores/context';
import { isManager } from '../stores/session';

const MAX_TEXT = 12;

/** A product sold by weight, scanned or picked: its weight (in kg) goes on its line, added to what is there. */
export function WeighDialog({ product, source, onClose }: { product: Product; source: CartNotice['source']; onClose(): void }) {
  const { cart } = useServices();
  const line = useCart((s) => s.lines.find((entry) => entry.productId === product.id) ?? null);
  const onLine = line?.quantity ?? 0;
  return (
    <WeightForm
      name={product.name}
      kgPriceMinor={line?.priceOverrideMinor ?? product.priceMinor}
      initialText=""
      onLineGrams={onLine}
      submitLabel="Add to sale"
      note={
        line
          ? (grams) =>
              `${formatQuantity(onLine, true)} is on the sale already${grams === null ? '.' : `: ${formatQuantity(onLine + grams, true)} in all.`}`
          : null
      }
      onClose={onClose}
      onWeight={async (grams) => cart.getState().addProduct(product, source, grams)}
    />
  );
}

/** A weighed line weighed again: the new weight replaces the line's (less is a removal a manager approves). */
export function ReweighDialog({ productId, onClose }: { productId: string; onClose(): void }) {
  const { setWeight } = useSaleActions();
  const staff = useSession((s) => s.staff);
  const line = useCart((s) => s.lines.find((entry) => entry.productId === productId) ?? null);
  if (!line?.weighed) {
    return <LineGoneDialog title="Weigh again" onClose={onClose} />;
  }
  const current: CartLine = line;
  return (
    <WeightForm
      name={current.name}
      kgPriceMinor={current.priceOverrideMinor ?? current.unitPriceMinor}
      initialText={formatKg(current.quantity)}
      onLineGrams={0}
      submitLabel="Set weight"
      note={(grams) =>
        grams !== null && grams < current.quantity && !isManager(staff)
          ? `On the sale now: ${formatQuantity(current.quantity, true)}. Less is a removal: a manager approves taking ${formatQuantity(current.quantity - grams, true)} off.`
          : `On the sale now: ${formatQuantity(current.quantity, true)}. The new weight replaces it.`
      }
      onClose={onClose}
      onWeight={(grams) => setWeight(current, grams)}
    />
  );
}

interface WeightFormProps {
  name: string;
  kgPriceMinor: number;
  initialText: string;
  /** what the line holds before this weight is added to it (0 when the weight replaces the line's) */
  onLineGrams: number;
  submitLabel: string;
  /** a line under the price, from the weight typed so far (null while it is no weight) */
  note: ((grams: number | null) => string) | null;
  onClose(): void;
  /** apply the weight: null keeps the dialog open as it is (a manager's approval was cancelled) */
  onWeight(grams: number): Promise<Result<null> | null>;
}

/** The weight field in kg, a keypad with a decimal point, the price as it is typed; Enter confirms, Esc cancels. */
function WeightForm({ name, kgPriceMinor, initialText, onLineGrams, submitLabel, note, onClose, onWeight }: WeightFormProps) {
  const currency = useSession((s) => s.currency);
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  // the weighing dialog always had its keypad: it goes only where the store turned keypads off
  const showKeypad = useTouchKeypad({ evenWithoutTouch: true });

  // typing, or the first key of the keypad, replaces a weight shown at the start (the Dialog has focused the field already)
  useEffect(() => {
    inputRef.current?.select();
  }, []);

  // the price shows only for a weight that could go on a line
  const reading = readWeight(text);
  const typed = reading.ok ? reading.grams : null;
  const priceMinor = typed === null ? null : mulDivRound(typed, kgPriceMinor, GRAMS_PER_KG);

  useBarcodeScanner((code) => {
    setText((value) => stripScan(value, code));
    setError(`That was a barcode scan. Enter the weight of “${name}” first, or press Esc to cancel.`);
  });

  const change = (next: string) => {
    setText(next.slice(0, MAX_TEXT));
    setError(null);
  };

  const submit = async () => {
    if (busy) return;
    const reading = readWeight(text, onLineGrams);
    if (!reading.ok) {
      setError(reading.message);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await onWeight(reading.grams);
    setBusy(false);
    if (result === null) {
      inputRef.current?.focus();
      return;
    }
    if (!result.ok) {
      setError(result.error.message);
      inputRef.current?.focus();
      return;
    }
    onClose();
  };

  return (
    <Dialog
      title={`Weigh ${name}`}
      subtitle={`${formatMoney(kgPriceMinor, currency)} per kg`}
      onClose={onClose}
      size="medium"
      initialFocus={inputRef}
      busy={busy}
    >
      <DialogBody className="weigh">
        <div className="weigh-main">
          <div className={`field weight-field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-weight`} className="field-label">
              Weight in kg
            </label>
            <span id={`${id}-hint`} className="field-hint">
              Up to 3 decimals: 0.750 is 750 g. At most 1000 kg.
            </span>
            <div className="weight-input">
              <input
                ref={inputRef}
                id={`${id}-weight`}
                className="input"
                type="text"
                inputMode={showKeypad ? 'none' : 'decimal'}
                autoComplete="off"
                spellCheck={false}
                data-testid="weight-input"
                value={text}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
                onChange={(event) => change(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    void submit();
                  }
                }}
              />
              <span className="weight-unit" aria-hidden="true">
                kg
              </span>
            </div>
          </div>
          <dl className="pay-lines weigh-lines">
            <div>
              <dt>Price per kg</dt>
              <dd>{formatMoney(kgPriceMinor, currency)}</dd>
            </div>
            <div className="pay-due">
              <dt>{typed === null ? 'Price' : `Price of ${formatQuantity(typed, true)}`}</dt>
              <dd data-testid="weigh-price" aria-live="polite">
                {priceMinor === null ? '—' : formatMoney(priceMinor, currency)}
              </dd>
            </div>
          </dl>
          {note && <p className="muted weigh-note">{note(typed)}</p>}
          <div id={`${id}-error`}>
            <ErrorAlert error={error ? { code: 'VALIDATION', message: error } : null} />
          </div>
        </div>
        {/* the weight as keyed: ".5" is half a kilo (readWeight takes it), so no 0 is put before the point */}
        {showKeypad && <NumericKeypad target={inputRef} label="Weight keypad" decimal zeroBeforePoint={false} disabled={busy} />}
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-primary button-large" disabled={busy} onClick={() => void submit()}>
          {submitLabel} <kbd>Enter</kbd>
        </button>
      </DialogActions>
    </Dialog>
  );
}
