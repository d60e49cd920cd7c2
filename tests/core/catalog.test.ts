import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCatalog } from '../../electron/core/features/catalog/count';
import { upsertCategory, upsertProduct } from '../../electron/core/features/catalog/products';
import { barcodeAliases, withCheckDigit } from '../../src/shared/barcode';
import { searchKey, searchTokens, textProblem } from '../../src/shared/text';
import {
  CATALOGUE,
  checksum,
  countRows,
  EAN8_CODE,
  ean13,
  errorOf,
  makeTerminal,
  okData,
  type TestTerminal,
  UPCA_AS_EAN13,
  UPCA_CODE,
} from '../helpers/terminal';

interface Hit {
  id: string;
  sku: string;
  name: string;
  categoryName: string | null;
  active: boolean;
  match: 'code' | 'name' | 'words' | 'browse';
}
interface Page {
  items: Hit[];
  nextCursor: string | null;
}
interface ProductOut {
  id: string;
  sku: string;
  name: string;
  active: boolean;
  barcodes: string[];
  categoryName: string | null;
}

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
});
afterAll(() => t?.close());

function search(input: Record<string, unknown>, terminal: TestTerminal = t): Page {
  return okData<Page>(terminal.call('catalog.search', input, terminal.cashier));
}

/** Every page of a search, following the cursor (fails on a cursor loop). */
function searchAll(input: Record<string, unknown>, terminal: TestTerminal = t): { items: Hit[]; pages: number } {
  const items: Hit[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 500; pages++) {
    const page = search(cursor ? { ...input, cursor } : input, terminal);
    expect(page.items.length).toBeLessThanOrEqual((input.limit as number | undefined) ?? 20);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    cursor = page.nextCursor;
  }
  return expect.fail('the cursor never ended');
}

const names = (hits: Hit[]) => hits.map((h) => h.name);
const tiers = (hits: Hit[]) => hits.map((h) => `${h.name}:${h.match}`);

function product(sku: string): ProductOut {
  const found = t.catalogue.bySku.get(sku);
  if (!found) expect.fail(`no product ${sku} in the fixture`);
  return found;
}

function upsert(input: Record<string, unknown>) {
  return t.call(
    'catalog.upsertProduct',
    { priceMinor: 100, taxClassId: t.catalogue.taxClassIds.standard, barcodes: [], ...input },
    t.manager,
  );
}

describe('search tiers', () => {
  it('puts an exact barcode or SKU first, as a code match', () => {
    expect(tiers(search({ query: ean13(1) }).items)[0]).toBe('Whole Milk 1L:code');
    expect(tiers(search({ query: ean13(505) }).items)[0]).toBe('Butter unsalted 250g:code');
    expect(tiers(search({ query: 'SKU-005' }).items)[0]).toBe('Butter unsalted 250g:code');
    expect(tiers(search({ query: 'sku-005' }).items)[0]).toBe('Butter unsalted 250g:code');
    expect(tiers(search({ query: ' PT-CASE-6 ' }).items)[0]).toBe('Paper Towels:code');
    // a UPC-A scan finds the product stored under its EAN-13 spelling
    expect(tiers(search({ query: UPCA_CODE }).items)[0]).toBe('Sparkling Water 1.5L:code');
    // the code hit is not repeated by the later tiers
    const hits = search({ query: 'SKU-005', limit: 50 }).items;
    expect(hits.filter((h) => h.sku === 'SKU-005')).toHaveLength(1);
  });

  it('lists names starting with the query (in name order), then word matches (in catalogue order)', () => {
    expect(tiers(search({ query: 'choc', limit: 50 }).items)).toEqual([
      'Chocolate Cookies:name',
      'Chocolate Milk:name',
      'Pain au chocolat:words',
      'Dark Chocolate 70%:words',
      'Milk Chocolate:words',
    ]);
    expect(tiers(search({ query: 'milk choc', limit: 50 }).items)).toEqual(['Milk Chocolate:name', 'Chocolate Milk:words']);
  });

  it('ignores case and accents, in the query and in the names', () => {
    for (const query of ['CRÈME', 'creme', 'Crème', 'cre\u0300me']) {
      expect(tiers(search({ query }).items), query).toEqual(['Crème fraîche 20cl:name']);
    }
    expect(tiers(search({ query: 'FRAICHE' }).items)).toEqual(['Crème fraîche 20cl:words']);
    expect(tiers(search({ query: 'comte' }).items)).toEqual(['Comté cheese 200g:name']);
    expect(tiers(search({ query: 'CAFÉ' }).items)).toEqual(['Café moulu 250g:name']);
    expect(tiers(search({ query: 'rape' }).items)).toEqual(['Emmental râpé:words']);
  });

  it('matches words of the category, the SKU and the barcodes', () => {
    expect(names(search({ query: 'bakery', limit: 50 }).items).sort()).toEqual(
      ['Baguette', 'Brioche', 'Croissant', 'Pain au chocolat', 'Pain de campagne'].sort(),
    );
    expect(names(search({ query: 'sweets choc', limit: 50 }).items).sort()).toEqual(
      ['Chocolate Cookies', 'Dark Chocolate 70%', 'Milk Chocolate'].sort(),
    );
    // part of a barcode (as typed from the label) finds by the codes column
    expect(tiers(search({ query: ean13(1).slice(0, 12) }).items)).toEqual(['Whole Milk 1L:words']);
    expect(tiers(search({ query: 'case' }).items)).toEqual(['Paper Towels:words']);
  });

  it('browses everything by name for an empty query, and filters by category and active state', () => {
    const active = CATALOGUE.filter((p) => p.active !== false);
    const all = searchAll({ query: '', limit: 7 }).items;
    expect(all.every((h) => h.match === 'browse')).toBe(true);
    expect(names(all)).toEqual(active.map((p) => p.name).sort((a, b) => (searchKey(a) < searchKey(b) ? -1 : 1)));

    expect(searchAll({ query: '', active: 'all', limit: 9 }).items).toHaveLength(CATALOGUE.length);
    expect(names(searchAll({ query: '', active: 'inactive' }).items)).toEqual(['Carrier Bag', 'Thé vert']);

    const dairy = searchAll({ query: '', categoryId: t.catalogue.categoryIds.Dairy, limit: 3 }).items;
    expect(dairy).toHaveLength(CATALOGUE.filter((p) => p.category === 'Dairy').length);
    expect(dairy.every((h) => h.categoryName === 'Dairy')).toBe(true);

    expect(names(search({ query: 'milk', categoryId: t.catalogue.categoryIds.Dairy, limit: 50 }).items).sort()).toEqual(
      ['Semi-skimmed Milk 1L', 'Whole Milk 1L'].sort(),
    );
    // an inactive product is found by its code only when asked for
    expect(search({ query: ean13(18) }).items).toEqual([]);
    expect(tiers(search({ query: ean13(18), active: 'all' }).items)[0]).toBe('Thé vert:code');
    expect(tiers(search({ query: 'the', active: 'inactive' }).items)).toEqual(['Thé vert:name']);
  });

  it('answers any query, in any script, with a page (never an internal error)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (query, limit) => {
        const first = t.call('catalog.search', { query, limit }, t.cashier);
        // control and bidi-control characters are refused in every text of the contract, queries too
        if (textProblem(query) !== null) {
          errorOf(first, 'VALIDATION');
          return;
        }
        const page = okData<Page>(first);
        if (page.nextCursor) okData(t.call('catalog.search', { query, limit, cursor: page.nextCursor }, t.cashier));
      }),
      { numRuns: 300 },
    );
    // the highest code point once crashed the name-prefix bound
    for (const query of ['\u{10FFFF}', 'a\u{10FFFF}', '\uD7FF']) okData(t.call('catalog.search', { query }, t.cashier));
  });

  it('counts what the pages hold, up to a cap (catalog.count)', () => {
    for (const query of ['', 'a', 'choc', 'SKU-0', ean13(1), '--', 'zzzz']) {
      const { items } = searchAll({ query, limit: 7 });
      expect(okData(t.call('catalog.count', { query }, t.cashier)), query).toEqual({ count: items.length, capped: false });
    }
    const all = searchAll({ query: '', limit: 50, active: 'all' }).items.length;
    expect(countCatalog(t.terminal.ctx, { query: '', active: 'all' }, all)).toEqual({ count: all, capped: false });
    expect(countCatalog(t.terminal.ctx, { query: '', active: 'all' }, all - 1)).toEqual({ count: all - 1, capped: true });
  });

  it('refuses a cursor it did not make', () => {
    for (const cursor of ['garbage', Buffer.from('{"t":9}').toString('base64url'), Buffer.from('null').toString('base64url')]) {
      errorOf(t.call('catalog.search', { query: 'choc', cursor }, t.cashier), 'VALIDATION');
    }
  });

  it('shows every code hit even when there are more of them than fit on a page', () => {
    // one product uses an EAN as its SKU, another carries the same EAN as its barcode
    const code = '4006381333931';
    const bySku = okData<ProductOut>(upsert({ sku: code, name: 'Highlighter yellow' }));
    const byBarcode = okData<ProductOut>(upsert({ sku: 'HL-Y-2', name: 'Highlighter (twin pack)', barcodes: [code] }));
    try {
      const firstPage = search({ query: code, limit: 20 }).items;
      expect(firstPage.map((h) => h.match)).toEqual(['code', 'code']);
      const paged = searchAll({ query: code, limit: 1 }).items;
      expect(paged.map((h) => h.id).sort()).toEqual([bySku.id, byBarcode.id].sort());
      expect(paged.map((h) => h.match)).toEqual(['code', 'code']);
    } finally {
      t.sqlite.prepare('DELETE FROM products WHERE id IN (?, ?)').run(bySku.id, byBarcode.id);
    }
  });

  it('keeps a code hit found only through its UPC-A / EAN-13 alias when it does not fit on the first page', () => {
    // the UPC-A spelling is one product's SKU; the EAN-13 spelling is another's barcode (no word matches it)
    const sparkling = product('SKU-015');
    const bySku = okData<ProductOut>(upsert({ sku: UPCA_CODE, name: 'Water (shelf label)' }));
    try {
      const paged = searchAll({ query: UPCA_CODE, limit: 1 }).items;
      expect(paged.map((h) => h.id).sort()).toEqual([bySku.id, sparkling.id].sort());
      expect(paged.map((h) => h.match)).toEqual(['code', 'code']);
    } finally {
      t.sqlite.prepare('DELETE FROM products WHERE id = ?').run(bySku.id);
    }
  });
});

describe('the full-text index follows every change', () => {
  const ftsRows = () => countRows(t.sqlite, 'products_fts_docsize');

  it('holds one entry per product', () => {
    expect(ftsRows()).toBe(countRows(t.sqlite, 'products'));
  });

  it('finds a product after insert, rename, SKU change, barcode changes and category rename, and forgets it after delete', () => {
    const grains = okData<{ id: string }>(t.call('catalog.upsertCategory', { name: 'Grains' }, t.manager));
    const created = okData<ProductOut>(upsert({ sku: 'QB-500', name: 'Quinoa Bio 500g', categoryId: grains.id, barcodes: [ean13(700)] }));
    expect(tiers(search({ query: 'quinoa' }).items)).toEqual(['Quinoa Bio 500g:name']);
    expect(tiers(search({ query: 'bio' }).items)).toEqual(['Quinoa Bio 500g:words']);
    expect(tiers(search({ query: 'grains' }).items)).toEqual(['Quinoa Bio 500g:words']);
    expect(ftsRows()).toBe(countRows(t.sqlite, 'products'));

    const base = { id: created.id, categoryId: grains.id };
    okData(upsert({ ...base, sku: 'QB-500', name: 'Boulgour fin', barcodes: [ean13(700)] }));
    expect(search({ query: 'quinoa' }).items).toEqual([]);
    expect(tiers(search({ query: 'boulgour' }).items)).toEqual(['Boulgour fin:name']);
    expect(tiers(search({ query: 'fin' }).items)).toEqual(['Boulgour fin:words']);

    okData(upsert({ ...base, sku: 'BG-500', name: 'Boulgour fin', barcodes: [ean13(700)] }));
    expect(search({ query: 'QB-500' }).items).toEqual([]);
    expect(search({ query: 'qb' }).items).toEqual([]);
    expect(tiers(search({ query: 'bg-500' }).items)[0]).toBe('Boulgour fin:code');

    okData(upsert({ ...base, sku: 'BG-500', name: 'Boulgour fin', barcodes: [ean13(700), ean13(701)] }));
    expect(okData<ProductOut>(t.call('catalog.lookupBarcode', { code: ean13(701) }, t.cashier)).id).toBe(created.id);
    expect(tiers(search({ query: ean13(701).slice(0, 12) }).items)).toEqual(['Boulgour fin:words']);

    okData(upsert({ ...base, sku: 'BG-500', name: 'Boulgour fin', barcodes: [ean13(701)] }));
    errorOf(t.call('catalog.lookupBarcode', { code: ean13(700) }, t.cashier), 'NOT_FOUND');
    expect(search({ query: ean13(700).slice(0, 12) }).items).toEqual([]);
    expect(tiers(search({ query: ean13(701).slice(0, 12) }).items)).toEqual(['Boulgour fin:words']);

    okData(t.call('catalog.upsertCategory', { id: grains.id, name: 'Cereals' }, t.manager));
    expect(search({ query: 'grains' }).items).toEqual([]);
    expect(tiers(search({ query: 'cereals' }).items)).toEqual(['Boulgour fin:words']);

    // a row deleted behind the core's back (raw SQL) leaves the index too, barcodes included
    const before = ftsRows();
    t.sqlite.prepare('DELETE FROM products WHERE id = ?').run(created.id);
    expect(ftsRows()).toBe(before - 1);
    expect(search({ query: 'boulgour' }).items).toEqual([]);
    expect(search({ query: 'cereals' }).items).toEqual([]);
    errorOf(t.call('catalog.lookupBarcode', { code: ean13(701) }, t.cashier), 'NOT_FOUND');
    expect(ftsRows()).toBe(countRows(t.sqlite, 'products'));
    t.sqlite.prepare("INSERT INTO products_fts(products_fts) VALUES ('integrity-check')").run();
  });
});

describe('catalog.lookupBarcode', () => {
  const lookup = (code: string) => t.call('catalog.lookupBarcode', { code }, t.cashier);

  it('finds EAN-13, EAN-8, UPC-A and other codes', () => {
    expect(okData<ProductOut>(lookup(ean13(3))).name).toBe('Crème fraîche 20cl');
    expect(okData<ProductOut>(lookup(EAN8_CODE)).name).toBe('Dark Chocolate 70%');
    expect(okData<ProductOut>(lookup(` ${EAN8_CODE} `)).name).toBe('Dark Chocolate 70%');
    expect(okData<ProductOut>(lookup('PT-CASE-6')).name).toBe('Paper Towels');
    const butter = okData<ProductOut>(lookup(ean13(505)));
    expect(butter.name).toBe('Butter unsalted 250g');
    expect(butter.barcodes).toEqual([ean13(5), ean13(505)]);
    // an inactive product is still found (the till says it is off sale)
    expect(okData<ProductOut>(lookup(ean13(30))).active).toBe(false);
  });

  it('finds an EAN-13 stored with a leading 0 from its UPC-A scan, and the other way round', () => {
    expect(okData<ProductOut>(lookup(UPCA_CODE)).name).toBe('Sparkling Water 1.5L');
    expect(okData<ProductOut>(lookup(UPCA_AS_EAN13)).name).toBe('Sparkling Water 1.5L');
    const upca = '042100005264';
    const stored = okData<ProductOut>(upsert({ sku: 'UPC-ONLY', name: 'Imported crackers', barcodes: [upca] }));
    expect(okData<ProductOut>(lookup(`0${upca}`)).id).toBe(stored.id);
  });

  it('refuses a misread code (wrong check digit) with INVALID_BARCODE and the expected digit', () => {
    const cases: [string, string, number][] = [
      ['4006381333932', 'EAN-13', 1],
      ['96385075', 'EAN-8', 4],
      ['036000291453', 'UPC-A', 2],
    ];
    for (const [code, kind, expected] of cases) {
      const error = errorOf(lookup(code), 'INVALID_BARCODE');
      expect(error.details).toEqual({ code, kind, expectedCheckDigit: expected });
    }
  });

  it('answers NOT_FOUND for a valid code nobody has', () => {
    expect(errorOf(lookup('4006381333931'), 'NOT_FOUND').details).toEqual({ code: '4006381333931' });
    errorOf(lookup(withCheckDigit('9999999')), 'NOT_FOUND');
    errorOf(lookup('NO-SUCH-CODE'), 'NOT_FOUND');
  });
});

describe('catalog.upsertProduct', () => {
  it('refuses a duplicate SKU with CONFLICT naming the holder, and changes nothing', () => {
    const milk = product('SKU-001');
    const before = checksum(t.sqlite);
    const error = errorOf(upsert({ sku: 'SKU-001', name: 'Another milk' }), 'CONFLICT');
    expect(error.details).toEqual({ field: 'sku', value: 'SKU-001', holderId: milk.id, holderName: 'Whole Milk 1L' });
    expect(error.message).toContain('Whole Milk 1L');
    // an update that takes another product's SKU is refused the same way
    const juice = product('SKU-013');
    errorOf(upsert({ id: juice.id, sku: 'SKU-001', name: juice.name }), 'CONFLICT');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a duplicate barcode (also in its UPC-A / EAN-13 spelling) with CONFLICT naming the holder, and changes nothing', () => {
    const before = checksum(t.sqlite);
    const semi = product('SKU-002');
    const error = errorOf(upsert({ sku: 'NEW-DUP-1', name: 'Copy', barcodes: [ean13(99), ean13(2)] }), 'CONFLICT');
    expect(error.details).toEqual({ field: 'barcodes', value: ean13(2), holderId: semi.id, holderName: 'Semi-skimmed Milk 1L' });
    const alias = errorOf(upsert({ sku: 'NEW-DUP-2', name: 'Copy', barcodes: [UPCA_CODE] }), 'CONFLICT');
    expect(alias.details).toMatchObject({ field: 'barcodes', holderName: 'Sparkling Water 1.5L' });
    const milk = product('SKU-001');
    errorOf(upsert({ id: milk.id, sku: milk.sku, name: milk.name, barcodes: [ean13(1), ean13(2)] }), 'CONFLICT');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a wrong check digit, an unknown tax class, category or product, and changes nothing', () => {
    const before = checksum(t.sqlite);
    errorOf(upsert({ sku: 'NEW-BAD-1', name: 'Bad', barcodes: ['4006381333932'] }), 'INVALID_BARCODE');
    errorOf(upsert({ sku: 'NEW-BAD-2', name: 'Bad', taxClassId: 'no-such-tax' }), 'NOT_FOUND');
    errorOf(upsert({ sku: 'NEW-BAD-3', name: 'Bad', categoryId: 'no-such-category' }), 'NOT_FOUND');
    errorOf(upsert({ id: 'no-such-product', sku: 'NEW-BAD-4', name: 'Bad' }), 'NOT_FOUND');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('keeps its own SKU and barcodes on update, and audits and queues every change', () => {
    const butter = product('SKU-005');
    const audits = countRows(t.sqlite, 'audit_log', "action = 'product.update' AND entity_id = ?", butter.id);
    const queued = countRows(t.sqlite, 'outbox', 'entity_id = ?', butter.id);
    const updated = okData<ProductOut>(
      upsert({
        id: butter.id,
        sku: butter.sku,
        name: 'Butter salted 250g',
        barcodes: butter.barcodes,
        categoryId: t.catalogue.categoryIds.Dairy,
      }),
    );
    expect(updated).toMatchObject({ id: butter.id, sku: 'SKU-005', name: 'Butter salted 250g', barcodes: butter.barcodes });
    expect(countRows(t.sqlite, 'audit_log', "action = 'product.update' AND entity_id = ?", butter.id)).toBe(audits + 1);
    expect(countRows(t.sqlite, 'outbox', 'entity_id = ?', butter.id)).toBe(queued + 1);
    expect(tiers(search({ query: 'butter' }).items)).toEqual(['Butter salted 250g:name']);
  });
});

// --- the pagination property over random catalogues ---

const WORDS = [
  'apple',
  'apricot',
  'ap',
  'banana',
  'bread',
  'brie',
  'café',
  'crème',
  'choco',
  'chocolat',
  'comté',
  'milk',
  'mild',
  'éclair',
  'eau',
  'pâte',
  'pain',
  '70%',
  '1l',
  'x3',
  'a',
  'é',
];
const CATEGORIES = ['Fresh Fruit', 'Bakery', 'Crèmerie'];

interface RandomProduct {
  name: string;
  category: number | null;
  active: boolean;
  barcode: number | null;
}

const productArb: fc.Arbitrary<RandomProduct> = fc.record({
  name: fc
    .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
    .chain((words) => fc.constantFrom(' ', '-', '  ').map((sep) => words.join(sep)))
    .chain((name) => fc.boolean().map((upper) => (upper ? name.toUpperCase() : name))),
  category: fc.option(fc.integer({ min: 0, max: CATEGORIES.length - 1 }), { nil: null }),
  active: fc.boolean(),
  barcode: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
});

/** What FTS5's unicode61 tokenizer (remove_diacritics 2) makes of a text, for the letters used here. */
function indexTokens(text: string | null): string[] {
  return text
    ? searchKey(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
    : [];
}

describe('pagination over random catalogues (property)', () => {
  let p: TestTerminal;
  beforeAll(async () => {
    p = await makeTerminal({ catalogue: false });
  });
  afterAll(() => p?.close());

  it('visits every match exactly once, tier by tier, whatever the page size', () => {
    const ctx = p.terminal.ctx;
    const taxId = 'zero';
    fc.assert(
      fc.property(
        fc.array(productArb, { maxLength: 18 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<'active' | 'inactive' | 'all'>('active', 'inactive', 'all'),
        fc.option(fc.integer({ min: 0, max: CATEGORIES.length - 1 }), { nil: null }),
        fc.oneof(
          fc.constant(''),
          fc.constantFrom(...WORDS).chain((w) => fc.integer({ min: 1, max: w.length }).map((n) => w.slice(0, n))),
          fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([a, b]) => `${a} ${b.slice(0, 2)}`),
          fc.constantFrom('fresh', 'CRÈM', 'bak', 'SKU-1', 'sku-12', 'SKU', '2000000000', '70', 'x'),
          fc.integer({ min: 0, max: 40 }).map((n) => ean13(n)),
          fc.integer({ min: 0, max: 17 }).map((n) => `SKU-${n}`),
        ),
        (catalogue, limit, active, categoryIndex, query) => {
          // a fresh catalogue for this run, written by the core's own functions
          const ids: string[] = [];
          const categoryIds: string[] = [];
          ctx.sqlite.transaction(() => {
            ctx.sqlite.exec('DELETE FROM products; DELETE FROM categories;');
            for (const name of CATEGORIES) categoryIds.push(upsertCategory(ctx, { name }, null).id);
            const used = new Set<string>();
            catalogue.forEach((item, i) => {
              const code = item.barcode === null ? null : ean13(item.barcode);
              const barcodes = code && !used.has(code) ? [code] : [];
              if (code) used.add(code);
              const created = upsertProduct(
                ctx,
                {
                  sku: `SKU-${i}`,
                  name: item.name,
                  priceMinor: 100,
                  taxClassId: taxId,
                  categoryId: item.category === null ? null : (categoryIds[item.category] ?? null),
                  active: item.active,
                  tracksStock: false,
                  soldByWeight: false,
                  barcodes,
                },
                null,
              );
              ids.push(created.id);
            });
          })();

          // the model: which products should match, and in which tier
          const key = searchKey(query);
          const tokens = searchTokens(query);
          const code = query.trim();
          const categoryId = categoryIndex === null ? undefined : categoryIds[categoryIndex];
          const expected = new Map<string, Hit['match']>();
          const stored = catalogue.map((item, i) => {
            const barcode = item.barcode === null ? null : ean13(item.barcode);
            const firstHolder = catalogue.findIndex((other) => other.barcode === item.barcode);
            return { ...item, i, sku: `SKU-${i}`, barcode: firstHolder === i ? barcode : null };
          });
          for (const item of stored) {
            const id = ids[item.i] ?? '';
            if (active === 'active' && !item.active) continue;
            if (active === 'inactive' && item.active) continue;
            if (categoryId && (item.category === null || categoryIds[item.category] !== categoryId)) continue;
            const categoryName = item.category === null ? null : (CATEGORIES[item.category] ?? null);
            const isCode =
              key !== '' &&
              code.length >= 3 &&
              !/\s/.test(code) &&
              (item.sku === code ||
                item.sku === code.toUpperCase() ||
                (item.barcode !== null && barcodeAliases(code).includes(item.barcode)));
            const isName = key !== '' && searchKey(item.name).startsWith(key);
            const words = [...indexTokens(item.name), ...indexTokens(item.sku), ...indexTokens(item.barcode), ...indexTokens(categoryName)];
            const isWords = tokens.length > 0 && tokens.every((token) => words.some((word) => word.startsWith(token)));
            if (key === '') expected.set(id, 'browse');
            else if (isCode) expected.set(id, 'code');
            else if (isName) expected.set(id, 'name');
            else if (isWords) expected.set(id, 'words');
          }

          const input: Record<string, unknown> = { query, limit, active, ...(categoryId ? { categoryId } : {}) };
          const { items } = searchAll(input, p);
          const seen = items.map((h) => h.id);
          expect(new Set(seen).size, 'a product was shown twice').toBe(seen.length);
          expect(new Map(items.map((h) => [h.id, h.match]))).toEqual(expected);
          // catalog.count says how many the pages hold, without reading them
          const { limit: _limit, ...countInput } = input;
          expect(okData(p.call('catalog.count', countInput, p.cashier))).toEqual({ count: expected.size, capped: false });
          // tiers come in order: code, then name (by name key), then words
          const rank = { code: 0, name: 1, words: 2, browse: 1 };
          for (let i = 1; i < items.length; i++) {
            const [a, b] = [items[i - 1], items[i]];
            if (!a || !b) continue;
            expect(rank[a.match]).toBeLessThanOrEqual(rank[b.match]);
            if (a.match === b.match && (a.match === 'name' || a.match === 'browse'))
              expect(searchKey(a.name) <= searchKey(b.name), `${a.name} before ${b.name}`).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
