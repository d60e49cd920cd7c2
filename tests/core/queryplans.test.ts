import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_BY_BARCODE_SQL, PRODUCT_BY_ID_SQL } from '../../electron/core/features/catalog/products';
import { filterSql, SEARCH_SQL } from '../../electron/core/features/catalog/search';
import { MEMBER_SQL } from '../../electron/core/features/loyalty/members';
import { RECENT_RECEIPTS_SQL } from '../../electron/core/features/sales/recent';
import { ean13, makeTerminal, okData, queryPlan, type TestTerminal } from '../helpers/terminal';

// The hot queries of the till must use their index: a full scan of products is fine on the test
// catalogue and a disaster on 500k products, so the plan is checked rather than the time.

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
  // the planner's choice with statistics, as on a terminal where PRAGMA optimize has run
  t.sqlite.exec('ANALYZE');
});
afterAll(() => t?.close());

const FULL_SCAN_OF_PRODUCTS = /^SCAN (p|products)\b(?! USING)/;

function expectNoProductScan(plan: string[]): void {
  for (const line of plan) {
    expect(line, plan.join('\n')).not.toMatch(FULL_SCAN_OF_PRODUCTS);
    expect(line, plan.join('\n')).not.toMatch(/^SCAN (b|product_barcodes)\b/);
  }
}

// (built inside each test: the category id exists only once the fixture is made)
const FILTERS = [
  { label: 'active', active: 'active', inDairy: false },
  { label: 'all', active: 'all', inDairy: false },
  { label: 'inactive in a category', active: 'inactive', inDairy: true },
  { label: 'active in a category', active: 'active', inDairy: true },
] as const;

function filterOf(spec: (typeof FILTERS)[number]) {
  return filterSql({ active: spec.active, ...(spec.inDairy ? { categoryId: t.catalogue.categoryIds.Dairy } : {}) });
}

describe('query plans of the hot catalogue queries', () => {
  it('barcode lookup: the product_barcodes primary key, then the products id index', () => {
    const plan = queryPlan(t.sqlite, PRODUCT_BY_BARCODE_SQL, [ean13(1)]);
    expect(plan.join('\n')).toMatch(/SEARCH b USING (COVERING )?INDEX sqlite_autoindex_product_barcodes_1 \(code=\?\)/);
    expect(plan.join('\n')).toMatch(/SEARCH p USING INDEX products_id_uq \(id=\?\)/);
    // the barcode list of the product comes from its index too
    expect(plan.join('\n')).toMatch(/SEARCH product_barcodes USING (COVERING )?INDEX product_barcodes_product_idx \(product_id=\?\)/);
    expectNoProductScan(plan);
  });

  it('product by id: the products id index', () => {
    const plan = queryPlan(t.sqlite, PRODUCT_BY_ID_SQL, ['x']);
    expect(plan.join('\n')).toMatch(/SEARCH p USING INDEX products_id_uq \(id=\?\)/);
    expectNoProductScan(plan);
  });

  it.each(FILTERS)('code tier ($label): the SKU index and the barcode primary key', (spec) => {
    const filter = filterOf(spec);
    const bySku = queryPlan(t.sqlite, SEARCH_SQL.bySku(filter.sql), ['SKU-001', ...filter.params]);
    expect(bySku.join('\n')).toMatch(/SEARCH p USING INDEX products_sku_uq \(sku=\?\)/);
    expectNoProductScan(bySku);
    const byBarcode = queryPlan(t.sqlite, SEARCH_SQL.byBarcode(filter.sql), [ean13(1), ...filter.params]);
    expect(byBarcode.join('\n')).toMatch(/SEARCH b USING (COVERING )?INDEX sqlite_autoindex_product_barcodes_1 \(code=\?\)/);
    expect(byBarcode.join('\n')).toMatch(/SEARCH p USING INDEX products_id_uq \(id=\?\)/);
    expectNoProductScan(byBarcode);
  });

  it.each(FILTERS)('name tier ($label): a range on the name key index, no sort', (spec) => {
    const filter = filterOf(spec);
    const plan = queryPlan(t.sqlite, SEARCH_SQL.name(filter.sql), ['choc', 'chod', '', -1, ...filter.params, 21]);
    const text = plan.join('\n');
    if (filter.params.length > 0) expect(text).toMatch(/SEARCH p USING INDEX (products_name_key_idx|products_category_idx) \(/);
    else expect(text).toMatch(/SEARCH p USING INDEX products_name_key_idx \(name_key>\? AND name_key<\?\)/);
    expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    expectNoProductScan(plan);
  });

  it.each(FILTERS)('browse ($label): walks the name key index in order, no sort', (spec) => {
    const filter = filterOf(spec);
    const plan = queryPlan(t.sqlite, SEARCH_SQL.browse(filter.sql), ['', -1, ...filter.params, 21]);
    const text = plan.join('\n');
    expect(text).toMatch(/(SEARCH|SCAN) p USING INDEX (products_name_key_idx|products_category_idx)/);
    expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    expectNoProductScan(plan);
  });

  it.each(FILTERS)('words tier ($label): the FTS5 index, then products by rowid', (spec) => {
    const filter = filterOf(spec);
    const plan = queryPlan(t.sqlite, SEARCH_SQL.words(filter.sql), ['"choc"*', -1, 'choc', 'chod', ...filter.params, 21]);
    const text = plan.join('\n');
    expect(text).toMatch(/SCAN f VIRTUAL TABLE INDEX \d+:/);
    expect(text).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    // catalogue order is the FTS rowid order: no sort of the matches
    expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    expectNoProductScan(plan);
  });

  it('loyalty: a member by card, email or phone is one unique-index read; by name a range of the name index in its order', () => {
    expect(queryPlan(t.sqlite, MEMBER_SQL.byCard, ['2700000000015']).join('\n')).toMatch(
      /SEARCH members USING INDEX members_card_uq \(card_number=\?\)/,
    );
    expect(queryPlan(t.sqlite, MEMBER_SQL.byEmail, ['a@example.com']).join('\n')).toMatch(
      /SEARCH members USING INDEX members_email_uq \(email=\?\)/,
    );
    expect(queryPlan(t.sqlite, MEMBER_SQL.byPhone, ['+441234567']).join('\n')).toMatch(
      /SEARCH members USING INDEX members_phone_uq \(phone=\?\)/,
    );
    const byName = queryPlan(t.sqlite, MEMBER_SQL.byName, ['an', 'ao', '', '', '', 21]).join('\n');
    expect(byName).toMatch(/SEARCH members USING INDEX members_name_key_idx \(name_key>\? AND name_key<\?\)/);
    expect(byName).not.toMatch(/TEMP B-TREE/);
  });

  it('staff login: the staff primary key', () => {
    const plan = queryPlan(t.sqlite, 'SELECT * FROM staff s WHERE s.id = ?', ['x']);
    expect(plan.join('\n')).toMatch(/SEARCH s USING INDEX sqlite_autoindex_staff_1 \(id=\?\)/);
  });
});

describe('query plans without statistics (a fresh terminal before its first PRAGMA optimize)', () => {
  let fresh: TestTerminal;
  beforeAll(async () => {
    fresh = await makeTerminal();
  });
  afterAll(() => fresh?.close());

  it('still uses the same indexes', () => {
    expect(queryPlan(fresh.sqlite, PRODUCT_BY_BARCODE_SQL, [ean13(1)]).join('\n')).toMatch(/products_id_uq/);
    const active = filterSql({ active: 'active' });
    const name = queryPlan(fresh.sqlite, SEARCH_SQL.name(active.sql), ['choc', 'chod', '', -1, 21]);
    expect(name.join('\n')).toMatch(/products_name_key_idx/);
    expectNoProductScan(name);
    const words = queryPlan(fresh.sqlite, SEARCH_SQL.words(active.sql), ['"choc"*', -1, 'choc', 'chod', 21]);
    expect(words.join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
    expectNoProductScan(words);
  });
});

describe('query plan of the shift’s recent receipts (sale.recent)', () => {
  let till: TestTerminal;
  beforeAll(async () => {
    till = await makeTerminal();
    const gift = till.catalogue.bySku.get('SKU-029')?.id ?? '';
    // three shifts of sales and no refund ever: ANALYZE then sees original_sale_id and
    // original_line_id all NULL, the case where the planner would rather scan every sale
    for (let shift = 0; shift < 3; shift++) {
      okData(till.call('shift.open', { openingFloatMinor: 0 }, till.manager));
      for (let i = 0; i < 40; i++) {
        okData(
          till.call(
            'sale.complete',
            {
              id: randomUUID(),
              lines: [{ productId: gift, quantity: 1 }],
              payments: [{ method: 'cash', amountMinor: 2000, tenderedMinor: 2000 }],
            },
            till.manager,
          ),
        );
      }
      if (shift < 2) okData(till.call('shift.close', { counted: [] }, till.manager));
    }
  });
  afterAll(() => till?.close());

  const plan = () => queryPlan(till.sqlite, RECENT_RECEIPTS_SQL, ['T-01', Number.MAX_SAFE_INTEGER, 20]).join('\n');

  function expectIndexed(text: string): void {
    // the open shift by its one-open-shift index, its documents by the shift index
    expect(text).toMatch(/SEARCH shifts USING (COVERING )?INDEX shifts_one_open_uq \(terminal_id=\?\)/);
    expect(text).toMatch(/SEARCH sales USING (COVERING )?INDEX sales_shift_idx \(shift_id=\?\)/);
    // each receipt of the page: its lines, its refunds and each line's refund lines by their indexes
    expect(text).toMatch(/SEARCH line USING (COVERING )?INDEX sale_lines_no_uq \(sale_id=\?\)/);
    expect(text).toMatch(/SEARCH refund USING (COVERING )?INDEX sales_original_idx \(original_sale_id=\?\)/);
    expect(text).toMatch(/SEARCH refund_line USING (COVERING )?INDEX sale_lines_original_idx \(original_line_id=\?\)/);
    expect(text).not.toMatch(/^SCAN (sales|refund|refund_line|line|sale_lines)\b/m);
  }

  it('uses the shift, line and refund indexes before statistics', () => {
    expectIndexed(plan());
  });

  it('and still after ANALYZE on a terminal that never refunded', () => {
    till.sqlite.exec('ANALYZE');
    expectIndexed(plan());
  });
});
