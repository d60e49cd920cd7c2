import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0011_stock';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('adds stock counts, a reorder level and a batch and note to stock movements, keeping every row as it was', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    const productId = (old.sqlite.prepare('SELECT id FROM products ORDER BY seq LIMIT 1').get() as { id: string }).id;
    old.sqlite
      .prepare("INSERT INTO stock_movements (id, product_id, delta, reason, created_at) VALUES ('m1', ?, 5, 'adjustment', 7)")
      .run(productId);
    const products = rowsOf(old.sqlite, 'products');
    const movements = rowsOf(old.sqlite, 'stock_movements');
    await old.migrateToLatest();
    expect(keptRowsOf(old.sqlite, 'products', products)).toEqual(products);
    expect(keptRowsOf(old.sqlite, 'stock_movements', movements)).toEqual(movements);
    expect(rowsOf(old.sqlite, 'products').every((p) => (p as { reorder_level: unknown }).reorder_level === null)).toBe(true);
    expect(rowsOf(old.sqlite, 'stock_movements')).toMatchObject([{ id: 'm1', batch_id: null, note: null }]);
    expect(schemaNames(old.sqlite, 'table')).toEqual(expect.arrayContaining(['stock_counts', 'stock_count_lines']));
    expect(schemaNames(old.sqlite, 'index')).toEqual(
      expect.arrayContaining(['stock_counts_one_open_uq', 'stock_movements_created_idx', 'stock_movements_batch_idx']),
    );
  });

  it('allows one open count at a time, known statuses only, and no negative count', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    await old.migrateToLatest();
    const count = old.sqlite.prepare('INSERT INTO stock_counts (id, status, started_at) VALUES (?, ?, 1)');
    count.run('c1', 'open');
    expect(() => count.run('c2', 'open')).toThrow(/UNIQUE/);
    count.run('c3', 'applied');
    count.run('c4', 'applied');
    expect(() => count.run('c5', 'lost')).toThrow(/CHECK/);
    const productId = (old.sqlite.prepare('SELECT id FROM products LIMIT 1').get() as { id: string }).id;
    const line = old.sqlite.prepare(
      'INSERT INTO stock_count_lines (count_id, product_id, counted, expected, recorded_at) VALUES (?, ?, ?, 0, 1)',
    );
    line.run('c1', productId, 4);
    expect(() => line.run('c1', productId, 5)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => line.run('c3', productId, -1)).toThrow(/CHECK/);
  });
});
