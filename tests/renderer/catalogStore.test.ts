import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCatalogStore } from '../../src/renderer/stores/catalog';
import type { ChannelOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { createFakeApi, deferred, hit, ok } from './fakeApi';

type SearchResult = Result<ChannelOutput<'catalog.search'>>;

describe('catalog store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces typing into one search', async () => {
    const api = createFakeApi({ 'catalog.search': (input) => ok({ items: [hit('1', `${input.query} one`)], nextCursor: null }) });
    const store = createCatalogStore(api, { debounceMs: 60 });
    for (const query of ['c', 'ch', 'cho', 'choc']) {
      store.getState().setQuery(query);
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(60);
    expect(api.callsTo('catalog.search')).toEqual([{ query: 'choc', active: 'active', limit: 40 }]);
    expect(store.getState().items.map((item) => item.name)).toEqual(['choc one']);
    expect(store.getState().shownQuery).toBe('choc');
  });

  it('drops a stale answer that arrives after a newer one', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<SearchResult>>>();
    const api = createFakeApi({
      'catalog.search': (input) => {
        const answer = deferred<SearchResult>();
        answers.set(input.query ?? '', answer);
        return answer.promise;
      },
    });
    const store = createCatalogStore(api, { debounceMs: 60 });

    store.getState().setQuery('a');
    await vi.advanceTimersByTimeAsync(60);
    store.getState().setQuery('ap');
    await vi.advanceTimersByTimeAsync(60);
    expect([...answers.keys()]).toEqual(['a', 'ap']);

    // the newer search answers first, then the older one limps in
    answers.get('ap')?.resolve(ok({ items: [hit('2', 'Apple')], nextCursor: null }));
    await vi.advanceTimersByTimeAsync(0);
    answers.get('a')?.resolve(ok({ items: [hit('1', 'Avocado'), hit('2', 'Apple')], nextCursor: 'c1' }));
    await vi.advanceTimersByTimeAsync(0);

    const state = store.getState();
    expect(state.items.map((item) => item.name)).toEqual(['Apple']);
    expect(state.shownQuery).toBe('ap');
    expect(state.nextCursor).toBeNull();
    expect(state.loading).toBe(false);
  });

  it('a next page that answers after a new search began is dropped', async () => {
    const page2 = deferred<SearchResult>();
    const api = createFakeApi({
      'catalog.search': (input) => {
        if (input.cursor) return page2.promise;
        return ok({ items: [hit(`${input.query}-1`, `${input.query} 1`)], nextCursor: input.query === 'a' ? 'next' : null });
      },
    });
    const store = createCatalogStore(api);
    store.getState().setQuery('a');
    await vi.advanceTimersByTimeAsync(60);
    const loading = store.getState().loadMore();
    expect(store.getState().loadingMore).toBe(true);

    store.getState().setQuery('b');
    await vi.advanceTimersByTimeAsync(60);
    page2.resolve(ok({ items: [hit('a-2', 'a 2')], nextCursor: null }));
    await loading;

    expect(store.getState().items.map((item) => item.id)).toEqual(['b-1']);
  });

  it('loads the next page with the cursor and appends it', async () => {
    const api = createFakeApi({
      'catalog.search': (input) =>
        input.cursor === 'p2'
          ? ok({ items: [hit('3', 'Three')], nextCursor: null })
          : ok({ items: [hit('1', 'One'), hit('2', 'Two')], nextCursor: 'p2' }),
    });
    const store = createCatalogStore(api);
    await store.getState().search();
    await store.getState().loadMore();
    expect(store.getState().items.map((item) => item.id)).toEqual(['1', '2', '3']);
    expect(api.callsTo('catalog.search')[1]).toMatchObject({ query: '', cursor: 'p2' });
    // no cursor left: nothing more is asked
    await store.getState().loadMore();
    expect(api.callsTo('catalog.search')).toHaveLength(2);
  });
});
