const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export interface PinPadProps {
  onDigit(digit: string): void;
  onBackspace(): void;
  /** the OK key; without it the keypad only types (its dialog has the confirm button) */
  onSubmit?(): void;
  disabled?: boolean;
  canSubmit?: boolean;
  /** what the submit key says (and is called): "Log in", "Approve" */
  submitLabel?: string;
  /** the keypad's name, for screen readers */
  legend?: string;
  /** a decimal-point key (for weights): the bottom row is then "." 0 ⌫, and an OK key gets a row of its own */
  decimalKey?: string;
}

/** The on-screen numeric keypad; the keyboard works too (handled by the screen or dialog that uses it). */
export function PinPad({
  onDigit,
  onBackspace,
  onSubmit,
  disabled = false,
  canSubmit = true,
  submitLabel = 'Log in',
  legend = 'PIN keypad',
  decimalKey,
}: PinPadProps) {
  const backspace = (
    <button
      type="button"
      className="pinpad-key pinpad-key-muted"
      disabled={disabled}
      onClick={onBackspace}
      aria-label={decimalKey ? 'Delete last character' : 'Delete last digit'}
    >
      ⌫
    </button>
  );
  return (
    <fieldset className={decimalKey ? 'pinpad pinpad-decimal' : 'pinpad'}>
      <legend className="visually-hidden">{legend}</legend>
      {KEYS.map((digit) => (
        <button key={digit} type="button" className="pinpad-key" disabled={disabled} onClick={() => onDigit(digit)}>
          {digit}
        </button>
      ))}
      {decimalKey ? (
        <button type="button" className="pinpad-key" disabled={disabled} onClick={() => onDigit(decimalKey)} aria-label="Decimal point">
          {decimalKey}
        </button>
      ) : (
        backspace
      )}
      <button type="button" className="pinpad-key" disabled={disabled} onClick={() => onDigit('0')}>
        0
      </button>
      {decimalKey && backspace}
      {onSubmit && (
        <button type="button" className="pinpad-key pinpad-key-go" disabled={disabled || !canSubmit} onClick={onSubmit}>
          {submitLabel}
        </button>
      )}
    </fieldset>
  );
}
