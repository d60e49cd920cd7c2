import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0007_receipt_prints';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('adds the receipt_prints table, its indexes and its inalterability triggers, and keeps the products', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    const products = rowsOf(old.sqlite, 'products');
    expect(schemaNames(old.sqlite, 'table')).not.toContain('receipt_prints');
    await old.migrateToLatest();
    expect(schemaNames(old.sqlite, 'table')).toContain('receipt_prints');
    expect(schemaNames(old.sqlite, 'index')).toEqual(
      expect.arrayContaining(['receipt_prints_sale_idx', 'receipt_prints_staff_idx', 'receipt_prints_printed_idx']),
    );
    expect(schemaNames(old.sqlite, 'trigger')).toEqual(expect.arrayContaining(['receipt_prints_no_update', 'receipt_prints_no_delete']));
    expect(keptRowsOf(old.sqlite, 'products', products)).toEqual(products);
    expect(rowsOf(old.sqlite, 'receipt_prints')).toEqual([]);
  });

  it('refuses a print of a sale that does not exist (foreign key)', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    await old.migrateToLatest();
    old.sqlite.pragma('foreign_keys = ON');
    expect(() =>
      old.sqlite
        .prepare(
          "INSERT INTO receipt_prints (id, sale_id, copy, target, staff_id, printed_at) VALUES ('p1', 'no-such-sale', 0, 'none', NULL, 0)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
