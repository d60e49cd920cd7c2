import pg from 'pg';
import type { Logger } from '../../log';
import { describeDatabaseError } from './connection';
import { type CentralDb, centralDrizzle } from './db';

export interface CentralPoolOptions {
  /** connections at most (a terminal needs one or two; PgBouncer multiplexes many terminals) */
  max?: number;
  /** give up connecting after this long: never wait forever for a server that does not answer */
  connectionTimeoutMs?: number;
  /** close a connection idle this long */
  idleTimeoutMs?: number;
  /** a query that has not answered after this long fails on the client (a black-holed network) */
  queryTimeoutMs?: number;
  log?: Logger;
}

export interface CentralConnection {
  pool: pg.Pool;
  db: CentralDb;
  /** graceful end: waits for checked-out clients, closes the idle ones */
  end(): Promise<void>;
}

/**
 * A pg Pool to the central database as the production patterns have it: small, with a connect
 * timeout and a client-side query timeout (a dropped network fails the call instead of hanging
 * it), TCP keep-alive (a dead peer is noticed), idle connections closed, and an `error` listener
 * — an idle client whose server went away emits `error` on the pool, which without a listener
 * would crash the process. TLS follows the connection string's `sslmode` (pg reads it). The
 * server's statement_timeout is set per transaction (SET LOCAL), never as a startup parameter,
 * so the same pool works through PgBouncer in transaction pooling mode.
 */
export function openCentralPool(connectionString: string, options: CentralPoolOptions = {}): CentralConnection {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 2,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    query_timeout: options.queryTimeoutMs ?? 60_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'ringup-terminal',
    // let the process exit when only idle connections are left (the CLI, tests)
    allowExitOnIdle: true,
  });
  pool.on('error', (error) => {
    options.log?.warn('sync.central_connection_lost', { error: describeDatabaseError(error, connectionString) });
  });
  // the pool listens only to idle clients: a connection lost while a client is checked out but
  // between two statements (a transaction's JS work) emits `error` on the client unheard, which
  // crashed the process; heard here, the client's next statement fails instead and it is dropped
  pool.on('connect', (client) => client.on('error', () => {}));
  // drizzle (0.45) sends a pooled transaction's BEGIN before the try/finally that releases its
  // client (drizzle-orm#6023): a BEGIN cut off leaked the client, and end() — run after every
  // offline failure — waited for it for ever, so the sync hung until the app restarted. A client
  // lent by connect() (drizzle's transactions, not pool.query) whose BEGIN fails is given back here.
  const lend = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) =>
    args.length > 0 ? lend(...args) : (lend() as Promise<pg.PoolClient>).then(giveBackOnFailedBegin)) as typeof pool.connect;
  let ended: Promise<void> | null = null;
  return {
    pool,
    db: centralDrizzle(pool),
    end: () => {
      ended ??= pool.end().catch(() => {});
      return ended;
    },
  };
}

const guarded = new WeakSet<pg.PoolClient>();

/** `client`, made to release itself (broken, so the pool drops it) when a BEGIN it sends fails. */
function giveBackOnFailedBegin(client: pg.PoolClient): pg.PoolClient {
  if (guarded.has(client)) return client;
  guarded.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    const config = args[0] as string | { text?: unknown } | undefined;
    const text = typeof config === 'string' ? config : config?.text;
    if (!(result instanceof Promise) || typeof text !== 'string' || !/^\s*begin\b/i.test(text)) return result;
    return result.catch((error: unknown) => {
      const release = client.release;
      // a later release of this loan (a drizzle that fixed it) must not release it twice
      client.release = () => {};
      release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
  }) as typeof client.query;
  return client;
}
