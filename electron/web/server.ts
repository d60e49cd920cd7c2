import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
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
}

export interface WebServer {
  url: string;
  port: number;
  server: Server;
  session: Session;
  close(): Promise<void>;
}

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
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
  const session = newSession(false);
  let port = options.port;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (!staticRoot) return sendError(res, 404, 'NOT_FOUND', 'No renderer is served here.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'VALIDATION', 'Method not allowed.');
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      return sendError(res, 400, 'VALIDATION', 'Bad path.');
    }
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
    createReadStream(file).pipe(res);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, channel: string) => {
    if (req.method !== 'POST') return sendError(res, 405, 'VALIDATION', 'Use POST.');
    if (!tokenMatches(req.headers.authorization, token))
      return sendError(res, 401, 'UNAUTHENTICATED', 'This page is not allowed to use the terminal.');
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendError(res, 403, 'FORBIDDEN', 'Cross-origin calls are refused.');
    }
    let text: string;
    try {
      text = await readBody(req, maxBody);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      return sendError(res, status, 'VALIDATION', status === 413 ? 'The request is too large.' : 'The request could not be read.');
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

  const server = createServer((req, res) => {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host
    if (!allowedHosts().has(req.headers.host ?? '')) return sendError(res, 403, 'FORBIDDEN', 'Wrong host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, decodeURIComponent(url.pathname.slice('/api/'.length))).catch((error: unknown) => {
        terminal.ctx.log.error('web.internal', { error });
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'Something went wrong inside Ringup.');
      });
      return;
    }
    serveStatic(req, res, url.pathname);
  });

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
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
