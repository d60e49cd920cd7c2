import { useId, useState } from 'react';
import { formatKg } from '../../../shared/quantity';
import { readWeight } from '../../checkout/weight';
import { selectOnFocus } from '../../hooks/selectOnFocus';

/** The weight of a weighed product brought back without a receipt, typed in kg. */
export function ReturnWeight({ name, grams, onChange }: { name: string; grams: number; onChange(grams: number): void }) {
  const [text, setText] = useState(grams > 0 ? formatKg(grams) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  return (
    <div className={`return-weight${problem ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        Weight of {name} brought back, in kg
      </label>
      <span className="weight-input weight-input-small">
        <input
          id={id}
          className="input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="0.000"
          {...selectOnFocus}
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(event) => {
            const next = event.target.value.slice(0, 12);
            setText(next);
            const reading = readWeight(next);
            // a weight not (yet) valid counts as none: the refund asks for it rather than guessing
            onChange(reading.ok ? reading.grams : 0);
            setProblem(null);
          }}
          onBlur={() => {
            const reading = readWeight(text);
            setProblem(text.trim() === '' || reading.ok ? null : reading.message);
          }}
        />
        <span className="weight-unit" aria-hidden="true">
          kg
        </span>
      </span>
      {problem && (
        <span id={`${id}-error`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}
