import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, versionBefore } from '../../helpers/migrations';

const TAG = '0008_request_keys_bound_approvals';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A staff member, a shift, a sale and its refund, an approval and a parked cart, as schema 7 held them. */
function seedSelling(old: OldDatabase): void {
  const s = old.sqlite;
  s.prepare("INSERT INTO staff (id, name, pin_hash, created_at, updated_at) VALUES ('st1', 'Ana', 'x', 1, 1)").run();
  s.prepare("INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh1', 'T1', 'st1', 1, 0)").run();
  const sale = s.prepare(
    `INSERT INTO sales (id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, created_at, currency, prices_include_tax,
       subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor) VALUES (?, ?, 'T1', ?, ?, 'sh1', 'st1', ?, 'EUR', 1, 350, 0, 18, 350, 0)`,
  );
  sale.run('sale-1', 'sale', 1, null, 10);
  sale.run('refund-1', 'refund', 2, 'sale-1', 20);
  s.prepare(
    "INSERT INTO approvals (id, action, manager_id, requested_by, created_at, expires_at) VALUES ('ap1', 'discount', 'st1', 'st1', 1, 2)",
  ).run();
  s.prepare(
    `INSERT INTO parked_carts (id, staff_id, label, cart, total_minor, created_at) VALUES ('pc1', 'st1', 'Table 4', '{"lines":[],"cartDiscount":null}', 0, 5)`,
  ).run();
}

describe(`migration ${TAG}`, () => {
  it('adds request_keys and takes every existing document id for its own kind, with no request hash', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSelling(old);
    const sales = rowsOf(old.sqlite, 'sales');
    expect(schemaNames(old.sqlite, 'table')).not.toContain('request_keys');
    await old.migrateToLatest();
    expect(schemaNames(old.sqlite, 'index')).toEqual(expect.arrayContaining(['request_keys_created_idx', 'parked_carts_resumed_by_idx']));
    expect(rowsOf(old.sqlite, 'request_keys')).toEqual([
      { id: 'refund-1', kind: 'refund', request_hash: null, created_at: 20 },
      { id: 'sale-1', kind: 'sale', request_hash: null, created_at: 10 },
    ]);
    expect(keptRowsOf(old.sqlite, 'sales', sales)).toEqual(sales);
  });

  it('keeps approvals (with no target or terms: they allow nothing) and parked carts (not resumed)', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSelling(old);
    const approvals = rowsOf(old.sqlite, 'approvals');
    const parked = rowsOf(old.sqlite, 'parked_carts');
    await old.migrateToLatest();
    expect(keptRowsOf(old.sqlite, 'approvals', approvals)).toEqual(approvals);
    expect(rowsOf(old.sqlite, 'approvals')).toMatchObject([{ id: 'ap1', target_id: null, terms: null }]);
    expect(keptRowsOf(old.sqlite, 'parked_carts', parked)).toEqual(parked);
    expect(rowsOf(old.sqlite, 'parked_carts')).toMatchObject([{ id: 'pc1', resumed_at: null, resumed_by: null }]);
  });
});
