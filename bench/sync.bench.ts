/*
 * Sync at chain scale, against a real PostgreSQL:
 *   npm run bench:sync                                   # 100,000 events, 1,000,000 products
 *   node --import tsx bench/sync.bench.ts --events 10000 --products 100000 --idle-sales 300   # quick look
 *
 * 1. push — pushAll of a terminal's N unsent outbox events (seeded sales, points, members, the
 *    catalogue) into an empty migrated central database #1: seconds, events/s. Then the rows it left
 *    there (the events and every row apply.ts built from them) are read back and loaded into empty
 *    databases #2 and #3 with plain pg, timing only the load: (a) one COPY per table
 *    (pg-copy-streams), (b) a transaction per push batch with one multi-row INSERT per table (and
 *    the batch's stock_levels upsert). push / COPY and push / INSERT are the ratios (target ≤ 2×).
 * 2. pull — a central catalogue of P products (+ barcodes, categories, tax classes) made in the
 *    database, then pullAll into a freshly migrated empty terminal: seconds, products/s; the raw
 *    baseline inserts the same rows into the same SQLite tables of another empty terminal with
 *    better-sqlite3 prepared statements, one transaction a page (its plain-pg reads timed apart).
 * 3. live — sale.complete through the router on a terminal holding the unsent outbox: on a fixed
 *    schedule idle, then while SyncService.runNow() pushes it in this process (same event loop, as
 *    the app runs it); p50/p99 of the call and of the response time (from when the sale was due:
 *    the wait for the event loop included), per push batch size; and what one batch costs on the
 *    event loop, piece by piece.
 * PostgreSQL: BENCH_DATABASE_URL (a role that may create databases) or an embedded server started
 * here (fsync off, as the tests run it). Writes bench/results/sync-<date>.json.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '../electron/core/db/open';
import { writeSettings } from '../electron/core/features/setup/settings';
import { silentLogger } from '../electron/core/log';
import { seedDatabase } from '../electron/core/seed/seed';
import { openCentralPool } from '../electron/core/sync/central/pool';
import { pullAll } from '../electron/core/sync/pull';
import { DEFAULT_BATCH, pushAll } from '../electron/core/sync/push';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { fmt } from './stats';
import { type BatchCosts, batchCosts, type LiveFigures, liveRun, prepareTill } from './sync-live';
import { type BenchServer, backendPids, cpuSecondsSince, serverCpuSeconds, startBenchServer } from './sync-pg';
import { fillCentralCatalogue, rawPull, terminalCatalogue } from './sync-pull';
import { centralFingerprint, loadByCopy, loadByInserts, readPushedRows } from './sync-push-baseline';

const here = dirname(fileURLToPath(import.meta.url));

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}
const EVENTS = Number(argValue('events') ?? 100_000);
const PRODUCTS = Number(argValue('products') ?? 1_000_000);
const BATCH = Number(argValue('batch') ?? DEFAULT_BATCH);
const PAGE = Number(argValue('page') ?? 2000);
const BATCH_SIZES = (argValue('batch-sizes') ?? '100,250,500').split(',').map(Number);
const INTERVAL_MS = Number(argValue('sale-interval') ?? 20);
const IDLE_SALES = Number(argValue('idle-sales') ?? 1000);
const SEED = Number(argValue('seed') ?? 1);
const ALL_PARTS = 'push,pull,live,costs';
const PARTS = new Set((argValue('parts') ?? ALL_PARTS).split(','));
const KEEP = process.argv.includes('--keep');
const FRESH = process.argv.includes('--fresh');
const SOURCE = argValue('db') ?? join(tmpdir(), `ringup-bench-sync-${EVENTS}.db`);
const TERMINAL_ID = 'T-BENCH1';

const log = (line: string) => process.stderr.write(`${line}\n`);
const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

function unsentEvents(file: string): number {
  if (!existsSync(file)) return -1;
  const sqlite = openSqlite(file, { readonly: true });
  try {
    return Number(sqlite.prepare('SELECT count(*) FROM outbox WHERE seq > (SELECT pushed_seq FROM sync_state)').pluck().get());
  } catch {
    return -1;
  } finally {
    sqlite.close();
  }
}

/**
 * The terminal the push parts start from: EVENTS unsent outbox events, made by seedDatabase (5,000
 * products in catalog.imported events, members, sales through the real sale code with their
 * points), cut to exactly EVENTS (the last events are dropped). Kept and reused with --keep / --db.
 */
async function outboxTerminal(): Promise<{ file: string; seconds: number; reused: boolean; topics: Record<string, number> }> {
  const started = performance.now();
  const reused = !FRESH && unsentEvents(SOURCE) >= EVENTS;
  if (!reused) {
    removeDb(SOURCE);
    const terminal = await openTerminal(SOURCE);
    try {
      terminal.sqlite
        .transaction(() => writeSettings(terminal.ctx, { terminalId: TERMINAL_ID, storeName: 'Bench Store' }, null))
        .immediate();
      const members = Math.max(100, Math.round(EVENTS / 10));
      // about 1.6 events a sale (sale.completed, points.moved for about half, tier changes): top up until there are enough
      let sales = Math.ceil((EVENTS - members * 1.2) / 1.6);
      for (let round = 0; round < 5; round++) {
        seedDatabase(terminal, { products: 5000, members, sales, seed: SEED }, (p) => {
          if (p.done === p.total) log(`  seeded ${p.phase}: ${p.done.toLocaleString('en')}`);
        });
        const n = Number(terminal.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get());
        log(`  outbox: ${n.toLocaleString('en')} events`);
        if (n >= EVENTS) break;
        sales += Math.ceil((EVENTS - n) / 1.4) + 50;
      }
      terminal.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      terminal.close();
    }
  }
  // the events past EVENTS dropped, and the outbox numbering moved back so the next event is EVENTS + 1 (no gap)
  const sqlite = openSqlite(SOURCE);
  sqlite
    .transaction(() => {
      sqlite.prepare('DELETE FROM outbox WHERE seq > ?').run(EVENTS);
      sqlite.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'").run(EVENTS);
    })
    .immediate();
  const topics = Object.fromEntries(
    (sqlite.prepare('SELECT topic, count(*) AS n FROM outbox GROUP BY topic ORDER BY n DESC').all() as { topic: string; n: number }[]).map(
      (r) => [r.topic, r.n],
    ),
  );
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  if (unsentEvents(SOURCE) !== EVENTS) throw new Error(`the seeded terminal does not hold ${EVENTS} unsent events`);
  return { file: SOURCE, seconds: (performance.now() - started) / 1000, reused, topics };
}

async function openCopy(source: string, file: string): Promise<Terminal> {
  removeDb(file);
  copyFileSync(source, file);
  return openTerminal(file);
}

async function pushPart(server: BenchServer, source: string, work: string) {
  log('push: pushAll into central #1');
  const url = await server.createDatabase('push');
  const terminal = await openCopy(source, join(work, 'push.db'));
  const central = openCentralPool(url, { log: silentLogger, queryTimeoutMs: 120_000 });
  let push: Awaited<ReturnType<typeof pushAll>>;
  let seconds: number;
  let clientCpuSeconds: number;
  let serverCpu: number | null;
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    push = await pushAll(terminal.ctx, central.db, { batchSize: BATCH, statementTimeoutMs: 30_000 });
    seconds = (performance.now() - started) / 1000;
    clientCpuSeconds = cpuSecondsSince(cpu);
    serverCpu = serverCpuSeconds(await backendPids(server.adminUrl, url, 'ringup-terminal'));
  } finally {
    await central.end();
    terminal.close();
    removeDb(join(work, 'push.db'));
  }
  if (push.sent !== EVENTS) throw new Error(`the push sent ${push.sent} events, not ${EVENTS}`);
  log(`  ${push.sent.toLocaleString('en')} events in ${seconds.toFixed(1)} s; reading the rows back`);
  const rows = await readPushedRows(url, BATCH);
  const pushed = await centralFingerprint(url);
  log('  (a) COPY into central #2');
  const copyUrl = await server.createDatabase('copy');
  const copy = await loadByCopy(server.adminUrl, copyUrl, rows);
  log(`  (b) multi-row INSERT per batch into central #3 (${rows.batchCount} transactions)`);
  const insertUrl = await server.createDatabase('insert');
  const insert = await loadByInserts(server.adminUrl, insertUrl, rows);
  const problems: string[] = [];
  for (const [way, fingerprint] of [
    ['COPY', await centralFingerprint(copyUrl)],
    ['INSERT', await centralFingerprint(insertUrl)],
  ] as const) {
    for (const [key, value] of Object.entries(pushed))
      if (fingerprint[key] !== value) problems.push(`${way}: ${key} is ${fingerprint[key]}, the push left ${value}`);
  }
  if (problems.length > 0) throw new Error(`the baselines did not load the push's rows: ${problems.join('; ')}`);
  const rowsLoaded = Object.values(rows.counts).reduce((a, b) => a + b, 0);
  return {
    events: push.sent,
    batchSize: BATCH,
    batches: push.batches,
    seconds,
    eventsPerSecond: push.sent / seconds,
    clientCpuSeconds,
    serverCpuSeconds: serverCpu,
    conflicts: push.conflicts.length,
    rowsPerTable: rows.counts,
    rowsLoaded,
    rowsWithoutEvent: rows.unmatched,
    copy: { ...copy, eventsPerSecond: push.sent / copy.seconds },
    insert: { ...insert, eventsPerSecond: push.sent / insert.seconds },
    ratioToCopy: seconds / copy.seconds,
    ratioToInsert: seconds / insert.seconds,
    checked: 'row counts of every table, sum of stock on hand, of points balances and of sale totals equal in #1, #2 and #3',
  };
}

async function pullPart(server: BenchServer, work: string) {
  log(`pull: a central catalogue of ${PRODUCTS.toLocaleString('en')} products`);
  const url = await server.createDatabase('pull');
  const fill = await fillCentralCatalogue(url, PRODUCTS, log);
  log(`  made in ${fill.seconds.toFixed(1)} s; pullAll into an empty terminal`);
  const open = async (name: string) => {
    const file = join(work, name);
    removeDb(file);
    const terminal = await openTerminal(file);
    terminal.sqlite.transaction(() => writeSettings(terminal.ctx, { terminalId: TERMINAL_ID }, null)).immediate();
    return { terminal, file };
  };
  const pulled = await open('pull.db');
  const central = openCentralPool(url, { log: silentLogger, queryTimeoutMs: 120_000 });
  const pull = { products: 0, skipped: 0, calls: 0, firstCallProducts: 0 };
  let seconds: number;
  let clientCpuSeconds: number;
  let serverCpu: number | null;
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    // pullAll returns early when a page comes back exactly full (see the report: changes.ts says
    // `more` only when the merged rows exceed the limit), leaving the rest to the next sync run;
    // called again until a call brings nothing, as successive runs of the service would
    for (;;) {
      const done = pull.products;
      const result = await pullAll(pulled.terminal.ctx, central.db, {
        pageSize: PAGE,
        onProgress: (n) => {
          if ((done + n) % 100_000 < PAGE) log(`  pulled ${(done + n).toLocaleString('en')}`);
        },
      });
      pull.calls += 1;
      if (pull.calls === 1) pull.firstCallProducts = result.products;
      pull.products += result.products;
      pull.skipped += result.skipped;
      if (result.products + result.taxClasses + result.categories + result.members === 0) break;
    }
    seconds = (performance.now() - started) / 1000;
    clientCpuSeconds = cpuSecondsSince(cpu);
    serverCpu = serverCpuSeconds(await backendPids(server.adminUrl, url, 'ringup-terminal'));
  } finally {
    await central.end();
  }
  log(`  ${pull.products.toLocaleString('en')} products in ${seconds.toFixed(1)} s (${pull.calls} pullAll calls)`);
  const mine = terminalCatalogue(pulled.terminal.sqlite);
  const fileMiB = statSync(pulled.file).size / 2 ** 20;
  pulled.terminal.close();
  removeDb(pulled.file);
  if (mine.products !== PRODUCTS) throw new Error(`the pull brought ${mine.products} products, not ${PRODUCTS}`);
  const rawWay = async (order: 'as-the-pull' | 'barcodes-first') => {
    log(`  raw baseline (${order}) into another empty terminal`);
    const raw = await open(`raw-${order}.db`);
    try {
      const cpu = process.cpuUsage();
      const figures = await rawPull(url, raw.terminal.sqlite, PAGE, order);
      const cpuSeconds = cpuSecondsSince(cpu);
      const theirs = terminalCatalogue(raw.terminal.sqlite);
      const problems = Object.entries(mine).filter(([key, value]) => theirs[key] !== value);
      if (problems.length > 0) throw new Error(`the raw pull did not write the same rows: ${JSON.stringify({ pull: mine, raw: theirs })}`);
      return {
        ...figures,
        cpuSeconds,
        productsPerSecond: figures.products / figures.insertSeconds,
        productsPerSecondWithReads: figures.products / figures.seconds,
      };
    } finally {
      raw.terminal.close();
      removeDb(raw.file);
    }
  };
  const baseline = await rawWay('as-the-pull');
  const barcodesFirst = await rawWay('barcodes-first');
  return {
    products: pull.products,
    barcodes: mine.barcodes,
    pageSize: PAGE,
    skipped: pull.skipped,
    pullAllCalls: pull.calls,
    productsInFirstCall: pull.firstCallProducts,
    centralFill: fill,
    seconds,
    productsPerSecond: pull.products / seconds,
    clientCpuSeconds,
    serverCpuSeconds: serverCpu,
    terminalFileMiB: Math.round(fileMiB),
    raw: baseline,
    rawBarcodesFirst: barcodesFirst,
    ratioToRawInserts: seconds / baseline.insertSeconds,
    ratioToRawReadsAndInserts: seconds / baseline.seconds,
    ratioToRawBarcodesFirst: seconds / barcodesFirst.insertSeconds,
    checked: 'products, barcodes, tax classes, categories, sum of prices, of name_key lengths, active count and an FTS match equal',
  };
}

async function livePart(server: BenchServer, source: string, work: string) {
  const runs: LiveFigures[] = [];
  for (const batchSize of BATCH_SIZES) {
    log(`live: batch size ${batchSize}: ${IDLE_SALES} idle sales, then sales while runNow() pushes`);
    const url = await server.createDatabase(`live_${batchSize}`);
    const file = join(work, `live-${batchSize}.db`);
    const terminal = await openCopy(source, file);
    try {
      const till = prepareTill(terminal);
      const figures = await liveRun(
        terminal,
        till,
        { url, adminUrl: server.adminUrl },
        { batchSize, intervalMs: INTERVAL_MS, idleSales: IDLE_SALES, worker: !process.argv.includes('--inline') },
      );
      log(
        `  push ${figures.push.seconds.toFixed(1)} s; sale p99 idle ${fmt(figures.idle.response.p99)} ms, during push ${fmt(figures.push.response.p99)} ms (response), ${fmt(figures.push.invoke.p99)} ms (call)`,
      );
      runs.push(figures);
    } finally {
      terminal.close();
      removeDb(file);
    }
  }
  return { saleIntervalMs: INTERVAL_MS, idleSales: IDLE_SALES, runs };
}

/** What one batch of sales costs on the event loop, per batch size (see batchCosts). */
async function costsPart(source: string, work: string): Promise<BatchCosts[]> {
  log('costs: what one batch of sales costs on the event loop (scratch copy, a client that answers at once)');
  const costs: BatchCosts[] = [];
  for (const batchSize of BATCH_SIZES) {
    const file = join(work, `costs-${batchSize}.db`);
    const terminal = await openCopy(source, file);
    try {
      // the outbox starts with the catalogue (catalog.imported events of 1,000 products each) and the
      // members (member.upserted): measured from the first sale on, as most of a till's batches are
      terminal.sqlite.prepare("UPDATE sync_state SET pushed_seq = (SELECT min(seq) - 1 FROM outbox WHERE topic = 'sale.completed')").run();
      costs.push(await batchCosts(terminal.ctx, batchSize, Math.max(3, Math.round(10_000 / batchSize))));
    } finally {
      terminal.close();
      removeDb(file);
    }
  }
  return costs;
}

type Row = Record<string, string>;
function table(rows: Row[]): string {
  const keys = Object.keys(rows[0] ?? {});
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(keys), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(keys.map((k) => r[k] ?? '')))].join('\n');
}
const n0 = (x: number) => Math.round(x).toLocaleString('en');
const x2 = (x: number) => `${x.toFixed(2)}×`;
const cpuText = (client: number, server: number | null) => `${client.toFixed(1)} / ${server === null ? '?' : server.toFixed(1)}`;

async function main(): Promise<void> {
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  log(`sync bench: ${EVENTS.toLocaleString('en')} events, ${PRODUCTS.toLocaleString('en')} products; load average ${load.join(' ')}`);
  const work = mkdtempSync(join(tmpdir(), 'ringup-bench-sync-'));
  const needsOutbox = PARTS.has('push') || PARTS.has('live') || PARTS.has('costs');
  const seeded = needsOutbox ? await outboxTerminal() : null;
  if (seeded) log(`outbox terminal ${seeded.reused ? 'reused' : 'seeded'} (${seeded.file}) in ${seeded.seconds.toFixed(1)} s`);
  const server = await startBenchServer();
  log(`PostgreSQL ${server.version} (${server.source})`);
  try {
    const push = seeded && PARTS.has('push') ? await pushPart(server, seeded.file, work) : null;
    const pull = PARTS.has('pull') ? await pullPart(server, work) : null;
    const live = seeded && PARTS.has('live') ? await livePart(server, seeded.file, work) : null;
    const batchCostsFigures = seeded && PARTS.has('costs') ? await costsPart(seeded.file, work) : null;
    const figures = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      postgres: {
        version: server.version,
        source: server.source,
        note: server.source === 'embedded' ? 'fsync=off, full_page_writes=off' : '',
      },
      loadAverage: { start: load, end: loadavg().map((l) => Number(l.toFixed(2))) },
      outbox: seeded ? { events: EVENTS, topics: seeded.topics, seededSeconds: seeded.reused ? null : seeded.seconds } : null,
      push,
      pull,
      live,
      batchCosts: batchCostsFigures,
      targets: { pushVsRaw: 2, saleP99DuringPushVsIdle: 1.5 },
    };

    console.log(
      `\nsync bench — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, PostgreSQL ${server.version} (${server.source}), load ${load.join(' ')}`,
    );
    if (push) {
      console.log(`\n1. push of ${n0(push.events)} events (batches of ${push.batchSize}; ${n0(push.rowsLoaded)} rows in central's tables)`);
      console.log(
        table([
          {
            way: 'pushAll (receivePush + apply.ts)',
            s: push.seconds.toFixed(2),
            'events/s': n0(push.eventsPerSecond),
            'CPU s client / server': cpuText(push.clientCpuSeconds, push.serverCpuSeconds),
            'push / way': '',
          },
          {
            way: 'raw COPY per table',
            s: push.copy.seconds.toFixed(2),
            'events/s': n0(push.copy.eventsPerSecond),
            'CPU s client / server': cpuText(push.copy.clientCpuSeconds, push.copy.serverCpuSeconds),
            'push / way': x2(push.ratioToCopy),
          },
          {
            way: `raw multi-row INSERT, ${push.insert.transactions} tx`,
            s: push.insert.seconds.toFixed(2),
            'events/s': n0(push.insert.eventsPerSecond),
            'CPU s client / server': cpuText(push.insert.clientCpuSeconds, push.insert.serverCpuSeconds),
            'push / way': x2(push.ratioToInsert),
          },
        ]),
      );
    }
    if (pull) {
      console.log(
        `\n2. pull of ${n0(pull.products)} products into an empty terminal (pages of ${pull.pageSize}; central filled in ${pull.centralFill.seconds.toFixed(1)} s)`,
      );
      console.log(
        table([
          {
            way: 'pullAll (changesSince + applyPage)',
            s: pull.seconds.toFixed(2),
            'products/s': n0(pull.productsPerSecond),
            'pull / way': '',
          },
          {
            way: 'raw better-sqlite3 inserts (page tx)',
            s: pull.raw.insertSeconds.toFixed(2),
            'products/s': n0(pull.raw.productsPerSecond),
            'pull / way': x2(pull.ratioToRawInserts),
          },
          {
            way: 'raw pg reads + raw inserts',
            s: pull.raw.seconds.toFixed(2),
            'products/s': n0(pull.raw.productsPerSecondWithReads),
            'pull / way': x2(pull.ratioToRawReadsAndInserts),
          },
          {
            way: 'raw inserts, barcodes first (seed trick)',
            s: pull.rawBarcodesFirst.insertSeconds.toFixed(2),
            'products/s': n0(pull.rawBarcodesFirst.productsPerSecond),
            'pull / way': x2(pull.ratioToRawBarcodesFirst),
          },
        ]),
      );
    }
    if (live) {
      console.log(`\n3. sale.complete (5 lines) every ${live.saleIntervalMs} ms, idle vs while runNow() pushes ${n0(EVENTS)}+ events (ms)`);
      console.log(
        table(
          live.runs.map((r) => ({
            batch: String(r.batchSize),
            'push s': r.push.seconds.toFixed(1),
            'ms/batch': r.push.msPerBatch.toFixed(1),
            'idle p50/p99': `${fmt(r.idle.response.p50)} / ${fmt(r.idle.response.p99)}`,
            'push p50/p99': `${fmt(r.push.response.p50)} / ${fmt(r.push.response.p99)}`,
            'p99 ratio': x2(r.ratioResponseP99),
            'call only idle/push p99': `${fmt(r.idle.invoke.p99)} / ${fmt(r.push.invoke.p99)} (${x2(r.ratioInvokeP99)})`,
            'loop delay p99/max': `${fmt(r.push.loopDelay.p99Ms)} / ${fmt(r.push.loopDelay.maxMs)}`,
            sales: `${r.idle.sales} / ${r.push.sales}`,
          })),
        ),
      );
    }
    if (batchCostsFigures) {
      console.log('\n   one batch of sales on the event loop, synchronous ms (a client that answers at once)');
      console.log(
        table(
          batchCostsFigures.map((c) => ({
            batch: String(c.batchSize),
            nextUnsent: fmt(c.nextUnsentMs),
            'JSON.parse': fmt(c.jsonParseMs),
            'events INSERT build': fmt(c.buildEventsInsertMs),
            'applyEvents JS': fmt(c.applyJsMs),
            markSent: fmt(c.markSentMs),
            waitingEvents: fmt(c.waitingEventsMs),
            total: fmt(c.totalMs),
            'events INSERT MiB': (c.eventsInsertBytes / 2 ** 20).toFixed(2),
          })),
        ),
      );
    }
    mkdirSync(join(here, 'results'), { recursive: true });
    // a run of some parts only does not overwrite the day's full run
    const parts = [...PARTS].join(',') === ALL_PARTS ? '' : `-${[...PARTS].join('-')}`;
    const out = join(here, 'results', `sync-${figures.date.slice(0, 10)}${parts}.json`);
    writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\nwritten: ${out}; load average at the end ${figures.loadAverage.end.join(' ')}`);
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
    if (seeded && !KEEP && !process.argv.includes('--db')) removeDb(seeded.file);
  }
}

await main();
