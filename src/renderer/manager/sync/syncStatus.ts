import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../../shared/api';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { AppErrorData } from '../../../shared/result';
import { useServices } from '../../stores/context';

/** How often the top bar (and the Sync page) ask the core how sync goes. */
export const SYNC_POLL_MS = 5_000;

export interface SyncStatusState {
  /** the core's last answer to sync.status; null before the first one */
  status: SyncStatus | null;
  /** the last read failed (an older core without the channel, the core gone): in its words */
  error: AppErrorData | null;
}

interface Watched {
  store: StoreApi<SyncStatusState>;
  /** bumped by every answer taken (a read or a status published by sync.run/sync.configure) */
  version: number;
  inFlight: Promise<void> | null;
  watchers: number;
  timer: ReturnType<typeof setTimeout> | null;
}

// one copy per api (per window): the indicator and the Sync page show the same answer
const watched = new WeakMap<RingupApi, Watched>();

function watchedOf(api: RingupApi): Watched {
  let entry = watched.get(api);
  if (!entry) {
    entry = {
      store: createStore<SyncStatusState>()(() => ({ status: null, error: null })),
      version: 0,
      inFlight: null,
      watchers: 0,
      timer: null,
    };
    watched.set(api, entry);
  }
  return entry;
}

/** Ask the core now (a read already on its way is joined); an answer older than a published status is dropped. */
export function refreshSyncStatus(api: RingupApi): Promise<void> {
  const entry = watchedOf(api);
  if (entry.inFlight) return entry.inFlight;
  const asked = entry.version;
  const read = api
    .invoke('sync.status', {})
    .then((result) => {
      if (entry.version !== asked) return;
      entry.version += 1;
      entry.store.setState(result.ok ? { status: result.data, error: null } : { error: result.error });
    })
    .finally(() => {
      entry.inFlight = null;
    });
  entry.inFlight = read;
  return read;
}

/** A status the core answered another channel with (sync.run, sync.configure): shown at once everywhere. */
export function publishSyncStatus(api: RingupApi, status: SyncStatus): void {
  const entry = watchedOf(api);
  entry.version += 1;
  entry.store.setState({ status, error: null });
}

function schedule(api: RingupApi, entry: Watched): void {
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    entry.timer = null;
    void refreshSyncStatus(api).finally(() => {
      if (entry.watchers > 0) schedule(api, entry);
    });
  }, SYNC_POLL_MS);
}

/** Poll while at least one watcher is mounted: the first read at once, then every SYNC_POLL_MS after the last answer. */
function watch(api: RingupApi): () => void {
  const entry = watchedOf(api);
  entry.watchers += 1;
  if (entry.watchers === 1) {
    void refreshSyncStatus(api).finally(() => {
      if (entry.watchers > 0) schedule(api, entry);
    });
  }
  return () => {
    entry.watchers -= 1;
    if (entry.watchers === 0 && entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = null;
    }
  };
}

/** The sync status as the core last answered it, polled while `active` (a logged-in session). */
export function useSyncStatus(active = true): SyncStatusState {
  const { api } = useServices();
  useEffect(() => (active ? watch(api) : undefined), [api, active]);
  return useStore(watchedOf(api).store);
}
