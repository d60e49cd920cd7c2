// The heavy checks of a backup file, as read tasks (electron/core/worker/tasks.ts): they run in
// the read worker on its own read-only connection to the file, off the till's event loop.
import type { CoreContext, ReadContext } from '../../context';
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
