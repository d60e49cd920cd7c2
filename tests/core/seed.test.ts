import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CATEGORIES } from '../../electron/core/seed/catalog-data';
import {
  SEED_BASE_TIME,
  seedBarcode,
  seedIdRandomBytes,
  seedProductId,
  seedUuid,
  seedUuidRandomBytes,
} from '../../electron/core/seed/keys';
import { MAX_SEED_MEMBERS } from '../../electron/core/seed/members';
import { type SeedOptions, type SeedProgress, type SeedReport, seedDatabase } from '../../electron/core/seed/seed';
import { newSession } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { checkBarcode } from '../../src/shared/barcode';
import { uuidv7 } from '../../src/shared/uuid';

const N = 2000;
const BATCH = 500;
const base: SeedOptions = { products: N, members: 0, sales: 0, seed: 7, batchSize: BATCH };

let dir: string;
const open: Terminal[] = [];

async function terminal(name: string): Promise<Terminal> {
  const t = await openTerminal(join(dir, `${name}.db`));
  open.push(t);
  return t;
}

function productRows(t: Terminal): Record<string, unknown>[] {
  return t.sqlite
    .prepare(
      `SELECT seq, id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, stock_on_hand, created_at, updated_at,
         (SELECT group_concat(code, ' ') FROM (SELECT code FROM product_barcodes WHERE product_id = p.id ORDER BY code)) AS codes
       FROM products p ORDER BY seq`,
    )
    .all() as Record<string, unknown>[];
}

function count(t: Terminal, sql: string): number {
  return (t.sqlite.prepare(sql).get() as { n: number }).n;
}

function search(t: Terminal, query: string, limit = 20) {
  const result = t.router.invoke('catalog.search', { query, limit, active: 'all' }, newSession(true));
  if (!result.ok) throw new Error(`search failed: ${JSON.stringify(result.error)}`);
  return result.data as { items: { id: string; sku: string; name: string; match: string }[]; nextCursor: string | null };
}

let a: Terminal;
let first: SeedReport;
let progress: SeedProgress[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-seed-'));
  a = await terminal('a');
  progress = [];
  first = seedDatabase(a, base, (p) => progress.push(p));
});

afterAll(() => {
  for (const t of open) t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seedDatabase', () => {
  it('fills tax classes, ~40 categories and the products asked for, and leaves staff alone', () => {
    expect(first.aborted).toBe(false);
    expect(first.products).toEqual({ requested: N, inserted: N, existing: 0 });
    expect(first.taxClasses.inserted + first.taxClasses.existing).toBe(3);
    expect(first.categories.inserted).toBe(SEED_CATEGORIES.length);
    expect(SEED_CATEGORIES.length).toBeGreaterThanOrEqual(38);
    expect(count(a, 'SELECT count(*) AS n FROM products')).toBe(N);
    expect(count(a, 'SELECT count(*) AS n FROM categories')).toBe(SEED_CATEGORIES.length);
    expect(count(a, 'SELECT count(*) AS n FROM product_barcodes')).toBe(first.barcodes.inserted);
    expect(count(a, 'SELECT count(*) AS n FROM staff')).toBe(0);
    expect(first.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(a.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('makes supermarket-like products: integer prices, SKUs, stock, ~2% inactive', () => {
    const rows = productRows(a);
    expect(rows[0]?.sku).toBe('SKU-0000001');
    expect(rows.at(-1)?.sku).toBe(`SKU-${String(N).padStart(7, '0')}`);
    expect(count(a, "SELECT count(*) AS n FROM products WHERE typeof(price_minor) <> 'integer' OR price_minor <= 0")).toBe(0);
    for (const row of rows) {
      expect(Number.isInteger(row.price_minor)).toBe(true);
      expect(row.name).toMatch(/^[\p{L}’'.&-]+( [\p{L}’'.&-]+)* /u);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const inactive = count(a, 'SELECT count(*) AS n FROM products WHERE active = 0');
    expect(inactive).toBeGreaterThan(N * 0.005);
    expect(inactive).toBeLessThan(N * 0.05);
    expect(count(a, 'SELECT count(*) AS n FROM products WHERE tracks_stock = 1 AND stock_on_hand > 0')).toBeGreaterThan(N * 0.8);
    expect(count(a, 'SELECT count(DISTINCT category_id) AS n FROM products')).toBe(SEED_CATEGORIES.length);
    expect(count(a, "SELECT count(*) AS n FROM products WHERE name LIKE '%Chocolate%'")).toBeGreaterThan(0);
  });

  it('sells loose fruit and vegetables by weight: no size in the name, kg price, stock in grams', () => {
    const weighed = a.sqlite
      .prepare(
        `SELECT p.name, p.stock_on_hand, p.tracks_stock, c.name AS category FROM products p JOIN categories c ON c.id = p.category_id
         WHERE p.sold_by_weight = 1`,
      )
      .all() as { name: string; stock_on_hand: number; tracks_stock: number; category: string }[];
    expect(weighed.length).toBeGreaterThan(0);
    for (const row of weighed) {
      expect(['Fresh Fruit', 'Fresh Vegetables']).toContain(row.category);
      expect(row.name).not.toMatch(/\d (g|kg|pack)$/);
      if (row.tracks_stock === 1) expect(row.stock_on_hand % 250).toBe(0);
    }
  });

  it('gives every product valid in-store EAN-13 barcodes, some two', () => {
    const codes = a.sqlite.prepare('SELECT code FROM product_barcodes').pluck().all() as string[];
    for (const code of codes) {
      expect(code).toMatch(/^2\d{12}$/);
      expect(checkBarcode(code)).toEqual({ valid: true, kind: 'EAN-13' });
    }
    expect(
      count(a, 'SELECT count(*) AS n FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_barcodes b WHERE b.product_id = p.id)'),
    ).toBe(0);
    const two = count(a, 'SELECT count(*) AS n FROM (SELECT product_id FROM product_barcodes GROUP BY product_id HAVING count(*) = 2)');
    expect(two).toBeGreaterThan(N * 0.05);
    expect(two).toBeLessThan(N * 0.25);
  });

  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    // one batch, full 1,000-row INSERT statements (a: 500-row batches, JSON statements)
    const b = await terminal('b');
    const { batchSize: _, ...oneBatch } = base;
    seedDatabase(b, oneBatch);
    expect(productRows(b)).toEqual(productRows(a));
    const b2 = await terminal('b2');
    seedDatabase(b2, { ...base, batchSize: 777, rowsPerStatement: 100 });
    expect(productRows(b2)).toEqual(productRows(a));

    const c = await terminal('c');
    seedDatabase(c, { ...base, seed: 8 });
    const [rowsA, rowsC] = [productRows(a), productRows(c)];
    expect(rowsC.map((r) => r.sku)).toEqual(rowsA.map((r) => r.sku));
    expect(rowsC.filter((r, i) => r.name === rowsA[i]?.name).length).toBeLessThan(N / 10);
    expect(rowsC.filter((r, i) => r.id === rowsA[i]?.id).length).toBe(0);
  });

  it('derives ids the way uuidv7 formats them', () => {
    for (const slot of [0, 1, 999, 1000, 123_456, 9_999_998]) {
      expect(seedProductId(7, slot)).toBe(uuidv7(SEED_BASE_TIME + slot, seedIdRandomBytes(7, slot)));
      // the members' ids and their ledger rows and events are made the same way, with a time and a hash of their own
      expect(seedUuid(SEED_BASE_TIME + slot, 0x12345678, slot)).toBe(uuidv7(SEED_BASE_TIME + slot, seedUuidRandomBytes(0x12345678, slot)));
    }
  });

  it('is idempotent: a second run inserts nothing and changes nothing', () => {
    const before = productRows(a);
    const barcodes = count(a, 'SELECT count(*) AS n FROM product_barcodes');
    const again = seedDatabase(a, base);
    expect(again.products).toEqual({ requested: N, inserted: 0, existing: N });
    expect(again.taxClasses).toEqual({ inserted: 0, existing: 3 });
    expect(again.categories).toEqual({ inserted: 0, existing: SEED_CATEGORIES.length });
    expect(again.barcodes).toEqual({ inserted: 0, taken: 0 });
    expect(productRows(a)).toEqual(before);
    expect(count(a, 'SELECT count(*) AS n FROM product_barcodes')).toBe(barcodes);
    expect(count(a, 'SELECT count(*) AS n FROM products_fts_docsize')).toBe(N);
    // another seed on the same file: every product slot is taken, nothing is added
    const other = seedDatabase(a, { ...base, seed: 99 });
    expect(other.products.inserted).toBe(0);
    expect(count(a, 'SELECT count(*) AS n FROM products')).toBe(N);
  });

  it('indexes what it seeds for search: words, name prefixes, barcodes and SKUs through catalog.search', () => {
    expect(count(a, 'SELECT count(*) AS n FROM products_fts_docsize')).toBe(N);
    const row = a.sqlite
      .prepare(
        'SELECT p.id, p.name, p.sku, (SELECT max(code) FROM product_barcodes b WHERE b.product_id = p.id) AS code FROM products p WHERE p.seq = 1234',
      )
      .get() as { id: string; name: string; sku: string; code: string };
    // a word from the middle of the name (not its start): answered by the FTS tier
    const words = row.name.split(' ');
    const word = words.slice(1).find((w) => /^\p{L}{4,}$/u.test(w)) ?? (words[1] as string);
    const byWord = search(a, `${words[0]} ${word.slice(0, 4)}`, 200);
    expect(byWord.items.map((h) => h.id)).toContain(row.id);

    const byPrefix = search(a, row.name.slice(0, 8), 200);
    expect(byPrefix.items[0]?.match).toBe('name');
    expect(byPrefix.items.every((h) => h.name.toLowerCase().startsWith(row.name.slice(0, 8).toLowerCase()))).toBe(true);

    const byCode = search(a, row.code);
    expect(byCode.items[0]).toMatchObject({ id: row.id, match: 'code' });
    const bySku = search(a, row.sku.toLowerCase());
    expect(bySku.items[0]).toMatchObject({ id: row.id, match: 'code' });
    // the barcode is a word of the index too: its start finds the product
    expect(search(a, row.code.slice(0, 9), 200).items.map((h) => h.id)).toContain(row.id);
    // the category name is indexed
    expect(search(a, 'chocolate sweets', 5).items.length).toBeGreaterThan(0);

    const lookup = a.router.invoke('catalog.lookupBarcode', { code: row.code }, newSession(true));
    expect(lookup.ok && (lookup.data as { id: string }).id).toBe(row.id);
  });

  it('reports progress per batch up to the total', () => {
    expect(progress.every((p) => p.phase === 'products' && p.total === N)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('stops between batches on abort, keeps what committed, and a later run completes the same rows', async () => {
    const d = await terminal('d');
    const controller = new AbortController();
    const stopped = seedDatabase(d, base, (p) => (p.done >= BATCH ? controller.abort() : undefined), controller.signal);
    expect(stopped.aborted).toBe(true);
    expect(stopped.products.inserted).toBe(BATCH);
    expect(stopped.notes.join(' ')).toMatch(/run the same command again/);
    expect(count(d, 'SELECT count(*) AS n FROM products')).toBe(BATCH);
    expect(count(d, 'SELECT count(*) AS n FROM products_fts_docsize')).toBe(BATCH);

    const rest = seedDatabase(d, base);
    expect(rest.aborted).toBe(false);
    expect(rest.products).toEqual({ requested: N, inserted: N - BATCH, existing: BATCH });
    expect(productRows(d)).toEqual(productRows(a));

    const never = new AbortController();
    never.abort();
    const nothing = seedDatabase(await terminal('e'), base, undefined, never.signal);
    expect(nothing.aborted).toBe(true);
    expect(nothing.products.inserted).toBe(0);
  });

  it('indexes the same either way round (barcodes before or after their product)', async () => {
    const f = await terminal('f');
    seedDatabase(f, { ...base, products: 300, order: 'product-first', rowsPerStatement: 1 });
    const g = await terminal('g');
    seedDatabase(g, { ...base, products: 300 });
    expect(productRows(f)).toEqual(productRows(g));
    const fts = (t: Terminal) =>
      t.sqlite.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH \'"2"*\' ORDER BY rowid').pluck().all() as number[];
    expect(fts(f)).toEqual(fts(g));
    expect(fts(g).length).toBe(300);
  });

  it('leaves hand-made products alone: a taken SKU skips that slot, a taken barcode is left out', async () => {
    const k = await terminal('k');
    const operator = newSession(true);
    const bySku = k.router.invoke(
      'catalog.upsertProduct',
      { sku: 'SKU-0000005', name: 'Hand Made', priceMinor: 100, taxClassId: 'zero', active: true, tracksStock: false, barcodes: [] },
      operator,
    );
    expect(bySku.ok).toBe(true);
    const byCode = k.router.invoke(
      'catalog.upsertProduct',
      {
        sku: 'MINE-1',
        name: 'Mine',
        priceMinor: 100,
        taxClassId: 'zero',
        active: true,
        tracksStock: false,
        barcodes: [seedBarcode(10, 0)],
      },
      operator,
    );
    expect(byCode.ok).toBe(true);
    const report = seedDatabase(k, { ...base, products: 50 });
    expect(report.products).toEqual({ requested: 50, inserted: 49, existing: 1 });
    expect(report.barcodes.taken).toBe(1);
    expect(k.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(k.sqlite.prepare("SELECT name FROM products WHERE sku = 'SKU-0000005'").pluck().get()).toBe('Hand Made');
    expect(
      k.sqlite
        .prepare('SELECT p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?')
        .pluck()
        .get(seedBarcode(10, 0)),
    ).toBe('MINE-1');
    expect(count(k, 'SELECT count(*) AS n FROM products_fts_docsize')).toBe(51);
  });

  it('makes the members asked for (tests/loyalty/seed.test.ts has the rest), and refuses nonsense counts', async () => {
    const h = await terminal('h');
    const report = seedDatabase(h, { products: 10, members: 5, sales: 0, seed: 1 });
    expect(report.members).toMatchObject({ requested: 5, inserted: 5, existing: 0, skipped: false, reason: null });
    expect(report.notes).toEqual([]);
    expect(count(h, 'SELECT count(*) AS n FROM members')).toBe(5);
    expect(() => seedDatabase(h, { products: 0, members: MAX_SEED_MEMBERS + 1, sales: 0, seed: 1 })).toThrow(RangeError);
    expect(() => seedDatabase(h, { products: -1, members: 0, sales: 0, seed: 1 })).toThrow(RangeError);
    expect(() => seedDatabase(h, { products: 1.5, members: 0, sales: 0, seed: 1 })).toThrow(RangeError);
  });

  it('makes demo sales through the real sale code, once, in a shift of their own', async () => {
    const s = await terminal('sales');
    const report = seedDatabase(s, { products: 200, members: 0, sales: 120, seed: 3 });
    expect(report.sales).toMatchObject({ requested: 120, skipped: false });
    expect(report.sales.inserted).toBeGreaterThan(100);
    const sold = count(s, "SELECT count(*) AS n FROM sales WHERE kind = 'sale'");
    expect(sold).toBe(report.sales.inserted);
    // stock movements agree with stock, the journal verifies, the demo shift is closed
    expect(count(s, 'SELECT count(*) AS n FROM shifts WHERE closed_at IS NULL')).toBe(0);
    const verdict = s.router.invoke('journal.verify', {}, newSession(true));
    expect(verdict.ok && (verdict.data as { ok: boolean }).ok).toBe(true);
    const again = seedDatabase(s, { products: 200, members: 0, sales: 120, seed: 3 });
    expect(again.sales.inserted).toBe(0);
    expect(count(s, "SELECT count(*) AS n FROM sales WHERE kind = 'sale'")).toBe(sold);
  });

  it('does not sell into a real open shift', async () => {
    const o = await terminal('open');
    seedDatabase(o, { products: 20, members: 0, sales: 0, seed: 1 });
    const manager = newSession();
    o.router.invoke('setup.createFirstManager', { name: 'Owner', pin: '1234', storeName: 'Shop' }, manager);
    o.router.invoke('shift.open', { openingFloatMinor: 0 }, manager);
    const report = seedDatabase(o, { products: 20, members: 0, sales: 5, seed: 1 });
    expect(report.sales).toMatchObject({ skipped: true, inserted: 0 });
    expect(report.notes.join('\n')).toMatch(/shift is open/);
  });
});
