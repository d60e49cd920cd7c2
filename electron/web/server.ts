import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { startBackupSchedule } from '../core/features/backup/schedule';
import { exportsDirOf } from '../core/features/exports/exportCsv';
import { startPointsExpiry } from '../core/features/loyalty/expire';
import { newSession, type Session } from '../core/session';
import type { Terminal } from '../core/terminal';

export interface WebServerOptions {
  terminal: Terminal;
  /** 0 picks a free port */
  port: number;
  token: string;
  /** the built renderer (out/renderer); null serves the API only */
  staticDir: string | null;
  maxBodyBytes?: number;
  /** run the daily backup while serving (`ringup serve`; tests leave it off) */
  backupSchedule?: boolean;
}

export interface WebServer {
  url: string;
  port: number;
  server: Server;
  session: Session;
  close(): Promise<void>;
}

/** Channels whose request body may be larger than maxBodyBytes, up to LARGE_BODY_BYTES. */
const LARGE_BODY_CHANNELS = new Set(['import.products']);
const LARGE_BODY_BYTES = 64 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

const TOO_LARGE = { ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } } as const;
/** after a 413, how much more of the refused body is read and thrown away before the connection is cut */
const DISCARD_LIMIT = 16 * 1024 * 1024;
/** …and for how long (a client that stalls mid-body does not hold the socket open for ever) */
const DISCARD_MS = 10_000;

/**
 * Answer 413 and close the connection without the client seeing a reset instead of the answer.
 * Closing a socket that still has unread request bytes makes the kernel send RST, which can
 * discard the answer before the client reads it: so the answer is written, the rest of the body
 * is read and thrown away (bounded in bytes and time), and only then is the response ended
 * (Connection: close makes Node close the socket once it is flushed).
 */
function rejectTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const text = JSON.stringify(TOO_LARGE);
  res.shouldKeepAlive = false;
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.write(text);
  let discarded = 0;
  let ended = false;
  const endResponse = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    res.end();
  };
  const cut = () => {
    endResponse();
    req.socket.destroy();
  };
  const timer = setTimeout(cut, DISCARD_MS);
  timer.unref();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) cut();
  });
  req.once('end', endResponse);
  req.once('error', cut);
  req.once('close', endResponse);
  if (req.complete) endResponse();
  else req.resume();
}

/** The refused body, told apart from one that could not be read. */
class TooLarge extends Error {}

export interface Target {
  /** the path as sent (percent-escapes kept): what routing looks at */
  raw: string;
  /** the same path percent-decoded */
  path: string;
}

// RFC 3986 `absolute-path`: segments of unreserved / sub-delims / ":" / "@" / %XX (no `[`, `\\`, `|`…)
const ABSOLUTE_PATH = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+$/;
// the query is not used here: printable ASCII without `#` is enough
const QUERY = /^[\x21-\x22\x24-\x7e]*$/;

/** The path of an origin-form request target (`/path?query`); null when the target is malformed. */
export function parseTarget(target: string | undefined): Target | null {
  // origin-form only: no `*` (asterisk-form), no `http://host/…` (absolute-form, a proxy's), no authority-form
  if (!target?.startsWith('/')) return null;
  const query = target.indexOf('?');
  const raw = query === -1 ? target : target.slice(0, query);
  if (!ABSOLUTE_PATH.test(raw) || (query !== -1 && !QUERY.test(target.slice(query + 1)))) return null;
  const path = decodePath(raw);
  return path === null ? null : { raw, path };
}

/** Percent-decode a path (or a part of one); null for a malformed escape (`%zz`, cut UTF-8) or a control character. */
function decodePath(raw: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return null; // %00 and the other controls
  }
  return path;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolveBody(Buffer.concat(chunks).toString('utf8'));
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      // stop buffering; the caller answers 413 and discards the rest (never destroy here: the
      // client would get a reset instead of the answer)
      if (size > limit) return settle(new TooLarge('too large'));
      chunks.push(chunk);
    });
    req.once('end', () => settle(null));
    req.once('error', (error) => settle(error));
    // the client went away mid-body ('aborted' comes with 'close', before any 'end')
    req.once('close', () => settle(new Error('the request was aborted')));
  });
}

/** The body length the request announces, when it announces one. */
function announcedLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}

/**
 * The loopback bridge of web mode: the renderer in a browser tab, the core behind
 * `POST /api/<channel>` with the same envelope as IPC. 127.0.0.1 only, a bearer token on every
 * API call, and Host/Origin checks so another site (or DNS rebinding) cannot drive the till.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { terminal, token } = options;
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  // a product import carries the whole CSV file in its body (100,000 rows ≈ 8 MB): that channel alone may send more
  const bodyLimit = (channel: string | null | undefined): number =>
    channel && LARGE_BODY_CHANNELS.has(channel) ? Math.max(maxBody, LARGE_BODY_BYTES) : maxBody;
  const session = newSession(false);
  // a restore brought back another moment of the database: whoever was logged in logs in again
  const stopHearingRestores = terminal.onRestored(() => {
    session.staff = null;
    delete session.stamp;
  });
  const stopSchedule = options.backupSchedule ? startBackupSchedule(terminal.ctx) : null;
  // the daily points expiry runs where the backup schedule does (a serving terminal, not a test bridge)
  const stopPointsExpiry = options.backupSchedule ? startPointsExpiry(terminal.ctx) : null;
  let port = options.port;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  /** `path` is the decoded path of the target */
  const serveStatic = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!staticRoot) return sendError(res, 404, 'NOT_FOUND', 'No renderer is served here.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'VALIDATION', 'Method not allowed.');
    const relative = normalize(path).replace(/^([/\\])+/, '');
    let file = resolve(join(staticRoot, relative));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendError(res, 404, 'NOT_FOUND', 'Not found.');
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // the renderer is a single page: unknown paths get the page itself
      if (extname(relative)) return sendError(res, 404, 'NOT_FOUND', 'Not found.');
      file = join(staticRoot, 'index.html');
      if (!existsSync(file)) return sendError(res, 503, 'INTERNAL', 'The renderer is not built: run `npm run web`.');
    }
    const isHtml = extname(file) === '.html';
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': isHtml ? 'no-store' : 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      ...(isHtml ? { 'content-security-policy': CSP } : {}),
    });
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    // the file went away or became unreadable after the stat: the head is sent, so cut the answer
    stream.once('error', (error) => fail(req, res, error));
    stream.pipe(res);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, channel: string) => {
    if (req.method !== 'POST') return sendError(res, 405, 'VALIDATION', 'Use POST.');
    if (!tokenMatches(req.headers.authorization, token))
      return sendError(res, 401, 'UNAUTHENTICATED', 'This page is not allowed to use the terminal.');
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendError(res, 403, 'FORBIDDEN', 'Cross-origin calls are refused.');
    }
    const announced = announcedLength(req);
    // announced too large: answer at once, without reading it
    if (announced !== null && announced > bodyLimit(channel)) return rejectTooLarge(req, res);
    let text: string;
    try {
      text = await readBody(req, bodyLimit(channel));
    } catch (error) {
      if (error instanceof TooLarge) return rejectTooLarge(req, res);
      return sendError(res, 400, 'VALIDATION', 'The request could not be read.');
    }
    let input: unknown = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        return sendJson(res, 200, { ok: false, error: { code: 'VALIDATION', message: 'The request is not valid JSON.' } });
      }
    }
    sendJson(res, 200, await terminal.router.invokeAsync(channel, input, session));
  };

  /**
   * GET /download/<name>: a file export.csv wrote into the exports folder beside the database
   * (web mode has no save dialog). The same bearer token as /api; a plain file name of that folder
   * only (no path, no dot files); sent as an attachment, never rendered.
   */
  const serveDownload = (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'VALIDATION', 'Method not allowed.');
    if (!tokenMatches(req.headers.authorization, token))
      return sendError(res, 401, 'UNAUTHENTICATED', 'This page is not allowed to use the terminal.');
    const dir = exportsDirOf(terminal.sqlite.name);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(name)) return sendError(res, 404, 'NOT_FOUND', 'No such export.');
    const file = join(dir, name);
    if (!existsSync(file) || !statSync(file).isFile() || name.endsWith('.part')) return sendError(res, 404, 'NOT_FOUND', 'No such export.');
    res.writeHead(200, {
      'content-type': extname(name) === '.csv' ? 'text/csv; charset=utf-8' : 'application/octet-stream',
      'content-length': statSync(file).size,
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    stream.once('error', (error) => fail(req, res, error));
    stream.pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host === undefined) return sendError(res, 400, 'VALIDATION', 'The request has no Host header.');
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host
    if (!allowedHosts().has(req.headers.host)) return sendError(res, 403, 'FORBIDDEN', 'Wrong host.');
    const target = parseTarget(req.url);
    if (target === null) return sendError(res, 400, 'VALIDATION', 'The request target is malformed.');
    if (target.raw.startsWith('/download/')) return serveDownload(req, res, target.path.slice('/download/'.length));
    if (target.raw.startsWith('/api/')) {
      const channel = decodePath(target.raw.slice('/api/'.length));
      if (channel === null) return sendError(res, 400, 'VALIDATION', 'The request target is malformed.');
      return handleApi(req, res, channel);
    }
    serveStatic(req, res, target.path);
  };

  /** Whatever went wrong while answering: log it, and answer 500 if nothing was sent yet. */
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    try {
      terminal.ctx.log.error('web.internal', { error, method: req.method, target: req.url?.slice(0, 200) });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'Something went wrong inside Ringup.');
      else res.destroy();
    } catch {
      req.socket.destroy();
    }
  };

  /** The request handler: it cannot throw, synchronously or not. */
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res).catch((error: unknown) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  };

  // requireHostHeader: false lets the handler refuse a missing Host with the same envelope as the rest
  const server = createServer({ requireHostHeader: false }, onRequest);

  // `Expect: 100-continue`: refuse a too-large API body before the client sends it
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    try {
      const announced = announcedLength(req);
      const raw = parseTarget(req.url)?.raw;
      const channel = raw?.startsWith('/api/') ? decodePath(raw.slice('/api/'.length)) : null;
      if (announced !== null && raw?.startsWith('/api/') && announced > bodyLimit(channel)) return rejectTooLarge(req, res);
      res.writeContinue();
    } catch (error) {
      return fail(req, res, error);
    }
    onRequest(req, res);
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    try {
      sendError(res, 417, 'VALIDATION', 'Only Expect: 100-continue is understood.');
    } catch (error) {
      fail(req, res, error);
    }
  });

  /** Answer on a bare socket (no ServerResponse), then close it once the answer is flushed. */
  const answerSocket = (socket: Duplex, status: number, reason: string, message: string) => {
    // a CONNECT socket has lost Node's own 'error' listener: a reset must not become an uncaught error
    socket.on('error', () => socket.destroy());
    try {
      // like Node's own default: never write into the middle of a response on this connection
      const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (!socket.writable || inFlight) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify({ ok: false, error: { code: 'VALIDATION', message } });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
        () => socket.destroy(),
      );
    } catch {
      socket.destroy();
    }
  };

  // HTTP that Node's parser rejects (bad request line, header, Content-Length, chunk, too-long
  // head, NUL bytes…) never reaches the handler: answer it on the socket, then close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET') return socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW')
      return answerSocket(socket, 431, 'Request Header Fields Too Large', 'The request head is too large.');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return answerSocket(socket, 408, 'Request Timeout', 'The request took too long.');
    answerSocket(socket, 400, 'Bad Request', 'The request is not valid HTTP.');
  });
  // CONNECT (a proxy's method): Node would drop the socket without a word
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerSocket(socket, 405, 'Method Not Allowed', 'Method not allowed.'));

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${encodeURIComponent(token)}`,
    port,
    server,
    session,
    close: async () => {
      stopHearingRestores();
      await stopSchedule?.();
      await stopPointsExpiry?.();
      await new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
