import { and, asc, count, eq, fillPlaceholders, gte, lt, type SQL, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ExportKind } from '../../../../src/shared/contract/exports';
import { currencyExponent } from '../../../../src/shared/money';
import { PRODUCT_CSV_BARCODE_SEPARATOR, type ProductCsvColumn } from '../../../../src/shared/productCsv';
import type { ReadDb } from '../../context';
import {
  auditLog,
  categories,
  members,
  payments,
  pointsLedger,
  productBarcodes,
  products,
  saleLines,
  sales,
  shifts,
  staff,
  stockMovements,
  taxClasses,
} from '../../db/schema';
import { decimalOf, guardText } from './format';

// The export kinds: for each, its columns and a reader that walks the table in key order, one
// chunk at a time (keyset pagination: "rows after the last key", never OFFSET). Every chunk is one
// statement, so one short read transaction of its own: between chunks the writer's checkpoint
// can recycle the WAL (a single snapshot over a million rows would pin it for the whole export).
// The documents (sales, lines, payments, ledger, audit log) are append-only, so the chunks add up
// to what a single snapshot at the end would hold, up to the rows committed while the export ran;
// a product or member edited meanwhile is written as it was when its own chunk was read.

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
   * its records to `take` as they stream from SQLite, `sliceRows` at a time, as rows of cells in
   * CSV order; the number of records read (0 at the end).
   */
  next(take: (rows: Cell[][]) => void, sliceRows: number): number;
}

type KindFactory = (db: ReadDb, range: ExportRange, formats: ExportFormats, limit: number) => KindReader;

type Selected = SQLiteColumn | SQL;

const p = sql.placeholder;
/** before the first key of every table: ids and texts sort after '', numbers after this */
const FIRST_NUMBER = Number.MIN_SAFE_INTEGER;
const FIRST_TEXT = '';

/** The rowid of a table: the keyset's tie-break where the index on the instant holds no id (see rowidOf's use). */
const rowidOf = (table: SQLiteTable) => sql<number>`${table}.rowid`;

/** A boolean column as the CSV writes it ('true' / 'false'; '' for null), by SQL. */
const csvBool = (column: Selected) => sql<string | null>`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'true' ELSE 'false' END`;

/**
 * What one export statement selects, in this order: the CSV columns (named by their header), the
 * cells the reader needs but does not write (the currency of a decimal, a JSON to expand), and the
 * keyset columns.
 */
function selection<C extends Record<string, Selected>, X extends Record<string, Selected>>(
  cells: C,
  extra: X,
  keyset: readonly { column: Selected; first: number | string }[],
) {
  const header = Object.keys(cells);
  const fields: Record<string, Selected> = { ...cells };
  for (const [name, column] of Object.entries(extra)) fields[`_x_${name}`] = column;
  keyset.forEach((key, i) => {
    fields[`_k${i}`] = key.column;
  });
  const placeholders = keyset.map((_, i) => p(`k${i}`));
  const columns = keyset.map((key) => key.column);
  return {
    header,
    fields,
    /** where a CSV column (or an extra cell) sits in a row */
    at: (name: (keyof C | keyof X) & string): number => {
      const column = header.indexOf(name);
      return column !== -1 ? column : header.length + Object.keys(extra).indexOf(name);
    },
    /** the rows after the cursor, in keyset order (a row-value comparison the index serves) */
    after: sql`(${sql.join(columns, sql`, `)}) > (${sql.join(placeholders, sql`, `)})`,
    orderBy: columns.map((column) => asc(column)),
    /** the placeholders of the first chunk, and where a row's keyset cells are */
    first: keyset.map((key) => key.first) as Cell[],
    keysAt: header.length + Object.keys(extra).length,
  };
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
 * The reader over one keyset statement: each chunk is one run of it (one short read transaction:
 * the time to encode and write its rows), each row finished in place as it comes (`finish`: the
 * cells SQL cannot write in CSV form cheaply — instants in the store zone, decimals, guarded text)
 * and cut to the CSV columns.
 */
function chunkedReader(
  range: ExportRange,
  chosen: Pick<ReturnType<typeof selection>, 'header' | 'first' | 'keysAt'>,
  rowsAfter: (values: Record<string, unknown>) => Iterable<Cell[]>,
  count: () => number,
  finish: (row: Cell[]) => void,
): KindReader {
  const width = chosen.header.length;
  const { keysAt } = chosen;
  const cursor = [...chosen.first];
  return {
    header: chosen.header,
    count,
    next: (take, sliceRows) => {
      const values: Record<string, unknown> = bounds(range);
      cursor.forEach((key, i) => {
        values[`k${i}`] = key;
      });
      let read = 0;
      let slice: Cell[][] = [];
      for (const row of rowsAfter(values)) {
        for (let i = 0; i < cursor.length; i++) cursor[i] = row[keysAt + i] ?? null;
        finish(row);
        row.length = width;
        slice.push(row);
        read++;
        if (slice.length === sliceRows) {
          take(slice);
          slice = [];
        }
      }
      if (slice.length > 0) take(slice);
      return read;
    },
  };
}

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

const isoOf = (formats: ExportFormats) => (cell: Cell) => formats.iso(typeof cell === 'number' ? cell : null);
const guard = (cell: Cell) => (typeof cell === 'string' ? guardText(cell) : cell);

const approver = alias(staff, 'approver');
const original = alias(sales, 'original');
const closer = alias(staff, 'closer');

// Sales, their lines and their payments are walked in (created_at, rowid) order, not (created_at,
// id): sales_created_idx is (created_at) + rowid, so that order is the index's own and SQLite needs
// no sort (with id it sorted every chunk's rows, all columns in the sorter: measured 3× slower than
// the rest of the SQL). Within one millisecond that is the order the documents were committed in.
// The rowids of these append-only tables never change (Ringup never VACUUMs; UPDATE and DELETE are
// refused by triggers), so the cursor stays valid between chunks.
const saleRowid = rowidOf(sales);

function documentsReader(kind: 'sale' | 'refund'): KindFactory {
  return (db, range, formats, limit) => {
    const inRange = and(eq(sales.kind, kind), gte(sales.createdAt, p('from')), lt(sales.createdAt, p('until')));
    const identity = {
      [kind === 'sale' ? 'sale_id' : 'refund_id']: sales.id,
      receipt_no: sales.receiptNo,
      terminal_id: sales.terminalId,
      created_at: sales.createdAt,
      shift_id: sales.shiftId,
      staff_id: sales.staffId,
      staff_name: staff.name,
      approved_by: sales.approvedBy,
      member_id: sales.memberId,
      ...(kind === 'refund' ? { original_sale_id: sales.originalSaleId, original_receipt_no: original.receiptNo } : {}),
    };
    const chosen = selection(
      {
        ...identity,
        currency: sales.currency,
        prices_include_tax: csvBool(sales.pricesIncludeTax),
        subtotal_minor: sales.subtotalMinor,
        discount_minor: sales.discountMinor,
        tax_minor: sales.taxMinor,
        total_minor: sales.totalMinor,
        cash_rounding_minor: sales.cashRoundingMinor,
        total: sales.totalMinor,
      },
      {},
      [
        { column: sales.createdAt, first: FIRST_NUMBER },
        { column: saleRowid, first: FIRST_NUMBER },
      ],
    );
    const rowsAfter = rawRows(
      db,
      db
        .select(chosen.fields)
        .from(sales)
        .leftJoin(staff, eq(staff.id, sales.staffId))
        .leftJoin(original, eq(original.id, sales.originalSaleId))
        .where(and(inRange, chosen.after))
        .orderBy(...chosen.orderBy)
        .limit(limit),
    );
    const counter = db.select({ n: count() }).from(sales).where(inRange).prepare();
    const money = moneyOf(formats);
    const iso = isoOf(formats);
    const [createdAt, staffName, currency, total] = [
      chosen.at('created_at'),
      chosen.at('staff_name'),
      chosen.at('currency'),
      chosen.at('total'),
    ] as const;
    return chunkedReader(
      range,
      chosen,
      rowsAfter,
      () => counter.get(bounds(range))?.n ?? 0,
      (row) => {
        row[createdAt] = iso(row[createdAt] ?? null);
        row[staffName] = guard(row[staffName] ?? null);
        row[total] = money(row[total] ?? null, row[currency]);
      },
    );
  };
}

const saleLinesReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(sales.createdAt, p('from')), lt(sales.createdAt, p('until')));
  const chosen = selection(
    {
      line_id: saleLines.id,
      document_id: saleLines.saleId,
      document_kind: sales.kind,
      receipt_no: sales.receiptNo,
      terminal_id: sales.terminalId,
      created_at: sales.createdAt,
      line_no: saleLines.lineNo,
      product_id: saleLines.productId,
      sku: saleLines.sku,
      name: saleLines.name,
      quantity: saleLines.quantity,
      weighed: csvBool(saleLines.weighed),
      unit_price_minor: saleLines.unitPriceMinor,
      list_price_minor: saleLines.listPriceMinor,
      tax_class_id: saleLines.taxClassId,
      tax_rate_bp: saleLines.taxRateBp,
      gross_minor: saleLines.grossMinor,
      line_discount_minor: saleLines.lineDiscountMinor,
      cart_discount_minor: saleLines.cartDiscountMinor,
      tax_minor: saleLines.taxMinor,
      total_minor: saleLines.totalMinor,
      total: saleLines.totalMinor,
      original_line_id: saleLines.originalLineId,
      restock: csvBool(saleLines.restock),
    },
    { currency: sales.currency },
    [
      { column: sales.createdAt, first: FIRST_NUMBER },
      { column: saleRowid, first: FIRST_NUMBER },
      // sale_lines_no_uq is (sale_id, line_no): a sale's lines come in line order without a sort
      { column: saleLines.lineNo, first: FIRST_NUMBER },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(sales)
      .innerJoin(saleLines, eq(saleLines.saleId, sales.id))
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(sales).innerJoin(saleLines, eq(saleLines.saleId, sales.id)).where(inRange).prepare();
  // every line has its document (NOT NULL foreign key): the whole history is the table's count, a
  // scan of its smallest index (measured: 20 ms, where the join walks every sale: 0.7 s at 1M lines)
  const countAll = db.select({ n: count() }).from(saleLines).prepare();
  const money = moneyOf(formats);
  const iso = isoOf(formats);
  const [createdAt, name, total, currency] = [
    chosen.at('created_at'),
    chosen.at('name'),
    chosen.at('total'),
    chosen.at('currency'),
  ] as const;
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => (isAllTime(range) ? countAll.get() : counter.get(bounds(range)))?.n ?? 0,
    (row) => {
      row[createdAt] = iso(row[createdAt] ?? null);
      row[name] = guard(row[name] ?? null);
      row[total] = money(row[total] ?? null, row[currency]);
    },
  );
};

const paymentsReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(sales.createdAt, p('from')), lt(sales.createdAt, p('until')));
  const chosen = selection(
    {
      payment_id: payments.id,
      document_id: payments.saleId,
      document_kind: sales.kind,
      receipt_no: sales.receiptNo,
      terminal_id: sales.terminalId,
      created_at: sales.createdAt,
      method: payments.method,
      amount_minor: payments.amountMinor,
      amount: payments.amountMinor,
      tendered_minor: payments.tenderedMinor,
      change_minor: payments.changeMinor,
      card_last4: payments.cardLast4,
      approval_code: payments.approvalCode,
      reference: payments.reference,
    },
    { currency: sales.currency },
    [
      { column: sales.createdAt, first: FIRST_NUMBER },
      { column: saleRowid, first: FIRST_NUMBER },
      // payments_sale_idx is (sale_id) + rowid: a sale's payments in the order they were taken
      { column: rowidOf(payments), first: FIRST_NUMBER },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(sales)
      .innerJoin(payments, eq(payments.saleId, sales.id))
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(sales).innerJoin(payments, eq(payments.saleId, sales.id)).where(inRange).prepare();
  // as for the lines: every payment has its document
  const countAll = db.select({ n: count() }).from(payments).prepare();
  const money = moneyOf(formats);
  const iso = isoOf(formats);
  const [createdAt, amount, currency, approvalCode, reference] = [
    chosen.at('created_at'),
    chosen.at('amount'),
    chosen.at('currency'),
    chosen.at('approval_code'),
    chosen.at('reference'),
  ] as const;
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => (isAllTime(range) ? countAll.get() : counter.get(bounds(range)))?.n ?? 0,
    (row) => {
      row[createdAt] = iso(row[createdAt] ?? null);
      row[amount] = money(row[amount] ?? null, row[currency]);
      row[approvalCode] = guard(row[approvalCode] ?? null);
      row[reference] = guard(row[reference] ?? null);
    },
  );
};

/** The figures of a stored Z report (JSON) the shift export shows, in column order; none for a shift still open. */
const Z_FIGURES = [
  'salesCount',
  'salesTotalMinor',
  'refundsCount',
  'refundsTotalMinor',
  'discountsMinor',
  'paidInMinor',
  'paidOutMinor',
  'noSales',
  'cashRoundingMinor',
] as const;

const shiftsReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(shifts.openedAt, p('from')), lt(shifts.openedAt, p('until')));
  // the Z figures are filled from the stored report (JSON) when a row is finished
  const zCell = sql<null>`NULL`;
  const chosen = selection(
    {
      shift_id: shifts.id,
      terminal_id: shifts.terminalId,
      opened_at: shifts.openedAt,
      opened_by: shifts.openedBy,
      opened_by_name: staff.name,
      opening_float_minor: shifts.openingFloatMinor,
      closed_at: shifts.closedAt,
      closed_by: shifts.closedBy,
      closed_by_name: closer.name,
      z_number: shifts.zNumber,
      sales_count: zCell,
      sales_total_minor: zCell,
      refunds_count: zCell,
      refunds_total_minor: zCell,
      discounts_minor: zCell,
      paid_in_minor: zCell,
      paid_out_minor: zCell,
      no_sales: zCell,
      cash_rounding_minor: zCell,
      expected_cash_minor: shifts.expectedCashMinor,
      counted_cash_minor: shifts.countedCashMinor,
      over_short_minor: shifts.overShortMinor,
      over_short: shifts.overShortMinor,
    },
    { zReport: shifts.zReport },
    [
      { column: shifts.openedAt, first: FIRST_NUMBER },
      { column: shifts.id, first: FIRST_TEXT },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(shifts)
      .leftJoin(staff, eq(staff.id, shifts.openedBy))
      .leftJoin(closer, eq(closer.id, shifts.closedBy))
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(shifts).where(inRange).prepare();
  const money = moneyOf(formats);
  const iso = isoOf(formats);
  const [openedAt, openedByName, closedAt, closedByName, firstZ, overShort, zReport] = [
    chosen.at('opened_at'),
    chosen.at('opened_by_name'),
    chosen.at('closed_at'),
    chosen.at('closed_by_name'),
    chosen.at('sales_count'),
    chosen.at('over_short'),
    chosen.at('zReport'),
  ] as const;
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => counter.get(bounds(range))?.n ?? 0,
    (row) => {
      row[openedAt] = iso(row[openedAt] ?? null);
      row[openedByName] = guard(row[openedByName] ?? null);
      row[closedAt] = iso(row[closedAt] ?? null);
      row[closedByName] = guard(row[closedByName] ?? null);
      row[overShort] = money(row[overShort] ?? null);
      const report = row[zReport];
      if (typeof report === 'string' && report) {
        const z = JSON.parse(report) as Record<string, unknown>;
        Z_FIGURES.forEach((key, i) => {
          const value = z[key];
          row[firstZ + i] = typeof value === 'number' ? value : null;
        });
      }
    },
  );
};

const stockMovementsReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(stockMovements.createdAt, p('from')), lt(stockMovements.createdAt, p('until')));
  const chosen = selection(
    {
      movement_id: stockMovements.id,
      created_at: stockMovements.createdAt,
      product_id: stockMovements.productId,
      sku: products.sku,
      name: products.name,
      delta: stockMovements.delta,
      reason: stockMovements.reason,
      note: stockMovements.note,
      sale_id: stockMovements.saleId,
      sale_line_id: stockMovements.saleLineId,
      batch_id: stockMovements.batchId,
      staff_id: stockMovements.staffId,
    },
    {},
    [
      { column: stockMovements.createdAt, first: FIRST_NUMBER },
      { column: stockMovements.id, first: FIRST_TEXT },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(stockMovements)
      .leftJoin(products, eq(products.id, stockMovements.productId))
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(stockMovements).where(inRange).prepare();
  const iso = isoOf(formats);
  const [createdAt, name, note] = [chosen.at('created_at'), chosen.at('name'), chosen.at('note')] as const;
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => counter.get(bounds(range))?.n ?? 0,
    (row) => {
      row[createdAt] = iso(row[createdAt] ?? null);
      row[name] = guard(row[name] ?? null);
      row[note] = guard(row[note] ?? null);
    },
  );
};

/** The products in the import format (src/shared/productCsv.ts): a file exported here imports back. */
const productsReader: KindFactory = (db, range, _formats, limit) => {
  // one product's barcodes in one cell, in code order (a correlated subquery: drizzle has no group_concat)
  const barcodes = sql<
    string | null
  >`(SELECT group_concat(code, ${PRODUCT_CSV_BARCODE_SEPARATOR}) FROM (SELECT ${productBarcodes.code} AS code FROM ${productBarcodes} WHERE ${productBarcodes.productId} = ${products.id} ORDER BY ${productBarcodes.code}))`;
  // named by the import format's own columns (PRODUCT_CSV_COLUMNS), in its order
  const cells = {
    sku: products.sku,
    name: products.name,
    price_minor: products.priceMinor,
    tax_class: taxClasses.name,
    category: categories.name,
    barcodes,
    sold_by_weight: csvBool(products.soldByWeight),
    tracks_stock: csvBool(products.tracksStock),
    stock_on_hand: products.stockOnHand,
    active: csvBool(products.active),
  } satisfies Record<ProductCsvColumn, Selected>;
  const chosen = selection(cells, {}, [{ column: products.sku, first: FIRST_TEXT }]);
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(products)
      .leftJoin(taxClasses, eq(taxClasses.id, products.taxClassId))
      .leftJoin(categories, eq(categories.id, products.categoryId))
      .where(chosen.after)
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const guarded = [chosen.at('name'), chosen.at('tax_class'), chosen.at('category')];
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => db.select({ n: count() }).from(products).get()?.n ?? 0,
    (row) => {
      for (const at of guarded) row[at] = guard(row[at] ?? null);
    },
  );
};

const membersReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(members.joinedAt, p('from')), lt(members.joinedAt, p('until')));
  const chosen = selection(
    {
      member_id: members.id,
      card_number: members.cardNumber,
      name: members.name,
      email: members.email,
      phone: members.phone,
      tier: members.tier,
      tier_since: members.tierSince,
      active: csvBool(members.active),
      points_balance: members.pointsBalance,
      joined_at: members.joinedAt,
      updated_at: members.updatedAt,
      erased_at: members.erasedAt,
    },
    {},
    [
      { column: members.joinedAt, first: FIRST_NUMBER },
      { column: members.id, first: FIRST_TEXT },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(members)
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(members).where(inRange).prepare();
  const iso = isoOf(formats);
  const texts = [chosen.at('name'), chosen.at('email'), chosen.at('phone')];
  const instants = [chosen.at('tier_since'), chosen.at('joined_at'), chosen.at('updated_at'), chosen.at('erased_at')];
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => counter.get(bounds(range))?.n ?? 0,
    (row) => {
      for (const at of texts) row[at] = guard(row[at] ?? null);
      for (const at of instants) row[at] = iso(row[at] ?? null);
    },
  );
};

const pointsLedgerReader: KindFactory = (db, range, formats, limit) => {
  // the ledger has no index on `at`: it is walked in seq order (its append order) and filtered
  const inRange = and(gte(pointsLedger.at, p('from')), lt(pointsLedger.at, p('until')));
  const chosen = selection(
    {
      seq: pointsLedger.seq,
      entry_id: pointsLedger.id,
      at: pointsLedger.at,
      member_id: pointsLedger.memberId,
      kind: pointsLedger.kind,
      points: pointsLedger.points,
      balance_after: pointsLedger.balanceAfter,
      sale_id: pointsLedger.saleId,
      transfer_id: pointsLedger.transferId,
      reason: pointsLedger.reason,
      staff_id: pointsLedger.staffId,
      approved_by: pointsLedger.approvedBy,
      terminal_id: pointsLedger.terminalId,
    },
    {},
    [{ column: pointsLedger.seq, first: FIRST_NUMBER }],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(pointsLedger)
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(pointsLedger).where(inRange).prepare();
  const iso = isoOf(formats);
  const [at, reason] = [chosen.at('at'), chosen.at('reason')] as const;
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => counter.get(bounds(range))?.n ?? 0,
    (row) => {
      row[at] = iso(row[at] ?? null);
      row[reason] = guard(row[reason] ?? null);
    },
  );
};

const auditLogReader: KindFactory = (db, range, formats, limit) => {
  const inRange = and(gte(auditLog.at, p('from')), lt(auditLog.at, p('until')));
  const chosen = selection(
    {
      audit_id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actor_staff_id: auditLog.actorStaffId,
      actor_name: staff.name,
      approver_staff_id: auditLog.approverStaffId,
      approver_name: approver.name,
      entity: auditLog.entity,
      entity_id: auditLog.entityId,
      details: auditLog.details,
    },
    {},
    [
      { column: auditLog.at, first: FIRST_NUMBER },
      { column: auditLog.id, first: FIRST_TEXT },
    ],
  );
  const rowsAfter = rawRows(
    db,
    db
      .select(chosen.fields)
      .from(auditLog)
      .leftJoin(staff, eq(staff.id, auditLog.actorStaffId))
      .leftJoin(approver, eq(approver.id, auditLog.approverStaffId))
      .where(and(inRange, chosen.after))
      .orderBy(...chosen.orderBy)
      .limit(limit),
  );
  const counter = db.select({ n: count() }).from(auditLog).where(inRange).prepare();
  const iso = isoOf(formats);
  const at = chosen.at('at');
  const texts = [chosen.at('actor_name'), chosen.at('approver_name'), chosen.at('details')];
  return chunkedReader(
    range,
    chosen,
    rowsAfter,
    () => counter.get(bounds(range))?.n ?? 0,
    (row) => {
      row[at] = iso(row[at] ?? null);
      for (const i of texts) row[i] = guard(row[i] ?? null);
    },
  );
};

/** Each export kind's reader. */
export const EXPORT_READERS: Record<ExportKind, KindFactory> = {
  sales: documentsReader('sale'),
  sale_lines: saleLinesReader,
  payments: paymentsReader,
  refunds: documentsReader('refund'),
  shifts: shiftsReader,
  stock_movements: stockMovementsReader,
  products: productsReader,
  members: membersReader,
  points_ledger: pointsLedgerReader,
  audit_log: auditLogReader,
};
