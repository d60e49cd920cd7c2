import type { ReactNode, RefObject } from 'react';
import { NumericKeypad } from '../../components/NumericKeypad';
import { selectOnFocus } from '../../hooks/selectOnFocus';
import { useTouchKeypad } from '../../hooks/useTouchKeypad';

/**
 * A count of points, typed over when it gets the focus, with the touch keypad under it on a touch
 * till ('shared': a keypad of the dialog types into it instead).
 */
export function PointsField({
  id,
  label,
  hint,
  value,
  onChange,
  inputRef,
  error,
  onEnter,
  disabled,
  keypad = 'below',
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange(text: string): void;
  inputRef: RefObject<HTMLInputElement | null>;
  error?: string | null;
  onEnter?(): void;
  disabled?: boolean;
  keypad?: 'below' | 'shared';
}) {
  const touch = useTouchKeypad();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="points-field">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {hint && (
          <span id={hintId} className="field-hint">
            {hint}
          </span>
        )}
        <input
          ref={inputRef}
          id={id}
          className="input input-large points-input"
          type="text"
          inputMode={touch ? 'none' : 'numeric'}
          autoComplete="off"
          maxLength={10}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          {...selectOnFocus}
          onChange={(event) => onChange(event.target.value.replace(/\D/g, '').slice(0, 10))}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && onEnter) {
              event.preventDefault();
              onEnter();
            }
          }}
        />
        {error && (
          <span id={errorId} className="field-error">
            {error}
          </span>
        )}
      </div>
      {touch && keypad === 'below' && <NumericKeypad target={inputRef} label={`${label} keypad`} disabled={disabled} />}
    </div>
  );
}
