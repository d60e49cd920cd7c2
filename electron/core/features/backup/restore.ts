import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import { migrateDatabase, schemaVersion } from '../../db/migrate';
import { embeddedMigrations } from '../../db/migrations.generated';
import { openSqlite } from '../../db/open';
import { members, products, sales } from '../../db/schema';
import { AppError } from '../../errors';
import type { JobControl } from '../../jobs';
import { verifyTerminalJournal } from '../sales/verify';
import { repairTerminalId } from '../setup/terminalId';
import { writeBackup } from './create';
import { nativeBindingOption, notifyRestored, setRestoring, withBackupTurn } from './host';
import { countOf, openVerifiedBackup } from './verify';

export interface RestoreOptions {
  /** the backup file (the channel resolves a name inside the backup folder; the CLI takes a path) */
  file: string;
  name: string;
  passphrase?: string | undefined;
  /** the manifest's checksum of the file, when it has one */
  sha256?: string | null;
  /** where the copy of the current database goes (the backup folder) */
  folder: string;
  createdAt: number;
  actorStaffId?: string | null;
  pagesPerStep?: number;
}

export interface RestoreReport {
  name: string;
  backupCreatedAt: number;
  schemaVersion: number;
  migratedFrom: number | null;
  counts: { sales: number; products: number; members: number };
  previousBackup: string;
  tookMs: number;
}

/**
 * Replace the live database with a backup, in place: verify the backup (refused with a reason,
 * nothing touched), back up the current database, then copy the backup's pages into the live file
 * with SQLite's backup API as ONE write transaction of the file itself — a crash at any moment
 * leaves the old database or the new one (WAL recovery), never a mix, and every open connection
 * (the reader, a CLI beside the app) sees the new one at once. Then migrate, and tell the edges
 * (everyone logs in again). While the file is replaced the terminal answers calls with "wait".
 */
export async function restoreBackup(ctx: CoreContext, options: RestoreOptions, job: JobControl): Promise<RestoreReport> {
  return withBackupTurn(ctx.sqlite, 'restore', async () => {
    const started = Date.now();
    const workDir = dirname(resolve(ctx.sqlite.name));
    const opened = await openVerifiedBackup(options.file, {
      passphrase: options.passphrase,
      workDir,
      job,
      now: ctx.now,
      ...(options.sha256 ? { sha256: options.sha256 } : {}),
    });
    try {
      const source = openSqlite(opened.plainFile, { readonly: true, ...nativeBindingOption() });
      try {
        const sourcePage = source.pragma('page_size', { simple: true });
        if (sourcePage !== ctx.sqlite.pragma('page_size', { simple: true }))
          throw new AppError(
            'VALIDATION',
            `This backup uses pages of ${sourcePage} bytes, this database another size: it cannot be restored here.`,
            {
              reason: 'foreign',
            },
          );
        job.throwIfCancelled();
        const previous = await writeBackup(ctx, { kind: 'pre-restore', folder: options.folder, audit: false }, job);
        job.throwIfCancelled();
        job.setCancellable(false);
        setRestoring(ctx.sqlite, true);
        try {
          // one write transaction on the destination from the first page to the commit: all or nothing
          await source.backup(resolve(ctx.sqlite.name), {
            progress({ totalPages, remainingPages }) {
              job.progress('Restoring', totalPages - remainingPages, totalPages);
              return options.pagesPerStep ?? 1024;
            },
          });
        } finally {
          setRestoring(ctx.sqlite, false);
        }
        return await afterRestore(ctx, options, previous.name, started, job);
      } finally {
        source.close();
      }
    } finally {
      opened.dispose();
    }
  });
}

/** The restored file is in place: bring it to this app's schema, give it a terminal id, audit, tell the edges. */
async function afterRestore(
  ctx: CoreContext,
  options: RestoreOptions,
  previousBackup: string,
  started: number,
  job: JobControl,
): Promise<RestoreReport> {
  job.progress('Migrating', 0, 1);
  // caches keyed by PRAGMA data_version (settings, staff roles) re-read it at most every 200 ms:
  // past that, every one of them has seen the new file
  await sleep(250);
  const before = schemaVersion(ctx.sqlite);
  const migration = await migrateDatabase(ctx.sqlite, embeddedMigrations, { backupDir: options.folder, now: ctx.now });
  ctx.sqlite.transaction(() => repairTerminalId(ctx)).immediate();
  if (migration.applied.length > 0) {
    const verdict = verifyTerminalJournal(ctx);
    if (verdict.problem) ctx.log.warn('backup.restored_journal_problem', { seq: verdict.problem.seq, reason: verdict.problem.reason });
  }
  const counts = { sales: countOf(ctx, sales), products: countOf(ctx, products), members: countOf(ctx, members) };
  ctx.sqlite
    .transaction(() =>
      audit(ctx, {
        action: 'backup.restore',
        actorStaffId: options.actorStaffId ?? null,
        entity: 'backup',
        entityId: options.name,
        details: { backupCreatedAt: options.createdAt, previousBackup, migratedFrom: migration.applied.length > 0 ? before : null, counts },
      }),
    )
    .immediate();
  // give the WAL's copy of the whole database back to the main file (readers may delay part of it)
  ctx.sqlite.pragma('wal_checkpoint(PASSIVE)');
  job.progress('Migrating', 1, 1);
  ctx.log.info('backup.restored', { name: options.name, previousBackup, schema: migration.to });
  notifyRestored(ctx.sqlite, { name: options.name, backupCreatedAt: options.createdAt });
  return {
    name: options.name,
    backupCreatedAt: options.createdAt,
    schemaVersion: migration.to,
    migratedFrom: migration.applied.length > 0 ? before : null,
    counts,
    previousBackup,
    tookMs: Date.now() - started,
  };
}
