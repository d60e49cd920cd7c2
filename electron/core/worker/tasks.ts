import type { ReadContext } from '../context';
import { chainRows, copySnapshot, integrityRows } from '../features/backup/checks';
import { writeCsvExport } from '../features/exports/csvFile';
import { salesReport } from '../features/reports/salesReport';

/**
 * What a read task sees of its job from inside the worker: report progress (posted to the job
 * the caller runs), and notice a cancel between rows or chunks (throws CANCELLED).
 */
export interface TaskReport {
  progress(phase: string, done: number, total: number): void;
  throwIfCancelled(): void;
}

/**
 * A long read: runs in a worker thread on its own read-only connection (or inline for an
 * in-memory database). Input and result cross a thread boundary: plain data only (structured clone).
 */
export type ReadTask<I, O> = (ctx: ReadContext, input: I, report: TaskReport) => O | Promise<O>;

/**
 * Every task the read worker can run, by name. Add a report here as `'report.x': (ctx, input,
 * report) => …`: the name, the input and the result type follow from the function.
 */
export const readTasks = {
  'backup.integrity': integrityRows,
  'backup.chain': chainRows,
  'backup.copy': copySnapshot,
  'export.csv': writeCsvExport,
  'report.sales': salesReport,
} satisfies Record<string, ReadTask<never, unknown>>;

export type ReadTaskName = keyof typeof readTasks;
export type ReadTaskInput<N extends ReadTaskName> = Parameters<(typeof readTasks)[N]>[1];
export type ReadTaskOutput<N extends ReadTaskName> = Awaited<ReturnType<(typeof readTasks)[N]>>;
