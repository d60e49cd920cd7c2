import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSession, type Session } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import type { Result } from '../../src/shared/result';

export interface Till {
  dir: string;
  terminal: Terminal;
  manager: Session;
  cashier: Session;
  anonymous: Session;
  products: Record<'tea' | 'bread' | 'wine' | 'card' | 'soap', { id: string; priceMinor: number }>;
  call<T = any>(session: Session, channel: string, input: unknown): T;
  raw(session: Session, channel: string, input: unknown): Result<any>;
  close(): void;
}

export const MANAGER_PIN = '9753';
export const CASHIER_PIN = '1470';

/** A terminal with a manager, a cashier, a small catalogue (20 % / 5.5 % / 0 %) and cash rounding off. */
export async function makeTill(options: { openShift?: boolean; now?: () => number } = {}): Promise<Till> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-sales-'));
  const terminal = await openTerminal(join(dir, 'till.db'), { validateOutput: true, ...(options.now ? { now: options.now } : {}) });
  // read `till.terminal` at call time: a test may reopen the database
  const raw = (session: Session, channel: string, input: unknown) => till.terminal.router.invoke(channel, input, session) as Result<any>;
  const call = (session: Session, channel: string, input: unknown) => {
    const result = raw(session, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const till = { dir, terminal } as Till;
  const manager = newSession();
  call(manager, 'setup.createFirstManager', {
    name: 'Maya Manager',
    pin: MANAGER_PIN,
    storeName: 'Test Store',
    currency: 'EUR',
    terminalId: 'T1',
  });
  call(manager, 'staff.create', { name: 'Carl Cashier', pin: CASHIER_PIN, roles: ['cashier'] });
  const cashier = newSession();
  const carl = (call(manager, 'staff.list', {}) as { id: string; name: string }[]).find((s) => s.name === 'Carl Cashier');
  call(cashier, 'auth.login', { staffId: carl?.id, pin: CASHIER_PIN });
  const std = call(manager, 'catalog.upsertTaxClass', { name: 'Standard', rateBp: 2000 });
  const reduced = call(manager, 'catalog.upsertTaxClass', { name: 'Reduced', rateBp: 550 });
  const make = (sku: string, name: string, priceMinor: number, taxClassId: string, stockOnHand: number, tracksStock = true) => ({
    id: call(manager, 'catalog.upsertProduct', { sku, name, priceMinor, taxClassId, stockOnHand, tracksStock }).id,
    priceMinor,
  });
  const products = {
    tea: make('TEA', 'Green Tea', 350, reduced.id, 50),
    bread: make('BRD', 'Sourdough Bread', 420, reduced.id, 5),
    wine: make('WIN', 'Red Wine', 1299, std.id, 12),
    card: make('GFT', 'Gift Card', 2500, 'zero', 0, false),
    soap: make('SOP', 'Olive Soap', 275, std.id, 2),
  };
  Object.assign(till, {
    manager,
    cashier,
    anonymous: newSession(),
    products,
    call,
    raw,
    close: () => {
      till.terminal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  if (options.openShift !== false) call(cashier, 'shift.open', { openingFloatMinor: 10000 });
  return till;
}

/** A sha256 over every row of every ordinary table: "nothing changed" made exact. */
export function tableChecksum(till: Till): string {
  const sqlite = till.terminal.sqlite;
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'products_fts%' ORDER BY name",
    )
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    for (const row of sqlite.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}
