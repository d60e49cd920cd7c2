import type { PreloadApi, RingupApi } from '../../shared/api';
import { createHttpApi } from './http';
import { createIpcApi } from './ipc';
import { type TokenEnvironment, takeToken } from './token';

export { failure } from './errors';
export { createHttpApi } from './http';
export { createIpcApi } from './ipc';
export { TOKEN_STORAGE_KEY, takeToken } from './token';

export interface ApiHost extends TokenEnvironment {
  ringup?: PreloadApi;
  fetch?: typeof fetch;
}

/** Pick the transport at the edge: the Electron preload when present, else the loopback web bridge. */
export function chooseApi(host: ApiHost): RingupApi {
  if (host.ringup) return createIpcApi(host.ringup);
  return createHttpApi({ token: takeToken(host), fetch: host.fetch });
}

/** The real browser environment of this page. */
export function browserHost(): ApiHost {
  return {
    ringup: window.ringup,
    fetch: window.fetch.bind(window),
    location: window.location,
    history: window.history,
    storage: window.sessionStorage,
  };
}
