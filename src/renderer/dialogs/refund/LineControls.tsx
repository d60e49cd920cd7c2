import { useId } from 'react';
import { formatQuantity } from '../../../shared/quantity';

/** − [n] + for a refund quantity, limited to what is left. */
export function RefundQuantity({
  name,
  value,
  max,
  onChange,
}: {
  name: string;
  value: number;
  max: number;
  onChange(quantity: number): void;
}) {
  const id = useId();
  return (
    <div className="stepper">
      <button
        type="button"
        className="stepper-button"
        aria-label={`One less ${name}`}
        disabled={value <= 0}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <label htmlFor={id} className="visually-hidden">
        Refund quantity of {name} (at most {max})
      </label>
      <input
        id={id}
        className="qty-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={String(value)}
        onFocus={(event) => event.target.select()}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '').slice(0, 7);
          onChange(digits === '' ? 0 : Number(digits));
        }}
      />
      <button
        type="button"
        className="stepper-button"
        aria-label={`One more ${name}`}
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

/** A weighed line is refunded whole or not at all: one switch, with its weight. */
export function RefundWhole({
  name,
  grams,
  checked,
  onChange,
}: {
  name: string;
  grams: number;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  const text = `Refund all ${formatQuantity(grams, true)}`;
  return (
    <label className="toggle">
      <input type="checkbox" aria-label={`${text} of ${name}`} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{text}</span>
    </label>
  );
}
