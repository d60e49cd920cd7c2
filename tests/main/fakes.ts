import { EventEmitter } from 'node:events';
import type { FrameLike, InvokeEventLike, IpcMainLike } from '../../electron/main/ipc';

// Fakes of the few Electron objects main touches: the Electron runtime cannot run here.

export const APP_URL = 'file:///opt/Ringup/resources/app.asar/out/renderer/index.html';

let nextWebContentsId = 1;

/** A webContents: an event emitter with an id, a top frame and the hooks main installs. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame: { url: string; parent: null; processId: number; routingId: number };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(url = APP_URL) {
    super();
    this.mainFrame = { url, parent: null, processId: 7, routingId: this.id * 10 };
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** Emit a navigation-style event and say whether a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }

  destroy(): void {
    this.emit('destroyed');
  }

  /** webContents.print: records the options and answers like a printer that printed. */
  readonly printed: Record<string, unknown>[] = [];
  print(options: Record<string, unknown> = {}, callback?: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options);
    queueMicrotask(() => callback?.(true, ''));
  }
}

/** An invoke event from the top frame of a webContents, or from a chosen frame. */
export function eventFrom(sender: FakeWebContents, frame: FrameLike | null = sender.mainFrame): InvokeEventLike {
  return { sender, senderFrame: frame };
}

export function subframeOf(sender: FakeWebContents, url = APP_URL): FrameLike {
  return { url, parent: sender.mainFrame, processId: sender.mainFrame.processId, routingId: sender.mainFrame.routingId + 1 };
}

/** An ipcMain that records handlers and refuses a second handler for a channel, as Electron does. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, input: unknown) => unknown>();
  readonly registrations: string[] = [];

  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.registrations.push(channel);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, input) would resolve to. */
  async invoke(channel: string, event: InvokeEventLike, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, input);
  }
}

/** A logger that keeps its lines for assertions. */
export function memoryLogger() {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    lines.push({ level, event, ...(fields ? { fields } : {}) });
  };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}
