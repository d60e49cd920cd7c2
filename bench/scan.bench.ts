/*
 * Scanning at supermarket scale (see bench/README.md):
 *   node --import tsx bench/scan.bench.ts [--products N] [--db FILE] [--fresh] [--sales N] [--lines N] [--warmup N] [--seed S]
 *
 * 1. the catalogue: N products (default 1,000,000) seeded once into a kept file — the one
 *    `catalog.bench.ts --keep` makes and reuses ($TMPDIR/ringup-bench-catalog-N.db) — and copied
 *    for each run, so every run starts from the same catalogue and the kept file never takes a sale;
 * 2. sales of `--lines` scans (30) each, then the payment, two ways taking turns call by call on the
 *    same connection (the same machine noise, the same SQLite cache):
 *      router — cart.addLine {code} and sale.complete {id, payments} through terminal.router with a
 *               cashier logged in (zod, session, envelope, the output checked before the commit);
 *      raw    — the same work as plain better-sqlite3 statements, in one IMMEDIATE transaction per
 *               call: the barcode lookup, the open_sales row read, the cart priced from the catalogue
 *               (each line's product read, shared priceCart), the row written back; the payment is
 *               bench/raw-sale.ts (every row, journal entry and event of sale.complete);
 * 3. prints p50/p99 per scan and per sale with the ratios, and writes bench/results/scan.json.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { readSettings, type Settings } from '../electron/core/features/setup/settings';
import { seedDatabase } from '../electron/core/seed/seed';
import { newSession, type Session } from '../electron/core/session';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { eventSchemas } from '../src/shared/events';
import { priceCart } from '../src/shared/pricing';
import { uuidv7 } from '../src/shared/uuid';
import { type RawPayment, rawSaleWriter } from './raw-sale';
import { rng, stats } from './stats';

const here = dirname(fileURLToPath(import.meta.url));

interface Args {
  products: number;
  db: string | null;
  fresh: boolean;
  sales: number;
  lines: number;
  warmup: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { products: 1_000_000, db: null, fresh: false, sales: 100, lines: 30, warmup: 5, seed: 1 };
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
    else if (arg === '--fresh') args.fresh = true;
    else if (arg === '--sales') args.sales = number('sales', next());
    else if (arg === '--lines') args.lines = Math.max(1, number('lines', next()));
    else if (arg === '--warmup') args.warmup = number('warmup', next());
    else if (arg === '--seed') args.seed = number('seed', next());
    else throw new Error(`unknown argument ${arg} (see bench/README.md)`);
  }
  return args;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

/** The kept catalogue: seeded when missing (or with --fresh), closed as the CLI closes it (PRAGMA optimize, WAL checkpointed). */
async function keptCatalogue(args: Args): Promise<string> {
  const file = args.db ?? join(tmpdir(), `ringup-bench-catalog-${args.products}.db`);
  if (args.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  const terminal = await openTerminal(file);
  try {
    const have = (terminal.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
    if (have < args.products) {
      console.error(`Seeding ${args.products.toLocaleString('en')} products into ${file} (kept for the next runs)…`);
      let lastPrint = 0;
      const report = seedDatabase(terminal, { products: args.products, members: 0, sales: 0, seed: args.seed }, (p) => {
        const now = performance.now();
        if (now - lastPrint > 5000 || p.done === p.total) {
          lastPrint = now;
          process.stderr.write(`  seeding ${p.phase}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}\n`);
        }
      });
      console.error(`  seeded in ${(report.elapsedMs / 1000).toFixed(1)} s`);
    } else {
      console.error(`Catalogue: ${file} (reused, ${have.toLocaleString('en')} products)`);
    }
  } finally {
    terminal.close();
  }
  return file;
}

/** A cashier logged in (made by the operator, as a seeded database has no staff of its own). */
function cashier(terminal: Terminal, name: string, pin: string): Session {
  const operator = newSession(true);
  // a catalogue file another bench used may have its cashier already
  const list = terminal.router.invoke('staff.list', { includeInactive: true }, operator);
  let staffId = list.ok ? (list.data as { id: string; name: string }[]).find((s) => s.name === name)?.id : undefined;
  if (!staffId) {
    const created = terminal.router.invoke('staff.create', { name, pin, roles: ['cashier'] }, operator);
    if (!created.ok) throw new Error(`staff.create failed: ${created.error.message}`);
    staffId = (created.data as { id: string }).id;
  }
  const session = newSession(false);
  const login = terminal.router.invoke('auth.login', { staffId, pin }, session);
  if (!login.ok) throw new Error(`auth.login failed: ${login.error.message}`);
  return session;
}

/** Barcodes of distinct products a cashier can scan by the piece: active, not sold by weight, in stock. */
function scannableCodes(sqlite: Database.Database, count: number, seed: number): string[] {
  const random = rng(seed);
  const maxRowid = (sqlite.prepare('SELECT max(rowid) AS m FROM product_barcodes').get() as { m: number }).m;
  const at = sqlite.prepare(
    `SELECT b.code, b.product_id FROM product_barcodes b JOIN products p ON p.id = b.product_id
     WHERE b.rowid = ? AND p.active = 1 AND p.sold_by_weight = 0 AND (p.tracks_stock = 0 OR p.stock_on_hand >= 10)`,
  );
  const codes: string[] = [];
  const products = new Set<string>();
  for (let tries = 0; codes.length < count && tries < count * 50; tries++) {
    const row = at.get(1 + Math.floor(random() * maxRowid)) as { code: string; product_id: string } | undefined;
    if (!row || products.has(row.product_id)) continue;
    products.add(row.product_id);
    codes.push(row.code);
  }
  if (codes.length < count) throw new Error(`only ${codes.length} scannable products found, ${count} wanted`);
  return codes;
}

type RawCartLine = { lineId: string; productId: string; quantity: number; weighed: boolean };

/**
 * The scan by hand: in one IMMEDIATE transaction (committed at synchronous=NORMAL, as the core
 * commits a change of the sale in progress) the barcode lookup, the staff member's open_sales
 * row, the cart priced from the catalogue (each line's product read, as the core answers the priced
 * sale), the row inserted or written back; answers the priced lines and the total.
 */
function rawScanner(db: Database.Database, settings: Settings, staffId: string) {
  const st = {
    byBarcode: db.prepare(
      `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight
       FROM product_barcodes b JOIN products p ON p.id = b.product_id JOIN tax_classes t ON t.id = p.tax_class_id WHERE b.code = ?`,
    ),
    byId: db.prepare(
      `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight
       FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id = ?`,
    ),
    open: db.prepare('SELECT id, cart, approval_ids FROM open_sales WHERE staff_id = ?'),
    insert: db.prepare(
      'INSERT INTO open_sales (id, staff_id, cart, approval_ids, label, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
    ),
    update: db.prepare('UPDATE open_sales SET cart = ?, approval_ids = ?, updated_at = ? WHERE id = ?'),
  };
  type Row = Record<string, number | string>;
  const price = (lines: RawCartLine[]) => {
    const products = lines.map((line) => st.byId.get(line.productId) as Row);
    const cart = priceCart({
      lines: lines.map((line, i) => ({
        id: String(i + 1),
        quantity: line.quantity,
        weighed: line.weighed,
        unitPriceMinor: products[i]?.price_minor as number,
        taxRateBp: products[i]?.rate_bp as number,
      })),
      cartDiscount: null,
      pricesIncludeTax: settings.pricesIncludeTax,
      taxRounding: settings.taxRounding,
    });
    return { products, cart };
  };
  const scan = (code: string) => {
    const product = st.byBarcode.get(code) as Row | undefined;
    if (product?.active !== 1 || product.sold_by_weight === 1) throw new Error(`raw scan: ${code} cannot be sold by the piece`);
    const row = st.open.get(staffId) as { id: string; cart: string; approval_ids: string } | undefined;
    const cart: { lines: RawCartLine[]; cartDiscount: null } = row ? JSON.parse(row.cart) : { lines: [], cartDiscount: null };
    const now = Date.now();
    const existing = cart.lines.find((line) => line.productId === product.id);
    if (existing) existing.quantity += 1;
    else cart.lines.push({ lineId: uuidv7(now), productId: product.id as string, quantity: 1, weighed: false });
    const priced = price(cart.lines);
    const id = row?.id ?? uuidv7(now);
    if (row) st.update.run(JSON.stringify(cart), row.approval_ids, now, id);
    else st.insert.run(id, staffId, JSON.stringify(cart), '[]', now, now);
    return {
      id,
      lines: cart.lines.map((line, i) => ({
        ...line,
        sku: priced.products[i]?.sku,
        name: priced.products[i]?.name,
        unitPriceMinor: priced.products[i]?.price_minor,
        totalMinor: priced.cart.lines[i]?.totalMinor ?? 0,
        taxMinor: priced.cart.lines[i]?.taxMinor ?? 0,
      })),
      totalMinor: priced.cart.totalMinor,
    };
  };
  const sale = rawSaleWriter(db, settings, staffId);
  /** sale.complete {id, payments} by hand: the open row read, then every row, journal entry and event of the sale */
  const complete = (id: string, payments: RawPayment[]) => {
    const row = st.open.get(staffId) as { id: string; cart: string } | undefined;
    if (!row || row.id !== id) throw new Error('raw complete: that sale is not in progress');
    const lines = (JSON.parse(row.cart) as { lines: RawCartLine[] }).lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    sale.completeInTransaction(id, lines, payments, { id, payments });
  };
  const scanInTransaction = db.transaction(scan).immediate as unknown as typeof scan;
  return {
    // as the core commits a change of the sale in progress: synchronous=NORMAL, FULL put back after
    scan: (code: string) => {
      const full = db.pragma('synchronous', { simple: true }) === 2;
      if (full) db.pragma('synchronous = NORMAL');
      try {
        return scanInTransaction(code);
      } finally {
        if (full) db.pragma('synchronous = FULL');
      }
    },
    complete: db.transaction(complete).immediate as unknown as typeof complete,
  };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = run();
  return { ms: performance.now() - t0, value };
}

/**
 * Both ways, timed, the router first in even sales and raw first in odd ones: whichever runs right
 * after the other's payment (a large commit, sometimes a WAL checkpoint) is not always the same way.
 */
function inTurn<R, W>(sale: number, router: () => R, raw: () => W): [{ ms: number; value: R }, { ms: number; value: W }] {
  if (sale % 2 === 0) {
    const r = timed(router);
    return [r, timed(raw)];
  }
  const w = timed(raw);
  return [timed(router), w];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const kept = await keptCatalogue(args);
  const dir = mkdtempSync(join(tmpdir(), 'ringup-bench-scan-'));
  try {
    // a copy per run: the kept catalogue stays as seeded
    const file = join(dir, 'scan.db');
    const copyStart = performance.now();
    copyFileSync(kept, file);
    console.error(
      `Copied the catalogue (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - copyStart) / 1000).toFixed(1)} s`,
    );
    const terminal = await openTerminal(file);
    const { sqlite } = terminal;
    const routerCashier = cashier(terminal, 'Bench Cashier', '2468');
    const rawCashier = cashier(terminal, 'Bench Raw Cashier', '1357');
    const shift = terminal.router.invoke('shift.open', { openingFloatMinor: 10000 }, routerCashier);
    if (!shift.ok) throw new Error(`shift.open failed: ${shift.error.message}`);
    const raw = rawScanner(sqlite, readSettings(terminal.ctx), rawCashier.staff?.id ?? '');

    const totalSales = args.warmup + args.sales;
    const codes = scannableCodes(sqlite, 2 * totalSales * args.lines, args.seed);
    const invoke = <T>(channel: string, input: unknown): T => {
      const result = terminal.router.invoke(channel, input, routerCashier);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.data as T;
    };
    const scans = { router: [] as number[], raw: [] as number[] };
    const firstScans = { router: [] as number[], raw: [] as number[] };
    const lastScans = { router: [] as number[], raw: [] as number[] };
    const completes = { router: [] as number[], raw: [] as number[] };
    const wholeSales = { router: [] as number[], raw: [] as number[] };
    console.error(`Timing ${args.sales} sales of ${args.lines} scans (after ${args.warmup} warm-up sales), router and raw taking turns…`);
    for (let s = 0; s < totalSales; s++) {
      const record = s >= args.warmup;
      let routerSale = { id: '', totalMinor: 0 };
      let rawSale = { id: '', totalMinor: 0 };
      let routerSum = 0;
      let rawSum = 0;
      for (let k = 0; k < args.lines; k++) {
        // each way its own products (taking turns): neither finds pages the other just read
        const base = 2 * (s * args.lines + k);
        const [r, w] = inTurn(
          s,
          () => invoke<{ id: string; totalMinor: number }>('cart.addLine', { code: codes[base] }),
          () => raw.scan(codes[base + 1] as string),
        );
        routerSale = r.value;
        rawSale = w.value;
        routerSum += r.ms;
        rawSum += w.ms;
        if (!record) continue;
        scans.router.push(r.ms);
        scans.raw.push(w.ms);
        if (k === 0) {
          firstScans.router.push(r.ms);
          firstScans.raw.push(w.ms);
        }
        if (k === args.lines - 1) {
          lastScans.router.push(r.ms);
          lastScans.raw.push(w.ms);
        }
      }
      const pay = (totalMinor: number): RawPayment[] => [{ method: 'card', amountMinor: totalMinor, last4: '4242' }];
      const [r, w] = inTurn(
        s,
        () => invoke('sale.complete', { id: routerSale.id, payments: pay(routerSale.totalMinor) }),
        () => raw.complete(rawSale.id, pay(rawSale.totalMinor)),
      );
      if (!record) continue;
      completes.router.push(r.ms);
      completes.raw.push(w.ms);
      wholeSales.router.push(routerSum + r.ms);
      wholeSales.raw.push(rawSum + w.ms);
    }

    // the raw way did the core's work: the journal of both ways verifies, the raw events keep their schema
    const verdict = terminal.router.invoke('journal.verify', {}, newSession(true));
    if (!verdict.ok || !(verdict.data as { ok: boolean }).ok) throw new Error(`journal.verify failed: ${JSON.stringify(verdict)}`);
    const events = sqlite
      .prepare(
        "SELECT o.payload FROM outbox o JOIN sales s ON s.id = o.entity_id WHERE o.topic = 'sale.completed' AND s.staff_id = ? ORDER BY o.seq DESC LIMIT 5",
      )
      .pluck()
      .all(rawCashier.staff?.id) as string[];
    for (const payload of events) {
      if (JSON.stringify(eventSchemas['sale.completed'].parse(JSON.parse(payload))) !== payload)
        throw new Error('a raw event breaks its schema');
    }
    const sold = (sqlite.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    if (sold !== 2 * totalSales) throw new Error(`${sold} sales recorded, ${2 * totalSales} made`);

    const rows = [
      {
        what: `cart.addLine {code}, every scan (cart of 1–${args.lines} lines)`,
        key: 'scan',
        router: stats(scans.router),
        raw: stats(scans.raw),
      },
      {
        what: 'the first scan (starts the sale in progress)',
        key: 'firstScan',
        router: stats(firstScans.router),
        raw: stats(firstScans.raw),
      },
      {
        what: `the ${args.lines}th scan (prices a cart of ${args.lines} lines)`,
        key: 'lastScan',
        router: stats(lastScans.router),
        raw: stats(lastScans.raw),
      },
      {
        what: `sale.complete {id, payments} of the ${args.lines}-line sale in progress`,
        key: 'complete',
        router: stats(completes.router),
        raw: stats(completes.raw),
      },
      {
        what: `a ${args.lines}-line sale, first scan to completion`,
        key: 'wholeSale',
        router: stats(wholeSales.router),
        raw: stats(wholeSales.raw),
      },
    ];
    const synchronous = sqlite.pragma('synchronous', { simple: true });
    console.log(
      `scan: ${args.sales} sales of ${args.lines} scans on ${args.products.toLocaleString('en')} products, synchronous=${synchronous === 2 ? 'FULL' : synchronous}, journal verified`,
    );
    console.log('| operation | router p50 | router p99 | raw p50 | raw p99 | router/raw p50 | router/raw p99 |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) {
      console.log(
        `| ${row.what} | ${fmt(row.router.p50)} ms | ${fmt(row.router.p99)} ms | ${fmt(row.raw.p50)} ms | ${fmt(row.raw.p99)} ms | ${(row.router.p50 / row.raw.p50).toFixed(2)}× | ${(row.router.p99 / row.raw.p99).toFixed(2)}× |`,
      );
    }
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      sqlite: (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      products: args.products,
      sales: args.sales,
      linesPerSale: args.lines,
      synchronous,
      figuresMs: Object.fromEntries(
        rows.map((row) => [
          row.key,
          { router: row.router, raw: row.raw, ratioP50: row.router.p50 / row.raw.p50, ratioP99: row.router.p99 / row.raw.p99 },
        ]),
      ),
    };
    terminal.close();
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'scan.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.error(`Wrote ${join('bench', 'results', 'scan.json')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!existsSync(kept)) console.error(`(the catalogue ${kept} is gone)`);
}

await main();
