import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract/names';
import { eventFrom, type FakeIpcMain, type FakeWebContents } from './fakes';

// electron/main/index.ts end to end against a fake Electron: the real core, a real SQLite file.

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const { FakeIpcMain, FakeWebContents } = await import('./fakes');

  function makeElectron(options: { userData: string; lock: boolean; loadFails: boolean }) {
    const app = Object.assign(new EventEmitter(), {
      isPackaged: false,
      requestSingleInstanceLock: vi.fn(() => options.lock),
      getPath: vi.fn((_name: string) => options.userData),
      getAppPath: vi.fn(() => options.userData),
      getVersion: () => '0.1.0-test',
      whenReady: () => Promise.resolve(),
      enableSandbox: vi.fn(),
      setAppUserModelId: vi.fn(),
      quit: vi.fn(),
      exit: vi.fn(),
    });
    const windows: FakeBrowserWindow[] = [];
    class FakeBrowserWindow extends EventEmitter {
      readonly webContents = new FakeWebContents('about:blank');
      readonly show = vi.fn();
      readonly focus = vi.fn();
      readonly restore = vi.fn();
      constructor(readonly options: Record<string, unknown>) {
        super();
        windows.push(this);
        app.emit('web-contents-created', {}, this.webContents);
      }
      destroyed = false;
      isDestroyed = () => this.destroyed;
      destroy = () => {
        this.destroyed = true;
      };
      isMinimized = () => false;
      readonly loadURL = vi.fn(async (url: string) => this.loaded(url));
      readonly loadFile = vi.fn(async (file: string) => this.loaded(pathToFileURL(file).href));
      private loaded(url: string) {
        if (options.loadFails) throw new Error("ERR_FILE_NOT_FOUND (-6) loading 'index.html'");
        this.webContents.mainFrame.url = url;
        this.emit('ready-to-show');
      }
    }
    return {
      app,
      windows,
      BrowserWindow: FakeBrowserWindow,
      ipcMain: new FakeIpcMain(),
      dialog: { showErrorBox: vi.fn() },
      Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
      session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    };
  }
  return { makeElectron, current: null as unknown as ReturnType<typeof makeElectron> };
});

// getters: index.ts reads `app`, `BrowserWindow`… from whichever fake Electron the current test made
vi.mock('electron', () => ({
  get app() {
    return fake.current.app;
  },
  get BrowserWindow() {
    return fake.current.BrowserWindow;
  },
  get ipcMain() {
    return fake.current.ipcMain;
  },
  get dialog() {
    return fake.current.dialog;
  },
  get Menu() {
    return fake.current.Menu;
  },
  get session() {
    return fake.current.session;
  },
  // no OS keychain in these tests: a central connection string would be kept in memory only
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: (text: string) => Buffer.from(text),
    decryptString: (data: Buffer) => data.toString(),
  },
}));

const roots: string[] = [];
let userData: string;
const savedDb = process.env.RINGUP_DB;

function start(options: { lock?: boolean; loadFails?: boolean; db?: string } = {}) {
  if (options.db) process.env.RINGUP_DB = options.db;
  else delete process.env.RINGUP_DB;
  fake.current = fake.makeElectron({ userData, lock: options.lock ?? true, loadFails: options.loadFails ?? false });
  vi.resetModules();
  return import('../../electron/main/index');
}

const electron = () => fake.current;
const ipc = () => electron().ipcMain as FakeIpcMain;
const logText = () => readFileSync(join(userData, 'logs', 'ringup.log'), 'utf8');

beforeEach(() => {
  userData = mkdtempSync(join(tmpdir(), 'ringup-main-app-'));
  roots.push(userData);
});

afterEach(() => {
  // close whatever a test left open
  electron()?.app.emit('before-quit');
});

afterAll(() => {
  if (savedDb === undefined) delete process.env.RINGUP_DB;
  else process.env.RINGUP_DB = savedDb;
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('a normal start', () => {
  it('opens the database in userData, serves every channel, and shows a locked-down window', async () => {
    await start();
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    const { app, windows, session, Menu, dialog } = electron();
    const window = windows[0]!;
    const contents = window.webContents as FakeWebContents;

    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(existsSync(join(userData, 'ringup.db'))).toBe(true);
    expect(Menu.setApplicationMenu).toHaveBeenCalled();

    // the window
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.loadFile.mock.calls[0]?.[0]).toMatch(/renderer[\\/]index\.html$/);
    expect(window.loadURL).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', `${contents.mainFrame.url}#/sale`)).toBe(false);

    // permissions
    const request = session.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      w: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const answer = vi.fn();
    request({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as (w: unknown, p: string) => boolean;
    expect(check({}, 'geolocation')).toBe(false);

    // IPC: every channel once, a call from the window reaches the real router
    expect([...ipc().registrations].sort()).toEqual([...CHANNEL_NAMES].sort());
    await expect(ipc().invoke('setup.status', eventFrom(contents), {})).resolves.toEqual({
      ok: true,
      data: { needsSetup: true, storeName: null, currency: null },
    });
    await expect(
      ipc().invoke('setup.status', eventFrom(contents, { ...contents.mainFrame, url: 'https://evil.example/' }), {}),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('logs to userData/logs/ringup.log and never writes a PIN there', async () => {
    await start();
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    const contents = electron().windows[0]!.webContents as FakeWebContents;
    const created = await ipc().invoke('setup.createFirstManager', eventFrom(contents), { name: 'Ada', pin: '97531', storeName: 'Corner' });
    expect(created).toMatchObject({ ok: true });
    await ipc().invoke('auth.login', eventFrom(contents), { staffId: (created as { data: { id: string } }).data.id, pin: '86420' });
    electron().app.emit('before-quit');
    const log = logText();
    expect(log).toContain('"event":"app.start"');
    expect(log).toContain('"event":"db.opened"');
    expect(log).toContain('"event":"app.closed"');
    expect(log).not.toContain('97531');
    expect(log).not.toContain('86420');
  });

  it('prints on the OS printer from main: a hidden script-less window, webContents.print, then closed', async () => {
    await start();
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    const contents = electron().windows[0]!.webContents as FakeWebContents;
    const from = eventFrom(contents);
    await ipc().invoke('setup.createFirstManager', from, { name: 'Ada', pin: '97531', storeName: 'Corner' });
    await ipc().invoke('settings.update', from, { printer: { kind: 'system', deviceName: 'EPSON_TM_T20III' } });
    await ipc().invoke('shift.open', from, { openingFloatMinor: 5000 });
    const printed = await ipc().invoke('report.print', from, { current: true });
    expect(printed).toEqual({ ok: true, data: { target: 'system', printed: true, html: null } });
    const printWindow = electron().windows[1]!;
    expect(printWindow.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true },
    });
    expect(String(printWindow.loadURL.mock.calls[0]?.[0])).toMatch(/^data:text\/html;charset=utf-8,/);
    expect((printWindow.webContents as FakeWebContents).printed).toEqual([
      { silent: true, deviceName: 'EPSON_TM_T20III', printBackground: true },
    ]);
    expect(printWindow.isDestroyed()).toBe(true);
  });

  it('honours RINGUP_DB', async () => {
    const db = join(userData, 'elsewhere', 'till.db');
    mkdirSync(join(userData, 'elsewhere'));
    await start({ db });
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    expect(existsSync(db)).toBe(true);
    expect(existsSync(join(userData, 'ringup.db'))).toBe(false);
  });

  it('closes gracefully on before-quit: handlers removed, database closed and checkpointed', async () => {
    await start();
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    const file = join(userData, 'ringup.db');
    expect(existsSync(`${file}-wal`)).toBe(true);
    electron().app.emit('before-quit');
    expect(ipc().handlers.size).toBe(0);
    // the last connection closed cleanly: SQLite folded the WAL back and removed it
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    check.close();
    // a second close (window-all-closed after before-quit) is harmless
    electron().app.emit('window-all-closed');
    expect(electron().app.quit).toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    await start();
    await vi.waitFor(() => expect(electron().windows[0]?.show).toHaveBeenCalled());
    electron().app.emit('second-instance');
    expect(electron().windows[0]!.focus).toHaveBeenCalled();
  });
});

describe('a start that cannot go on', () => {
  it('quits at once when another instance holds the lock, without touching the database', async () => {
    await start({ lock: false });
    await vi.waitFor(() => expect(electron().app.quit).toHaveBeenCalled());
    expect(electron().windows).toHaveLength(0);
    expect(existsSync(join(userData, 'ringup.db'))).toBe(false);
  });

  it('refuses a database from a newer Ringup with a clear dialog, changes nothing, and quits', async () => {
    const file = join(userData, 'ringup.db');
    const newer = new Database(file);
    newer.pragma('user_version = 999');
    newer.exec('CREATE TABLE future (x)');
    newer.close();

    await start();
    await vi.waitFor(() => expect(electron().dialog.showErrorBox).toHaveBeenCalled());
    const [title, message] = electron().dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Ringup cannot start');
    expect(message).toContain('newer version of Ringup');
    expect(message).toContain('Nothing was changed');
    expect(message).toContain(join(userData, 'logs', 'ringup.log'));
    expect(electron().app.exit).toHaveBeenCalledWith(1);
    expect(electron().windows).toHaveLength(0);
    expect(ipc().handlers.size).toBe(0);
    expect(logText()).toContain('"event":"db.open_failed"');

    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  });

  it('explains any other open failure the same way (here: the path is a folder)', async () => {
    const folder = join(userData, 'a-folder');
    mkdirSync(folder);
    await start({ db: folder });
    await vi.waitFor(() => expect(electron().dialog.showErrorBox).toHaveBeenCalled());
    const [, message] = electron().dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(message).toContain("could not open this terminal's database");
    expect(message).toContain('Nothing was changed');
    expect(electron().app.exit).toHaveBeenCalledWith(1);
    expect(electron().windows).toHaveLength(0);
  });

  it('never leaves a blank window: a page that fails to load ends in a dialog and a clean close', async () => {
    await start({ loadFails: true });
    await vi.waitFor(() => expect(electron().dialog.showErrorBox).toHaveBeenCalled());
    const [, message] = electron().dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(message).toContain('could not load its screen');
    expect(electron().app.exit).toHaveBeenCalledWith(1);
    expect(electron().windows[0]!.show).not.toHaveBeenCalled();
    expect(ipc().handlers.size).toBe(0);
    expect(existsSync(join(userData, 'ringup.db-wal'))).toBe(false);
  });
});
