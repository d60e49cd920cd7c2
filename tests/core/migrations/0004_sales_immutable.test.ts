import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0004_sales_immutable';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A schema-4 terminal with a closed shift, an open one, a sale with a line and a payment, and a journal row. */
async function sellingDatabase(): Promise<OldDatabase> {
  const old = await databaseAt(versionBefore(TAG));
  seedSchemaV1(old.sqlite);
  old.sqlite.exec(`
    INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor, closed_by, closed_at, z_number) VALUES ('sh-0', 'T-01', 's-ola', 1, 0, 's-ola', 2, 1);
    INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'T-01', 's-ola', 3, 10000);
    INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor, journal_seq)
      VALUES ('sale-1', 'sale', 'T-01', 1, 'sh-1', 's-ola', 4, 'EUR', 1, 101, 0, 5, 101, 1);
    INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, unit_price_minor, tax_class_id, tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor)
      VALUES ('line-1', 'sale-1', 1, 'p-0001', 'MILK-1L', 'Whole Milk 1L', 1, 101, 't-red', 550, 101, 0, 0, 5, 101);
    INSERT INTO payments (id, sale_id, method, amount_minor, tendered_minor, change_minor) VALUES ('pay-1', 'sale-1', 'cash', 101, 200, 99);
    INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (1, 4, 'sale', 'sale-1', '{}', '', 'h1');`);
  return old;
}

describe(`migration ${TAG}`, () => {
  it('keeps every sale, line, payment, shift and journal row written before it', async () => {
    const old = await sellingDatabase();
    db = old;
    const tables = ['sales', 'sale_lines', 'payments', 'shifts', 'journal'];
    const before = tables.map((table) => rowsOf(old.sqlite, table));
    await old.migrateToLatest();
    expect(tables.map((table, i) => keptRowsOf(old.sqlite, table, before[i] ?? []))).toEqual(before);
    expect(schemaNames(old.sqlite, 'trigger')).toEqual(
      expect.arrayContaining(['journal_no_update', 'sales_no_delete', 'shifts_closed_no_update']),
    );
  });

  it('makes completed sales, their lines and payments, the journal and closed shifts inalterable', async () => {
    const old = await sellingDatabase();
    db = old;
    await old.migrateToLatest();
    const s = old.sqlite;
    const refused: string[] = [
      'UPDATE journal SET payload = \'{"x":1}\' WHERE seq = 1',
      'DELETE FROM journal WHERE seq = 1',
      "UPDATE sales SET total_minor = 1 WHERE id = 'sale-1'",
      "DELETE FROM sales WHERE id = 'sale-1'",
      "UPDATE sale_lines SET quantity = 2 WHERE id = 'line-1'",
      "DELETE FROM sale_lines WHERE id = 'line-1'",
      "UPDATE payments SET amount_minor = 1 WHERE id = 'pay-1'",
      "DELETE FROM payments WHERE id = 'pay-1'",
      "UPDATE shifts SET z_number = 9 WHERE id = 'sh-0'",
      "DELETE FROM shifts WHERE id = 'sh-1'",
    ];
    for (const sql of refused) expect(() => s.exec(sql), sql).toThrow(/inalterable/);
    // an open shift can still be closed, and new rows can still be written
    s.exec("UPDATE shifts SET closed_by = 's-ola', closed_at = 9, z_number = 2 WHERE id = 'sh-1'");
    s.exec(
      "INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (2, 9, 'shift.close', 'sh-1', '{}', 'h1', 'h2')",
    );
    expect(rowsOf(s, 'journal')).toHaveLength(2);
  });
});
