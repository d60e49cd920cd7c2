import { type RefObject, useEffect, useId, useState } from 'react';
import { barcodeKind } from '../../shared/barcode';
import { parseMultiplier } from '../checkout/multiplier';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import type { SearchHit } from '../stores/catalog';
import { useCatalog, useServices, useSession } from '../stores/context';
import { ErrorAlert } from './Alert';
import { CategoryFilter } from './CategoryFilter';
import { NumericKeypad } from './NumericKeypad';
import { optionId, ProductList } from './ProductList';

const counted = new Intl.NumberFormat();

/**
 * What the list holds. catalog.search answers a page and a cursor; how many match in all comes
 * from catalog.count once typing settles ("50,000 products"). Until then, with more pages to come,
 * the count says so ("First 40 products … scroll for more"), never a guessed "40+".
 */
export function resultSummary(
  count: number,
  more: boolean,
  query: string | null,
  total: { count: number; capped: boolean } | null = null,
): string {
  const forQuery = query ? ` for “${query}”` : '';
  if (total) {
    const all = Math.max(total.count, count);
    return `${counted.format(all)}${total.capped ? '+' : ''} ${all === 1 && !total.capped ? 'product' : 'products'}${forQuery}`;
  }
  if (count === 0) return `0 products${forQuery}`;
  const noun = count === 1 ? 'product' : 'products';
  if (more) return `First ${counted.format(count)} ${noun}${forQuery} · scroll for more`;
  return `${counted.format(count)} ${noun}${forQuery}`;
}

/** The catalogue column of the sale screen: search as you type, categories, the virtualised list. */
export function CatalogSearch({
  searchRef,
  onChoose,
  onCode,
  multiplier,
  onMultiplier,
}: {
  searchRef: RefObject<HTMLInputElement | null>;
  /** the count keyed before the next scan or pick (`3*`), shown beside the box until used or cleared */
  multiplier: number | null;
  onMultiplier(count: number | null): void;
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
  const total = useCatalog((s) => s.total);
  const categoryId = useCatalog((s) => s.categoryId);
  const activeFilter = useCatalog((s) => s.activeFilter);
  const error = useCatalog((s) => s.error);
  const id = useId();
  const listId = `${id}-results`;
  // a touch till keys barcodes and counts on a keypad under the box, opened with the Keypad button
  const touchKeypad = useTouchKeypad();
  const [keypadOpen, setKeypadOpen] = useState(false);

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
        if (barcodeKind(code) === 'other') {
          void ready.then(addHighlighted);
          break;
        }
        // a whole EAN/UPC keyed in (or scanned too slowly to tell, on a loaded till): a product whose
        // SKU or barcode is exactly that wins; otherwise it is looked up as a scan (scale labels, a
        // member card, a clear "no such barcode" — and a wrong check digit explained as a misread)
        void ready.then(async () => {
          const top = catalog.getState().items[0];
          let added = true;
          if (top?.match === 'code') onChoose(top, 'scan');
          else added = await onCode(code);
          if (added && catalog.getState().query.trim() === code) catalog.getState().setQuery('');
        });
        break;
      }
      case 'Backspace':
        // the `*` of `3*` taken back: the count is text again
        if (state.query === '' && multiplier !== null) {
          event.preventDefault();
          state.setQuery(String(multiplier));
          onMultiplier(null);
        }
        break;
      case 'Escape':
        event.preventDefault();
        state.setQuery('');
        onMultiplier(null);
        break;
    }
  };

  const onSearchChange = (text: string) => {
    const count = parseMultiplier(text);
    if (count === null) {
      catalog.getState().setQuery(text);
      return;
    }
    // `3*`: the count waits beside the box for the next scan or pick; the box is free for it
    onMultiplier(count);
    catalog.getState().setQuery('');
  };

  const hasResults = items.length > 0;
  const resultKey = `${shownQuery}|${categoryId ?? ''}|${activeFilter}`;

  return (
    <section className="catalog-main" aria-label="Catalogue">
      <div className="search">
        <div className="search-label">
          <label htmlFor={`${id}-search`}>Search products</label>
          <kbd>F2</kbd>
          <span className="search-hint" id={`${id}-hint`}>
            <kbd>3</kbd>
            <kbd>*</kbd> then scan: 3 of it
          </span>
        </div>
        <div className={`search-box${multiplier !== null ? ' search-box-multiplied' : ''}${touchKeypad ? ' search-box-keypad' : ''}`}>
          <span className="search-multiplier-slot" role="status">
            {multiplier !== null && (
              <button
                type="button"
                className="search-multiplier"
                data-testid="multiplier"
                onClick={() => {
                  onMultiplier(null);
                  searchRef.current?.focus();
                }}
              >
                {multiplier} × <span className="visually-hidden">the next product: tap to clear</span>
              </button>
            )}
          </span>
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
            aria-describedby={`${id}-hint`}
            aria-activedescendant={hasResults ? optionId(listId, highlight) : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={multiplier !== null ? `Scan or pick: ${multiplier} of it` : 'Name, SKU or barcode'}
            value={query}
            onChange={(event) => onSearchChange(event.target.value)}
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
          {touchKeypad && (
            <button
              type="button"
              className="search-keypad-toggle"
              aria-pressed={keypadOpen}
              aria-controls={keypadOpen ? `${id}-keypad` : undefined}
              // the search box keeps the focus (and what was typed, its caret)
              onPointerDown={(event) => event.preventDefault()}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setKeypadOpen((open) => !open);
                searchRef.current?.focus({ preventScroll: true });
              }}
            >
              Keypad
            </button>
          )}
        </div>
        {touchKeypad && keypadOpen && (
          <div id={`${id}-keypad`} className="search-keypad">
            {/* Enter is the search box's: a keyed-in barcode is looked up, else the highlighted product added; × is the 3× of a count */}
            <NumericKeypad target={searchRef} label="Search keypad" times />
          </div>
        )}
      </div>
      <CategoryFilter onChosen={() => searchRef.current?.focus({ preventScroll: true })} />
      <ErrorAlert error={error ?? sessionError} />
      <p className="results-summary" role="status">
        {loading && !hasResults ? 'Searching…' : resultSummary(items.length, nextCursor !== null, shownQuery, total)}
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
