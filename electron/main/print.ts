import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import type { SystemPrinter } from '../core/context';
import type { Logger } from '../core/log';

/** The part of Electron's BrowserWindow the printer uses (a fake stands in for it in tests). */
export type PrintWindow = Pick<BrowserWindow, 'loadURL' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'print'>;
};

/**
 * A hidden window that only holds the document being printed: no preload, no scripts (receipts
 * and reports are plain HTML and CSS), sandboxed and isolated like the till's own window.
 */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 480,
    height: 800,
    webPreferences: {
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The failure reasons Chromium gives when the cashier closes the print dialog without printing. */
const CANCELLED = /cancel/i;

/**
 * Print HTML with `webContents.print` from the main process: load it into a hidden window as a
 * data URL, print (silently on a named printer, else with the system print dialog), close the
 * window. One job at a time: a second receipt waits for the first, as on a real printer queue.
 */
export function createSystemPrinter(
  openWindow: (options: BrowserWindowConstructorOptions) => PrintWindow,
  log: Logger,
  limits: { silentMs?: number; dialogMs?: number } = {},
): SystemPrinter {
  // a job that never answers (a dialog left open, a driver that hangs) must not hold every later receipt
  const silentMs = limits.silentMs ?? 60_000;
  const dialogMs = limits.dialogMs ?? 5 * 60_000;
  let queue: Promise<unknown> = Promise.resolve();
  const printOne = async (html: string, deviceName: string | undefined): Promise<'printed' | 'cancelled'> => {
    const window = openWindow(printWindowOptions());
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      const options: WebContentsPrintOptions = deviceName
        ? { silent: true, deviceName, printBackground: true }
        : { silent: false, printBackground: true };
      const limitMs = deviceName ? silentMs : dialogMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await new Promise<'printed' | 'cancelled'>((resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(limitMs / 1000)} s`)), limitMs);
          window.webContents.print(options, (success, failureReason) => {
            if (success) resolve('printed');
            else if (CANCELLED.test(failureReason)) resolve('cancelled');
            else reject(new Error(failureReason || 'Print job failed'));
          });
        });
      } finally {
        clearTimeout(timer);
      }
    } finally {
      if (!window.isDestroyed()) window.destroy();
    }
  };
  return {
    print(html, { deviceName }) {
      const job = queue.then(() => printOne(html, deviceName));
      queue = job.catch(() => undefined);
      void job.then(
        (outcome) => log.info('printer.system', { deviceName: deviceName ?? null, outcome }),
        (error: unknown) => log.warn('printer.system_failed', { deviceName: deviceName ?? null, error }),
      );
      return job;
    },
  };
}
