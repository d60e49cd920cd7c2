import type { BrowserWindow, BrowserWindowConstructorOptions, MenuItemConstructorOptions, Session, WebContents } from 'electron';
import type { Logger } from '../core/log';
import { isTrustedSender } from './ipc';
import type { RendererSource } from './paths';

/** The till's window: big enough for the sale screen, and locked down per Electron's security guide. */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Ringup',
    // shown on ready-to-show, so the cashier never sees an empty frame paint
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/**
 * Keep a webContents on the app's own page: no new windows, no navigation or redirect to anything
 * else, no <webview>. Applied to every webContents the app creates.
 */
export function hardenWebContents(contents: WebContents, rendererUrl: string, log: Logger): void {
  contents.setWindowOpenHandler(() => {
    log.warn('window.open_denied', {});
    return { action: 'deny' };
  });
  const stayOnApp = (event: { url: string; preventDefault(): void }) => {
    if (isTrustedSender(event.url, rendererUrl)) return;
    event.preventDefault();
    log.warn('window.navigation_blocked', { origin: safeOrigin(event.url) });
  };
  contents.on('will-navigate', (event) => stayOnApp(event));
  contents.on('will-redirect', (event) => stayOnApp(event));
  // will-navigate covers the top frame only. The app's own iframes show receipts and reports from
  // srcdoc (sandboxed, no scripts); a frame may load that and nothing from elsewhere
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return;
    if (event.url === 'about:srcdoc' || event.url === 'about:blank') return;
    stayOnApp(event);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparseable)';
  }
}

/** A till needs no camera, microphone, location or notifications: refuse every permission. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface MenuOptions {
  isDev: boolean;
  isMac: boolean;
}

/** The application menu: Quit always, the edit keys (copy/paste in inputs), Reload and DevTools in development. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = { label: options.isMac ? 'Ringup' : 'File', submenu: [{ role: 'quit' }] };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(options.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [file, edit, view];
}

/** Load the renderer: the dev server's URL, or the built file. Rejects when the page cannot load. */
export function loadRenderer(window: Pick<BrowserWindow, 'loadURL' | 'loadFile'>, source: RendererSource): Promise<void> {
  return source.kind === 'url' ? window.loadURL(source.url) : window.loadFile(source.file);
}

/** Bring the existing window forward (a second launch of the app lands here). */
export function focusWindow(window: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
