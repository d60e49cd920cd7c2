import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sqlite } from '../../electron/core/db/open';
import { exportToFile } from '../../electron/core/features/exports/exportCsv';
import { detachedJob } from '../../electron/core/jobs';
import { makeTerminal, okData, type TestTerminal } from '../helpers/terminal';
import { seedSales } from './seedSales';

// A long export is read in parts side by side (one worker each) and the parts are laid end to end:
// the file must be the one a single walk writes, byte for byte, wherever the cuts fall (here on
// instants several sales share, as at a busy till).
const SALES = 3_000;
const NAMES = ['Plain', 'Crème "fraîche", 20 cl', 'Two\nlines', '=1+1', 'Émoji 🍦', ''];

let t: TestTerminal;

function seed(sqlite: Sqlite, staffId: string): void {
  const start = Date.UTC(2026, 2, 28, 20, 0);
  seedSales(sqlite, staffId, {
    sales: SALES,
    // seven sales a minute, a whole day and night (the store zone's DST change included)
    createdAt: (s) => start + Math.floor(s / 7) * 60_000,
    linesOf: (s) =>
      Array.from({ length: 1 + (s % 4) }, (_, l) => ({
        sku: `SKU-${s % 97}`,
        name: NAMES[(s + l) % NAMES.length] ?? '',
        quantity: 1,
        amountMinor: 100 + l,
      })),
  });
}

beforeAll(async () => {
  t = await makeTerminal({ catalogue: false });
  okData(t.call('settings.update', { timeZone: 'Europe/Berlin' }, t.manager));
  seed(t.sqlite, t.managerId);
}, 60_000);
afterAll(() => t?.close());

async function exported(input: { what: 'sales' | 'sale_lines'; from?: string; to?: string }, parts: number) {
  const file = t.temp.path(`${input.what}-${input.from ?? ''}-${parts}.csv`);
  const progress: number[] = [];
  const counts = await exportToFile(
    t.terminal.ctx,
    { ...input, bom: true, file },
    detachedJob((_phase, done) => progress.push(done)),
    { parts, minRowsToSplit: 1 },
  );
  return { counts, bytes: readFileSync(file), progress, dir: dirname(file) };
}

describe('an export read in parts', () => {
  it.each([
    { what: 'sale_lines' as const },
    { what: 'sales' as const },
    { what: 'sale_lines' as const, from: '2026-03-29', to: '2026-03-29' },
  ])(
    'writes the same bytes as one walk: %o',
    async (input) => {
      const whole = await exported(input, 1);
      expect(whole.counts.rows).toBeGreaterThan(1000);
      for (const parts of [2, 3]) {
        const cut = await exported(input, parts);
        expect(cut.counts.rows).toBe(whole.counts.rows);
        expect(cut.counts.bytes).toBe(whole.bytes.length);
        expect(cut.bytes.equals(whole.bytes)).toBe(true);
        // progress counts the records of all parts, up to all of them
        expect(cut.progress.at(-1)).toBe(whole.counts.rows);
        expect(readdirSync(cut.dir).filter((name) => name.endsWith('.part'))).toEqual([]);
      }
    },
    60_000,
  );

  it('writes a record longer than its write buffer (256 KiB) whole', async () => {
    const product = okData<{ id: string }>(
      t.call(
        'catalog.upsertProduct',
        { sku: 'LONG-1', name: 'Long note', priceMinor: 100, taxClassId: 'zero', categoryId: null, stockOnHand: 0, barcodes: [] },
        t.manager,
      ),
    );
    // every code unit of it 3 bytes of UTF-8, with quotes to double: ~540 KB once encoded
    const note = `"${'€'.repeat(90_000)}", ${'𝄞'.repeat(40_000)}`;
    t.sqlite
      .prepare("INSERT INTO stock_movements (id, product_id, delta, reason, created_at, note) VALUES (?, ?, 1, 'receipt', ?, ?)")
      .run(randomUUID(), product.id, Date.UTC(2026, 2, 29), note);
    const file = t.temp.path('long.csv');
    await exportToFile(t.terminal.ctx, { what: 'stock_movements', bom: false, file }, detachedJob());
    const rows = parse(readFileSync(file)) as string[][];
    const header = rows[0] ?? [];
    expect(rows.map((row) => row[header.indexOf('note')]).filter((cell) => cell === note)).toHaveLength(1);
  });

  it('fails as a whole when a part cannot be written, and leaves no part behind', async () => {
    const file = t.temp.path('missing-folder/lines.csv');
    await expect(
      exportToFile(t.terminal.ctx, { what: 'sale_lines', bom: false, file }, detachedJob(), { parts: 2, minRowsToSplit: 1 }),
    ).rejects.toThrow(/ENOENT/);
    expect(readdirSync(t.temp.path('.')).filter((name) => name.includes('.part'))).toEqual([]);
  });
});
