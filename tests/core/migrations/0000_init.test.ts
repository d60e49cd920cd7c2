import { afterEach, describe, expect, it } from 'vitest';
import { embeddedMigrations } from '../../../electron/core/db/migrations.generated';
import {
  databaseAt,
  keptOf,
  keptRowsOf,
  LATEST,
  type OldDatabase,
  rowsOf,
  schemaNames,
  seedSchemaV1,
  versionBefore,
} from '../../helpers/migrations';

const TAG = '0000_init';
const FIRST_TABLES = [
  'audit_log',
  'categories',
  'outbox',
  'product_barcodes',
  'products',
  'roles',
  'settings',
  'staff',
  'staff_roles',
  'tax_classes',
];

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('is the first migration', () => {
    expect(versionBefore(TAG)).toBe(0);
  });

  it('creates the first schema on an empty file (no backup: there is nothing to save)', async () => {
    db = await databaseAt(0);
    expect(schemaNames(db.sqlite, 'table')).toEqual([]);
    const report = await db.migrateToLatest();
    expect(report).toMatchObject({ from: 0, to: LATEST, backupFile: null });
    expect(report.applied).toEqual(embeddedMigrations.map((m) => m.tag));
    expect(schemaNames(db.sqlite, 'table')).toEqual(expect.arrayContaining(FIRST_TABLES));
    expect(schemaNames(db.sqlite, 'index')).toEqual(
      expect.arrayContaining([
        'products_id_uq',
        'products_sku_uq',
        'products_name_key_idx',
        'products_category_idx',
        'product_barcodes_product_idx',
      ]),
    );
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('enforces its constraints: unique SKU, non-negative price, foreign keys, cascade of barcodes', async () => {
    const old = await databaseAt(versionBefore(TAG) + 1);
    db = old;
    seedSchemaV1(old.sqlite);
    const insert = (seq: number, sku: string, price: number, tax = 't-std') =>
      old.sqlite
        .prepare(
          `INSERT INTO products (seq, id, sku, name, name_key, price_minor, tax_class_id, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x', ?, ?, 0, 0)`,
        )
        .run(seq, `p-${seq}`, sku, price, tax);
    expect(() => insert(90, 'MILK-1L', 1)).toThrow(/UNIQUE/);
    expect(() => insert(91, 'NEG', -1)).toThrow(/CHECK/);
    expect(() => insert(92, 'NOTAX', 1, 'no-such-tax')).toThrow(/FOREIGN KEY/);
    db.sqlite.prepare("DELETE FROM products WHERE id = 'p-0001'").run();
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM product_barcodes WHERE product_id = 'p-0001'").get()).toEqual({ n: 0 });
  });

  it('keeps every row written at schema 1 through all later migrations', async () => {
    const old = await databaseAt(versionBefore(TAG) + 1);
    db = old;
    seedSchemaV1(old.sqlite);
    const before = Object.fromEntries(FIRST_TABLES.map((table) => [table, rowsOf(old.sqlite, table)]));
    const report = await db.migrateToLatest();
    expect(report.from).toBe(1);
    for (const table of FIRST_TABLES) {
      const after = keptRowsOf(db.sqlite, table, before[table] ?? []);
      if (table === 'roles' || table === 'tax_classes') {
        // later migrations may add built-in rows; the old ones stay as they were
        expect(after, table).toEqual(expect.arrayContaining(before[table] ?? []));
      } else {
        expect(after, table).toEqual(keptOf(table, before[table] ?? []));
      }
    }
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});
