import { FieldFrame } from '../fields';

/** A local day (YYYY-MM-DD) with the browser's date picker; empty when `optional` and not given. */
export function DateField({
  id,
  label,
  value,
  onChange,
  error,
  optional,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  optional?: boolean;
  className?: string;
}) {
  return (
    <FieldFrame id={id} label={label} error={error} optional={optional ?? false} className={className}>
      {(describedBy) => (
        <input
          id={id}
          className="input"
          type="date"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
