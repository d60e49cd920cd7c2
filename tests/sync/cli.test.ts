import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { seedDatabase } from '../../electron/core/seed/seed';
import { seedDemoStaff } from '../../electron/core/seed/staff';
import { openTerminal } from '../../electron/core/terminal';
import { centralQuery, freshCentral, num } from './helpers';

// `ringup sync --db FILE --central URL --once [--json]` for operators: push and pull until nothing
// waits, exit 0; exit 1 saying why, never printing the password.

let dir: string;
let db: string;
let url: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

beforeAll(async () => {
  url = await freshCentral('cli');
  dir = mkdtempSync(join(tmpdir(), 'ringup-sync-cli-'));
  db = join(dir, 'till.db');
  const terminal = await openTerminal(db);
  seedDemoStaff(terminal);
  seedDatabase(terminal, { products: 30, members: 3, sales: 8, seed: 3 });
  terminal.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ringup sync', () => {
  it('--once --json pushes everything, says what moved, exits 0; a second run sends nothing', async () => {
    const first = capture();
    expect(await runCli(['sync', '--db', db, '--central', url, '--once', '--json'], first.io)).toBe(0);
    const report = JSON.parse(first.out.at(-1) ?? '{}') as { pushed: number; status: { waiting: number; state: string } };
    const [events] = await centralQuery(url, 'SELECT count(*) AS n FROM events');
    expect(report.pushed).toBe(num(events?.n));
    expect(report.pushed).toBeGreaterThan(10);
    expect(report.status).toMatchObject({ waiting: 0, state: 'synced' });
    const second = capture();
    expect(await runCli(['sync', '--db', db, '--central', url, '--once'], second.io)).toBe(0);
    expect(second.out.join('\n')).toMatch(/Synced with .*: 0 events sent/);
    expect(second.out.join('\n')).not.toContain(decodeURIComponent(new URL(url).password));
  }, 60_000);

  it('exits 1 with the reason in words when central cannot be reached; the password is never printed', async () => {
    const io = capture();
    const unreachable = 'postgres://ringup:Very-Secret-42@127.0.0.1:9/ringup';
    expect(await runCli(['sync', '--db', db, '--central', unreachable, '--once'], io.io)).toBe(1);
    const text = [...io.out, ...io.err].join('\n');
    expect(text).toMatch(/unreachable/i);
    expect(text).not.toContain('Very-Secret-42');
  }, 60_000);

  it('says what is missing', async () => {
    const io = capture();
    const saved = process.env.RINGUP_CENTRAL_URL;
    delete process.env.RINGUP_CENTRAL_URL;
    try {
      expect(await runCli(['sync', '--db', db, '--once'], io.io)).toBe(2);
    } finally {
      if (saved !== undefined) process.env.RINGUP_CENTRAL_URL = saved;
    }
    expect(io.err.join('\n')).toContain('--central URL');
  });
});
