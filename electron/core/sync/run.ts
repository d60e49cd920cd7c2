import { DrizzleQueryError } from 'drizzle-orm';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { describeDatabaseError, maskConnectionString } from './central/connection';
import { centralMigrations, centralSchemaVersion } from './central/migrate';
import type { CentralConnection } from './central/pool';
import { PushRefusedError } from './central/receive';
import { pullAll } from './pull';
import { DEFAULT_BATCH, pushAll, type Reconciled } from './push';

export interface SyncRunResult {
  pushed: number;
  duplicates: number;
  pulled: number;
  conflicts: number;
}

export interface SyncOnceOptions {
  batchSize?: number;
  pageSize?: number;
  statementTimeoutMs?: number;
  now?: () => number;
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number) => void;
}

/** Refuse a central database this app cannot work with, in words. */
export async function checkCentralSchema(central: CentralConnection): Promise<void> {
  const client = await central.pool.connect();
  try {
    const version = await centralSchemaVersion(client);
    if (version === 0)
      throw new AppError(
        'VALIDATION',
        'The central database is not set up for Ringup yet: run "ringup central migrate --url …" against it once.',
      );
    if (version > centralMigrations.length)
      throw new AppError(
        'VALIDATION',
        `The central database was migrated by a newer Ringup (schema ${version}; this app knows ${centralMigrations.length}): update this terminal.`,
      );
    if (version < centralMigrations.length)
      throw new AppError(
        'VALIDATION',
        `The central database is at schema ${version} of ${centralMigrations.length}: run "ringup central migrate" to bring it up to date.`,
      );
  } finally {
    client.release();
  }
}

/** One round: push everything waiting, then pull; the same in the till's thread and in the sync worker. */
export async function syncOnce(
  ctx: CoreContext,
  central: CentralConnection,
  options: SyncOnceOptions,
): Promise<SyncRunResult & { reconciled: Reconciled | null }> {
  options.progress?.('Sending', 0, 0);
  const pushed = await pushAll(ctx, central.db, {
    batchSize: options.batchSize ?? DEFAULT_BATCH,
    now: options.now ?? ctx.now,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { onProgress: (done: number, total: number) => options.progress?.('Sending', done, total) } : {}),
  });
  options.progress?.('Receiving', 0, 0);
  const pulled = await pullAll(ctx, central.db, {
    pageSize: options.pageSize ?? 2_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { onProgress: (done: number) => options.progress?.('Receiving', done, 0) } : {}),
  });
  return {
    pushed: pushed.sent,
    duplicates: pushed.duplicates,
    pulled: pulled.taxClasses + pulled.categories + pulled.products + pulled.members,
    conflicts: pushed.conflicts.length,
    reconciled: pushed.reconciled,
  };
}

/** A failure of a run, in words for the Sync page, and whether a person must look (refused) or it will pass (offline). */
export function classifySyncError(thrown: unknown, connectionString: string): { state: 'offline' | 'refused'; message: string } {
  // drizzle wraps a failed statement as "Failed query: <sql> params: <every value>" (payloads and
  // all) without the driver's code: the driver's error, its cause, is what says what happened
  let error = thrown;
  while (error instanceof DrizzleQueryError && error.cause) error = error.cause;
  if (error instanceof PushRefusedError) return { state: 'refused', message: error.message };
  if (error instanceof AppError) return { state: 'refused', message: error.message };
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const text = describeDatabaseError(error, connectionString);
  const where = maskConnectionString(connectionString);
  if (code === '28P01' || code === '28000')
    return { state: 'refused', message: `The central database refused the user name or password (${where}). Check the connection string.` };
  if (code === '3D000') return { state: 'refused', message: `The central database does not exist (${where}): ${text}` };
  if (code === '42P01' || code === '3F000')
    return {
      state: 'refused',
      message: `The central database is not set up for Ringup: run "ringup central migrate" against it. (${text})`,
    };
  if (
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE)$/.test(code) ||
    /timeout|terminated|Connection/i.test(text)
  )
    return {
      state: 'offline',
      message: `Central database unreachable (${where}): ${text}. Sales go on; events wait here and go when it answers.`,
    };
  return { state: 'offline', message: `Sync failed (${where}): ${text}` };
}
