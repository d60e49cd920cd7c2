import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type OldDatabase, rowsOf, schemaNames, versionBefore } from '../../helpers/migrations';

const TAG = '0014_outbox_watermark';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const columnsOf = (old: OldDatabase, table: string): string[] =>
  (old.sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name);

describe(`migration ${TAG}`, () => {
  it('turns the pushed_at marks into one watermark (the last pushed seq), keeps every event, and drops the column and its index', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    const insert = old.sqlite.prepare(
      "INSERT INTO outbox (id, created_at, topic, entity_id, payload, pushed_at) VALUES (?, ?, 'staff.upserted', 's-ola', '{}', ?)",
    );
    for (let n = 1; n <= 5; n++) insert.run(`e${n}`, n, n <= 3 ? 100 + n : null);
    // the restore rule may have moved AUTOINCREMENT's mark past the last row: it must stay there
    old.sqlite.prepare("UPDATE sqlite_sequence SET seq = 40 WHERE name = 'outbox'").run();
    const before = (rowsOf(old.sqlite, 'outbox', 'seq') as Record<string, unknown>[]).map(({ pushed_at: _, ...row }) => row);
    await old.migrateToLatest();
    expect(old.sqlite.prepare('SELECT pushed_seq FROM sync_state WHERE id = 1').pluck().get()).toBe(3);
    expect(rowsOf(old.sqlite, 'outbox', 'seq')).toEqual(before);
    expect(columnsOf(old, 'outbox')).not.toContain('pushed_at');
    expect(schemaNames(old.sqlite, 'index')).not.toContain('outbox_pending_idx');
    old.sqlite
      .prepare("INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES ('e6', 6, 'staff.upserted', 's-ola', '{}')")
      .run();
    expect(old.sqlite.prepare("SELECT seq FROM outbox WHERE id = 'e6'").pluck().get()).toBe(41);
  });

  it('starts the watermark at 0 when nothing was pushed', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    old.sqlite
      .prepare("INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES ('e1', 1, 'staff.upserted', 's-ola', '{}')")
      .run();
    await old.migrateToLatest();
    expect(old.sqlite.prepare('SELECT pushed_seq FROM sync_state WHERE id = 1').pluck().get()).toBe(0);
    expect(rowsOf(old.sqlite, 'outbox')).toHaveLength(1);
  });
});
