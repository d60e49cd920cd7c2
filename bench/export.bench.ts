/*
 * CSV export at a million sale lines:
 *   node --import tsx bench/export.bench.ts [--lines N] [--db FILE] [--keep]
 *
 * 1. seeds N sale lines (default 1,000,000; 5 per sale, names with quotes, commas, line breaks,
 *    accents and emoji) with a raw bulk insert into a temp file (or reuses --db / a --keep file),
 * 2. exports them three ways, taking the figures of each:
 *      export — exportToFile (what export.csv and `ringup export` run): a plan in a read worker
 *               (count the lines, cut the range at the instant of the middle sale), then the two
 *               parts side by side, each in a read worker of its own (nice 10, read-only
 *               connection, 2 MB page cache, 3 MB young generation): keyset chunks of 10,000 read
 *               as arrays, each row encoded by d3-dsv's RFC 4180 formatter as it streams and
 *               written 256 KiB at a time with writeSync to its part file; the second part is then
 *               appended to the first (async I/O), synced and renamed. Only one worker is warm
 *               before it (see below): starting the second is part of the measured export,
 *      raw    — the same join in the same order through one plain better-sqlite3 statement
 *               (.raw().iterate()) on this thread, each row join(',')-ed (no quoting, no formatting:
 *               not valid CSV) into a 1 MiB buffer: the floor of reading and writing,
 *      parse  — reading the exported file back with csv-parse (stream), summing total_minor,
 * 3. samples the process RSS every 20 ms during each (the workers live in this process) and at 10%,
 *    50% and 100% of the export's rows (flat memory: the same at each), takes the process CPU time
 *    of each (on a loaded machine rows per CPU second say more than rows per wall second), prints
 *    rows/s and peak RSS; writes bench/results/export.json.
 * Targets: ≥ 200,000 rows/s and ≤ 200 MB peak RSS for the export of 1M rows.
 * --keep keeps the seeded database in the temp folder, and a later run reuses it.
 * --bundled-worker runs the read worker bundled into one JS file (esbuild, as the Electron build
 * ships out/main/readWorker.js) instead of from the TypeScript sources through tsx, whose compile
 * of the core in each worker thread adds ~45 MB of RSS (bundled: ~22 MB) before its first row.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { openSqlite, type Sqlite } from '../electron/core/db/open';
import { exportToFile } from '../electron/core/features/exports/exportCsv';
import { detachedJob } from '../electron/core/jobs';
import { openTerminal } from '../electron/core/terminal';
import { configureReadWorkers } from '../electron/core/worker/runReadTask';

const here = dirname(fileURLToPath(import.meta.url));

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}
const LINES = Number(argValue('lines') ?? 1_000_000);
const KEEP = process.argv.includes('--keep');
const BUNDLED_WORKER = process.argv.includes('--bundled-worker');
const DB = argValue('db') ?? join(tmpdir(), `ringup-bench-export-${LINES}.db`);
const NAMES = ['Whole Milk 1L', 'Crème "fraîche", 20 cl', 'Two\nlines', 'Émoji 🍦🧀 and ß', 'semi;colon, comma', 'Pain au chocolat'];

function seed(sqlite: Sqlite, lines: number): void {
  const staffId = randomUUID();
  const shiftId = randomUUID();
  const start = Date.UTC(2026, 0, 1);
  sqlite.transaction(() => {
    sqlite.prepare("INSERT INTO staff (id, name, pin_hash, created_at, updated_at) VALUES (?, 'Bench Manager', 'x', 0, 0)").run(staffId);
    sqlite
      .prepare("INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES (?, 'T-BENCH', ?, ?, 0)")
      .run(shiftId, staffId, start);
    const sale = sqlite.prepare(
      `INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax,
         subtotal_minor, discount_minor, tax_minor, total_minor) VALUES (?, 'sale', 'T-BENCH', ?, ?, ?, ?, 'EUR', 1, 0, 0, 0, 0)`,
    );
    const line = sqlite.prepare(
      `INSERT INTO sale_lines (id, sale_id, line_no, sku, name, quantity, unit_price_minor, tax_class_id, tax_rate_bp,
         gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor) VALUES (?, ?, ?, ?, ?, 1, ?, 'zero', 0, ?, 0, 0, 0, ?)`,
    );
    for (let s = 0; s < lines / 5; s++) {
      const saleId = randomUUID();
      sale.run(saleId, s + 1, shiftId, staffId, start + s * 2000);
      for (let l = 0; l < 5; l++) {
        const amount = ((s * 7 + l * 13) % 5000) + 1;
        line.run(randomUUID(), saleId, l + 1, `SKU-${(s * 5 + l) % 977}`, NAMES[(s * 5 + l) % NAMES.length], amount, amount, amount);
      }
    }
  })();
}

const mb = (bytes: number) => bytes / 2 ** 20;

/**
 * Run `work`, sampling this process's RSS every 20 ms: its result, wall seconds, the process's CPU
 * seconds (all threads: the read worker's included) and peak RSS in MB.
 */
async function measured<T>(
  work: () => Promise<T> | T,
): Promise<{ result: T; seconds: number; cpuSeconds: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: mb(peak),
      startRssMb: mb(startRss),
    };
  } finally {
    clearInterval(timer);
  }
}

/** Seed in a child process: the RSS this process reaches while inserting a million rows would hide the export's. */
async function seedOnly(): Promise<void> {
  rmSync(DB, { force: true });
  const terminal = await openTerminal(DB);
  try {
    const seeded = await measured(() => seed(terminal.sqlite, LINES));
    console.log(`seeded ${LINES.toLocaleString('en')} sale lines in ${seeded.seconds.toFixed(1)} s`);
  } finally {
    terminal.close();
  }
}

/** The read worker bundled into one file in the temp folder, as the Electron build carries it. */
async function bundleReadWorker(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(tmpdir(), `ringup-bench-readWorker-${process.pid}.mjs`);
  const require = createRequire(import.meta.url);
  await build({
    entryPoints: [resolve(here, '..', 'electron', 'core', 'worker', 'readWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // the native module stays outside, imported by its path in this repository (not from the temp folder)
    plugins: [
      {
        name: 'better-sqlite3-from-the-repository',
        setup(builder) {
          builder.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: require.resolve('better-sqlite3'), external: true }));
        },
      },
    ],
    logLevel: 'warning',
  });
  return outfile;
}

function linesIn(file: string): number {
  if (!existsSync(file)) return -1;
  const sqlite = openSqlite(file, { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM sale_lines').get() as { n: number }).n;
  } catch {
    return -1;
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<void> {
  if (linesIn(DB) !== LINES) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed-only', '--lines', String(LINES), '--db', DB],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) throw new Error('seeding failed');
  }
  const bundledWorker = BUNDLED_WORKER ? await bundleReadWorker() : null;
  if (bundledWorker) configureReadWorkers({ entry: bundledWorker });
  const terminal = await openTerminal(DB);
  try {
    terminal.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    if (global.gc) global.gc();
    const out = join(tmpdir(), `ringup-bench-export-${process.pid}.csv`);

    // warm a worker and the page cache once (a small export), as a running app would have; a long
    // export starts its second worker itself, within the measured time
    const beforeWorkerMb = mb(process.memoryUsage().rss);
    await exportToFile(terminal.ctx, { what: 'shifts', bom: false, file: `${out}.warm` }, detachedJob());
    rmSync(`${out}.warm`, { force: true });
    const workerStartMb = mb(process.memoryUsage().rss) - beforeWorkerMb;

    // RSS when the export passes 10%, 50% and 100% of its rows (progress comes once per chunk)
    const marks = [0.1, 0.5, 1];
    const rssAt: Record<string, number> = {};
    const onProgress = (_phase: string, done: number, total: number) => {
      const mark = marks.find((m) => rssAt[`${m * 100}%`] === undefined && total > 0 && done >= m * total);
      if (mark !== undefined) rssAt[`${mark * 100}%`] = Math.round(mb(process.memoryUsage().rss));
    };
    const exported = await measured(() =>
      exportToFile(terminal.ctx, { what: 'sale_lines', bom: true, file: out }, detachedJob(onProgress)),
    );
    const bytes = statSync(out).size;

    const raw = await measured(() => {
      const statement = terminal.sqlite
        .prepare(
          `SELECT l.id, l.sale_id, s.kind, s.receipt_no, s.terminal_id, s.created_at, l.line_no, l.product_id, l.sku, l.name,
             l.quantity, l.weighed, l.unit_price_minor, l.list_price_minor, l.tax_class_id, l.tax_rate_bp, l.gross_minor,
             l.line_discount_minor, l.cart_discount_minor, l.tax_minor, l.total_minor, l.original_line_id, l.restock
           FROM sales s JOIN sale_lines l ON l.sale_id = s.id ORDER BY s.created_at, s.rowid, l.line_no`,
        )
        .raw(true);
      const fd = openSync(`${out}.raw`, 'w');
      let buffer = '';
      let rows = 0;
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        buffer += `${row.join(',')}\r\n`;
        rows++;
        if (buffer.length > 1 << 20) {
          writeSync(fd, buffer);
          buffer = '';
        }
      }
      writeSync(fd, buffer);
      closeSync(fd);
      return rows;
    });
    rmSync(`${out}.raw`, { force: true });

    const parsed = await measured(
      () =>
        new Promise<{ rows: number; totalMinor: number }>((resolveParse, reject) => {
          let rows = 0;
          let totalMinor = 0;
          let totalAt = -1;
          createReadStream(out)
            .pipe(parse({ bom: true }))
            .on('data', (record: string[]) => {
              if (totalAt === -1) totalAt = record.indexOf('total_minor');
              else {
                rows++;
                totalMinor += Number(record[totalAt]);
              }
            })
            .once('end', () => resolveParse({ rows, totalMinor }))
            .once('error', reject);
        }),
    );
    const dbTotal = (terminal.sqlite.prepare('SELECT sum(total_minor) AS s FROM sale_lines').get() as { s: number }).s;
    rmSync(out, { force: true });

    const exportRate = exported.result.rows / exported.seconds;
    const rawRate = raw.result / raw.seconds;
    const exportCpuRate = exported.result.rows / exported.cpuSeconds;
    const rawCpuRate = raw.result / raw.cpuSeconds;
    const figures = {
      lines: LINES,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30) },
      export: {
        rows: exported.result.rows,
        seconds: exported.seconds,
        rowsPerSecond: Math.round(exportRate),
        cpuSeconds: exported.cpuSeconds,
        rowsPerCpuSecond: Math.round(exportCpuRate),
        bytes,
        peakRssMb: Math.round(exported.peakRssMb),
        rssAtStartMb: Math.round(exported.startRssMb),
        /** the peak above the RSS at the start: what the export itself took */
        peakGrowthMb: Math.round(exported.peakRssMb - exported.startRssMb),
        rssAtRowsMb: rssAt,
        /** what starting the read worker added before the export */
        workerStartMb: Math.round(workerStartMb),
        worker: bundledWorker ? 'bundled (esbuild, as out/main/readWorker.js)' : 'TypeScript sources via tsx',
      },
      raw: {
        rows: raw.result,
        seconds: raw.seconds,
        rowsPerSecond: Math.round(rawRate),
        rowsPerCpuSecond: Math.round(rawCpuRate),
        peakRssMb: Math.round(raw.peakRssMb),
      },
      exportVsRaw: Number((exportRate / rawRate).toFixed(3)),
      exportVsRawCpu: Number((exportCpuRate / rawCpuRate).toFixed(3)),
      loadAverage: loadavg().map((load) => Number(load.toFixed(1))),
      parseBack: {
        rows: parsed.result.rows,
        seconds: parsed.seconds,
        rowsPerSecond: Math.round(parsed.result.rows / parsed.seconds),
        totalsMatch: parsed.result.totalMinor === dbTotal && parsed.result.rows === LINES,
      },
      targets: { rowsPerSecond: 200_000, peakRssMb: 200 },
      at: new Date().toISOString(),
    };
    console.table({
      export: {
        rows: figures.export.rows,
        s: exported.seconds.toFixed(2),
        'rows/s': figures.export.rowsPerSecond,
        'rows/CPU s': figures.export.rowsPerCpuSecond,
        'peak RSS MB': figures.export.peakRssMb,
      },
      'raw iterate + join': {
        rows: raw.result,
        s: raw.seconds.toFixed(2),
        'rows/s': figures.raw.rowsPerSecond,
        'rows/CPU s': figures.raw.rowsPerCpuSecond,
        'peak RSS MB': figures.raw.peakRssMb,
      },
      'csv-parse back': {
        rows: parsed.result.rows,
        s: parsed.seconds.toFixed(2),
        'rows/s': figures.parseBack.rowsPerSecond,
        'rows/CPU s': Math.round(parsed.result.rows / parsed.cpuSeconds),
        'peak RSS MB': Math.round(parsed.peakRssMb),
      },
    });
    console.log(
      `export / raw: ${figures.exportVsRaw} (wall), ${figures.exportVsRawCpu} (CPU); load average ${figures.loadAverage.join(' ')}; file ${(bytes / 2 ** 20).toFixed(1)} MiB; parsed back totals match: ${figures.parseBack.totalsMatch}`,
    );
    console.log(
      `export RSS: ${figures.export.rssAtStartMb} MB at the start (the read worker, ${figures.export.worker}, took ${figures.export.workerStartMb} MB to start), ` +
        `${Object.entries(rssAt)
          .map(([mark, value]) => `${value} MB at ${mark}`)
          .join(', ')} of the rows; peak ${figures.export.peakRssMb} MB (+${figures.export.peakGrowthMb} MB)`,
    );
    console.log(
      "RSS is the whole process: the worker thread, and this thread with the terminal's own connections (64 MiB page cache each, " +
        'filled only as they read: the raw baseline on this thread fills one, the export in the worker reads through its own 8 MB cache).',
    );
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(resolve(here, 'results', 'export.json'), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    terminal.close();
    if (!KEEP && !process.argv.includes('--db')) for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB}${suffix}`, { force: true });
    if (bundledWorker) rmSync(bundledWorker, { force: true });
  }
  // idle read workers are unref'd; nothing else keeps the process
}

if (process.argv.includes('--seed-only')) await seedOnly();
else await main();
