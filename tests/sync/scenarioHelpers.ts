import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { priceSaleCart } from '../../electron/core/features/sales/sale';
import { readSettings, writeSettings } from '../../electron/core/features/setup/settings';
import { silentLogger } from '../../electron/core/log';
import { seedDatabase } from '../../electron/core/seed/seed';
import { newSession, type Session } from '../../electron/core/session';
import { attachSyncService, memorySecretStore, type SyncService } from '../../electron/core/sync/service';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import type { Result } from '../../src/shared/result';
import { uuidv7 } from '../../src/shared/uuid';
import { centralQuery, num } from './helpers';

// A terminal for the sync scenarios: a real SQLite file in a temp folder, a manager who can log
// in (its PIN is known, so a reopened copy of the file logs in too), and the sync service toward
// one central database. Sales go through the router, as the till makes them.

export const MANAGER_PIN = '864213';

export interface Till {
  terminalId: string;
  dir: string;
  file: string;
  terminal: Terminal;
  service: SyncService;
  manager: Session;
  call<T = any>(channel: string, input: unknown, session?: Session): T;
  raw(channel: string, input: unknown, session?: Session): Result<any>;
  callAsync<T = any>(channel: string, input: unknown, session?: Session): Promise<T>;
  /** a sale of `lines`: `points` of it paid with the member's points, `cardShare` of the rest by card, the rest in cash */
  sell(lines: SaleLine[], options?: { memberId?: string; points?: number; cardShare?: number }): any;
  /** one row of the terminal's own SQLite */
  get<T = any>(sql: string, ...params: unknown[]): T;
  all<T = any>(sql: string, ...params: unknown[]): T[];
  /** the service stopped and the file closed (the folder kept: a copy may still be opened) */
  shut(): Promise<void>;
  /** shut, and the folder removed */
  close(): Promise<void>;
}

export interface SaleLine {
  productId: string;
  quantity: number;
}

interface TillOptions {
  terminalId: string;
  storeId: string;
  seed?: { products: number; members: number; sales: number; seed: number };
  /** the terminal's own block of member card numbers (each terminal needs its own: see the report) */
  cardBlock?: number;
}

/** A new terminal in a temp folder, set up as a first run would, syncing with `url` (the loop is not started). */
export async function newTill(url: string, options: TillOptions): Promise<Till> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-scenario-'));
  const file = join(dir, 'till.db');
  const terminal = await openTerminal(file, { validateOutput: true });
  terminal.sqlite.transaction(() => writeSettings(terminal.ctx, { terminalId: options.terminalId }, null)).immediate();
  terminal.sqlite.prepare('UPDATE sync_state SET store_id = ? WHERE id = 1').run(options.storeId);
  const operator = newSession(true);
  const made = terminal.router.invoke(
    'staff.create',
    { name: 'Scenario Manager', pin: MANAGER_PIN, roles: ['manager', 'cashier'] },
    operator,
  ) as Result<unknown>;
  if (!made.ok) throw new Error(`staff.create: ${JSON.stringify(made.error)}`);
  const till = await attach(url, terminal, dir, file, options.terminalId);
  till.call('settings.update', {
    storeName: `Store ${options.storeId}`,
    allowNegativeStock: true,
    cashRoundingStep: 1,
    loyalty: { cardBlock: options.cardBlock ?? 0 },
  });
  if (options.seed) seedDatabase(terminal, options.seed);
  return till;
}

/** Open an existing terminal file (a backup copy, say) as the terminal, syncing with `url`. */
export async function openTill(url: string, file: string, dir: string): Promise<Till> {
  const terminal = await openTerminal(file, { validateOutput: true });
  return attach(url, terminal, dir, file, readSettings(terminal.ctx).terminalId);
}

async function attach(url: string, terminal: Terminal, dir: string, file: string, terminalId: string): Promise<Till> {
  const service = attachSyncService(terminal, {
    secrets: memorySecretStore(url),
    log: silentLogger,
    pool: { connectionTimeoutMs: 5_000, queryTimeoutMs: 30_000 },
  });
  const raw = (channel: string, input: unknown, session: Session = manager) =>
    terminal.router.invoke(channel, input, session) as Result<any>;
  const call = (channel: string, input: unknown, session?: Session) => {
    const result = raw(channel, input, session);
    if (!result.ok) throw new Error(`${terminalId} ${channel}: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const manager = newSession();
  const staffId = terminal.sqlite.prepare("SELECT id FROM staff WHERE name = 'Scenario Manager'").pluck().get() as string;
  call('auth.login', { staffId, pin: MANAGER_PIN }, manager);
  let shut = false;
  const till: Till = {
    terminalId,
    dir,
    file,
    terminal,
    service,
    manager,
    call,
    raw,
    callAsync: async (channel, input, session = manager) => {
      const result = (await terminal.router.invokeAsync(channel, input, session)) as Result<any>;
      if (!result.ok) throw new Error(`${terminalId} ${channel}: ${JSON.stringify(result.error)}`);
      return result.data;
    },
    sell: (lines, options = {}) => {
      const total = priceSaleCart(terminal.ctx, lines, null).cart.totalMinor;
      const points = options.points ?? 0;
      const rest = total - points;
      const card = Math.floor(rest * (options.cardShare ?? 0.5));
      const cash = rest - card;
      const payments = [
        ...(points > 0 ? [{ method: 'points', points, amountMinor: points }] : []),
        ...(card > 0 ? [{ method: 'card', amountMinor: card, last4: '4242' }] : []),
        ...(cash > 0 ? [{ method: 'cash', amountMinor: cash, tenderedMinor: cash }] : []),
      ];
      return call('sale.complete', {
        id: uuidv7(),
        lines,
        payments,
        ...(options.memberId ? { memberId: options.memberId } : {}),
      });
    },
    get: (sql, ...params) => terminal.sqlite.prepare(sql).get(...params) as any,
    all: (sql, ...params) => terminal.sqlite.prepare(sql).all(...params) as any[],
    shut: async () => {
      if (shut) return;
      shut = true;
      await service.stop();
      terminal.close();
    },
    close: async () => {
      await till.shut();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return till;
}

/** Products a sale can take by the piece (active, not weighed), in a stable order. */
export function sellable(till: Till, limit = 20): { id: string; priceMinor: number }[] {
  return till.all(
    'SELECT id, price_minor AS priceMinor FROM products WHERE active = 1 AND sold_by_weight = 0 AND price_minor > 0 ORDER BY id LIMIT ?',
    limit,
  );
}

/** Events not yet sent to central. */
export const waiting = (till: Till): number =>
  till.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE seq > (SELECT pushed_seq FROM sync_state)').n;

/** Run every till's sync at once until nothing waits anywhere, then once more each (the last pull sees every push). */
export async function syncAll(tills: Till[], rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await Promise.all(tills.map((t) => t.service.runNow()));
    if (tills.every((t) => waiting(t) === 0)) break;
  }
  for (const t of tills) await t.service.runNow();
}

/** Central's member balances by id. */
export async function centralBalances(url: string): Promise<Map<string, number>> {
  const rows = await centralQuery<{ id: string; points_balance: string }>(url, 'SELECT id, points_balance FROM members');
  return new Map(rows.map((r) => [r.id, num(r.points_balance)]));
}

/** Yield to the event loop (a push or pull waiting on the network goes on meanwhile). */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
