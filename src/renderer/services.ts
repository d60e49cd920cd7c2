import type { RingupApi } from '../shared/api';
import { withSessionGuard } from './api/guard';
import { modalOpen } from './components/Dialog';
import { cartTone, playTone, prepareAudio } from './sound';
import { createCartStore } from './stores/cart';
import { type CatalogStoreOptions, createCatalogStore } from './stores/catalog';
import type { Services } from './stores/context';
import { createSessionStore, type SessionStore } from './stores/session';
import { createShiftStore } from './stores/shift';
import { createUiStore } from './stores/ui';

/** Wire the stores to one api: the single place where the app's parts meet. */
export function createServices(rawApi: RingupApi, options: { catalog?: CatalogStoreOptions } = {}): Services {
  let session: SessionStore | null = null;
  const api = withSessionGuard(rawApi, () => session?.getState().sessionLost());
  session = createSessionStore(api);
  const catalog = createCatalogStore(api, options.catalog);
  const ui = createUiStore();
  const cart = createCartStore(api, {
    settings: () => session?.getState().settings ?? null,
    // a product sold by weight goes on the scale first; an open dialog is not pushed aside for it
    weigh: (product, source) => {
      // the ui store's dialogs, and the manager-PIN prompt, which is modal without being one of them
      if (ui.getState().dialog !== null || modalOpen()) return false;
      ui.getState().open({ kind: 'weigh', product, source });
      return true;
    },
    // a scan beyond the stock count: sell anyway, or ask a manager, on the spot
    pastStock: (request) => {
      if (ui.getState().dialog !== null || modalOpen()) return false;
      ui.getState().open({ kind: 'pastStock', request });
      // the shelf and the count disagree: heard, so the cashier looks up from the customer
      playTone('error', session?.getState().settings?.sound);
      return true;
    },
  });
  const shift = createShiftStore(api);
  // a good scan beeps, a refused one beeps twice, low (PayDialog sounds a refused payment)
  prepareAudio();
  cart.subscribe((state, previous) => {
    const tone = cartTone(state, previous);
    if (tone) playTone(tone, session?.getState().settings?.sound);
  });
  // what one cashier looked at or put aside is not left for the next one (logging out parks a
  // cart first: see the logout dialog; a session lost elsewhere cannot park any more)
  session.subscribe((state, previous) => {
    // the sale in progress lives in the core: logged in again (after a reload, a crash, a
    // restart), the till opens on it, lines and all
    if (previous.phase !== 'ready' && state.phase === 'ready') void cart.getState().load();
    if (previous.phase === 'ready' && state.phase !== 'ready') {
      catalog.getState().reset();
      cart.getState().reset();
      shift.getState().reset();
      ui.getState().close();
      ui.getState().setArea('till');
    }
  });
  return { api, session, catalog, cart, shift, ui };
}
