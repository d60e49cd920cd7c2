import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../pg';
import { centralDatabaseAt, versionBefore } from './helpers';

const TAG = '0001_change_seq';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const seqOf = async (
  client: { query: (sql: string, values?: unknown[]) => Promise<{ rows: { change_seq: string }[] }> },
  table: string,
  id: string,
) => Number((await client.query(`SELECT change_seq FROM ${table} WHERE id = $1`, [id])).rows[0]?.change_seq);

/** Whether a promise is still pending after `ms` (it is waiting for a lock). */
const pendingAfter = async (promise: Promise<unknown>, ms: number) =>
  await Promise.race([promise.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))]);

describe(`central migration ${TAG}`, () => {
  it('keeps the rows written before it and their numbers; then every insert and real change takes the next number', async () => {
    const db = await centralDatabaseAt(versionBefore(TAG));
    cleanups.push(() => db.client.end());
    const q = (sql: string, values: unknown[] = []) => db.client.query(sql, values);
    await q(`INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('zero', 'Zero rate', 0, 0, 0);
      INSERT INTO products (id, sku, name, price_minor, tax_class_id, created_at, updated_at) VALUES ('p-1', 'A', 'Tea', 250, 'zero', 1, 1);
      INSERT INTO members (id, name, tier_since, joined_at, updated_at) VALUES ('m-1', 'Ana', 1, 1, 1);`);
    const before = (await q('SELECT id, change_seq FROM products UNION ALL SELECT id, change_seq FROM members ORDER BY id')).rows;
    expect(new Set(before.map((r) => r.change_seq)).size).toBe(2);

    const report = await db.migrateToLatest();
    expect(report.applied).toEqual([TAG]);
    expect((await q('SELECT id, change_seq FROM products UNION ALL SELECT id, change_seq FROM members ORDER BY id')).rows).toEqual(before);

    const p1 = await seqOf(db.client, 'products', 'p-1');
    await q(
      "INSERT INTO products (id, sku, name, price_minor, tax_class_id, created_at, updated_at) VALUES ('p-2', 'B', 'Cake', 300, 'zero', 2, 2)",
    );
    const p2 = await seqOf(db.client, 'products', 'p-2');
    expect(p2).toBeGreaterThan(p1);
    // a real change moves the row past everything before it
    await q("UPDATE products SET price_minor = 275 WHERE id = 'p-1'");
    const p1Changed = await seqOf(db.client, 'products', 'p-1');
    expect(p1Changed).toBeGreaterThan(p2);
    // an update that changes nothing (a re-applied upsert) keeps its number: terminals do not pull it again
    await q("UPDATE products SET price_minor = 275, name = 'Tea' WHERE id = 'p-1'");
    await q(
      `INSERT INTO products (id, sku, name, price_minor, tax_class_id, created_at, updated_at) VALUES ('p-1', 'A', 'Tea', 275, 'zero', 1, 1)
       ON CONFLICT (id) DO UPDATE SET price_minor = excluded.price_minor, name = excluded.name`,
    );
    expect(await seqOf(db.client, 'products', 'p-1')).toBe(p1Changed);
    // asking for a new number (the product's barcodes changed) gets one
    await q("UPDATE products SET change_seq = 0 WHERE id = 'p-1'");
    expect(await seqOf(db.client, 'products', 'p-1')).toBeGreaterThan(p1Changed);
    // a member's balance is pulled too; a category's tombstone as well
    const m1 = await seqOf(db.client, 'members', 'm-1');
    await q("UPDATE members SET points_balance = points_balance + 10 WHERE id = 'm-1'");
    expect(await seqOf(db.client, 'members', 'm-1')).toBeGreaterThan(m1);
    await q("INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c-1', 'Drinks', 1, 1)");
    const c1 = await seqOf(db.client, 'categories', 'c-1');
    await q("UPDATE categories SET deleted_at = 5 WHERE id = 'c-1'");
    expect(await seqOf(db.client, 'categories', 'c-1')).toBeGreaterThan(c1);
  });

  it('numbers in commit order: a writer that started later waits, so a pull never skips a row committed late', async () => {
    const db = await centralDatabaseAt(versionBefore(TAG));
    cleanups.push(() => db.client.end());
    await db.migrateToLatest();
    await db.client.query(`INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('zero', 'Zero rate', 0, 0, 0);
      INSERT INTO members (id, name, tier_since, joined_at, updated_at) VALUES ('m-1', 'Ana', 1, 1, 1), ('m-2', 'Ben', 1, 1, 1);`);
    const a = await connect(db.url);
    const b = await connect(db.url);
    const reader = await connect(db.url);
    cleanups.push(
      () => a.end(),
      () => b.end(),
      () => reader.end(),
    );
    await a.query('BEGIN');
    await a.query("UPDATE members SET points_balance = 5 WHERE id = 'm-1'");
    await b.query('BEGIN');
    const bWrites = b.query("UPDATE members SET points_balance = 7 WHERE id = 'm-2'");
    expect(await pendingAfter(bWrites, 300)).toBe(true);
    // pulls read without the lock while writers wait
    expect((await reader.query('SELECT count(*)::int AS n FROM members')).rows).toEqual([{ n: 2 }]);
    // the first writer goes on to touch the row the waiting one wants next: no deadlock, since the
    // waiting one waits before it locks any row
    await a.query("UPDATE members SET points_balance = 6 WHERE id = 'm-2'");
    await a.query('COMMIT');
    await bWrites;
    await b.query('COMMIT');
    const rows = (await reader.query('SELECT id, change_seq::int AS seq, points_balance::int AS balance FROM members ORDER BY change_seq'))
      .rows;
    // a committed first: its rows carry the lower numbers; b's change came after it
    expect(rows.map((r) => r.id)).toEqual(['m-1', 'm-2']);
    expect(rows.find((r) => r.id === 'm-2')?.balance).toBe(7);
  });
});
