import { useEffect, useId, useState } from 'react';
import { formatQuantity } from '../../../shared/quantity';
import { ErrorAlert } from '../../components/Alert';
import { Segmented } from '../../components/Segmented';
import { useServices } from '../../stores/context';
import { type FieldErrors, parseWhole, placeError, TextField } from '../fields';
import { useKeysetList } from '../history/useKeysetList';
import { MovementsView } from './MovementsView';
import { fromLevel, StockChangeForm, type StockLevel, type StockProduct } from './StockChangeForm';
import { StockCountView } from './StockCountView';

type StockTab = 'low' | 'receive' | 'adjust' | 'movements' | 'count';

const TABS: readonly (readonly [StockTab, string])[] = [
  ['low', 'Low stock'],
  ['receive', 'Receive'],
  ['adjust', 'Adjust'],
  ['movements', 'Movements'],
  ['count', 'Stock count'],
];

/** Stock: what runs low, goods received, changes by hand with a reason, the movements of a product, and stock counts. */
export function StockSection() {
  const id = useId();
  const [tab, setTab] = useState<StockTab>('low');
  // a product picked in the low-stock list opens in Receive (or Movements) ready for its quantity
  const [target, setTarget] = useState<StockProduct | null>(null);
  const go = (next: StockTab, product: StockProduct | null = null) => {
    setTarget(product);
    setTab(next);
  };
  return (
    <section aria-labelledby={`${id}-title`} className="manager-section stock-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Stock
        </h2>
        <Segmented label="Stock tasks" options={TABS} value={tab} onChange={(next) => go(next)} />
      </header>
      <div className="stock-pane">
        {tab === 'low' && <LowStock onReceive={(p) => go('receive', p)} onMovements={(p) => go('movements', p)} />}
        {tab === 'receive' && <StockChangeForm key={`receive-${target?.id ?? ''}`} mode="receive" initial={target} />}
        {tab === 'adjust' && <StockChangeForm key="adjust" mode="adjust" />}
        {tab === 'movements' && <MovementsView key={target?.id ?? 'all'} initial={target} />}
        {tab === 'count' && <StockCountView />}
      </div>
    </section>
  );
}

/** Products at or below their reorder level (or the threshold typed, for those without one), lowest first. */
function LowStock({ onReceive, onMovements }: { onReceive(product: StockProduct): void; onMovements(product: StockProduct): void }) {
  const { api } = useServices();
  const id = useId();
  const [thresholdText, setThresholdText] = useState('5');
  const [threshold, setThreshold] = useState(5);
  const [errors, setErrors] = useState<FieldErrors>({});
  const list = useKeysetList<StockLevel>((cursor) => api.invoke('stock.low', { threshold, ...(cursor ? { cursor } : {}), limit: 50 }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new threshold, a new list
  useEffect(() => {
    void list.search().then((error) => {
      if (error) setErrors(placeError(error, (path) => (path === 'threshold' ? 'threshold' : null)).fields);
    });
  }, [threshold]);

  return (
    <div className="stock-low">
      <form
        className="stock-low-tools"
        aria-label="Low stock threshold"
        onSubmit={(event) => {
          event.preventDefault();
          const value = parseWhole(thresholdText);
          if (value === null || value < 0) {
            setErrors({ threshold: 'Type a whole number, such as 5.' });
            return;
          }
          setErrors({});
          setThreshold(value);
        }}
      >
        <TextField
          id={`${id}-threshold`}
          label="Without a reorder level, list at or below"
          inputMode="numeric"
          value={thresholdText}
          error={errors.threshold}
          onChange={setThresholdText}
          maxLength={10}
        />
        <button type="submit" className="button">
          Show
        </button>
      </form>
      <ErrorAlert error={errors.threshold ? null : list.error} />
      <div className="audit-table-wrap">
        <table className="report-table" aria-label="Low stock">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                In stock
              </th>
              <th scope="col" className="num">
                Reorder at
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((level) => (
              <tr key={level.id}>
                <th scope="row">
                  {level.name} <span className="muted">{level.sku}</span>
                </th>
                <td className={`num${level.stockOnHand <= 0 ? ' history-negative' : ''}`}>
                  {formatQuantity(level.stockOnHand, level.soldByWeight)}
                </td>
                <td className="num">
                  {level.reorderLevel === null ? `${threshold} (default)` : formatQuantity(level.reorderLevel, level.soldByWeight)}
                </td>
                <td className="stock-row-actions">
                  <button type="button" className="button button-small" onClick={() => onReceive(fromLevel(level))}>
                    Receive
                  </button>
                  <button type="button" className="button button-small" onClick={() => onMovements(fromLevel(level))}>
                    Movements
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loaded && list.items.length === 0 && !list.loading && (
          <div className="manager-empty">
            <strong>Nothing is running low</strong>
            <span>Every counted product is above its reorder level.</span>
          </div>
        )}
        {list.nextCursor && (
          <button type="button" className="button history-more" disabled={list.loading} onClick={() => void list.loadMore()}>
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}
