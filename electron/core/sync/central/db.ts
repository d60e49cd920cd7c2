import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

/**
 * Many rows into `table` in ONE statement with ONE bind parameter: the rows travel as a JSON
 * array and PostgreSQL unpacks them with jsonb_to_recordset, typed by the drizzle table's own
 * columns (names and SQL types from the schema, rows typed by `$inferInsert`). Drizzle's insert
 * builder spends about 4 µs of this process's CPU per bound value (a batch of 500 sales is ~19,000
 * values in sale_lines alone: ~70 ms with the event loop blocked, while the till waits to answer a
 * scan); this costs one JSON.stringify. Columns missing from every row are left to their defaults;
 * a column some rows leave undefined gets its schema default on the client.
 * `tail` is what follows the SELECT (ON CONFLICT …, RETURNING …).
 */
export async function bulkInsert<T extends PgTable, R extends Record<string, unknown> = Record<string, unknown>>(
  tx: CentralTx | CentralDb,
  table: T,
  rows: readonly T['$inferInsert'][],
  tail?: SQL,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const present = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) present.add(key);
  const used = columns.filter(([key]) => present.has(key));
  const defaults = used.filter(([, column]) => column.hasDefault && column.default !== undefined && !is(column.default, SQL));
  const payload =
    defaults.length === 0
      ? rows
      : rows.map((row) => {
          const copy: Record<string, unknown> = { ...row };
          for (const [key, column] of defaults) if (copy[key] === undefined) copy[key] = column.default;
          return copy;
        });
  const names = sql.join(
    used.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const picks = sql.join(
    used.map(([key]) => sql`x.${sql.identifier(key)}`),
    sql`, `,
  );
  const shape = sql.join(
    used.map(([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  const result = await tx.execute<R>(
    sql`INSERT INTO ${table} (${names}) SELECT ${picks} FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(${shape}) ${tail ?? sql``}`,
  );
  return result.rows as R[];
}

/** `ON CONFLICT (target) DO UPDATE SET c = excluded.c, … [WHERE where]` for bulkInsert, from the schema's columns. */
export function onConflictUpdate(target: readonly PgColumn[], set: readonly PgColumn[], where?: SQL): SQL {
  const assignments = sql.join(
    set.map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  );
  return sql`ON CONFLICT (${sql.join(
    target.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) DO UPDATE SET ${assignments}${where ? sql` WHERE ${where}` : sql``}`;
}
