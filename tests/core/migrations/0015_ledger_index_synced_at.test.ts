import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type OldDatabase, rowsOf, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0015_ledger_index_synced_at';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const indexesOf = (old: OldDatabase, table: string): string[] =>
  (
    old.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name").all(table) as {
      name: string;
    }[]
  ).map((r) => r.name);

describe(`migration ${TAG}`, () => {
  it('drops the staff index of the points ledger and keeps every row, the other indexes and the staff foreign key', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    old.sqlite.exec(`
      INSERT INTO members (id, card_number, name, name_key, email, phone, tier_since, joined_at, updated_at)
        VALUES ('m1', '2700000000015', 'Ana', 'ana', 'ana@example.com', NULL, 1, 1, 1);
      INSERT INTO points_ledger (id, member_id, kind, points, balance_after, staff_id, reason, terminal_id, at)
        VALUES ('l1', 'm1', 'adjust', 5, 5, 's-ola', 'Opening balance', 'T-01', 4),
               ('l2', 'm1', 'adjust', -2, 3, 's-ola', 'Correction', 'T-01', 6);`);
    expect(indexesOf(old, 'points_ledger')).toContain('points_ledger_staff_idx');
    const ledger = rowsOf(old.sqlite, 'points_ledger');
    await old.migrateToLatest();

    expect(rowsOf(old.sqlite, 'points_ledger')).toEqual(ledger);
    expect(indexesOf(old, 'points_ledger')).toEqual([
      'points_ledger_approved_by_idx',
      'points_ledger_id_uq',
      'points_ledger_member_idx',
      'points_ledger_redeem_idx',
      'points_ledger_sale_idx',
      'points_ledger_transfer_idx',
    ]);
    // the foreign key still holds without its index (a staff row is never deleted; SQLite would scan)
    expect(() =>
      old.sqlite.exec(
        "INSERT INTO points_ledger (id, member_id, kind, points, balance_after, staff_id, terminal_id, at) VALUES ('l3', 'm1', 'adjust', 1, 4, 'nobody', 'T-01', 7)",
      ),
    ).toThrow(/FOREIGN KEY/);
    // the ledger stays append-only
    expect(() => old.sqlite.exec("UPDATE points_ledger SET points = 9 WHERE id = 'l1'")).toThrow(/inalterable/);
  });

  it('adds when the till last synced with central, never for a database that has not', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    const before = old.sqlite.prepare('SELECT store_id, secret, pushed_seq FROM sync_state').get();
    await old.migrateToLatest();
    expect(old.sqlite.prepare('SELECT store_id, secret, pushed_seq, last_synced_at FROM sync_state').get()).toEqual({
      ...(before as object),
      last_synced_at: null,
    });
  });
});
