import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { startWebServer, type WebServer } from '../../electron/web/server';
import type { ExportCsvResult } from '../../src/shared/contract/exports';
import { countRows, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

let t: TestTerminal;
let web: WebServer;
const TOKEN = 'test-token-0123456789abcdef';

beforeAll(async () => {
  t = await makeTerminal();
  web = await startWebServer({ terminal: t.terminal, port: 0, token: TOKEN, staticDir: null });
});
afterAll(async () => {
  await web?.close();
  t?.close();
});

describe('web mode: GET /download/<name>', () => {
  it('serves an export as an attachment to the token holder, and nothing else', async () => {
    const result = okData<ExportCsvResult>(await t.router.invokeAsync('export.csv', { what: 'products' }, t.manager));
    const base = `http://127.0.0.1:${web.port}`;
    const ok = await fetch(`${base}${result.download}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="${result.fileName}"`);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await ok.text()).toBe(readFileSync(result.savedTo, 'utf8'));
    expect((await fetch(`${base}${result.download}`)).status).toBe(401);
    expect((await fetch(`${base}${result.download}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    for (const path of [
      '/download/..%2Fterminal.db',
      '/download/%2E%2E/terminal.db',
      '/download/.hidden',
      '/download/missing.csv',
      '/download/',
    ]) {
      const refused = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect([400, 404]).toContain(refused.status);
    }
  });
});

describe('ringup export', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) } };
  }

  it('writes the file with --out, prints counts with --json, and audits it as the operator', async () => {
    const file = t.temp.path('cli-products.csv');
    const audited = countRows(t.sqlite, 'audit_log', "action = 'export.csv'");
    const captured = io();
    const code = await runCli(['export', '--db', t.file, '--what', 'products', '--out', file, '--bom', '--json'], captured.io);
    expect(code, captured.err.join('\n')).toBe(0);
    const summary = JSON.parse(captured.out[0] ?? '{}') as { rows: number; file: string };
    expect(summary.rows).toBe(countRows(t.sqlite, 'products'));
    expect(summary.file).toBe(file);
    const rows = parse(readFileSync(file), { bom: true }) as string[][];
    expect(rows.length).toBe(summary.rows + 1);
    expect(countRows(t.sqlite, 'audit_log', "action = 'export.csv' AND actor_staff_id IS NULL")).toBe(1);
    expect(countRows(t.sqlite, 'audit_log', "action = 'export.csv'")).toBe(audited + 1);
  });

  it('refuses an unknown kind, a bad date and dates on products, with usage (exit 2) and no file', async () => {
    for (const args of [
      ['--what', 'receipts'],
      ['--what', 'sales', '--from', '2026-02-30'],
      ['--what', 'products', '--from', '2026-01-01'],
      ['--what', 'sales'],
    ]) {
      const file = t.temp.path(`refused-${args.join('-')}.csv`);
      const captured = io();
      const code = await runCli(
        ['export', '--db', t.file, ...args, ...(args.length > 2 || args[1] !== 'sales' ? ['--out', file] : [])],
        captured.io,
      );
      expect(code).toBe(2);
      expect(captured.err.join('\n')).toMatch(/--(what|from|out)/);
      expect(existsSync(file)).toBe(false);
    }
  });
});
