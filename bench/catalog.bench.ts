/*
 * Catalogue benchmark at supermarket scale (see bench/README.md):
 *   node --import tsx bench/catalog.bench.ts [--products N] [--db FILE] [--keep] [--fresh]
 *     [--iterations N] [--launches N] [--variants N] [--seed S]
 *
 * 1. seeds N products (default 1,000,000) with seedDatabase (or reuses --db / a --keep file),
 * 2. times barcode lookups and as-you-type searches three ways on the same connection:
 *      router  — terminal.router.invoke(...) with a logged-in cashier (zod, session, envelope),
 *      service — lookupBarcode / searchCatalog called directly,
 *      raw     — the same SQL through plain better-sqlite3 prepared statements,
 * 3. times "launch to ready" in fresh child processes,
 * 4. prints a table and writes bench/results/catalog.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { COUNT_CAP, countCatalog } from '../electron/core/features/catalog/count';
import { lookupBarcode, PRODUCT_BY_BARCODE_SQL } from '../electron/core/features/catalog/products';
import { filterSql, SEARCH_SQL, type SearchInput, searchCatalog } from '../electron/core/features/catalog/search';
import { DEFAULT_SEED_BATCH, PRODUCTS_PER_STATEMENT, type SeedReport, seedDatabase } from '../electron/core/seed/seed';
import { newSession, type Session } from '../electron/core/session';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { barcodeAliases } from '../src/shared/barcode';
import { prefixUpperBound, searchKey, searchTokens } from '../src/shared/text';
import { fmt, onceInTurns, rng, type Stats, stats } from './stats';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

// ---------------------------------------------------------------- arguments

interface Args {
  products: number;
  db: string | null;
  keep: boolean;
  fresh: boolean;
  iterations: number;
  slowIterations: number;
  launches: number;
  variants: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    products: 1_000_000,
    db: null,
    keep: false,
    fresh: false,
    iterations: 2000,
    slowIterations: 300,
    launches: 7,
    variants: 100_000,
    seed: 1,
  };
  const number = (name: string, value: string | undefined): number => {
    const n = Number(String(value).replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, not ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--products') args.products = number('products', next());
    else if (arg === '--db') args.db = resolve(next() ?? '');
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--fresh') args.fresh = true;
    else if (arg === '--iterations') args.iterations = number('iterations', next());
    else if (arg === '--slow-iterations') args.slowIterations = number('slow-iterations', next());
    else if (arg === '--launches') args.launches = number('launches', next());
    else if (arg === '--variants') args.variants = number('variants', next());
    else if (arg === '--seed') args.seed = number('seed', next());
    else throw new Error(`unknown argument ${arg} (see bench/README.md)`);
  }
  return args;
}

// ---------------------------------------------------------------- timing helpers

interface Timed {
  stats: Stats;
  slowest: { input: string; ms: number }[];
}

/**
 * Time `run(input)` over `inputs` (cycled), after one warm-up pass over every input (so the
 * three ways compared all run with the same pages in SQLite's cache). Takes `iterations` calls,
 * or `slowIterations` when the warm-up shows a mean above 5 ms.
 */
function time<T>(inputs: T[], run: (input: T) => unknown, iterations: number, slowIterations: number, label: (input: T) => string): Timed {
  const warmStart = performance.now();
  for (const input of inputs) run(input);
  const warmMean = (performance.now() - warmStart) / Math.max(1, inputs.length);
  const n = warmMean > 5 ? slowIterations : iterations;
  const samples: number[] = [];
  const slow: { input: string; ms: number }[] = [];
  for (let i = 0; i < n; i++) {
    const input = inputs[i % inputs.length] as T;
    const t0 = performance.now();
    run(input);
    const ms = performance.now() - t0;
    samples.push(ms);
    if (slow.length < 5 || ms > (slow.at(-1)?.ms ?? 0)) {
      slow.push({ input: label(input), ms });
      slow.sort((x, y) => y.ms - x.ms);
      slow.length = Math.min(slow.length, 5);
    }
  }
  return { stats: stats(samples), slowest: slow };
}

/** Time `run` once per input, no warm-up of those inputs: first touch of pages SQLite has not cached. */

// ---------------------------------------------------------------- raw replicas of the core's SQL

/** What searchCatalog runs for a first page, with plain prepared statements (no mapping, no cursor). */
function rawSearcher(sqlite: Database.Database) {
  const filter = filterSql({ active: 'active' });
  const bySku = sqlite.prepare(SEARCH_SQL.bySku(filter.sql));
  const byBarcode = sqlite.prepare(SEARCH_SQL.byBarcode(filter.sql));
  const name = sqlite.prepare(SEARCH_SQL.name(filter.sql));
  const words = sqlite.prepare(SEARCH_SQL.words(filter.sql));
  const browse = sqlite.prepare(SEARCH_SQL.browse(filter.sql));
  return (query: string, limit = 20): number => {
    const key = searchKey(query);
    const tokens = searchTokens(query);
    const code = query.trim();
    let found = 0;
    const seen = new Set<number>();
    if (key && code.length >= 3 && !/\s/.test(code)) {
      for (const sku of new Set([code, code.toUpperCase()]))
        for (const r of bySku.all(sku, ...filter.params) as { seq: number }[]) seen.add(r.seq);
      for (const alias of barcodeAliases(code))
        for (const r of byBarcode.all(alias, ...filter.params) as { seq: number }[]) seen.add(r.seq);
      found = seen.size;
    }
    if (!key) return (browse.all('', -1, ...filter.params, limit + 1) as unknown[]).length;
    const first = name.all(key, prefixUpperBound(key), '', -1, ...filter.params, limit - found + 1 + seen.size) as unknown[];
    found += first.length;
    if (found <= limit && tokens.length > 0) {
      const match = tokens.map((token) => `"${token}"*`).join(' ');
      found += (words.all(match, -1, key, prefixUpperBound(key), ...filter.params, limit - found + 1 + seen.size) as unknown[]).length;
    }
    return found;
  };
}

// ---------------------------------------------------------------- query pools

interface QueryClass {
  name: string;
  queries: string[];
}

function queryClasses(sqlite: Database.Database, seed: number): QueryClass[] {
  const random = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const maxSeq = (sqlite.prepare('SELECT max(seq) AS m FROM products').get() as { m: number }).m;
  const names: string[] = [];
  const sample = sqlite.prepare('SELECT name FROM products WHERE seq = ?');
  while (names.length < 600) {
    const row = sample.get(1 + Math.floor(random() * maxSeq)) as { name: string } | undefined;
    if (row) names.push(row.name);
  }
  const wordsOf = (name: string) =>
    searchKey(name)
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 3);
  const allWords = names.flatMap(wordsOf);
  const randomLetters = (n: number) => Array.from({ length: n }, () => pick([...letters])).join('');
  const range = (n: number, f: () => string) => Array.from({ length: n }, f);
  const codes = sqlite.prepare('SELECT code FROM product_barcodes WHERE rowid = ?');
  const maxCode = (sqlite.prepare('SELECT max(rowid) AS m FROM product_barcodes').get() as { m: number }).m;
  return [
    { name: '1 letter (random a-z)', queries: range(500, () => randomLetters(1)) },
    { name: '2 letters (random)', queries: range(500, () => randomLetters(2)) },
    { name: '3 letters (random)', queries: range(500, () => randomLetters(3)) },
    { name: '3 letters (start of a real word)', queries: range(500, () => pick(allWords).slice(0, 3)) },
    { name: 'whole word from a name', queries: range(500, () => pick(allWords)) },
    {
      name: 'two words ("dark choc")',
      queries: range(500, () => {
        const words = searchKey(pick(names)).split(' ');
        const i = Math.floor(random() * Math.max(1, words.length - 1));
        const second = words[i + 1] ?? '';
        return `${words[i]} ${second.slice(0, Math.max(3, Math.min(second.length, 3 + Math.floor(random() * 3))))}`.trim();
      }),
    },
    { name: 'no match', queries: range(500, () => `qx${randomLetters(4)}`) },
    {
      name: 'barcode typed in search',
      queries: range(500, () => (codes.get(1 + Math.floor(random() * maxCode)) as { code: string } | undefined)?.code ?? '2000000000000'),
    },
  ];
}

// ---------------------------------------------------------------- sessions

const CASHIER = { name: 'Bench Cashier', pin: '2468' };

function cashierSession(terminal: Terminal): Session {
  const operator = newSession(true);
  const list = terminal.router.invoke('staff.list', { includeInactive: true }, operator);
  if (!list.ok) throw new Error(`staff.list failed: ${list.error.message}`);
  let staff = (list.data as { id: string; name: string }[]).find((s) => s.name === CASHIER.name);
  if (!staff) {
    const created = terminal.router.invoke('staff.create', { name: CASHIER.name, pin: CASHIER.pin, roles: ['cashier'] }, operator);
    if (!created.ok) throw new Error(`staff.create failed: ${created.error.message}`);
    staff = created.data as { id: string; name: string };
  }
  const session = newSession(false);
  const login = terminal.router.invoke('auth.login', { staffId: staff.id, pin: CASHIER.pin }, session);
  if (!login.ok) throw new Error(`auth.login failed: ${login.error.message}`);
  return session;
}

// ---------------------------------------------------------------- launch to ready

interface Launch {
  mode: string;
  runs: { wallMs: number; processToReadyMs: number; openMs: number; firstSearchMs: number }[];
}

async function bundleLaunchChild(dir: string): Promise<string | null> {
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const outfile = join(dir, 'launch-child.cjs');
    await esbuild.build({
      entryPoints: [join(here, 'launch-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3', 'electron'],
      outfile,
      logLevel: 'silent',
    });
    return outfile;
  } catch (error) {
    console.error(`(no bundled launch: ${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

function launches(runs: number, argsFor: (query: string) => { args: string[]; env?: NodeJS.ProcessEnv }, mode: string): Launch {
  const result: Launch = { mode, runs: [] };
  const queries = ['cho', 'b', 'milk', 'alpine', 'dark choc', 'tea', 'x'];
  for (let i = 0; i < runs; i++) {
    const { args, env } = argsFor(queries[i % queries.length] as string);
    const t0 = performance.now();
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    const wallMs = performance.now() - t0;
    if (child.status !== 0) throw new Error(`launch child failed (${mode}): ${child.stderr}`);
    const m = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { ready: number; openMs: number; firstSearchMs: number };
    result.runs.push({ wallMs, processToReadyMs: m.ready, openMs: m.openMs, firstSearchMs: m.firstSearchMs });
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const file = args.db ?? join(tmpdir(), `ringup-bench-catalog-${args.products}.db`);
  const keepFile = args.keep || args.db !== null;
  const reuse = !args.fresh && keepFile && existsSync(file);
  if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  mkdirSync(dirname(file), { recursive: true });

  console.error(`Database: ${file} (${reuse ? 'reused' : 'new'}), ${args.products.toLocaleString('en')} products`);

  // 1. seeding ------------------------------------------------------------
  let terminal = await openTerminal(file);
  let lastPrint = 0;
  const seedReport: SeedReport = seedDatabase(terminal, { products: args.products, members: 0, sales: 0, seed: args.seed }, (p) => {
    const now = performance.now();
    if (now - lastPrint > 2000 || p.done === p.total) {
      lastPrint = now;
      process.stderr.write(`  seeding ${p.phase}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}\n`);
    }
  });
  // close as the CLI does (PRAGMA optimize), then reopen: the state a till starts from
  const closeStart = performance.now();
  terminal.close();
  const closeMs = performance.now() - closeStart;
  terminal = await openTerminal(file);
  const { sqlite } = terminal;
  const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const fileBytes = statSync(file).size;
  const hasStats = (sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'").get() as { n: number }).n > 0;
  console.error(
    `Seeded: ${seedReport.products.inserted.toLocaleString('en')} inserted, ${seedReport.products.existing.toLocaleString('en')} already there, ${(seedReport.elapsedMs / 1000).toFixed(1)} s; close (optimize) ${closeMs.toFixed(0)} ms; file ${(fileBytes / 2 ** 20).toFixed(0)} MiB`,
  );

  // 2. lookups and searches -------------------------------------------------
  const session = cashierSession(terminal);
  const random = rng(args.seed + 17);
  const maxCode = (sqlite.prepare('SELECT max(rowid) AS m FROM product_barcodes').get() as { m: number }).m;
  const codeAt = sqlite.prepare('SELECT code FROM product_barcodes WHERE rowid = ?').pluck();
  // 2,000 codes for the warm figures, and three other sets of 2,000 never looked up before (cold)
  const pool = new Set<string>();
  while (pool.size < 8000) {
    const code = codeAt.get(1 + Math.floor(random() * maxCode)) as string | undefined;
    if (code) pool.add(code);
  }
  const poolList = [...pool];
  const codes = poolList.slice(0, 2000);
  const coldSets = [poolList.slice(2000, 4000), poolList.slice(4000, 6000), poolList.slice(6000, 8000)] as const;
  const rawLookup = sqlite.prepare(PRODUCT_BY_BARCODE_SQL);
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
  };
  check(terminal.router.invoke('catalog.lookupBarcode', { code: codes[0] }, session).ok, 'router lookup of an existing barcode');

  interface Row {
    operation: string;
    router: Stats;
    service: Stats;
    raw: Stats;
    target: number | null;
    tiers?: Record<string, number>;
    slowest?: { input: string; ms: number }[];
  }
  const rows: Row[] = [];
  const iterations = Math.max(args.iterations, 1);
  console.error('Timing barcode lookups…');
  const routerLookup = time(
    codes,
    (code) => terminal.router.invoke('catalog.lookupBarcode', { code }, session),
    iterations,
    args.slowIterations,
    String,
  );
  const serviceLookup = time(codes, (code) => lookupBarcode(terminal.ctx, code), iterations, args.slowIterations, String);
  const rawLookupTimed = time(codes, (code) => rawLookup.get(code), iterations, args.slowIterations, String);
  rows.push({
    operation: 'catalog.lookupBarcode',
    router: routerLookup.stats,
    service: serviceLookup.stats,
    raw: rawLookupTimed.stats,
    target: 0.2,
  });
  // products never looked up in this process: their pages come from the OS, not SQLite's cache
  const [coldRouter, coldService, coldRaw] = onceInTurns(coldSets, [
    (code) => terminal.router.invoke('catalog.lookupBarcode', { code }, session),
    (code) => lookupBarcode(terminal.ctx, code),
    (code) => rawLookup.get(code),
  ]) as [Stats, Stats, Stats];
  rows.push({
    operation: 'catalog.lookupBarcode, first touch (cold)',
    router: coldRouter,
    service: coldService,
    raw: coldRaw,
    target: 0.2,
  });

  const raw = rawSearcher(sqlite);
  for (const qc of queryClasses(sqlite, args.seed)) {
    console.error(`Timing search: ${qc.name}…`);
    const input = (query: string): SearchInput => ({ query, active: 'active', limit: 20 });
    // which tier answered (from the service's own result)
    const tiers: Record<string, number> = {};
    for (const q of qc.queries.slice(0, 200)) {
      const items = searchCatalog(terminal.ctx, input(q)).items;
      const tier = items.length === 0 ? 'none' : [...new Set(items.map((h) => h.match))].join('+');
      tiers[tier] = (tiers[tier] ?? 0) + 1;
    }
    const r = time(
      qc.queries,
      (query) => terminal.router.invoke('catalog.search', { query, limit: 20 }, session),
      iterations,
      args.slowIterations,
      String,
    );
    const s = time(qc.queries, (query) => searchCatalog(terminal.ctx, input(query)), iterations, args.slowIterations, String);
    const w = time(qc.queries, (query) => raw(query), iterations, args.slowIterations, String);
    rows.push({
      operation: `catalog.search: ${qc.name}`,
      router: r.stats,
      service: s.stats,
      raw: w.stats,
      target: 10,
      tiers,
      slowest: r.slowest,
    });
  }

  // 2b. the total count the till asks for once typing settles (catalog.count) ---------------
  const rawCount = sqlite.prepare(
    `SELECT count(*) AS n FROM (SELECT 1 FROM products_fts f JOIN products p ON p.seq = f.rowid
      WHERE products_fts MATCH ? AND p.active = 1 LIMIT ${COUNT_CAP + 1})`,
  );
  for (const qc of queryClasses(sqlite, args.seed).slice(0, 3)) {
    console.error(`Timing count: ${qc.name}…`);
    const queries = qc.queries.slice(0, 100);
    const r = time(queries, (query) => terminal.router.invoke('catalog.count', { query }, session), 100, 100, String);
    const s = time(queries, (query) => countCatalog(terminal.ctx, { query, active: 'active' }), 100, 100, String);
    const w = time(
      queries,
      (query) =>
        rawCount.get(
          searchTokens(query)
            .map((token) => `"${token}"*`)
            .join(' '),
        ),
      100,
      100,
      String,
    );
    rows.push({ operation: `catalog.count: ${qc.name}`, router: r.stats, service: s.stats, raw: w.stats, target: 150, slowest: r.slowest });
  }

  // 3. launch to ready --------------------------------------------------------
  terminal.close();
  console.error('Timing launch to ready…');
  const launchDir = mkdtempSync(join(tmpdir(), 'ringup-bench-launch-'));
  const launchResults: Launch[] = [];
  try {
    const bundled = await bundleLaunchChild(launchDir);
    if (bundled) {
      launchResults.push(
        launches(
          args.launches,
          (query) => ({ args: [bundled, file, query], env: { NODE_PATH: join(root, 'node_modules') } }),
          'bundled (plain node, like the packaged app)',
        ),
      );
    }
    launchResults.push(
      launches(
        args.launches,
        (query) => ({ args: ['--import', 'tsx', join(here, 'launch-child.ts'), file, query] }),
        'tsx (dev, transpiles on load)',
      ),
    );
  } finally {
    rmSync(launchDir, { recursive: true, force: true });
  }

  // 4. seeding variants (barcode order and rows per statement) -------------------
  const variants: { variant: string; products: number; ms: number; perSecond: number }[] = [];
  if (args.variants > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'ringup-bench-variants-'));
    try {
      for (const v of [
        { variant: `barcodes first, ${PRODUCTS_PER_STATEMENT} rows per INSERT (default)`, options: {} },
        { variant: 'barcodes first, 1 row per INSERT', options: { rowsPerStatement: 1 } },
        { variant: `product first, ${PRODUCTS_PER_STATEMENT} rows per INSERT`, options: { order: 'product-first' as const } },
      ]) {
        console.error(`Seeding variant (${args.variants.toLocaleString('en')}): ${v.variant}…`);
        const t = await openTerminal(join(dir, `${variants.length}.db`));
        const report = seedDatabase(t, { products: args.variants, members: 0, sales: 0, seed: args.seed, ...v.options });
        t.sqlite.close();
        variants.push({ variant: v.variant, products: args.variants, ms: report.elapsedMs, perSecond: report.productsPerSecond });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!keepFile) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

  // 5. report --------------------------------------------------------------------
  const lines: string[] = [];
  const pad = (s: string, n: number) => s.padEnd(n);
  const padl = (s: string, n: number) => s.padStart(n);
  lines.push('');
  lines.push(`Ringup catalogue benchmark — ${args.products.toLocaleString('en')} products, ${new Date().toISOString()}`);
  lines.push(
    `${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, SQLite ${sqliteVersion}`,
  );
  lines.push('');
  const seeded = seedReport.products.inserted > 0;
  lines.push(
    `(d) seeding: ${seeded ? `${seedReport.products.inserted.toLocaleString('en')} products in ${(seedReport.elapsedMs / 1000).toFixed(1)} s = ${seedReport.productsPerSecond.toLocaleString('en')} rows/s` : `reused (${seedReport.products.existing.toLocaleString('en')} already there; check took ${seedReport.elapsedMs} ms)`}  target ≤ 60 s ${seeded ? (seedReport.elapsedMs <= 60_000 ? 'OK' : 'MISSED') : ''}`,
  );
  lines.push(
    `    ${DEFAULT_SEED_BATCH.toLocaleString('en')} products per transaction, ${PRODUCTS_PER_STATEMENT} per INSERT statement, barcodes before products`,
  );
  lines.push(
    `    file ${(fileBytes / 2 ** 20).toFixed(0)} MiB, ${seedReport.barcodes.inserted.toLocaleString('en')} barcodes; sqlite_stat1 after close: ${hasStats ? 'yes' : 'no'}`,
  );
  lines.push('');
  const header = `${pad('operation (ms)', 48)}${padl('router p50', 11)}${padl('p99', 8)}${padl('service p50', 12)}${padl('p99', 8)}${padl('raw p50', 9)}${padl('p99', 8)}${padl('router/raw p50', 15)}${padl('n', 6)}  target`;
  lines.push(header);
  lines.push('-'.repeat(header.length + 8));
  for (const row of rows) {
    const ok = row.target === null ? '' : row.router.p99 <= row.target ? `p99 ≤ ${row.target} OK` : `p99 ≤ ${row.target} MISSED`;
    lines.push(
      `${pad(row.operation.slice(0, 47), 48)}${padl(fmt(row.router.p50), 11)}${padl(fmt(row.router.p99), 8)}${padl(fmt(row.service.p50), 12)}${padl(fmt(row.service.p99), 8)}${padl(fmt(row.raw.p50), 9)}${padl(fmt(row.raw.p99), 8)}${padl(`${(row.router.p50 / Math.max(row.raw.p50, 1e-6)).toFixed(1)}×`, 15)}${padl(String(row.router.n), 6)}  ${ok}`,
    );
  }
  lines.push('');
  lines.push('Tier that answered (first 200 queries of each class): ');
  for (const row of rows.filter((r) => r.tiers)) {
    lines.push(
      `  ${pad(row.operation.replace('catalog.search: ', ''), 36)} ${Object.entries(row.tiers ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  lines.push('');
  lines.push('(c) launch to ready = openTerminal (migration check) + first catalog.search, fresh process each run:');
  for (const launch of launchResults) {
    const wall = stats(launch.runs.map((r) => r.wallMs));
    const toReady = stats(launch.runs.map((r) => r.processToReadyMs));
    const open = stats(launch.runs.map((r) => r.openMs));
    const first = stats(launch.runs.map((r) => r.firstSearchMs));
    lines.push(
      `  ${pad(launch.mode, 44)} process start→ready p50 ${fmt(toReady.p50)} (max ${fmt(toReady.max)}), of which open ${fmt(open.p50)} + first search ${fmt(first.p50)}; spawn→exit ${fmt(wall.p50)}  ${launch.mode.startsWith('bundled') ? `target ≤ 300 ${toReady.max <= 300 ? 'OK' : 'MISSED'}` : '(dev mode: no target)'}`,
    );
  }
  if (variants.length > 0) {
    lines.push('');
    lines.push(`Seeding variants (${args.variants.toLocaleString('en')} products each, fresh file):`);
    for (const v of variants)
      lines.push(`  ${pad(v.variant, 48)} ${(v.ms / 1000).toFixed(1)} s  ${v.perSecond.toLocaleString('en')} rows/s`);
  }
  const slowRows = rows.filter((r) => r.target !== null && r.router.p99 > r.target);
  if (slowRows.length > 0) {
    lines.push('');
    lines.push('Slowest router calls of the classes over target:');
    for (const row of slowRows) lines.push(`  ${row.operation}: ${(row.slowest ?? []).map((s) => `"${s.input}" ${fmt(s.ms)}`).join(', ')}`);
  }
  console.log(lines.join('\n'));

  const results = {
    benchmark: 'catalog',
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? null,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      sqlite: sqliteVersion,
    },
    database: { file, reused: reuse, bytes: fileBytes, products: args.products, sqliteStat1: hasStats },
    seeding: {
      targetMs: 60_000,
      report: seedReport,
      closeWithOptimizeMs: Math.round(closeMs),
      variants,
    },
    operations: rows.map((r) => ({ ...r, ratioRouterRawP50: r.router.p50 / Math.max(r.raw.p50, 1e-6) })),
    launch: launchResults.map((l) => ({
      ...l,
      targetMs: 300,
      processToReady: stats(l.runs.map((r) => r.processToReadyMs)),
      open: stats(l.runs.map((r) => r.openMs)),
      firstSearch: stats(l.runs.map((r) => r.firstSearchMs)),
      spawnToExit: stats(l.runs.map((r) => r.wallMs)),
    })),
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'catalog.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.error(`Wrote ${join('bench', 'results', 'catalog.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
