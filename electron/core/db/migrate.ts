import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors';
import type { Sqlite } from './open';

export interface EmbeddedMigration {
  idx: number;
  tag: string;
  hash: string;
  statements: string[];
}

/** A database written by a newer Ringup than this one: refuse it rather than corrupt it. */
export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database was written by a newer version of Ringup (schema ${databaseVersion}; this app knows up to ${appVersion}). Update Ringup on this terminal.`,
    );
  }
}

/** A migration failed; the database file was left exactly as it was. */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
  constructor(
    readonly tag: string,
    override readonly cause: unknown,
  ) {
    super(
      `The database could not be upgraded (step ${tag} failed: ${cause instanceof Error ? cause.message : String(cause)}). Nothing was changed.`,
    );
  }
}

export interface MigrateOptions {
  /** Where to put the pre-migration backup; default: a `backups` folder beside the database. */
  backupDir?: string;
  now?: () => number;
}

export interface MigrateReport {
  from: number;
  to: number;
  applied: string[];
  backupFile: string | null;
}

/** The schema version of a database: the number of migrations applied (`PRAGMA user_version`). */
export function schemaVersion(sqlite: Sqlite): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

function holdsData(sqlite: Sqlite): boolean {
  const row = sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as {
    n: number;
  };
  return row.n > 0;
}

/**
 * Bring a database to the latest schema: refuse a newer one, back up a file that holds data,
 * then run every pending migration in ONE transaction (all or nothing).
 */
export async function migrateDatabase(
  sqlite: Sqlite,
  migrations: EmbeddedMigration[],
  options: MigrateOptions = {},
): Promise<MigrateReport> {
  const latest = migrations.length;
  const from = schemaVersion(sqlite);
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  const pending = migrations.slice(from);
  if (pending.length === 0) return { from, to: from, applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (holdsData(sqlite) && sqlite.name !== ':memory:' && sqlite.name !== '') {
    const dir = options.backupDir ?? join(dirname(sqlite.name), 'backups');
    mkdirSync(dir, { recursive: true });
    const stamp = new Date(options.now?.() ?? Date.now()).toISOString().replace(/[:.]/g, '-');
    backupFile = join(dir, `${basename(sqlite.name)}.v${from}.${stamp}.bak`);
    if (existsSync(backupFile)) throw new AppError('CONFLICT', `Backup file ${backupFile} already exists`);
    await sqlite.backup(backupFile);
  }

  const applyAll = sqlite.transaction(() => {
    for (const migration of pending) {
      try {
        for (const statement of migration.statements) sqlite.exec(statement);
      } catch (error) {
        throw new MigrationFailedError(migration.tag, error);
      }
    }
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new MigrationFailedError(
        pending.at(-1)?.tag ?? '?',
        new Error(`foreign keys broken: ${JSON.stringify(violations.slice(0, 3))}`),
      );
    }
    sqlite.pragma(`user_version = ${latest}`);
  });
  // foreign keys cannot be toggled inside a transaction; table rebuilds in later migrations need them off
  sqlite.pragma('foreign_keys = OFF');
  try {
    applyAll.immediate();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return { from, to: latest, applied: pending.map((m) => m.tag), backupFile };
}
