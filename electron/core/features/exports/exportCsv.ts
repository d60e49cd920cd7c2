import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ChannelParsedInput } from '../../../../src/shared/contract';
import type { ExportCsvResult, ExportKind } from '../../../../src/shared/contract/exports';
import { audit } from '../../audit';
import type { CoreContext, ReadContext } from '../../context';
import { AppError } from '../../errors';
import { type JobControl, runJob } from '../../jobs';
import type { Session } from '../../session';
import { runReadTask } from '../../worker/runReadTask';
import { partFileOf } from './csvFile';

/** The folder exports land in when no save dialog chose a place: `exports` beside the database. */
export function exportsDirOf(dbFile: string): string {
  // an in-memory database has no folder of its own
  return dbFile && dbFile !== ':memory:' ? join(dirname(resolve(dbFile)), 'exports') : join(tmpdir(), 'ringup-exports');
}

/** A file name that says what is in it and cannot collide: ringup-sales-2026-01-01_2026-01-31-20260202T101500123.csv */
export function exportFileName(what: ExportKind, from: string | undefined, to: string | undefined, now: number): string {
  const range = from || to ? `-${from ?? 'start'}_${to ?? 'today'}` : '';
  const stamp = new Date(now).toISOString().replaceAll(/[-:.Z]/g, '');
  return `ringup-${what.replaceAll('_', '-')}${range}-${stamp}.csv`;
}

/** Export to `file` in a read worker; the counts and how long it took. Used by the channel and the CLI. */
export async function exportToFile(
  ctx: ReadContext,
  input: { what: ExportKind; from?: string | undefined; to?: string | undefined; bom: boolean; file: string },
  job: JobControl,
): Promise<{ rows: number; bytes: number; tookMs: number }> {
  const started = Date.now();
  try {
    const counts = await runReadTask(ctx, { name: 'export.csv', input }, job);
    return { ...counts, tookMs: Date.now() - started };
  } catch (error) {
    // a worker terminated mid-write cannot remove its own partial file
    rmSync(partFileOf(input.file), { force: true });
    throw error;
  }
}

/** Record an export in the audit log (what, range, rows, where — never the data), in a transaction of its own. */
export function auditExport(
  ctx: CoreContext,
  actorStaffId: string | null,
  details: { what: ExportKind; from: string | null; to: string | null; rows: number; fileName: string; via: 'app' | 'cli' },
): void {
  ctx.sqlite
    .transaction(() => audit(ctx, { action: 'export.csv', actorStaffId, entity: 'export', entityId: details.what, details }))
    .immediate();
}

/**
 * export.csv: choose where the file goes (the save dialog in the app, the exports folder
 * otherwise), write it off the main thread as a cancellable job, then audit it.
 */
export async function exportCsv(ctx: CoreContext, session: Session, input: ChannelParsedInput<'export.csv'>): Promise<ExportCsvResult> {
  const suggested = exportFileName(input.what, input.from, input.to, ctx.now());
  let file: string;
  let download: string | null = null;
  if (ctx.files) {
    const chosen = await ctx.files.chooseSaveFile(suggested);
    if (!chosen) throw new AppError('CANCELLED', 'Nothing was exported: no file was chosen.');
    file = chosen;
  } else {
    const dir = exportsDirOf(ctx.sqlite.name);
    mkdirSync(dir, { recursive: true });
    file = join(dir, suggested);
    download = `/download/${encodeURIComponent(suggested)}`;
  }
  const counts = await runJob({ jobId: input.jobId, channel: 'export.csv', session, cancellable: true }, (job) =>
    exportToFile(ctx, { what: input.what, from: input.from, to: input.to, bom: input.bom, file }, job),
  );
  auditExport(ctx, session.staff?.id ?? null, {
    what: input.what,
    from: input.from ?? null,
    to: input.to ?? null,
    rows: counts.rows,
    fileName: basename(file),
    via: 'app',
  });
  return { fileName: basename(file), savedTo: file, download, ...counts };
}
