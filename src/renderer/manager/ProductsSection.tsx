import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatMoney } from '../../shared/money';
import { formatQuantity } from '../../shared/quantity';
import { ErrorAlert } from '../components/Alert';
import { type Category, createCatalogStore, type SearchHit } from '../stores/catalog';
import { useServices, useSession } from '../stores/context';
import { ProductForm, type TaxClass } from './ProductForm';

const ROW_HEIGHT = 64;

/** What the form on the right shows: a product by id, a new one, or nothing yet. */
type Editing = { kind: 'product'; id: string } | { kind: 'new' } | null;

/**
 * Products: search the whole catalogue (a million products: the list is virtualised and paged by
 * the core's keyset search), pick one with the arrows and Enter or a click, edit it on the right.
 */
export function ProductsSection() {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  // its own search, not the till's: the till's query and results stay as the cashier left them
  const [catalog] = useState(() => {
    const store = createCatalogStore(api);
    store.setState({ activeFilter: 'all' });
    return store;
  });
  const query = useStore(catalog, (s) => s.query);
  const items = useStore(catalog, (s) => s.items);
  const highlight = useStore(catalog, (s) => s.highlight);
  const nextCursor = useStore(catalog, (s) => s.nextCursor);
  const loadingMore = useStore(catalog, (s) => s.loadingMore);
  const loading = useStore(catalog, (s) => s.loading);
  const total = useStore(catalog, (s) => s.total);
  const activeFilter = useStore(catalog, (s) => s.activeFilter);
  const searchError = useStore(catalog, (s) => s.error);
  const [editing, setEditing] = useState<Editing>(null);
  const [taxClasses, setTaxClasses] = useState<TaxClass[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [loadError, setLoadError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-list`;

  useEffect(() => {
    // (set here, not only at creation: a remount after reset() starts from the store's defaults)
    catalog.setState({ activeFilter: 'all' });
    void catalog.getState().search();
    searchRef.current?.focus();
    void (async () => {
      const [classes, cats] = await Promise.all([api.invoke('catalog.taxClasses', {}), api.invoke('catalog.categories', {})]);
      if (classes.ok) setTaxClasses(classes.data);
      if (cats.ok) setCategories(cats.data);
      setLoadError(!classes.ok ? classes.error : !cats.ok ? cats.error : null);
    })();
    return () => catalog.getState().reset();
  }, [api, catalog]);

  const choose = (hit: SearchHit | undefined) => {
    if (hit) setEditing({ kind: 'product', id: hit.id });
  };

  const onSearchKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const state = catalog.getState();
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      state.moveHighlight(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      state.moveHighlight(-1);
    } else if (event.key === 'PageDown') {
      event.preventDefault();
      state.moveHighlight(8);
    } else if (event.key === 'PageUp') {
      event.preventDefault();
      state.moveHighlight(-8);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(state.highlighted());
    } else if (event.key === 'Escape' && state.query !== '') {
      // the first Escape empties the search; the next one leaves the Manager area
      event.preventDefault();
      event.stopPropagation();
      state.setQuery('');
    }
  };

  const summary = loading
    ? 'Searching…'
    : total
      ? `${total.count.toLocaleString()}${total.capped ? '+' : ''} product${total.count === 1 ? '' : 's'}`
      : `${items.length.toLocaleString()}+ products — scroll for more`;

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section manager-split">
      <div className="manager-list-pane">
        <header className="manager-section-head">
          <h2 id={`${id}-title`} className="manager-section-title">
            Products
          </h2>
          <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'new' })}>
            New product
          </button>
        </header>
        <label className="visually-hidden" htmlFor={`${id}-search`}>
          Search products
        </label>
        <input
          ref={searchRef}
          id={`${id}-search`}
          className="input"
          type="search"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items[highlight] ? `${listId}-${highlight}` : undefined}
          placeholder="Search by name, SKU, barcode or category"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          value={query}
          onChange={(event) => catalog.getState().setQuery(event.target.value)}
          onKeyDown={onSearchKey}
        />
        <div className="manager-list-tools">
          <span className="muted" aria-live="polite">
            {summary}
          </span>
          <label className="toggle toggle-small">
            <input
              type="checkbox"
              checked={activeFilter === 'active'}
              onChange={(event) => catalog.getState().setActiveFilter(event.target.checked ? 'active' : 'all')}
            />
            On sale only
          </label>
        </div>
        <ErrorAlert error={searchError ?? loadError} />
        <ProductRows
          listId={listId}
          items={items}
          highlight={highlight}
          hasMore={nextCursor !== null}
          loadingMore={loadingMore}
          loading={loading}
          currency={currency}
          resultKey={`${query}|${activeFilter}`}
          onLoadMore={() => void catalog.getState().loadMore()}
          onChoose={(index) => {
            catalog.getState().setHighlight(index);
            choose(items[index]);
          }}
          selectedId={editing?.kind === 'product' ? editing.id : null}
        />
      </div>
      <div className="manager-form-pane">
        {editing ? (
          <ProductForm
            key={editing.kind === 'product' ? editing.id : 'new'}
            productId={editing.kind === 'product' ? editing.id : null}
            taxClasses={taxClasses}
            categories={categories}
            onSaved={(product) => {
              setEditing({ kind: 'product', id: product.id });
              // the list shows the new name, price and state (same search, same place)
              void catalog.getState().search();
            }}
            onClose={() => {
              setEditing(null);
              searchRef.current?.focus();
            }}
          />
        ) : (
          <div className="manager-empty">
            <strong>Pick a product to edit it</strong>
            <span>Type to search, move with ↑ ↓ and press Enter — or add a new product.</span>
          </div>
        )}
      </div>
    </section>
  );
}

function ProductRows({
  listId,
  items,
  highlight,
  hasMore,
  loadingMore,
  loading,
  currency,
  resultKey,
  selectedId,
  onLoadMore,
  onChoose,
}: {
  listId: string;
  items: SearchHit[];
  highlight: number;
  hasMore: boolean;
  loadingMore: boolean;
  loading: boolean;
  currency: string;
  resultKey: string;
  selectedId: string | null;
  onLoadMore(): void;
  onChoose(index: number): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowCount = items.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - 10) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, items.length, onLoadMore]);

  useEffect(() => {
    if (highlight < rowCount) virtualizer.scrollToIndex(highlight, { align: 'auto' });
  }, [highlight, virtualizer, rowCount]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new result set (resultKey) starts at the top
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resultKey, virtualizer]);

  return (
    <div ref={scrollRef} className="results-scroll manager-results">
      <div id={listId} role="listbox" aria-label="Products" className="results-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const hit = items[row.index];
          if (!hit) {
            return (
              <div key="more" className="result-more" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
                Loading more products…
              </div>
            );
          }
          const highlighted = row.index === highlight;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the search box handles the keys (aria-activedescendant)
            <div
              key={hit.id}
              id={`${listId}-${row.index}`}
              role="option"
              tabIndex={-1}
              aria-selected={highlighted}
              className={`result-row manager-row${highlighted ? ' result-row-selected' : ''}${hit.id === selectedId ? ' manager-row-open' : ''}${hit.active ? '' : ' result-row-inactive'}`}
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onChoose(row.index)}
            >
              <div className="result-main">
                <span className="result-name">
                  <span className="result-name-text">{hit.name}</span>
                  {!hit.active && <span className="badge badge-inactive">Off sale</span>}
                </span>
                <span className="result-meta">
                  <span className="result-sku">{hit.sku}</span>
                  {hit.categoryName && <span className="result-category">{hit.categoryName}</span>}
                </span>
              </div>
              <div className="result-side">
                <span className="result-price">
                  {formatMoney(hit.priceMinor, currency)}
                  {hit.soldByWeight ? '/kg' : ''}
                </span>
                <span className="result-stock stock-muted">
                  {hit.tracksStock ? `${formatQuantity(hit.stockOnHand, hit.soldByWeight)} in stock` : 'Not counted'}
                </span>
              </div>
            </div>
          );
        })}
      </div>
      {items.length === 0 && !hasMore && !loading && (
        <div className="results-empty">
          <strong>No products found</strong>
          <span>Try part of the name, the SKU or a barcode.</span>
        </div>
      )}
    </div>
  );
}
