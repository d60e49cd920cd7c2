// The raw baselines of the push (bench/sync.bench.ts part 1): the rows a push left in central
// database #1 — the events and every row apply.ts built from them — read back, then loaded into
// empty migrated databases with plain `pg`, timing only the load:
//   copy    — one COPY … FROM STDIN per table (pg-copy-streams), in one transaction: the floor;
//   insert  — a transaction per push batch (the same events per batch as the push), holding one
//             multi-row INSERT per table (split only at PostgreSQL's bind-parameter limit) of the
//             rows that batch's events gave, and the stock_levels upsert of the batch's movements.
import type pg from 'pg';
import { backendPids, connect, copyIn, copyOut, cpuSecondsSince, serverCpuSeconds } from './sync-pg';

/**
 * Central's tables a push writes, parents before children (the foreign keys), and how a row finds
 * the event that made it: a key looked up in `src` (built from the events below; null: the first
 * batch — the store and terminal rows of the registration).
 */
const TABLES: { table: string; key: string | null; seq?: string }[] = [
  { table: 'stores', key: null },
  { table: 'terminals', key: null },
  { table: 'staff', key: "'staff:' || t.id" },
  { table: 'shifts', key: "'shift:' || t.id" },
  { table: 'events', key: null, seq: 't.seq' },
  { table: 'sales', key: "'sale:' || t.id" },
  { table: 'sale_lines', key: "'sale:' || t.sale_id" },
  { table: 'payments', key: "'sale:' || t.sale_id" },
  { table: 'cash_movements', key: "'cash:' || t.id" },
  { table: 'sale_voids', key: "'void:' || t.id" },
  {
    table: 'stock_movements',
    key: null,
    seq: `coalesce((SELECT seq FROM src WHERE k = 'sale:' || t.sale_id), (SELECT seq FROM src WHERE k = 'move:' || t.id),
      (SELECT seq FROM src WHERE k = 'event:' || t.batch_id))`,
  },
  { table: 'tax_classes', key: "'tax:' || t.id" },
  { table: 'categories', key: "'cat:' || t.id" },
  { table: 'products', key: "'product:' || t.id" },
  { table: 'product_barcodes', key: "'product:' || t.product_id" },
  { table: 'members', key: "'member:' || t.id" },
  { table: 'points_ledger', key: "'ledger:' || t.id" },
  { table: 'sync_conflicts', key: "'event:' || t.event_id" },
];

// every key an event gives the rows it makes (first event of a key wins: the row's batch)
const SOURCES = `CREATE TEMP TABLE src AS
SELECT k, min(seq) AS seq FROM (
  SELECT CASE
    WHEN topic IN ('sale.completed', 'refund.completed') THEN 'sale:' || (payload->>'id')
    WHEN topic = 'points.moved' THEN 'ledger:' || (payload->>'id')
    WHEN topic IN ('member.upserted', 'member.erased') THEN 'member:' || (payload->>'id')
    WHEN topic = 'shift.opened' THEN 'shift:' || (payload->>'shiftId')
    WHEN topic IN ('taxClass.upserted', 'taxClass.deleted') THEN 'tax:' || (payload->>'id')
    WHEN topic IN ('category.upserted', 'category.deleted') THEN 'cat:' || (payload->>'id')
    WHEN topic = 'product.upserted' THEN 'product:' || (payload->>'id')
    WHEN topic = 'staff.upserted' THEN 'staff:' || (payload->>'id')
    WHEN topic = 'stock.moved' THEN 'move:' || (payload->>'id')
    WHEN topic = 'cash.movement' THEN 'cash:' || (payload->>'id')
    WHEN topic = 'sale.voided' THEN 'void:' || id
  END AS k, seq FROM events
  UNION ALL SELECT 'product:' || (p->>'id'), seq FROM events, jsonb_array_elements(payload->'products') p WHERE topic = 'catalog.imported'
  UNION ALL SELECT 'event:' || id, seq FROM events
) m WHERE k IS NOT NULL GROUP BY k`;

interface TableData {
  table: string;
  columns: string[];
  /** every value as the server's text (null stays null) */
  rows: (string | null)[][];
  /** the push batch (0-based) each row came with */
  batches: number[];
  /** COPY text of the same rows */
  copy: Buffer[];
}

export interface PushedRows {
  tables: TableData[];
  /** the final stock_levels rows (COPY text), for the COPY way; the INSERT way upserts them per batch */
  stockLevels: { columns: string[]; copy: Buffer[]; rows: number };
  batchCount: number;
  /** rows per table in database #1 */
  counts: Record<string, number>;
  /** rows no event could be found for (put in the first batch) */
  unmatched: number;
}

const q = (name: string) => `"${name}"`;

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'change_seq' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** Read back what the push wrote into database #1 (not timed). */
export async function readPushedRows(url: string, batchSize: number): Promise<PushedRows> {
  const client = await connect(url, { text: true });
  try {
    await client.query(SOURCES);
    await client.query('CREATE INDEX ON src (k)');
    await client.query('ANALYZE src');
    const tables: TableData[] = [];
    const counts: Record<string, number> = {};
    let unmatched = 0;
    let batchCount = 1;
    for (const spec of TABLES) {
      const columns = await columnsOf(client, spec.table);
      const list = columns.map((c) => `t.${q(c)}`).join(', ');
      const seq = spec.seq ?? (spec.key ? `(SELECT seq FROM src WHERE k = ${spec.key})` : '1');
      const result = await client.query({ text: `SELECT ${list}, ${seq} AS __seq FROM ${q(spec.table)} t ORDER BY 1`, rowMode: 'array' });
      const rows: (string | null)[][] = [];
      const batches: number[] = [];
      for (const row of result.rows as (string | null)[][]) {
        const at = row.pop();
        if (at === null || at === undefined) unmatched += 1;
        const batch = at ? Math.floor((Number(at) - 1) / batchSize) : 0;
        batchCount = Math.max(batchCount, batch + 1);
        rows.push(row);
        batches.push(batch);
      }
      counts[spec.table] = rows.length;
      const copy = await copyOut(client, `COPY (SELECT ${columns.map(q).join(', ')} FROM ${q(spec.table)}) TO STDOUT`);
      tables.push({ table: spec.table, columns, rows, batches, copy });
    }
    const levelColumns = await columnsOf(client, 'stock_levels');
    const stockCopy = await copyOut(client, `COPY (SELECT ${levelColumns.map(q).join(', ')} FROM stock_levels) TO STDOUT`);
    counts.stock_levels = Number((await client.query('SELECT count(*) AS n FROM stock_levels')).rows[0]?.n ?? 0);
    return {
      tables,
      stockLevels: { columns: levelColumns, copy: stockCopy, rows: counts.stock_levels ?? 0 },
      batchCount,
      counts,
      unmatched,
    };
  } finally {
    await client.end();
  }
}

export interface LoadFigures {
  seconds: number;
  /** this process's CPU seconds during the load */
  clientCpuSeconds: number;
  /** the server backend's CPU seconds (null: the server is not on this machine) */
  serverCpuSeconds: number | null;
  transactions: number;
  statements: number;
}

async function timedLoad(adminUrl: string, url: string, application: string, load: (client: pg.Client) => Promise<number>) {
  const client = await connect(url, { application });
  try {
    const [pid] = await backendPids(adminUrl, url, application);
    const serverBefore = pid === undefined ? null : serverCpuSeconds([pid]);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const statements = await load(client);
    const seconds = (performance.now() - started) / 1000;
    const clientCpuSeconds = cpuSecondsSince(cpu);
    const serverAfter = pid === undefined ? null : serverCpuSeconds([pid]);
    return {
      seconds,
      clientCpuSeconds,
      serverCpuSeconds: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
      statements,
    };
  } finally {
    await client.end();
  }
}

/** (a) one COPY per table in one transaction. */
export async function loadByCopy(adminUrl: string, url: string, data: PushedRows): Promise<LoadFigures> {
  const figures = await timedLoad(adminUrl, url, 'ringup-bench-copy', async (client) => {
    let statements = 0;
    await client.query('BEGIN');
    for (const t of data.tables) {
      if (t.rows.length === 0) continue;
      await copyIn(client, `COPY ${q(t.table)} (${t.columns.map(q).join(', ')}) FROM STDIN`, t.copy);
      statements += 1;
      // stock levels after the movements, as the push writes them
      if (t.table === 'stock_movements' && data.stockLevels.rows > 0) {
        await copyIn(client, `COPY stock_levels (${data.stockLevels.columns.map(q).join(', ')}) FROM STDIN`, data.stockLevels.copy);
        statements += 1;
      }
    }
    await client.query('COMMIT');
    return statements + 2;
  });
  return { ...figures, transactions: 1 };
}

const MAX_PARAMETERS = 60_000;

/** (b) a transaction per push batch, one multi-row INSERT per table (and the stock_levels upsert). */
export async function loadByInserts(adminUrl: string, url: string, data: PushedRows): Promise<LoadFigures> {
  // rows grouped by batch beforehand (the push reads its batch from the outbox in one query too)
  const byBatch = data.tables.map((t) => {
    const groups: (string | null)[][][] = Array.from({ length: data.batchCount }, () => []);
    t.rows.forEach((row, i) => {
      groups[t.batches[i] ?? 0]?.push(row);
    });
    return { ...t, groups };
  });
  const movements = byBatch.find((t) => t.table === 'stock_movements');
  const at = (name: string) => movements?.columns.indexOf(name) ?? -1;
  const [storeAt, productAt, deltaAt, createdAt] = [at('store_id'), at('product_id'), at('delta'), at('created_at')];
  const figures = await timedLoad(adminUrl, url, 'ringup-bench-insert', async (client) => {
    let statements = 0;
    const insert = async (table: string, columns: string[], rows: (string | null)[][], suffix = '') => {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      for (let first = 0; first < rows.length; first += perStatement) {
        const chunk = rows.slice(first, first + perStatement);
        const values: (string | null)[] = [];
        const tuples: string[] = [];
        for (const row of chunk) {
          const start = values.length;
          tuples.push(`(${row.map((_, k) => `$${start + k + 1}`).join(', ')})`);
          values.push(...row);
        }
        await client.query(`INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${tuples.join(', ')}${suffix}`, values);
        statements += 1;
      }
    };
    for (let batch = 0; batch < data.batchCount; batch++) {
      await client.query('BEGIN');
      for (const t of byBatch) {
        const rows = t.groups[batch] ?? [];
        if (rows.length === 0) continue;
        await insert(t.table, t.columns, rows);
        if (t === movements) {
          // stock per store moved by the batch's sum, as apply.ts does
          const sums = new Map<string, [string, string, number, number]>();
          for (const m of rows) {
            const key = `${m[storeAt]}\u0000${m[productAt]}`;
            const sum = sums.get(key) ?? [String(m[storeAt]), String(m[productAt]), 0, 0];
            sum[2] += Number(m[deltaAt]);
            sum[3] = Math.max(sum[3], Number(m[createdAt]));
            sums.set(key, sum);
          }
          await insert(
            'stock_levels',
            ['store_id', 'product_id', 'on_hand', 'updated_at'],
            [...sums.values()].map(([s, p, d, u]) => [s, p, String(d), String(u)]),
            ' ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = greatest(stock_levels.updated_at, excluded.updated_at)',
          );
        }
      }
      await client.query('COMMIT');
      statements += 2;
    }
    return statements;
  });
  return { ...figures, transactions: data.batchCount };
}

/** Rows per table, the stock on hand and the points balances: what a load must agree on with database #1. */
export async function centralFingerprint(url: string): Promise<Record<string, string>> {
  const client = await connect(url, { text: true });
  try {
    const out: Record<string, string> = {};
    for (const { table } of [...TABLES, { table: 'stock_levels' }])
      out[table] = String((await client.query(`SELECT count(*) AS n FROM ${q(table)}`)).rows[0]?.n);
    out['sum(stock_levels.on_hand)'] = String((await client.query('SELECT coalesce(sum(on_hand), 0) AS s FROM stock_levels')).rows[0]?.s);
    out['sum(members.points_balance)'] = String(
      (await client.query('SELECT coalesce(sum(points_balance), 0) AS s FROM members')).rows[0]?.s,
    );
    out['sum(sales.total_minor)'] = String((await client.query('SELECT coalesce(sum(total_minor), 0) AS s FROM sales')).rows[0]?.s);
    return out;
  } finally {
    await client.end();
  }
}
