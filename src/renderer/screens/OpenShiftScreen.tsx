import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { countedTotal } from '../checkout/denominations';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { DenominationCount } from '../components/DenominationCount';
import { MoneyField, parseAmount } from '../components/MoneyField';
import { NumericKeypad, useLastFocusedField } from '../components/NumericKeypad';
import { Segmented } from '../components/Segmented';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useSession } from '../stores/context';

type Mode = 'amount' | 'count';

/** The shift gate: nothing is sold before the float in the drawer is counted and the shift opened. */
export function OpenShiftScreen() {
  const { shift } = useServices();
  const currency = useSession((s) => s.currency);
  const staff = useSession((s) => s.staff);
  const id = useId();
  const [mode, setMode] = useState<Mode>('amount');
  const [text, setText] = useState('');
  const [counts, setCounts] = useState<Map<number, number>>(new Map());
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const showKeypad = useTouchKeypad();
  // counted note by note: the keypad types into the count that last had the focus (the first at the start)
  const counting = useLastFocusedField();

  useEffect(() => {
    if (mode === 'amount') amountRef.current?.focus();
  }, [mode]);

  useBarcodeScanner((code) => {
    setText((current) => stripScan(current, code));
    setError({ code: 'VALIDATION', message: 'That was a barcode scan. Open the shift first, then scan products.' });
  });

  const floatMinor = mode === 'amount' ? parseAmount(text, currency) : countedTotal(counts);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (floatMinor === null) {
      setFieldError(text.trim() === '' ? 'Enter the cash float, or 0 for an empty drawer.' : 'Enter an amount such as 150.00.');
      amountRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    setError(null);
    const result = await shift.getState().open(floatMinor);
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
    }
  };

  return (
    <main className="screen screen-center" aria-labelledby={`${id}-title`}>
      <form className="panel open-shift-panel" onSubmit={(event) => void submit(event)} noValidate>
        <h1 id={`${id}-title`} className="screen-title">
          Open the shift
        </h1>
        <p className="screen-lead">{staff ? `${staff.name}, count` : 'Count'} the cash float in the drawer before the first sale.</p>
        <Segmented
          label="How to count the float"
          options={[
            ['amount', 'Type the amount'],
            ['count', 'Count notes and coins'],
          ]}
          value={mode}
          onChange={setMode}
        />
        {mode === 'amount' ? (
          <MoneyField
            label="Cash float"
            hint="The money in the drawer now, in notes and coins."
            value={text}
            onChange={(next) => {
              setText(next);
              setFieldError(null);
            }}
            currency={currency}
            size="large"
            inputRef={amountRef}
            error={fieldError}
            keypad="beside"
          />
        ) : showKeypad ? (
          <div ref={counting.container} className="count-keypad">
            <DenominationCount currency={currency} counts={counts} onChange={setCounts} />
            <NumericKeypad target={counting.target} label="Count keypad" />
          </div>
        ) : (
          <DenominationCount currency={currency} counts={counts} onChange={setCounts} />
        )}
        {/* stays at the bottom of the screen while the notes and coins scroll: Open shift is always in view */}
        <div className="open-shift-foot">
          <ErrorAlert error={error} />
          <div className="open-shift-submit">
            <p className="open-shift-total" aria-live="polite">
              Float: <strong>{floatMinor === null ? '—' : formatMoney(floatMinor, currency)}</strong>
            </p>
            <button type="submit" className="button button-primary button-large" disabled={busy}>
              {busy ? 'Opening…' : 'Open shift'}
            </button>
          </div>
        </div>
      </form>
    </main>
  );
}
