import { type RefObject, useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { formatQuantity } from '../../../shared/quantity';
import { ErrorAlert } from '../../components/Alert';
import { createCatalogStore, type SearchHit } from '../../stores/catalog';
import { useServices } from '../../stores/context';

/** How many matches the picker lists: enough to choose among, short enough to fit beside a form. */
const SHOWN = 6;

/**
 * Pick a product by scanning its barcode or typing part of its name or SKU: the catalogue search
 * of the till and the Products screen (its own store), ↑ ↓ and Enter or a touch picks.
 */
export function ProductPicker({
  label,
  onPick,
  inputRef,
}: {
  label: string;
  onPick(hit: SearchHit): void;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const { api } = useServices();
  const [catalog] = useState(() => {
    const store = createCatalogStore(api, { pageSize: SHOWN });
    store.setState({ activeFilter: 'all' });
    return store;
  });
  const query = useStore(catalog, (s) => s.query);
  const items = useStore(catalog, (s) => s.items);
  const highlight = useStore(catalog, (s) => s.highlight);
  const loading = useStore(catalog, (s) => s.loading);
  const shownQuery = useStore(catalog, (s) => s.shownQuery);
  const error = useStore(catalog, (s) => s.error);
  const id = useId();
  const listId = `${id}-list`;

  useEffect(() => () => catalog.getState().reset(), [catalog]);

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onPick(hit);
    catalog.getState().setQuery('');
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const state = catalog.getState();
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      state.moveHighlight(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      state.moveHighlight(-1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // a scan ends with Enter before its search has answered: search now, then pick the match
      if ((state.shownQuery !== state.query || state.loading) && state.query.trim() !== '') {
        void state.search().then(() => pick(catalog.getState().highlighted()));
      } else pick(state.highlighted());
    } else if (event.key === 'Escape' && state.query !== '') {
      event.preventDefault();
      event.stopPropagation();
      state.setQuery('');
    }
  };

  const open = query.trim() !== '';
  const shown = open ? items.slice(0, SHOWN) : [];
  return (
    <div className="stock-picker">
      <label className="field-label" htmlFor={`${id}-search`}>
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
        aria-activedescendant={open && shown[highlight] ? `${listId}-${highlight}` : undefined}
        placeholder="Scan a barcode, or type a name or SKU"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={query}
        onChange={(event) => catalog.getState().setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <ErrorAlert error={error} />
      {open && (
        <div id={listId} role="listbox" aria-label="Products found" className="stock-picker-list">
          {shown.map((hit, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the search box handles the keys (aria-activedescendant)
            <div
              key={hit.id}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === highlight}
              className={`stock-picker-row${index === highlight ? ' stock-picker-row-selected' : ''}`}
              onClick={() => pick(hit)}
            >
              <span className="stock-picker-name">
                <strong>{hit.name}</strong>
                <span className="muted">{hit.sku}</span>
              </span>
              <span className="muted">
                {hit.tracksStock ? `${formatQuantity(hit.stockOnHand, hit.soldByWeight)} in stock` : 'Not counted'}
              </span>
            </div>
          ))}
          {shown.length === 0 && !loading && shownQuery !== null && (
            <p className="muted stock-picker-empty">No product matches “{query.trim()}”.</p>
          )}
        </div>
      )}
    </div>
  );
}
