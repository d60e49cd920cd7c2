import pg from 'pg';
import type { EmbeddedMigration } from '../../db/migrate';
import { redactConnectionSecrets } from './connection';
import { embeddedMigrations } from './migrations.generated';

export type { EmbeddedMigration } from '../../db/migrate';

/** The central migrations this app carries (migrations/central, embedded at build time). */
export const centralMigrations: EmbeddedMigration[] = embeddedMigrations;

/**
 * The advisory lock that serialises migrations: ('RING', 1) in the two-key form. ('RING', 2) is
 * the change_seq lock of migration 0001_change_seq. Transaction-scoped, so it works through
 * PgBouncer in transaction pooling mode and is released by COMMIT, ROLLBACK or a dropped connection.
 */
export const MIGRATION_LOCK: readonly [number, number] = [1380535879, 1];

/** Where the applied central migrations are recorded (not part of the drizzle schema). */
export const MIGRATIONS_TABLE = 'central_migrations';

/** A central database migrated by a newer Ringup than this one: refused, never half-understood. */
export class CentralDatabaseTooNewError extends Error {
  override name = 'CentralDatabaseTooNewError';
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
    readonly unknownTags: string[],
  ) {
    super(
      `This central database was migrated by a newer version of Ringup (central schema ${databaseVersion}${unknownTags.length > 0 ? `: ${unknownTags.join(', ')}` : ''}; this app knows up to ${appVersion}). Update Ringup on this terminal before syncing with it.`,
    );
  }
}

/** The database's migration history is not this app's (another migration at the same step). */
export class CentralSchemaMismatchError extends Error {
  override name = 'CentralSchemaMismatchError';
  constructor(
    readonly idx: number,
    readonly databaseTag: string,
    readonly appTag: string,
  ) {
    super(
      `This central database's schema history differs from this app's (step ${idx} is ${databaseTag} there, ${appTag} here). It was not made by Ringup, or by an incompatible build; nothing was changed.`,
    );
  }
}

/** A central migration failed; the transaction was rolled back, the database is as it was. */
export class CentralMigrationFailedError extends Error {
  override name = 'CentralMigrationFailedError';
  constructor(
    readonly tag: string,
    override readonly cause: unknown,
  ) {
    super(
      `The central database could not be upgraded (step ${tag} failed: ${cause instanceof Error ? cause.message : String(cause)}). Nothing was changed.`,
    );
  }
}

export interface CentralMigrateOptions {
  /** default: the embedded ones */
  migrations?: EmbeddedMigration[];
  /** give up connecting after this long (default 10 s) */
  connectTimeoutMs?: number;
  /** longest a single statement may run (default 5 min: an index on a large table takes a while) */
  statementTimeoutMs?: number;
  /** longest to wait for a lock: another terminal's migration, or a table in use (default 2 min) */
  lockTimeoutMs?: number;
  now?: () => number;
}

export interface CentralMigrateReport {
  /** migrations applied before this run */
  from: number;
  to: number;
  applied: string[];
}

const DEFAULTS = { connectTimeoutMs: 10_000, statementTimeoutMs: 300_000, lockTimeoutMs: 120_000 };

/**
 * Bring a central PostgreSQL database to the latest central schema: every pending migration in ONE
 * transaction under an advisory lock (two terminals migrating at once: the second waits, then finds
 * nothing to do), refusing a database migrated by a newer Ringup. Errors never carry the password.
 */
export async function migrateCentral(connectionString: string, options: CentralMigrateOptions = {}): Promise<CentralMigrateReport> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs;
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: connectTimeoutMs,
    // the client-side guard for a server that stops answering (statement_timeout is the server's)
    query_timeout: statementTimeoutMs + connectTimeoutMs,
    keepAlive: true,
    application_name: 'ringup central migrate',
  });
  // a connection dropped while idle must not become an uncaught 'error' event; the next query fails instead
  client.on('error', () => {});
  try {
    await client.connect();
    return await migrateCentralOn(client, options);
  } catch (error) {
    if (error instanceof Error) {
      const safe = redactConnectionSecrets(error.message, connectionString);
      if (safe !== error.message) error.message = safe;
    }
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** `migrateCentral` on a connection the caller holds (and ends); the transaction is this function's. */
export async function migrateCentralOn(client: pg.ClientBase, options: CentralMigrateOptions = {}): Promise<CentralMigrateReport> {
  const migrations = options.migrations ?? centralMigrations;
  const now = options.now ?? Date.now;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs;
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs;
  await client.query('BEGIN');
  try {
    // SET LOCAL rather than startup parameters: PgBouncer refuses unknown startup parameters
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`);
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.trunc(lockTimeoutMs))}`);
    // first, before anything reads or creates: two CREATE TABLE IF NOT EXISTS at once can still collide
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (idx integer PRIMARY KEY, tag text NOT NULL, hash text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const { rows } = await client.query<{ idx: number; tag: string }>(`SELECT idx, tag FROM ${MIGRATIONS_TABLE} ORDER BY idx`);
    const unknown = rows.filter((r) => r.idx >= migrations.length);
    if (unknown.length > 0)
      throw new CentralDatabaseTooNewError(
        rows.length,
        migrations.length,
        unknown.map((r) => r.tag),
      );
    for (const [position, row] of rows.entries()) {
      const ours = migrations[row.idx];
      if (row.idx !== position || !ours || ours.tag !== row.tag)
        throw new CentralSchemaMismatchError(row.idx, row.tag, migrations[position]?.tag ?? '(none)');
    }
    const from = rows.length;
    const pending = migrations.slice(from);
    for (const migration of pending) {
      try {
        for (const statement of migration.statements) await client.query(statement);
      } catch (error) {
        throw new CentralMigrationFailedError(migration.tag, error);
      }
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (idx, tag, hash, applied_at) VALUES ($1, $2, $3, $4)`, [
        migration.idx,
        migration.tag,
        migration.hash,
        now(),
      ]);
    }
    await client.query('COMMIT');
    return { from, to: migrations.length, applied: pending.map((m) => m.tag) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** How many central migrations a database has applied (0 when it has none, or no table yet). */
export async function centralSchemaVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ present: boolean }>(`SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS present`);
  if (!table.rows[0]?.present) return 0;
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`);
  return Number(rows[0]?.n ?? 0);
}
