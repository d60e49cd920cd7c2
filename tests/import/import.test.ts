import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { startWebServer } from '../../electron/web/server';
import type { ChannelOutput } from '../../src/shared/contract';
import { eventSchemas } from '../../src/shared/events';
import { normaliseCsvText, PRODUCT_CSV_COLUMNS, productToCsvRow } from '../../src/shared/productCsv';
import { checksum, countRows, ean13, errorOf, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

type Report = ChannelOutput<'import.products'>;

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
});
afterAll(() => t?.close());

function csv(rows: (string | number)[][]): string {
  return stringify(rows.map((row) => row.map(String)));
}

async function importCsv(text: string, dryRun: boolean, jobId?: string): Promise<Report> {
  return okData<Report>(await t.router.invokeAsync('import.products', { csv: text, dryRun, ...(jobId ? { jobId } : {}) }, t.manager));
}

/** The catalogue as a comparable list: one entry a product, by SKU, with names instead of ids. */
function catalogueOf(sqlite: TestTerminal['sqlite']): unknown[] {
  return sqlite
    .prepare(
      `SELECT p.sku, p.name, p.price_minor, t.name AS tax, t.rate_bp, c.name AS category, p.active, p.tracks_stock, p.sold_by_weight, p.stock_on_hand,
         (SELECT group_concat(code, ' ') FROM (SELECT code FROM product_barcodes WHERE product_id = p.id ORDER BY code)) AS codes
       FROM products p JOIN tax_classes t ON t.id = p.tax_class_id LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.sku`,
    )
    .all();
}

const HEADER = ['sku', 'name', 'price_minor', 'tax_class', 'category', 'barcodes', 'stock_on_hand'];

describe('import.products: a file with bad rows', () => {
  it('changes nothing, even when asked to apply, and reports every bad line with its reason', async () => {
    const text = csv([
      HEADER,
      ['IMP-100', 'Good row', 100, 'Standard', 'Dairy', ean13(100), 5],
      ['IMP-101', 'Negative price', -5, 'Standard', '', '', ''],
      ['IMP-102', 'Unknown tax', 100, 'Luxury', '', '', ''],
      ['IMP-103', 'Bad check digit', 100, 'Standard', '', `${ean13(103).slice(0, 12)}${(Number(ean13(103).at(-1)) + 1) % 10}`, ''],
      ['IMP-100', 'Same SKU again', 100, 'Standard', '', '', ''],
      ['IMP-105', 'Same barcode again', 100, 'Standard', '', ean13(100), ''],
      ['IMP-106', 'Taken barcode', 100, 'Standard', '', ean13(1), ''],
      ['IMP-107', 'Price in euros', '1.99', 'Standard', '', '', ''],
      ['IMP-108', '', 100, 'Standard', '', '', ''],
      ['IMP-109', 'Half a piece', 100, 'Standard', '', '', '2.5'],
      ['IMP-110', 'No tax class', 100, '', '', '', ''],
    ]);
    const short = `${text}IMP-111,Too few cells\n`;
    const before = checksum(t.sqlite);
    const report = await importCsv(short, false);
    // the counts say what the good rows would do; nothing of it was applied
    expect(report).toMatchObject({ applied: false, created: 1, rows: 12 });
    expect(checksum(t.sqlite)).toBe(before);
    expect(report.errors.map((e) => [e.line, e.column ?? null])).toEqual([
      [3, 'price_minor'],
      [4, 'tax_class'],
      [5, 'barcodes'],
      [6, 'sku'],
      [7, 'barcodes'],
      [8, 'barcodes'],
      [9, 'price_minor'],
      [10, 'name'],
      [11, 'stock_on_hand'],
      [12, 'tax_class'],
      [13, null],
    ]);
    expect(report.errorCount).toBe(11);
    const message = (line: number) => report.errors.find((e) => e.line === line)?.message ?? '';
    expect(message(5)).toContain('check digit');
    expect(message(6)).toContain('also on line 2');
    expect(message(7)).toContain('also on line 2');
    expect(message(8)).toContain('Whole Milk 1L');
    expect(message(4)).toContain('Luxury');
    expect(message(13)).toContain('2 cells');
  });

  it('reports unknown and missing columns in the header, and a file that stops being CSV', async () => {
    const before = checksum(t.sqlite);
    const header = await importCsv('name,price,tax_class\nTea,100,Standard\n', false);
    expect(header.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('Unknown column “price”'),
      expect.stringContaining('no sku column'),
    ]);
    const broken = await importCsv('sku,name\nA-1,"Open quote\nA-2,Next\n', false);
    expect(broken.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('stops being CSV') })]);
    expect(checksum(t.sqlite)).toBe(before);
  });
});

describe('import.products: a good file', () => {
  it('a dry run counts what it would do and changes nothing', async () => {
    const before = checksum(t.sqlite);
    const report = await importCsv(
      csv([HEADER, ['DRY-1', 'Dry run tea', 300, 'Reduced', 'Tea', '', 4], ['SKU-001', 'Whole Milk 1L', 125, '', '', '', '']]),
      true,
    );
    expect(report).toMatchObject({
      dryRun: true,
      applied: false,
      rows: 2,
      created: 1,
      updated: 1,
      stockMovements: 1,
      categoriesCreated: ['Tea'],
      errors: [],
    });
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('creates and updates by SKU in one go: stock as movements, events, search index, one audit row', async () => {
    const milk = t.catalogue.bySku.get('SKU-001');
    const butter = t.catalogue.bySku.get('SKU-005');
    if (!milk || !butter) expect.fail('fixture products missing');
    const outboxBefore = countRows(t.sqlite, 'outbox');
    const jobId = randomUUID();
    const text = csv([
      ['sku', 'name', 'price_minor', 'tax_class', 'category', 'barcodes', 'sold_by_weight', 'tracks_stock', 'stock_on_hand', 'active'],
      // new, in a new category, with the barcode butter gives up below
      ['NEW-001', 'Rooibos tea', 329, 'Reduced', 'Tea', `${ean13(505)};${ean13(900)}`, 'false', 'true', 12, 'true'],
      // new, sold by weight: stock in grams
      ['NEW-002', 'Loose almonds', 1890, 'reduced', 'Sweets', '', 'true', 'true', 2500, 'true'],
      // price and stock of an existing product (its barcodes kept: empty cell)
      ['SKU-001', 'Whole Milk 1L', 125, 'Reduced', 'Dairy', '', 'false', 'true', 40, 'true'],
      // butter keeps one of its two codes
      ['SKU-005', 'Butter unsalted 250g', 299, 'Reduced', 'Dairy', ean13(5), 'false', 'true', 10, 'true'],
      // exactly as stored
      ['SKU-002', 'Semi-skimmed Milk 1L', 109, 'Reduced', 'Dairy', ean13(2), 'false', 'true', 10, 'true'],
    ]);
    const report = await importCsv(text, false, jobId);
    expect(report).toMatchObject({
      applied: true,
      rows: 5,
      created: 2,
      updated: 2,
      unchanged: 1,
      stockMovements: 3,
      categoriesCreated: ['Tea'],
      errors: [],
    });
    const progress = okData<{ state: string; done: number; total: number }>(t.call('job.progress', { jobId }, t.manager));
    expect(progress).toMatchObject({ state: 'done', done: 5, total: 5 });

    const milkNow = okData<{ priceMinor: number; stockOnHand: number; barcodes: string[] }>(
      t.call('catalog.get', { id: milk.id }, t.manager),
    );
    expect(milkNow).toMatchObject({ priceMinor: 125, stockOnHand: 40, barcodes: milk.barcodes });
    expect(okData<{ barcodes: string[] }>(t.call('catalog.get', { id: butter.id }, t.manager)).barcodes).toEqual([ean13(5)]);
    const tea = okData<{ id: string; name: string; categoryName: string; stockOnHand: number }>(
      t.call('catalog.lookupBarcode', { code: ean13(505) }, t.manager),
    );
    expect(tea).toMatchObject({ name: 'Rooibos tea', categoryName: 'Tea', stockOnHand: 12 });
    const almonds = okData<{ items: { sku: string; soldByWeight: boolean; stockOnHand: number }[] }>(
      t.call('catalog.search', { query: 'almon' }, t.manager),
    ).items;
    expect(almonds).toEqual([expect.objectContaining({ sku: 'NEW-002', soldByWeight: true, stockOnHand: 2500 })]);

    // outbox: a product.upserted per written product, a stock.moved per movement, the new category
    const events = t.sqlite.prepare('SELECT topic, payload FROM outbox WHERE seq > ? ORDER BY seq').all(outboxBefore) as {
      topic: string;
      payload: string;
    }[];
    const topics = events.map((e) => e.topic);
    expect(topics.filter((x) => x === 'product.upserted')).toHaveLength(4);
    expect(topics.filter((x) => x === 'stock.moved')).toHaveLength(3);
    expect(topics.filter((x) => x === 'category.upserted')).toHaveLength(1);
    for (const e of events) if (e.topic === 'stock.moved') eventSchemas['stock.moved'].parse(JSON.parse(e.payload));
    const milkMoves = okData<ChannelOutput<'stock.movements'>>(
      t.call('stock.movements', { productId: milk.id, reason: 'adjustment' }, t.manager),
    );
    expect(milkMoves.items[0]).toMatchObject({ delta: 30 });
    const audits = t.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'import.products'").all() as { details: string }[];
    expect(audits.map((a) => JSON.parse(a.details))).toEqual([
      expect.objectContaining({ rows: 5, created: 2, updated: 2, stockMovements: 3 }),
    ]);

    // the same file again changes nothing more
    const again = await importCsv(text, false);
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 5, stockMovements: 0 });
  });

  it('takes a price-only file (sku and price_minor), and refuses a unit switch without new stock', async () => {
    const report = await importCsv(
      csv([
        ['sku', 'price_minor'],
        ['SKU-010', 99],
        ['SKU-011', 109],
      ]),
      false,
    );
    expect(report).toMatchObject({ applied: true, updated: 2, stockMovements: 0 });
    expect(okData<{ priceMinor: number }>(t.call('catalog.get', { id: t.catalogue.bySku.get('SKU-011')?.id }, t.manager)).priceMinor).toBe(
      109,
    );
    const before = checksum(t.sqlite);
    const refused = await importCsv(
      csv([
        ['sku', 'sold_by_weight'],
        ['SKU-012', 'true'],
      ]),
      false,
    );
    expect(refused.errors).toEqual([expect.objectContaining({ line: 2, column: 'stock_on_hand' })]);
    errorOf(await t.router.invokeAsync('import.products', { csv: 'sku\nX-1\n', dryRun: false }, t.cashier), 'FORBIDDEN');
    expect(checksum(t.sqlite)).toBe(before);
  });
});

describe('import.products as a job', () => {
  it('reports progress while it checks, and a cancel then stops it with nothing changed', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`JOB-${i}`, `Job product ${i}`, 100, 'Standard', '', '', '']);
    const text = csv([HEADER, ...rows]);
    const jobId = randomUUID();
    const before = checksum(t.sqlite);
    const running = t.router.invokeAsync('import.products', { csv: text, dryRun: false, jobId }, t.manager);
    const progress = okData<{ state: string; phase: string; done: number; total: number; cancellable: boolean }>(
      t.call('job.progress', { jobId }, t.manager),
    );
    expect(progress).toMatchObject({ state: 'running', phase: 'Checking rows', total: 20_000, cancellable: true });
    okData(t.call('job.cancel', { jobId }, t.manager));
    errorOf(await running, 'CANCELLED');
    expect(okData<{ state: string }>(t.call('job.progress', { jobId }, t.manager)).state).toBe('cancelled');
    expect(checksum(t.sqlite)).toBe(before);
  });
});

describe('import.products: export and import', () => {
  it('a product export imported into an empty terminal gives the same catalogue', async () => {
    const empty = await makeTerminal({ catalogue: false });
    try {
      const rates = t.sqlite.prepare("SELECT name, rate_bp AS rateBp FROM tax_classes WHERE id <> 'zero'").all() as {
        name: string;
        rateBp: number;
      }[];
      // tax classes are the store's set-up, not the catalogue: made by hand on the new terminal
      for (const rate of rates) okData(empty.call('catalog.upsertTaxClass', rate, empty.manager));
      const rows = t.sqlite
        .prepare(
          `SELECT p.id, p.sku, p.name, p.price_minor AS priceMinor, t.name AS taxClassName, c.name AS categoryName, p.active, p.tracks_stock AS tracksStock,
             p.sold_by_weight AS soldByWeight, p.stock_on_hand AS stockOnHand FROM products p JOIN tax_classes t ON t.id = p.tax_class_id
             LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.sku`,
        )
        .all() as {
        id: string;
        sku: string;
        name: string;
        priceMinor: number;
        taxClassName: string;
        categoryName: string | null;
        active: number;
        tracksStock: number;
        soldByWeight: number;
        stockOnHand: number;
      }[];
      const codes = t.sqlite.prepare('SELECT code FROM product_barcodes WHERE product_id = ? ORDER BY code').pluck();
      const file = stringify([
        [...PRODUCT_CSV_COLUMNS],
        ...rows.map((p) =>
          productToCsvRow({
            ...p,
            active: p.active === 1,
            tracksStock: p.tracksStock === 1,
            soldByWeight: p.soldByWeight === 1,
            barcodes: codes.all(p.id) as string[],
          }),
        ),
      ]);
      const report = okData<Report>(await empty.router.invokeAsync('import.products', { csv: file, dryRun: false }, empty.manager));
      expect(report).toMatchObject({ applied: true, created: rows.length, errors: [] });
      expect(catalogueOf(empty.sqlite)).toEqual(catalogueOf(t.sqlite));
    } finally {
      empty.close();
    }
  });

  it('imports what `export.csv` writes for products back into an empty terminal', async () => {
    const exported = await t.router.invokeAsync('export.csv', { what: 'products' }, t.manager);
    const saved = okData<{ savedTo: string }>(exported).savedTo;
    const empty = await makeTerminal({ catalogue: false });
    try {
      const rates = t.sqlite.prepare("SELECT name, rate_bp AS rateBp FROM tax_classes WHERE id <> 'zero'").all() as {
        name: string;
        rateBp: number;
      }[];
      for (const rate of rates) okData(empty.call('catalog.upsertTaxClass', rate, empty.manager));
      const report = okData<Report>(
        await empty.router.invokeAsync(
          'import.products',
          { csv: normaliseCsvText(readFileSync(saved, 'utf8')), dryRun: false },
          empty.manager,
        ),
      );
      expect(report.errors).toEqual([]);
      expect(catalogueOf(empty.sqlite)).toEqual(catalogueOf(t.sqlite));
    } finally {
      empty.close();
    }
  });
});

describe('ringup import products', () => {
  it('checks with --dry-run, applies without, lists bad lines and exits 1 on them; CRLF and a BOM are fine', async () => {
    const cli = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, { out: (x) => (out += `${x}\n`), err: (x) => (err += `${x}\n`) });
      return { code, out, err };
    };
    const db = t.temp.path('cli.db');
    // a copy of the fixture's database for the CLI (it opens the file itself)
    await t.sqlite.backup(db);
    const good = t.temp.path('good.csv');
    writeFileSync(
      good,
      `\uFEFF${csv([
        ['sku', 'name', 'price_minor', 'tax_class'],
        ['CLI-1', 'Chai', 250, 'Zero rate'],
      ]).replaceAll('\n', '\r\n')}`,
    );
    const dry = await cli(['import', 'products', '--db', db, '--file', good, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ dryRun: true, created: 1, applied: false });
    const applied = await cli(['import', 'products', '--db', db, '--file', good]);
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.out).toContain('1 new');
    const bad = t.temp.path('bad.csv');
    writeFileSync(
      bad,
      csv([
        ['sku', 'price_minor'],
        ['CLI-1', 'free'],
        ['CLI-2', 5],
      ]),
    );
    const refused = await cli(['import', 'products', '--db', db, '--file', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('line 2 (price_minor)');
    expect(refused.err).toContain('line 3 (tax_class)');
    expect((await cli(['import', 'sales', '--db', db, '--file', bad])).code).toBe(2);
  });
});

describe('web bridge', () => {
  it('lets a 100,000-row file through to import.products, and no other channel', async () => {
    const web = await startWebServer({ terminal: t.terminal, port: 0, token: 'import-token-1', staticDir: null });
    try {
      const rows = Array.from(
        { length: 100_000 },
        (_, i) => `WEB-${i},Product number ${i} of the big file,${100 + (i % 900)},Standard,Dairy,${ean13(200_000 + i)},12`,
      );
      const body = JSON.stringify({ csv: `${HEADER.join(',')}\n${rows.join('\n')}\n`, dryRun: true });
      expect(body.length).toBeGreaterThan(8_000_000);
      const post = (channel: string) =>
        fetch(`${web.url.split('#')[0]?.replace(/\/$/, '')}/api/${channel}`, {
          method: 'POST',
          headers: { authorization: 'Bearer import-token-1', 'content-type': 'application/json' },
          body,
        });
      const imported = await post('import.products');
      expect(imported.status).toBe(200);
      // the body arrived whole and parsed: the router answers (nobody is logged in on this session)
      expect(await imported.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect((await post('catalog.search')).status).toBe(413);
    } finally {
      await web.close();
    }
  });
});
