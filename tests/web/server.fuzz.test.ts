import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../electron/core/log';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { startWebServer, type WebServer } from '../../electron/web/server';

// Raw sockets, not fetch or http.request: those normalise or refuse the odd request lines a
// hostile or broken client can send, which is exactly what these tests need to send.

const TOKEN = 'fuzz-token-0123456789';
let dir: string;
let terminal: Terminal;
let web: WebServer;
let unixSocket: Server;
/** what the server logged */
const logged: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  debug: (event, fields) => logged.push({ level: 'debug', event, fields }),
  info: (event, fields) => logged.push({ level: 'info', event, fields }),
  warn: (event, fields) => logged.push({ level: 'warn', event, fields }),
  error: (event, fields) => logged.push({ level: 'error', event, fields }),
};

type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  /** the server closed the connection (FIN or reset) without a status line */
  | { kind: 'closed' }
  /** the client gave up on purpose (an aborted request) */
  | { kind: 'aborted' }
  /** nothing at all came back: the bug these tests look for */
  | { kind: 'timeout' };

interface RawOptions {
  /** destroy the socket right after writing (an aborted request) */
  abort?: boolean;
  /** a HEAD request: the answer has no body, whatever its Content-Length says */
  head?: boolean;
  /** with no answer by then, half-close our side so the server sees the end of the request */
  graceMs?: number;
  /** with no answer and no close by then, give up: the test fails */
  timeoutMs?: number;
}

/** Send raw bytes on a fresh connection and report how the server reacted. */
function raw(data: string | Buffer | (string | Buffer)[], options: RawOptions = {}): Promise<Outcome> {
  const parts = Array.isArray(data) ? data : [data];
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: web.port });
    let received = Buffer.alloc(0);
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: Outcome) => {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    /** a complete response (head, and the body its Content-Length announces), or null */
    const parsed = (complete: boolean): Outcome | null => {
      let text = received.toString('latin1');
      // an interim answer (100 Continue) is not the answer
      while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      received = Buffer.from(text, 'latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!status) return null;
      if (headEnd === -1) return complete ? { kind: 'response', status: Number(status[1]), headers: {}, body: '' } : null;
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, headEnd).split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = received.subarray(Buffer.byteLength(text.slice(0, headEnd + 4), 'latin1'));
      const length = Number(headers['content-length'] ?? 0);
      if (options.head) return { kind: 'response', status: Number(status[1]), headers, body: '' };
      if (!complete && body.length < length) return null;
      return { kind: 'response', status: Number(status[1]), headers, body: body.subarray(0, length || body.length).toString('utf8') };
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const outcome = parsed(false);
      if (outcome) finish(outcome);
    });
    const closed = () => finish(parsed(true) ?? { kind: 'closed' });
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', closed);
    socket.on('connect', () => {
      for (const part of parts) if (!socket.destroyed) socket.write(part);
      if (options.abort) return finish({ kind: 'aborted' });
      timers.push(setTimeout(() => socket.end(), options.graceMs ?? 2000));
    });
    timers.push(setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs ?? 15_000));
  });
}

const host = () => `127.0.0.1:${web.port}`;

/** A well-formed request, as raw bytes. */
function request(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const all: Record<string, string> = { host: host(), connection: 'close', ...headers };
  if (body !== '' && !('content-length' in all) && !('transfer-encoding' in all)) all['content-length'] = String(Buffer.byteLength(body));
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

const authorised = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** The server still answers a normal authorised call. */
async function expectStillServing(): Promise<void> {
  const outcome = await raw(request('POST', '/api/setup.status', authorised, '{}'));
  expect(outcome).toMatchObject({ kind: 'response', status: 200 });
  if (outcome.kind === 'response') expect(JSON.parse(outcome.body).ok).toBe(true);
}

function envelope(outcome: Outcome): { code: string; message: string } {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
  const parsed = JSON.parse(outcome.body) as { ok: boolean; error: { code: string; message: string } };
  expect(parsed.ok).toBe(false);
  return parsed.error;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-web-fuzz-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ringup</title>');
  // a file that passes the existence and stat checks but cannot be read: a Unix socket
  unixSocket = createServer();
  await new Promise<void>((resolve) => unixSocket.listen(join(staticDir, 'socket.js'), resolve));
  terminal = await openTerminal(join(dir, 'web.db'), { log });
  web = await startWebServer({ terminal, port: 0, token: TOKEN, staticDir });
});

afterAll(async () => {
  await web.close();
  await new Promise((resolve) => unixSocket.close(resolve));
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web bridge: malformed requests', () => {
  it.each([
    ['POST', '/api/%E0%A4%A'],
    ['GET', '/api/%zz'],
    ['GET', '//['],
    ['POST', '//['],
    ['GET', '/%E0%A4%A'],
    ['GET', '/assets/%'],
  ])('answers %s %s with a 400 envelope and keeps serving', async (method, target) => {
    const outcome = await raw(request(method, target, authorised, method === 'POST' ? '{}' : ''));
    expect(outcome).toMatchObject({ kind: 'response', status: 400 });
    expect(envelope(outcome).code).toBe('VALIDATION');
    await expectStillServing();
  });

  it.each([
    ['OPTIONS', '*'],
    ['GET', 'http://x/..'],
    ['POST', `http://127.0.0.1/api/setup.status`],
    ['GET', 'index.html'],
    ['GET', '/a\\b'],
    ['GET', '/a[1]'],
    ['GET', '/?a#b'],
    ['GET', '/%00'],
    ['POST', '/api/%00'],
  ])('answers the odd target %s %s with a 400 envelope', async (method, target) => {
    const outcome = await raw(request(method, target, authorised, method === 'POST' ? '{}' : ''));
    expect(outcome).toMatchObject({ kind: 'response', status: 400 });
    expect(envelope(outcome).code).toBe('VALIDATION');
    await expectStillServing();
  });

  it('answers HTTP the parser rejects (NUL bytes, bad Content-Length, chunked garbage, no Host) with a 400 or closes', async () => {
    const cases = [
      `GET /\0 HTTP/1.1\r\nhost: ${host()}\r\n\r\n`,
      `GET / HTTP/1.1\r\nhost: ${host()}\r\nx-nul: a\0b\r\n\r\n`,
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: abc\r\n\r\n{}`,
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`,
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: -1\r\n\r\n{}`,
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\ntransfer-encoding: chunked\r\ncontent-length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      'GARBAGE\r\n\r\n',
      '\r\n\r\n\r\n',
      `GET / HTTP/9.9\r\nhost: ${host()}\r\n\r\n`,
      `GET / HTTP/1.1\r\nbad header line\r\n\r\n`,
    ];
    for (const text of cases) {
      const outcome = await raw(text);
      expect(outcome.kind, JSON.stringify(text)).not.toBe('timeout');
      if (outcome.kind === 'response') expect(outcome.status, JSON.stringify(text)).toBeGreaterThanOrEqual(400);
    }
    await expectStillServing();
  });

  it('answers a missing Host, CONNECT and an unknown Expect with envelopes', async () => {
    const noHost = await raw('GET / HTTP/1.1\r\nconnection: close\r\n\r\n');
    expect(noHost).toMatchObject({ kind: 'response', status: 400 });
    expect(envelope(noHost).code).toBe('VALIDATION');
    const http10 = await raw('GET / HTTP/1.0\r\n\r\n');
    expect(http10).toMatchObject({ kind: 'response', status: 400 });
    const proxy = await raw(`CONNECT 127.0.0.1:${web.port} HTTP/1.1\r\nhost: ${host()}\r\n\r\n`);
    expect(proxy).toMatchObject({ kind: 'response', status: 405 });
    expect(envelope(proxy).code).toBe('VALIDATION');
    const expectation = await raw(request('POST', '/api/setup.status', { ...authorised, expect: 'nonsense' }, '{}'));
    expect(expectation).toMatchObject({ kind: 'response', status: 417 });
    expect(envelope(expectation).code).toBe('VALIDATION');
    await expectStillServing();
  });

  it('logs a failure after the answer has started, cuts that answer, and keeps serving', async () => {
    const before = logged.length;
    const outcome = await raw(request('GET', '/socket.js'));
    // the 200 head was prepared but the read failed before anything was flushed: the socket is cut
    expect(outcome.kind).not.toBe('timeout');
    expect(logged.slice(before)).toContainEqual(expect.objectContaining({ level: 'error', event: 'web.internal' }));
    await expectStillServing();
  });

  it('answers a request line longer than the header limit with 431 and keeps serving', async () => {
    const outcome = await raw(request('GET', `/${'a'.repeat(20_000)}`));
    expect(outcome).toMatchObject({ kind: 'response', status: 431 });
    await expectStillServing();
  });

  it('survives duplicate headers and requests aborted mid-body', async () => {
    const duplicate = await raw(
      `POST /api/setup.status HTTP/1.1\r\nhost: ${host()}\r\nhost: evil.example\r\nauthorization: Bearer ${TOKEN}\r\nauthorization: Bearer nope\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
    );
    expect(duplicate.kind).toBe('response');
    for (let i = 0; i < 5; i++) {
      await raw(request('POST', '/api/setup.status', { ...authorised, 'content-length': '1000' }, '{"a":'), { abort: true });
    }
    await expectStillServing();
  });
});

describe('web bridge: request size limit', () => {
  const tooLarge = (count: number) => `{"x":"${'x'.repeat(count)}"}`;

  it('answers a body over the limit with 413 and the envelope (Content-Length announced)', async () => {
    const body = tooLarge(1_100_000);
    const outcome = await raw(request('POST', '/api/setup.status', authorised, body));
    expect(outcome).toMatchObject({ kind: 'response', status: 413 });
    if (outcome.kind === 'response') expect(outcome.headers.connection).toBe('close');
    expect(JSON.parse(outcome.kind === 'response' ? outcome.body : '{}')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'The request is too large.' },
    });
    await expectStillServing();
  });

  it('answers a body over the limit with 413 and the envelope (chunked, no Content-Length)', async () => {
    const body = tooLarge(1_100_000);
    const chunked: string[] = [];
    for (let at = 0; at < body.length; at += 64 * 1024) {
      const piece = body.slice(at, at + 64 * 1024);
      chunked.push(`${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
    }
    chunked.push('0\r\n\r\n');
    const outcome = await raw([request('POST', '/api/setup.status', { ...authorised, 'transfer-encoding': 'chunked' }), ...chunked]);
    expect(outcome).toMatchObject({ kind: 'response', status: 413 });
    if (outcome.kind === 'response') expect(outcome.headers.connection).toBe('close');
    expect(JSON.parse(outcome.kind === 'response' ? outcome.body : '{}')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'The request is too large.' },
    });
    await expectStillServing();
  });

  it('answers at once when Content-Length announces too much, without waiting for the body', async () => {
    // only the head is sent: the answer cannot depend on reading the body
    const outcome = await raw(request('POST', '/api/setup.status', { ...authorised, 'content-length': String(50 * 1024 * 1024) }), {
      graceMs: 60_000,
    });
    expect(outcome).toMatchObject({ kind: 'response', status: 413 });
    expect(envelope(outcome)).toEqual({ code: 'VALIDATION', message: 'The request is too large.' });
    await expectStillServing();
  });

  it('answers 413 before 100-continue when Content-Length announces too much', async () => {
    const outcome = await raw(
      request('POST', '/api/setup.status', { ...authorised, expect: '100-continue', 'content-length': String(5 * 1024 * 1024) }),
      { graceMs: 60_000 },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 413 });
    await expectStillServing();
  });
});

// ---- fuzz: random request lines, header sets and bodies ----------------------------------------

// Most generated requests are well framed, so that they reach the handler (host, target, token,
// body checks); a share of them is broken at the HTTP level, for Node's parser and `clientError`.
const methods = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'PRI', 'get', 'M-SEARCH') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const pathPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('api', 'setup.status', 'auth.whoami', 'nope.nothing', 'assets', 'index.html', 'catalog') },
  { weight: 2, arbitrary: fc.constantFrom('..', '.', '', '%2e%2e', '%2F', '%00', '%20', '%41', '%C3%A9') },
  { weight: 2, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%zz', '%C0%AF', '%FF', '[', ']', '@', ':', ';', '?', '#', '\\', '~', '*') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,12}$/) },
);

const targets = fc.oneof(
  { weight: 4, arbitrary: fc.array(pathPiece, { maxLength: 5 }).map((pieces) => `/${pieces.join('/')}`) },
  { weight: 4, arbitrary: fc.array(pathPiece, { minLength: 1, maxLength: 3 }).map((pieces) => `/api/${pieces.join('/')}`) },
  { weight: 3, arbitrary: fc.constantFrom('/api/setup.status', '/api/auth.whoami', '/api/nope.nothing', '/', '/assets/app.js') },
  { weight: 1, arbitrary: fc.array(pathPiece, { maxLength: 4 }).map((pieces) => `//${pieces.join('/')}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }).map((text) => `/${text}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('*', '//[', 'http://x/..', 'http://127.0.0.1/api/setup.status', 'https://[::1]/', 'x', '', '?', '/?%zz'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`) },
);

const versions = fc.oneof(
  { weight: 20, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.x', 'http/1.1', 'HTTP/0.9', '') },
);

type Header = [string, string];
/** headers that leave the framing alone: they steer the handler's checks */
const header = (): fc.Arbitrary<Header> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<Header>(['authorization', `Bearer ${TOKEN}`]) },
    { weight: 2, arbitrary: fc.constant<Header>(['content-type', 'application/json']) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Header>(
        ['host', host()],
        ['host', 'evil.example'],
        ['host', ''],
        ['host', `localhost:${web.port}`],
        ['authorization', 'Bearer '],
        ['authorization', 'Basic abc'],
        ['authorization', `Bearer ${TOKEN}x`],
        ['origin', 'http://evil.example'],
        ['origin', `http://127.0.0.1:${web.port}`],
        ['origin', 'null'],
        ['connection', 'keep-alive'],
        ['connection', 'close'],
      ),
    },
    { weight: 2, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/), fc.stringMatching(/^[!-~]([ -~]{0,18}[!-~])?$/)) },
  );

/** headers that change how the body is framed, or break the head outright */
const framingHeader = (): fc.Arbitrary<Header> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<Header>(
        ['transfer-encoding', 'chunked'],
        ['transfer-encoding', 'gzip, chunked'],
        ['transfer-encoding', 'identity'],
        ['expect', '100-continue'],
        ['expect', 'nonsense'],
        ['connection', 'upgrade'],
        ['upgrade', 'websocket'],
        ['content-length', ''],
        ['content-length', 'abc'],
        ['content-length', '-1'],
        ['content-length', '0x10'],
      ),
    },
    { weight: 2, arbitrary: fc.nat({ max: 2_000_000 }).map<Header>((n) => ['content-length', String(n)]) },
    { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/), fc.string({ maxLength: 12, unit: 'binary' })) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10, unit: 'binary' }), fc.stringMatching(/^[ -~]{0,20}$/)) },
  );

const bodies = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('{not json', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\nxx\r\n', '3\r\nab', '0\r\n\r\n', '\0\0\0') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
);

const fuzzRequest = () =>
  fc.record({
    method: methods,
    target: targets,
    version: versions,
    headers: fc.array(header(), { maxLength: 5 }),
    /** one request in four has a header that breaks or changes the framing */
    framing: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: framingHeader() }),
    /** most requests carry the right Host so that they get past the first check */
    withHost: fc.nat({ max: 5 }).map((n) => n > 0),
    /** a correct Content-Length for the body, when no header set one */
    fixLength: fc.nat({ max: 3 }).map((n) => n > 0),
    body: bodies,
    lineEnd: fc.oneof({ weight: 24, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\n\r') }),
    /** the client goes away right after sending (often mid-body) */
    abort: fc.nat({ max: 9 }).map((n) => n === 0),
  });

describe('web bridge: fuzzed requests', () => {
  it('answers every random request (or closes it) and keeps serving', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest(), async (spec) => {
        const headers: Header[] = [
          ...(spec.withHost ? [['host', host()] as Header] : []),
          ...spec.headers,
          ...(spec.framing ? [spec.framing] : []),
        ];
        const named = (name: string) => headers.some(([key]) => key.toLowerCase() === name);
        if (spec.fixLength && !named('content-length') && !named('transfer-encoding'))
          headers.push(['content-length', String(Buffer.byteLength(spec.body, 'latin1'))]);
        const head = [`${spec.method} ${spec.target} ${spec.version}`.trimEnd(), ...headers.map(([name, value]) => `${name}: ${value}`)];
        const bytes = Buffer.from(`${head.join(spec.lineEnd)}${spec.lineEnd}${spec.lineEnd}${spec.body}`, 'latin1');
        const outcome = await raw(bytes, { abort: spec.abort, head: spec.method === 'HEAD', graceMs: 150 });
        const label = outcome.kind === 'response' ? String(outcome.status) : outcome.kind;
        seen.set(label, (seen.get(label) ?? 0) + 1);
        expect(outcome.kind, JSON.stringify(bytes.toString('latin1').slice(0, 300))).not.toBe('timeout');
        if (
          outcome.kind === 'response' &&
          outcome.status >= 400 &&
          outcome.body !== '' &&
          outcome.headers['content-type']?.includes('json')
        ) {
          const parsed = JSON.parse(outcome.body) as { ok: boolean; error: { code: string; message: string } };
          expect(parsed.ok).toBe(false);
          expect(typeof parsed.error.code).toBe('string');
          expect(typeof parsed.error.message).toBe('string');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    // the fuzz reached the handler's own answers, not only the parser's refusals
    expect(seen.has('400')).toBe(true);
    expect(seen.has('200') || seen.has('405')).toBe(true);
    expect(web.server.listening).toBe(true);
    await expectStillServing();
  });
});
