import { existsSync } from 'node:fs';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../src/shared/result';
import type { ReadContext } from '../context';
import { AppError } from '../errors';
import type { JobControl } from '../jobs';
import type { ReadTaskRequest, ReadWorkerData, ReadWorkerMessage } from './protocol';
import { type ReadTask, type ReadTaskInput, type ReadTaskName, type ReadTaskOutput, readTasks } from './tasks';

// Long reads (reports, exports) run off the main thread: runReadTask hands one named task of
// tasks.ts to a worker_threads Worker, which opens the database file READ-ONLY itself and runs
// it there. The caller's thread only relays progress; a sale never waits behind a year's report.
//
// Workers are kept: starting one costs ~0.1 s bundled and seconds from the TypeScript sources
// (tsx compiles the core again in the new thread), so an idle worker waits IDLE_MS for the next
// task (unref'd: it never keeps a CLI or test process alive). A busy worker runs one task; a
// second task at the same time gets a second worker.

export interface ReadWorkerConfig {
  /** the worker's entry file: the Electron build passes out/main/readWorker.js; default: the tsx bootstrap beside this file */
  entry?: string;
  /** better-sqlite3 built for this runtime (Electron passes the same binding as its writer's) */
  nativeBinding?: string;
  /** after a cancel, how long the task may take to notice before its worker is terminated */
  cancelGraceMs?: number;
  /** how long an idle worker is kept for the next task */
  idleMs?: number;
  /** the V8 heap limits of a worker (see READ_WORKER_LIMITS) */
  resourceLimits?: ResourceLimits;
}

/**
 * A read worker's young generation is kept small: a long read allocates its rows and their text at
 * a high rate and keeps almost none of it, so V8 would grow the young generation to its default
 * maximum (48 MB) for nothing, and an export's two workers side by side would add that twice to
 * the process. Measured on the 1M-line export: 3 MB holds the export's growth to ~33 MB (48 MB:
 * ~80 MB), at the CPU time per row of 4 or 8 MB within the noise; 16 MB or more saves ~10% of it
 * in the garbage collector.
 */
const READ_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3 };

let config: ReadWorkerConfig = {};

/** Set how read workers start (Electron main calls it once with its bundle's worker file and native binding). */
export function configureReadWorkers(next: ReadWorkerConfig): void {
  config = { ...config, ...next };
  // workers started with the old settings finish their task and are not reused
  for (const worker of idle.splice(0)) void worker.terminate();
}

/** The file a read worker starts from, as things are configured. */
export function readWorkerEntry(): string | URL {
  return config.entry ?? new URL('./readWorker.dev.mjs', import.meta.url);
}

const idle: Worker[] = [];
const idleTimers = new WeakMap<Worker, ReturnType<typeof setTimeout>>();
let nextTaskId = 1;

function startWorker(): Worker {
  const entry = readWorkerEntry();
  if (typeof entry === 'string' && !existsSync(entry)) throw new Error(`the read worker ${entry} is missing from this build`);
  const data: ReadWorkerData = { nativeBinding: config.nativeBinding ?? null };
  const worker = new Worker(entry, { workerData: data, resourceLimits: config.resourceLimits ?? READ_WORKER_LIMITS });
  worker.once('exit', () => {
    const at = idle.indexOf(worker);
    if (at !== -1) idle.splice(at, 1);
  });
  return worker;
}

function takeWorker(): Worker {
  const worker = idle.pop() ?? startWorker();
  clearTimeout(idleTimers.get(worker));
  worker.ref();
  return worker;
}

function giveBack(worker: Worker): void {
  worker.unref();
  idle.push(worker);
  const timer = setTimeout(() => {
    const at = idle.indexOf(worker);
    if (at !== -1) idle.splice(at, 1);
    void worker.terminate();
  }, config.idleMs ?? 60_000);
  timer.unref();
  idleTimers.set(worker, timer);
}

function cancelledError(): AppError {
  return new AppError('CANCELLED', 'Stopped: nothing of it was kept.');
}

/**
 * Run the read task `name` on `ctx`'s database in a worker thread (its own read-only connection),
 * relaying its progress to `job` and a cancel of `job` to it. An in-memory database cannot be
 * opened a second time: its tasks run inline on `ctx` instead (same results, on the caller's
 * thread; a cancel is then only seen before the task starts, as the task runs to its end at once).
 */
export async function runReadTask<N extends ReadTaskName>(
  ctx: ReadContext,
  task: { name: N; input: ReadTaskInput<N> },
  job: JobControl,
): Promise<ReadTaskOutput<N>> {
  job.throwIfCancelled();
  if (ctx.sqlite.memory || ctx.sqlite.name === '' || ctx.sqlite.name === ':memory:') {
    const run = readTasks[task.name] as ReadTask<ReadTaskInput<N>, ReadTaskOutput<N>>;
    return await run(ctx, task.input, { progress: job.progress, throwIfCancelled: job.throwIfCancelled });
  }
  const worker = takeWorker();
  const taskId = nextTaskId++;
  const cancelFlag = new SharedArrayBuffer(4);
  return await new Promise<ReadTaskOutput<N>>((resolve, reject) => {
    let settled = false;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const settle = (reuse: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      job.signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reuse) giveBack(worker);
      else void worker.terminate();
      outcome();
    };
    const onAbort = () => {
      // the task sees the flag between rows and stops cleanly (removing its partial output);
      // one stuck inside a single long statement is terminated after the grace period
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      graceTimer = setTimeout(() => settle(false, () => reject(cancelledError())), config.cancelGraceMs ?? 10_000);
    };
    const onMessage = (message: ReadWorkerMessage) => {
      if (message.taskId !== taskId) return;
      if (message.type === 'progress') job.progress(message.phase, message.done, message.total);
      else if (message.type === 'result') settle(true, () => resolve(message.value as ReadTaskOutput<N>));
      else
        settle(true, () => {
          if (message.appError) {
            const { code, message: text, details } = message.appError;
            reject(new AppError(code as ErrorCode, text, details));
            return;
          }
          const error = Object.assign(
            new Error(`read task ${task.name} failed: ${message.message}`),
            message.code ? { code: message.code } : {},
          );
          if (message.stack) error.stack = message.stack;
          reject(error);
        });
    };
    const onError = (error: Error) => settle(false, () => reject(error));
    const onExit = (code: number) =>
      settle(false, () =>
        reject(job.signal.aborted ? cancelledError() : new Error(`the read worker stopped (exit code ${code}) before answering`)),
      );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    job.signal.addEventListener('abort', onAbort);
    if (job.signal.aborted) onAbort();
    const request: ReadTaskRequest = { type: 'run', taskId, dbFile: ctx.sqlite.name, name: task.name, input: task.input, cancelFlag };
    worker.postMessage(request);
  });
}
