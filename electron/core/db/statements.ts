import { Column, type DriverValueDecoder, is, SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { ReadDb } from '../context';
import * as schema from './schema';

/**
 * Drizzle prepared statements built once per connection and kept with it:
 *   const reads = perConnection((db) => ({ byId: db.select(…).where(eq(t.id, sql.placeholder('id'))).prepare() }));
 *   reads(ctx.db).byId.get({ id });
 * Keyed by the drizzle instance (the writer and the read-only connection each have their own, and
 * a statement belongs to the connection that prepared it), never a module-level singleton.
 */
export function perConnection<T, D extends ReadDb = ReadDb>(build: (db: D) => T): (db: D) => T {
  const cache = new WeakMap<D, T>();
  return (db) => {
    let built = cache.get(db);
    if (built === undefined) {
      built = build(db);
      cache.set(db, built);
    }
    return built;
  };
}

/**
 * Drizzle without a connection, to render a query's SQL (`query(sqlOnly).toSQL().sql`): the
 * query-plan tests and the benchmark's raw baseline use the very SQL the core prepares.
 */
export const sqlOnly = drizzle.mock({ schema });

/**
 * Turns the array rows of a drizzle prepared select (`.values()`, better-sqlite3's raw rows) into
 * the objects `.all()` would give, decoded by the same schema columns (booleans from 0/1, mapWith):
 *   const decode = rowDecoder<Row>(fields); statement.values(params).map(decode)
 * `fields` are the flat selection the statement was built with, in its order, starting at column
 * `from` (a selection may be decoded in parts). Why not `.all()`: drizzle's row mapper costs ~2 µs
 * a row on alias() columns (it reads them through their proxies): +47 µs on a 21-row search page
 * whose SQL takes 61 µs (1M products). The objects come out as fresh literals the caller may add
 * to; avoid `{ a, ...rest }` on them in hot paths (~2.5 µs a row in V8).
 */
export function rowDecoder<Row>(fields: Record<string, unknown>, from = 0): (values: unknown[]) => Row {
  const keys = Object.keys(fields);
  const decoders = Object.values(fields).map((field, i): ((value: unknown) => unknown) | null => {
    let decoder: DriverValueDecoder<unknown, unknown> | undefined;
    if (is(field, Column)) decoder = field;
    else if (is(field, SQL)) decoder = (field as unknown as { decoder?: DriverValueDecoder<unknown, unknown> }).decoder;
    else throw new Error(`rowDecoder: ${keys[i]} is not a column or an SQL expression (flat selections only)`);
    if (!decoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue) return null;
    const decode = decoder.mapFromDriverValue;
    return (value) => decode.call(decoder, value);
  });
  return (values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = values[from + i];
      const decode = decoders[i];
      // like drizzle: NULL stays null, without its decoder
      row[keys[i] as string] = value === null || value === undefined || !decode ? value : decode(value);
    }
    return row as Row;
  };
}
