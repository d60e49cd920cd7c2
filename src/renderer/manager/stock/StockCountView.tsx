import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { formatQuantity } from '../../../shared/quantity';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices, useSession } from '../../stores/context';
import { CheckField, type FieldErrors, placeError, TextField } from '../fields';
import { dateTime } from '../reports/ranges';
import { ProductPicker } from './ProductPicker';
import { fromHit, type StockProduct, unitOf } from './StockChangeForm';

type CountState = ChannelOutput<'stock.countGet'>;
type Line = CountState['lines'][number];

function signed(quantity: number, weighed: boolean): string {
  if (quantity === 0) return '0';
  return `${quantity > 0 ? '+' : '−'}${formatQuantity(Math.abs(quantity), weighed)}`;
}

/**
 * A stock count: start one, record what is on the shelf product by product (typed, or one piece
 * a scan), review the differences against the stock expected, then apply them (each becomes a
 * count correction) or cancel (nothing moves). The core keeps the open count across restarts.
 */
export function StockCountView() {
  const { api } = useServices();
  const timeZone = useSession((s) => s.settings?.timeZone);
  const id = useId();
  const [state, setState] = useState<CountState | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [product, setProduct] = useState<StockProduct | null>(null);
  const [counted, setCounted] = useState('');
  const [scanAdds, setScanAdds] = useState(false);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  // cancelling throws the counting away: the button asks once more
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const countedRef = useRef<HTMLInputElement>(null);
  const startId = useRef(crypto.randomUUID());

  const load = useCallback(async () => {
    const result = await api.invoke('stock.countGet', {});
    setLoaded(true);
    if (result.ok) setState(result.data);
    else if (result.error.code === 'NOT_FOUND') setState(null);
    else setError(result.error);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const start = async () => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('stock.countStart', { id: startId.current, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    startId.current = crypto.randomUUID();
    setMessage(null);
    setNote('');
    setState({ count: result.data, lines: [] });
    setTimeout(() => pickerRef.current?.focus(), 0);
  };

  const record = async (target: StockProduct, input: { counted: number; add: boolean }) => {
    if (!state) return;
    setBusy(true);
    setErrors({});
    setError(null);
    const result = await api.invoke('stock.countRecord', { countId: state.count.id, productId: target.id, ...input });
    setBusy(false);
    if (!result.ok) {
      const placed = placeError(result.error, (path) => (path === 'counted' ? 'counted' : null));
      setErrors(placed.fields);
      setError(placed.form);
      return;
    }
    const line = result.data;
    setState((s) =>
      s
        ? {
            count: { ...s.count, lines: s.lines.some((l) => l.productId === line.productId) ? s.count.lines : s.count.lines + 1 },
            lines: [line, ...s.lines.filter((l) => l.productId !== line.productId)],
          }
        : s,
    );
    setMessage(
      `${line.name}: counted ${formatQuantity(line.counted, line.soldByWeight)}, expected ${formatQuantity(line.expected, line.soldByWeight)}.`,
    );
    setCounted('');
    setProduct(null);
    pickerRef.current?.focus();
  };

  const pick = (picked: StockProduct) => {
    setMessage(null);
    if (scanAdds) {
      void record(picked, { counted: 1, add: true });
      return;
    }
    setProduct(picked);
    setTimeout(() => countedRef.current?.focus(), 0);
  };

  const submitCount = () => {
    if (!product) return;
    const text = counted.trim();
    if (!/^\d+$/.test(text)) {
      setErrors({ counted: `Type how many are on the shelf, in ${unitOf(product)}.` });
      return;
    }
    void record(product, { counted: Number(text), add: false });
  };

  const finish = async (how: 'apply' | 'cancel') => {
    if (!state) return;
    setBusy(true);
    setError(null);
    if (how === 'apply') {
      const result = await api.invoke('stock.countApply', { countId: state.count.id });
      setBusy(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setMessage(
        `Count applied: ${result.data.movements} ${result.data.movements === 1 ? 'product' : 'products'} corrected, net ${signed(result.data.netDifference, false)}.`,
      );
    } else {
      const result = await api.invoke('stock.countCancel', { countId: state.count.id });
      setBusy(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setMessage('Count cancelled: no stock was changed.');
    }
    setReviewing(false);
    setConfirmCancel(false);
    setProduct(null);
    setState(null);
  };

  if (!loaded) return <p className="muted">Looking for an open count…</p>;

  if (!state) {
    return (
      <form
        className="stock-form"
        aria-label="Start a stock count"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        {message && (
          <p className="alert alert-success" role="status">
            {message}
          </p>
        )}
        <p className="muted">
          Count the shelves product by product. Only the products you count are corrected when the count is applied; sales made meanwhile
          are kept.
        </p>
        <TextField id={`${id}-note`} label="Note" optional value={note} onChange={setNote} maxLength={200} />
        <ErrorAlert error={error} />
        <div className="manager-form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Start a count
          </button>
        </div>
      </form>
    );
  }

  const differences = state.lines.filter((l) => l.difference !== 0);
  return (
    <div className="stock-count">
      <p className="muted">
        Count started {dateTime(state.count.startedAt, timeZone)}
        {state.count.note ? ` · ${state.count.note}` : ''} · {state.lines.length} {state.lines.length === 1 ? 'product' : 'products'}{' '}
        counted
      </p>
      {!reviewing && (
        <form
          className="stock-form stock-count-form"
          aria-label="Record a count"
          onSubmit={(event) => {
            event.preventDefault();
            submitCount();
          }}
        >
          <ProductPicker label="Product counted" inputRef={pickerRef} onPick={(hit) => pick(fromHit(hit))} />
          <CheckField
            id={`${id}-scan-adds`}
            label="Each scan adds one"
            hint="For counting piece by piece with the scanner"
            checked={scanAdds}
            onChange={setScanAdds}
          />
          {product && !scanAdds && (
            <div className="stock-count-entry">
              <div className="stock-product">
                <strong>{product.name}</strong>
                <span className="muted">{product.sku}</span>
              </div>
              <TextField
                id={`${id}-counted`}
                label={`On the shelf (${unitOf(product)})`}
                inputRef={countedRef}
                inputMode="numeric"
                value={counted}
                error={errors.counted}
                onChange={setCounted}
                maxLength={12}
              />
              <button type="submit" className="button button-primary" disabled={busy}>
                Record
              </button>
            </div>
          )}
        </form>
      )}
      <ErrorAlert error={error} />
      {message && (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      )}
      {reviewing && <h3 className="report-table-title">Review: applying turns each difference into a count correction</h3>}
      <CountLines lines={reviewing ? differences : state.lines} reviewing={reviewing} />
      <div className="manager-form-actions">
        {reviewing ? (
          <>
            <button type="button" className="button" onClick={() => setReviewing(false)} disabled={busy}>
              Back to counting
            </button>
            <span className="manager-form-spacer" />
            <button type="button" className="button button-primary" onClick={() => void finish('apply')} disabled={busy}>
              Apply {differences.length} {differences.length === 1 ? 'difference' : 'differences'}
            </button>
          </>
        ) : (
          <>
            {confirmCancel ? (
              <>
                <button type="button" className="button button-danger" onClick={() => void finish('cancel')} disabled={busy}>
                  Yes, cancel: nothing moves
                </button>
                <button type="button" className="button" onClick={() => setConfirmCancel(false)} disabled={busy}>
                  Keep counting
                </button>
              </>
            ) : (
              <button type="button" className="button button-danger-ghost" onClick={() => setConfirmCancel(true)} disabled={busy}>
                Cancel the count
              </button>
            )}
            <span className="manager-form-spacer" />
            <button
              type="button"
              className="button button-primary"
              onClick={() => setReviewing(true)}
              disabled={busy || state.lines.length === 0}
            >
              Review differences
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function CountLines({ lines, reviewing }: { lines: Line[]; reviewing: boolean }) {
  if (lines.length === 0) {
    return (
      <div className="manager-empty">
        <strong>{reviewing ? 'No differences' : 'Nothing counted yet'}</strong>
        <span>
          {reviewing
            ? 'What was counted matches the stock: applying changes nothing.'
            : 'Scan or search a product, then type how many are on the shelf.'}
        </span>
      </div>
    );
  }
  return (
    <div className="audit-table-wrap">
      <table className="report-table" aria-label={reviewing ? 'Differences to apply' : 'Products counted'}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Expected
            </th>
            <th scope="col" className="num">
              Counted
            </th>
            <th scope="col" className="num">
              Difference
            </th>
            <th scope="col" className="num">
              In stock now
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.productId}>
              <th scope="row">
                {line.name} <span className="muted">{line.sku}</span>
              </th>
              <td className="num">{formatQuantity(line.expected, line.soldByWeight)}</td>
              <td className="num">{formatQuantity(line.counted, line.soldByWeight)}</td>
              <td className={`num${line.difference < 0 ? ' history-negative' : line.difference > 0 ? ' history-over' : ''}`}>
                {signed(line.difference, line.soldByWeight)}
              </td>
              <td className="num">{formatQuantity(line.stockOnHand, line.soldByWeight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
