import type { PreloadApi } from '../../src/shared/api';
import { CHANNEL_NAMES } from '../../src/shared/contract/names';

/** Build the frozen one-function-per-channel API over an invoke function (ipcRenderer.invoke in the preload). */
export function buildPreloadApi(invoke: (channel: string, input: unknown) => Promise<unknown>): PreloadApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES) {
    // exactly one argument crosses: whatever else the page passes stays in the page
    api[channel] = (input: unknown) => invoke(channel, input);
  }
  return Object.freeze(api) as unknown as PreloadApi;
}
