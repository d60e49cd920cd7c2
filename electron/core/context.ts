import type Database from 'better-sqlite3';
import type { Db, Sqlite } from './db/open';
import type { WriteTurns } from './db/writeTurns';
import type { Logger } from './log';
import type { SyncService } from './sync/service';

/**
 * The operating system's printers, where the app has them (Electron's webContents.print; main
 * provides it). Without one (web mode, CLI) a "system" print returns the HTML for the window.
 */
export interface SystemPrinter {
  /** Print a self-contained HTML page; silently on `deviceName` when given, else through the print dialog. */
  print(html: string, options: { deviceName?: string }): Promise<'printed' | 'cancelled'>;
}

/**
 * Where the operating system lets a person choose a file (Electron's save dialog; main provides it).
 * Without one (web mode, CLI, tests) files the core writes go to a folder beside the database.
 */
export interface FilePort {
  /** Ask where to save `suggestedName`: the chosen absolute path, or null when the dialog was closed. */
  chooseSaveFile(suggestedName: string): Promise<string | null>;
}

/** Everything a writing handler needs: the one writer connection, drizzle over it, a clock and a logger. */
export interface CoreContext {
  sqlite: Sqlite;
  db: Db;
  now: () => number;
  log: Logger;
  systemPrinter?: SystemPrinter;
  files?: FilePort;
  /** the central sync of this terminal, where one runs (main, `ringup serve`, `ringup sync`); attached after opening */
  sync?: SyncService;
  /**
   * Turns at the file's write lock with a background writer on another thread (the sync worker):
   * the router's writing calls take the till's turn, the worker's writes the background's.
   */
  writeTurns?: WriteTurns;
}

/** A prepared statement of a read handle: it can be read (get, all, iterate) but has no `run`. */
export interface ReadStatement<BindParameters extends unknown[] = unknown[], Result = unknown> {
  readonly source: string;
  readonly reader: boolean;
  readonly readonly: boolean;
  readonly busy: boolean;
  get(...params: BindParameters): Result | undefined;
  all(...params: BindParameters): Result[];
  iterate(...params: BindParameters): IterableIterator<Result>;
  pluck(toggleState?: boolean): ReadStatement<BindParameters, Result>;
  expand(toggleState?: boolean): ReadStatement<BindParameters, Result>;
  raw(toggleState?: boolean): ReadStatement<BindParameters, Result>;
  bind(...params: BindParameters): ReadStatement<BindParameters, Result>;
  columns(): Database.ColumnDefinition[];
  safeIntegers(toggleState?: boolean): ReadStatement<BindParameters, Result>;
}

/**
 * The read surface of a better-sqlite3 connection: prepare and read, nothing else (no exec, pragma,
 * transaction, run). A writer `Sqlite` is one too, so read code accepts both; at run time the
 * router hands reading handlers a connection that cannot write (read-only + query_only).
 */
export interface ReadSqlite {
  readonly name: string;
  readonly open: boolean;
  readonly memory: boolean;
  readonly readonly: boolean;
  readonly inTransaction: boolean;
  prepare<BindParameters extends unknown[] | Record<string, unknown> = unknown[], Result = unknown>(
    source: string,
  ): BindParameters extends unknown[] ? ReadStatement<BindParameters, Result> : ReadStatement<[BindParameters], Result>;
}

type DrizzleWith = ReturnType<Db['with']>;

/** drizzle over a read handle: select, selectDistinct, $count, the relational `query` and raw reads; no insert/update/delete/run/transaction. */
export type ReadDb = Omit<Db, 'insert' | 'update' | 'delete' | 'run' | 'transaction' | 'with' | '$client'> & {
  with(...queries: Parameters<Db['with']>): Pick<DrizzleWith, 'select' | 'selectDistinct'>;
  readonly $client: ReadSqlite;
};

/**
 * What a handler of a `writes: false` channel gets: no way to write by its type (ReadSqlite,
 * ReadDb), none at run time either (a read-only connection, or the writer under PRAGMA
 * query_only). A CoreContext is a ReadContext, so read functions typed with it serve writers too.
 */
export interface ReadContext {
  readonly sqlite: ReadSqlite;
  readonly db: ReadDb;
  now: () => number;
  log: Logger;
  systemPrinter?: SystemPrinter;
  files?: FilePort;
  /** the central sync of this terminal, where one runs (main, `ringup serve`, `ringup sync`); attached after opening */
  sync?: SyncService;
}

const statementCache = new WeakMap<ReadSqlite, Map<string, ReadStatement>>();

/** A prepared statement, compiled once per connection (hot paths use these directly). */
export function prepared<BindParameters extends unknown[] | Record<string, unknown> = unknown[], Row = unknown>(
  sqlite: Sqlite,
  sql: string,
): Database.Statement<BindParameters, Row>;
/** The same on a read handle: the statement has no `run`. */
export function prepared<BindParameters extends unknown[] | Record<string, unknown> = unknown[], Row = unknown>(
  sqlite: ReadSqlite,
  sql: string,
): ReadStatement<BindParameters extends unknown[] ? BindParameters : [BindParameters], Row>;
export function prepared(sqlite: ReadSqlite, sql: string): ReadStatement {
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
  return statement;
}

// another connection's commits (the CLI next to the running app) are noticed through
// PRAGMA data_version, read at most every 200 ms per connection: it costs ~1 µs, a tenth of a
// barcode lookup, and the caches that depend on it (staff roles, settings) sit on hot paths
const DATA_VERSION_EVERY_MS = 200;
const dataVersions = new WeakMap<ReadSqlite, { value: number; readAt: number }>();

/** PRAGMA data_version of this connection, re-read at most every 200 ms (changes by other connections). */
export function dataVersion(sqlite: ReadSqlite): number {
  const now = Date.now();
  const known = dataVersions.get(sqlite);
  if (known && now - known.readAt < DATA_VERSION_EVERY_MS) return known.value;
  const value = (prepared(sqlite, 'PRAGMA data_version').get() as { data_version: number }).data_version;
  dataVersions.set(sqlite, { value, readAt: now });
  return value;
}
