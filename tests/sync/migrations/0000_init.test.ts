import { afterEach, describe, expect, it } from 'vitest';
import { centralMigrations } from '../../../electron/core/sync/central/migrate';
import { centralDatabaseAt } from './helpers';

const TAG = '0000_init';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe(`central migration ${TAG}`, () => {
  it('makes an empty database hold a whole sale of a terminal, with the checks the terminal has', async () => {
    const db = await centralDatabaseAt(0);
    close = () => db.client.end();
    const report = await db.migrateToLatest();
    expect(report.applied[0]).toBe(TAG);
    expect(report.to).toBe(centralMigrations.length);
    const q = (sql: string) => db.client.query(sql);
    await q(`
      INSERT INTO stores (id, name, created_at) VALUES ('st-1', 'High Street', 1);
      INSERT INTO terminals (id, store_id, secret_hash, registered_at) VALUES ('T-0A0B0C', 'st-1', 'sha256:${'0f'.repeat(32)}', 2);
      INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('zero', 'Zero rate', 0, 0, 0);
      INSERT INTO products (id, sku, name, price_minor, tax_class_id, created_at, updated_at) VALUES ('p-1', 'SKU-1', 'Tea', 250, 'zero', 3, 3);
      INSERT INTO product_barcodes (code, product_id, created_at) VALUES ('4006381333931', 'p-1', 3);
      INSERT INTO members (id, name, tier_since, joined_at, updated_at) VALUES ('m-1', 'Ana', 3, 3, 3);
      INSERT INTO shifts (id, store_id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'st-1', 'T-0A0B0C', 's-1', 4, 10000);
      INSERT INTO sales (id, kind, store_id, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax,
        subtotal_minor, discount_minor, tax_minor, total_minor, member_id)
        VALUES ('sa-1', 'sale', 'st-1', 'T-0A0B0C', 1, 'sh-1', 's-1', 5, 'EUR', true, 500, 0, 0, 500, 'm-1');
      INSERT INTO sale_lines (id, sale_id, store_id, terminal_id, line_no, product_id, sku, name, quantity, unit_price_minor, tax_class_id,
        tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor)
        VALUES ('sl-1', 'sa-1', 'st-1', 'T-0A0B0C', 1, 'p-1', 'SKU-1', 'Tea', 2, 250, 'zero', 0, 500, 0, 0, 0, 500);
      INSERT INTO payments (id, sale_id, store_id, terminal_id, method, amount_minor, card_last4) VALUES ('pa-1', 'sa-1', 'st-1', 'T-0A0B0C', 'card', 500, '4242');
      INSERT INTO stock_movements (id, store_id, terminal_id, product_id, delta, reason, sale_id, sale_line_id, created_at)
        VALUES ('mv-1', 'st-1', 'T-0A0B0C', 'p-1', -2, 'sale', 'sa-1', 'sl-1', 5);
      INSERT INTO stock_levels (store_id, product_id, on_hand, updated_at) VALUES ('st-1', 'p-1', -2, 5);
      INSERT INTO points_ledger (id, store_id, terminal_id, member_id, kind, points, balance_after, sale_id, at)
        VALUES ('pl-1', 'st-1', 'T-0A0B0C', 'm-1', 'earn', 5, 5, 'sa-1', 5);
      UPDATE members SET points_balance = points_balance + 5 WHERE id = 'm-1';
      INSERT INTO cash_movements (id, shift_id, store_id, terminal_id, kind, amount_minor, reason, staff_id, created_at)
        VALUES ('cm-1', 'sh-1', 'st-1', 'T-0A0B0C', 'paid_out', 300, 'Milk', 's-1', 6);
      UPDATE shifts SET closed_by = 's-1', closed_at = 7, z_number = 1, expected_cash_minor = 9700, counted_cash_minor = 9700,
        over_short_minor = 0, z_report = '{"salesCount": 1, "salesTotalMinor": 500}' WHERE id = 'sh-1';`);
    const { rows } = await q(`SELECT s.receipt_no, s.total_minor, l.quantity, p.card_last4, sh.z_report->>'salesTotalMinor' AS z_total,
        m.points_balance, k.on_hand FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN payments p ON p.sale_id = s.id
        JOIN shifts sh ON sh.id = s.shift_id JOIN members m ON m.id = s.member_id JOIN stock_levels k ON k.product_id = l.product_id`);
    // bigint comes back from pg as a string: nothing is lost to floating point on the way
    expect(rows).toEqual([
      { receipt_no: 1, total_minor: '500', quantity: 2, card_last4: '4242', z_total: '500', points_balance: '5', on_hand: '-2' },
    ]);

    // the terminal's checks hold here too
    const refused = async (sql: string) =>
      (await q(sql).catch((e: { code: string; constraint: string }) => e)) as { code?: string; constraint?: string };
    expect(await refused("UPDATE payments SET card_last4 = '42x2'")).toMatchObject({ code: '23514', constraint: 'payments_last4_ck' });
    expect(await refused('UPDATE sale_lines SET quantity = 0')).toMatchObject({ code: '23514', constraint: 'sale_lines_qty_ck' });
    expect(await refused('UPDATE products SET price_minor = -1')).toMatchObject({ code: '23514', constraint: 'products_price_ck' });
    expect(await refused("UPDATE sales SET kind = 'layaway'")).toMatchObject({ code: '23514', constraint: 'sales_kind_ck' });
    expect(await refused('UPDATE points_ledger SET points = 0')).toMatchObject({ code: '23514', constraint: 'points_ledger_points_ck' });
    expect(
      await refused("INSERT INTO sync_conflicts (id, kind, details, detected_at) VALUES ('c-1', 'something_else', '{}', 1)"),
    ).toMatchObject({ code: '23514', constraint: 'sync_conflicts_kind_ck' });
    // resolved_at and resolved_by go together
    expect(
      await refused(
        "INSERT INTO sync_conflicts (id, kind, details, detected_at, resolved_at) VALUES ('c-2', 'points_overspent', '{}', 1, 2)",
      ),
    ).toMatchObject({ code: '23514', constraint: 'sync_conflicts_resolved_ck' });
    // a line cannot outlive its sale's key, and a tombstoned name can be taken again
    expect(
      await refused(
        "INSERT INTO sale_lines SELECT 'sl-2', 'no-such-sale', store_id, terminal_id, 2, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor, NULL, NULL FROM sale_lines",
      ),
    ).toMatchObject({ code: '23503' });
    await q("INSERT INTO categories (id, name, created_at, updated_at, deleted_at) VALUES ('c-old', 'Drinks', 1, 1, 2)");
    await q("INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c-new', 'Drinks', 3, 3)");
    expect(await refused("INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c-dup', 'Drinks', 4, 4)")).toMatchObject({
      code: '23505',
      constraint: 'categories_name_uq',
    });
  });
});
