import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from './schema';

export { schema as centralSchema };

/** The central database through drizzle (node-postgres): typed queries over `schema`. */
export type CentralDb = NodePgDatabase<typeof schema>;
/** One central transaction (drizzle's; a nested `transaction` is a SAVEPOINT). */
export type CentralTx = Parameters<Parameters<CentralDb['transaction']>[0]>[0];

/** Drizzle over a pool (or one client): the pool lends a connection per query or per transaction. */
export function centralDrizzle(client: pg.Pool | pg.PoolClient | pg.Client): CentralDb {
  return drizzle({ client, schema }) as CentralDb;
}

/** PostgreSQL's limit is 65,535 bind parameters a statement: rows per INSERT for a table of `columns`. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(60_000 / columns));
}

/** `items` in slices of at most `size`. */
export function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
