import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { drizzleOf, openSqlite } from '../db/open';
import { AppError } from '../errors';
import { silentLogger } from '../log';
import type { ReadTaskRequest, ReadWorkerData, ReadWorkerMessage } from './protocol';
import { type ReadTask, readTasks, type TaskReport } from './tasks';

// A read worker: runs the read tasks it is sent, one at a time, each on a connection of its own
// that cannot write (read-only file handle + PRAGMA query_only), opened for the task and closed
// after it, so a year's export never holds the till's thread or its writer.

const data = workerData as ReadWorkerData;

// the till comes first: on Linux a thread has its own nice value, and os.setPriority(0, …) sets the
// calling thread's, so a year's report or a backup's journal walk yields the CPU to a sale (on
// two cores the worker and the till's thread otherwise compete with everything else). Elsewhere
// it may apply to the process or be refused: then it is left as it is.
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // not allowed here: the worker runs at the till's priority
  }
}

/**
 * A task's page cache (KiB) where the default 8 MB is more than it needs: an export part walks its
 * tables in key order and reads each page once (measured: 2 MB exports as fast, and two parts side
 * by side hold 12 MB less).
 */
const PAGE_CACHE_KIB: Partial<Record<string, number>> = { 'export.part': 2000 };

function post(message: ReadWorkerMessage): void {
  parentPort?.postMessage(message);
}

async function run(request: ReadTaskRequest): Promise<unknown> {
  const task = (readTasks as Record<string, ReadTask<unknown, unknown>>)[request.name];
  if (!task) throw new Error(`no read task called ${request.name}`);
  const cancelFlag = new Int32Array(request.cancelFlag);
  const sqlite = openSqlite(request.dbFile, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
  try {
    sqlite.pragma('query_only = ON');
    // a long read walks each page once: a small page cache (not the 64 MB of the till's own
    // connections) and sorts spilling to temp files keep the worker's memory flat whatever the size
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB[request.name] ?? 8000}`);
    sqlite.pragma('temp_store = DEFAULT');
    const ctx = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: silentLogger };
    const report: TaskReport = {
      progress: (phase, done, total) => post({ taskId: request.taskId, type: 'progress', phase, done, total }),
      throwIfCancelled: () => {
        if (Atomics.load(cancelFlag, 0) === 1) throw new AppError('CANCELLED', 'Stopped: nothing of it was kept.');
      },
    };
    return await task(ctx, request.input, report);
  } finally {
    sqlite.close();
  }
}

function failure(taskId: number, error: unknown): ReadWorkerMessage {
  if (error instanceof AppError) {
    const appError = { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
    return { taskId, type: 'error', appError, message: error.message };
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  // an SQLite error keeps its code (SQLITE_CORRUPT…): the caller tells a damaged file from a bug by it
  const code = (cause as { code?: unknown }).code;
  return {
    taskId,
    type: 'error',
    appError: null,
    message: cause.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause.stack ? { stack: cause.stack } : {}),
  };
}

// tasks arrive one at a time (the caller keeps a worker busy until its answer), so no queue here
parentPort?.on('message', (request: ReadTaskRequest) => {
  if (request.type !== 'run') return;
  run(request).then(
    (value) => post({ taskId: request.taskId, type: 'result', value }),
    (error: unknown) => post(failure(request.taskId, error)),
  );
});
