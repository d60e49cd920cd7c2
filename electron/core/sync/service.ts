import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SyncConflict, SyncStatus } from '../../../src/shared/contract/sync';
import type { CoreContext, ReadContext } from '../context';
import { syncState } from '../db/schema';
import { AppError } from '../errors';
import { readSettings } from '../features/setup/settings';
import type { JobControl } from '../jobs';
import type { Logger } from '../log';
import { maskConnectionString } from './central/connection';
import { type CentralConnection, type CentralPoolOptions, openCentralPool } from './central/pool';
import { members, syncConflicts } from './central/schema';
import { DEFAULT_BATCH } from './push';
import { checkCentralSchema, classifySyncError, type SyncRunResult, syncOnce } from './run';
import { readSyncState, recordSyncError, waitingEvents } from './state';
import { SyncWorkerClient, SyncWorkerFailure } from './worker/client';

/**
 * Where the central connection string is kept: Electron's safeStorage in the app (main provides
 * it), the environment (RINGUP_CENTRAL_URL) or a command-line flag for `ringup serve` and
 * `ringup sync`. Never the settings table, never a log line, never the renderer.
 */
export interface CentralSecretStore {
  get(): string | null;
  /** null clears it; returns false where it cannot be kept beyond this process (then it lasts until exit) */
  set(connectionString: string | null): boolean;
}

/** A store that keeps the string in memory only (the CLI's flag, the web server's environment). */
export function memorySecretStore(initial: string | null = null): CentralSecretStore {
  let value = initial?.trim() || null;
  return {
    get: () => value,
    set: (next) => {
      value = next?.trim() || null;
      return false;
    },
  };
}

export interface SyncServiceOptions {
  secrets: CentralSecretStore;
  log: Logger;
  now?: () => number;
  /** between runs while all is well (a sale's events reach central within about this long) */
  intervalMs?: number;
  /** the first wait after a failure; doubles (with jitter) up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  pool?: CentralPoolOptions;
  batchSize?: number;
  pageSize?: number;
  statementTimeoutMs?: number;
  random?: () => number;
  /**
   * run push and pull on a worker thread with its own connections (the app and `ringup serve`):
   * the till's event loop then never waits behind a batch being prepared. Off: in this thread.
   */
  worker?: boolean;
}

/** pull pages in the worker: each is one write transaction the till's own writes wait behind */
const WORKER_PAGE = 250;

export type { SyncRunResult } from './run';
export { classifySyncError } from './run';

type Outcome = { state: 'ok' } | { state: 'offline' | 'refused'; message: string };

/**
 * The sync loop of a terminal (main process, `ringup serve`): push, then pull, then wait. It
 * never holds a terminal transaction while the network is waited for (push and pull read and
 * write the terminal in short transactions between central round trips), so the till sells on;
 * one run at a time; after a failure it waits with exponential backoff and jitter, after a
 * success `intervalMs`. Stopping ends the pool gracefully.
 */
export class SyncService {
  private readonly now: () => number;
  private connection: { url: string; central: CentralConnection } | null = null;
  private current: Promise<SyncRunResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private outcome: Outcome | null = null;
  private nextAttemptAt: number | null = null;
  private started = false;
  private stopped = false;
  private checkedSchema = false;
  private workerClient: SyncWorkerClient | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: SyncServiceOptions,
  ) {
    this.now = options.now ?? ctx.now;
  }

  configured(): boolean {
    return this.options.secrets.get() !== null;
  }

  /** The status the top bar and the Sync page show (reads the terminal; never the network). */
  status(read: ReadContext = this.ctx): SyncStatus {
    const state = readSyncState(read);
    const { waiting, oldestAt } = waitingEvents(read);
    const url = this.options.secrets.get();
    let display: string | null = null;
    if (url) {
      try {
        const parsed = new URL(url);
        display = `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
      } catch {
        display = maskConnectionString(url);
      }
    }
    const outcome = this.outcome;
    const lastBad = outcome && outcome.state !== 'ok' ? outcome : null;
    let shown: SyncStatus['state'] = waiting > 0 ? 'waiting' : 'synced';
    if (!url) shown = 'off';
    else if (lastBad) shown = lastBad.state;
    // no run yet since this process started: the last one recorded says how it went
    else if (!outcome && state.lastError) shown = 'offline';
    else if (!outcome && state.registeredAt === null) shown = 'waiting';
    return {
      state: shown,
      running: this.current !== null,
      configured: url !== null,
      centralDisplay: display,
      terminalId: readSettings(read).terminalId,
      storeId: state.storeId,
      registeredAt: state.registeredAt,
      waiting,
      oldestWaitingAt: oldestAt,
      lastPushAt: state.lastPushAt,
      lastPullAt: state.lastPullAt,
      lastError: lastBad?.message ?? state.lastError,
      lastErrorAt: lastBad ? (state.lastErrorAt ?? this.now()) : state.lastErrorAt,
      nextAttemptAt: url ? this.nextAttemptAt : null,
    };
  }

  /** Start the loop (first run soon after start). */
  start(firstDelayMs = 2_000): void {
    if (this.started) return;
    this.started = true;
    this.schedule(firstDelayMs);
  }

  /** Run now (or join the run going on): push everything waiting, then pull. Throws CENTRAL_UNAVAILABLE in words when it fails. */
  async runNow(job?: JobControl): Promise<SyncRunResult> {
    if (this.current) return this.current;
    const run = this.runOnce(job).finally(() => {
      this.current = null;
    });
    this.current = run;
    return run;
  }

  /** Ask for a run soon (e.g. just after a sale), unless one is due sooner or the loop is backing off. */
  nudge(delayMs = 250): void {
    if (!this.started || this.stopped || this.failures > 0) return;
    const due = this.now() + delayMs;
    if (this.nextAttemptAt !== null && this.nextAttemptAt <= due) return;
    this.schedule(delayMs);
  }

  /** Keep a new connection string (or clear it); says how it is kept. Call reconfigure() after. */
  setConnectionString(value: string | null): 'encrypted by the operating system' | 'until this process ends' {
    return this.options.secrets.set(value) ? 'encrypted by the operating system' : 'until this process ends';
  }

  /** A new connection string (or none): the pool to the old one is ended; the next run uses the new one. */
  async reconfigure(): Promise<void> {
    await this.closeConnection();
    this.outcome = null;
    this.failures = 0;
    this.checkedSchema = false;
    if (this.started && !this.stopped) this.schedule(250);
  }

  /** Connect and check the central schema, without pushing (sync.configure's test). */
  async test(connectionString: string): Promise<void> {
    const central = openCentralPool(connectionString, { ...this.options.pool, max: 1, log: this.options.log });
    try {
      await checkCentralSchema(central);
    } catch (error) {
      const { message } = classifySyncError(error, connectionString);
      throw new AppError('CENTRAL_UNAVAILABLE', message);
    } finally {
      await central.end();
    }
  }

  async conflicts(includeResolved: boolean): Promise<SyncConflict[]> {
    const central = await this.central();
    try {
      const rows = await central.db
        .select()
        .from(syncConflicts)
        .where(includeResolved ? undefined : isNull(syncConflicts.resolvedAt))
        .orderBy(sql`${syncConflicts.resolvedAt} IS NOT NULL`, desc(syncConflicts.detectedAt))
        .limit(500);
      return rows.map(describeConflict);
    } catch (error) {
      throw new AppError('CENTRAL_UNAVAILABLE', classifySyncError(error, this.connection?.url ?? '').message);
    }
  }

  async resolveConflict(id: string, by: string): Promise<SyncConflict> {
    const central = await this.central();
    try {
      return await central.db.transaction(async (tx) => {
        const [row] = await tx
          .update(syncConflicts)
          .set({ resolvedAt: this.now(), resolvedBy: by })
          .where(and(eq(syncConflicts.id, id), isNull(syncConflicts.resolvedAt)))
          .returning();
        if (!row) {
          const [known] = await tx.select().from(syncConflicts).where(eq(syncConflicts.id, id));
          if (!known) throw new AppError('NOT_FOUND', 'There is no such conflict on the central database.');
          throw new AppError('CONFLICT', `That conflict was already settled by ${known.resolvedBy ?? 'someone'}.`);
        }
        // a member held back by a duplicate goes out again, and so does the original: a till that
        // enrolled the duplicate skipped the original when it clashed there (a new change_seq each,
        // the trigger gives one)
        if (row.kind === 'member_duplicate' && row.memberId) {
          const other = (row.details as { otherMemberId?: unknown }).otherMemberId;
          const ids = typeof other === 'string' ? [row.memberId, other] : [row.memberId];
          await tx.update(members).set({ changeSeq: 0 }).where(inArray(members.id, ids));
        }
        return describeConflict(row);
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('CENTRAL_UNAVAILABLE', classifySyncError(error, this.connection?.url ?? '').message);
    }
  }

  /** Stop the loop; waits for a run going on, then ends the pool. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => {});
    await this.closeConnection();
    await this.workerClient?.close();
    this.workerClient = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      void this.tick();
    }, delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (!this.configured()) {
      this.schedule(this.options.intervalMs ?? 10_000);
      return;
    }
    try {
      await this.runNow();
    } catch {
      // recorded by runOnce; the backoff is scheduled below
    }
    if (this.stopped) return;
    if (this.failures === 0) {
      // more arrived while it ran: go again soon
      this.schedule(waitingEvents(this.ctx).waiting > 0 ? 250 : (this.options.intervalMs ?? 10_000));
    } else {
      const min = this.options.minBackoffMs ?? 1_000;
      const max = this.options.maxBackoffMs ?? 5 * 60_000;
      const ceiling = Math.min(max, min * 2 ** Math.min(this.failures - 1, 20));
      // full jitter: many terminals coming back after an outage do not knock at once
      const random = this.options.random ?? Math.random;
      this.schedule(Math.max(min, Math.round(ceiling / 2 + (random() * ceiling) / 2)));
    }
  }

  private async central(): Promise<CentralConnection> {
    const url = this.options.secrets.get();
    if (!url) throw new AppError('VALIDATION', 'No central database is configured: enter its connection string in Manager → Sync.');
    if (this.connection && this.connection.url !== url) await this.closeConnection();
    if (!this.connection) {
      this.connection = { url, central: openCentralPool(url, { ...this.options.pool, log: this.options.log }) };
      this.checkedSchema = false;
    }
    return this.connection.central;
  }

  private async closeConnection(): Promise<void> {
    const open = this.connection;
    this.connection = null;
    await open?.central.end();
  }

  private async runOnce(job?: JobControl): Promise<SyncRunResult> {
    const url = this.options.secrets.get();
    if (!url) throw new AppError('VALIDATION', 'No central database is configured: enter its connection string in Manager → Sync.');
    const settings = {
      batchSize: this.options.batchSize ?? DEFAULT_BATCH,
      pageSize: this.options.pageSize ?? (this.runsInWorker() ? WORKER_PAGE : 2_000),
      statementTimeoutMs: this.options.statementTimeoutMs ?? 30_000,
    };
    const progress = job ? (phase: string, done: number, total: number) => job.progress(phase, done, total) : undefined;
    try {
      let result: SyncRunResult;
      if (this.runsInWorker()) {
        this.workerClient ??= new SyncWorkerClient(this.ctx.sqlite.name, this.options.log, this.ctx.writeTurns ?? null);
        result = await this.workerClient.run({ connectionString: url, pool: { ...this.options.pool }, ...settings }, progress, job?.signal);
      } else {
        const central = await this.central();
        if (!this.checkedSchema) {
          await checkCentralSchema(central);
          this.checkedSchema = true;
        }
        const { reconciled, ...inline } = await syncOnce(this.ctx, central, {
          ...settings,
          now: this.now,
          ...(job ? { signal: job.signal } : {}),
          ...(progress ? { progress } : {}),
        });
        if (reconciled) this.options.log.info('sync.reconciled', { ...reconciled });
        result = inline;
      }
      this.failures = 0;
      this.outcome = { state: 'ok' };
      // everything waiting went and central's changes came: the till is synced (the offline daily cap on points is lifted a while)
      const syncedAt = this.now();
      this.ctx.sqlite
        .transaction(() =>
          this.ctx.db
            .update(syncState)
            .set({ lastError: null, lastErrorAt: null, lastSyncedAt: syncedAt })
            .where(eq(syncState.id, 1))
            .run(),
        )
        .immediate();
      if (result.pushed + result.pulled > 0)
        this.options.log.info('sync.ran', { pushed: result.pushed, duplicates: result.duplicates, pulled: result.pulled });
      return result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CANCELLED') throw error;
      if ((error as { name?: string })?.name === 'AbortError' || (error instanceof SyncWorkerFailure && error.state === 'cancelled'))
        throw new AppError('CANCELLED', 'Stopped: what was sent stays sent.');
      const { state, message } =
        error instanceof SyncWorkerFailure
          ? { state: error.state as 'offline' | 'refused', message: error.message }
          : classifySyncError(error, url);
      this.failures += 1;
      this.outcome = { state, message };
      recordSyncError(this.ctx, message, this.now());
      this.options.log.warn('sync.failed', { state, error: message });
      // a dropped connection may leave the pool holding dead clients: start afresh next time
      if (state === 'offline') await this.closeConnection();
      throw new AppError('CENTRAL_UNAVAILABLE', message);
    }
  }

  /** Whether runs go to the sync worker (asked for, and a database file a second connection can open). */
  private runsInWorker(): boolean {
    return this.options.worker === true && !this.ctx.sqlite.memory;
  }
}

/** A conflict row for the Sync page, with a sentence saying what it is. */
export function describeConflict(row: typeof syncConflicts.$inferSelect): SyncConflict {
  const d = row.details as Record<string, unknown>;
  const summaries: Record<string, string> = {
    points_overspent: `Member ${String(d.memberId ?? row.memberId ?? '?')} spent points at two stores while offline: central balance is ${String(d.centralBalance ?? '?')} points.`,
    member_duplicate: `Member ${String(d.memberId ?? '?')} has the same ${String(d.field ?? 'details')} (${String(d.value ?? '')}) as member ${String(d.otherMemberId ?? '?')}: merge them.`,
    catalog_duplicate: `A ${String(d.what ?? 'catalogue row')} made at terminal ${row.terminalId ?? '?'} has a name or SKU central has on another id: central's was kept.`,
    terminal_claimed: `A second device claimed terminal id ${String(d.terminalId ?? row.terminalId ?? '?')}: it was refused.`,
    history_diverged: `Terminal ${row.terminalId ?? '?'} sent another event at number ${String(d.seq ?? '?')} than central has (restored and sold before syncing, or a copied disk): nothing was overwritten.`,
    receipt_collision: `Terminal ${row.terminalId ?? '?'} sent receipt ${String(d.receiptNo ?? '?')} again on another sale: refused.`,
  };
  return {
    id: row.id,
    kind: row.kind,
    storeId: row.storeId,
    terminalId: row.terminalId,
    memberId: row.memberId,
    eventId: row.eventId,
    summary: summaries[row.kind] ?? row.kind,
    details: d,
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  };
}

/** Make the sync service of an opened terminal and hand it to its handlers (writer and reader contexts). */
export function attachSyncService(terminal: { ctx: CoreContext; readCtx: ReadContext | null }, options: SyncServiceOptions): SyncService {
  const service = new SyncService(terminal.ctx, options);
  terminal.ctx.sync = service;
  if (terminal.readCtx) terminal.readCtx.sync = service;
  return service;
}
