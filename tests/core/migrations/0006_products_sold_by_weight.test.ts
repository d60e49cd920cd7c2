import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type OldDatabase, rowsOf, seedSchemaV1, V1_PRODUCTS, versionBefore } from '../../helpers/migrations';

const TAG = '0006_products_sold_by_weight';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('adds sold_by_weight, false for every existing product, and keeps every other column as it was', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    const before = rowsOf(old.sqlite, 'products');
    await old.migrateToLatest();
    const after = rowsOf(old.sqlite, 'products') as Record<string, unknown>[];
    expect(after).toHaveLength(V1_PRODUCTS.length);
    expect(after.map(({ sold_by_weight, reorder_level, ...rest }) => rest)).toEqual(before);
    expect(after.every((row) => row.sold_by_weight === 0)).toBe(true);
  });

  it('refuses a product that is neither sold by weight nor not (NOT NULL)', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    await old.migrateToLatest();
    expect(() => old.sqlite.prepare('UPDATE products SET sold_by_weight = NULL').run()).toThrow(/NOT NULL/);
  });
});
