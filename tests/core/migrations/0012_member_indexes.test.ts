import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type OldDatabase, rowsOf, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0012_member_indexes';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const plan = (old: OldDatabase, query: string, ...args: unknown[]): string =>
  (old.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe(`migration ${TAG}`, () => {
  it('keeps every sale and ledger row, and the member reads of a sale find them through the new indexes', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    old.sqlite.exec(`
      INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'T-01', 's-ola', 3, 0);
      INSERT INTO members (id, card_number, name, name_key, email, phone, tier_since, joined_at, updated_at)
        VALUES ('m1', '2700000000015', 'Ana', 'ana', 'ana@example.com', NULL, 1, 1, 1);
      INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor, journal_seq, member_id)
        VALUES ('sale-1', 'sale', 'T-01', 1, 'sh-1', 's-ola', 4, 'EUR', 1, 500, 0, 0, 500, 1, 'm1'),
               ('sale-2', 'sale', 'T-01', 2, 'sh-1', 's-ola', 5, 'EUR', 1, 300, 0, 0, 300, 2, NULL);
      INSERT INTO points_ledger (id, member_id, kind, points, balance_after, sale_id, transfer_id, terminal_id, at)
        VALUES ('l1', 'm1', 'earn', 5, 5, 'sale-1', NULL, 'T-01', 4),
               ('l2', 'm1', 'redeem', -2, 3, 'sale-1', NULL, 'T-01', 6),
               ('l3', 'm1', 'transfer_out', -1, 2, NULL, 'tr-1', 'T-01', 7);`);
    const sales = rowsOf(old.sqlite, 'sales');
    const ledger = rowsOf(old.sqlite, 'points_ledger');
    await old.migrateToLatest();
    expect(rowsOf(old.sqlite, 'sales')).toEqual(sales);
    expect(rowsOf(old.sqlite, 'points_ledger')).toEqual(ledger);

    // the 12-month spend of the tier: from the index alone (sales without a member are not in it)
    expect(plan(old, 'SELECT sum(total_minor) FROM sales WHERE member_id = ? AND created_at >= ? AND kind = ?', 'm1', 0, 'sale')).toMatch(
      /COVERING INDEX sales_member_idx/,
    );
    expect(
      (old.sqlite.prepare('SELECT count(*) AS n FROM sales INDEXED BY sales_member_idx WHERE member_id IS NOT NULL').get() as { n: number })
        .n,
    ).toBe(1);
    // today's redemptions (the offline daily cap) and a transfer's rows
    expect(
      plan(
        old,
        "SELECT sum(points) FROM points_ledger WHERE member_id = ? AND kind = 'redeem' AND terminal_id = ? AND at >= ?",
        'm1',
        'T-01',
        0,
      ),
    ).toMatch(/points_ledger_redeem_idx/);
    expect(plan(old, 'SELECT * FROM points_ledger WHERE transfer_id = ?', 'tr-1')).toMatch(/points_ledger_transfer_idx/);
    expect(old.sqlite.prepare('SELECT id FROM points_ledger WHERE transfer_id = ?').all('tr-1')).toEqual([{ id: 'l3' }]);
    expect(
      old.sqlite
        .prepare("SELECT -sum(points) AS p FROM points_ledger WHERE member_id = 'm1' AND kind = 'redeem' AND terminal_id = 'T-01'")
        .get(),
    ).toEqual({ p: 2 });
  });
});
