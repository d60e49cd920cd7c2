// The heavy checks of a backup file, as read tasks (electron/core/worker/tasks.ts): they run in
// the read worker on its own read-only connection to the file, off the till's event loop.
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import type { CoreContext, ReadContext } from '../../context';
import type { Sqlite } from '../../db/open';
import type { TaskReport } from '../../worker/tasks';
import { balanceProblem } from '../loyalty/ledger';
import type { JournalVerdict } from '../sales/journal';
import { verifyTerminalJournal } from '../sales/verify';

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
 * The copy's pages are flushed every 32 MB as it goes: a gigabyte flushed at the end would hold the
 * till's own fsyncs (every sale's commit) behind it.
 */
export async function copySnapshot(
  ctx: ReadContext,
  input: { target: string; pagesPerStep: number },
  report: TaskReport,
): Promise<{ pages: number }> {
  // the worker's own read-only connection: the read surface hides what a backup needs
  const sqlite = ctx.sqlite as unknown as Sqlite;
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const flushEvery = Math.max(1, Math.floor((32 * 1024 * 1024) / pageSize));
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
