import { CHANNEL_NAMES } from '../../src/shared/contract/names';
import { fail, type Result } from '../../src/shared/result';
import type { Logger } from '../core/log';
import { newSession, type Session } from '../core/session';

// Structural views of the few Electron objects this module touches: the real ones fit them, and
// tests can build fakes without the Electron runtime.
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

export interface SenderLike {
  readonly id: number;
  readonly mainFrame: Pick<FrameLike, 'processId' | 'routingId'>;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface InvokeEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RouterLike {
  invokeAsync(channel: string, input: unknown, session: Session): Promise<Result<unknown>>;
}

/**
 * Whether a frame URL is the app's own page: the built `index.html` (any hash or query: the
 * renderer may route with them) or, in development, any page of the dev server's origin.
 */
export function isTrustedSender(frameUrl: string, rendererUrl: string): boolean {
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(frameUrl);
    app = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === app.host && samePath(frame.pathname, app.pathname);
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return frame.origin === app.origin;
}

function samePath(a: string, b: string): boolean {
  let left: string;
  let right: string;
  try {
    left = decodeURIComponent(a);
    right = decodeURIComponent(b);
  } catch {
    return false;
  }
  // Windows paths (/C:/Program Files/…) do not care about case; POSIX paths do
  return /^\/[A-Za-z]:\//.test(right) ? left.toLowerCase() === right.toLowerCase() : left === right;
}

/** Why a call must be refused, or null when it comes from the app's own top frame. */
export function senderProblem(event: InvokeEventLike, rendererUrl: string): string | null {
  try {
    const frame = event.senderFrame;
    // the frame is gone (navigated away or destroyed) by the time the call arrives
    if (!frame) return 'no sender frame';
    const top = event.sender.mainFrame;
    if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return 'not the top frame';
    if (!isTrustedSender(frame.url, rendererUrl)) return 'not the app page';
    return null;
  } catch {
    // Electron throws when a disposed frame is read: refuse rather than guess
    return 'sender frame unavailable';
  }
}

/** The origin of a URL for a log line (never the path or query, which could carry anything). */
function originForLog(url: string | undefined): string {
  if (!url) return '(none)';
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'file://' : parsed.origin;
  } catch {
    return '(unparseable)';
  }
}

function safeFrameOrigin(event: InvokeEventLike): string {
  try {
    return originForLog(event.senderFrame?.url);
  } catch {
    return '(disposed)';
  }
}

/** One core Session per webContents, made on its first call and dropped when it is destroyed. */
export interface SessionStore {
  sessionFor(sender: SenderLike): Session;
  readonly size: number;
}

export function createSessionStore(): SessionStore {
  const sessions = new Map<number, Session>();
  return {
    sessionFor(sender) {
      let session = sessions.get(sender.id);
      if (!session) {
        const created = newSession(false);
        session = created;
        sessions.set(sender.id, created);
        const id = sender.id;
        sender.once('destroyed', () => {
          // a recycled id must not inherit a session it did not make
          if (sessions.get(id) === created) sessions.delete(id);
        });
      }
      return session;
    },
    get size() {
      return sessions.size;
    },
  };
}

export interface RegisterIpcOptions {
  /** the app's page (file:// URL of out/renderer/index.html, or the dev server URL) */
  rendererUrl: string;
  log: Logger;
}

export const FORBIDDEN_MESSAGE = 'This request did not come from the Ringup window and was refused.';

/**
 * Register one `ipcMain.handle` per channel of the contract. Every call is checked for its sender
 * before it reaches the router; the router answers with an envelope and never throws. Returns a
 * function that removes the handlers (at shutdown, before the database closes).
 */
export function registerIpc(ipcMain: IpcMainLike, router: RouterLike, sessions: SessionStore, options: RegisterIpcOptions): () => void {
  const { rendererUrl, log } = options;
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      const problem = senderProblem(event, rendererUrl);
      if (problem) {
        log.warn('ipc.forbidden', { channel, reason: problem, origin: safeFrameOrigin(event), webContents: event.sender.id });
        return fail('FORBIDDEN', FORBIDDEN_MESSAGE);
      }
      try {
        return await router.invokeAsync(channel, input, sessions.sessionFor(event.sender));
      } catch (error) {
        // the router promises never to throw; if it ever does, the renderer still gets an envelope
        log.error('ipc.internal', { channel, error });
        return fail('INTERNAL', 'Something went wrong inside Ringup. The problem was logged.');
      }
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
