// Part 2 of bench/sync.bench.ts: a central catalogue of N products made in the database
// (INSERT … SELECT generate_series; the change_seq triggers fire as for any write), and the raw
// baseline of its pull — the same rows read page by page with plain `pg` and inserted into the same
// SQLite tables of another empty terminal with better-sqlite3 prepared statements, one transaction a page.
import type pg from 'pg';
import type { Sqlite } from '../electron/core/db/open';
import { searchKey } from '../src/shared/text';
import { connect } from './sync-pg';

const BASE_TIME = Date.UTC(2026, 0, 1);
const ADJECTIVES = ['Organic', 'Whole', 'Dark', 'Fresh', 'Smoked', 'Crème', 'Light', 'Spicy', 'Sweet', 'Crunchy', 'Golden', 'Wild'];
const NOUNS = [
  'Milk',
  'Bread',
  'Chocolate',
  'Coffee',
  'Tomatoes',
  'Cheese',
  'Yoghurt',
  'Salmon',
  'Apples',
  'Pasta',
  'Rice',
  'Tea',
  'Juice',
];
const SIZES = ['250 g', '500 g', '1 kg', '1 L', '6 x 33 cl', '75 cl', '150 g', '2 kg'];
const sqlArray = (words: string[]) => `ARRAY[${words.map((w) => `'${w.replaceAll("'", "''")}'`).join(', ')}]`;

export interface CatalogueFill {
  products: number;
  barcodes: number;
  taxClasses: number;
  categories: number;
  seconds: number;
}

/**
 * `count` products (uuidv7-shaped ids in creation order, unique SKUs, one EAN-13-shaped barcode
 * each, 40 categories, 3 tax classes; every 97th inactive, every 50th without stock keeping, every
 * 100th sold by weight), written in slices of 100,000 so no statement runs for minutes.
 */
export async function fillCentralCatalogue(url: string, count: number, log: (line: string) => void): Promise<CatalogueFill> {
  const client = await connect(url);
  const started = performance.now();
  try {
    await client.query(
      `INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES
        ('tax-standard', 'Standard 20%', 2000, $1, $1), ('tax-reduced', 'Reduced 5.5%', 550, $1, $1), ('tax-super', 'Super reduced 2.1%', 210, $1, $1)`,
      [BASE_TIME],
    );
    await client.query(
      `INSERT INTO categories (id, name, parent_id, created_at, updated_at)
        SELECT 'cat-' || lpad(i::text, 3, '0'), 'Aisle ' || i, NULL, $1, $1 FROM generate_series(1, 40) i`,
      [BASE_TIME],
    );
    const slice = 100_000;
    for (let first = 1; first <= count; first += slice) {
      const last = Math.min(count, first + slice - 1);
      await client.query(
        `INSERT INTO products (id, sku, name, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, created_at, updated_at)
          SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(h, 1, 3) || '-8' || substr(h, 4, 3) || '-' || substr(h, 7, 12),
            'SKU-' || lpad(i::text, 7, '0'),
            (${sqlArray(ADJECTIVES)})[1 + i % ${ADJECTIVES.length}] || ' ' || (${sqlArray(NOUNS)})[1 + (i / ${ADJECTIVES.length}) % ${NOUNS.length}]
              || ' ' || (${sqlArray(SIZES)})[1 + (i / 997) % ${SIZES.length}] || ' ' || i,
            49 + (i * 37) % 4950,
            CASE WHEN i % 10 = 0 THEN 'tax-reduced' WHEN i % 31 = 0 THEN 'tax-super' ELSE 'tax-standard' END,
            'cat-' || lpad((1 + i % 40)::text, 3, '0'),
            i % 97 <> 0, i % 50 <> 0, i % 100 = 0,
            $3::bigint + i, $3::bigint + i
          FROM (SELECT i, md5(i::text) AS h, lpad(to_hex($3::bigint + i), 12, '0') AS t FROM generate_series($1::int, $2::int) i) g`,
        [first, last, BASE_TIME],
      );
      await client.query(
        `INSERT INTO product_barcodes (code, product_id, created_at)
          SELECT '2' || lpad(substr(sku, 5), 11, '0') || (substr(sku, 5)::int % 10)::text, id, created_at FROM products
          WHERE sku BETWEEN 'SKU-' || lpad($1::text, 7, '0') AND 'SKU-' || lpad($2::text, 7, '0')`,
        [first, last],
      );
      log(`  central catalogue: ${last.toLocaleString('en')} / ${count.toLocaleString('en')} products`);
    }
    await client.query('ANALYZE');
    const n = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
    return {
      products: await n('products'),
      barcodes: await n('product_barcodes'),
      taxClasses: await n('tax_classes'),
      categories: await n('categories'),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

export interface RawPullFigures {
  products: number;
  barcodes: number;
  pages: number;
  /** the SQLite inserts only (what the brief's baseline is) */
  insertSeconds: number;
  /** plain pg reads of the same pages */
  fetchSeconds: number;
  seconds: number;
}

/**
 * The same rows into the same tables of an empty terminal: tax classes, categories, then products
 * in change_seq pages of `pageSize` with their barcodes, each page in one IMMEDIATE transaction
 * with the cursor. `as-the-pull`: each product, then its codes, as applyPage writes them (the FTS
 * triggers do the same work); `barcodes-first`: the page's codes, then its products. Values are converted as the pull converts them (booleans to 0/1, name_key = searchKey).
 */
export async function rawPull(
  url: string,
  sqlite: Sqlite,
  pageSize: number,
  order: 'as-the-pull' | 'barcodes-first',
): Promise<RawPullFigures> {
  const client = await connect(url);
  const started = performance.now();
  let fetchMs = 0;
  let insertMs = 0;
  let pages = 0;
  let products = 0;
  let barcodes = 0;
  const read = async (text: string, values: unknown[] = []): Promise<unknown[][]> => {
    const t0 = performance.now();
    const result = await client.query({ text, values, rowMode: 'array' } satisfies pg.QueryArrayConfig);
    fetchMs += performance.now() - t0;
    return result.rows;
  };
  const insertTax = sqlite.prepare('INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertCategory = sqlite.prepare('INSERT INTO categories (id, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertProduct = sqlite.prepare(
    `INSERT INTO products (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCode = sqlite.prepare('INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)');
  const setCursor = sqlite.prepare('UPDATE sync_state SET pull_cursor = ?, last_pull_at = ? WHERE id = 1');
  const write = (work: () => void) => {
    const t0 = performance.now();
    sqlite.transaction(work).immediate();
    insertMs += performance.now() - t0;
    pages += 1;
  };
  try {
    const taxes = await read('SELECT id, name, rate_bp, created_at, updated_at, change_seq FROM tax_classes ORDER BY change_seq');
    const cats = await read('SELECT id, name, parent_id, created_at, updated_at, change_seq FROM categories ORDER BY change_seq');
    write(() => {
      for (const t of taxes) insertTax.run(t[0], t[1], Number(t[2]), Number(t[3]), Number(t[4]));
      for (const c of cats) insertCategory.run(c[0], c[1], c[2], Number(c[3]), Number(c[4]));
      setCursor.run(Number(cats.at(-1)?.[5] ?? taxes.at(-1)?.[5] ?? 0), Date.now());
    });
    let cursor = 0;
    for (;;) {
      const rows = await read(
        `SELECT id, sku, name, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, created_at, updated_at, change_seq
          FROM products WHERE change_seq > $1 ORDER BY change_seq LIMIT $2`,
        [cursor, pageSize],
      );
      if (rows.length === 0) break;
      const codes = await read(
        'SELECT code, product_id, created_at FROM product_barcodes WHERE product_id = ANY($1::text[]) ORDER BY created_at, code',
        [rows.map((r) => r[0])],
      );
      const byProduct = new Map<string, unknown[][]>();
      for (const c of codes) {
        const list = byProduct.get(String(c[1]));
        if (list) list.push(c);
        else byProduct.set(String(c[1]), [c]);
      }
      cursor = Number(rows.at(-1)?.[11]);
      write(() => {
        if (order === 'barcodes-first') {
          // the seed's trick: codes before their products (the FK checked at commit), so the barcode
          // trigger finds no product to re-index and each product is indexed once, by its own insert
          sqlite.pragma('defer_foreign_keys = ON');
          for (const c of codes) insertCode.run(c[0], c[1], Number(c[2]));
          barcodes += codes.length;
        }
        for (const p of rows) {
          const name = String(p[2]);
          insertProduct.run(
            p[0],
            p[1],
            name,
            searchKey(name),
            Number(p[3]),
            p[4],
            p[5],
            p[6] ? 1 : 0,
            p[7] ? 1 : 0,
            p[8] ? 1 : 0,
            Number(p[9]),
            Number(p[10]),
          );
          if (order === 'barcodes-first') continue;
          for (const c of byProduct.get(String(p[0])) ?? []) {
            insertCode.run(c[0], c[1], Number(c[2]));
            barcodes += 1;
          }
        }
        setCursor.run(cursor, Date.now());
      });
      products += rows.length;
    }
    return {
      products,
      barcodes,
      pages,
      insertSeconds: insertMs / 1000,
      fetchSeconds: fetchMs / 1000,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

/** What two terminals must agree on after pulling the same catalogue. */
export function terminalCatalogue(sqlite: Sqlite): Record<string, number> {
  const one = (sql: string) => Number((sqlite.prepare(sql).pluck().get() as number | null) ?? 0);
  return {
    products: one('SELECT count(*) FROM products'),
    barcodes: one('SELECT count(*) FROM product_barcodes'),
    taxClasses: one('SELECT count(*) FROM tax_classes'),
    categories: one('SELECT count(*) FROM categories'),
    priceSum: one('SELECT total(price_minor) FROM products'),
    nameKeyLength: one('SELECT total(length(name_key)) FROM products'),
    activeProducts: one('SELECT count(*) FROM products WHERE active = 1'),
    ftsMatchesMilk: one("SELECT count(*) FROM products_fts WHERE products_fts MATCH 'milk'"),
  };
}
