// The heavy checks of a backup file, as read tasks (electron/core/worker/tasks.ts): they run in
// the read worker on its own read-only connection to the file, off the till's event loop.
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { CoreContext, ReadContext } from '../../context';
import type { Sqlite } from '../../db/open';
import type { TaskReport } from '../../worker/tasks';
import { balanceProblem } from '../loyalty/ledger';
import type { JournalVerdict } from '../sales/journal';
import { verifyTerminalJournal } from '../sales/verify';

/** How fast a backup copies in the worker: about 6 s a gigabyte, with room left on the disk for the till. */
export const COPY_BYTES_PER_SECOND = 160 * 1024 * 1024;
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

export interface ChainVerdict {
  journal: JournalVerdict;
  points: string | null;
}

/** PRAGMA integrity_check of the whole file (the first 20 problems, or ['ok']). */
export function integrityRows(ctx: ReadContext, _input: Record<string, never>): string[] {
  try {
    // raw SQL: integrity_check has no Drizzle form
    return ctx.sqlite.prepare('PRAGMA integrity_check(20)').pluck().all() as string[];
  } catch (error) {
    // a page too broken to be checked is what the check is for: its error is the finding
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|FORMAT|RANGE)/.test(code))
      return [`${code}: ${(error as Error).message}`];
    throw error;
  }
}

/** The journal walk (every journalled document re-read and re-hashed) and the loyalty balances. */
export function chainRows(ctx: ReadContext, input: { points: boolean }): ChainVerdict {
  // the walk only reads; it is typed with the writer's context because the live `ringup verify` shares it
  const journal = verifyTerminalJournal(ctx as CoreContext);
  return { journal, points: input.points ? balanceProblem(ctx) : null };
}

/**
 * Copy the database into `target` with SQLite's online backup API, in the read worker: the copy is
 * of one snapshot (a read transaction held from the first page to the last, so the till's commits
 * meanwhile neither restart it nor enter it) and none of its steps runs on the till's thread.
 * The copy's pages are flushed every 8 MB as it goes (a gigabyte flushed at the end would hold the
 * till's own fsyncs — every sale's commit — behind it), and in the worker the copy keeps to
 * COPY_BYTES_PER_SECOND: flat out it fills the disk's queue, and a sale's commit waits in that
 * queue (its p99 doubled while a 1.4 GB copy ran at 380 MB/s).
 */
export async function copySnapshot(
  ctx: ReadContext,
  input: { target: string; pagesPerStep: number; bytesPerSecond?: number },
  report: TaskReport,
): Promise<{ pages: number }> {
  // the worker's own read-only connection: the read surface hides what a backup needs
  const sqlite = ctx.sqlite as unknown as Sqlite;
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const flushEvery = Math.max(1, Math.floor((8 * 1024 * 1024) / pageSize));
  // never sleep on the till's own thread (in-memory databases copy inline, tests only)
  const pace = isMainThread ? 0 : (input.bytesPerSecond ?? COPY_BYTES_PER_SECOND);
  const started = performance.now();
  let flushedAt = 0;
  let pages = 0;
  sqlite.exec('BEGIN');
  try {
    // the snapshot starts with the first read
    sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
    await sqlite.backup(input.target, {
      progress({ totalPages, remainingPages }) {
        report.throwIfCancelled();
        pages = totalPages;
        const done = totalPages - remainingPages;
        report.progress('Copying', done, totalPages);
        if (pace > 0) {
          // ahead of the pace: wait (this blocks the worker thread only)
          const dueMs = ((done * pageSize) / pace) * 1000;
          const aheadMs = dueMs - (performance.now() - started);
          if (aheadMs > 1) Atomics.wait(pauseCell, 0, 0, Math.min(aheadMs, 1000));
        }
        if (done - flushedAt >= flushEvery && existsSync(input.target)) {
          flushedAt = done;
          const fd = openSync(input.target, 'r');
          try {
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
        }
        return input.pagesPerStep;
      },
    });
  } finally {
    sqlite.exec('COMMIT');
  }
  return { pages };
}
