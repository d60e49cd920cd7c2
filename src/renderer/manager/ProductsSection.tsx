import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ErrorAlert } from '../components/Alert';
import type { Category } from '../stores/catalog';
import { useServices } from '../stores/context';
import { ProductForm, type TaxClass } from './ProductForm';
import { ProductSearch, useOwnCatalog } from './ProductSearch';

/** What the form on the right shows: a product by id, a new one, or nothing yet. */
type Editing = { kind: 'product'; id: string } | { kind: 'new' } | null;

/**
 * Products: search the whole catalogue (a million products: the list is virtualised and paged by
 * the core's keyset search), pick one with the arrows and Enter or a click, edit it on the right.
 */
export function ProductsSection() {
  const { api } = useServices();
  const catalog = useOwnCatalog();
  const items = useStore(catalog, (s) => s.items);
  const loading = useStore(catalog, (s) => s.loading);
  const total = useStore(catalog, (s) => s.total);
  const activeFilter = useStore(catalog, (s) => s.activeFilter);
  const [editing, setEditing] = useState<Editing>(null);
  const [taxClasses, setTaxClasses] = useState<TaxClass[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [loadError, setLoadError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    void catalog.getState().search();
    searchRef.current?.focus();
    void (async () => {
      const [classes, cats] = await Promise.all([api.invoke('catalog.taxClasses', {}), api.invoke('catalog.categories', {})]);
      if (classes.ok) setTaxClasses(classes.data);
      if (cats.ok) setCategories(cats.data);
      setLoadError(!classes.ok ? classes.error : !cats.ok ? cats.error : null);
    })();
  }, [api, catalog]);

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
        <ProductSearch
          catalog={catalog}
          label="Search products"
          labelHidden
          placeholder="Search by name, SKU, barcode or category"
          inputRef={searchRef}
          listClassName="manager-results"
          selectedId={editing?.kind === 'product' ? editing.id : null}
          onChoose={(hit) => setEditing({ kind: 'product', id: hit.id })}
          tools={
            <>
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
              <ErrorAlert error={loadError} />
            </>
          }
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
