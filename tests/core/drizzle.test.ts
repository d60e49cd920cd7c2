import Database from 'better-sqlite3';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadContext } from '../../electron/core/context';
import { drizzleOf } from '../../electron/core/db/open';
import { products, staff } from '../../electron/core/db/schema';
import { countStaff, listStaff, staffDirectory } from '../../electron/core/features/auth/staff';
import {
  getProduct,
  listCategories,
  lookupBarcode,
  PRODUCT_BY_BARCODE_SQL,
  PRODUCT_BY_ID_SQL,
} from '../../electron/core/features/catalog/products';
import { filterSql, SEARCH_SQL, searchCatalog } from '../../electron/core/features/catalog/search';
import { productSchema, searchHitSchema, staffRowSchema } from '../../src/shared/contract';
import { ean13, makeTerminal, type TestTerminal } from '../helpers/terminal';

// The core reads through drizzle: every read model is one statement (no query per row or per
// relation), the statements are the SQL the query-plan tests check, and the relations declared
// beside the schema give the same read models through db.query.*.

let t: TestTerminal;
let counting: { ctx: ReadContext; statements: string[]; close(): void };

beforeAll(async () => {
  t = await makeTerminal();
  // a second connection to the same file that logs every statement it runs (expanded SQL)
  const statements: string[] = [];
  const sqlite = new Database(t.file, { readonly: true, verbose: (sql) => statements.push(String(sql)) });
  counting = { ctx: { sqlite, db: drizzleOf(sqlite), now: Date.now, log: t.terminal.ctx.log }, statements, close: () => sqlite.close() };
});
afterAll(() => {
  counting?.close();
  t?.close();
});

/** The statements `run` executes on the counting connection (the caches' PRAGMA data_version aside). */
function statementsOf(run: () => unknown): string[] {
  run(); // the first call may fill caches (settings); count a warm call, as on a till
  counting.statements.length = 0;
  run();
  return counting.statements.filter((sql) => !/^PRAGMA /i.test(sql));
}

/** Whether an expanded statement is `template` with its `?` filled in. */
function isStatement(expanded: string, template: string): boolean {
  const pattern = template.replace(/[.*+^${}()|[\]\\]/g, '\\$&').replaceAll('?', '.+?');
  return new RegExp(`^${pattern}$`, 's').test(expanded);
}

const keysOf = (value: object) => Object.keys(value).sort();

describe('read models through drizzle', () => {
  it('a product is one statement, by id and by barcode, with exactly the contract’s keys', () => {
    const butter = t.catalogue.bySku.get('SKU-005');
    if (!butter) expect.fail('fixture product SKU-005 is missing');
    const byId = statementsOf(() => getProduct(counting.ctx, butter.id));
    expect(byId).toHaveLength(1);
    expect(isStatement(byId[0] as string, PRODUCT_BY_ID_SQL), byId[0]).toBe(true);
    const byCode = statementsOf(() => lookupBarcode(counting.ctx, ean13(505)));
    expect(byCode).toHaveLength(1);
    expect(isStatement(byCode[0] as string, PRODUCT_BY_BARCODE_SQL), byCode[0]).toBe(true);

    const product = getProduct(counting.ctx, butter.id);
    expect(product).toEqual(butter);
    expect(product.barcodes).toEqual([ean13(5), ean13(505)]);
    expect(keysOf(product)).toEqual(keysOf(productSchema.shape));
    expect(lookupBarcode(counting.ctx, ean13(505))).toEqual(product);
  });

  it('the product relations give the same read model through db.query, in one statement', () => {
    for (const sku of ['SKU-005', 'SKU-029', 'SKU-018']) {
      const expected = t.catalogue.bySku.get(sku);
      if (!expected) expect.fail(`fixture product ${sku} is missing`);
      const read = () =>
        counting.ctx.db.query.products
          .findFirst({
            where: eq(products.id, expected.id),
            with: {
              barcodes: { orderBy: (b) => [asc(b.createdAt), asc(b.code)] },
              category: true,
              taxClass: true,
            },
          })
          .sync();
      expect(statementsOf(read)).toHaveLength(1);
      const row = read();
      if (!row) expect.fail(`no relational row for ${sku}`);
      expect(getProduct(counting.ctx, expected.id)).toEqual({
        id: row.id,
        sku: row.sku,
        name: row.name,
        priceMinor: row.priceMinor,
        taxClassId: row.taxClassId,
        taxRateBp: row.taxClass.rateBp,
        categoryId: row.categoryId,
        categoryName: row.category?.name ?? null,
        active: row.active,
        tracksStock: row.tracksStock,
        stockOnHand: row.stockOnHand,
        soldByWeight: row.soldByWeight,
        barcodes: row.barcodes.map((b) => b.code),
        updatedAt: row.updatedAt,
      });
    }
  });

  it('a search page runs only tier statements, a handful whatever the number of hits', () => {
    const filter = filterSql({ active: 'active' });
    const tierSql = Object.values(SEARCH_SQL).map((tier) => tier(filter.sql));
    for (const query of ['choc', 'milk', '', 'c', t.catalogue.bySku.get('SKU-001')?.sku ?? 'SKU-001']) {
      const ran = statementsOf(() => searchCatalog(counting.ctx, { query, active: 'active', limit: 20 }));
      const { items } = searchCatalog(counting.ctx, { query, active: 'active', limit: 20 });
      expect(items.length, query).toBeGreaterThan(0);
      // code tier: the SKU as typed and upper-cased, the barcode (and its aliases); name; words
      expect(ran.length, `${query}: ${ran.join('\n')}`).toBeLessThanOrEqual(6);
      for (const sql of ran)
        expect(
          tierSql.some((template) => isStatement(sql, template)),
          sql,
        ).toBe(true);
      for (const hit of items) expect(keysOf(hit)).toEqual(keysOf(searchHitSchema.shape));
    }
  });

  it('staff with their roles is one relational query; counts and lists are one statement each', () => {
    expect(statementsOf(() => listStaff(counting.ctx, true))).toHaveLength(1);
    expect(statementsOf(() => countStaff(counting.ctx))).toHaveLength(1);
    expect(statementsOf(() => staffDirectory(counting.ctx))).toHaveLength(1);
    expect(statementsOf(() => listCategories(counting.ctx))).toHaveLength(1);

    const rows = listStaff(counting.ctx, true);
    expect(rows.map((r) => [r.name, r.roles])).toEqual([
      ['Cai Cashier', ['cashier']],
      ['Mara Manager', ['cashier', 'manager']],
    ]);
    for (const row of rows) expect(keysOf(row)).toEqual(keysOf(staffRowSchema.shape));
    expect(countStaff(counting.ctx)).toBe(1);

    // staff ↔ roles through staff_roles, as the relations declare it
    const manager = counting.ctx.db.query.staff
      .findFirst({ where: eq(staff.id, t.managerId), with: { staffRoles: { with: { role: true } } } })
      .sync();
    expect(manager?.staffRoles.map((r) => r.role.id).sort()).toEqual(['cashier', 'manager']);
  });

  it('prepares per connection: the writer and a read connection each run their own statements', () => {
    const milk = t.catalogue.bySku.get('SKU-001');
    if (!milk) expect.fail('fixture product SKU-001 is missing');
    // the writer's context and the counting connection both read, interleaved, without mixing statements
    expect(getProduct(t.terminal.ctx, milk.id)).toEqual(getProduct(counting.ctx, milk.id));
    const [ran] = statementsOf(() => getProduct(counting.ctx, milk.id));
    expect(ran).toBeDefined();
    if (t.terminal.readCtx) expect(getProduct(t.terminal.readCtx, milk.id)).toEqual(milk);
  });
});
