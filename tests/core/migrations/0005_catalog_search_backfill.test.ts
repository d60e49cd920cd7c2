import { afterEach, describe, expect, it } from 'vitest';
import {
  databaseAt,
  ftsMatch,
  keptRowsOf,
  type OldDatabase,
  rowsOf,
  seedSchemaV1,
  V1_PRODUCTS,
  versionBefore,
} from '../../helpers/migrations';

const TAG = '0005_catalog_search_backfill';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('indexes products that the search index lacks, and only those', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    // products inserted through the triggers are indexed already; wipe the index to mimic a schema-1 upgrade
    old.sqlite.exec("INSERT INTO products_fts(products_fts) VALUES ('delete-all')");
    const products = rowsOf(old.sqlite, 'products');
    await old.migrateToLatest();
    expect(keptRowsOf(old.sqlite, 'products', products)).toEqual(products);
    expect(old.sqlite.prepare('SELECT count(*) AS n FROM products_fts_docsize').get()).toEqual({ n: V1_PRODUCTS.length });
    expect(ftsMatch(old.sqlite, '"choc"*').length).toBeGreaterThan(0);
  });

  it('adds nothing twice when the index is already complete', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    await old.migrateToLatest();
    expect(old.sqlite.prepare('SELECT count(*) AS n FROM products_fts_docsize').get()).toEqual({ n: V1_PRODUCTS.length });
  });
});
