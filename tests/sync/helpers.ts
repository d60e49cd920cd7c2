import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { writeSettings } from '../../electron/core/features/setup/settings';
import { silentLogger } from '../../electron/core/log';
import { seedDatabase } from '../../electron/core/seed/seed';
import { seedDemoStaff } from '../../electron/core/seed/staff';
import { migrateCentral } from '../../electron/core/sync/central/migrate';
import { attachSyncService, memorySecretStore, type SyncService, type SyncServiceOptions } from '../../electron/core/sync/service';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { freshDatabase } from './pg';

/** A migrated central database of its own (dropped after the test file): its URL. */
export async function freshCentral(label = ''): Promise<string> {
  const url = await freshDatabase(label);
  await migrateCentral(url);
  return url;
}

export interface SyncTerminal {
  terminal: Terminal;
  service: SyncService;
  file: string;
  close(): Promise<void>;
}

/**
 * A terminal in a temp folder with demo staff and, when asked, a seeded catalogue, members and
 * sales, syncing with `centralUrl` (the loop is not started: tests call runNow).
 */
export async function syncTerminal(
  centralUrl: string,
  options: {
    terminalId: string;
    storeId?: string;
    seed?: { products: number; members: number; sales: number; seed: number };
    service?: Partial<SyncServiceOptions>;
  },
): Promise<SyncTerminal> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-sync-'));
  const file = join(dir, 'till.db');
  const terminal = await openTerminal(file, { validateOutput: true });
  terminal.sqlite.transaction(() => writeSettings(terminal.ctx, { terminalId: options.terminalId }, null)).immediate();
  if (options.storeId) terminal.sqlite.prepare('UPDATE sync_state SET store_id = ? WHERE id = 1').run(options.storeId);
  seedDemoStaff(terminal);
  if (options.seed) seedDatabase(terminal, options.seed);
  const service = attachSyncService(terminal, {
    secrets: memorySecretStore(centralUrl),
    log: silentLogger,
    pool: { connectionTimeoutMs: 5_000, queryTimeoutMs: 30_000 },
    ...options.service,
  });
  return {
    terminal,
    service,
    file,
    close: async () => {
      await service.stop();
      terminal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One query on `url` with a client of its own. */
export async function centralQuery<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A number from a bigint/numeric column or a count (pg gives those as strings). */
export const num = (value: unknown): number => Number(value ?? 0);
