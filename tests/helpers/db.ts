import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sqlite } from '../../electron/core/db/open';

// Database helpers that need nothing of the core but a connection (the migration tests use them
// on databases the router could not open yet).

/** A temporary folder under the OS temp dir, removed by `cleanup`. */
export interface TempDir {
  dir: string;
  path(name: string): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'ringup-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function encodeValue(value: unknown): string {
  if (value === null) return 'n';
  if (typeof value === 'bigint') return `i${value}`;
  if (typeof value === 'number') return `r${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (Buffer.isBuffer(value)) return `b${value.toString('hex')}`;
  return `?${String(value)}`;
}

/**
 * A SHA-256 over the schema version, every schema object and every row of every table (in a fixed
 * order): equal checksums mean the database content is the same. The FTS5 table is contentless,
 * so it cannot be listed; its shadow tables (`products_fts_data`, `_idx`, `_docsize`, `_config`)
 * are ordinary tables and are included, so any change to the index changes the checksum.
 */
export function checksum(sqlite: Sqlite): string {
  const hash = createHash('sha256');
  hash.update(`user_version=${sqlite.pragma('user_version', { simple: true })}\n`);
  const objects = sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').raw(true).all();
  hash.update(JSON.stringify(objects));
  const tables = sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
    name: string;
    sql: string | null;
  }[];
  for (const table of tables) {
    if (table.sql && /^CREATE VIRTUAL TABLE/i.test(table.sql)) continue;
    const columns = (sqlite.pragma(`table_info(${quoteIdent(table.name)})`) as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    hash.update(`\u001d${table.name}\n`);
    const statement = sqlite
      .prepare(`SELECT * FROM ${quoteIdent(table.name)} ORDER BY ${order}`)
      .raw(true)
      .safeIntegers(true);
    for (const row of statement.iterate() as Iterable<unknown[]>) hash.update(`${row.map(encodeValue).join('\u001f')}\u001e`);
  }
  return hash.digest('hex');
}

/** Count the rows of a table (tests only: the name is not escaped). */
export function countRows(sqlite: Sqlite, table: string, where = '1 = 1', ...params: unknown[]): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** The detail lines of EXPLAIN QUERY PLAN for a statement. */
export function queryPlan(sqlite: Sqlite, sql: string, params: unknown[]): string[] {
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}
