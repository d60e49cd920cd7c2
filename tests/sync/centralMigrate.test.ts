import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import {
  CentralDatabaseTooNewError,
  CentralSchemaMismatchError,
  centralMigrations,
  centralSchemaVersion,
  MIGRATIONS_TABLE,
  migrateCentral,
} from '../../electron/core/sync/central/migrate';
import { connect, freshDatabase } from './pg';

// `ringup central migrate` and the central schema, against a real PostgreSQL (tests/sync/pg.ts).

const TAGS = centralMigrations.map((m) => m.tag);
const LATEST = centralMigrations.length;

const TABLES = [
  'stores',
  'terminals',
  'staff',
  'events',
  'sync_conflicts',
  'shifts',
  'sales',
  'sale_lines',
  'payments',
  'cash_movements',
  'sale_voids',
  'stock_movements',
  'stock_levels',
  'members',
  'points_ledger',
  'tax_classes',
  'categories',
  'products',
  'product_barcodes',
  MIGRATIONS_TABLE,
].sort();

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = await connect(url);
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

/** One terminal of one store, registered as the push will (its secret's hash only). */
async function registerTerminal(url: string, terminalId = 'T-00A1B2'): Promise<void> {
  await query(url, "INSERT INTO stores (id, name, created_at) VALUES ('store-1', 'High Street', 1) ON CONFLICT DO NOTHING");
  await query(url, 'INSERT INTO terminals (id, store_id, secret_hash, registered_at) VALUES ($1, $2, $3, $4)', [
    terminalId,
    'store-1',
    `sha256:${'ab'.repeat(32)}`,
    2,
  ]);
}

const INSERT_EVENT = `INSERT INTO events (id, terminal_id, seq, topic, entity_id, payload, created_at, received_at)
  VALUES ($1, $2, $3, 'shift.opened', 'sh-1', $4, 10, 20) ON CONFLICT (id) DO NOTHING RETURNING id`;

describe('central migrations', () => {
  it('are numbered 0..n-1 in order, each with statements and its own test file (tests/sync/migrations/<tag>.test.ts)', () => {
    expect(centralMigrations.map((m) => m.idx)).toEqual(centralMigrations.map((_, i) => i));
    expect([...TAGS].sort()).toEqual(TAGS);
    for (const m of centralMigrations) expect(m.statements.length, m.tag).toBeGreaterThan(0);
    const files = readdirSync(join(dirname(new URL(import.meta.url).pathname), 'migrations'));
    expect(TAGS.filter((tag) => !files.includes(`${tag}.test.ts`))).toEqual([]);
  });

  it('bring an empty database to the latest schema: every table, key and trigger; a second run applies nothing', async () => {
    const url = await freshDatabase('empty');
    expect(await migrateCentral(url)).toEqual({ from: 0, to: LATEST, applied: TAGS });

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(TABLES);
    const withoutKey = await query<{ table_name: string }>(
      url,
      `SELECT t.table_name FROM information_schema.tables t WHERE t.table_schema = 'public' AND NOT EXISTS (
         SELECT 1 FROM information_schema.table_constraints c
         WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')`,
    );
    expect(withoutKey).toEqual([]);

    // the keys that make re-applying an event a no-op, and the natural ones per terminal
    const indexes = new Map(
      (
        await query<{ indexname: string; indexdef: string }>(url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
      ).map((r) => [r.indexname, r.indexdef.replace('public.', '')]),
    );
    expect(indexes.get('events_pkey')).toBe('CREATE UNIQUE INDEX events_pkey ON events USING btree (id)');
    expect(indexes.get('events_terminal_seq_uq')).toBe(
      'CREATE UNIQUE INDEX events_terminal_seq_uq ON events USING btree (terminal_id, seq)',
    );
    expect(indexes.get('sales_receipt_uq')).toBe('CREATE UNIQUE INDEX sales_receipt_uq ON sales USING btree (terminal_id, receipt_no)');
    expect(indexes.get('shifts_z_number_uq')).toBe('CREATE UNIQUE INDEX shifts_z_number_uq ON shifts USING btree (terminal_id, z_number)');
    expect(indexes.get('sale_lines_no_uq')).toBe('CREATE UNIQUE INDEX sale_lines_no_uq ON sale_lines USING btree (sale_id, line_no)');
    expect(indexes.get('stock_levels_pk')).toBe('CREATE UNIQUE INDEX stock_levels_pk ON stock_levels USING btree (store_id, product_id)');
    expect(indexes.get('products_sku_uq')).toBe('CREATE UNIQUE INDEX products_sku_uq ON products USING btree (sku)');
    expect(indexes.get('product_barcodes_pkey')).toBe('CREATE UNIQUE INDEX product_barcodes_pkey ON product_barcodes USING btree (code)');
    for (const table of ['tax_classes', 'categories', 'products', 'members'])
      expect(indexes.get(`${table}_change_seq_uq`), table).toBe(
        `CREATE UNIQUE INDEX ${table}_change_seq_uq ON ${table} USING btree (change_seq)`,
      );
    // every document row of a terminal is keyed by the id the terminal made
    for (const table of ['sales', 'sale_lines', 'payments', 'shifts', 'cash_movements', 'stock_movements', 'points_ledger', 'members'])
      expect(indexes.get(`${table}_pkey`), table).toBe(`CREATE UNIQUE INDEX ${table}_pkey ON ${table} USING btree (id)`);

    // money in bigint minor units, times in bigint epoch ms, ids as text — as on the terminal
    const columns = await query<{ table_name: string; column_name: string; data_type: string }>(
      url,
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1",
      [MIGRATIONS_TABLE],
    );
    const wrong = columns.filter(
      (c) =>
        ((c.column_name.endsWith('_minor') || c.column_name.endsWith('_at') || c.column_name === 'at') && c.data_type !== 'bigint') ||
        ((c.column_name === 'id' || c.column_name.endsWith('_id')) && c.data_type !== 'text'),
    );
    expect(wrong).toEqual([]);
    expect(
      columns
        .filter((c) => c.data_type === 'jsonb')
        .map((c) => `${c.table_name}.${c.column_name}`)
        .sort(),
    ).toEqual(['events.payload', 'shifts.z_report', 'staff.roles', 'sync_conflicts.details']);

    const triggers = await query<{ n: string }>(
      url,
      "SELECT count(*) AS n FROM information_schema.triggers WHERE trigger_schema = 'public' AND trigger_name LIKE '%change_seq'",
    );
    // INSERT and UPDATE of each of the four pulled tables
    expect(Number(triggers[0]?.n)).toBe(8);

    const before = await query(url, `SELECT idx, tag, hash, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY idx`);
    expect(before.map((r) => (r as { tag: string }).tag)).toEqual(TAGS);
    expect(await migrateCentral(url)).toEqual({ from: LATEST, to: LATEST, applied: [] });
    expect(await query(url, `SELECT idx, tag, hash, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY idx`)).toEqual(before);
  });

  it('two migrations at once (two terminals starting together): both succeed, the schema is applied once', async () => {
    const url = await freshDatabase('concurrent');
    const reports = await Promise.all([migrateCentral(url), migrateCentral(url), migrateCentral(url)]);
    expect(reports.map((r) => r.applied.length).sort((a, b) => a - b)).toEqual([0, 0, LATEST]);
    for (const r of reports) expect(r.to).toBe(LATEST);
    expect(await query(url, `SELECT tag FROM ${MIGRATIONS_TABLE} ORDER BY idx`)).toEqual(TAGS.map((tag) => ({ tag })));
  });

  it('refuses a database migrated by a newer Ringup, saying so, and changes nothing', async () => {
    const url = await freshDatabase('newer');
    await migrateCentral(url);
    await query(url, `INSERT INTO ${MIGRATIONS_TABLE} (idx, tag, hash, applied_at) VALUES ($1, '9999_from_the_future', 'x', 1)`, [LATEST]);
    const error = await migrateCentral(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CentralDatabaseTooNewError);
    expect((error as Error).message).toBe(
      `This central database was migrated by a newer version of Ringup (central schema ${LATEST + 1}: 9999_from_the_future; this app knows up to ${LATEST}). Update Ringup on this terminal before syncing with it.`,
    );
    const client = await connect(url);
    try {
      expect(await centralSchemaVersion(client)).toBe(LATEST + 1);
    } finally {
      await client.end();
    }

    // and from the command line: exit 1 with the same words, never the password
    const run = await cli('central', 'migrate', '--url', url);
    expect(run.code).toBe(1);
    expect(run.err).toContain('migrated by a newer version of Ringup');
    expect(`${run.out}${run.err}`).not.toContain(passwordOf(url));
  });

  it('refuses a database whose history is not this app’s (another migration at a step)', async () => {
    const url = await freshDatabase('mismatch');
    await query(
      url,
      `CREATE TABLE ${MIGRATIONS_TABLE} (idx integer PRIMARY KEY, tag text NOT NULL, hash text NOT NULL, applied_at bigint NOT NULL)`,
    );
    await query(url, `INSERT INTO ${MIGRATIONS_TABLE} VALUES (0, '0000_someone_else', 'x', 1)`);
    await expect(migrateCentral(url)).rejects.toBeInstanceOf(CentralSchemaMismatchError);
    expect(await query(url, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([{ n: 1 }]);
  });
});

describe('ringup central migrate', () => {
  it('migrates through the CLI (--json for scripts), then finds it up to date (RINGUP_CENTRAL_URL); the password is masked', async () => {
    const url = await freshDatabase('cli');
    const password = passwordOf(url);
    expect(password.length).toBeGreaterThan(8);
    const first = await cli('central', 'migrate', '--url', url, '--json');
    expect(first.code, first.err).toBe(0);
    const report = JSON.parse(first.out);
    expect(report).toMatchObject({ from: 0, to: LATEST, applied: TAGS });
    expect(report.url).toBe(url.replace(`:${encodeURIComponent(password)}@`, ':***@'));
    expect(`${first.out}${first.err}`).not.toContain(password);

    const saved = process.env.RINGUP_CENTRAL_URL;
    process.env.RINGUP_CENTRAL_URL = url;
    try {
      const again = await cli('central', 'migrate');
      expect(again.code).toBe(0);
      expect(again.out).toBe(`Central database ${report.url} is up to date (central schema ${LATEST}).`);
    } finally {
      if (saved === undefined) delete process.env.RINGUP_CENTRAL_URL;
      else process.env.RINGUP_CENTRAL_URL = saved;
    }
  });

  it('says in words, without the password, when the credentials are wrong or nobody listens', async () => {
    const url = await freshDatabase('cli_errors');
    const wrong = new URL(url);
    wrong.password = 'not-the-Secret-42';
    const denied = await cli('central', 'migrate', '--url', wrong.toString());
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/password authentication failed/);
    expect(`${denied.out}${denied.err}`).not.toContain('not-the-Secret-42');
    expect(denied.err).toContain(':***@');

    const nobody = new URL(url);
    nobody.port = '1'; // nothing listens on port 1 of 127.0.0.1
    const started = Date.now();
    const refused = await cli('central', 'migrate', '--url', nobody.toString());
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ECONNREFUSED/);
    expect(refused.err).not.toContain(passwordOf(url));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('explains a missing URL or a wrong action (exit 2)', async () => {
    const saved = process.env.RINGUP_CENTRAL_URL;
    delete process.env.RINGUP_CENTRAL_URL;
    try {
      const missing = await cli('central', 'migrate');
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('--url URL (or set RINGUP_CENTRAL_URL)');
      const wrong = await cli('central', 'push', '--url', 'postgres://x@127.0.0.1:1/x');
      expect(wrong.code).toBe(2);
      expect(wrong.err).toContain('ringup central migrate');
      const help = await cli('central', '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain('Usage: ringup central migrate');
    } finally {
      if (saved !== undefined) process.env.RINGUP_CENTRAL_URL = saved;
    }
  });
});

describe('the event log', () => {
  it('keeps one row when the same event id is inserted twice (ON CONFLICT DO NOTHING), and refuses another id at a taken (terminal_id, seq)', async () => {
    const url = await freshDatabase('events');
    await migrateCentral(url);
    await registerTerminal(url);
    const payload = JSON.stringify({ v: 1, shiftId: 'sh-1' });
    expect(await query(url, INSERT_EVENT, ['ev-1', 'T-00A1B2', 1, payload])).toEqual([{ id: 'ev-1' }]);
    // a re-sent batch: nothing inserted, nothing to apply
    expect(await query(url, INSERT_EVENT, ['ev-1', 'T-00A1B2', 1, payload])).toEqual([]);
    expect(await query(url, 'SELECT id, seq::int AS seq, payload FROM events')).toEqual([
      { id: 'ev-1', seq: 1, payload: { v: 1, shiftId: 'sh-1' } },
    ]);

    // another event at the same number of the same terminal: a diverged history, refused by the key
    const error = (await query(url, INSERT_EVENT, ['ev-other', 'T-00A1B2', 1, payload]).catch((e: unknown) => e)) as {
      code?: string;
      constraint?: string;
    };
    expect(error).toMatchObject({ code: '23505', constraint: 'events_terminal_seq_uq' });
    expect(await query(url, 'SELECT count(*)::int AS n FROM events')).toEqual([{ n: 1 }]);
    // the next number is fine, and another terminal has numbers of its own
    await registerTerminal(url, 'T-00C3D4');
    expect(await query(url, INSERT_EVENT, ['ev-2', 'T-00A1B2', 2, payload])).toEqual([{ id: 'ev-2' }]);
    expect(await query(url, INSERT_EVENT, ['ev-3', 'T-00C3D4', 1, payload])).toEqual([{ id: 'ev-3' }]);
    // an event from an unregistered terminal cannot land
    await expect(query(url, INSERT_EVENT, ['ev-4', 'T-UNKNWN', 1, payload])).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses a second sale at a receipt number the terminal already has, and keeps secrets out of terminals', async () => {
    const url = await freshDatabase('receipts');
    await migrateCentral(url);
    await registerTerminal(url);
    await query(
      url,
      "INSERT INTO shifts (id, store_id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES ('sh-1', 'store-1', 'T-00A1B2', 's-1', 1, 0)",
    );
    const sale = (id: string) =>
      query(
        url,
        `INSERT INTO sales (id, kind, store_id, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax,
           subtotal_minor, discount_minor, tax_minor, total_minor) VALUES ($1, 'sale', 'store-1', 'T-00A1B2', 7, 'sh-1', 's-1', 3, 'EUR', true, 500, 0, 83, 500)
         ON CONFLICT (id) DO NOTHING`,
        [id],
      );
    await sale('sale-1');
    await sale('sale-1');
    await expect(sale('sale-2')).rejects.toMatchObject({ code: '23505', constraint: 'sales_receipt_uq' });
    expect(await query(url, 'SELECT id, total_minor::int AS total FROM sales')).toEqual([{ id: 'sale-1', total: 500 }]);
    // the secret's hash, never the secret: anything else is refused
    await expect(
      query(url, "INSERT INTO terminals (id, store_id, secret_hash, registered_at) VALUES ('T-00E5F6', 'store-1', 'my-secret', 1)"),
    ).rejects.toMatchObject({ code: '23514', constraint: 'terminals_secret_hash_ck' });
  });
});
