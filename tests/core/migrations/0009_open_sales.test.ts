import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0009_open_sales';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('adds open_sales (one per staff member) and keeps the products', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    const products = rowsOf(old.sqlite, 'products');
    expect(schemaNames(old.sqlite, 'table')).not.toContain('open_sales');
    await old.migrateToLatest();
    expect(schemaNames(old.sqlite, 'table')).toContain('open_sales');
    expect(schemaNames(old.sqlite, 'index')).toContain('open_sales_staff_uq');
    expect(keptRowsOf(old.sqlite, 'products', products)).toEqual(products);
    old.sqlite.prepare("INSERT INTO staff (id, name, pin_hash, created_at, updated_at) VALUES ('s1', 'Ana', 'x', 1, 1)").run();
    const open = old.sqlite.prepare("INSERT INTO open_sales (id, staff_id, cart, created_at, updated_at) VALUES (?, 's1', '{}', 1, 1)");
    open.run('a');
    expect(() => open.run('b')).toThrow(/UNIQUE/);
    expect(rowsOf(old.sqlite, 'open_sales')).toMatchObject([{ id: 'a', approval_ids: '[]', label: null }]);
  });
});
