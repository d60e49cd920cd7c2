import type { BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/log';
import { createSystemPrinter, type PrintWindow, printWindowOptions } from '../../electron/main/print';

type Answer = { success: boolean; failureReason: string };

/** A hidden window that records what it loaded and printed, and answers the print as told. */
class FakePrintWindow {
  loaded: string | null = null;
  printedWith: WebContentsPrintOptions | null = null;
  destroyed = false;
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly answer: () => Promise<Answer>,
    private readonly log: string[],
  ) {}
  async loadURL(url: string): Promise<void> {
    this.loaded = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.log.push('destroy');
  }
  webContents = {
    print: (options: WebContentsPrintOptions = {}, callback?: (success: boolean, failureReason: string) => void) => {
      this.printedWith = options;
      this.log.push('print');
      void this.answer().then((answer) => callback?.(answer.success, answer.failureReason));
    },
  };
}

function printerWith(answer: () => Promise<Answer> = async () => ({ success: true, failureReason: '' })) {
  const windows: FakePrintWindow[] = [];
  const log: string[] = [];
  const printer = createSystemPrinter((options) => {
    const window = new FakePrintWindow(options, answer, log);
    windows.push(window);
    return window as unknown as PrintWindow;
  }, silentLogger);
  return { printer, windows, log };
}

describe('the OS printer (webContents.print from main)', () => {
  it('loads the document into a hidden, script-less, sandboxed window without a preload', () => {
    const options = printWindowOptions();
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(options.webPreferences?.preload).toBeUndefined();
  });

  it('prints silently on a named printer, then closes the window', async () => {
    const { printer, windows } = printerWith();
    const html = '<!doctype html><p>Receipt #T1-000001 — 12,30 €</p>';
    expect(await printer.print(html, { deviceName: 'EPSON_TM_T20III' })).toBe('printed');
    const [window] = windows;
    expect(window?.loaded).toBe(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    expect(decodeURIComponent(window?.loaded?.split(',').slice(1).join(',') ?? '')).toBe(html);
    expect(window?.printedWith).toMatchObject({ silent: true, deviceName: 'EPSON_TM_T20III' });
    expect(window?.destroyed).toBe(true);
  });

  it('opens the print dialog when no printer is named; cancelling it is "cancelled", not an error', async () => {
    const { printer, windows } = printerWith(async () => ({ success: false, failureReason: 'Print job canceled' }));
    expect(await printer.print('<p>x</p>', {})).toBe('cancelled');
    expect(windows[0]?.printedWith).toMatchObject({ silent: false });
    expect(windows[0]?.printedWith?.deviceName).toBeUndefined();
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('a failed job rejects with Chromium’s reason, and the window still closes', async () => {
    const { printer, windows } = printerWith(async () => ({ success: false, failureReason: 'Invalid printer settings' }));
    await expect(printer.print('<p>x</p>', { deviceName: 'nope' })).rejects.toThrow('Invalid printer settings');
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('prints one job at a time, in order, even when the first fails', async () => {
    let calls = 0;
    const { printer, log } = printerWith(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return calls === 1 ? { success: false, failureReason: 'Print job failed' } : { success: true, failureReason: '' };
    });
    const first = printer.print('<p>1</p>', {});
    const second = printer.print('<p>2</p>', {});
    await expect(first).rejects.toThrow('Print job failed');
    expect(await second).toBe('printed');
    expect(log).toEqual(['print', 'destroy', 'print', 'destroy']);
  });

  it('a job that never answers gives up in time, closes its window, and the next job prints', async () => {
    let calls = 0;
    const windows: FakePrintWindow[] = [];
    const log: string[] = [];
    const printer = createSystemPrinter(
      (options) => {
        const window = new FakePrintWindow(
          options,
          () => (++calls === 1 ? new Promise<Answer>(() => {}) : Promise.resolve({ success: true, failureReason: '' })),
          log,
        );
        windows.push(window);
        return window as unknown as PrintWindow;
      },
      silentLogger,
      { silentMs: 50, dialogMs: 50 },
    );
    const stuck = printer.print('<p>1</p>', {});
    const next = printer.print('<p>2</p>', {});
    await expect(stuck).rejects.toThrow('no answer within');
    expect(await next).toBe('printed');
    expect(windows.map((window) => window.destroyed)).toEqual([true, true]);
  });
});
