import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';
import { useServices } from '../stores/context';
import { type FieldErrors, parsePercentBp, percentText, placeError, SelectField, TextField } from './fields';
import { type ListRow, SimpleListSection, SmallForm } from './SimpleListSection';

type Category = ChannelOutput<'catalog.categories'>[number];
type TaxClass = ChannelOutput<'catalog.taxClasses'>[number];
type CategoryRow = ListRow & { category: Category };
type TaxRow = ListRow & { taxClass: TaxClass };

/** Categories: the till's filter and the reports' groups; each may sit under another. */
export function CategoriesSection() {
  const { api } = useServices();
  const [all, setAll] = useState<Category[]>([]);
  const load = useCallback(async () => {
    const result = await api.invoke('catalog.categories', {});
    if (!result.ok) return result;
    setAll(result.data);
    const names = new Map(result.data.map((c) => [c.id, c.name]));
    return {
      ok: true as const,
      data: result.data.map(
        (category): CategoryRow => ({
          id: category.id,
          title: category.name,
          ...(category.parentId ? { detail: `in ${names.get(category.parentId) ?? 'another category'}` } : {}),
          category,
        }),
      ),
    };
  }, [api]);
  return (
    <SimpleListSection<CategoryRow>
      title="Categories"
      addLabel="Add a category"
      emptyText="No categories yet."
      load={load}
      onDelete={(row) => api.invoke('catalog.deleteCategory', { id: row.id })}
      renderForm={({ row, onSaved, onClose }) => (
        <CategoryForm
          category={row?.category ?? null}
          all={all}
          onClose={onClose}
          onSaved={(category) => onSaved({ id: category.id, title: category.name, category })}
        />
      )}
    />
  );
}

function CategoryForm({
  category,
  all,
  onSaved,
  onClose,
}: {
  category: Category | null;
  all: Category[];
  onSaved(category: Category): void;
  onClose(): void;
}) {
  const { api } = useServices();
  const [name, setName] = useState(category?.name ?? '');
  const [parentId, setParentId] = useState(category?.parentId ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => nameRef.current?.focus(), []);

  const submit = async () => {
    if (busy) return;
    if (name.trim() === '') {
      setErrors({ name: 'Give the category a name.' });
      nameRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await api.invoke('catalog.upsertCategory', {
      ...(category ? { id: category.id } : {}),
      name: name.trim(),
      parentId: parentId || null,
    });
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, (path) => (path === 'name' || path === 'parentId' ? path : null));
      setErrors(placed.fields);
      setError(placed.form);
      return;
    }
    setNotice(`Saved “${result.data.name}”.`);
    onSaved(result.data);
  };

  return (
    <SmallForm
      label={category ? `Edit ${category.name}` : 'New category'}
      busy={busy}
      error={error}
      notice={notice}
      onSubmit={() => void submit()}
      onClose={onClose}
      saveLabel={category ? 'Save changes' : 'Add category'}
    >
      <TextField
        id={`${id}-name`}
        label="Name"
        value={name}
        onChange={(v) => {
          setName(v);
          setErrors({});
          setNotice(null);
        }}
        error={errors.name}
        inputRef={nameRef}
        maxLength={120}
        disabled={busy}
      />
      <SelectField
        id={`${id}-parent`}
        label="Inside"
        value={parentId}
        options={[
          { value: '', label: 'Nothing (a top category)' },
          ...all.filter((c) => c.id !== category?.id).map((c) => ({ value: c.id, label: c.name })),
        ]}
        onChange={(v) => {
          setParentId(v);
          setErrors({});
          setNotice(null);
        }}
        error={errors.parentId}
        disabled={busy}
      />
    </SmallForm>
  );
}

/** Tax classes: the rates products are taxed at (a change applies to the next sale). */
export function TaxClassesSection() {
  const { api } = useServices();
  const load = useCallback(async () => {
    const result = await api.invoke('catalog.taxClasses', {});
    if (!result.ok) return result;
    return {
      ok: true as const,
      data: result.data.map(
        (taxClass): TaxRow => ({ id: taxClass.id, title: taxClass.name, detail: `${percentText(taxClass.rateBp)} %`, taxClass }),
      ),
    };
  }, [api]);
  return (
    <SimpleListSection<TaxRow>
      title="Tax classes"
      addLabel="Add a tax class"
      emptyText="No tax classes yet."
      load={load}
      onDelete={(row) => api.invoke('catalog.deleteTaxClass', { id: row.id })}
      renderForm={({ row, onSaved, onClose }) => (
        <TaxClassForm
          taxClass={row?.taxClass ?? null}
          onClose={onClose}
          onSaved={(taxClass) => onSaved({ id: taxClass.id, title: taxClass.name, taxClass })}
        />
      )}
    />
  );
}

function TaxClassForm({ taxClass, onSaved, onClose }: { taxClass: TaxClass | null; onSaved(taxClass: TaxClass): void; onClose(): void }) {
  const { api } = useServices();
  const [name, setName] = useState(taxClass?.name ?? '');
  const [rate, setRate] = useState(taxClass ? percentText(taxClass.rateBp) : '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const rateRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => nameRef.current?.focus(), []);

  const submit = async () => {
    if (busy) return;
    const found: FieldErrors = {};
    const rateBp = parsePercentBp(rate);
    if (name.trim() === '') found.name = 'Give the tax class a name, such as Standard.';
    if (rateBp === null || rateBp > 100_000) found.rate = 'Type the rate in percent, such as 20 or 5.5.';
    if (found.name || found.rate) {
      setErrors(found);
      (found.name ? nameRef : rateRef).current?.focus();
      return;
    }
    setBusy(true);
    const result = await api.invoke('catalog.upsertTaxClass', {
      ...(taxClass ? { id: taxClass.id } : {}),
      name: name.trim(),
      rateBp: rateBp ?? 0,
    });
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, (path) => (path === 'name' ? 'name' : path === 'rateBp' ? 'rate' : null));
      setErrors(placed.fields);
      setError(placed.form);
      return;
    }
    setNotice(`Saved “${result.data.name}” at ${percentText(result.data.rateBp)} %.`);
    onSaved(result.data);
  };

  const change = (setter: (v: string) => void) => (v: string) => {
    setter(v);
    setErrors({});
    setError(null);
    setNotice(null);
  };

  return (
    <SmallForm
      label={taxClass ? `Edit ${taxClass.name}` : 'New tax class'}
      busy={busy}
      error={error}
      notice={notice}
      onSubmit={() => void submit()}
      onClose={onClose}
      saveLabel={taxClass ? 'Save changes' : 'Add tax class'}
    >
      <TextField
        id={`${id}-name`}
        label="Name"
        value={name}
        onChange={change(setName)}
        error={errors.name}
        inputRef={nameRef}
        maxLength={120}
        disabled={busy}
      />
      <TextField
        id={`${id}-rate`}
        label="Rate (%)"
        hint="A change applies to sales from now on; past receipts keep their rate."
        value={rate}
        onChange={change(setRate)}
        error={errors.rate}
        inputRef={rateRef}
        inputMode="decimal"
        maxLength={8}
        disabled={busy}
      />
    </SmallForm>
  );
}
