import { and, asc, Column, count, eq, fillPlaceholders, gte, is, lt, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { currencyExponent } from '../../../../src/shared/money';
import type { ReadDb } from '../../context';
import { decimalOf, guardText } from './format';

// The chunked read of one export kind: a keyset walk of its table in key order, one chunk at a
// time (keyset pagination: "rows after the last key", never OFFSET). Every chunk is one
// statement, so one short read transaction of its own: between chunks the writer's checkpoint
// can recycle the WAL (a single snapshot over a million rows would pin it for the whole export).
// The documents (sales, lines, payments, ledger, audit log) are append-only, so the chunks add up
// to what a single snapshot at the end would hold, up to the rows committed while the export ran;
// a product or member edited meanwhile is written as it was when its own chunk was read.
//
// A kind is data (KindSpec: its table and joins, its columns with their cell formats, its keyset
// and range column); readerOf builds every kind's reader from it.

export type Cell = string | number | null;

export interface ExportFormats {
  /** an instant as ISO-8601 with the store zone's offset ('' for null) */
  iso: (epochMs: number | null) => string;
  /** the store's currency: minor units per major unit */
  exponent: number;
}

/** The instants [fromMs, untilMs) the records must fall in (the whole history when no dates were given). */
export interface ExportRange {
  fromMs: number;
  untilMs: number;
}

export interface KindReader {
  header: readonly string[];
  /** records in the range (for the progress bar; rows committed during the export may add a few) */
  count(): number;
  /**
   * Read the next chunk (at most `limit` records after those already read, one statement) and hand
   * each record to `take` as it streams from SQLite, as a row of cells in CSV order (the row is
   * the reader's no more: take it or encode it); the number of records read (0 at the end).
   */
  next(take: (row: Cell[]) => void): number;
}

export type KindFactory = (db: ReadDb, range: ExportRange, formats: ExportFormats, limit: number) => KindReader;

export type Selected = SQLiteColumn | SQL;

/** How a cell SQL cannot write in CSV form cheaply is finished in JS. */
type CellFormat =
  /** epoch ms as ISO-8601 in the store zone */
  | { kind: 'instant' }
  /** free text typed by people: guarded against spreadsheet formulas */
  | { kind: 'text' }
  /** minor units as a decimal of major units, in the currency of `currency` (else the store's) */
  | { kind: 'money'; currency?: Selected };

interface FormattedColumn {
  select: Selected;
  format: CellFormat;
}

export type ColumnSpec = Selected | FormattedColumn;

/** An instant column (epoch ms), written as ISO-8601 with the store zone's offset. */
export const instant = (select: Selected): FormattedColumn => ({ select, format: { kind: 'instant' } });
/** A free-text column, guarded against spreadsheet formulas (see guardText). */
export const freeText = (select: Selected): FormattedColumn => ({ select, format: { kind: 'text' } });
/** Minor units written as a decimal, in the currency the `currency` column names (the store's when absent or empty). */
export const decimal = (select: Selected, currency?: Selected): FormattedColumn => ({
  select,
  format: currency ? { kind: 'money', currency } : { kind: 'money' },
});
/** A boolean column as the CSV writes it ('true' / 'false'; '' for null), by SQL. */
export const csvBool = (column: Selected) =>
  sql<string | null>`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'true' ELSE 'false' END`;
/** The rowid of a table: the keyset's tie-break where the index on the instant holds no id. */
export const rowidOf = (table: SQLiteTable) => sql<number>`${table}.rowid`;

/** A left join of the row a foreign key names by its id (the name of a staff member, a product). */
export const lookup = (table: SQLiteTable & { id: SQLiteColumn }, foreignKey: Selected) => ({ table, on: eq(table.id, foreignKey) });

/** One export kind as data: what readerOf needs to read it in chunks. */
export interface KindSpec {
  /** the table walked (in keyset order) */
  table: SQLiteTable;
  /** tables joined to it; an inner join also narrows the count */
  joins?: readonly { table: SQLiteTable; on: SQL; inner?: true }[];
  /** only the rows of the table that pass this (the sales of one kind) */
  where?: SQL;
  /** the CSV columns in order, named by their header */
  columns: Record<string, ColumnSpec>;
  /** the keyset: unique per row, and the order of an index the walk follows without a sort */
  keyset: readonly Selected[];
  /** the instant the dates filter on; none: every record is exported, whatever the dates */
  range?: SQLiteColumn;
  /**
   * the whole history's count from this table alone (a scan of its smallest index): for records
   * that all have their document, where counting through the join walks every document
   */
  countAllFrom?: SQLiteTable;
}

/** before the first key of every table: ids and texts sort after '', numbers after this */
const FIRST_NUMBER = Number.MIN_SAFE_INTEGER;
const FIRST_TEXT = '';
const firstKeyOf = (key: Selected): Cell => (is(key, Column) && key.dataType === 'string' ? FIRST_TEXT : FIRST_NUMBER);

const p = sql.placeholder;

/** The whole history (no dates given): epoch ms of ±273,790 years. */
export const ALL_TIME: ExportRange = { fromMs: -8.64e15, untilMs: 8.64e15 };

const isAllTime = (range: ExportRange) => range.fromMs <= ALL_TIME.fromMs && range.untilMs >= ALL_TIME.untilMs;

/** The range as the statements' placeholders want it. */
const bounds = (range: ExportRange) => ({ from: range.fromMs, until: range.untilMs });

function moneyOf(formats: ExportFormats) {
  const exponents = new Map<string, number>();
  return (amountMinor: Cell, currency?: Cell): string => {
    if (typeof amountMinor !== 'number') return '';
    if (typeof currency !== 'string' || !currency) return decimalOf(amountMinor, formats.exponent);
    let exponent = exponents.get(currency);
    if (exponent === undefined) {
      exponent = currencyExponent(currency);
      exponents.set(currency, exponent);
    }
    return decimalOf(amountMinor, exponent);
  };
}

/**
 * The range cut into at most `parts` consecutive ranges of about as many records each, for parts
 * of one export read side by side (one worker each) and written one after the other. A cut is an
 * instant of the range column, and the kinds that can be cut walk that column first (their keyset
 * starts with it): every record of a part then comes before every record of the next, so the parts
 * laid end to end are the export read in one walk, byte for byte. A kind that walks another order
 * (the ledger, by seq) or takes no dates stays whole. Sized by the walked table's own records (the
 * sales, for lines and payments): an OFFSET over the range column's index, once per cut.
 */
export function splitRange(db: ReadDb, spec: KindSpec, range: ExportRange, parts: number): ExportRange[] {
  const column = spec.range;
  if (parts < 2 || !column || spec.keyset[0] !== column) return [range];
  const inRange = and(spec.where, gte(column, range.fromMs), lt(column, range.untilMs));
  const records = db.select({ n: count() }).from(spec.table).where(inRange).get()?.n ?? 0;
  const instantAt = db.select({ at: column }).from(spec.table).where(inRange).orderBy(asc(column)).limit(1).offset(p('offset')).prepare();
  const cuts: number[] = [];
  for (let part = 1; part < parts; part++) {
    const at = instantAt.get({ offset: Math.floor((records * part) / parts) })?.at;
    // records sharing the instant of a cut all go to the later part; a cut no later than the one before adds no part
    if (typeof at === 'number' && at > (cuts.at(-1) ?? range.fromMs)) cuts.push(at);
  }
  const starts = [range.fromMs, ...cuts];
  return starts.map((fromMs, i) => ({ fromMs, untilMs: cuts[i] ?? range.untilMs }));
}

/**
 * A query drizzle built (and typed) as a better-sqlite3 statement in raw mode: its rows stream as
 * ARRAYS (no object per row) through `iterate`. Measured hot spot: drizzle mapping each row to an
 * object and the export mapping it back to an array cost as much as the SQL of a million lines;
 * and `.all()` of a whole chunk kept 10,000 rows alive long enough to be promoted to the old
 * generation (heap sawtooth up to ~130 MB), where rows streamed slice by slice die young (~35 MB).
 */
function rawRows(
  db: ReadDb,
  query: { toSQL(): { sql: string; params: unknown[] } },
): (values: Record<string, unknown>) => Iterable<Cell[]> {
  const built = query.toSQL();
  const statement = db.$client.prepare<unknown[], Cell[]>(built.sql).raw(true);
  return (values) => statement.iterate(...fillPlaceholders(built.params, values));
}

/**
 * Where each cell of a statement's row comes from: the CSV columns first, in CSV order, then what
 * the reader needs but does not write (the currency of a decimal), then the keyset columns that are
 * not CSV columns already (a key that is one is read from its cell, before the cell is finished).
 */
function layoutOf(spec: KindSpec) {
  const header = Object.keys(spec.columns);
  const selects: Selected[] = Object.values(spec.columns).map((column) => ('format' in column ? column.select : column));
  const slotOf = (select: Selected) => {
    const at = selects.indexOf(select);
    if (at !== -1) return at;
    selects.push(select);
    return selects.length - 1;
  };
  const instants: number[] = [];
  const texts: number[] = [];
  const monies: { at: number; currencyAt: number }[] = [];
  Object.values(spec.columns).forEach((column, at) => {
    if (!('format' in column)) return;
    const { format } = column;
    if (format.kind === 'instant') instants.push(at);
    else if (format.kind === 'text') texts.push(at);
    else monies.push({ at, currencyAt: format.currency ? slotOf(format.currency) : -1 });
  });
  const keysAt = spec.keyset.map(slotOf);
  return { header, selects, instants, texts, monies, keysAt };
}

/**
 * The reader of one kind: each chunk is one run of its keyset statement (one short read
 * transaction: the time to encode and write its rows), each row finished in place as it comes
 * (the cells SQL cannot write in CSV form cheaply: instants in the store zone, decimals, guarded
 * text) and cut to the CSV columns.
 */
export function readerOf(spec: KindSpec): KindFactory {
  return (db, range, formats, limit) => {
    const { header, selects, instants, texts, monies, keysAt } = layoutOf(spec);
    const fields: Record<string, Selected> = {};
    selects.forEach((select, i) => {
      fields[`c${i}`] = select;
    });
    const inRange = spec.range ? and(spec.where, gte(spec.range, p('from')), lt(spec.range, p('until'))) : spec.where;
    const after = sql`(${sql.join([...spec.keyset], sql`, `)}) > (${sql.join(
      spec.keyset.map((_, i) => p(`k${i}`)),
      sql`, `,
    )})`;
    let chunk = db.select(fields).from(spec.table).$dynamic();
    let counted = db.select({ n: count() }).from(spec.table).$dynamic();
    for (const join of spec.joins ?? []) {
      if (join.inner) {
        chunk = chunk.innerJoin(join.table, join.on);
        counted = counted.innerJoin(join.table, join.on);
      } else chunk = chunk.leftJoin(join.table, join.on);
    }
    const rowsAfter = rawRows(
      db,
      chunk
        .where(and(inRange, after))
        .orderBy(...spec.keyset.map((key) => asc(key)))
        .limit(limit),
    );
    const counter = counted.where(inRange).prepare();
    const countAll = spec.countAllFrom ? db.select({ n: count() }).from(spec.countAllFrom).prepare() : counter;

    const width = header.length;
    const iso = formats.iso;
    const money = moneyOf(formats);
    const cursor = spec.keyset.map(firstKeyOf);
    return {
      header,
      count: () => (isAllTime(range) ? countAll.get(bounds(range)) : counter.get(bounds(range)))?.n ?? 0,
      next: (take) => {
        const values: Record<string, unknown> = bounds(range);
        cursor.forEach((key, i) => {
          values[`k${i}`] = key;
        });
        let read = 0;
        for (const row of rowsAfter(values)) {
          for (let i = 0; i < keysAt.length; i++) cursor[i] = row[keysAt[i] as number] ?? null;
          for (const at of instants) {
            const cell = row[at];
            row[at] = iso(typeof cell === 'number' ? cell : null);
          }
          for (const at of texts) {
            const cell = row[at];
            if (typeof cell === 'string') row[at] = guardText(cell);
          }
          for (const { at, currencyAt } of monies) row[at] = money(row[at] ?? null, currencyAt === -1 ? undefined : row[currencyAt]);
          row.length = width;
          take(row);
          read++;
        }
        return read;
      },
    };
  };
}
