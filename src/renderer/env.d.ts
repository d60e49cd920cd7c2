import type { PreloadApi } from '../shared/api';

declare global {
  interface Window {
    /** Present only inside Electron: the preload's one-function-per-channel bridge. */
    ringup?: PreloadApi;
  }
}
