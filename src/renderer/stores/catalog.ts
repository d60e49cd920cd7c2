import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelOutput } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';

export type SearchHit = ChannelOutput<'catalog.search'>['items'][number];
export type Product = ChannelOutput<'catalog.lookupBarcode'>;
export type Category = ChannelOutput<'catalog.categories'>[number];
export type ActiveFilter = 'active' | 'all';

export interface CatalogState {
  query: string;
  categoryId: string | null;
  activeFilter: ActiveFilter;
  categories: Category[];
  items: SearchHit[];
  nextCursor: string | null;
  /** a first page is on its way for the current query */
  loading: boolean;
  loadingMore: boolean;
  /** the query whose results are shown (differs from `query` while typing) */
  shownQuery: string | null;
  highlight: number;
  error: AppErrorData | null;

  loadCategories(): Promise<void>;
  setQuery(query: string): void;
  setCategory(categoryId: string | null): void;
  setActiveFilter(filter: ActiveFilter): void;
  /** run the search for the current query now (no debounce) */
  search(): Promise<void>;
  loadMore(): Promise<void>;
  moveHighlight(delta: number): void;
  setHighlight(index: number): void;
  /** the highlighted row, if any */
  highlighted(): SearchHit | undefined;
  reset(): void;
}

export type CatalogStore = StoreApi<CatalogState>;

export interface CatalogStoreOptions {
  debounceMs?: number;
  pageSize?: number;
}

const initialData = {
  query: '',
  categoryId: null,
  activeFilter: 'active' as ActiveFilter,
  items: [],
  nextCursor: null,
  loading: false,
  loadingMore: false,
  shownQuery: null,
  highlight: 0,
  error: null,
} satisfies Partial<CatalogState>;

export function createCatalogStore(api: RingupApi, options: CatalogStoreOptions = {}): CatalogStore {
  const debounceMs = options.debounceMs ?? 60;
  const pageSize = options.pageSize ?? 40;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // every new search gets a number; an answer for an older number is dropped (typing outruns the network)
  let generation = 0;

  return createStore<CatalogState>()((set, get) => {
    const cancelTimer = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };

    return {
      ...initialData,
      categories: [],

      async loadCategories() {
        const result = await api.invoke('catalog.categories', {});
        if (result.ok) set({ categories: result.data });
        else set({ error: result.error });
      },

      setQuery(query) {
        if (query === get().query) return;
        set({ query, highlight: 0 });
        cancelTimer();
        timer = setTimeout(() => {
          timer = null;
          void get().search();
        }, debounceMs);
      },

      setCategory(categoryId) {
        set({ categoryId, highlight: 0 });
        cancelTimer();
        void get().search();
      },

      setActiveFilter(activeFilter) {
        set({ activeFilter, highlight: 0 });
        cancelTimer();
        void get().search();
      },

      async search() {
        cancelTimer();
        generation += 1;
        const mine = generation;
        const { query, categoryId, activeFilter } = get();
        set({ loading: true, loadingMore: false });
        const result = await api.invoke('catalog.search', {
          query,
          active: activeFilter,
          limit: pageSize,
          ...(categoryId ? { categoryId } : {}),
        });
        if (mine !== generation) return;
        if (result.ok) {
          set({
            items: result.data.items,
            nextCursor: result.data.nextCursor,
            shownQuery: query,
            loading: false,
            error: null,
            highlight: Math.min(get().highlight, Math.max(0, result.data.items.length - 1)),
          });
        } else {
          set({ loading: false, error: result.error });
        }
      },

      async loadMore() {
        const { nextCursor, loading, loadingMore, shownQuery, categoryId, activeFilter } = get();
        if (!nextCursor || loading || loadingMore || shownQuery === null) return;
        const mine = generation;
        set({ loadingMore: true });
        const result = await api.invoke('catalog.search', {
          query: shownQuery,
          active: activeFilter,
          limit: pageSize,
          cursor: nextCursor,
          ...(categoryId ? { categoryId } : {}),
        });
        if (mine !== generation) return;
        if (result.ok) {
          const seen = new Set(get().items.map((item) => item.id));
          const fresh = result.data.items.filter((item) => !seen.has(item.id));
          set({ items: [...get().items, ...fresh], nextCursor: result.data.nextCursor, loadingMore: false, error: null });
        } else {
          set({ loadingMore: false, error: result.error });
        }
      },

      moveHighlight(delta) {
        const count = get().items.length;
        if (count === 0) return;
        const next = Math.max(0, Math.min(count - 1, get().highlight + delta));
        set({ highlight: next });
      },

      setHighlight(index) {
        set({ highlight: index });
      },

      highlighted() {
        return get().items[get().highlight];
      },

      reset() {
        cancelTimer();
        generation += 1;
        set({ ...initialData });
      },
    };
  });
}
