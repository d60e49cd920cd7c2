import { afterEach, describe, expect, it } from 'vitest';
import { embeddedMigrations } from '../../../electron/core/db/migrations.generated';
import { checksum } from '../../helpers/db';
import { databaseAt, type OldDatabase, rowsOf, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0002_builtin_rows';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('gives a fresh terminal the two built-in roles and a zero-rate tax class', async () => {
    db = await databaseAt(versionBefore(TAG));
    expect(rowsOf(db.sqlite, 'roles')).toEqual([]);
    await db.migrateToLatest();
    expect(rowsOf(db.sqlite, 'roles')).toEqual([
      { id: 'cashier', name: 'Cashier' },
      { id: 'manager', name: 'Manager' },
    ]);
    expect(rowsOf(db.sqlite, 'tax_classes')).toEqual([{ id: 'zero', name: 'Zero rate', rate_bp: 0, created_at: 0, updated_at: 0 }]);
  });

  it('keeps roles and tax classes that already exist as they are (a renamed role stays renamed)', async () => {
    db = await databaseAt(versionBefore(TAG));
    seedSchemaV1(db.sqlite);
    db.sqlite.prepare("UPDATE roles SET name = 'Kassierer' WHERE id = 'cashier'").run();
    db.sqlite.prepare("DELETE FROM staff_roles WHERE role_id = 'manager'").run();
    db.sqlite.prepare("DELETE FROM roles WHERE id = 'manager'").run();
    const taxBefore = rowsOf(db.sqlite, 'tax_classes');
    const staffBefore = rowsOf(db.sqlite, 'staff');
    await db.migrateToLatest();
    expect(rowsOf(db.sqlite, 'roles')).toEqual([
      { id: 'cashier', name: 'Kassierer' },
      { id: 'manager', name: 'Manager' },
    ]);
    const tax = rowsOf(db.sqlite, 'tax_classes');
    expect(tax).toEqual(expect.arrayContaining(taxBefore));
    expect(tax).toContainEqual({ id: 'zero', name: 'Zero rate', rate_bp: 0, created_at: 0, updated_at: 0 });
    expect(tax).toHaveLength(taxBefore.length + 1);
    expect(rowsOf(db.sqlite, 'staff')).toEqual(staffBefore);
  });

  it('does not fail when a tax class is already called "Zero rate" (the existing one is kept, not duplicated)', async () => {
    db = await databaseAt(versionBefore(TAG));
    db.sqlite.prepare("INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('t-0', 'Zero rate', 0, 5, 5)").run();
    await db.migrateToLatest();
    expect(rowsOf(db.sqlite, 'tax_classes')).toEqual([{ id: 't-0', name: 'Zero rate', rate_bp: 0, created_at: 5, updated_at: 5 }]);
  });

  it('changes nothing when its rows are there already (INSERT OR IGNORE)', async () => {
    db = await databaseAt(versionBefore(TAG));
    db.sqlite.exec(`
      INSERT INTO roles (id, name) VALUES ('cashier', 'Cashier'), ('manager', 'Manager');
      INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('zero', 'Zero rate', 0, 0, 0);`);
    const migration = embeddedMigrations[versionBefore(TAG)];
    const before = checksum(db.sqlite);
    for (const statement of migration?.statements ?? []) db.sqlite.exec(statement);
    expect(checksum(db.sqlite)).toBe(before);
  });
});
