import type { ReactNode, RefObject } from 'react';
import type { AppErrorData } from '../../shared/result';

export type FieldErrors = Record<string, string | undefined>;

/**
 * Where the core's refusal goes: at the fields it names (VALIDATION issues with their paths, or
 * details.field of a CONFLICT or a rule) — else above the form. `fieldOf` maps a path to a field.
 */
export function placeError(error: AppErrorData, fieldOf: (path: string) => string | null = (path) => path || null) {
  const fields: FieldErrors = {};
  const issues = error.details?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      if (typeof issue !== 'object' || issue === null) continue;
      const { path, message } = issue as { path?: unknown; message?: unknown };
      const field = typeof path === 'string' ? fieldOf(path) : null;
      if (field && typeof message === 'string' && !fields[field]) fields[field] = message;
    }
  }
  const named = error.details?.field;
  if (typeof named === 'string') {
    const field = fieldOf(named);
    if (field && !fields[field]) fields[field] = error.message;
  }
  return { fields, form: Object.keys(fields).length > 0 ? null : error };
}

/** The first field (in form order) that has an error. */
export function firstInvalid(order: readonly string[], errors: FieldErrors): string | undefined {
  return order.find((field) => errors[field]);
}

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  /** the label is for screen readers only (a field in a table row, named by the row) */
  labelHidden?: boolean;
  children: (describedBy: string | undefined) => ReactNode;
  className?: string;
}

/** A label, an optional hint, the control, and the error in words under it. */
export function FieldFrame({ id, label, hint, error, optional, labelHidden, children, className }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className={labelHidden ? 'visually-hidden' : 'field-label'} htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> optional</span>}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {children([hintId, errorId].filter(Boolean).join(' ') || undefined)}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  inputRef,
  inputMode,
  maxLength = 200,
  disabled,
  className,
  labelHidden,
  placeholder,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  optional?: boolean;
  value: string;
  onChange(value: string): void;
  inputRef?: RefObject<HTMLInputElement | null>;
  inputMode?: 'text' | 'numeric' | 'decimal';
  maxLength?: number;
  disabled?: boolean;
  className?: string;
  labelHidden?: boolean;
  placeholder?: string;
}) {
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={optional ?? false}
      labelHidden={labelHidden ?? false}
      className={className}
    >
      {(describedBy) => (
        <input
          ref={inputRef}
          id={id}
          className="input"
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          maxLength={maxLength}
          placeholder={placeholder}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  maxLength,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
  maxLength: number;
  disabled?: boolean;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          id={id}
          className="input textarea"
          rows={3}
          maxLength={maxLength}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField<V extends string>({
  id,
  label,
  hint,
  error,
  value,
  options,
  onChange,
  disabled,
  selectRef,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  disabled?: boolean;
  selectRef?: RefObject<HTMLSelectElement | null>;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select
          ref={selectRef}
          id={id}
          className="input manager-select"
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value as V)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A yes/no setting as a checkbox with its words beside it. */
export function CheckField({
  id,
  label,
  hint,
  error,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field check-field${error ? ' field-invalid' : ''}`}>
      <label className="toggle" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A whole number typed into a field, or null when it is not one. */
export function parseWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** A percentage with up to two decimals ("12.5", "12,5") in basis points, or null. */
export function parsePercentBp(text: string): number | null {
  const trimmed = text.trim().replace(',', '.').replace(/\s*%$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 100);
}

/** Basis points as the percentage a manager types ("12.5"). */
export function percentText(bp: number): string {
  return String(bp / 100);
}

/** Minor units as the plain amount a manager types back ("12.34", no currency sign). */
export function moneyText(amountMinor: number, exponent: number): string {
  if (exponent === 0) return String(amountMinor);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
