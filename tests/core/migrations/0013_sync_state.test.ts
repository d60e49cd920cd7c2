import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, keptOf, type OldDatabase, rowsOf, seedSchemaV1, versionBefore } from '../../helpers/migrations';

const TAG = '0013_sync_state';

let db: OldDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe(`migration ${TAG}`, () => {
  it('gives the terminal its sync identity once (a store id and a 256-bit secret), keeps every member and outbox row, and adds remote_points = 0', async () => {
    const old = await databaseAt(versionBefore(TAG));
    db = old;
    seedSchemaV1(old.sqlite);
    old.sqlite.exec(`
      INSERT INTO members (id, card_number, name, name_key, email, phone, tier_since, points_balance, joined_at, updated_at)
        VALUES ('m1', '2700000000015', 'Ana', 'ana', 'ana@example.com', NULL, 1, 0, 1, 1);
      INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES ('e1', 1, 'staff.upserted', 's-ola', '{}');`);
    const outbox = rowsOf(old.sqlite, 'outbox');
    await old.migrateToLatest();
    expect(rowsOf(old.sqlite, 'outbox')).toEqual(keptOf('outbox', outbox));
    const state = old.sqlite.prepare('SELECT * FROM sync_state').all() as Record<string, unknown>[];
    expect(state).toHaveLength(1);
    expect(state[0]).toMatchObject({ id: 1, registered_at: null, pull_cursor: 0, pushed_ledger_seq: 0, last_error: null });
    expect(String(state[0]?.store_id)).toMatch(/^S-[0-9A-F]{8}$/);
    expect(String(state[0]?.secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(old.sqlite.prepare('SELECT id, points_balance, remote_points FROM members').all()).toEqual([
      { id: 'm1', points_balance: 0, remote_points: 0 },
    ]);
  });

  it('makes a different secret for every new database', async () => {
    const secrets = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const old = await databaseAt(versionBefore(TAG));
      try {
        await old.migrateToLatest();
        secrets.add((old.sqlite.prepare('SELECT secret FROM sync_state').get() as { secret: string }).secret);
      } finally {
        old.close();
      }
    }
    expect(secrets.size).toBe(3);
  });
});
