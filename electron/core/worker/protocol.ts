// The messages between runReadTask (the caller's thread) and a read worker.

/** What a worker is started with (workerData): the same for every task it runs. */
export interface ReadWorkerData {
  nativeBinding: string | null;
}

/** One task for the worker. */
export interface ReadTaskRequest {
  type: 'run';
  /** the caller's number for this task: every answer carries it */
  taskId: number;
  dbFile: string;
  name: string;
  input: unknown;
  /** one Int32: 0 while running, 1 once the caller asked to cancel (read between rows, no message needed) */
  cancelFlag: SharedArrayBuffer;
}

/** What the worker posts back per task: progress any number of times, then exactly one result or error. */
export type ReadWorkerMessage = { taskId: number } & (
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | {
      type: 'error';
      appError: { code: string; message: string; details?: Record<string, unknown> } | null;
      message: string;
      /** the error's own code (an SQLite error's SQLITE_…), when it had one */
      code?: string;
      stack?: string;
    }
);
