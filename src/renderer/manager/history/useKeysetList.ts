import { useCallback, useRef, useState } from 'react';
import type { AppErrorData, Result } from '../../../shared/result';

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list the core answers in keyset pages: `search` starts it again (new filters), `loadMore`
 * asks for the next page after the last one. A slower answer to an older search is dropped.
 */
export function useKeysetList<T>(fetchPage: (cursor: string | undefined) => Promise<Result<KeysetPage<T>>>) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const search = useCallback(async (): Promise<AppErrorData | null> => {
    const mine = ++generation.current;
    setLoading(true);
    const result = await fetchRef.current(undefined);
    if (mine !== generation.current) return null;
    setLoading(false);
    setLoaded(true);
    if (!result.ok) {
      setError(result.error);
      setItems([]);
      setNextCursor(null);
      return result.error;
    }
    setError(null);
    setItems(result.data.items);
    setNextCursor(result.data.nextCursor);
    return null;
  }, []);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    const result = await fetchRef.current(nextCursor);
    if (mine !== generation.current) return;
    setLoading(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setItems((previous) => [...previous, ...result.data.items]);
    setNextCursor(result.data.nextCursor);
  }, [nextCursor, loading]);

  return { items, nextCursor, loading, loaded, error, search, loadMore, setItems };
}
