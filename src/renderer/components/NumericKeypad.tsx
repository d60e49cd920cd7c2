import { type RefObject, useCallback, useRef } from 'react';

/** What a key of the keypad does to its field. */
type Key = { kind: 'text'; text: string } | { kind: 'point' } | { kind: 'backspace' } | { kind: 'clear' } | { kind: 'enter' };

// the value setter of the element itself, not the one React puts on each controlled input to track
// it: a value set through it is a change React has not seen, so the input event reaches onChange
const setNativeValue = Object.getOwnPropertyDescriptor(
  typeof HTMLInputElement === 'undefined' ? Object : HTMLInputElement.prototype,
  'value',
)?.set;

/** Give the field a new value with the caret at `caret`, and tell React (and anyone) as typing would. */
function setFieldValue(input: HTMLInputElement, value: string, caret: number): void {
  if (!setNativeValue) return;
  setNativeValue.call(input, value);
  input.setSelectionRange(caret, caret);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * What pressing `key` does to the field, as the keyboard would: typed text replaces the selection
 * (an amount field selects what it holds when it gets the focus, so the first key types over it),
 * Backspace takes the selection or the character before the caret, Clear empties the field, Enter
 * is an Enter keydown in the field (its onEnter, the search box's lookup) and, unless a handler
 * took it, submits the field's form.
 */
export function pressKey(input: HTMLInputElement, key: Key, { zeroBeforePoint = true } = {}): void {
  // the keys never take the focus; a field that lost it (a quick-cash button was tapped) gets it back,
  // as a tap into it would give it: selected, to be typed over
  if (input.ownerDocument.activeElement !== input) input.focus({ preventScroll: true });
  const value = input.value;
  const start = input.selectionStart ?? value.length;
  const end = input.selectionEnd ?? value.length;
  const before = value.slice(0, start);
  const after = value.slice(end);
  switch (key.kind) {
    case 'text':
    case 'point': {
      let text = key.kind === 'text' ? key.text : '.';
      if (key.kind === 'point') {
        // one decimal point in an amount; "0.5" rather than ".5" where a leading digit is needed
        if (/[.,]/.test(before + after)) return;
        if (zeroBeforePoint && before === '') text = '0.';
      }
      const room = input.maxLength >= 0 ? input.maxLength - before.length - after.length : text.length;
      if (room <= 0) return;
      text = text.slice(0, room);
      setFieldValue(input, before + text + after, start + text.length);
      return;
    }
    case 'backspace':
      if (start !== end) setFieldValue(input, before + after, start);
      else if (start > 0) setFieldValue(input, value.slice(0, start - 1) + after, start - 1);
      return;
    case 'clear':
      if (value !== '') setFieldValue(input, '', 0);
      return;
    case 'enter': {
      const enter = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
      const notTaken = input.dispatchEvent(enter);
      // a field with no Enter handler of its own submits its form, as the browser does for a real key
      if (notTaken && input.form) input.form.requestSubmit();
      return;
    }
  }
}

export interface NumericKeypadProps {
  /** the field the keys type into */
  target: RefObject<HTMLInputElement | null>;
  /** the keypad's name for screen readers ("Cash given keypad") */
  label: string;
  /** a decimal-point key: amounts in a currency with minor units, weights, percentages — not counts or numbers */
  decimal?: boolean;
  /** the decimal point first in an empty field types "0." (money needs the leading digit); false types "." */
  zeroBeforePoint?: boolean;
  /** a × key instead of the decimal point: the search box's `3×` (the next product comes in 3 times) */
  times?: boolean;
  disabled?: boolean;
  className?: string;
}

const DIGIT_ROWS = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
] as const;

/**
 * The on-screen numeric keypad of a touch till: 0–9, 00, the decimal point where the field takes
 * one, ⌫, C and Enter, every key at least 48 × 48 px. It types into `target` as the keyboard does
 * (see pressKey) and never takes the focus from it; its keys are out of the Tab order, which stays
 * the fields' and buttons' own.
 */
export function NumericKeypad({
  target,
  label,
  decimal = false,
  zeroBeforePoint = true,
  times = false,
  disabled = false,
  className,
}: NumericKeypadProps) {
  const press = (key: Key) => {
    const input = target.current;
    if (input && !input.disabled) pressKey(input, key, { zeroBeforePoint });
  };
  const key = (name: string, text: string, action: Key, extra = '') => (
    <button
      key={name}
      type="button"
      tabIndex={-1}
      className={`keypad-key${extra ? ` ${extra}` : ''}`}
      aria-label={name === text ? undefined : name}
      disabled={disabled}
      // a press on a key must not move the focus (and so the caret) out of the field it types into
      onPointerDown={(event) => event.preventDefault()}
      onMouseDown={(event) => event.preventDefault()}
      onClick={(event) => {
        // nor the sale screen's "a tap anywhere gives the search box the focus" take it from there
        event.stopPropagation();
        press(action);
      }}
    >
      {text}
    </button>
  );
  const last = decimal ? 'point' : times ? 'times' : 'none';
  return (
    <fieldset className={`keypad keypad-${last}${className ? ` ${className}` : ''}`}>
      <legend className="visually-hidden">{label}</legend>
      {DIGIT_ROWS[0].map((digit) => key(digit, digit, { kind: 'text', text: digit }))}
      {key('Backspace', '⌫', { kind: 'backspace' }, 'keypad-key-muted')}
      {DIGIT_ROWS[1].map((digit) => key(digit, digit, { kind: 'text', text: digit }))}
      {key('Clear', 'C', { kind: 'clear' }, 'keypad-key-muted')}
      {DIGIT_ROWS[2].map((digit) => key(digit, digit, { kind: 'text', text: digit }))}
      {key('Enter', 'Enter', { kind: 'enter' }, 'keypad-key-enter')}
      {key('0', '0', { kind: 'text', text: '0' }, last === 'none' ? 'keypad-key-wide' : '')}
      {key('00', '00', { kind: 'text', text: '00' })}
      {decimal && key('Decimal point', '.', { kind: 'point' })}
      {!decimal && times && key('Times', '×', { kind: 'text', text: '×' })}
    </fieldset>
  );
}

/**
 * One keypad for the several fields of a dialog: the field that last had the focus gets the keys.
 * Put `container` as the ref of an element around the fields and give `target` to the keypad;
 * before any of them had the focus the keys go to `initial`, or else the first field in there.
 */
export function useLastFocusedField(initial?: RefObject<HTMLInputElement | null>) {
  const last = useRef<HTMLInputElement | null>(null);
  const around = useRef<HTMLElement | null>(null);
  const first = useRef(initial);
  first.current = initial;
  const target = useRef<{ readonly current: HTMLInputElement | null }>({
    get current() {
      const field = last.current;
      if (field?.isConnected) return field;
      return first.current?.current ?? around.current?.querySelector('input') ?? null;
    },
  }).current;
  const container = useCallback((element: HTMLElement | null) => {
    around.current = element;
    if (!element) return;
    const remember = (event: FocusEvent) => {
      if (event.target instanceof HTMLInputElement) last.current = event.target;
    };
    element.addEventListener('focusin', remember);
    return () => {
      element.removeEventListener('focusin', remember);
      if (around.current === element) around.current = null;
    };
  }, []);
  return { target: target as RefObject<HTMLInputElement | null>, container };
}
