import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { startWebServer, type WebServer } from '../../electron/web/server';

const TOKEN = 'test-token-0123456789';
let dir: string;
let terminal: Terminal;
let web: WebServer;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: web.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${web.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const api = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  send(`/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-web-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ringup</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  terminal = await openTerminal(join(dir, 'web.db'));
  web = await startWebServer({ terminal, port: 0, token: TOKEN, staticDir });
});

afterAll(async () => {
  await web.close();
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web bridge', () => {
  it('listens on loopback only and prints the address with its token', () => {
    const address = web.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/#token=${TOKEN}`);
  });

  it('serves the renderer with a CSP, and the page for unknown routes', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<title>Ringup</title>');
    expect((await send('/assets/app.js')).headers['content-type']).toContain('javascript');
    expect((await send('/catalog')).body).toContain('<title>Ringup</title>');
    expect((await send('/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const reply = await send(path);
      expect(reply.body).not.toContain('do not serve');
    }
  });

  it('answers a call with the same envelope as IPC', async () => {
    const reply = await api('setup.status', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, data: { needsSetup: true, storeName: null, currency: null } });
  });

  it('refuses calls without the token, with a wrong token, or with GET', async () => {
    expect((await send('/api/setup.status', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await api('setup.status', {}, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await send('/api/setup.status', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });

  it('refuses another Host (DNS rebinding) and another Origin', async () => {
    expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await api('setup.status', {}, { host: `evil.example:${web.port}` })).status).toBe(403);
    expect((await api('setup.status', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('setup.status', {}, { origin: `http://127.0.0.1:${web.port}` })).status).toBe(200);
  });

  it('turns bad bodies into error envelopes without touching the core', async () => {
    const badJson = await send('/api/setup.status', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{not json' });
    expect(JSON.parse(badJson.body).error.code).toBe('VALIDATION');
    const unknown = JSON.parse((await api('nope.nothing', {})).body);
    expect(unknown.error.code).toBe('UNKNOWN_CHANNEL');
    // over the 1 MiB limit: a real 413 answer (not a reset), and the connection is closed after it
    const big = await send('/api/setup.status', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: 'x'.repeat(1_100_000),
    });
    expect(big.status).toBe(413);
    expect(big.headers.connection).toBe('close');
    expect(JSON.parse(big.body)).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } });
    expect((await api('setup.status', {})).status).toBe(200);
  });

  it('keeps one session in the core across calls', async () => {
    const setup = JSON.parse(
      (await api('setup.createFirstManager', { name: 'Mia', pin: '2468', storeName: 'Corner Shop', currency: 'EUR' })).body,
    );
    expect(setup.ok).toBe(true);
    const who = JSON.parse((await api('auth.whoami', {})).body);
    expect(who.data.staff.name).toBe('Mia');
    expect(JSON.parse((await api('auth.logout', {})).body).data.loggedOut).toBe(true);
    const after = JSON.parse((await api('staff.list', {})).body);
    expect(after.error.code).toBe('UNAUTHENTICATED');
  });
});
