import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';

export type Sqlite = Database.Database;
export type Db = ReturnType<typeof drizzle<typeof schema>>;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron passes its own build). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Wait this long for a lock held by another connection (CLI next to the running app). */
  busyTimeoutMs?: number;
}

/** Open a terminal database with the pragmas every connection needs (WAL, FULL sync, FKs). */
export function openSqlite(file: string, options: OpenOptions = {}): Sqlite {
  const sqlite = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss: a till must not
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // keep the WAL from growing without bound while long readers are active
  sqlite.pragma('journal_size_limit = 67108864');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

/** Wrap an open connection with drizzle and the schema. */
export function drizzleOf(sqlite: Sqlite): Db {
  return drizzle({ client: sqlite, schema });
}

/** Close cleanly: let SQLite refresh its statistics, then close. */
export function closeSqlite(sqlite: Sqlite): void {
  if (!sqlite.open) return;
  try {
    if (!sqlite.readonly) sqlite.pragma('optimize');
  } finally {
    sqlite.close();
  }
}
