import type { RingupApi } from '../shared/api';
import { withSessionGuard } from './api/guard';
import { type CatalogStoreOptions, createCatalogStore } from './stores/catalog';
import type { Services } from './stores/context';
import { createSessionStore, type SessionStore } from './stores/session';

/** Wire the stores to one api: the single place where the app's parts meet. */
export function createServices(rawApi: RingupApi, options: { catalog?: CatalogStoreOptions } = {}): Services {
  let session: SessionStore | null = null;
  const api = withSessionGuard(rawApi, () => session?.getState().sessionLost());
  session = createSessionStore(api);
  const catalog = createCatalogStore(api, options.catalog);
  // what one cashier looked at or put aside is not left for the next one
  session.subscribe((state, previous) => {
    if (previous.phase === 'ready' && state.phase !== 'ready') catalog.getState().reset();
  });
  return { api, session, catalog };
}
