import { afterEach, describe, expect, it } from 'vitest';
import { searchKey } from '../../../src/shared/text';
import {
  databaseAt,
  ftsMatch,
  keptRowsOf,
  type OldDatabase,
  rowsOf,
  schemaNames,
  seedSchemaV1,
  V1_PRODUCTS,
  versionBefore,
} from '../../helpers/migrations';

const TAG = '0001_catalog_search';
const TRIGGERS = [
  'categories_fts_au',
  'product_barcodes_fts_ad',
  'product_barcodes_fts_ai',
  'product_barcodes_fts_au',
  'products_fts_ad',
  'products_fts_ai',
  'products_fts_au',
];

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function oldCatalogueMigrated(): Promise<OldDatabase> {
  const old = await databaseAt(versionBefore(TAG));
  seedSchemaV1(old.sqlite);
  return old;
}

describe(`migration ${TAG}`, () => {
  it('adds the contentless FTS5 table and the triggers that keep it right, and keeps the products', async () => {
    db = await oldCatalogueMigrated();
    const products = rowsOf(db.sqlite, 'products');
    const barcodes = rowsOf(db.sqlite, 'product_barcodes');
    expect(schemaNames(db.sqlite, 'table')).not.toContain('products_fts');
    await db.migrateToLatest();
    expect(schemaNames(db.sqlite, 'table')).toEqual(expect.arrayContaining(['products_fts', 'products_fts_data', 'products_fts_docsize']));
    expect(schemaNames(db.sqlite, 'trigger')).toEqual(expect.arrayContaining(TRIGGERS));
    expect(keptRowsOf(db.sqlite, 'products', products)).toEqual(products);
    expect(keptRowsOf(db.sqlite, 'product_barcodes', barcodes)).toEqual(barcodes);
  });

  it('keeps the name-prefix search (B-tree on name_key) working for products from before', async () => {
    db = await oldCatalogueMigrated();
    await db.migrateToLatest();
    const key = searchKey('CRÈME');
    const hits = db.sqlite.prepare('SELECT name FROM products WHERE name_key >= ? AND name_key < ? ORDER BY name_key').all(key, 'cremf');
    expect(hits).toEqual([{ name: 'Crème fraîche 20cl' }]);
  });

  it('indexes products written after it: name, SKU, barcodes and category, accent-blind', async () => {
    db = await oldCatalogueMigrated();
    await db.migrateToLatest();
    db.sqlite
      .prepare(
        `INSERT INTO products (seq, id, sku, name, name_key, price_minor, tax_class_id, category_id, created_at, updated_at)
         VALUES (10, 'p-new', 'CAFE-250', 'Café moulu', 'cafe moulu', 429, 't-std', 'c-food', 0, 0)`,
      )
      .run();
    db.sqlite.prepare("INSERT INTO product_barcodes (code, product_id, created_at) VALUES ('2000000000108', 'p-new', 0)").run();
    expect(ftsMatch(db.sqlite, '"cafe"*')).toEqual([10]);
    expect(ftsMatch(db.sqlite, '"moulu"')).toEqual([10]);
    expect(ftsMatch(db.sqlite, '"food"*')).toEqual([10]);
    expect(ftsMatch(db.sqlite, '"2000000000108"')).toEqual([10]);
    expect(ftsMatch(db.sqlite, '"cafe" "250"')).toEqual([10]);
  });

  // 0001 created the index empty; 0005_catalog_search_backfill indexes the products that existed before
  it('finds the products that existed before it by word, SKU, barcode and category', async () => {
    db = await oldCatalogueMigrated();
    await db.migrateToLatest();
    expect(ftsMatch(db.sqlite, '"choc"*')).toEqual([2, 5]);
    expect(ftsMatch(db.sqlite, '"fraiche"')).toEqual([3]);
    expect(ftsMatch(db.sqlite, '"dairy"')).toEqual([1, 3]);
    expect(ftsMatch(db.sqlite, `"${V1_PRODUCTS[0]?.code}"`)).toEqual([1]);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM products_fts_docsize').get()).toEqual({ n: V1_PRODUCTS.length });
  });
});
