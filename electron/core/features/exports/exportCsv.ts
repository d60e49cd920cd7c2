import { mkdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ChannelParsedInput } from '../../../../src/shared/contract';
import type { ExportCsvResult, ExportKind } from '../../../../src/shared/contract/exports';
import { audit } from '../../audit';
import type { CoreContext, ReadContext } from '../../context';
import { AppError } from '../../errors';
import { type JobControl, runJob } from '../../jobs';
import type { Session } from '../../session';
import { runReadTask } from '../../worker/runReadTask';
import { type CsvExportTask, partFileOf } from './csvFile';

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

/** How many parts one export is read in at most, side by side: two workers (never more than the cores). */
const EXPORT_PARTS = Math.min(2, availableParallelism());

/**
 * Export to `file` in read workers; the counts and how long it took. Used by the channel and the CLI.
 * A plan (export.plan) counts the records and cuts a long export's range in parts; each part is
 * written by a worker of its own (export.part), side by side, to `<file>.part`, `<file>.2.part`…;
 * the parts are then laid end to end in the first (asynchronous I/O: this thread only waits), synced
 * and renamed over `file`. Progress is the records of all parts; a cancel (or a failed part) stops
 * every part, and no part file is left behind.
 */
export async function exportToFile(
  ctx: ReadContext,
  input: CsvExportTask,
  job: JobControl,
  options: { parts?: number; minRowsToSplit?: number } = {},
): Promise<{ rows: number; bytes: number; tookMs: number }> {
  const started = Date.now();
  const partFiles: string[] = [];
  try {
    const plan = await runReadTask(
      ctx,
      {
        name: 'export.plan',
        input: {
          what: input.what,
          from: input.from,
          to: input.to,
          parts: options.parts ?? EXPORT_PARTS,
          ...(options.minRowsToSplit !== undefined ? { minRows: options.minRowsToSplit } : {}),
        },
      },
      job,
    );
    const phase = 'Writing';
    job.progress(phase, 0, plan.total);
    const done = plan.ranges.map(() => 0);
    const failed = new AbortController();
    const signal = AbortSignal.any([job.signal, failed.signal]);
    const partJob = (index: number): JobControl => ({
      id: job.id,
      signal,
      setCancellable: (cancellable) => job.setCancellable(cancellable),
      progress: (_phase, rows) => {
        done[index] = rows;
        const sum = done.reduce((a, b) => a + b, 0);
        job.progress(phase, sum, Math.max(plan.total, sum));
      },
      throwIfCancelled: () => {
        job.throwIfCancelled();
        if (signal.aborted) throw new AppError('CANCELLED', 'Stopped: nothing of it was kept.');
      },
    });
    const single = plan.ranges.length === 1;
    const outcomes = await Promise.allSettled(
      plan.ranges.map((range, index) => {
        const partFile = partFileOf(input.file, index);
        partFiles.push(partFile);
        const part = { what: input.what, range, first: index === 0, bom: input.bom, file: partFile, fsync: single };
        return runReadTask(ctx, { name: 'export.part', input: part }, partJob(index)).catch((error: unknown) => {
          // one part failing stops the others: the export is lost anyway
          failed.abort();
          throw error;
        });
      }),
    );
    const counts = outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return outcome.value;
      throw firstFailure(outcomes) ?? outcome.reason;
    });
    const [first, ...rest] = partFiles;
    if (!first) throw new Error('an export plan with no part');
    if (!single) await appendFiles(first, rest);
    await rename(first, input.file);
    return {
      rows: counts.reduce((sum, part) => sum + part.rows, 0),
      bytes: counts.reduce((sum, part) => sum + part.bytes, 0),
      tookMs: Date.now() - started,
    };
  } catch (error) {
    // a worker terminated mid-write cannot remove its own partial file
    for (const partFile of partFiles) rmSync(partFile, { force: true });
    throw error;
  }
}

/** The error a failed part answered, before the CANCELLED of the parts it stopped. */
function firstFailure(outcomes: PromiseSettledResult<unknown>[]): unknown {
  const reasons = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  return reasons.find((reason) => !(reason instanceof AppError && reason.code === 'CANCELLED')) ?? reasons[0];
}

/** Append `sources` to `target` in order (then remove them) and sync it: async reads and writes of 1 MiB. */
async function appendFiles(target: string, sources: string[]): Promise<void> {
  const out = await open(target, 'a');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (const source of sources) {
      const input = await open(source, 'r');
      try {
        for (;;) {
          const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          let written = 0;
          while (written < bytesRead) written += (await out.write(buffer, written, bytesRead - written)).bytesWritten;
        }
      } finally {
        await input.close();
      }
      await rm(source, { force: true });
    }
    await out.sync();
  } finally {
    await out.close();
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
