import { useEffect, useId, useRef, useState } from 'react';
import { formatQuantity } from '../../../shared/quantity';
import { ErrorAlert } from '../../components/Alert';
import { Segmented } from '../../components/Segmented';
import { useServices } from '../../stores/context';
import { type FieldErrors, parseWhole, placeError, TextField } from '../fields';
import { LoadMore } from '../history/HistoryDetail';
import { useKeysetList } from '../history/useKeysetList';
import '../manager.css';
import { MovementsView } from './MovementsView';
import { ReorderLevelEditor, ReorderLevelPanel, reorderText } from './ReorderLevel';
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

/**
 * Products at or below their reorder level (or the threshold typed, for those without one), lowest
 * first. Each row's level is changed where it stands (Change, type, Enter; Escape gives up), and
 * "Set a reorder level" sets it for any product, one found by scan or search.
 */
function LowStock({ onReceive, onMovements }: { onReceive(product: StockProduct): void; onMovements(product: StockProduct): void }) {
  const { api } = useServices();
  const id = useId();
  const [thresholdText, setThresholdText] = useState('5');
  const [threshold, setThreshold] = useState(5);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const panelButtonRef = useRef<HTMLButtonElement>(null);
  const list = useKeysetList<StockLevel>((cursor) => api.invoke('stock.low', { threshold, ...(cursor ? { cursor } : {}), limit: 50 }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new threshold, a new list
  useEffect(() => {
    void list.search().then((error) => {
      if (error) setErrors(placeError(error, (path) => (path === 'threshold' ? 'threshold' : null)).fields);
    });
  }, [threshold]);

  const focusChange = (productId: string) =>
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLButtonElement>(`[data-change="${productId}"]`)?.focus());

  /** The core's answer in the row (it stays listed until the list is shown again) and in words. */
  const levelSaved = (level: StockLevel) => {
    list.setItems((items) => items.map((item) => (item.id === level.id ? level : item)));
    setSaved(`Saved. ${reorderText(level)}`);
  };

  return (
    <div className="low-stock-view">
      <div className="stock-low-bar">
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
        <button
          ref={panelButtonRef}
          type="button"
          className="button"
          aria-expanded={panelOpen}
          aria-controls={`${id}-panel`}
          onClick={() => {
            setPanelOpen((open) => !open);
            setSaved(null);
          }}
        >
          {panelOpen ? 'Close the reorder level' : 'Set a reorder level…'}
        </button>
      </div>
      {panelOpen && (
        // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the panel closes it (its fields take the keys)
        <div
          id={`${id}-panel`}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !event.defaultPrevented) {
              event.preventDefault();
              event.stopPropagation();
              setPanelOpen(false);
              panelButtonRef.current?.focus();
            }
          }}
        >
          <ReorderLevelPanel known={(productId) => list.items.find((item) => item.id === productId)} onSaved={levelSaved} />
        </div>
      )}
      <ErrorAlert error={errors.threshold ? null : list.error} />
      {saved && !panelOpen && (
        <p className="alert alert-success" role="status">
          {saved}
        </p>
      )}
      <div className="audit-table-wrap">
        <table ref={tableRef} className="report-table" aria-label="Low stock">
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
                <td className="num reorder-cell">
                  {editing === level.id ? (
                    <ReorderLevelEditor
                      compact
                      product={fromLevel(level)}
                      current={level.reorderLevel}
                      onSaved={(next) => {
                        levelSaved(next);
                        setEditing(null);
                        focusChange(level.id);
                      }}
                      onCancel={() => {
                        setEditing(null);
                        focusChange(level.id);
                      }}
                    />
                  ) : (
                    <span className="reorder-value">
                      {level.reorderLevel === null ? `${threshold} (default)` : formatQuantity(level.reorderLevel, level.soldByWeight)}
                      <button
                        type="button"
                        className="button button-small"
                        data-change={level.id}
                        aria-label={`Change the reorder level of ${level.name}`}
                        onClick={() => {
                          setSaved(null);
                          setEditing(level.id);
                        }}
                      >
                        Change
                      </button>
                    </span>
                  )}
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
        <LoadMore list={list} />
      </div>
    </div>
  );
}
