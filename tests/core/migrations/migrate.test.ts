import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, type EmbeddedMigration, MigrationFailedError, migrateDatabase } from '../../../electron/core/db/migrate';
import { embeddedMigrations } from '../../../electron/core/db/migrations.generated';
import { openSqlite } from '../../../electron/core/db/open';
import { openTerminal } from '../../../electron/core/terminal';
import { checksum } from '../../helpers/db';
import { databaseAt, LATEST, type OldDatabase, schemaNames, seedSchemaV1 } from '../../helpers/migrations';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A migration whose second statement fails (the first one succeeds and must be rolled back). */
function brokenMigration(idx: number): EmbeddedMigration {
  return {
    idx,
    tag: '9999_broken',
    hash: 'test',
    statements: ['CREATE TABLE loyalty_cards (id text PRIMARY KEY NOT NULL)', 'INSERT INTO no_such_table VALUES (1)'],
  };
}

/** The database file and its WAL after a clean close (so the bytes on disk are the whole state). */
function fileBytes(file: string): Buffer {
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

describe('migrateDatabase', () => {
  it('numbers the embedded migrations 0..n-1, one per migration file, in order', () => {
    expect(embeddedMigrations.map((m) => m.idx)).toEqual(embeddedMigrations.map((_, i) => i));
    const tags = embeddedMigrations.map((m) => m.tag);
    expect([...tags].sort()).toEqual(tags);
    for (const m of embeddedMigrations) expect(m.statements.length, m.tag).toBeGreaterThan(0);
  });

  it('has one test file per migration (tests/core/migrations/<tag>.test.ts)', () => {
    const files = readdirSync(join(dirname(new URL(import.meta.url).pathname)));
    const missing = embeddedMigrations.filter((m) => !files.includes(`${m.tag}.test.ts`)).map((m) => m.tag);
    expect(missing, `migrations without a test file: ${missing.join(', ')}`).toEqual([]);
  });

  it('brings an empty file to the latest schema, then has nothing left to do', async () => {
    db = await databaseAt(0);
    const first = await db.migrateToLatest();
    expect(first).toEqual({ from: 0, to: LATEST, applied: embeddedMigrations.map((m) => m.tag), backupFile: null });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    const before = checksum(db.sqlite);
    expect(await db.migrateToLatest()).toEqual({ from: LATEST, to: LATEST, applied: [], backupFile: null });
    expect(checksum(db.sqlite)).toBe(before);
  });

  it('writes a backup before migrating a database that holds data: a valid SQLite copy of the old version', async () => {
    db = await databaseAt(1);
    seedSchemaV1(db.sqlite);
    const before = checksum(db.sqlite);
    const report = await db.migrateToLatest();
    expect(report.from).toBe(1);
    expect(report.backupFile).not.toBeNull();
    const backupFile = report.backupFile ?? '';
    expect(backupFile.startsWith(db.temp.path('backups'))).toBe(true);
    expect(backupFile).toMatch(/terminal\.db\.v1\..+\.bak$/);
    const backup = new Database(backupFile, { readonly: true });
    try {
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backup.pragma('user_version', { simple: true })).toBe(1);
      expect(checksum(backup)).toBe(before);
    } finally {
      backup.close();
    }
  });

  it('puts the backup in a backups folder beside the database by default', async () => {
    db = await databaseAt(1);
    seedSchemaV1(db.sqlite);
    const report = await migrateDatabase(db.sqlite, embeddedMigrations, { now: () => Date.UTC(2026, 1, 2, 3, 4, 5, 6) });
    expect(report.backupFile).toBe(join(db.temp.dir, 'backups', 'terminal.db.v1.2026-02-02T03-04-05-006Z.bak'));
    expect(existsSync(report.backupFile ?? '')).toBe(true);
  });

  it('rolls a failing migration back completely: MigrationFailedError, user_version and content unchanged', async () => {
    db = await databaseAt(LATEST);
    seedSchemaV1(db.sqlite);
    const before = checksum(db.sqlite);
    const migrations = [...embeddedMigrations, brokenMigration(LATEST)];
    const error = await migrateDatabase(db.sqlite, migrations, { backupDir: db.temp.path('b') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).tag).toBe('9999_broken');
    expect((error as Error).message).toMatch(/9999_broken.*no such table.*Nothing was changed/);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(schemaNames(db.sqlite, 'table')).not.toContain('loyalty_cards');
    expect(checksum(db.sqlite)).toBe(before);
    // the connection is left as it was opened
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.inTransaction).toBe(false);
  });

  it('rolls back the good migrations before a failing one too (all pending migrations are one transaction)', async () => {
    db = await databaseAt(1);
    seedSchemaV1(db.sqlite);
    db.sqlite.close();
    const bytesBefore = fileBytes(db.file);
    const sqlite = openSqlite(db.file);
    try {
      const before = checksum(sqlite);
      await expect(
        migrateDatabase(sqlite, [...embeddedMigrations, brokenMigration(LATEST)], { backupDir: db.temp.path('b') }),
      ).rejects.toBeInstanceOf(MigrationFailedError);
      expect(sqlite.pragma('user_version', { simple: true })).toBe(1);
      expect(schemaNames(sqlite, 'table')).not.toContain('products_fts');
      expect(checksum(sqlite)).toBe(before);
    } finally {
      sqlite.close();
    }
    // byte for byte: nothing of the failed attempt reached the file
    expect(fileBytes(db.file).equals(bytesBefore)).toBe(true);
  });

  it('refuses a migration that leaves broken foreign keys, and changes nothing', async () => {
    db = await databaseAt(LATEST);
    seedSchemaV1(db.sqlite);
    const before = checksum(db.sqlite);
    const orphan: EmbeddedMigration = {
      idx: LATEST,
      tag: '9998_orphans',
      hash: 'test',
      statements: ["INSERT INTO product_barcodes (code, product_id, created_at) VALUES ('ORPHAN-1', 'no-such-product', 0)"],
    };
    const error = await migrateDatabase(db.sqlite, [...embeddedMigrations, orphan], { backupDir: db.temp.path('b') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toMatch(/foreign keys broken/);
    expect(checksum(db.sqlite)).toBe(before);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST);
  });

  it('refuses a database written by a newer Ringup (DatabaseTooNewError) and leaves the file untouched', async () => {
    db = await databaseAt(LATEST);
    seedSchemaV1(db.sqlite);
    db.sqlite.pragma(`user_version = ${LATEST + 3}`);
    db.sqlite.close();
    const bytesBefore = fileBytes(db.file);

    const sqlite = openSqlite(db.file);
    const before = checksum(sqlite);
    const error = await migrateDatabase(sqlite, embeddedMigrations, { backupDir: db.temp.path('b') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect(error).toMatchObject({ databaseVersion: LATEST + 3, appVersion: LATEST });
    expect(checksum(sqlite)).toBe(before);
    sqlite.close();
    expect(existsSync(db.temp.path('b'))).toBe(false);

    // the app's own entry point refuses it the same way and closes the file
    await expect(openTerminal(db.file)).rejects.toBeInstanceOf(DatabaseTooNewError);
    expect(fileBytes(db.file).equals(bytesBefore)).toBe(true);
  });
});

describe('embedded migrations', () => {
  it('are up to date with migrations/terminal (scripts/embed-migrations.mjs --check)', () => {
    const run = spawnSync(process.execPath, ['scripts/embed-migrations.mjs', '--check'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('up to date');
  });
});
