import type { CentralPoolOptions } from '../central/pool';
import type { SyncRunResult } from '../run';

/** What the sync worker is started with. */
export interface SyncWorkerData {
  /** the terminal's database file (the worker opens its own connection to it) */
  dbFile: string;
  nativeBinding: string | null;
  /** the till's WriteTurns buffer: the worker's writes take the background's turn (see db/writeTurns.ts) */
  writeTurns: SharedArrayBuffer | null;
}

export type SyncWorkerRequest =
  | {
      type: 'run';
      runId: number;
      connectionString: string;
      pool: Omit<CentralPoolOptions, 'log'>;
      batchSize: number;
      pageSize: number;
      statementTimeoutMs: number;
    }
  | { type: 'cancel'; runId: number }
  | { type: 'close' };

export type SyncWorkerMessage =
  | { type: 'progress'; runId: number; phase: string; done: number; total: number }
  | { type: 'done'; runId: number; result: SyncRunResult; reconciled: unknown }
  | { type: 'failed'; runId: number; state: 'offline' | 'refused' | 'cancelled'; message: string }
  | { type: 'log'; level: 'info' | 'warn'; event: string; details: Record<string, unknown> }
  | { type: 'closed' };
