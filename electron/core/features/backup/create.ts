import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import type { Sqlite } from '../../db/open';
import { AppError } from '../../errors';
import type { JobControl } from '../../jobs';
import { runReadTask } from '../../worker/runReadTask';
import { readSettings } from '../setup/settings';
import {
  type BackupFacts,
  type BackupKind,
  backupFileName,
  backupFolderOf,
  fsyncFolder,
  PARTIAL_SUFFIX,
  removeStalePartials,
  updateManifest,
} from './folder';
import { encryptFile, hashFile } from './format';
import { withBackupTurn } from './host';
import { openVerifiedBackup, verifyPlainDatabase } from './verify';

export interface CreateBackupOptions {
  kind: BackupKind;
  passphrase?: string | undefined;
  note?: string | undefined;
  /** the backup folder; default: the configured one (settings.backup.folder) or `backups` beside the database */
  folder?: string;
  actorStaffId?: string | null;
  /** write the audit row (false for the copy a restore makes first: the restore's row names it) */
  audit?: boolean;
  /** the exact file to write (the CLI's --out); default: a name saying store, terminal and time in the folder */
  file?: string;
  /** pages copied per step of the online backup: smaller steps let sales in more often */
  pagesPerStep?: number;
}

export interface CreatedBackup {
  name: string;
  file: string;
  bytes: number;
  encrypted: boolean;
  facts: BackupFacts;
  tookMs: number;
}

/** The backup folder this terminal uses now (created if missing); an unreachable one is refused in words. */
export function ensureBackupFolder(ctx: Pick<CoreContext, 'sqlite'> & { now: () => number }, folder?: string): string {
  const target = folder ? resolve(folder) : backupFolderOf(ctx.sqlite.name, readSettings(ctx as CoreContext).backup.folder);
  try {
    mkdirSync(target, { recursive: true });
  } catch {
    throw new AppError('VALIDATION', `The backup folder ${target} cannot be written: is the USB stick or network share connected?`, {
      folder: target,
    });
  }
  return target;
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Copy the live database with SQLite's online backup API: in the read worker, one snapshot (see
 * copySnapshot), so no step of it runs on the till's thread.
 */
export async function copyDatabase(ctx: CoreContext, target: string, job: JobControl, phase: string, pagesPerStep = 128): Promise<void> {
  if (ctx.sqlite.memory) await copyOnThisThread(ctx.sqlite, target, job, phase, pagesPerStep);
  else await runReadTask(ctx, { name: 'backup.copy', input: { target, pagesPerStep } }, job);
  // a self-contained file: the copy carries the source's WAL marks (header bytes 18-19 = 2); set
  // them to rollback mode (1), what `journal_mode = DELETE` writes, so opening it needs no -wal/-shm
  const handle = await open(target, 'r+');
  try {
    await handle.write(Buffer.from([1, 1]), 0, 2, 18);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** An in-memory database (tests) cannot be opened by a worker: copied here, a few pages per step. */
async function copyOnThisThread(sqlite: Sqlite, target: string, job: JobControl, phase: string, pagesPerStep: number): Promise<void> {
  // the copy's pages are flushed to disk as it goes, off the event loop: a gigabyte of dirty pages
  // flushed at the end would hold the till's own fsyncs (every sale's commit) behind it
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const flushEvery = Math.max(1, Math.floor((32 * 1024 * 1024) / pageSize));
  let flushedAt = 0;
  let flushing: Promise<void> | null = null;
  const flush = async () => {
    const handle = await open(target, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  await sqlite.backup(target, {
    progress({ totalPages, remainingPages }) {
      job.throwIfCancelled();
      const done = totalPages - remainingPages;
      job.progress(phase, done, totalPages);
      if (!flushing && done - flushedAt >= flushEvery) {
        flushedAt = done;
        flushing = flush()
          .catch(() => {})
          .finally(() => {
            flushing = null;
          });
      }
      return pagesPerStep;
    },
  });
  await flushing;
}

/**
 * Back up the live database into the backup folder: copy online, encrypt when a passphrase is
 * given (AES-256-GCM, key by scrypt; the passphrase is used and forgotten), verify what was written,
 * then move it into place atomically and record it in the folder's manifest (and the audit log).
 */
export async function createBackup(ctx: CoreContext, options: CreateBackupOptions, job: JobControl): Promise<CreatedBackup> {
  return withBackupTurn(ctx.sqlite, 'backup', () => writeBackup(ctx, options, job));
}

/** createBackup without taking the turn (a restore, which holds it, backs up first). */
export async function writeBackup(ctx: CoreContext, options: CreateBackupOptions, job: JobControl): Promise<CreatedBackup> {
  const started = Date.now();
  const folder = ensureBackupFolder(ctx, options.file ? dirname(resolve(options.file)) : options.folder);
  removeStalePartials(folder, ctx.now());
  const settings = readSettings(ctx);
  const encrypted = Boolean(options.passphrase);
  const at = ctx.now();
  let name = options.file ? basename(options.file) : backupFileName(settings.storeName, settings.terminalId, at, options.kind, encrypted);
  if (options.file && existsSync(resolve(options.file)))
    throw new AppError('CONFLICT', `${options.file} already exists: choose another file name.`);
  for (let n = 2; !options.file && existsSync(join(folder, name)); n++)
    name = backupFileName(settings.storeName, settings.terminalId, at, options.kind, encrypted).replace(/(\.db(\.enc)?)$/, `-${n}$1`);
  const file = join(folder, name);
  const partial = `${file}${PARTIAL_SUFFIX}`;
  // an encrypted backup's plain copy stays on the database's own disk, never on the stick
  const plain = encrypted ? join(dirname(resolve(ctx.sqlite.name)), `.ringup-backup-${randomBytes(6).toString('hex')}.db`) : partial;
  try {
    await copyDatabase(ctx, plain, job, 'Copying', options.pagesPerStep);
    job.throwIfCancelled();
    let facts = await verifyPlainDatabase(plain, job, ctx.now);
    if (encrypted && options.passphrase) {
      await encryptFile(plain, partial, options.passphrase, {
        onBytes: (done, total) => job.progress('Encrypting', done, total),
        signal: job.signal,
      });
      removeDatabaseFiles(plain);
      // verified as written: decrypted again and checked
      const opened = await openVerifiedBackup(partial, { passphrase: options.passphrase, workDir: dirname(resolve(ctx.sqlite.name)), job });
      opened.dispose();
      facts = opened.facts;
    }
    const sha256 = encrypted ? null : await hashFile(partial, { signal: job.signal });
    job.throwIfCancelled();
    job.setCancellable(false);
    renameSync(partial, file);
    fsyncFolder(folder);
    const bytes = statSync(file).size;
    updateManifest(folder, (records) => [
      ...records.filter((r) => r.name !== name),
      {
        name,
        createdAt: at,
        bytes,
        encrypted,
        kind: options.kind,
        note: options.note ?? null,
        verified: true,
        problem: null,
        facts,
        sha256,
      },
    ]);
    if (options.audit !== false)
      ctx.sqlite
        .transaction(() =>
          audit(ctx, {
            action: 'backup.create',
            actorStaffId: options.actorStaffId ?? null,
            entity: 'backup',
            entityId: name,
            details: { kind: options.kind, bytes, encrypted, folder, note: options.note ?? null, counts: facts.counts },
          }),
        )
        .immediate();
    return { name, file, bytes, encrypted, facts, tookMs: Date.now() - started };
  } catch (error) {
    removeDatabaseFiles(partial);
    if (encrypted) removeDatabaseFiles(plain);
    throw error;
  }
}
