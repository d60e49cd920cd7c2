import type { ReadContext } from '../context';

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
 * A task whose module is loaded the first time it runs. A worker then holds the code (and the
 * module-level objects: zod schemas, drizzle tables) of the tasks it ran, not of all of them:
 * measured, a worker that loaded every task's module took ~39 MB before its first row, one that
 * loaded only the export's ~16 MB, and an export runs two workers side by side.
 */
function onDemand<T extends ReadTask<never, unknown>>(
  load: () => Promise<T>,
): (ctx: ReadContext, input: Parameters<T>[1], report: TaskReport) => Promise<Awaited<ReturnType<T>>> {
  // T is the task's own function type: its input is Parameters<T>[1], its result ReturnType<T>
  type Loaded = (ctx: ReadContext, input: Parameters<T>[1], report: TaskReport) => Promise<Awaited<ReturnType<T>>>;
  return (ctx, input, report) => load().then((task) => (task as unknown as Loaded)(ctx, input, report));
}

/**
 * Every task the read worker can run, by name. Add a report here as `'report.x': onDemand(() =>
 * import(…).then((m) => m.x))`: the name, the input and the result type follow from the function.
 */
export const readTasks = {
  'backup.integrity': onDemand(() => import('../features/backup/checks').then((m) => m.integrityRows)),
  'backup.chain': onDemand(() => import('../features/backup/checks').then((m) => m.chainRows)),
  'backup.copy': onDemand(() => import('../features/backup/checks').then((m) => m.copySnapshot)),
  'export.plan': onDemand(() => import('../features/exports/csvFile').then((m) => m.planCsvExport)),
  'export.part': onDemand(() => import('../features/exports/csvFile').then((m) => m.writeCsvPart)),
  'report.sales': onDemand(() => import('../features/reports/salesReport').then((m) => m.salesReport)),
} satisfies Record<string, ReadTask<never, unknown>>;

export type ReadTaskName = keyof typeof readTasks;
export type ReadTaskInput<N extends ReadTaskName> = Parameters<(typeof readTasks)[N]>[1];
export type ReadTaskOutput<N extends ReadTaskName> = Awaited<ReturnType<(typeof readTasks)[N]>>;
