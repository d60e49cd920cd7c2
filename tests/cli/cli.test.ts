import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';

let dir: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ringup CLI', () => {
  it('migrates a new database, then finds it up to date', async () => {
    const db = join(dir, 'm.db');
    const first = await cli('migrate', '--db', db, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).applied.length).toBeGreaterThan(0);
    const second = await cli('migrate', '--db', db);
    expect(second.out).toContain('up to date');
  });

  it('prints the JSON Schema of every channel', async () => {
    const { code, out } = await cli('contract');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.channels['catalog.search'].input.type).toBe('object');
    expect(doc.channels['auth.login'].access).toBe('public');
    expect(doc.channels['staff.create'].access).toBe('manager');
    expect(Object.keys(doc.channels).length).toBeGreaterThan(15);
  });

  it('calls a channel as operator and exits 1 on an error envelope', async () => {
    const db = join(dir, 'c.db');
    const ok = await cli('call', '--db', db, 'setup.createFirstManager', '{"name":"Ola","pin":"1357","storeName":"Kiosk"}');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).ok).toBe(true);
    const created = await cli('call', '--db', db, 'staff.create', '{"name":"Cai","pin":"2468","roles":["cashier"]}');
    expect(created.code).toBe(0);
    const bad = await cli('call', '--db', db, 'catalog.get', '{"id":"missing"}');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error.code).toBe('NOT_FOUND');
    const invalid = await cli('call', '--db', db, 'staff.create', '{"name":""}');
    expect(JSON.parse(invalid.out).error.code).toBe('VALIDATION');
  });

  it('applies roles when called as a staff member with --pin', async () => {
    const db = join(dir, 'c.db');
    const asCashier = await cli('call', '--db', db, '--pin', '2468', 'staff.list', '{}');
    expect(asCashier.code).toBe(1);
    expect(JSON.parse(asCashier.out).error.code).toBe('FORBIDDEN');
    const asManager = await cli('call', '--db', db, '--pin', '1357', '--staff', 'Ola', 'staff.list', '{}');
    expect(asManager.code).toBe(0);
    const wrong = await cli('call', '--db', db, '--pin', '9999', '--staff', 'Cai', 'auth.whoami');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out).error.code).toBe('UNAUTHENTICATED');
  });

  it('verifies a sound database and names what is wrong with a broken one', async () => {
    const db = join(dir, 'v.db');
    await cli('call', '--db', db, 'catalog.upsertTaxClass', '{"name":"Std","rateBp":2000}');
    expect((await cli('verify', '--db', db)).code).toBe(0);
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare("INSERT INTO product_barcodes (code, product_id, created_at) VALUES ('12345678', 'ghost', 0)").run();
    raw.close();
    const broken = await cli('verify', '--db', db, '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out).problems.join(' ')).toMatch(/product_barcodes/);
  });

  it('seed gives the terminal an id (with or without --staff), so the seeded database can sell', async () => {
    for (const [name, extra] of [
      ['s1.db', ['--staff']],
      ['s2.db', []],
    ] as const) {
      const db = join(dir, name);
      const seeded = await cli('seed', '--db', db, '--products', '20', ...extra, '--json');
      expect(seeded.code).toBe(0);
      const report = JSON.parse(seeded.out) as { terminalId: string; staff: unknown[] };
      expect(report.terminalId).toMatch(/^T-[0-9A-F]{6}$/);
      expect(report.staff).toHaveLength(extra.length > 0 ? 2 : 0);
      const settings = await cli('call', '--db', db, 'settings.get');
      expect(settings.code).toBe(0);
      expect(JSON.parse(settings.out).data.terminalId).toBe(report.terminalId);
    }
  });

  it('migrate gives a staffed database that has no terminal id one, and leaves a fresh one to setup', async () => {
    const db = join(dir, 'staffed.db');
    await cli('migrate', '--db', db);
    expect(JSON.parse((await cli('call', '--db', db, 'settings.get')).out).data.terminalId).toBe('');
    await cli('call', '--db', db, 'staff.create', '{"name":"Cai","pin":"2468","roles":["manager","cashier"]}');
    const migrated = await cli('migrate', '--db', db);
    expect(migrated.code).toBe(0);
    const { terminalId } = JSON.parse((await cli('call', '--db', db, 'settings.get')).out).data as { terminalId: string };
    expect(terminalId).toMatch(/^T-[0-9A-F]{6}$/);
    expect(migrated.out).toContain(`it is now ${terminalId}`);
    const again = await cli('migrate', '--db', db, '--json');
    expect(JSON.parse(again.out).terminalIdAssigned).toBeUndefined();
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('migrate')).err).toContain('--db');
  });

  it('runs as the package bin through npm run ringup', () => {
    const out = execFileSync('npm', ['run', '--silent', 'ringup', '--', 'help'], { encoding: 'utf8' });
    expect(out).toContain('ringup — the Ringup terminal');
    const result = spawnSync(process.execPath, ['bin/ringup.mjs', 'call', '--db', join(dir, 'c.db'), 'nope.channel'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('UNKNOWN_CHANNEL');
  });
});
