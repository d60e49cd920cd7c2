import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sqlite } from '../../electron/core/db/open';
import { exportsDirOf, exportToFile } from '../../electron/core/features/exports/exportCsv';
import { cancelJob, detachedJob, jobProgress } from '../../electron/core/jobs';
import { openTerminal } from '../../electron/core/terminal';
import type { ExportCsvResult } from '../../src/shared/contract/exports';
import { checksum, countRows, errorOf, makeTempDir, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';
import { seedSales } from './seedSales';

// Correctness at 100,000 sale lines (CI-sized: seeding, exporting and parsing a million takes
// ~1 min on a 2-core runner; `npm run bench:export` does the million and measures it).
const LINES = 100_000;
const LINES_PER_SALE = 5;
const TRICKY_NAMES = [
  'Plain name',
  'Crème "fraîche", 20 cl',
  'Two\nlines',
  'Windows\r\nline end',
  'Émoji 🍦🧀 and ß',
  ' leading and trailing space ',
  '"quoted"',
  'semi;colon, comma',
  '',
];

let t: TestTerminal;

function seedSaleLines(sqlite: Sqlite, staffId: string, lines: number): void {
  const start = Date.UTC(2026, 0, 1);
  seedSales(sqlite, staffId, {
    sales: lines / LINES_PER_SALE,
    // several sales share a millisecond, as at a busy till: the keyset must not skip or repeat them
    createdAt: (s) => start + Math.floor(s / 3) * 1000,
    linesOf: (s) =>
      Array.from({ length: LINES_PER_SALE }, (_, l) => {
        const n = s * LINES_PER_SALE + l;
        const name = TRICKY_NAMES[n % TRICKY_NAMES.length] ?? '';
        return { sku: `SKU-${n % 977}`, name, quantity: 1 + (n % 3), amountMinor: ((s * 7 + l * 13) % 5000) + 1 };
      }),
  });
}

beforeAll(async () => {
  t = await makeTerminal({ catalogue: false });
  seedSaleLines(t.sqlite, t.managerId, LINES);
}, 60_000);
afterAll(() => t?.close());

describe('export.csv at scale', () => {
  it(`exports ${LINES.toLocaleString('en')} sale lines: rows, totals and every text parse back as in the database`, async () => {
    const result = okData<ExportCsvResult>(await t.router.invokeAsync('export.csv', { what: 'sale_lines', bom: true }, t.manager));
    expect(result.rows).toBe(LINES);
    const rows = parse(readFileSync(result.savedTo), { bom: true }) as string[][];
    const [header, ...records] = rows;
    expect(records.length).toBe(LINES);
    const col = (name: string) => (header ?? []).indexOf(name);
    const expected = t.sqlite.prepare('SELECT id, name, total_minor AS totalMinor, quantity FROM sale_lines').all() as {
      id: string;
      name: string;
      totalMinor: number;
      quantity: number;
    }[];
    const byId = new Map(expected.map((line) => [line.id, line]));
    let totalMinor = 0;
    for (const record of records) {
      const line = byId.get(record[col('line_id')] ?? '');
      if (!line) expect.fail(`line ${record[col('line_id')]} is not in the database`);
      expect(record[col('name')]).toBe(line.name);
      expect(Number(record[col('quantity')])).toBe(line.quantity);
      totalMinor += Number(record[col('total_minor')]);
      byId.delete(line.id);
    }
    // every line exactly once
    expect(byId.size).toBe(0);
    // a cell holding a lone LF or CR is quoted too: a reader that ends records at any line break
    // (spreadsheets, Python's csv) must see the same records
    const anyBreak = parse(readFileSync(result.savedTo), { bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    expect(anyBreak.length).toBe(LINES + 1);
    expect(anyBreak.map((row) => row[col('name')])).toEqual(rows.map((row) => row[col('name')]));
    const sum = (t.sqlite.prepare('SELECT sum(total_minor) AS s FROM sale_lines').get() as { s: number }).s;
    expect(totalMinor).toBe(sum);
  }, 60_000);

  it('stops on cancel: CANCELLED, no file (not even a partial one), nothing audited', async () => {
    const jobId = randomUUID();
    const before = checksum(t.sqlite);
    const audited = countRows(t.sqlite, 'audit_log');
    const pending = t.router.invokeAsync('export.csv', { what: 'sale_lines', jobId }, t.manager);
    // wait until the worker has written its first chunks, then cancel
    for (let i = 0; i < 500; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (jobProgress(jobId, t.manager).done > 0) break;
    }
    cancelJob(jobId, t.manager);
    errorOf(await pending, 'CANCELLED');
    expect(jobProgress(jobId, t.manager).state).toBe('cancelled');
    expect(readdirSync(exportsDirOf(t.file)).filter((name) => name.includes('sale-lines') && name.endsWith('.part'))).toEqual([]);
    expect(countRows(t.sqlite, 'audit_log')).toBe(audited);
    expect(checksum(t.sqlite)).toBe(before);
  }, 60_000);

  it('keeps the till selling during an export: the writer commits while the worker reads', async () => {
    const pending = t.router.invokeAsync('export.csv', { what: 'sale_lines' }, t.manager);
    const started = performance.now();
    let commits = 0;
    // a write transaction every few ms on the main thread while the export runs in its worker
    const insert = t.sqlite.prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES ('exportProbe', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    let worst = 0;
    let done = false;
    void pending.then(() => {
      done = true;
    });
    while (!done && performance.now() - started < 30_000) {
      const at = performance.now();
      insert.run(String(commits), Date.now());
      worst = Math.max(worst, performance.now() - at);
      commits++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    okData(await pending);
    expect(commits).toBeGreaterThan(5);
    // a reader in another thread never holds a lock the writer waits for (WAL): no commit came near
    // the busy timeout, which is what a lock wait would cost (a timing bound tighter than that
    // would fail on a slow machine, not on a blocked writer)
    expect(worst).toBeLessThan(2_500);
  }, 60_000);
});

describe('read tasks on an in-memory database', () => {
  it('run inline (it cannot be opened twice) and give the same file', async () => {
    const temp = makeTempDir();
    const terminal = await openTerminal(':memory:');
    try {
      expect(terminal.readCtx).toBeNull();
      const file = temp.path('memory.csv');
      const counts = await exportToFile(terminal.ctx, { what: 'audit_log', bom: false, file }, detachedJob());
      expect(existsSync(file)).toBe(true);
      expect(counts.rows).toBe(countRows(terminal.sqlite, 'audit_log'));
      expect(readFileSync(file, 'utf8').startsWith('audit_id,at,action')).toBe(true);
    } finally {
      terminal.close();
      temp.cleanup();
    }
  });
});
