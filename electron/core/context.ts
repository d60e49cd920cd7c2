import type Database from 'better-sqlite3';
import type { Db, Sqlite } from './db/open';
import type { Logger } from './log';

/** Everything a handler needs: the one writer connection, drizzle over it, a clock and a logger. */
/**
 * The operating system's printers, where the app has them (Electron's webContents.print; main
 * provides it). Without one (web mode, CLI) a "system" print returns the HTML for the window.
 */
export interface SystemPrinter {
  /** Print a self-contained HTML page; silently on `deviceName` when given, else through the print dialog. */
  print(html: string, options: { deviceName?: string }): Promise<'printed' | 'cancelled'>;
}

export interface CoreContext {
  sqlite: Sqlite;
  db: Db;
  now: () => number;
  log: Logger;
  systemPrinter?: SystemPrinter;
}

const statementCache = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection (hot paths use these directly). */
export function prepared<BindParameters extends unknown[] | Record<string, unknown> = unknown[], Row = unknown>(
  sqlite: Sqlite,
  sql: string,
): Database.Statement<BindParameters, Row> {
  let cache = statementCache.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Database.Statement<BindParameters, Row>;
}

// another connection's commits (the CLI next to the running app) are noticed through
// PRAGMA data_version, read at most every 200 ms per connection: it costs ~1 µs, a tenth of a
// barcode lookup, and the caches that depend on it (staff roles, settings) sit on hot paths
const DATA_VERSION_EVERY_MS = 200;
const dataVersions = new WeakMap<Sqlite, { value: number; readAt: number }>();

/** PRAGMA data_version of this connection, re-read at most every 200 ms (changes by other connections). */
export function dataVersion(sqlite: Sqlite): number {
  const now = Date.now();
  const known = dataVersions.get(sqlite);
  if (known && now - known.readAt < DATA_VERSION_EVERY_MS) return known.value;
  const value = (prepared(sqlite, 'PRAGMA data_version').get() as { data_version: number }).data_version;
  dataVersions.set(sqlite, { value, readAt: now });
  return value;
}
