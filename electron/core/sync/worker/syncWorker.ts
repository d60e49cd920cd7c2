import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { CoreContext } from '../../context';
import { drizzleOf, openSqlite } from '../../db/open';
import { WriteTurns } from '../../db/writeTurns';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import { type CentralConnection, openCentralPool } from '../central/pool';
import { checkCentralSchema, classifySyncError, syncOnce } from '../run';
import type { SyncWorkerData, SyncWorkerMessage, SyncWorkerRequest } from './protocol';

// The sync worker: push and pull run here, on a worker thread with its own connection to the
// terminal's file and its own pg pool, so the JavaScript of a push (folding events into rows,
// building statements, JSON) never holds the till's event loop — a scan or a sale is answered
// while a batch is being prepared. The till's thread and this one write the same file in turns
// (WAL, busy_timeout); the worker's writes are short (marking a batch sent, one pull page).

const data = workerData as SyncWorkerData;

// the till comes first: on Linux a thread has its own nice value (see readWorker.ts), so a batch
// being prepared yields the CPU to a sale on a machine with few cores
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // not allowed here: the worker runs at the till's priority
  }
}
const post = (message: SyncWorkerMessage) => parentPort?.postMessage(message);

const log: Logger = {
  debug: () => {},
  info: (event, details) => post({ type: 'log', level: 'info', event, details: (details ?? {}) as Record<string, unknown> }),
  warn: (event, details) => post({ type: 'log', level: 'warn', event, details: (details ?? {}) as Record<string, unknown> }),
  error: (event, details) => post({ type: 'log', level: 'warn', event, details: (details ?? {}) as Record<string, unknown> }),
} as Logger;

const sqlite = openSqlite(data.dbFile, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
// This connection writes only what a power cut may take back without harm, so its commits skip the
// fsync (the till's stay FULL) and hold the file's write lock a fraction as long:
// - a batch marked sent that is lost is sent again, and central keeps each event once (by its id);
// - a pull page and its cursor are lost together, and pulled again;
// - the restore rule's moves are done again before the next push.
// And in WAL order a sale committed after any of them (FULL) makes that one durable too.
sqlite.pragma('synchronous = NORMAL');
const ctx: CoreContext = {
  sqlite,
  db: drizzleOf(sqlite),
  now: Date.now,
  log,
  ...(data.writeTurns ? { writeTurns: new WriteTurns(data.writeTurns) } : {}),
};
let connection: { url: string; central: CentralConnection; checked: boolean } | null = null;
const running = new Map<number, AbortController>();

async function closeConnection(): Promise<void> {
  const open = connection;
  connection = null;
  await open?.central.end();
}

async function run(request: Extract<SyncWorkerRequest, { type: 'run' }>): Promise<void> {
  const controller = new AbortController();
  running.set(request.runId, controller);
  try {
    if (connection && connection.url !== request.connectionString) await closeConnection();
    connection ??= {
      url: request.connectionString,
      central: openCentralPool(request.connectionString, { ...request.pool, log }),
      checked: false,
    };
    if (!connection.checked) {
      await checkCentralSchema(connection.central);
      connection.checked = true;
    }
    const { reconciled, ...result } = await syncOnce(ctx, connection.central, {
      batchSize: request.batchSize,
      pageSize: request.pageSize,
      statementTimeoutMs: request.statementTimeoutMs,
      signal: controller.signal,
      progress: (phase, done, total) => post({ type: 'progress', runId: request.runId, phase, done, total }),
    });
    post({ type: 'done', runId: request.runId, result, reconciled });
  } catch (error) {
    const cancelled = controller.signal.aborted || (error instanceof AppError && error.code === 'CANCELLED');
    if (cancelled) {
      post({ type: 'failed', runId: request.runId, state: 'cancelled', message: 'Stopped: what was sent stays sent.' });
      return;
    }
    const { state, message } = classifySyncError(error, request.connectionString);
    // a dropped connection may leave the pool holding dead clients: start afresh next time
    if (state === 'offline') await closeConnection();
    post({ type: 'failed', runId: request.runId, state, message });
  } finally {
    running.delete(request.runId);
  }
}

parentPort?.on('message', (request: SyncWorkerRequest) => {
  if (request.type === 'run') void run(request);
  else if (request.type === 'cancel') running.get(request.runId)?.abort();
  else if (request.type === 'close') {
    void closeConnection().finally(() => {
      sqlite.close();
      post({ type: 'closed' });
    });
  }
});
