import { useEffect, useId, useRef, useState } from 'react';
import { formatQuantity } from '../../../shared/quantity';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices } from '../../stores/context';
import { placeError, TextField } from '../fields';
import { ProductPicker } from './ProductPicker';
import { fromHit, type StockLevel, type StockProduct, unitOf } from './StockChangeForm';

/** The words for a product's reorder level: when stock.low lists it. */
export function reorderText(level: Pick<StockLevel, 'name' | 'reorderLevel' | 'soldByWeight'>): string {
  return level.reorderLevel === null
    ? `${level.name} has no reorder level: it is listed at the threshold typed above.`
    : `${level.name} is listed when ${formatQuantity(level.reorderLevel, level.soldByWeight)} or fewer are left.`;
}

/**
 * The reorder level of one product, typed (in its unit; empty = none) and saved with Enter
 * (stock.setReorderLevel); Escape gives up. The core answers the product's level, which goes back
 * to the caller. `current` is the level when known (a row of the low-stock list).
 */
export function ReorderLevelEditor({
  product,
  current,
  compact = false,
  onSaved,
  onCancel,
}: {
  product: StockProduct;
  current: number | null | undefined;
  compact?: boolean;
  onSaved(level: StockLevel): void;
  onCancel?(): void;
}) {
  const { api } = useServices();
  const id = useId();
  const [text, setText] = useState(current === null || current === undefined ? '' : String(current));
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async () => {
    if (busy) return;
    const typed = text.trim();
    if (typed !== '' && !/^\d{1,10}$/.test(typed)) {
      setProblem(`Type the level in ${unitOf(product)}, such as 12 — or leave it empty for none.`);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    setError(null);
    const result = await api.invoke('stock.setReorderLevel', { productId: product.id, reorderLevel: typed === '' ? null : Number(typed) });
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, (path) => (path === 'reorderLevel' ? 'level' : null));
      setProblem(placed.fields.level ?? null);
      setError(placed.form);
      // (once the field is enabled again)
      requestAnimationFrame(() => inputRef.current?.focus());
      return;
    }
    onSaved(result.data);
  };

  return (
    <form
      className={compact ? 'reorder-inline' : 'reorder-form'}
      aria-label={`Reorder level of ${product.name}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onCancel) {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <TextField
        id={`${id}-level`}
        label={compact ? `Reorder level of ${product.name} (${unitOf(product)})` : `Reorder level (${unitOf(product)})`}
        labelHidden={compact}
        {...(compact ? {} : { hint: 'Listed under Low stock at or below it; empty = none (the threshold above counts).' })}
        inputRef={inputRef}
        inputMode="numeric"
        maxLength={10}
        placeholder="none"
        value={text}
        error={problem ?? undefined}
        disabled={busy}
        onChange={(value) => {
          setText(value);
          setProblem(null);
          setError(null);
        }}
      />
      <span className="reorder-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {onCancel && (
          <button type="button" className="button button-small" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
      <ErrorAlert error={error} />
    </form>
  );
}

/**
 * Any product's reorder level, not only those the list shows: scan or search it, type its level.
 * (The list knows the level of its own rows; a product above its level is not in it.)
 */
export function ReorderLevelPanel({
  known,
  onSaved,
}: {
  known(productId: string): StockLevel | undefined;
  onSaved(level: StockLevel): void;
}) {
  const [product, setProduct] = useState<StockProduct | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  useEffect(() => pickerRef.current?.focus(), []);
  const row = product ? known(product.id) : undefined;
  return (
    <div className="stock-form reorder-panel">
      <ProductPicker
        label="Set the reorder level of"
        inputRef={pickerRef}
        onPick={(hit) => {
          setDone(null);
          setProduct(fromHit(hit));
        }}
      />
      {product && (
        <>
          <div className="stock-product">
            <strong>{product.name}</strong>
            <span className="muted">{product.sku}</span>
            <span className="stock-product-level">
              {product.tracksStock ? `${formatQuantity(product.stockOnHand, product.soldByWeight)} in stock` : 'Stock not counted'}
            </span>
            {row && <span className="muted">{reorderText(row)}</span>}
          </div>
          <ReorderLevelEditor
            key={product.id}
            product={product}
            current={row?.reorderLevel}
            onSaved={(level) => {
              setDone(`Saved. ${reorderText(level)}`);
              setProduct(null);
              onSaved(level);
              pickerRef.current?.focus();
            }}
          />
        </>
      )}
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
