import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreContext } from '../../context';
import { AppError } from '../../errors';
import { detachedJob } from '../../jobs';
import { readSettings } from '../setup/settings';
import { createBackup, ensureBackupFolder } from './create';
import { listBackups, readScheduleState, type ScheduledRun, updateManifest, writeScheduleState } from './folder';
import { isRestoring } from './host';
import { filesToKeep } from './retention';

/** The most recent moment at `hour`:00 local time that is not after `now`. */
export function lastDueSlot(now: number, hour: number): number {
  const slot = new Date(now);
  slot.setHours(hour, 0, 0, 0);
  if (slot.getTime() > now) slot.setDate(slot.getDate() - 1);
  return slot.getTime();
}

const RETRY_AFTER_FAILURE_MS = 3_600_000;

/** Whether a scheduled backup is due now: the daily slot passed since the last run (a missed one runs at the next start). */
export function scheduledBackupDue(last: ScheduledRun | null, now: number, hour: number): boolean {
  if (!last) return true;
  if (last.at < lastDueSlot(now, hour)) return true;
  return !last.ok && now - last.at >= RETRY_AFTER_FAILURE_MS;
}

/** Delete the scheduled backups that retention does not keep; returns their names. */
export function applyRetention(ctx: CoreContext, folder: string, now: number): string[] {
  const policy = readSettings(ctx).backup;
  const scheduled = listBackups(folder).filter((b) => b.kind === 'scheduled');
  const keep = filesToKeep(scheduled, now, policy);
  const removed = scheduled.filter((b) => !keep.has(b.name)).map((b) => b.name);
  for (const name of removed) rmSync(join(folder, name), { force: true });
  if (removed.length > 0) updateManifest(folder, (records) => records.filter((r) => !removed.includes(r.name)));
  return removed;
}

/** Run the scheduled backup now (and retention after it); records how it went beside the database. */
export async function runScheduledBackup(ctx: CoreContext): Promise<ScheduledRun | null> {
  const state = readScheduleState(ctx.sqlite.name);
  const at = ctx.now();
  try {
    const created = await createBackup(ctx, { kind: 'scheduled' }, detachedJob());
    applyRetention(ctx, ensureBackupFolder(ctx), ctx.now());
    const run: ScheduledRun = { at, ok: true, error: null, name: created.name };
    writeScheduleState(ctx.sqlite.name, { ...state, lastScheduled: run });
    return run;
  } catch (error) {
    // another backup or a restore is running: not a failure, the next check tries again
    if (error instanceof AppError && error.code === 'CONFLICT') return null;
    const message = error instanceof AppError ? error.message : 'The backup failed: the problem was logged.';
    ctx.log.error('backup.scheduled_failed', { error });
    const run: ScheduledRun = { at, ok: false, error: message, name: null };
    writeScheduleState(ctx.sqlite.name, { v: 1, lastScheduled: run, lastFailure: run });
    return run;
  }
}

/**
 * Start the daily backup of a running terminal (electron main, `ringup serve`): checks every
 * minute (and at once) whether the day's slot (settings.backup.hour, local time) has passed since
 * the last scheduled run; a run missed while the machine was off happens at the next start.
 * Returns stop(), which waits for a run in progress.
 */
export function startBackupSchedule(
  ctx: CoreContext,
  options: { checkEveryMs?: number; onRun?: (run: ScheduledRun) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const check = async () => {
    if (stopped || !ctx.sqlite.open || isRestoring(ctx.sqlite)) return;
    const all = readSettings(ctx);
    const settings = all.backup;
    // a terminal not set up yet has nothing to back up (and no name to give the file)
    if (settings.schedule === 'off' || !all.terminalId) return;
    if (!scheduledBackupDue(readScheduleState(ctx.sqlite.name).lastScheduled, ctx.now(), settings.hour)) return;
    const run = await runScheduledBackup(ctx);
    if (run) options.onRun?.(run);
  };
  const loop = () => {
    if (stopped) return;
    running = check()
      .catch((error: unknown) => ctx.log.error('backup.schedule_check_failed', { error }))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(loop, options.checkEveryMs ?? 60_000);
          timer.unref();
        }
      });
  };
  timer = setTimeout(loop, 0);
  timer.unref();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
