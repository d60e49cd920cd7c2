import type { CoreContext, SystemPrinter } from './context';
import { type MigrateReport, migrateDatabase } from './db/migrate';
import { embeddedMigrations } from './db/migrations.generated';
import { closeSqlite, type Db, drizzleOf, type OpenOptions, openSqlite, type Sqlite } from './db/open';
import { createRouter, type Router, type RouterOptions } from './ipc/router';
import { type Logger, silentLogger } from './log';

export interface Terminal {
  ctx: CoreContext;
  sqlite: Sqlite;
  db: Db;
  router: Router;
  migration: MigrateReport;
  close(): void;
}

export interface OpenTerminalOptions extends OpenOptions, Pick<RouterOptions, 'validateOutput'> {
  log?: Logger;
  backupDir?: string;
  now?: () => number;
  /** the OS printers (Electron main passes one); without it "system" prints return HTML for the window */
  systemPrinter?: SystemPrinter;
}

/** Open (and migrate) a terminal database and build the router over it: the core, ready to serve. */
export async function openTerminal(file: string, options: OpenTerminalOptions = {}): Promise<Terminal> {
  const log = options.log ?? silentLogger;
  const sqlite = openSqlite(file, options);
  try {
    const migration = await migrateDatabase(sqlite, embeddedMigrations, {
      ...(options.backupDir ? { backupDir: options.backupDir } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    if (migration.applied.length > 0)
      log.info('db.migrated', { from: migration.from, to: migration.to, applied: migration.applied, backup: migration.backupFile });
    const db = drizzleOf(sqlite);
    const ctx: CoreContext = {
      sqlite,
      db,
      now: options.now ?? Date.now,
      log,
      ...(options.systemPrinter ? { systemPrinter: options.systemPrinter } : {}),
    };
    const router = createRouter(ctx, { validateOutput: options.validateOutput ?? false });
    return { ctx, sqlite, db, router, migration, close: () => closeSqlite(sqlite) };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
