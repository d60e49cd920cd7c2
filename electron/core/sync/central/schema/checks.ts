import { type SQL, sql } from 'drizzle-orm';

/** `('a', 'b', …)` of a closed list of our own constants, for an IN check (never user input). */
export function sqlList(values: readonly string[]): SQL {
  return sql.raw(`(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`);
}
