import { type RefObject, useEffect, useId } from 'react';
import { isCheckedRetailCode } from '../scanner/detector';
import type { SearchHit } from '../stores/catalog';
import { useCatalog, useServices, useSession } from '../stores/context';
import { ErrorAlert } from './Alert';
import { CategoryFilter } from './CategoryFilter';
import { optionId, ProductList } from './ProductList';

function resultSummary(count: number, more: boolean, query: string | null): string {
  if (count === 0) return query ? `0 products for “${query}”` : '0 products';
  const n = more ? `${count}+` : String(count);
  const noun = count === 1 && !more ? 'product' : 'products';
  return query ? `${n} ${noun} for “${query}”` : `${n} ${noun}`;
}

/** The catalogue column of the sale screen: search as you type, categories, the virtualised list. */
export function CatalogSearch({
  searchRef,
  onChoose,
  onCode,
}: {
  searchRef: RefObject<HTMLInputElement | null>;
  onChoose(hit: SearchHit, source?: 'scan' | 'list'): void;
  /** Enter on a keyed-in EAN/UPC (or a scan too slow to tell from typing): look the code up exactly; true when added */
  onCode(code: string): Promise<boolean>;
}) {
  const { catalog } = useServices();
  const currency = useSession((s) => s.currency);
  const sessionError = useSession((s) => s.error);
  const query = useCatalog((s) => s.query);
  const items = useCatalog((s) => s.items);
  const nextCursor = useCatalog((s) => s.nextCursor);
  const loading = useCatalog((s) => s.loading);
  const loadingMore = useCatalog((s) => s.loadingMore);
  const highlight = useCatalog((s) => s.highlight);
  const shownQuery = useCatalog((s) => s.shownQuery);
  const categoryId = useCatalog((s) => s.categoryId);
  const activeFilter = useCatalog((s) => s.activeFilter);
  const error = useCatalog((s) => s.error);
  const id = useId();
  const listId = `${id}-results`;

  useEffect(() => {
    const state = catalog.getState();
    void state.loadCategories();
    void state.search();
  }, [catalog]);

  const addHighlighted = () => {
    const hit = catalog.getState().highlighted();
    if (hit) onChoose(hit);
  };

  const onSearchKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const state = catalog.getState();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        state.moveHighlight(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        state.moveHighlight(-1);
        break;
      case 'PageDown':
        event.preventDefault();
        state.moveHighlight(8);
        break;
      case 'PageUp':
        event.preventDefault();
        state.moveHighlight(-8);
        break;
      case 'Enter': {
        event.preventDefault();
        const code = state.query.trim();
        // results still on their way for what was just typed: wait for them rather than add a stale row
        const ready = state.shownQuery === state.query && !state.loading ? Promise.resolve() : state.search();
        if (!isCheckedRetailCode(code)) {
          void ready.then(addHighlighted);
          break;
        }
        // a whole EAN/UPC keyed in (or scanned too slowly to tell): a product whose SKU or barcode is
        // exactly that wins; otherwise it is looked up as a scan (scale labels, a clear "no such barcode")
        void ready.then(async () => {
          const top = catalog.getState().items[0];
          let added = true;
          if (top?.match === 'code') onChoose(top, 'scan');
          else added = await onCode(code);
          if (added && catalog.getState().query.trim() === code) catalog.getState().setQuery('');
        });
        break;
      }
      case 'Escape':
        event.preventDefault();
        state.setQuery('');
        break;
    }
  };

  const hasResults = items.length > 0;
  const resultKey = `${shownQuery}|${categoryId ?? ''}|${activeFilter}`;

  return (
    <section className="catalog-main" aria-label="Catalogue">
      <div className="search">
        <div className="search-label">
          <label htmlFor={`${id}-search`}>Search products</label>
          <kbd>F2</kbd>
        </div>
        <div className="search-box">
          <span className="search-icon" aria-hidden="true">
            ⌕
          </span>
          <input
            ref={searchRef}
            id={`${id}-search`}
            className="search-input"
            type="text"
            enterKeyHint="search"
            role="combobox"
            aria-expanded={hasResults}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-keyshortcuts="F2"
            aria-activedescendant={hasResults ? optionId(listId, highlight) : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder="Name, SKU or barcode"
            value={query}
            onChange={(event) => catalog.getState().setQuery(event.target.value)}
            onKeyDown={onSearchKeyDown}
          />
          {query && (
            <button
              type="button"
              className="search-clear"
              aria-label="Clear search"
              onClick={() => {
                catalog.getState().setQuery('');
                searchRef.current?.focus();
              }}
            >
              ×
            </button>
          )}
        </div>
      </div>
      <CategoryFilter onChosen={() => searchRef.current?.focus({ preventScroll: true })} />
      <ErrorAlert error={error ?? sessionError} />
      <p className="results-summary" role="status">
        {loading && !hasResults ? 'Searching…' : resultSummary(items.length, nextCursor !== null, shownQuery)}
      </p>
      <ProductList
        listId={listId}
        items={items}
        highlight={highlight}
        hasMore={nextCursor !== null}
        loadingMore={loadingMore}
        currency={currency}
        resultKey={resultKey}
        onChoose={onChoose}
        empty={
          loading || shownQuery === null
            ? null
            : shownQuery
              ? { title: `Nothing matches “${shownQuery}”.`, hint: 'Check the spelling, try fewer letters, or scan the barcode.' }
              : { title: 'No products here yet.', hint: categoryId ? 'Choose another category.' : 'A manager can add products.' }
        }
      />
    </section>
  );
}
