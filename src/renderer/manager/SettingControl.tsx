import { type ReactNode, useEffect, useState } from 'react';
import type { Category } from '../stores/catalog';
import { useServices } from '../stores/context';
import { CheckField, SelectField, TextAreaField, TextField } from './fields';
import './manager.css';
import type { FormValue, SettingField } from './settingsFields';
import { ProductPicker } from './stock/ProductPicker';

interface ControlProps {
  /** the control's id (a list field's group carries it; its first box takes the focus) */
  id: string;
  field: SettingField;
  value: FormValue | undefined;
  error: string | undefined;
  disabled: boolean;
  /** the catalogue's categories, for a categories field */
  categories: readonly Category[];
  onChange(value: FormValue): void;
}

const INPUT_MODES: Partial<Record<SettingField['kind'], 'numeric' | 'decimal'>> = {
  number: 'numeric',
  money: 'decimal',
  percent: 'decimal',
  multiplier: 'decimal',
};

/** One setting of the Settings screen, drawn from its description (settingsFields.ts). */
export function SettingControl({ id, field, value, error, disabled, categories, onChange }: ControlProps) {
  const common = { id, label: field.label, error, disabled, ...(field.hint ? { hint: field.hint } : {}) };
  const text = typeof value === 'string' ? value : '';
  const ids = Array.isArray(value) ? value : [];
  switch (field.kind) {
    case 'toggle':
      return <CheckField {...common} checked={value === true} onChange={onChange} />;
    case 'select':
      return (
        <SelectField
          {...common}
          value={text}
          options={field.options.map((o) => ({ value: String(o.value), label: o.label }))}
          onChange={onChange}
        />
      );
    case 'categories':
      return <CategoryChoice {...common} ids={ids} categories={categories} onChange={onChange} />;
    case 'products':
      return <ProductChoice {...common} ids={ids} onChange={onChange} />;
    case 'text':
      if (field.multiline) return <TextAreaField {...common} value={text} maxLength={field.max} onChange={onChange} />;
      return <TextField {...common} value={text} maxLength={field.max} onChange={onChange} />;
    default:
      return <TextField {...common} value={text} maxLength={1000} inputMode={INPUT_MODES[field.kind]} onChange={onChange} />;
  }
}

interface ListProps {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  disabled: boolean;
  ids: readonly string[];
  onChange(ids: string[]): void;
}

/** The frame of a list field: a group named by its legend, its hint, the list, and the problem under it. */
function ListFrame({ id, label, hint, error, children }: Omit<ListProps, 'disabled' | 'ids' | 'onChange'> & { children: ReactNode }) {
  return (
    <fieldset
      id={id}
      className={`field setting-wide setting-list${error ? ' field-invalid' : ''}`}
      aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend className="field-label">{label}</legend>
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** Several categories chosen: a box each (Tab, Space), the parent named beside a sub-category. */
function CategoryChoice({ ids, categories, disabled, onChange, ...frame }: ListProps & { categories: readonly Category[] }) {
  const names = new Map(categories.map((c) => [c.id, c.name]));
  // an id the catalogue no longer has stays listed, ticked, so it can be taken off
  const unknown = ids.filter((c) => !names.has(c));
  const toggle = (categoryId: string, on: boolean) =>
    onChange(on ? [...ids.filter((c) => c !== categoryId), categoryId] : ids.filter((c) => c !== categoryId));
  return (
    <ListFrame {...frame}>
      {categories.length === 0 && unknown.length === 0 ? (
        <p className="muted setting-list-empty">No categories yet: add them under Categories.</p>
      ) : (
        <ul className="setting-checks">
          {categories.map((category) => (
            <li key={category.id}>
              <label className="toggle toggle-small">
                <input
                  type="checkbox"
                  checked={ids.includes(category.id)}
                  disabled={disabled}
                  onChange={(event) => toggle(category.id, event.target.checked)}
                />
                {category.name}
                {category.parentId && names.has(category.parentId) && <span className="muted">in {names.get(category.parentId)}</span>}
              </label>
            </li>
          ))}
          {unknown.map((categoryId) => (
            <li key={categoryId}>
              <label className="toggle toggle-small">
                <input type="checkbox" checked disabled={disabled} onChange={() => toggle(categoryId, false)} />
                <span className="muted">A category no longer in the catalogue</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </ListFrame>
  );
}

/** Several products chosen: each a chip with × to take it off, and a search (scan or type) to add one. */
function ProductChoice({ ids, disabled, onChange, ...frame }: ListProps) {
  const { api } = useServices();
  // the names of the products listed (the settings hold their ids): asked once each; null = not in the catalogue
  const [names, setNames] = useState<Record<string, string | null>>({});
  useEffect(() => {
    const missing = ids.filter((productId) => !(productId in names));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map((productId) => api.invoke('catalog.get', { id: productId }))).then((results) => {
      if (!live) return;
      setNames((known) => ({
        ...known,
        ...Object.fromEntries(results.map((result, i) => [missing[i], result.ok ? result.data.name : null])),
      }));
    });
    return () => {
      live = false;
    };
  }, [api, ids, names]);

  const nameOf = (productId: string) => names[productId] ?? (productId in names ? 'A product no longer in the catalogue' : '…');
  return (
    <ListFrame {...frame}>
      {ids.length === 0 ? (
        <p className="muted setting-list-empty">None: every product earns points.</p>
      ) : (
        <ul className="barcode-list" aria-label={frame.label}>
          {ids.map((productId) => (
            <li key={productId} className="barcode-chip setting-chip">
              <span>{nameOf(productId)}</span>
              <button
                type="button"
                className="barcode-remove"
                aria-label={`Take ${nameOf(productId)} off the list`}
                disabled={disabled}
                onClick={() => onChange(ids.filter((p) => p !== productId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProductPicker
        label="Add a product"
        onPick={(hit) => {
          setNames((known) => ({ ...known, [hit.id]: hit.name }));
          if (!ids.includes(hit.id)) onChange([...ids, hit.id]);
        }}
      />
    </ListFrame>
  );
}
