import type { Ref } from 'react';

/** The free-text reason of a drawer movement, no-sale or refund: one line, 200 characters at most. */
export function ReasonField({
  id,
  value,
  onChange,
  onEnter,
  optional = false,
  inputRef,
  className,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Enter submits (drawer dialogs); without it Enter does nothing special */
  onEnter?: () => void;
  optional?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        Reason{optional && <span className="field-optional"> optional</span>}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        maxLength={200}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (onEnter && event.key === 'Enter') {
            event.preventDefault();
            onEnter();
          }
        }}
      />
    </div>
  );
}
