import { useEffect, useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { formatQuantity } from '../../../shared/quantity';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import type { SearchHit } from '../../stores/catalog';
import { useServices } from '../../stores/context';
import { type FieldErrors, placeError, SelectField, TextField } from '../fields';
import { ProductPicker } from './ProductPicker';

type AdjustReason = 'damaged' | 'theft' | 'count_correction' | 'receipt';
export type StockLevel = ChannelOutput<'stock.low'>['items'][number];

/** A product as the stock screens show it: from the catalogue search or from the core's answer. */
export interface StockProduct {
  id: string;
  name: string;
  sku: string;
  soldByWeight: boolean;
  stockOnHand: number;
  tracksStock: boolean;
}

export function fromHit(hit: SearchHit): StockProduct {
  return {
    id: hit.id,
    name: hit.name,
    sku: hit.sku,
    soldByWeight: hit.soldByWeight,
    stockOnHand: hit.stockOnHand,
    tracksStock: hit.tracksStock,
  };
}

export function fromLevel(level: StockLevel): StockProduct {
  return { ...level, tracksStock: true };
}

export const REASONS: readonly { value: AdjustReason; label: string }[] = [
  { value: 'damaged', label: 'Damaged (taken off)' },
  { value: 'theft', label: 'Theft (taken off)' },
  { value: 'count_correction', label: 'Count correction (+ or −)' },
  { value: 'receipt', label: 'Received (added)' },
];

export function unitOf(product: StockProduct): string {
  return product.soldByWeight ? 'grams' : 'pieces';
}

/**
 * Goods received (stock.receive) or a change by hand with a reason (stock.adjust) for one
 * product picked by scan or search. The core checks the amounts (damage and theft never below
 * zero) and answers the new level; the form shows it and is ready for the next product.
 */
export function StockChangeForm({ mode, initial }: { mode: 'receive' | 'adjust'; initial?: StockProduct | null }) {
  const { api } = useServices();
  const id = useId();
  const [product, setProduct] = useState<StockProduct | null>(initial ?? null);
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<AdjustReason>('damaged');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);
  // one id per change: a double submit or a retried call moves the stock once
  const requestId = useRef(crypto.randomUUID());

  useEffect(() => {
    (initial ? quantityRef : pickerRef).current?.focus();
  }, [initial]);

  const choose = (picked: StockProduct) => {
    setProduct(picked);
    setErrors({});
    setFormError(null);
    setDone(null);
    requestId.current = crypto.randomUUID();
    setTimeout(() => quantityRef.current?.focus(), 0);
  };

  const submit = async () => {
    if (!product || busy) return;
    const text = quantity.trim().replace(/^\+/, '');
    if (!/^-?\d+$/.test(text)) {
      setErrors({ quantity: `Type the quantity in ${unitOf(product)}, such as 12.` });
      quantityRef.current?.focus();
      return;
    }
    const amount = Number(text);
    setBusy(true);
    setErrors({});
    setFormError(null);
    const noteText = note.trim() ? { note: note.trim() } : {};
    let level: { stockOnHand: number } | undefined;
    let error: AppErrorData | null = null;
    if (mode === 'receive') {
      const result = await api.invoke('stock.receive', {
        id: requestId.current,
        lines: [{ productId: product.id, quantity: amount }],
        ...noteText,
      });
      if (result.ok) level = result.data.products.find((p) => p.id === product.id);
      else error = result.error;
    } else {
      const delta = reason === 'damaged' || reason === 'theft' ? -Math.abs(amount) : amount;
      const result = await api.invoke('stock.adjust', { id: requestId.current, productId: product.id, delta, reason, ...noteText });
      if (result.ok) level = result.data.product;
      else error = result.error;
    }
    setBusy(false);
    if (error) {
      const placed = placeError(error, (path) =>
        path === 'delta' || path.endsWith('quantity') ? 'quantity' : path === 'note' ? 'note' : path === 'reason' ? 'reason' : null,
      );
      setErrors(placed.fields);
      setFormError(placed.form);
      return;
    }
    const now = level?.stockOnHand ?? product.stockOnHand;
    const moved = formatQuantity(Math.abs(amount), product.soldByWeight);
    setDone(
      mode === 'receive'
        ? `Received ${moved} of ${product.name}: ${formatQuantity(now, product.soldByWeight)} in stock now.`
        : `${product.name}: ${formatQuantity(now, product.soldByWeight)} in stock now.`,
    );
    setProduct({ ...product, stockOnHand: now });
    setQuantity('');
    setNote('');
    requestId.current = crypto.randomUUID();
    pickerRef.current?.focus();
  };

  const title = mode === 'receive' ? 'Receive goods' : 'Adjust stock';
  const quantityLabel =
    mode === 'receive'
      ? `Quantity received (${product ? unitOf(product) : 'pieces'})`
      : reason === 'count_correction'
        ? `Change (${product ? unitOf(product) : 'pieces'}, + or −)`
        : `Quantity (${product ? unitOf(product) : 'pieces'})`;

  return (
    <form
      className="stock-form"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <ProductPicker label="Product" inputRef={pickerRef} onPick={(hit) => choose(fromHit(hit))} />
      {product ? (
        <div className="stock-product" aria-live="polite">
          <strong>{product.name}</strong>
          <span className="muted">{product.sku}</span>
          <span className="stock-product-level" data-testid="stock-level">
            {product.tracksStock ? `${formatQuantity(product.stockOnHand, product.soldByWeight)} in stock` : 'Stock not counted'}
          </span>
        </div>
      ) : (
        <p className="muted stock-hint">Scan or search the product first.</p>
      )}
      <div className="manager-form-grid">
        {mode === 'adjust' && (
          <SelectField<AdjustReason>
            id={`${id}-reason`}
            label="Reason"
            value={reason}
            options={REASONS}
            error={errors.reason}
            onChange={setReason}
            disabled={!product}
          />
        )}
        <TextField
          id={`${id}-quantity`}
          label={quantityLabel}
          inputRef={quantityRef}
          inputMode={mode === 'adjust' && reason === 'count_correction' ? 'text' : 'numeric'}
          value={quantity}
          error={errors.quantity}
          onChange={setQuantity}
          maxLength={12}
          disabled={!product}
        />
        <TextField
          id={`${id}-note`}
          label="Note"
          optional
          value={note}
          error={errors.note}
          onChange={setNote}
          maxLength={200}
          disabled={!product}
          className={mode === 'receive' ? undefined : 'span-2'}
        />
      </div>
      <ErrorAlert error={formError} />
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
      <div className="manager-form-actions">
        <button type="submit" className="button button-primary" disabled={!product || busy}>
          {mode === 'receive' ? 'Receive' : 'Adjust'}
        </button>
      </div>
    </form>
  );
}
