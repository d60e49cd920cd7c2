import type { IpcRendererEvent } from 'electron';
import type { MenuSection, NavigationBridge } from '../../src/shared/navigation';

// restated here: the sandboxed preload takes only types and the channel names from src/shared
// (tests/main/preload.test.ts checks it equals NAVIGATE_MESSAGE)
export const NAVIGATE_MESSAGE = 'ringup:navigate';

// a section key as the menu sends it; the page ignores a well-formed key it does not know
const SECTION_KEY = /^[a-z][A-Za-z]{0,31}$/;

interface Ipc {
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

/**
 * The one-purpose bridge of the application menu's navigation: the page may listen to that one
 * message and gets the section key alone — never the event, its sender or ipcRenderer.
 */
export function buildNavigationBridge(ipc: Ipc): NavigationBridge {
  return Object.freeze({
    onNavigate(listener: (section: MenuSection) => void): () => void {
      if (typeof listener !== 'function') return () => {};
      const handler = (_event: IpcRendererEvent, section: unknown) => {
        if (typeof section === 'string' && SECTION_KEY.test(section)) listener(section as MenuSection);
      };
      ipc.on(NAVIGATE_MESSAGE, handler);
      return () => {
        ipc.removeListener(NAVIGATE_MESSAGE, handler);
      };
    },
  });
}
