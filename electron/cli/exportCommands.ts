import { resolve } from 'node:path';
import { EXPORT_KINDS, exportCsvInputSchema } from '../../src/shared/contract/exports';
import { auditExport, exportToFile } from '../core/features/exports/exportCsv';
import { detachedJob } from '../core/jobs';
import { createConsoleLogger } from '../core/log';
import { openTerminal } from '../core/terminal';
import { type Io, UsageError } from './commands';
import { createProgressBar } from './progress';

/**
 * `ringup export --what KIND [--from D --to D] --out FILE [--bom]`: one kind of record as CSV,
 * read in a worker from the read-only connection, with a progress bar; Ctrl-C stops it and
 * leaves no file. Audited like an export from the app (as the operator).
 */
export async function exportCommand(
  opts: {
    db?: string | undefined;
    what?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    out?: string | undefined;
    bom?: boolean;
    json?: boolean;
  },
  io: Io,
): Promise<number> {
  if (!opts.what) throw new UsageError(`Say what to export: --what ${EXPORT_KINDS.join('|')}.`);
  if (!opts.out) throw new UsageError('Say where to write it: --out FILE.');
  const parsed = exportCsvInputSchema.safeParse({
    what: opts.what,
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
    bom: opts.bom === true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? 'what')}: ${issue?.message ?? 'not valid'} (kinds: ${EXPORT_KINDS.join(', ')}).`);
  }
  const input = parsed.data;
  const file = resolve(opts.out);
  const db = opts.db ?? process.env.RINGUP_DB;
  if (!db) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  const terminal = await openTerminal(resolve(db), { log: createConsoleLogger('warn') });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const bar = createProgressBar(process.stderr, !opts.json);
    const counts = await exportToFile(
      terminal.readCtx ?? terminal.ctx,
      { what: input.what, from: input.from, to: input.to, bom: input.bom, file },
      detachedJob((phase, done, total) => bar.update(phase, done, total), controller.signal),
    );
    auditExport(terminal.ctx, null, {
      what: input.what,
      from: input.from ?? null,
      to: input.to ?? null,
      rows: counts.rows,
      fileName: file,
      via: 'cli',
    });
    if (opts.json) io.out(JSON.stringify({ what: input.what, file, ...counts }));
    else
      io.out(
        `Exported ${counts.rows} ${input.what.replaceAll('_', ' ')} to ${file} (${counts.bytes} bytes, ${(counts.tookMs / 1000).toFixed(1)} s).`,
      );
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    terminal.close();
  }
}
