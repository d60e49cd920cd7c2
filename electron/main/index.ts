import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, type WebContents } from 'electron';
import { startBackupSchedule } from '../core/features/backup/schedule';
import { startPointsExpiry } from '../core/features/loyalty/expire';
import { createConsoleLogger, createFileLogger, type Logger } from '../core/log';
import { attachSyncService, type SyncService } from '../core/sync/service';
import { configureSyncWorker } from '../core/sync/worker/client';
import { openTerminal, type Terminal } from '../core/terminal';
import { configureReadWorkers } from '../core/worker/runReadTask';
import { safeStorageSecretStore } from './centralSecret';
import { describeLoadFailure, describeOpenFailure, type FailureText } from './failure';
import { createSessionStore, registerIpc } from './ipc';
import { managerMenu, sendNavigation, withManagerMenu } from './menu';
import { electronNativeBinding } from './native';
import { databasePath, logFilePath, outDirOf, preloadPath, rendererSource } from './paths';
import { createSystemPrinter } from './print';
import { createFilePort } from './saveFile';
import { buildMenuTemplate, createWindowOptions, denyAllPermissions, focusWindow, hardenWebContents, loadRenderer } from './window';

// The Electron main process: one window, one terminal database, the core behind IPC.

const outDir = outDirOf(dirname(fileURLToPath(import.meta.url)));
const source = rendererSource(outDir, process.env, app.isPackaged);

let log: Logger = createConsoleLogger('info');
let terminal: Terminal | null = null;
let mainWindow: BrowserWindow | null = null;
let disposeIpc: (() => void) | null = null;
let stopBackups: (() => Promise<void>) | null = null;
let stopPointsExpiry: (() => Promise<void>) | null = null;
let syncService: SyncService | null = null;
const hardened = new WeakSet<WebContents>();

function harden(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  hardenWebContents(contents, source.url, log);
}

function openLog(file: string): Logger {
  try {
    return createFileLogger({ file, level: 'info', maxBytes: 5 * 1024 * 1024, keep: 5 });
  } catch (error) {
    // an unwritable log folder must not keep the till from selling
    const fallback = createConsoleLogger('info');
    fallback.warn('log.file_unavailable', { error });
    return fallback;
  }
}

/** Say what went wrong in a dialog, then quit: never leave a blank window behind. */
function fail(text: FailureText): void {
  dialog.showErrorBox(text.title, text.message);
  app.exit(1);
}

/** Stop serving IPC, then close the database (PRAGMA optimize runs in terminal.close). Safe to call twice. */
function shutdown(reason: string): void {
  disposeIpc?.();
  disposeIpc = null;
  // a scheduled backup in progress is abandoned (its .partial file is removed at the next one)
  void stopBackups?.();
  stopBackups = null;
  // an expiry run stops between two batches (each one committed whole)
  void stopPointsExpiry?.();
  stopPointsExpiry = null;
  // the sync loop stops taking new rounds; a push under way fails harmlessly (central rolls it back or keeps it: either way it is sent again)
  void syncService?.stop();
  syncService = null;
  const closing = terminal;
  terminal = null;
  if (!closing) return;
  try {
    closing.close();
    log.info('app.closed', { reason });
  } catch (error) {
    log.error('app.close_failed', { reason, error });
  }
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // another Ringup owns this database: it gets focus (second-instance), this one leaves
    app.quit();
    return;
  }
  const userData = app.getPath('userData');
  const logFile = logFilePath(userData);
  log = openLog(logFile);
  const databaseFile = databasePath(process.env, userData);
  log.info('app.start', {
    version: app.getVersion(),
    electron: process.versions.electron,
    packaged: app.isPackaged,
    dbFile: databaseFile,
    renderer: source.kind,
  });

  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('com.ringup.pos');
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('before-quit', () => shutdown('before-quit'));
  // a till has one window: closing it ends the app on every platform, macOS included
  app.on('window-all-closed', () => {
    shutdown('window-all-closed');
    app.quit();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const template = buildMenuTemplate({ isDev: !app.isPackaged, isMac: process.platform === 'darwin' });
  // Manager ▸ Products, Staff, Settings…: the same navigation as the Manager area's own buttons
  const manager = managerMenu((section) => sendNavigation(mainWindow, section));
  Menu.setApplicationMenu(Menu.buildFromTemplate(withManagerMenu(template, manager)));

  const nativeBinding = electronNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    electronVersion: process.versions.electron,
  });
  try {
    const systemPrinter = createSystemPrinter((options) => new BrowserWindow(options), log);
    const files = createFilePort(
      dialog,
      () => mainWindow,
      () => app.getPath('documents'),
    );
    // reports and exports read in a worker: the bundle's own entry, with the same native binding
    configureReadWorkers({ entry: join(outDir, 'main', 'readWorker.js'), ...(nativeBinding ? { nativeBinding } : {}) });
    configureSyncWorker({ entry: join(outDir, 'main', 'syncWorker.js'), ...(nativeBinding ? { nativeBinding } : {}) });
    terminal = await openTerminal(databaseFile, { ...(nativeBinding ? { nativeBinding } : {}), log, systemPrinter, files });
  } catch (error) {
    log.error('db.open_failed', { dbFile: databaseFile, nativeBinding: nativeBinding ?? null, error });
    fail(describeOpenFailure(error, { databaseFile, logFile, isPackaged: app.isPackaged }));
    return;
  }
  log.info('db.opened', { schema: terminal.migration.to, applied: terminal.migration.applied.length });

  const serve = (open: Terminal) => registerIpc(ipcMain, open.router, createSessionStore(), { rendererUrl: source.url, log });
  disposeIpc = serve(terminal);
  const served = terminal;
  // after a restore everyone logs in again: IPC starts over with a fresh session store (once the
  // restore's own answer has gone out)
  served.onRestored(() =>
    setImmediate(() => {
      if (terminal !== served || !disposeIpc) return;
      disposeIpc();
      disposeIpc = serve(served);
    }),
  );
  stopBackups = startBackupSchedule(terminal.ctx);
  stopPointsExpiry = startPointsExpiry(terminal.ctx);
  // the central sync (when a connection string is set: Manager → Sync, or $RINGUP_CENTRAL_URL)
  syncService = attachSyncService(terminal, { secrets: safeStorageSecretStore(safeStorage, userData), log, worker: true });
  syncService.start();

  const window = new BrowserWindow(createWindowOptions(preloadPath(outDir)));
  mainWindow = window;
  harden(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer.gone', { reason: details.reason, exitCode: details.exitCode });
  });
  try {
    await loadRenderer(window, source);
  } catch (error) {
    log.error('window.load_failed', { renderer: source.kind, error });
    shutdown('load-failed');
    fail(describeLoadFailure(error, logFile));
  }
}

start().catch((error: unknown) => {
  log.error('app.start_failed', { error });
  shutdown('start-failed');
  fail({
    title: 'Ringup cannot start',
    message: `Ringup hit an unexpected problem while starting (${error instanceof Error ? error.message : String(error)}). Nothing was changed.\n\nDetails are in the log: ${logFilePath(app.getPath('userData'))}`,
  });
});
