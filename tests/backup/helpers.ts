import { createHash, randomUUID } from 'node:crypto';
import type { Sqlite } from '../../electron/core/db/open';
import { okData, type TestTerminal } from '../helpers/terminal';

/**
 * A SHA-256 of the schema and every row of every table but the audit log (a restore adds its own
 * row there) and SQLite's statistics (PRAGMA optimize at close refreshes them).
 */
export function dataChecksum(sqlite: Sqlite, skip: string[] = ['audit_log']): string {
  const hash = createHash('sha256');
  hash.update(`user_version=${sqlite.pragma('user_version', { simple: true })}\n`);
  hash.update(
    JSON.stringify(
      sqlite.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").raw(true).all(),
    ),
  );
  const tables = sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
    name: string;
    sql: string | null;
  }[];
  for (const table of tables) {
    if (skip.includes(table.name) || table.name.startsWith('sqlite_stat') || (table.sql && /^CREATE VIRTUAL TABLE/i.test(table.sql)))
      continue;
    hash.update(`\u001d${table.name}\n`);
    const columns = (sqlite.pragma(`table_info("${table.name}")`) as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    for (const row of sqlite.prepare(`SELECT * FROM "${table.name}" ORDER BY ${order}`).raw(true).safeIntegers(true).iterate() as Iterable<
      unknown[]
    >)
      hash.update(`${JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\u001e`);
  }
  return hash.digest('hex');
}

/** The gift card of the fixture: zero tax, untracked, 20.00. */
export function giftCardId(t: TestTerminal): string {
  const product = t.catalogue.bySku.get('SKU-029');
  if (!product) throw new Error('no gift card in the fixture');
  return product.id;
}

export function openShift(t: TestTerminal): void {
  if (!okData<{ id: string } | null>(t.call('shift.current', {}, t.manager)))
    okData(t.call('shift.open', { openingFloatMinor: 10_000 }, t.manager));
}

/** One completed cash sale of a gift card (through the router, as the manager). */
export function sell(t: TestTerminal): string {
  const id = randomUUID();
  okData(
    t.router.invoke(
      'sale.complete',
      { id, lines: [{ productId: giftCardId(t), quantity: 1 }], payments: [{ method: 'cash', amountMinor: 2000, tenderedMinor: 2000 }] },
      t.manager,
    ),
  );
  return id;
}
