import { closeSync, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CoreContext, ReadContext } from '../../context';
import { DatabaseTooNewError, schemaVersion } from '../../db/migrate';
import { embeddedMigrations } from '../../db/migrations.generated';
import { drizzleOf, openSqlite, type Sqlite } from '../../db/open';
import { journal, members, pointsLedger, products, sales } from '../../db/schema';
import { AppError } from '../../errors';
import { detachedJob, type JobControl } from '../../jobs';
import { silentLogger } from '../../log';
import { runReadTask } from '../../worker/runReadTask';
import type { ChainVerdict } from './checks';
import type { BackupFacts } from './folder';
import { decryptFile, hashFile, sniffFile } from './format';
import { nativeBindingOption } from './host';

/** Why a backup cannot be used, for details.reason: the renderer may word it, the message already does. */
export type BackupProblem = 'missing' | 'foreign' | 'truncated' | 'damaged' | 'passphrase' | 'newer';

function refuse(reason: BackupProblem, message: string): AppError {
  return new AppError('VALIDATION', message, { reason });
}

const REQUIRED_TABLES = ['settings', 'staff', 'sales', 'journal', 'products', 'audit_log', 'outbox'];

/** Page size and page count from the SQLite header: a file shorter than they say is cut short. */
function checkHeaderSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) throw refuse('truncated', 'This backup is cut short (truncated): it cannot be used.');
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    const validFor = header.readUInt32BE(92);
    const changeCounter = header.readUInt32BE(24);
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw refuse('damaged', 'This backup is damaged (its header is broken).');
    if (size % pageSize !== 0 || (validFor === changeCounter && pages > 0 && size < pages * pageSize))
      throw refuse('truncated', 'This backup is cut short (truncated): it cannot be used.');
    return size;
  } finally {
    closeSync(fd);
  }
}

/** integrity_check of the whole file, in the read worker (seconds of one CPU for a 1 GB file: sales go on meanwhile). */
async function integrityCheck(ctx: ReadContext, job?: JobControl): Promise<string[]> {
  return await runReadTask(ctx, { name: 'backup.integrity', input: {} }, job ?? detachedJob());
}

/** The journal walk and the points balances, in the read worker. */
async function chainChecks(ctx: ReadContext, points: boolean, job?: JobControl): Promise<ChainVerdict> {
  return await runReadTask(ctx, { name: 'backup.chain', input: { points } }, job ?? detachedJob());
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|FORMAT|RANGE)/.test(code);
}

/**
 * Check a plain SQLite file as a Ringup backup: integrity (in a worker thread, so sales go on), Ringup's tables and terminal id, schema version, counts, and — at this app's
 * schema — the journal chain and the loyalty balances. Throws a VALIDATION AppError with details.reason.
 */
export async function verifyPlainDatabase(file: string, job?: JobControl, now: () => number = Date.now): Promise<BackupFacts> {
  const kind = sniffFile(file);
  if (kind !== 'sqlite') throw refuse('foreign', 'This is not a Ringup backup: the file is not a database.');
  const databaseBytes = checkHeaderSize(file);
  let sqlite: Sqlite;
  try {
    sqlite = openSqlite(file, { readonly: true, ...nativeBindingOption() });
  } catch (error) {
    if (isCorruption(error)) throw refuse('damaged', 'This backup is damaged: it does not open as a database.');
    throw error;
  }
  try {
    const tables = (sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
      (t) => !t.startsWith('sqlite_'),
    );
    const ctx: CoreContext = { sqlite, db: drizzleOf(sqlite), now, log: silentLogger };
    job?.progress('Verifying', 0, 1);
    const integrity = await integrityCheck(ctx, job);
    if (!(integrity.length === 1 && integrity[0] === 'ok'))
      throw refuse('damaged', `This backup is damaged (integrity check: ${String(integrity[0]).slice(0, 120)}): it cannot be used.`);
    job?.progress('Verifying', 1, 1);
    const missing = REQUIRED_TABLES.filter((t) => !tables.includes(t));
    if (missing.length > 0)
      throw refuse('foreign', `This is not a Ringup backup: the database has none of Ringup's ${missing.slice(0, 3).join(', ')} tables.`);
    const version = schemaVersion(sqlite);
    const latest = embeddedMigrations.length;
    if (version > latest) throw refuse('newer', new DatabaseTooNewError(version, latest).message.replace('This database', 'This backup'));
    const setting = (key: string): string => {
      const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
      try {
        const value: unknown = row ? JSON.parse(row.value) : '';
        return typeof value === 'string' ? value : '';
      } catch {
        return '';
      }
    };
    const terminalId = setting('terminalId').trim();
    if (!terminalId) throw refuse('foreign', 'This is not a Ringup terminal backup: it has no terminal id (it was never set up).');
    const has = (table: string) => tables.includes(table);
    const counts = {
      sales: countOf(ctx, sales),
      products: countOf(ctx, products),
      members: has('members') ? countOf(ctx, members) : 0,
      journalEntries: countOf(ctx, journal),
      ledgerEntries: has('points_ledger') ? countOf(ctx, pointsLedger) : 0,
    };
    let journalCheck: 'ok' | 'skipped' = 'skipped';
    let pointsCheck: 'ok' | 'skipped' = 'skipped';
    // the chain's documents are read with this app's queries: only a backup at this schema can be walked
    if (version === latest) {
      job?.progress('Checking the journal', 0, counts.journalEntries);
      const { journal: verdict, points: problem } = await chainChecks(ctx, has('points_ledger'), job);
      if (verdict.problem)
        throw refuse('damaged', `This backup's journal chain is broken at entry ${verdict.problem.seq} (${verdict.problem.reason}).`);
      journalCheck = 'ok';
      if (problem) throw refuse('damaged', `This backup's loyalty points do not add up: ${problem}`);
      pointsCheck = 'ok';
      job?.progress('Checking the journal', counts.journalEntries, counts.journalEntries);
    }
    return {
      schemaVersion: version,
      appSchemaVersion: latest,
      storeName: setting('storeName'),
      terminalId,
      databaseBytes,
      counts,
      journal: journalCheck,
      points: pointsCheck,
      verifiedAt: now(),
    };
  } catch (error) {
    if (isCorruption(error)) throw refuse('damaged', 'This backup is damaged: reading it failed part way.');
    throw error;
  } finally {
    sqlite.close();
  }
}

export interface OpenedBackup {
  facts: BackupFacts;
  /** the plain SQLite file to read (the backup itself, or its decrypted copy) */
  plainFile: string;
  encrypted: boolean;
  /** remove the decrypted copy, if one was made */
  dispose(): void;
}

/**
 * Verify a backup file (plain, or encrypted: decrypted first into `workDir`, which should be on
 * the database's disk, never the backup stick) and keep the plain copy for the caller.
 */
export async function openVerifiedBackup(
  file: string,
  options: { passphrase?: string | undefined; workDir: string; job?: JobControl; now?: () => number; sha256?: string | null },
): Promise<OpenedBackup> {
  let kind: ReturnType<typeof sniffFile>;
  try {
    kind = sniffFile(file);
  } catch {
    throw refuse('missing', 'That backup file is not there (or cannot be read).');
  }
  if (options.sha256) {
    const total = statSync(file).size;
    const actual = await hashFile(file, {
      onBytes: (done) => options.job?.progress('Reading', done, total),
      ...(options.job ? { signal: options.job.signal } : {}),
    });
    if (actual !== options.sha256)
      throw refuse('damaged', 'This backup was changed or damaged after it was written (its checksum differs): it cannot be used.');
  }
  if (kind !== 'encrypted') {
    const facts = await verifyPlainDatabase(file, options.job, options.now);
    return { facts, plainFile: file, encrypted: false, dispose: () => {} };
  }
  const plainFile = join(options.workDir, `.ringup-verify-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  const dispose = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${plainFile}${suffix}`, { force: true });
  };
  try {
    await decryptFile(file, plainFile, options.passphrase, {
      onBytes: (done, total) => options.job?.progress('Decrypting', done, total),
      ...(options.job ? { signal: options.job.signal } : {}),
    });
    const facts = await verifyPlainDatabase(plainFile, options.job, options.now);
    return { facts, plainFile, encrypted: true, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The number of rows of a table (a backup's counts: what a restore brings back). */
export function countOf(ctx: Pick<CoreContext, 'db'>, table: SQLiteTable): number {
  return ctx.db.select({ n: count() }).from(table).get()?.n ?? 0;
}
