const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export interface PinPadProps {
  onDigit(digit: string): void;
  onBackspace(): void;
  onSubmit(): void;
  disabled?: boolean;
  canSubmit: boolean;
  /** what the OK key does, for screen readers */
  submitLabel?: string;
}

/** The on-screen numeric keypad; the keyboard works too (handled by the login screen). */
export function PinPad({ onDigit, onBackspace, onSubmit, disabled = false, canSubmit, submitLabel = 'Log in' }: PinPadProps) {
  return (
    <fieldset className="pinpad">
      <legend className="visually-hidden">PIN keypad</legend>
      {KEYS.map((digit) => (
        <button key={digit} type="button" className="pinpad-key" disabled={disabled} onClick={() => onDigit(digit)}>
          {digit}
        </button>
      ))}
      <button
        type="button"
        className="pinpad-key pinpad-key-muted"
        disabled={disabled}
        onClick={onBackspace}
        aria-label="Delete last digit"
      >
        ⌫
      </button>
      <button type="button" className="pinpad-key" disabled={disabled} onClick={() => onDigit('0')}>
        0
      </button>
      <button
        type="button"
        className="pinpad-key pinpad-key-go"
        disabled={disabled || !canSubmit}
        onClick={onSubmit}
        aria-label={submitLabel}
      >
        OK
      </button>
    </fieldset>
  );
}
