import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelOutput } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';

export type SearchHit = ChannelOutput<'catalog.search'>['items'][number];
export type Product = ChannelOutput<'catalog.lookupBarcode'>;
export type Category = ChannelOutput<'catalog.categories'>[number];
export type ActiveFilter = 'active' | 'all';

/** One product waiting to be rung up (the real cart comes later). */
export interface PendingLine {
  productId: string;
  sku: string;
  name: string;
  priceMinor: number;
  quantity: number;
}

/** The short confirmation after a product was added, by hand or by the scanner. */
export interface Confirmation {
  productId: string;
  name: string;
  priceMinor: number;
  quantity: number;
  source: 'scan' | 'list';
  /** increases with every confirmation so the same product twice still re-announces */
  serial: number;
}

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

  pending: PendingLine[];
  confirmation: Confirmation | null;
  scanError: AppErrorData | null;
  scansInFlight: number;

  loadCategories(): Promise<void>;
  setQuery(query: string): void;
  setCategory(categoryId: string | null): void;
  setActiveFilter(filter: ActiveFilter): void;
  /** run the search for the current query now (no debounce) */
  search(): Promise<void>;
  loadMore(): Promise<void>;
  moveHighlight(delta: number): void;
  setHighlight(index: number): void;
  addHit(hit: SearchHit): void;
  addHighlighted(): void;
  scan(code: string): Promise<void>;
  changeQuantity(productId: string, delta: number): void;
  removeLine(productId: string): void;
  clearPending(): void;
  dismissMessages(): void;
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
  pending: [],
  confirmation: null,
  scanError: null,
  scansInFlight: 0,
} satisfies Partial<CatalogState>;

function offSale(name: string): AppErrorData {
  return { code: 'CONFLICT', message: `“${name}” is off sale and cannot be added. A manager can put it back on sale.` };
}

export function createCatalogStore(api: RingupApi, options: CatalogStoreOptions = {}): CatalogStore {
  const debounceMs = options.debounceMs ?? 60;
  const pageSize = options.pageSize ?? 40;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // every new search gets a number; an answer for an older number is dropped (typing outruns the network)
  let generation = 0;
  let serial = 0;

  return createStore<CatalogState>()((set, get) => {
    const cancelTimer = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };

    const addLine = (line: Omit<PendingLine, 'quantity'>, source: Confirmation['source']) => {
      const pending = get().pending;
      const existing = pending.find((entry) => entry.productId === line.productId);
      const quantity = (existing?.quantity ?? 0) + 1;
      const next = existing
        ? pending.map((entry) => (entry.productId === line.productId ? { ...entry, quantity } : entry))
        : [...pending, { ...line, quantity }];
      serial += 1;
      set({
        pending: next,
        confirmation: { productId: line.productId, name: line.name, priceMinor: line.priceMinor, quantity, source, serial },
        scanError: null,
      });
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

      addHit(hit) {
        if (!hit.active) {
          set({ scanError: offSale(hit.name) });
          return;
        }
        addLine({ productId: hit.id, sku: hit.sku, name: hit.name, priceMinor: hit.priceMinor }, 'list');
      },

      addHighlighted() {
        const hit = get().items[get().highlight];
        if (hit) get().addHit(hit);
      },

      async scan(code) {
        set({ scansInFlight: get().scansInFlight + 1 });
        const result = await api.invoke('catalog.lookupBarcode', { code });
        set({ scansInFlight: get().scansInFlight - 1 });
        if (!result.ok) {
          set({ scanError: result.error, confirmation: null });
          return;
        }
        const product = result.data;
        if (!product.active) {
          set({ scanError: offSale(product.name), confirmation: null });
          return;
        }
        addLine({ productId: product.id, sku: product.sku, name: product.name, priceMinor: product.priceMinor }, 'scan');
      },

      changeQuantity(productId, delta) {
        const pending = get()
          .pending.map((line) => (line.productId === productId ? { ...line, quantity: line.quantity + delta } : line))
          .filter((line) => line.quantity > 0);
        set({ pending });
      },

      removeLine(productId) {
        set({ pending: get().pending.filter((line) => line.productId !== productId) });
      },

      clearPending() {
        set({ pending: [], confirmation: null });
      },

      dismissMessages() {
        set({ confirmation: null, scanError: null });
      },

      reset() {
        cancelTimer();
        generation += 1;
        set({ ...initialData });
      },
    };
  });
}
