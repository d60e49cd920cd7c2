import { useId } from 'react';
import { currencyExponent, formatMoney } from '../../shared/money';
import { type Denomination, denominationsFor } from '../checkout/denominations';
import { selectOnFocus } from '../hooks/selectOnFocus';
import { useTouchKeypad } from '../hooks/useTouchKeypad';

const MAX_COUNT = 99_999;

/** "€50" for a whole note, "€0.50" for a coin below one. */
export function denominationLabel(minor: number, currency: string): string {
  const unit = 10 ** currencyExponent(currency);
  if (minor % unit === 0) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(
        minor / unit,
      );
    } catch {
      return formatMoney(minor, currency);
    }
  }
  return formatMoney(minor, currency);
}

function Row({
  denomination,
  count,
  currency,
  onCount,
  enterMovesOn,
  keypad,
}: {
  denomination: Denomination;
  count: number;
  currency: string;
  onCount(count: number): void;
  enterMovesOn: boolean;
  keypad: boolean;
}) {
  const id = useId();
  const label = denominationLabel(denomination.minor, currency);
  const set = (next: number) => onCount(Math.min(MAX_COUNT, Math.max(0, next)));
  return (
    <li className="denom-row">
      <label htmlFor={id} className="denom-label">
        {label}
        <span className="visually-hidden"> {denomination.kind === 'note' ? 'notes' : 'coins'}, count</span>
      </label>
      <button
        type="button"
        className="stepper-button"
        aria-label={`One less ${label}`}
        disabled={count === 0}
        onClick={() => set(count - 1)}
      >
        −
      </button>
      <input
        id={id}
        className="input denom-input"
        type="text"
        // an on-screen keypad types the counts: no system keyboard over it
        inputMode={keypad ? 'none' : 'numeric'}
        autoComplete="off"
        value={count === 0 ? '' : String(count)}
        placeholder="0"
        {...selectOnFocus}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '').slice(0, 5);
          set(digits === '' ? 0 : Number(digits));
        }}
        onKeyDown={(event) => {
          if (!enterMovesOn || event.key !== 'Enter') return;
          // the next note or coin, as on a counting sheet (the last one keeps the focus)
          event.preventDefault();
          const fields = Array.from(event.currentTarget.closest('.denoms')?.querySelectorAll<HTMLInputElement>('.denom-input') ?? []);
          fields[fields.indexOf(event.currentTarget) + 1]?.focus();
        }}
      />
      <button type="button" className="stepper-button" aria-label={`One more ${label}`} onClick={() => set(count + 1)}>
        +
      </button>
      <span className="denom-total">{count > 0 ? formatMoney(denomination.minor * count, currency) : ''}</span>
    </li>
  );
}

/**
 * Count the drawer note by note and coin by coin; the parent adds it up. `enterMovesOn`: Enter in a
 * count goes on to the next one (where Enter submits nothing). The on-screen keypad of a touch till is
 * the parent's (it types into the count that last had the focus: useLastFocusedField).
 */
export function DenominationCount({
  currency,
  counts,
  onChange,
  enterMovesOn = false,
}: {
  currency: string;
  counts: ReadonlyMap<number, number>;
  onChange(counts: Map<number, number>): void;
  enterMovesOn?: boolean;
}) {
  const keypad = useTouchKeypad();
  const all = denominationsFor(currency);
  const groups: { kind: Denomination['kind']; title: string; items: Denomination[] }[] = [
    { kind: 'note', title: 'Notes', items: all.filter((d) => d.kind === 'note') },
    { kind: 'coin', title: 'Coins', items: all.filter((d) => d.kind === 'coin') },
  ];
  return (
    <div className="denoms">
      {groups.map((group) => (
        <fieldset key={group.kind} className="denom-group">
          <legend>{group.title}</legend>
          <ul className="denom-list">
            {group.items.map((denomination) => (
              <Row
                key={denomination.minor}
                denomination={denomination}
                count={counts.get(denomination.minor) ?? 0}
                currency={currency}
                enterMovesOn={enterMovesOn}
                keypad={keypad}
                onCount={(count) => {
                  const next = new Map(counts);
                  if (count > 0) next.set(denomination.minor, count);
                  else next.delete(denomination.minor);
                  onChange(next);
                }}
              />
            ))}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}
