import { afterEach, describe, expect, it } from 'vitest';
import {
  databaseAt,
  keptOf,
  keptRowsOf,
  type OldDatabase,
  rowsOf,
  schemaNames,
  seedSchemaV1,
  versionBefore,
} from '../../helpers/migrations';

const TAG = '0003_sales';
const SALES_TABLES = [
  'approvals',
  'cash_movements',
  'counters',
  'journal',
  'parked_carts',
  'payments',
  'sale_lines',
  'sales',
  'shifts',
  'stock_movements',
];
const OLD_TABLES = [
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
  it('adds the selling tables and keeps the catalogue, staff and settings as they were', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    const before = OLD_TABLES.map((table) => rowsOf(old.sqlite, table));
    for (const table of SALES_TABLES) expect(schemaNames(old.sqlite, 'table')).not.toContain(table);
    await old.migrateToLatest();
    expect(schemaNames(old.sqlite, 'table')).toEqual(expect.arrayContaining(SALES_TABLES));
    expect(OLD_TABLES.map((table, i) => keptRowsOf(old.sqlite, table, before[i] ?? []))).toEqual(
      OLD_TABLES.map((table, i) => keptOf(table, before[i] ?? [])),
    );
    expect(old.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('lets a sale of an existing product by an existing staff member be recorded, and checks its references', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    await old.migrateToLatest();
    const s = old.sqlite;
    s.exec(`
      INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'T-01', 's-ola', 1, 10000);
      INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor)
        VALUES ('sale-1', 'sale', 'T-01', 1, 'sh-1', 's-ola', 2, 'EUR', 1, 101, 0, 5, 101);
      INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, unit_price_minor, tax_class_id, tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor)
        VALUES ('line-1', 'sale-1', 1, 'p-0001', 'MILK-1L', 'Whole Milk 1L', 1, 101, 't-red', 550, 101, 0, 0, 5, 101);
      INSERT INTO payments (id, sale_id, method, amount_minor, tendered_minor, change_minor) VALUES ('pay-1', 'sale-1', 'cash', 101, 200, 99);`);
    expect(rowsOf(s, 'sales')).toHaveLength(1);
    // references are checked: no sale line for a product that does not exist
    expect(() =>
      s.exec(`INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, unit_price_minor, tax_class_id, tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor)
        VALUES ('line-2', 'sale-1', 2, 'no-such-product', 'X', 'X', 1, 1, 't-red', 0, 1, 0, 0, 0, 1)`),
    ).toThrow(/FOREIGN KEY/);
    // receipt numbers are unique per terminal, quantities positive, card digits only 4
    expect(() =>
      s.exec(`INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor)
        VALUES ('sale-2', 'sale', 'T-01', 1, 'sh-1', 's-ola', 3, 'EUR', 1, 0, 0, 0, 0)`),
    ).toThrow(/UNIQUE/);
    expect(() =>
      s.exec("INSERT INTO payments (id, sale_id, method, amount_minor, card_last4) VALUES ('pay-2', 'sale-1', 'card', 1, '4242424242')"),
    ).toThrow(/CHECK/);
  });

  it('allows one open shift per terminal', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    await old.migrateToLatest();
    const open = old.sqlite.prepare(
      "INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES (?, ?, 's-ola', 1, 0)",
    );
    open.run('sh-1', 'T-01');
    open.run('sh-2', 'T-02');
    expect(() => open.run('sh-3', 'T-01')).toThrow(/UNIQUE/);
  });
});
