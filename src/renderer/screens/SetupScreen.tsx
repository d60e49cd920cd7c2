import { type FormEvent, useId, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { useServices } from '../stores/context';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD', 'JPY'];

interface Fields {
  storeName: string;
  currency: string;
  name: string;
  pin: string;
  pinAgain: string;
}

type FieldErrors = Partial<Record<keyof Fields, string>>;

function validate(fields: Fields): FieldErrors {
  const errors: FieldErrors = {};
  if (!fields.storeName.trim()) errors.storeName = 'Enter the name of the store.';
  if (!/^[A-Z]{3}$/.test(fields.currency)) errors.currency = 'A currency is a 3-letter code such as EUR.';
  if (!fields.name.trim()) errors.name = 'Enter your name.';
  if (!/^\d{4,8}$/.test(fields.pin)) errors.pin = 'A PIN is 4 to 8 digits.';
  else if (fields.pin !== fields.pinAgain) errors.pinAgain = 'The two PINs are not the same.';
  return errors;
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => React.ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {children(describedBy)}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function SetupScreen() {
  const { session } = useServices();
  const id = useId();
  const [fields, setFields] = useState<Fields>({ storeName: '', currency: 'EUR', name: '', pin: '', pinAgain: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: keyof Fields) => (event: React.ChangeEvent<HTMLInputElement>) => {
    let value = event.target.value;
    if (key === 'currency')
      value = value
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .slice(0, 3);
    if (key === 'pin' || key === 'pinAgain') value = value.replace(/\D/g, '').slice(0, 8);
    setFields((current) => ({ ...current, [key]: value }));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(fields);
    setFieldErrors(found);
    const firstInvalid = Object.keys(found)[0];
    if (firstInvalid) {
      document.getElementById(`${id}-${firstInvalid}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await session.getState().createFirstManager({
      storeName: fields.storeName.trim(),
      currency: fields.currency,
      name: fields.name.trim(),
      pin: fields.pin,
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
    }
  };

  return (
    <main className="screen screen-center" aria-labelledby={`${id}-title`}>
      <form className="panel setup-panel" onSubmit={(event) => void onSubmit(event)} noValidate>
        <h1 id={`${id}-title`} className="screen-title">
          Set up this till
        </h1>
        <p className="screen-lead">Name the store and create the first manager. You can add cashiers later.</p>
        <ErrorAlert error={error} />
        <fieldset className="setup-group">
          <legend>Store</legend>
          <div className="setup-row">
            <Field id={`${id}-storeName`} label="Store name" error={fieldErrors.storeName}>
              {(describedBy) => (
                <input
                  id={`${id}-storeName`}
                  className="input"
                  value={fields.storeName}
                  onChange={update('storeName')}
                  autoComplete="organization"
                  maxLength={120}
                  aria-invalid={fieldErrors.storeName ? true : undefined}
                  aria-describedby={describedBy}
                  // biome-ignore lint/a11y/noAutofocus: the first field of a one-purpose screen
                  autoFocus
                />
              )}
            </Field>
            <Field id={`${id}-currency`} label="Currency" error={fieldErrors.currency}>
              {(describedBy) => (
                <>
                  <input
                    id={`${id}-currency`}
                    className="input input-currency"
                    value={fields.currency}
                    onChange={update('currency')}
                    list={`${id}-currencies`}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={fieldErrors.currency ? true : undefined}
                    aria-describedby={describedBy}
                  />
                  <datalist id={`${id}-currencies`}>
                    {CURRENCIES.map((code) => (
                      <option key={code} value={code} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset className="setup-group">
          <legend>First manager</legend>
          <Field id={`${id}-name`} label="Your name" error={fieldErrors.name}>
            {(describedBy) => (
              <input
                id={`${id}-name`}
                className="input"
                value={fields.name}
                onChange={update('name')}
                autoComplete="name"
                maxLength={120}
                aria-invalid={fieldErrors.name ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <div className="setup-row setup-row-even">
            <Field id={`${id}-pin`} label="PIN" hint="4 to 8 digits" error={fieldErrors.pin}>
              {(describedBy) => (
                <input
                  id={`${id}-pin`}
                  className="input"
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  value={fields.pin}
                  onChange={update('pin')}
                  aria-invalid={fieldErrors.pin ? true : undefined}
                  aria-describedby={describedBy}
                />
              )}
            </Field>
            <Field id={`${id}-pinAgain`} label="PIN again" hint="to be sure" error={fieldErrors.pinAgain}>
              {(describedBy) => (
                <input
                  id={`${id}-pinAgain`}
                  className="input"
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  value={fields.pinAgain}
                  onChange={update('pinAgain')}
                  aria-invalid={fieldErrors.pinAgain ? true : undefined}
                  aria-describedby={describedBy}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Setting up…' : 'Create store and log in'}
        </button>
      </form>
    </main>
  );
}
