import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { focusWhenIdle } from '../hooks/focusWhenIdle';
import type { Category } from '../stores/catalog';
import { useServices, useSession } from '../stores/context';
import type { Settings } from '../stores/session';
import { settingsSaved } from './access';
import { type FieldErrors, placeError } from './fields';
import { SettingControl } from './SettingControl';
import {
  type FormValue,
  formOfSettings,
  isShown,
  SETTING_SECTIONS,
  type SettingsForm,
  settingFieldOf,
  settingsPatch,
} from './settingsFields';

/** Every store setting a manager changes, grouped; only what was changed is sent, refusals sit at their field. */
export function SettingsSection() {
  const services = useServices();
  const { api } = services;
  const currency = useSession((s) => s.currency);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<SettingsForm>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [categories, setCategories] = useState<Category[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  useEffect(() => {
    // the categories the loyalty exclusions choose among (a failure leaves the list empty, not the screen)
    void api.invoke('catalog.categories', {}).then((result) => {
      if (result.ok) setCategories(result.data);
    });
    void api.invoke('settings.get', {}).then((result) => {
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setSettings(result.data);
      setForm(formOfSettings(result.data, result.data.currency));
      focusWhenIdle(
        () => formRef.current,
        () => formRef.current?.querySelector<HTMLElement>('input, select, textarea'),
      );
    });
  }, [api]);

  if (!settings) {
    return error ? (
      <ErrorAlert error={error} />
    ) : (
      <p className="muted" role="status">
        Loading the settings…
      </p>
    );
  }

  const { changed } = settingsPatch(form, settings, currency);
  const set = (key: string, value: FormValue) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setError(null);
    setNotice(null);
  };

  const focusFirstError = (found: FieldErrors) => {
    const key = Object.keys(found).find((k) => found[k]);
    if (!key) return;
    requestAnimationFrame(() => {
      // a list field (categories, products) is a group: its first box takes the focus
      const target = document.getElementById(`${id}-${key}`);
      (target?.matches('input, select, textarea') ? target : target?.querySelector<HTMLElement>('input'))?.focus();
    });
  };

  const save = async () => {
    if (busy) return;
    const { patch, problems, changed: count } = settingsPatch(form, settings, currency);
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      focusFirstError(problems);
      return;
    }
    if (count === 0) {
      setNotice('Nothing to save: no setting was changed.');
      return;
    }
    setBusy(true);
    const result = await api.invoke('settings.update', patch);
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, settingFieldOf);
      setErrors(placed.fields);
      setError(placed.form);
      focusFirstError(placed.fields);
      return;
    }
    setSettings(result.data);
    setForm(formOfSettings(result.data, result.data.currency));
    setErrors({});
    settingsSaved(services, result.data);
    setNotice(`Saved ${count} change${count === 1 ? '' : 's'}. The till uses ${count === 1 ? 'it' : 'them'} from the next sale.`);
  };

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section manager-settings">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Settings
        </h2>
        <p className="muted">Terminal {settings.terminalId}</p>
      </header>
      <form
        ref={formRef}
        className="settings-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="settings-groups">
          {SETTING_SECTIONS.map((section) => (
            <fieldset key={section.title} className="settings-group">
              <legend className="settings-group-title">{section.title}</legend>
              <div className="settings-grid">
                {section.fields
                  .filter((field) => isShown(field, form))
                  .map((field) => (
                    <SettingControl
                      key={field.key}
                      id={`${id}-${field.key}`}
                      field={field}
                      value={form[field.key]}
                      error={errors[field.key]}
                      disabled={busy}
                      categories={categories}
                      onChange={(value) => set(field.key, value)}
                    />
                  ))}
              </div>
            </fieldset>
          ))}
        </div>
        <div className="settings-bar">
          <ErrorAlert error={error} />
          {notice && (
            <p className="alert alert-success" role="status">
              {notice}
            </p>
          )}
          <span className="muted settings-changed" aria-live="polite">
            {changed === 0 ? 'No changes' : `${changed} change${changed === 1 ? '' : 's'} not saved yet`}
          </span>
          <button
            type="button"
            className="button"
            disabled={busy || changed === 0}
            onClick={() => {
              setForm(formOfSettings(settings, currency));
              setErrors({});
              setNotice(null);
            }}
          >
            Undo changes
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </section>
  );
}
