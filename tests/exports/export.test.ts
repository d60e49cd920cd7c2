import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportsDirOf } from '../../electron/core/features/exports/exportCsv';
import { zonedIsoFormatter } from '../../electron/core/features/exports/format';
import { jobProgress } from '../../electron/core/jobs';
import { EXPORT_KINDS, type ExportCsvResult } from '../../src/shared/contract/exports';
import { PRODUCT_CSV_COLUMNS } from '../../src/shared/productCsv';
import { checksum, countRows, errorOf, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

let t: TestTerminal;

function giftCard(t: TestTerminal): string {
  const product = t.catalogue.bySku.get('SKU-029');
  if (!product) expect.fail('the fixture has no gift card');
  return product.id;
}

function sell(t: TestTerminal): { id: string; lines: { id: string }[] } {
  return okData(
    t.call(
      'sale.complete',
      {
        id: randomUUID(),
        lines: [{ productId: giftCard(t), quantity: 1 }],
        payments: [{ method: 'cash', amountMinor: 2000, tenderedMinor: 5000 }],
      },
      t.manager,
    ),
  );
}

async function exportOf(input: Record<string, unknown>): Promise<ExportCsvResult> {
  return okData<ExportCsvResult>(await t.router.invokeAsync('export.csv', input, t.manager));
}

function parseFile(file: string): string[][] {
  return parse(readFileSync(file), { bom: true }) as string[][];
}

beforeAll(async () => {
  t = await makeTerminal();
  okData(t.call('shift.open', { openingFloatMinor: 10_000 }, t.manager));
  const sales = [sell(t), sell(t), sell(t)];
  okData(
    t.call(
      'sale.refund',
      {
        id: randomUUID(),
        originalSaleId: sales[0]?.id,
        lines: [{ originalLineId: sales[0]?.lines[0]?.id, quantity: 1, restock: true }],
        payBack: 'original',
        reason: 'Changed their mind',
      },
      t.manager,
    ),
  );
  okData(t.call('shift.close', { counted: [{ denominationMinor: 1000, count: 14 }] }, t.manager));
  okData(t.call('loyalty.enroll', { name: '=Zoë "Zo" O\'Brien, 🎉', email: 'zoe@example.com' }, t.manager));
});
afterAll(() => t?.close());

describe('export.csv', () => {
  const tables: Record<(typeof EXPORT_KINDS)[number], string> = {
    sales: "SELECT count(*) AS n FROM sales WHERE kind = 'sale'",
    sale_lines: 'SELECT count(*) AS n FROM sale_lines',
    payments: 'SELECT count(*) AS n FROM payments',
    refunds: "SELECT count(*) AS n FROM sales WHERE kind = 'refund'",
    shifts: 'SELECT count(*) AS n FROM shifts',
    stock_movements: 'SELECT count(*) AS n FROM stock_movements',
    products: 'SELECT count(*) AS n FROM products',
    members: 'SELECT count(*) AS n FROM members',
    points_ledger: 'SELECT count(*) AS n FROM points_ledger',
    audit_log: 'SELECT count(*) AS n FROM audit_log',
  };

  it.each(EXPORT_KINDS)('writes %s: one header row, then one row per record, into the exports folder', async (what) => {
    const expected = (t.sqlite.prepare(tables[what]).get() as { n: number }).n;
    const result = await exportOf({ what });
    expect(result.rows).toBe(expected);
    expect(result.savedTo).toBe(join(exportsDirOf(t.file), result.fileName));
    expect(result.download).toBe(`/download/${result.fileName}`);
    const rows = parseFile(result.savedTo);
    expect(rows.length).toBe(expected + 1);
    const width = rows[0]?.length ?? 0;
    expect(width).toBeGreaterThan(3);
    for (const row of rows) expect(row.length).toBe(width);
    expect(readFileSync(result.savedTo).length).toBe(result.bytes);
    expect(readdirSync(exportsDirOf(t.file)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('writes products in the import format (src/shared/productCsv.ts), barcodes joined with ;', async () => {
    const rows = parseFile((await exportOf({ what: 'products' })).savedTo);
    expect(rows[0]).toEqual([...PRODUCT_CSV_COLUMNS]);
    const butter = rows.find((row) => row[0] === 'SKU-005');
    expect(butter?.[5]?.split(';').length).toBe(2);
    expect(butter?.[2]).toBe('299');
  });

  it('keeps quotes, commas, accents and emoji, and guards a leading = against spreadsheet formulas', async () => {
    const rows = parseFile((await exportOf({ what: 'members' })).savedTo);
    const names = rows.map((row) => row[2]);
    expect(names).toContain('\'=Zoë "Zo" O\'Brien, 🎉');
  });

  it('starts with a UTF-8 BOM only when asked, and ends rows with CRLF', async () => {
    const plain = readFileSync((await exportOf({ what: 'sales' })).savedTo);
    const withBom = readFileSync((await exportOf({ what: 'sales', bom: true })).savedTo);
    expect(plain.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(withBom.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(plain.toString('utf8').split('\r\n')[0]?.startsWith('sale_id,receipt_no')).toBe(true);
  });

  it('writes money in minor units and as a decimal, and dates with the store zone offset', async () => {
    const rows = parseFile((await exportOf({ what: 'sales' })).savedTo);
    const header = rows[0] ?? [];
    const sale = rows[1] ?? [];
    expect(sale[header.indexOf('total_minor')]).toBe('2000');
    expect(sale[header.indexOf('total')]).toBe('20.00');
    const createdAt = (t.sqlite.prepare('SELECT created_at AS at FROM sales WHERE id = ?').get(sale[0]) as { at: number }).at;
    expect(sale[header.indexOf('created_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Date.parse(sale[header.indexOf('created_at')] ?? '')).toBe(createdAt);
  });

  it('reads the time zone setting: days and offsets are the store zone', async () => {
    okData(t.call('settings.update', { timeZone: 'America/New_York' }, t.manager));
    try {
      const rows = parseFile((await exportOf({ what: 'sales' })).savedTo);
      const at = rows[1]?.[3] ?? '';
      expect(at).toMatch(/-0[45]:00$/);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(Date.now());
      expect((await exportOf({ what: 'sales', from: today, to: today })).rows).toBe(3);
      expect((await exportOf({ what: 'sales', to: '2000-01-01' })).rows).toBe(0);
    } finally {
      okData(t.call('settings.update', { timeZone: 'UTC' }, t.manager));
    }
  });

  it('formats instants with the offset of their own day (DST) in the zone', () => {
    const iso = zonedIsoFormatter('Europe/Berlin');
    expect(iso(Date.UTC(2026, 0, 15, 12, 0, 0, 5))).toBe('2026-01-15T13:00:00.005+01:00');
    expect(iso(Date.UTC(2026, 6, 15, 12, 0, 0))).toBe('2026-07-15T14:00:00.000+02:00');
    expect(zonedIsoFormatter('Asia/Kathmandu')(Date.UTC(2026, 0, 1, 0, 0))).toBe('2026-01-01T05:45:00.000+05:45');
    expect(iso(null)).toBe('');
  });

  it('audits the export (what, range, rows) but none of the data', async () => {
    const before = countRows(t.sqlite, 'audit_log', "action = 'export.csv'");
    const result = await exportOf({ what: 'payments', from: '2020-01-01' });
    expect(countRows(t.sqlite, 'audit_log', "action = 'export.csv'")).toBe(before + 1);
    const row = t.sqlite
      .prepare("SELECT actor_staff_id AS actor, details FROM audit_log WHERE action = 'export.csv' ORDER BY at DESC, id DESC LIMIT 1")
      .get() as {
      actor: string;
      details: string;
    };
    expect(row.actor).toBe(t.managerId);
    expect(JSON.parse(row.details)).toEqual({
      what: 'payments',
      from: '2020-01-01',
      to: null,
      rows: result.rows,
      fileName: result.fileName,
      via: 'app',
    });
  });

  it('reports progress under its job id, and is done at the end', async () => {
    const jobId = randomUUID();
    const result = await exportOf({ what: 'audit_log', jobId });
    const progress = jobProgress(jobId, t.manager);
    expect(progress).toMatchObject({ state: 'done', channel: 'export.csv', done: result.rows, cancellable: true });
  });

  it('refuses a cashier and changes nothing', async () => {
    const before = checksum(t.sqlite);
    errorOf(await t.router.invokeAsync('export.csv', { what: 'sales' }, t.cashier), 'FORBIDDEN');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('writes to the file the save dialog chose, and a closed dialog is CANCELLED and changes nothing', async () => {
    const chosen = t.temp.path('chosen.csv');
    const asked: string[] = [];
    const ctx = t.terminal.ctx;
    ctx.files = {
      chooseSaveFile: async (name) => {
        asked.push(name);
        return asked.length === 1 ? chosen : null;
      },
    };
    try {
      const result = await exportOf({ what: 'sales' });
      expect(result).toMatchObject({ savedTo: chosen, fileName: 'chosen.csv', download: null, rows: 3 });
      expect(asked[0]).toMatch(/^ringup-sales-\d{8}T\d{9}\.csv$/);
      expect(existsSync(chosen)).toBe(true);
      const before = checksum(t.sqlite);
      errorOf(await t.router.invokeAsync('export.csv', { what: 'sales' }, t.manager), 'CANCELLED');
      expect(checksum(t.sqlite)).toBe(before);
    } finally {
      delete ctx.files;
    }
  });
});
