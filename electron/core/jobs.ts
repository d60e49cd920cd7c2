import type { JobProgress } from '../../src/shared/contract/jobs';
import { AppError } from './errors';
import type { Session } from './session';

/**
 * What long work sees of its job: report progress, and notice a cancel. `throwIfCancelled` throws
 * the CANCELLED AppError, so work that can stop between steps stops there and says so.
 */
export interface JobControl {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(phase: string, done: number, total: number): void;
  /** whether a cancel may stop the work from now on (e.g. false once a restore starts replacing the file) */
  setCancellable(cancellable: boolean): void;
  throwIfCancelled(): void;
}

interface JobEntry {
  progress: JobProgress;
  controller: AbortController;
  staffId: string | null;
}

// jobs are process-wide (a job id is a UUID the caller made); finished ones are kept ten minutes
// for a last look at their progress, at most 200 of them
const KEEP_FINISHED_MS = 10 * 60_000;
const MAX_FINISHED = 200;
const jobs = new Map<string, JobEntry>();

function prune(now: number): void {
  const finished = [...jobs.values()].filter((j) => j.progress.finishedAt !== null);
  for (const job of finished) {
    if (now - (job.progress.finishedAt ?? now) > KEEP_FINISHED_MS) jobs.delete(job.progress.jobId);
  }
  const left = finished.filter((j) => jobs.has(j.progress.jobId));
  for (const job of left.slice(0, Math.max(0, left.length - MAX_FINISHED))) jobs.delete(job.progress.jobId);
}

/** A JobControl that goes nowhere (the CLI passes its own progress bar through `onProgress`). */
export function detachedJob(onProgress?: (phase: string, done: number, total: number) => void, signal?: AbortSignal): JobControl {
  const controller = new AbortController();
  const own = signal ?? controller.signal;
  return {
    id: 'detached',
    signal: own,
    progress: (phase, done, total) => onProgress?.(phase, done, total),
    setCancellable: () => {},
    throwIfCancelled: () => {
      if (own.aborted) throw new AppError('CANCELLED', 'Stopped: nothing of it was kept.');
    },
  };
}

/**
 * Run `work` as the job `jobId` (or untracked when no id is given): its progress is readable through
 * job.progress while it runs and for ten minutes after; the same id twice at once is a CONFLICT.
 */
export async function runJob<T>(
  options: { jobId: string | undefined; channel: string; session: Session; cancellable?: boolean; now?: () => number },
  work: (job: JobControl) => Promise<T> | T,
): Promise<T> {
  const now = options.now ?? Date.now;
  if (!options.jobId) return await work(detachedJob());
  prune(now());
  const existing = jobs.get(options.jobId);
  if (existing && existing.progress.state === 'running') throw new AppError('CONFLICT', 'That job is already running.');
  const controller = new AbortController();
  const entry: JobEntry = {
    controller,
    staffId: options.session.staff?.id ?? null,
    progress: {
      jobId: options.jobId,
      channel: options.channel,
      state: 'running',
      phase: 'Starting',
      done: 0,
      total: 0,
      cancellable: options.cancellable ?? false,
      startedAt: now(),
      finishedAt: null,
      error: null,
    },
  };
  jobs.set(options.jobId, entry);
  const control: JobControl = {
    id: options.jobId,
    signal: controller.signal,
    progress: (phase, done, total) => {
      entry.progress = { ...entry.progress, phase, done: Math.max(0, Math.floor(done)), total: Math.max(0, Math.floor(total)) };
    },
    setCancellable: (cancellable) => {
      entry.progress = { ...entry.progress, cancellable };
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new AppError('CANCELLED', 'Stopped: nothing of it was kept.');
    },
  };
  try {
    const result = await work(control);
    entry.progress = { ...entry.progress, state: 'done', finishedAt: now() };
    return result;
  } catch (error) {
    const cancelled = error instanceof AppError && error.code === 'CANCELLED';
    entry.progress = {
      ...entry.progress,
      state: cancelled ? 'cancelled' : 'failed',
      finishedAt: now(),
      error: error instanceof AppError ? error.message : 'Something went wrong inside Ringup. The problem was logged.',
    };
    throw error;
  }
}

function visibleJob(jobId: string, session: Session): JobEntry {
  const job = jobs.get(jobId);
  // someone else's job is not found (a cashier cannot watch a manager's export), the operator sees all
  if (!job || (!session.operator && job.staffId !== (session.staff?.id ?? null))) {
    throw new AppError('NOT_FOUND', 'There is no such job (it may have finished more than ten minutes ago).');
  }
  return job;
}

export function jobProgress(jobId: string, session: Session): JobProgress {
  return visibleJob(jobId, session).progress;
}

/** Ask a job to stop; refused (CONFLICT) while it is at a step that must not be cut. */
export function cancelJob(jobId: string, session: Session): JobProgress {
  const job = visibleJob(jobId, session);
  if (job.progress.state !== 'running') return job.progress;
  if (!job.progress.cancellable) throw new AppError('CONFLICT', 'This cannot be stopped now: it is at a step that must finish.');
  job.controller.abort();
  return job.progress;
}
