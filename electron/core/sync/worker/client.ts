import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WriteTurns } from '../../db/writeTurns';
import type { Logger } from '../../log';
import type { CentralPoolOptions } from '../central/pool';
import type { SyncRunResult } from '../run';
import type { SyncWorkerData, SyncWorkerMessage, SyncWorkerRequest } from './protocol';

export interface SyncWorkerConfig {
  /** the worker's entry: the Electron build passes out/main/syncWorker.js; default the tsx bootstrap beside this file */
  entry?: string;
  nativeBinding?: string;
}

let config: SyncWorkerConfig = {};

/** Set how the sync worker starts (Electron main: its bundle's worker file and native binding). */
export function configureSyncWorker(next: SyncWorkerConfig): void {
  config = { ...config, ...next };
}

/** A run's failure as the worker classified it. */
export class SyncWorkerFailure extends Error {
  override name = 'SyncWorkerFailure';
  constructor(
    readonly state: 'offline' | 'refused' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(result: SyncRunResult): void;
  reject(error: Error): void;
  progress?: ((phase: string, done: number, total: number) => void) | undefined;
}

/** The till's side of the sync worker: one worker thread for one terminal file, started on first use. */
export class SyncWorkerClient {
  private worker: Worker | null = null;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly dbFile: string,
    private readonly log: Logger,
    private readonly turns: WriteTurns | null = null,
  ) {}

  run(
    request: {
      connectionString: string;
      pool: Omit<CentralPoolOptions, 'log'>;
      batchSize: number;
      pageSize: number;
      statementTimeoutMs: number;
    },
    progress?: (phase: string, done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<SyncRunResult> {
    const worker = this.start();
    const runId = this.nextRunId++;
    // a run under way keeps the process alive (the CLI's --once); an idle worker does not
    worker.ref();
    return new Promise<SyncRunResult>((resolve, reject) => {
      this.pending.set(runId, {
        resolve: (result) => {
          this.idleCheck();
          resolve(result);
        },
        reject: (error) => {
          this.idleCheck();
          reject(error);
        },
        progress,
      });
      signal?.addEventListener('abort', () => worker.postMessage({ type: 'cancel', runId } satisfies SyncWorkerRequest), { once: true });
      worker.postMessage({ type: 'run', runId, ...request } satisfies SyncWorkerRequest);
    });
  }

  /** Close the worker's pool and connection, then end it. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5_000);
      timer.unref();
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.on('message', (m: SyncWorkerMessage) => {
        if (m.type === 'closed') void worker.terminate();
      });
      worker.postMessage({ type: 'close' } satisfies SyncWorkerRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const entry = config.entry ?? new URL('./syncWorker.dev.mjs', import.meta.url);
    if (typeof entry === 'string' && !existsSync(entry)) throw new Error(`the sync worker ${entry} is missing from this build`);
    const data: SyncWorkerData = {
      dbFile: this.dbFile,
      nativeBinding: config.nativeBinding ?? null,
      writeTurns: this.turns?.buffer ?? null,
    };
    const worker = new Worker(entry, { workerData: data });
    worker.unref();
    worker.on('message', (m: SyncWorkerMessage) => this.onMessage(m));
    worker.on('error', (error) => this.log.warn('sync.worker_error', { error }));
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      // a worker ended mid-write leaves its turn taken: the till must not wait for it
      this.turns?.release();
      // runs it had not answered: the next run starts a new worker
      for (const [runId, p] of this.pending) {
        this.pending.delete(runId);
        p.reject(new SyncWorkerFailure('offline', `The sync stopped unexpectedly (worker exit ${code}); it starts again by itself.`));
      }
    });
    this.worker = worker;
    return worker;
  }

  private idleCheck(): void {
    if (this.pending.size === 0) this.worker?.unref();
  }

  private onMessage(m: SyncWorkerMessage): void {
    if (m.type === 'log') {
      this.log[m.level](m.event, m.details);
      return;
    }
    if (m.type === 'closed') return;
    const p = this.pending.get(m.runId);
    if (!p) return;
    if (m.type === 'progress') p.progress?.(m.phase, m.done, m.total);
    else if (m.type === 'done') {
      this.pending.delete(m.runId);
      p.resolve(m.result);
    } else {
      this.pending.delete(m.runId);
      p.reject(new SyncWorkerFailure(m.state, m.message));
    }
  }
}
