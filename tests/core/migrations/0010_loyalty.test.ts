import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptRowsOf, type OldDatabase, rowsOf, schemaNames, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0010_loyalty';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A terminal at the schema before loyalty, with a shift and a sale. */
async function sellingDatabase(): Promise<OldDatabase> {
  const old = await databaseAt(versionBefore(TAG));
  seedSchemaV1(old.sqlite);
  old.sqlite.exec(`
    INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'T-01', 's-ola', 3, 10000);
    INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor, journal_seq)
      VALUES ('sale-1', 'sale', 'T-01', 1, 'sh-1', 's-ola', 4, 'EUR', 1, 101, 0, 5, 101, 1);`);
  return old;
}

describe(`migration ${TAG}`, () => {
  it('adds members and the points ledger, and a member column to sales that keeps every sale as it was', async () => {
    const old = await sellingDatabase();
    db = old;
    const sales = rowsOf(old.sqlite, 'sales');
    expect(schemaNames(old.sqlite, 'table')).not.toContain('members');
    await old.migrateToLatest();
    expect(schemaNames(old.sqlite, 'table')).toEqual(expect.arrayContaining(['members', 'points_ledger']));
    expect(schemaNames(old.sqlite, 'index')).toEqual(
      expect.arrayContaining(['members_card_uq', 'members_email_uq', 'members_phone_uq', 'members_name_key_idx', 'sales_member_idx']),
    );
    expect(keptRowsOf(old.sqlite, 'sales', sales)).toEqual(sales);
    expect(rowsOf(old.sqlite, 'sales')).toMatchObject([{ id: 'sale-1', member_id: null }]);
  });

  it('keeps card, email and phone unique when present, and the ledger append-only', async () => {
    const old = await sellingDatabase();
    db = old;
    await old.migrateToLatest();
    const member = old.sqlite.prepare(
      'INSERT INTO members (id, card_number, name, name_key, email, phone, tier_since, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, 1, 1)',
    );
    member.run('m1', '2700000000015', 'Ana', 'ana', 'ana@example.com', '+441234567890');
    // erased members hold no card, email or phone: many NULLs are fine
    member.run('m2', null, 'Erased member', '', null, null);
    member.run('m3', null, 'Erased member', '', null, null);
    expect(() => member.run('m4', '2700000000015', 'Bo', 'bo', null, null)).toThrow(/UNIQUE/);
    expect(() => member.run('m5', null, 'Bo', 'bo', 'ana@example.com', null)).toThrow(/UNIQUE/);
    expect(() => member.run('m6', null, 'Bo', 'bo', null, '+441234567890')).toThrow(/UNIQUE/);
    expect(() => old.sqlite.prepare("UPDATE members SET tier = 'diamond' WHERE id = 'm1'").run()).toThrow(/CHECK/);
    expect(rowsOf(old.sqlite, 'members')).toMatchObject([
      { id: 'm1', tier: 'bronze', active: 1, points_balance: 0 },
      { id: 'm2' },
      { id: 'm3' },
    ]);

    const ledger = old.sqlite.prepare(
      "INSERT INTO points_ledger (id, member_id, kind, points, balance_after, sale_id, terminal_id, at) VALUES (?, 'm1', 'earn', ?, ?, 'sale-1', 'T-01', 5)",
    );
    ledger.run('l1', 10, 10);
    expect(() => ledger.run('l2', 0, 10)).toThrow(/CHECK/);
    expect(() => old.sqlite.prepare('UPDATE points_ledger SET points = 11').run()).toThrow(/inalterable/);
    expect(() => old.sqlite.prepare('DELETE FROM points_ledger').run()).toThrow(/inalterable/);
    expect(schemaNames(old.sqlite, 'trigger')).toEqual(expect.arrayContaining(['points_ledger_no_update', 'points_ledger_no_delete']));
  });
});
