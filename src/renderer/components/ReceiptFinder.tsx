import { type RefObject, useId } from 'react';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { NumericKeypad } from './NumericKeypad';

/** The receipt field of the refund and reprint dialogs: scan the receipt's barcode, or type its code or number. */
export function ReceiptFinder({
  text,
  onText,
  onFind,
  busy,
  inputRef,
  findLabel,
}: {
  text: string;
  onText(text: string): void;
  onFind(text: string): void;
  busy: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  findLabel: string;
}) {
  const id = useId();
  // the receipt's number typed on the touch keypad (a code such as T1-000042 is scanned, or typed on a keyboard)
  const showKeypad = useTouchKeypad();
  return (
    <form
      className={showKeypad ? 'refund-find-form receipt-finder-keypad' : 'refund-find-form'}
      onSubmit={(event) => {
        event.preventDefault();
        onFind(text);
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor={`${id}-receipt`}>
          Receipt
        </label>
        <span className="field-hint" id={`${id}-hint`}>
          Scan the barcode at the bottom of the receipt, or type its code (such as T1-000042) or number.
        </span>
        <div className="inline-form">
          <input
            ref={inputRef}
            id={`${id}-receipt`}
            className="input input-large"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            value={text}
            onChange={(event) => onText(event.target.value)}
          />
          <button type="submit" className="button button-primary button-large" disabled={busy}>
            {busy ? 'Finding…' : findLabel}
          </button>
        </div>
      </div>
      {showKeypad && <NumericKeypad target={inputRef} label="Receipt number keypad" disabled={busy} />}
    </form>
  );
}
