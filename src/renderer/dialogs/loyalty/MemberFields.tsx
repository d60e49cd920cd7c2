import type { RefObject } from 'react';
import { normaliseEmail, normalisePhone } from '../../../shared/loyalty';
import type { AppErrorData, Result } from '../../../shared/result';
import { conflictingField, fieldOfError, type MemberField } from '../../checkout/loyalty';
import type { Services } from '../../stores/context';

export type MemberForm = Record<MemberField, string>;
export type FieldErrors = Partial<Record<MemberField, string>>;

/** One text field of a member form, its error under it (the core's sentence). */
export function MemberTextField({
  id,
  label,
  hint,
  optional,
  value,
  onChange,
  error,
  inputRef,
  inputMode,
  type = 'text',
  autoComplete = 'off',
  maxLength,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  optional?: boolean;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  inputRef?: RefObject<HTMLInputElement | null>;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric' | 'none';
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  maxLength: number;
  disabled?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> optional</span>}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      <input
        ref={inputRef}
        id={id}
        className="input"
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        spellCheck={false}
        maxLength={maxLength}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A form of a member's details started from what was typed into the find dialog: an email, a phone, a card or a name. */
export function formFromQuery(query: string, cardPrefix: string): MemberForm {
  const form: MemberForm = { name: '', email: '', phone: '', cardNumber: '' };
  const text = query.trim();
  const compact = text.replace(/[\s.\-()/]/g, '');
  if (text === '') return form;
  if (text.includes('@')) form.email = text;
  else if (/^\d{13}$/.test(compact) && compact.startsWith(cardPrefix)) form.cardNumber = compact;
  else if (/^\+?[\d\s.\-()/]+$/.test(text) && compact.replace(/^\+/, '').length >= 6) form.phone = text;
  else form.name = text;
  return form;
}

/**
 * Where the core's refusal of a member form goes: at the field it names (details.field or the
 * schema's path) — or, for a CONFLICT naming who holds the email, phone or card already, at the
 * field whose stored form is theirs (the core says who, not which field) — else above the form.
 */
export async function placeMemberError(
  api: Services['api'],
  error: AppErrorData,
  sent: Partial<MemberForm>,
): Promise<{ fields: FieldErrors; form: AppErrorData | null }> {
  const named = fieldOfError(error);
  if (named) return { fields: { [named.field]: named.message }, form: null };
  const holderId = error.code === 'CONFLICT' && typeof error.details?.memberId === 'string' ? error.details.memberId : null;
  if (holderId) {
    const holder: Result<{ email: string | null; phone: string | null; cardNumber: string | null }> = await api.invoke('loyalty.get', {
      id: holderId,
    });
    if (holder.ok) {
      const email = sent.email ? normaliseEmail(sent.email) : null;
      const phone = sent.phone ? normalisePhone(sent.phone) : null;
      const field = conflictingField(holder.data, {
        email: email?.ok ? email.value : null,
        phone: phone?.ok ? phone.value : null,
        cardNumber: sent.cardNumber ? sent.cardNumber.replace(/\s/g, '') : null,
      });
      if (field) return { fields: { [field]: error.message }, form: null };
    }
  }
  return { fields: {}, form: error };
}

/** The first field of the form that has an error, in the order they are laid out. */
export function firstInvalid(fields: FieldErrors): MemberField | null {
  for (const field of ['name', 'phone', 'email', 'cardNumber'] as const) if (fields[field]) return field;
  return null;
}

/** The name, phone and email fields of the enrolment and edit forms (the same limits as the core's). */
export function MemberContactFields({
  id,
  form,
  set,
  errors,
  refs,
  busy,
}: {
  id: string;
  form: Pick<MemberForm, 'name' | 'phone' | 'email'>;
  set(field: 'name' | 'phone' | 'email'): (value: string) => void;
  errors: FieldErrors;
  refs: Record<'name' | 'phone' | 'email', RefObject<HTMLInputElement | null>>;
  busy: boolean;
}) {
  return (
    <>
      <MemberTextField
        id={`${id}-name`}
        label="Name"
        value={form.name}
        onChange={set('name')}
        error={errors.name}
        inputRef={refs.name}
        maxLength={120}
        disabled={busy}
      />
      <MemberTextField
        id={`${id}-phone`}
        label="Phone"
        type="tel"
        inputMode="tel"
        value={form.phone}
        onChange={set('phone')}
        error={errors.phone}
        inputRef={refs.phone}
        maxLength={32}
        disabled={busy}
      />
      <MemberTextField
        id={`${id}-email`}
        label="Email"
        type="email"
        inputMode="email"
        value={form.email}
        onChange={set('email')}
        error={errors.email}
        inputRef={refs.email}
        maxLength={254}
        disabled={busy}
      />
    </>
  );
}
