import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normaliseCsvText } from '../../src/shared/productCsv';
import { AppError } from '../core/errors';
import { importProducts } from '../core/features/stock/import';
import { detachedJob } from '../core/jobs';
import { createConsoleLogger } from '../core/log';
import { openTerminal } from '../core/terminal';
import { type Io, UsageError } from './commands';
import { createProgressBar } from './progress';

// errors printed for people (--json has them all, up to the import's own cap)
const ERRORS_SHOWN = 50;

/**
 * `ringup import products --file F [--dry-run]`: check a product CSV (the product export's format)
 * and, with no error and not a dry run, apply it in one transaction. Exit 0 when it was fine (and
 * applied unless --dry-run), 1 when a row is wrong (nothing applied), 130 when stopped with Ctrl+C.
 */
export async function importCommand(
  opts: { what?: string | undefined; db?: string | undefined; file?: string | undefined; dryRun?: boolean; json?: boolean },
  io: Io,
): Promise<number> {
  if (opts.what !== 'products') throw new UsageError('Say what to import: ringup import products --file FILE [--dry-run]');
  if (!opts.file) throw new UsageError('Say which file: ringup import products --file FILE');
  const dbFile = opts.db ?? process.env.RINGUP_DB;
  if (!dbFile) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  let text: string;
  try {
    text = readFileSync(resolve(opts.file), 'utf8');
  } catch (error) {
    throw new UsageError(`The file ${opts.file} cannot be read: ${(error as Error).message}`);
  }
  const terminal = await openTerminal(resolve(dbFile), { log: createConsoleLogger('warn') });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const bar = createProgressBar(process.stderr, !opts.json);
    const job = detachedJob((phase, done, total) => bar.update(phase, done, total), controller.signal);
    const report = await importProducts(terminal.ctx, { csv: normaliseCsvText(text), dryRun: opts.dryRun === true }, job, null);
    if (opts.json) io.out(JSON.stringify(report));
    else {
      const counts = `${report.rows} rows: ${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged, ${report.stockMovements} stock movements`;
      if (report.errorCount > 0) {
        io.err(`Nothing was imported: ${report.errorCount} problem${report.errorCount === 1 ? '' : 's'} in ${opts.file}.`);
        for (const e of report.errors.slice(0, ERRORS_SHOWN)) io.err(`  line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
        if (report.errorCount > ERRORS_SHOWN) io.err(`  … and ${report.errorCount - ERRORS_SHOWN} more (--json lists up to 1,000).`);
      } else if (report.dryRun) io.out(`Dry run, nothing changed. ${counts}.`);
      else io.out(`Imported in ${(report.elapsedMs / 1000).toFixed(1)} s. ${counts}.`);
      if (report.categoriesCreated.length > 0)
        io.out(
          `${report.dryRun || report.errorCount > 0 ? 'New categories it would create' : 'New categories'}: ${report.categoriesCreated.join(', ')}`,
        );
    }
    return report.errorCount > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') {
      io.err('Stopped: nothing was imported.');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    terminal.close();
  }
}
