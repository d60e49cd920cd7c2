import { type KeyboardEvent, type Ref, useId, useRef } from 'react';
import { formatQuantity } from '../../../shared/quantity';

/**
 * Keys further apart than this are a person's; closer, a scanner's burst (the scan detector's
 * default gap). A field remembers its value from before each burst, so a scan typed into it can be
 * taken back (`undoTypedScan`).
 */
const SCAN_KEY_GAP_MS = 35;

/** The data attribute a quantity field keeps its value from before the keys being typed in. */
const BEFORE_TYPING = 'refundBefore';

/**
 * A scanner types its code into the focused field before its Enter tells it was a scan: put a
 * refund quantity field it typed into back to its value from before (for `setQuantity` of its
 * line, named by `data-refund-line`). True when it did.
 */
export function undoTypedScan(setQuantity: (key: string, quantity: number) => void): boolean {
  const active = document.activeElement;
  if (!(active instanceof HTMLInputElement)) return false;
  const key = active.dataset.refundLine;
  const before = active.dataset[BEFORE_TYPING];
  if (!key || before === undefined) return false;
  setQuantity(key, Number(before));
  return true;
}

/**
 * − [n] + for a refund quantity, limited to what is left. The field is the one Tab stop (type the
 * number, or ↑ ↓ for one more or less); − and + are for the pointer. Enter calls `onEnter` (the
 * lines step moves on to the reason, then Enter there refunds).
 */
export function RefundQuantity({
  name,
  value,
  max,
  onChange,
  lineKey,
  inputRef,
  onEnter,
}: {
  name: string;
  value: number;
  max: number;
  onChange(quantity: number): void;
  /** what `undoTypedScan` hands back to the caller's setter: the line's id */
  lineKey?: string;
  inputRef?: Ref<HTMLInputElement>;
  onEnter?: () => void;
}) {
  const id = useId();
  const lastKeyAt = useRef(Number.NEGATIVE_INFINITY);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const at = event.timeStamp > 0 ? event.timeStamp : Date.now();
    if (at - lastKeyAt.current >= SCAN_KEY_GAP_MS) event.currentTarget.dataset[BEFORE_TYPING] = String(value);
    lastKeyAt.current = at;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      onChange(Math.min(max, Math.max(0, value + (event.key === 'ArrowUp' ? 1 : -1))));
    } else if (event.key === 'Enter' && onEnter) {
      event.preventDefault();
      onEnter();
    }
  };
  return (
    <div className="stepper">
      <button
        type="button"
        className="stepper-button"
        aria-label={`One less ${name}`}
        tabIndex={-1}
        disabled={value <= 0}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <label htmlFor={id} className="visually-hidden">
        Refund quantity of {name} (at most {max})
      </label>
      <input
        ref={inputRef}
        id={id}
        className="qty-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        data-refund-line={lineKey}
        value={String(value)}
        onFocus={(event) => event.target.select()}
        onKeyDown={onKeyDown}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '').slice(0, 7);
          onChange(digits === '' ? 0 : Number(digits));
        }}
      />
      <button
        type="button"
        className="stepper-button"
        aria-label={`One more ${name}`}
        tabIndex={-1}
        disabled={value >= max}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </div>
  );
}

/** Whether a refunded line goes back on the shelf (and into stock). */
export function RestockToggle({ checked, onChange }: { checked: boolean; onChange(on: boolean): void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>Restock</span>
    </label>
  );
}

/** A weighed line is refunded whole or not at all: one switch, with its weight (Enter calls `onEnter`, as in a quantity). */
export function RefundWhole({
  name,
  grams,
  checked,
  onChange,
  inputRef,
  onEnter,
}: {
  name: string;
  grams: number;
  checked: boolean;
  onChange(on: boolean): void;
  inputRef?: Ref<HTMLInputElement>;
  onEnter?: () => void;
}) {
  const text = `Refund all ${formatQuantity(grams, true)}`;
  return (
    <label className="toggle">
      <input
        ref={inputRef}
        type="checkbox"
        aria-label={`${text} of ${name}`}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && onEnter) {
            event.preventDefault();
            onEnter();
          }
        }}
      />
      <span>{text}</span>
    </label>
  );
}
