import { type RefObject, useId, useRef } from 'react';
import { currencyExponent, parseMoney } from '../../shared/money';
import { selectOnFocus } from '../hooks/selectOnFocus';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { NumericKeypad } from './NumericKeypad';

/** Minor units of a typed amount, or null when the text is not money (or is negative). */
export function parseAmount(text: string, currency: string): number | null {
  const minor = parseMoney(text, currency);
  return minor === null || minor < 0 ? null : minor;
}

/** Minor units as the text a person would type: 1234 → "12.34". */
export function amountText(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The currency's symbol on its own ("€"), for the field's prefix. */
export function currencySymbol(currency: string): string {
  try {
    return (
      new Intl.NumberFormat(undefined, { style: 'currency', currency }).formatToParts(0).find((part) => part.type === 'currency')?.value ??
      currency
    );
  } catch {
    return currency;
  }
}

export interface MoneyFieldProps {
  label: string;
  value: string;
  onChange(text: string): void;
  currency: string;
  hint?: string;
  error?: string | null;
  size?: 'normal' | 'large';
  inputRef?: RefObject<HTMLInputElement | null>;
  onEnter?(): void;
  disabled?: boolean;
  /**
   * an on-screen keypad for touch tills (shown as the store's touchKeypad setting says): under the
   * field, or beside it where the dialog is wider than it is tall; 'shared' when one keypad of the
   * dialog types into this field and others (useLastFocusedField); without it the field stands alone
   */
  keypad?: 'below' | 'beside' | 'shared';
}

/** An amount typed in major units ("12.50"), read with parseMoney by whoever uses it; focusing it selects it, to be typed over. */
export function MoneyField({
  label,
  value,
  onChange,
  currency,
  hint,
  error,
  size = 'normal',
  inputRef,
  onEnter,
  disabled,
  keypad,
}: MoneyFieldProps) {
  const id = useId();
  const ownRef = useRef<HTMLInputElement>(null);
  const fieldRef = inputRef ?? ownRef;
  const touch = useTouchKeypad();
  const withKeypad = keypad !== undefined && touch;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const field = (
    <div className={`field money-field money-field-${size}${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      <div className="money-input">
        <span className="money-symbol" aria-hidden="true">
          {currencySymbol(currency)}
        </span>
        <input
          ref={fieldRef}
          id={id}
          className="input"
          type="text"
          // the on-screen keypad types here: no second keyboard from the system over it
          inputMode={withKeypad ? 'none' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          {...selectOnFocus}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && onEnter) {
              event.preventDefault();
              onEnter();
            }
          }}
        />
      </div>
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
  if (!withKeypad || keypad === 'shared') return field;
  return (
    <div className={`money-keypad money-keypad-${keypad}`}>
      {field}
      <NumericKeypad target={fieldRef} label={`${label} keypad`} decimal={currencyExponent(currency) > 0} disabled={disabled} />
    </div>
  );
}
