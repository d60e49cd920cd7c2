import { type ReactNode, type RefObject, useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { ErrorAlert } from '../components/Alert';
import { optionId, ProductList } from '../components/ProductList';
import { type CatalogStore, createCatalogStore, type SearchHit } from '../stores/catalog';
import { useServices, useSession } from '../stores/context';

/**
 * A catalogue search of the screen's own — the till's query and results stay as the cashier left
 * them — over every product, on sale or not. Reset when the screen goes.
 */
export function useOwnCatalog(pageSize?: number): CatalogStore {
  const { api } = useServices();
  const [catalog] = useState(() => {
    const store = createCatalogStore(api, pageSize ? { pageSize } : {});
    store.setState({ activeFilter: 'all' });
    return store;
  });
  useEffect(() => {
    // (set here too: a remount after reset() starts from the store's defaults)
    catalog.setState({ activeFilter: 'all' });
    return () => catalog.getState().reset();
  }, [catalog]);
  return catalog;
}

/**
 * The search box and the virtualised result list of a Manager screen: type, scan or move with
 * ↑ ↓ (PageUp/PageDown by a page), Enter or a click chooses; Escape empties a typed search first
 * (the next one is the screen's). A scan ends with Enter before its search has answered: the
 * search runs then, and its first match is chosen.
 */
export function ProductSearch({
  catalog,
  label,
  labelHidden = false,
  placeholder,
  inputRef,
  onChoose,
  clearOnChoose = false,
  listWhenTyped = false,
  visibleRows,
  rowHeight = 64,
  selectedId = null,
  listLabel,
  listClassName,
  tools,
}: {
  catalog: CatalogStore;
  label: string;
  /** the label is for screen readers only (the screen's title says it) */
  labelHidden?: boolean;
  placeholder: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  onChoose(hit: SearchHit): void;
  /** a picker: the box is emptied for the next product */
  clearOnChoose?: boolean;
  /** the list shows only while something is typed (a picker beside a form) */
  listWhenTyped?: boolean;
  visibleRows?: number;
  rowHeight?: number;
  selectedId?: string | null;
  listLabel?: string;
  listClassName?: string;
  /** between the box and the list (a count, a filter) */
  tools?: ReactNode;
}) {
  const currency = useSession((s) => s.currency);
  const query = useStore(catalog, (s) => s.query);
  const items = useStore(catalog, (s) => s.items);
  const highlight = useStore(catalog, (s) => s.highlight);
  const nextCursor = useStore(catalog, (s) => s.nextCursor);
  const loading = useStore(catalog, (s) => s.loading);
  const loadingMore = useStore(catalog, (s) => s.loadingMore);
  const shownQuery = useStore(catalog, (s) => s.shownQuery);
  const activeFilter = useStore(catalog, (s) => s.activeFilter);
  const error = useStore(catalog, (s) => s.error);
  const id = useId();
  const listId = `${id}-list`;

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onChoose(hit);
    if (clearOnChoose) catalog.getState().setQuery('');
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const state = catalog.getState();
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      state.moveHighlight(move);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if ((state.shownQuery !== state.query || state.loading) && state.query.trim() !== '') {
        void state.search().then(() => choose(catalog.getState().highlighted()));
      } else choose(state.highlighted());
    } else if (event.key === 'Escape' && state.query !== '') {
      event.preventDefault();
      event.stopPropagation();
      state.setQuery('');
    }
  };

  const open = !listWhenTyped || query.trim() !== '';
  // a list that opens under a field in a scrolling form comes into view with its first answer
  useEffect(() => {
    if (!listWhenTyped || !open || shownQuery === null) return;
    document.getElementById(listId)?.parentElement?.scrollIntoView?.({ block: 'nearest' });
  }, [listWhenTyped, open, shownQuery, listId]);

  return (
    <>
      <label className={labelHidden ? 'visually-hidden' : 'field-label'} htmlFor={`${id}-search`}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={`${id}-search`}
        className="input"
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && items[highlight] ? optionId(listId, highlight) : undefined}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={query}
        onChange={(event) => catalog.getState().setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {tools}
      <ErrorAlert error={error} />
      {open && (
        <ProductList
          catalog={catalog}
          listId={listId}
          label={listLabel}
          items={items}
          highlight={highlight}
          hasMore={nextCursor !== null}
          loadingMore={loadingMore}
          currency={currency}
          resultKey={`${shownQuery}|${activeFilter}`}
          rowHeight={rowHeight}
          visibleRows={visibleRows}
          selectedId={selectedId}
          className={listClassName}
          rowClassName="manager-row"
          onChoose={choose}
          empty={
            loading || shownQuery === null
              ? null
              : {
                  title: shownQuery.trim() ? `No product matches “${shownQuery.trim()}”.` : 'No products yet.',
                  hint: shownQuery.trim() ? 'Try part of the name, the SKU or a barcode.' : 'Add one with New product, or import a file.',
                }
          }
        />
      )}
    </>
  );
}
