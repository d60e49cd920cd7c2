import type Database from 'better-sqlite3';
import type { Db, Sqlite } from './db/open';
import type { Logger } from './log';

/** Everything a handler needs: the one writer connection, drizzle over it, a clock and a logger. */
export interface CoreContext {
  sqlite: Sqlite;
  db: Db;
  now: () => number;
  log: Logger;
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
