import { useId } from 'react';
import { useCatalog, useServices } from '../stores/context';

/** Up to this many categories fit as one row of chips; a longer list is a select (one tab stop, no sideways scrolling). */
const CHIP_LIMIT = 8;

/** Category filter and the switch for off-sale products; `onChosen` gives the focus back to the search box. */
export function CategoryFilter({ onChosen }: { onChosen(): void }) {
  const { catalog } = useServices();
  const categories = useCatalog((s) => s.categories);
  const categoryId = useCatalog((s) => s.categoryId);
  const activeFilter = useCatalog((s) => s.activeFilter);
  const id = useId();

  const choose = (next: string | null) => {
    catalog.getState().setCategory(next);
    onChosen();
  };

  return (
    <div className="filters">
      {categories.length <= CHIP_LIMIT ? (
        <fieldset className="chips">
          <legend className="visually-hidden">Category</legend>
          <button type="button" className="chip" aria-pressed={categoryId === null} onClick={() => choose(null)}>
            All
          </button>
          {categories.map((category) => (
            <button
              key={category.id}
              type="button"
              className="chip"
              aria-pressed={categoryId === category.id}
              onClick={() => choose(categoryId === category.id ? null : category.id)}
            >
              {category.name}
            </button>
          ))}
        </fieldset>
      ) : (
        <div className="select-field">
          <label htmlFor={`${id}-category`} className="select-label">
            Category
          </label>
          <select
            id={`${id}-category`}
            className="select"
            value={categoryId ?? ''}
            onChange={(event) => choose(event.target.value === '' ? null : event.target.value)}
          >
            <option value="">All categories</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
          {categoryId !== null && (
            <button type="button" className="button button-ghost" onClick={() => choose(null)}>
              Show all
            </button>
          )}
        </div>
      )}
      <label className="toggle">
        <input
          type="checkbox"
          checked={activeFilter === 'all'}
          onChange={(event) => {
            catalog.getState().setActiveFilter(event.target.checked ? 'all' : 'active');
          }}
        />
        <span>Show off-sale</span>
      </label>
    </div>
  );
}
