// Part 3 of bench/sync.bench.ts: sale.complete through the router of a terminal with a large unsent
// outbox, idle and while SyncService.runNow() pushes it on the same event loop (as the app runs it);
// and what one push batch costs on that event loop, piece by piece.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import pg from 'pg';
import type { CoreContext } from '../electron/core/context';
import { priceSaleCart } from '../electron/core/features/sales/cartPricing';
import { detachedJob } from '../electron/core/jobs';
import { silentLogger } from '../electron/core/log';
import { seedDemoStaff } from '../electron/core/seed/staff';
import { newSession, type Session } from '../electron/core/session';
import { applyEvents, type CentralEvent } from '../electron/core/sync/central/apply';
import { centralDrizzle } from '../electron/core/sync/central/db';
import { events } from '../electron/core/sync/central/schema';
import { attachSyncService, memorySecretStore } from '../electron/core/sync/service';
import { markSent, nextUnsent, waitingEvents } from '../electron/core/sync/state';
import type { Terminal } from '../electron/core/terminal';
import { uuidv7 } from '../src/shared/uuid';
import { type Stats, stats } from './stats';
import { backendPids, serverCpuSeconds } from './sync-pg';

const LINES = 5;
const PRODUCTS = 200;

interface Till {
  cashier: Session;
  carts: { lines: { productId: string; quantity: number }[]; totalMinor: number }[];
}

/** A manager and a cashier (seedDemoStaff), 200 products sold by the piece with stock received, an open shift, 200 priced carts. */
export function prepareTill(terminal: Terminal): Till {
  const staff = seedDemoStaff(terminal);
  const operator = newSession(true);
  const list = terminal.router.invoke('staff.list', {}, operator);
  if (!list.ok) throw new Error(list.error.message);
  const login = (name: string): Session => {
    const id = (list.data as { id: string; name: string }[]).find((s) => s.name === name)?.id;
    const pin = staff.find((s) => s.name === name)?.pin;
    const session = newSession();
    const r = terminal.router.invoke('auth.login', { staffId: id, pin }, session);
    if (!r.ok) throw new Error(`login ${name}: ${r.error.message}`);
    return session;
  };
  const manager = login('Demo Manager');
  const cashier = login('Demo Cashier');
  const must = (channel: string, input: unknown, session: Session) => {
    const r = terminal.router.invoke(channel, input, session);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data;
  };
  const products = terminal.sqlite
    .prepare('SELECT id FROM products WHERE active = 1 AND sold_by_weight = 0 AND tracks_stock = 1 ORDER BY seq LIMIT ?')
    .pluck()
    .all(PRODUCTS) as string[];
  must('stock.receive', { id: uuidv7(), lines: products.map((productId) => ({ productId, quantity: 1_000_000 })) }, manager);
  must('shift.open', { openingFloatMinor: 10_000 }, cashier);
  const carts = Array.from({ length: PRODUCTS }, (_, n) => {
    const lines = Array.from({ length: LINES }, (_, k) => ({
      productId: products[(n * 7 + k * 13) % products.length] ?? '',
      quantity: 1 + ((n + k) % 3),
    }));
    return { lines, totalMinor: priceSaleCart(terminal.ctx, lines, null).cart.totalMinor };
  });
  return { cashier, carts };
}

export interface SaleSample {
  /** router.invoke alone */
  invokeMs: number;
  /** from when the sale was due (a fixed schedule) to its answer: the wait for the event loop included */
  responseMs: number;
  phase: 'idle' | 'push' | 'pull';
}

/**
 * Sales on a fixed schedule (one every `intervalMs`, as a till's requests arrive whatever the main
 * thread is doing), until `count` are done or `done()` says stop. A sale due while the loop was busy
 * runs as soon as it is free; its response time counts from when it was due.
 */
async function sell(
  terminal: Terminal,
  till: Till,
  intervalMs: number,
  phase: () => SaleSample['phase'],
  stop: (made: number) => boolean,
  offset: number,
): Promise<SaleSample[]> {
  const samples: SaleSample[] = [];
  const start = performance.now();
  for (let i = 0; !stop(i); i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    else await yieldToLoop();
    const cart = till.carts[(offset + i) % till.carts.length];
    if (!cart) break;
    const current = phase();
    const t0 = performance.now();
    const r = terminal.router.invoke(
      'sale.complete',
      { id: uuidv7(), lines: cart.lines, payments: [{ method: 'card', amountMinor: cart.totalMinor, last4: '4242' }] },
      till.cashier,
    );
    const t1 = performance.now();
    if (!r.ok) throw new Error(`sale.complete: ${r.error.message}`);
    samples.push({ invokeMs: t1 - t0, responseMs: t1 - due, phase: current });
  }
  return samples;
}

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LiveFigures {
  batchSize: number;
  idle: { sales: number; invoke: Stats; response: Stats; loopDelay: LoopDelay };
  push: {
    sales: number;
    invoke: Stats;
    response: Stats;
    loopDelay: LoopDelay;
    seconds: number;
    eventsPushed: number;
    eventsPerSecond: number;
    batches: number;
    msPerBatch: number;
    clientCpuSeconds: number;
    serverCpuSeconds: number | null;
  };
  pullPhase: { sales: number; seconds: number; pulled: number };
  ratioInvokeP99: number;
  ratioResponseP99: number;
  ratioResponseP50: number;
}

const ms = (ns: number) => ns / 1e6;

/** Idle sales, then the same schedule while runNow() pushes the outbox (and pulls after it). */
export async function liveRun(
  terminal: Terminal,
  till: Till,
  central: { url: string; adminUrl: string },
  options: { batchSize: number; intervalMs: number; idleSales: number; worker: boolean },
): Promise<LiveFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const delay = (): LoopDelay => ({ p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) });

  histogram.enable();
  const idle = await sell(
    terminal,
    till,
    options.intervalMs,
    () => 'idle',
    (made) => made >= options.idleSales,
    0,
  );
  histogram.disable();
  const idleDelay = delay();
  histogram.reset();

  const service = attachSyncService(terminal, {
    secrets: memorySecretStore(central.url),
    log: silentLogger,
    batchSize: options.batchSize,
    pool: { connectionTimeoutMs: 10_000, queryTimeoutMs: 120_000 },
    // as the app runs it (push and pull on the sync worker), unless --inline
    worker: options.worker,
  });
  let phase: SaleSample['phase'] = 'push';
  let batches = 0;
  let pushEnd = 0;
  let pullEnd = 0;
  let pushDelay: LoopDelay = { p50Ms: 0, p99Ms: 0, maxMs: 0 };
  let serverCpu: number | null = null;
  let pushCpu = 0;
  const cpu = process.cpuUsage();
  histogram.enable();
  const started = performance.now();
  let finished = false;
  const run = service
    .runNow(
      detachedJob((name, done) => {
        if (name === 'Sending' && done > 0) batches += 1;
        if (name === 'Receiving' && phase === 'push') {
          pushEnd = performance.now();
          const used = process.cpuUsage(cpu);
          pushCpu = (used.user + used.system) / 1e6;
          histogram.disable();
          pushDelay = delay();
          phase = 'pull';
        }
      }),
    )
    .finally(() => {
      pullEnd = performance.now();
      finished = true;
    });
  // a failed run is thrown by `await run` below; until then it must not count as unhandled (the process would exit without stopping the server)
  run.catch(() => {});
  // the backends of the service's pool, read before the pool is ended (their CPU is the push's and the pull's)
  const sampleServer = async () => {
    const pids = await backendPids(central.adminUrl, central.url, 'ringup-terminal').catch(() => []);
    serverCpu = serverCpuSeconds(pids);
  };
  const during = await sell(
    terminal,
    till,
    options.intervalMs,
    () => phase,
    () => finished,
    idle.length,
  );
  const result = await run;
  await sampleServer();
  await service.stop();
  const pushSeconds = ((pushEnd || pullEnd) - started) / 1000;
  const pushed = during.filter((s) => s.phase === 'push');
  const pulling = during.filter((s) => s.phase === 'pull');
  const idleInvoke = stats(idle.map((s) => s.invokeMs));
  const idleResponse = stats(idle.map((s) => s.responseMs));
  const pushInvoke = stats(pushed.map((s) => s.invokeMs));
  const pushResponse = stats(pushed.map((s) => s.responseMs));
  return {
    batchSize: options.batchSize,
    idle: { sales: idle.length, invoke: idleInvoke, response: idleResponse, loopDelay: idleDelay },
    push: {
      sales: pushed.length,
      invoke: pushInvoke,
      response: pushResponse,
      loopDelay: pushDelay,
      seconds: pushSeconds,
      eventsPushed: result.pushed,
      eventsPerSecond: result.pushed / pushSeconds,
      batches,
      msPerBatch: (pushSeconds * 1000) / Math.max(1, batches),
      clientCpuSeconds: pushCpu,
      serverCpuSeconds: serverCpu,
    },
    pullPhase: { sales: pulling.length, seconds: pushEnd ? (pullEnd - pushEnd) / 1000 : 0, pulled: result.pulled },
    ratioInvokeP99: pushInvoke.p99 / idleInvoke.p99,
    ratioResponseP99: pushResponse.p99 / idleResponse.p99,
    ratioResponseP50: pushResponse.p50 / idleResponse.p50,
  };
}

export interface BatchCosts {
  batchSize: number;
  /** each a mean over the batches measured, in ms, all synchronous on the event loop */
  nextUnsentMs: number;
  jsonParseMs: number;
  /** building the events INSERT … ON CONFLICT DO NOTHING RETURNING (bulkInsert: JSON.stringify of the rows) */
  buildEventsInsertMs: number;
  /** applyEvents over a client that answers at once with no rows: the fold and drizzle's building of every statement */
  applyJsMs: number;
  /** markSent (an IMMEDIATE transaction, committed with synchronous=FULL) */
  markSentMs: number;
  /** waitingEvents (count of the unsent rows), which pushAll runs after every batch */
  waitingEventsMs: number;
  totalMs: number;
  /** bytes of SQL text and parameters the events INSERT sends */
  eventsInsertBytes: number;
  batchesMeasured: number;
}

/**
 * What one batch of `batchSize` costs on the event loop, outside the server: measured on a scratch
 * copy of the terminal (markSent moves its outbox on), over `rounds` consecutive batches.
 */
export async function batchCosts(ctx: CoreContext, batchSize: number, rounds: number): Promise<BatchCosts> {
  // a client that answers every query at once with nothing: what is left is the JavaScript side
  const silent = { query: async () => ({ rows: [], rowCount: 0, fields: [], command: 'SELECT' }) };
  const fake = centralDrizzle(silent as unknown as pg.Client);
  const pool = new pg.Pool({ max: 1 });
  const builder = centralDrizzle(pool);
  const sums = { nextUnsent: 0, parse: 0, build: 0, apply: 0, mark: 0, waiting: 0, bytes: 0 };
  let measured = 0;
  for (let round = 0; round < rounds; round++) {
    let t0 = performance.now();
    const rows = nextUnsent(ctx, batchSize);
    sums.nextUnsent += performance.now() - t0;
    const [head] = rows;
    if (!head) break;
    t0 = performance.now();
    const batch: CentralEvent[] = rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      topic: r.topic,
      entityId: r.entityId,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      createdAt: r.createdAt,
    }));
    sums.parse += performance.now() - t0;
    t0 = performance.now();
    // the push builds it with bulkInsert: the rows as one JSON parameter (see central/db.ts)
    const text = JSON.stringify(
      batch.map((e) => ({
        id: e.id,
        terminalId: 'T-BENCH1',
        seq: e.seq,
        topic: e.topic,
        entityId: e.entityId,
        payload: e.payload,
        createdAt: e.createdAt,
        receivedAt: Date.now(),
      })),
    );
    const query = { sql: 'INSERT INTO events … FROM jsonb_to_recordset($1::jsonb) …', params: [text] };
    sums.build += performance.now() - t0;
    sums.bytes += query.sql.length + query.params.reduce<number>((n, p) => n + String(p).length, 0);
    t0 = performance.now();
    await fake.transaction(async (tx) => {
      await applyEvents(tx, { storeId: 'S-BENCH', terminalId: 'T-BENCH1', now: Date.now() }, batch);
    });
    sums.apply += performance.now() - t0;
    t0 = performance.now();
    markSent(ctx, head.seq, head.seq + rows.length - 1, Date.now());
    sums.mark += performance.now() - t0;
    t0 = performance.now();
    waitingEvents(ctx);
    sums.waiting += performance.now() - t0;
    measured += 1;
  }
  await pool.end();
  const n = Math.max(1, measured);
  const figures = {
    nextUnsentMs: sums.nextUnsent / n,
    jsonParseMs: sums.parse / n,
    buildEventsInsertMs: sums.build / n,
    applyJsMs: sums.apply / n,
    markSentMs: sums.mark / n,
    waitingEventsMs: sums.waiting / n,
  };
  return {
    batchSize,
    ...figures,
    totalMs: Object.values(figures).reduce((a, b) => a + b, 0),
    eventsInsertBytes: Math.round(sums.bytes / n),
    batchesMeasured: measured,
  };
}
