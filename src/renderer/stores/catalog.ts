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
  /** how many products the shown search finds in all (catalog.count, asked once typing settles), or null until known */
  total: { count: number; capped: boolean } | null;
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
  /** how long the shown results stay the same before the total is counted (a count costs up to ~100 ms on 1M products) */
  countDelayMs?: number;
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
  total: null,
  highlight: 0,
  error: null,
} satisfies Partial<CatalogState>;

export function createCatalogStore(api: RingupApi, options: CatalogStoreOptions = {}): CatalogStore {
  const debounceMs = options.debounceMs ?? 60;
  const pageSize = options.pageSize ?? 40;
  const countDelayMs = options.countDelayMs ?? 300;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let countTimer: ReturnType<typeof setTimeout> | null = null;
  // every new search gets a number; an answer for an older number is dropped (typing outruns the network)
  let generation = 0;

  return createStore<CatalogState>()((set, get) => {
    const cancelTimer = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (countTimer !== null) clearTimeout(countTimer);
      countTimer = null;
    };

    /** Once the shown page has stayed a while (the cashier stopped typing), ask how many there are in all. */
    const countLater = (mine: number, input: { query: string; active: ActiveFilter; categoryId?: string }) => {
      countTimer = setTimeout(async () => {
        countTimer = null;
        const result = await api.invoke('catalog.count', input);
        // a count is a nicety: if it fails, the summary keeps saying "scroll for more"
        if (mine === generation && result.ok) set({ total: result.data });
      }, countDelayMs);
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
          const more = result.data.nextCursor !== null;
          if (more) countLater(mine, { query, active: activeFilter, ...(categoryId ? { categoryId } : {}) });
          set({
            items: result.data.items,
            nextCursor: result.data.nextCursor,
            shownQuery: query,
            total: more ? null : { count: result.data.items.length, capped: false },
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
