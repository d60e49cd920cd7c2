import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { findSales } from '../../electron/core/features/sales/sale';
import { readSettings, writeSettings } from '../../electron/core/features/setup/settings';
import { ensureTerminalId, repairTerminalId, requireTerminalId } from '../../electron/core/features/setup/terminalId';
import { seedDatabase } from '../../electron/core/seed/seed';
import { seedDemoStaff } from '../../electron/core/seed/staff';
import { newSession } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';

const TERMINAL_ID = /^T-[0-9A-F]{6}$/;

let dir: string;
const open: Terminal[] = [];

async function terminal(name: string): Promise<Terminal> {
  const t = await openTerminal(join(dir, `${name}.db`));
  open.push(t);
  return t;
}

/** inside one write transaction, as every caller of ensureTerminalId is */
function write<T>(t: Terminal, fn: () => T): T {
  return t.sqlite.transaction(fn).immediate();
}

function count(t: Terminal, sql: string): number {
  return (t.sqlite.prepare(sql).get() as { n: number }).n;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-terminal-id-'));
});

afterAll(() => {
  for (const t of open) t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('terminal id of a seeded database', () => {
  it('a fresh database seeded with staff has a terminal id, written once and audited', async () => {
    const t = await terminal('seeded');
    expect(readSettings(t.ctx).terminalId).toBe('');
    const report = seedDatabase(t, { products: 30, members: 0, sales: 0, seed: 1 });
    const staff = seedDemoStaff(t);
    expect(staff.map((s) => s.name)).toEqual(['Demo Manager', 'Demo Cashier']);
    const { terminalId } = readSettings(t.ctx);
    expect(terminalId).toMatch(TERMINAL_ID);
    expect(report.terminalId).toBe(terminalId);
    const viaRouter = t.router.invokeTyped('settings.get', {}, newSession(true));
    expect(viaRouter.ok && viaRouter.data.terminalId).toBe(terminalId);
    // seeding again keeps it (and writes no second settings change for it)
    expect(seedDatabase(t, { products: 30, members: 0, sales: 0, seed: 1 }).terminalId).toBe(terminalId);
    seedDemoStaff(t);
    expect(readSettings(t.ctx).terminalId).toBe(terminalId);
    const audits = t.sqlite
      .prepare("SELECT details FROM audit_log WHERE action = 'settings.update' ORDER BY rowid")
      .pluck()
      .all()
      .map((d) => JSON.parse(d as string) as { before: { terminalId: string }; after: { terminalId: string } })
      .filter((d) => d.before.terminalId !== d.after.terminalId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ before: { terminalId: '' }, after: { terminalId } });
  });

  it('seeding without --staff gives the terminal an id too', async () => {
    const t = await terminal('products-only');
    seedDatabase(t, { products: 0, members: 0, sales: 0, seed: 1 });
    expect(readSettings(t.ctx).terminalId).toMatch(TERMINAL_ID);
  });

  it('demo sales carry the terminal id, so their printed receipt code finds them', async () => {
    const t = await terminal('sales');
    seedDatabase(t, { products: 50, members: 0, sales: 5, seed: 2 });
    const { terminalId } = readSettings(t.ctx);
    expect(terminalId).toMatch(TERMINAL_ID);
    expect(count(t, "SELECT count(*) AS n FROM sales WHERE terminal_id = ''")).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM shifts WHERE terminal_id = ''")).toBe(0);
    const sale = t.sqlite.prepare('SELECT id, receipt_no FROM sales ORDER BY receipt_no LIMIT 1').get() as {
      id: string;
      receipt_no: number;
    };
    const code = `${terminalId}-${String(sale.receipt_no).padStart(6, '0')}`;
    expect(findSales(t.ctx, code).map((s) => s.id)).toEqual([sale.id]);
  });

  it('first-run setup keeps the id a seed gave, takes one it is given, and makes one on a fresh database', async () => {
    const seeded = await terminal('seed-then-setup');
    seedDatabase(seeded, { products: 0, members: 0, sales: 0, seed: 1 });
    const fromSeed = readSettings(seeded.ctx).terminalId;
    expect(seeded.router.invoke('setup.createFirstManager', { name: 'Owner', pin: '1234', storeName: 'Shop' }, newSession()).ok).toBe(true);
    expect(readSettings(seeded.ctx).terminalId).toBe(fromSeed);

    const given = await terminal('setup-given');
    seedDatabase(given, { products: 0, members: 0, sales: 0, seed: 1 });
    const input = { name: 'Owner', pin: '1234', storeName: 'Shop', terminalId: 'TILL-2' };
    expect(given.router.invoke('setup.createFirstManager', input, newSession()).ok).toBe(true);
    expect(readSettings(given.ctx).terminalId).toBe('TILL-2');

    const fresh = await terminal('setup-fresh');
    expect(fresh.router.invoke('setup.createFirstManager', { name: 'Owner', pin: '1234', storeName: 'Shop' }, newSession()).ok).toBe(true);
    expect(readSettings(fresh.ctx).terminalId).toMatch(TERMINAL_ID);
  });
});

describe('ensureTerminalId / requireTerminalId', () => {
  it('ensureTerminalId is idempotent: the same id twice', async () => {
    const t = await terminal('idempotent');
    const first = write(t, () => ensureTerminalId(t.ctx));
    const second = write(t, () => ensureTerminalId(t.ctx));
    expect(first).toMatch(TERMINAL_ID);
    expect(second).toBe(first);
    expect(requireTerminalId(t.ctx)).toBe(first);
  });

  it('requireTerminalId throws VALIDATION, in words an operator can act on, once the id is emptied', async () => {
    const t = await terminal('emptied');
    seedDatabase(t, { products: 0, members: 0, sales: 0, seed: 1 });
    expect(requireTerminalId(t.ctx)).toMatch(TERMINAL_ID);
    write(t, () => writeSettings(t.ctx, { terminalId: '' }, null));
    expect(readSettings(t.ctx).terminalId).toBe('');
    let thrown: unknown;
    try {
      requireTerminalId(t.ctx);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('VALIDATION');
    expect((thrown as AppError).message).toMatch(/no terminal id.*first-run setup.*ringup migrate/);
    // a blank id counts as none
    write(t, () => writeSettings(t.ctx, { terminalId: '   ' }, null));
    expect(() => requireTerminalId(t.ctx)).toThrow(/no terminal id/);
    expect(write(t, () => ensureTerminalId(t.ctx))).toMatch(TERMINAL_ID);
  });

  it('repairTerminalId names a staffed terminal that has no id, and leaves a fresh one to setup', async () => {
    const t = await terminal('repair');
    expect(write(t, () => repairTerminalId(t.ctx))).toBeNull();
    expect(readSettings(t.ctx).terminalId).toBe('');
    const created = t.router.invoke('staff.create', { name: 'Cai', pin: '2468', roles: ['manager', 'cashier'] }, newSession(true));
    expect(created.ok).toBe(true);
    const assigned = write(t, () => repairTerminalId(t.ctx));
    expect(assigned).toMatch(TERMINAL_ID);
    expect(readSettings(t.ctx).terminalId).toBe(assigned);
    expect(write(t, () => repairTerminalId(t.ctx))).toBeNull();
  });
});

describe('a database an older seed left without a terminal id', () => {
  it('gets one as the app opens it: its open shift carries on, and its old receipts are still found', async () => {
    const file = join(dir, 'older-seed.db');
    {
      const t = await openTerminal(file);
      seedDemoStaff(t);
      // what an older `seed --staff` left behind: staff, an open shift and a sale, all under no terminal id
      const sqlite = t.sqlite;
      const staffId = (sqlite.prepare("SELECT id FROM staff WHERE name = 'Demo Manager'").get() as { id: string }).id;
      sqlite.prepare("UPDATE settings SET value = '\"\"' WHERE key = 'terminalId'").run();
      sqlite
        .prepare("INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('old-shift', '', ?, 1, 0)")
        .run(staffId);
      sqlite
        .prepare(
          `INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax,
             subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor) VALUES ('old-sale', 'sale', '', 1, 'old-shift', ?, 2, 'EUR', 1, 0, 0, 0, 0, 0)`,
        )
        .run(staffId);
      t.close();
    }
    const t = await openTerminal(file);
    open.push(t);
    expect(t.terminalIdAssigned).toMatch(TERMINAL_ID);
    expect(readSettings(t.ctx).terminalId).toBe(t.terminalIdAssigned);
    expect(t.sqlite.prepare("SELECT terminal_id AS id FROM shifts WHERE id = 'old-shift'").get()).toEqual({ id: t.terminalIdAssigned });
    // the printed code of the old receipt reads "-000001"
    expect(findSales(t.ctx, '-000001').map((s) => s.id)).toEqual(['old-sale']);
  });
});
