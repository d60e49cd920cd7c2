import { useEffect, useId, useRef, useState } from 'react';
import { checkBarcode } from '../../shared/barcode';
import type { ChannelOutput } from '../../shared/contract';
import { currencyExponent, parseMoney } from '../../shared/money';
import { formatQuantity } from '../../shared/quantity';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { focusWhenIdle } from '../hooks/focusWhenIdle';
import type { Category } from '../stores/catalog';
import { useServices, useSession } from '../stores/context';
import { EditForm, FormFooter } from './EditForm';
import { CheckField, type FieldErrors, firstInvalid, moneyText, placeError, SelectField, TextField } from './fields';

export type TaxClass = ChannelOutput<'catalog.taxClasses'>[number];
type Product = ChannelOutput<'catalog.get'>;

interface Form {
  name: string;
  sku: string;
  price: string;
  taxClassId: string;
  categoryId: string;
  barcodes: string[];
  newBarcode: string;
  soldByWeight: boolean;
  tracksStock: boolean;
}

const FIELD_ORDER = ['name', 'sku', 'price', 'taxClassId', 'categoryId', 'barcodes', 'soldByWeight'] as const;

/** The core's field names (schema paths, details.field) as this form's fields. */
function fieldOf(path: string): string | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'priceMinor') return 'price';
  // a change of unit with stock on hand: the core asks for the stock again, which is the stock screen's
  if (head === 'stockOnHand') return 'soldByWeight';
  return (FIELD_ORDER as readonly string[]).includes(head) ? head : null;
}

/** What is wrong with a barcode as typed, in words, or null. */
export function barcodeProblem(code: string): string | null {
  if (code.length < 4) return `The barcode ${code} is too short: a barcode has at least 4 characters.`;
  if (!/^[\x21-\x7E]+$/.test(code)) return `The barcode ${code} has a space or a letter a scanner cannot read.`;
  const check = checkBarcode(code);
  if (!check.valid) return `The barcode ${code} has a wrong check digit for an ${check.kind}: it should end in ${check.expected}.`;
  return null;
}

function formOf(product: Product | null, exponent: number, taxClasses: TaxClass[]): Form {
  return {
    name: product?.name ?? '',
    sku: product?.sku ?? '',
    price: product ? moneyText(product.priceMinor, exponent) : '',
    taxClassId: product?.taxClassId ?? taxClasses[0]?.id ?? '',
    categoryId: product?.categoryId ?? '',
    barcodes: product?.barcodes ?? [],
    newBarcode: '',
    soldByWeight: product?.soldByWeight ?? false,
    tracksStock: product?.tracksStock ?? true,
  };
}

/** Edit one product (or add one): price, tax class, category, barcodes, sold by weight, on or off sale. */
export function ProductForm({
  productId,
  taxClasses,
  categories,
  onSaved,
  onClose,
}: {
  productId: string | null;
  taxClasses: TaxClass[];
  categories: Category[];
  onSaved(product: Product): void;
  onClose(): void;
}) {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const exponent = currencyExponent(currency);
  const [product, setProduct] = useState<Product | null>(null);
  const [form, setForm] = useState<Form>(() => formOf(null, exponent, taxClasses));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(productId === null);
  const id = useId();
  const refs: Record<string, React.RefObject<HTMLInputElement | null>> = {
    name: useRef<HTMLInputElement>(null),
    sku: useRef<HTMLInputElement>(null),
    price: useRef<HTMLInputElement>(null),
    barcodes: useRef<HTMLInputElement>(null),
  };
  const taxRef = useRef<HTMLSelectElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once per product (the form is keyed by it)
  useEffect(() => {
    if (productId === null) {
      refs.name?.current?.focus();
      return;
    }
    let live = true;
    void api.invoke('catalog.get', { id: productId }).then((result) => {
      if (!live) return;
      setLoaded(true);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setProduct(result.data);
      setForm(formOf(result.data, exponent, taxClasses));
      focusWhenIdle(
        () => refs.price?.current?.form,
        () => refs.price?.current,
      );
    });
    return () => {
      live = false;
    };
  }, [api, productId]);

  // a new product's tax class once the classes are known
  useEffect(() => {
    if (!form.taxClassId && taxClasses[0]) setForm((current) => ({ ...current, taxClassId: taxClasses[0]?.id ?? '' }));
  }, [taxClasses, form.taxClassId]);

  const set = <K extends keyof Form>(field: K, value: Form[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field === 'newBarcode' ? 'barcodes' : field]: undefined }));
    setError(null);
    setNotice(null);
  };

  const addBarcode = (): boolean => {
    const code = form.newBarcode.trim();
    if (code === '') return true;
    const problem = barcodeProblem(code);
    if (problem) {
      setErrors((current) => ({ ...current, barcodes: problem }));
      return false;
    }
    if (!form.barcodes.includes(code)) setForm((current) => ({ ...current, barcodes: [...current.barcodes, code], newBarcode: '' }));
    else setForm((current) => ({ ...current, newBarcode: '' }));
    return true;
  };

  const focusField = (field: string | undefined) => {
    if (!field) return;
    requestAnimationFrame(() => (field === 'taxClassId' ? taxRef.current : refs[field]?.current)?.focus());
  };

  const save = async () => {
    if (busy) return;
    const found: FieldErrors = {};
    const name = form.name.trim();
    const sku = form.sku.trim();
    const priceMinor = parseMoney(form.price, currency);
    if (name === '') found.name = 'Give the product a name, as it shows on the receipt.';
    if (sku === '') found.sku = 'Give the product a SKU (your own code for it, unique in the store).';
    if (priceMinor === null || priceMinor < 0)
      found.price = `Type the price as an amount such as ${moneyText(249, exponent)}${form.soldByWeight ? ' (per kg)' : ''}.`;
    if (!form.taxClassId) found.taxClassId = 'Pick the tax class this product is taxed at.';
    const pending = form.newBarcode.trim();
    const barcodes = [...form.barcodes];
    if (pending !== '') {
      const problem = barcodeProblem(pending);
      if (problem) found.barcodes = problem;
      else if (!barcodes.includes(pending)) barcodes.push(pending);
    }
    if (Object.keys(found).length > 0) {
      setErrors(found);
      focusField(firstInvalid(FIELD_ORDER, found));
      return;
    }
    setBusy(true);
    const result = await api.invoke('catalog.upsertProduct', {
      ...(product ? { id: product.id } : {}),
      name,
      sku,
      priceMinor: priceMinor ?? 0,
      taxClassId: form.taxClassId,
      categoryId: form.categoryId || null,
      soldByWeight: form.soldByWeight,
      tracksStock: form.tracksStock,
      barcodes,
    });
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, fieldOf);
      setErrors(placed.fields);
      setError(placed.form);
      focusField(firstInvalid(FIELD_ORDER, placed.fields));
      return;
    }
    setProduct(result.data);
    setForm(formOf(result.data, exponent, taxClasses));
    setErrors({});
    setNotice(`Saved “${result.data.name}”.`);
    onSaved(result.data);
  };

  const setActive = async (active: boolean) => {
    if (!product || busy) return;
    setBusy(true);
    const result = await api.invoke('catalog.setActive', { id: product.id, active });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setProduct(result.data);
    setNotice(active ? `“${result.data.name}” is on sale again.` : `“${result.data.name}” is off sale: the till no longer sells it.`);
    onSaved(result.data);
  };

  if (!loaded) {
    return (
      <p className="muted" role="status">
        Loading the product…
      </p>
    );
  }
  if (productId !== null && !product) return <ErrorAlert error={error} />;

  return (
    <EditForm label={product ? `Edit ${product.name}` : 'New product'} onSubmit={() => void save()} onClose={onClose}>
      <header className="manager-form-head">
        <div>
          <h3 className="manager-form-title">{product ? product.name : 'New product'}</h3>
          {product && (
            <p className="muted">
              {product.active ? 'On sale' : 'Off sale'} ·{' '}
              {product.tracksStock
                ? `${formatQuantity(product.stockOnHand, product.soldByWeight)}${product.soldByWeight ? '' : ' pieces'} in stock`
                : 'stock not counted'}
            </p>
          )}
        </div>
        {product && (
          <button
            type="button"
            className={`button button-small${product.active ? ' button-danger-ghost' : ''}`}
            disabled={busy}
            onClick={() => void setActive(!product.active)}
          >
            {product.active ? 'Take off sale' : 'Put back on sale'}
          </button>
        )}
      </header>
      <div className="manager-form-grid">
        <TextField
          id={`${id}-name`}
          label="Name"
          value={form.name}
          onChange={(v) => set('name', v)}
          error={errors.name}
          inputRef={refs.name}
          maxLength={120}
          disabled={busy}
          className="span-2"
        />
        <TextField
          id={`${id}-sku`}
          label="SKU"
          value={form.sku}
          onChange={(v) => set('sku', v)}
          error={errors.sku}
          inputRef={refs.sku}
          maxLength={48}
          disabled={busy}
        />
        <TextField
          id={`${id}-price`}
          label={form.soldByWeight ? `Price per kg (${currency})` : `Price (${currency})`}
          value={form.price}
          onChange={(v) => set('price', v)}
          error={errors.price}
          inputRef={refs.price}
          inputMode="decimal"
          maxLength={16}
          disabled={busy}
        />
        <SelectField
          id={`${id}-tax`}
          label="Tax class"
          value={form.taxClassId}
          options={taxClasses.map((t) => ({ value: t.id, label: `${t.name} (${t.rateBp / 100} %)` }))}
          onChange={(v) => set('taxClassId', v)}
          error={errors.taxClassId}
          selectRef={taxRef}
          disabled={busy}
        />
        <SelectField
          id={`${id}-category`}
          label="Category"
          value={form.categoryId}
          options={[{ value: '', label: 'No category' }, ...categories.map((c) => ({ value: c.id, label: c.name }))]}
          onChange={(v) => set('categoryId', v)}
          error={errors.categoryId}
          disabled={busy}
        />
        <div className={`field span-2${errors.barcodes ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`${id}-barcode`}>
            Barcodes
          </label>
          {form.barcodes.length > 0 && (
            <ul className="barcode-list" aria-label="Barcodes of this product">
              {form.barcodes.map((code) => (
                <li key={code} className="barcode-chip">
                  <span>{code}</span>
                  <button
                    type="button"
                    className="barcode-remove"
                    aria-label={`Remove barcode ${code}`}
                    disabled={busy}
                    onClick={() =>
                      set(
                        'barcodes',
                        form.barcodes.filter((c) => c !== code),
                      )
                    }
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="barcode-add">
            <input
              ref={refs.barcodes}
              id={`${id}-barcode`}
              className="input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={48}
              placeholder="Scan or type a barcode"
              value={form.newBarcode}
              disabled={busy}
              aria-invalid={errors.barcodes ? true : undefined}
              aria-describedby={errors.barcodes ? `${id}-barcode-error` : undefined}
              onChange={(event) => set('newBarcode', event.target.value)}
              onKeyDown={(event) => {
                // Enter here adds the code (a scanner ends with Enter); the form is saved with the button
                if (event.key === 'Enter' && form.newBarcode.trim() !== '') {
                  event.preventDefault();
                  addBarcode();
                }
              }}
            />
            <button type="button" className="button" disabled={busy} onClick={() => addBarcode()}>
              Add
            </button>
          </div>
          {errors.barcodes && (
            <span id={`${id}-barcode-error`} className="field-error">
              {errors.barcodes}
            </span>
          )}
        </div>
        <div className="span-2 manager-checks">
          <CheckField
            id={`${id}-weight`}
            label="Sold by weight (priced per kg)"
            checked={form.soldByWeight}
            onChange={(v) => set('soldByWeight', v)}
            error={errors.soldByWeight}
            disabled={busy}
          />
          <CheckField
            id={`${id}-tracks`}
            label="Count its stock"
            checked={form.tracksStock}
            onChange={(v) => set('tracksStock', v)}
            disabled={busy}
          />
        </div>
      </div>
      <FormFooter busy={busy} error={error} notice={notice} saveLabel={product ? 'Save changes' : 'Add product'} onClose={onClose} />
    </EditForm>
  );
}
