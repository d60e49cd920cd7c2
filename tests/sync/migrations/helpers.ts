import type pg from 'pg';
import { centralMigrations, migrateCentral } from '../../../electron/core/sync/central/migrate';
import { connect, freshDatabase } from '../pg';

/** The number of central migrations before `tag` (the version a database had just before it). */
export function versionBefore(tag: string): number {
  const idx = centralMigrations.findIndex((m) => m.tag === tag);
  if (idx < 0) throw new Error(`no central migration ${tag}`);
  return idx;
}

/** A fresh database migrated up to `version` (the first n central migrations), with a client on it. */
export async function centralDatabaseAt(
  version: number,
): Promise<{ url: string; client: pg.Client; migrateToLatest: () => ReturnType<typeof migrateCentral> }> {
  const url = await freshDatabase(`v${version}`);
  await migrateCentral(url, { migrations: centralMigrations.slice(0, version) });
  const client = await connect(url);
  return { url, client, migrateToLatest: () => migrateCentral(url) };
}
