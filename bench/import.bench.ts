/*
 * Product import benchmark (issue 10): `npm run bench:import -- [--rows N]` (default 100,000).
 *
 * On fresh migrated terminals in a temp folder, times importProducts (the core of import.products)
 * on an N-row CSV in the product export's format (one EAN-13 and a stock level a row, 40 categories):
 *   dry run      — parse, check every row, check against the catalogue; writes nothing
 *   apply (new)  — the same file applied to an empty catalogue: N products, N barcodes, N stock
 *                  movements, 2N outbox events, the search index, one transaction
 *   apply (upd)  — a second file changing every price and stock level of those N products
 *   raw baseline — plain better-sqlite3 inserting the same N products and barcodes (FTS triggers
 *                  in place, barcodes first like the import) in one transaction, on another fresh
 *                  terminal: what checking, events and stock movements cost on top
 * Prints a table and writes bench/results/import.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { importProducts } from '../electron/core/features/stock/import';
import { detachedJob } from '../electron/core/jobs';
import { silentLogger } from '../electron/core/log';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { withCheckDigit } from '../src/shared/barcode';
import { PRODUCT_CSV_COLUMNS } from '../src/shared/productCsv';
import { searchKey } from '../src/shared/text';
import { uuidv7 } from '../src/shared/uuid';

const here = dirname(fileURLToPath(import.meta.url));
const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 100_000;
if (!Number.isSafeInteger(ROWS) || ROWS < 1) throw new Error('--rows takes a whole number');

const WORDS = ['Organic', 'Dark', 'Milk', 'Crunchy', 'Sea salt', 'Roasted', 'Wholegrain', 'Sparkling', 'Fresh', 'Smoked'];
const NOUNS = ['chocolate', 'crackers', 'coffee', 'yoghurt', 'cheese', 'juice', 'bread', 'almonds', 'tea', 'soup'];

interface Row {
  sku: string;
  name: string;
  priceMinor: number;
  category: string;
  barcode: string;
  stock: number;
}

function makeRows(n: number, priceShift: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: `BEN-${String(i).padStart(7, '0')}`,
    name: `${WORDS[i % 10]} ${NOUNS[Math.floor(i / 10) % 10]} ${i}`,
    priceMinor: 99 + ((i * 37) % 2000) + priceShift,
    category: `Aisle ${i % 40}`,
    barcode: withCheckDigit(`21${String(i).padStart(10, '0')}`),
    stock: (i % 50) + 1 + priceShift,
  }));
}

function toCsv(rows: Row[]): string {
  return stringify([
    [...PRODUCT_CSV_COLUMNS],
    ...rows.map((r) => [r.sku, r.name, r.priceMinor, 'Standard', r.category, r.barcode, 'false', 'true', r.stock, 'true']),
  ]).replaceAll('\r\n', '\n');
}

async function freshTerminal(dir: string, name: string): Promise<Terminal> {
  const terminal = await openTerminal(join(dir, name), { log: silentLogger });
  terminal.sqlite
    .prepare("INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('std', 'Standard', 2000, 0, 0)")
    .run();
  return terminal;
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** The same products and barcodes, inserted with plain prepared statements in one transaction. */
function rawInsert(terminal: Terminal, rows: Row[]): void {
  const { sqlite } = terminal;
  const now = Date.now();
  const categories = new Map<string, string>();
  const insertCategory = sqlite.prepare('INSERT INTO categories (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const insertProduct = sqlite.prepare(
    `INSERT INTO products (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, stock_on_hand, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'std', ?, 1, 1, 0, ?, ?, ?)`,
  );
  const insertBarcode = sqlite.prepare('INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)');
  sqlite
    .transaction(() => {
      sqlite.pragma('defer_foreign_keys = ON');
      for (const r of rows) {
        let categoryId = categories.get(r.category);
        if (!categoryId) {
          categoryId = uuidv7(now);
          insertCategory.run(categoryId, r.category, now, now);
          categories.set(r.category, categoryId);
        }
        const id = uuidv7(now);
        // the barcode first (as the import does): the product's insert trigger indexes it once
        insertBarcode.run(r.barcode, id, now);
        insertProduct.run(id, r.sku, r.name, searchKey(r.name), r.priceMinor, categoryId, r.stock, now, now);
      }
    })
    .immediate();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-import-bench-'));
  try {
    const rows = makeRows(ROWS, 0);
    const csv = toCsv(rows);
    const update = toCsv(makeRows(ROWS, 1));
    console.log(`Import benchmark: ${ROWS.toLocaleString('en')} rows, ${(csv.length / 1e6).toFixed(1)} MB of CSV, ${cpus().length} cores`);

    const terminal = await freshTerminal(dir, 'import.db');
    const job = detachedJob();
    const dry = await timed(() => importProducts(terminal.ctx, { csv, dryRun: true }, job, null));
    if (dry.value.errorCount > 0) throw new Error(`the benchmark file has errors: ${JSON.stringify(dry.value.errors.slice(0, 3))}`);
    const apply = await timed(() => importProducts(terminal.ctx, { csv, dryRun: false }, job, null));
    if (!apply.value.applied || apply.value.created !== ROWS) throw new Error('the import did not create every row');
    const upd = await timed(() => importProducts(terminal.ctx, { csv: update, dryRun: false }, job, null));
    if (upd.value.updated !== ROWS) throw new Error('the update did not change every row');
    const outbox = (terminal.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    terminal.close();

    const rawTerminal = await freshTerminal(dir, 'raw.db');
    const raw = await timed(() => rawInsert(rawTerminal, rows));
    rawTerminal.close();

    const perSecond = (ms: number) => Math.round((ROWS * 1000) / ms);
    const results = {
      rows: ROWS,
      csvBytes: csv.length,
      dryRun: { ms: Math.round(dry.ms), rowsPerSecond: perSecond(dry.ms) },
      applyNew: {
        ms: Math.round(apply.ms),
        rowsPerSecond: perSecond(apply.ms),
        stockMovements: apply.value.stockMovements,
      },
      applyUpdate: { ms: Math.round(upd.ms), rowsPerSecond: perSecond(upd.ms), stockMovements: upd.value.stockMovements },
      rawInsert: { ms: Math.round(raw.ms), rowsPerSecond: perSecond(raw.ms) },
      applyNewVsRaw: Number((apply.ms / raw.ms).toFixed(2)),
      outboxEvents: outbox,
      node: process.version,
      at: new Date().toISOString(),
    };
    const line = (what: string, ms: number, extra = '') =>
      console.log(
        `${what.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s ${perSecond(ms).toLocaleString('en').padStart(10)} rows/s ${extra}`,
      );
    line('dry run (parse + check)', dry.ms);
    line('apply, new products', apply.ms, `(${results.applyNewVsRaw}× raw)`);
    line('apply, every price and stock changed', upd.ms);
    line('raw better-sqlite3 insert (baseline)', raw.ms);
    console.log(`outbox events written by the two imports: ${outbox.toLocaleString('en')}`);
    const out = resolve(here, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'import.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
