import type { MenuItemConstructorOptions, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { outDirOf, preloadPath } from '../../electron/main/paths';
import { buildMenuTemplate, createWindowOptions, denyAllPermissions, focusWindow, hardenWebContents } from '../../electron/main/window';
import { APP_URL, FakeWebContents, memoryLogger } from './fakes';

// window.ts takes Electron types only (erased at build): no runtime Electron is loaded here.
vi.mock('electron', () => {
  throw new Error('window.ts must not load electron at run time');
});

const asWebContents = (fake: FakeWebContents) => fake as unknown as WebContents;

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/out/preload/index.cjs');

  it('locks the renderer down per the Electron security guide', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('opens hidden (shown on ready-to-show) with a till-sized minimum', () => {
    expect(options.show).toBe(false);
    expect(options.minWidth).toBe(1024);
    expect(options.minHeight).toBe(700);
  });

  it('points at the CommonJS preload built beside the main bundle', () => {
    expect(preloadPath(outDirOf('/app/out/main'))).toBe('/app/out/preload/index.cjs');
  });
});

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const { lines, logger } = memoryLogger();
    hardenWebContents(asWebContents(contents), APP_URL, logger);
    return { contents, lines };
  }

  it('denies window.open', () => {
    const { contents, lines } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(lines.map((line) => line.event)).toContain('window.open_denied');
  });

  it('prevents navigation to another origin and logs only its origin', () => {
    const { contents, lines } = hardened();
    expect(contents.navigate('will-navigate', 'https://evil.example/phish?card=4111')).toBe(true);
    expect(lines).toContainEqual({ level: 'warn', event: 'window.navigation_blocked', fields: { origin: 'https://evil.example' } });
  });

  it('prevents navigation to another local file and to unparseable URLs', () => {
    const { contents } = hardened();
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'javascript:alert(1)')).toBe(true);
  });

  it("allows navigation within the app's own page", () => {
    const { contents } = hardened();
    expect(contents.navigate('will-navigate', `${APP_URL}#/sale`)).toBe(false);
  });

  it('prevents redirects and subframe navigation away from the app', () => {
    const { contents } = hardened();
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    // the receipt and report frames (srcdoc) may load
    expect(contents.navigate('will-frame-navigate', 'about:srcdoc', false)).toBe(false);
    expect(contents.navigate('will-frame-navigate', 'about:blank', false)).toBe(false);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = hardened();
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });
});

describe('denyAllPermissions', () => {
  it('denies every permission request and check', () => {
    let request: Parameters<Session['setPermissionRequestHandler']>[0] = null;
    let check: Parameters<Session['setPermissionCheckHandler']>[0] = null;
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler) => {
        check = handler;
      },
    });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'] as const) {
      const callback = vi.fn();
      (request as unknown as (c: unknown, p: string, cb: (granted: boolean) => void) => void)(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect((check as unknown as (c: unknown, p: string) => boolean)(null, permission)).toBe(false);
    }
  });
});

describe('buildMenuTemplate', () => {
  const roles = (template: MenuItemConstructorOptions[]) =>
    template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu.map((sub) => sub.role).filter(Boolean) : []));

  it('always offers Quit and the edit keys; Reload and DevTools only in development', () => {
    const dev = roles(buildMenuTemplate({ isDev: true, isMac: false }));
    const shipped = roles(buildMenuTemplate({ isDev: false, isMac: false }));
    for (const role of ['quit', 'copy', 'paste']) {
      expect(dev).toContain(role);
      expect(shipped).toContain(role);
    }
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(shipped).not.toContain('reload');
    expect(shipped).not.toContain('toggleDevTools');
  });
});

describe('focusWindow (a second launch)', () => {
  it('restores, shows and focuses the existing window', () => {
    const calls: string[] = [];
    focusWindow({
      isDestroyed: () => false,
      isMinimized: () => true,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    });
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('does nothing without a live window', () => {
    expect(() => focusWindow(null)).not.toThrow();
  });
});
