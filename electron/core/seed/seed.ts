import type { EventPayload } from '../../../src/shared/events';
import { searchKey } from '../../../src/shared/text';
import { emitEvent } from '../audit';
import { prepared } from '../context';
import type { Sqlite } from '../db/open';
import { ensureTerminalId } from '../features/setup/terminalId';
import type { Terminal } from '../terminal';
import { SEED_CATEGORIES, SEED_TAX_CLASSES, type SeedCategory } from './catalog-data';
import { ProductGenerator, type SeedProduct } from './generate';
import { MAX_SEED_PRODUCTS, SEED_BASE_TIME, seedIdTimePrefix, seedSku } from './keys';
import { DEFAULT_MEMBER_BATCH, MAX_SEED_MEMBERS, seedMembers } from './members';
import { seedSales } from './sales';

export interface SeedOptions {
  products: number;
  members: number;
  sales: number;
  seed: number;
  /** products (and members) per transaction (default DEFAULT_SEED_BATCH = 50,000 products, DEFAULT_MEMBER_BATCH members) */
  batchSize?: number;
  /**
   * Insert each product's barcodes before the product (default) so the FTS triggers index it
   * once, or after it (each barcode then re-indexes the product) — kept to measure the difference.
   */
  order?: 'barcodes-first' | 'product-first';
  /** rows per INSERT statement (default PRODUCTS_PER_STATEMENT / MEMBERS_PER_STATEMENT; 1 = one statement per row) */
  rowsPerStatement?: number;
}

export interface SeedProgress {
  phase: string;
  done: number;
  total: number;
}

export interface SeedCount {
  inserted: number;
  /** already in the database (from an earlier run, or a row with the same key / name) */
  existing: number;
}

export interface SeedSkipped {
  requested: number;
  inserted: number;
  skipped: boolean;
  reason: string | null;
}

/** The loyalty members of a run: what went in, and the opening balances they were given (without --sales). */
export interface SeedMembersReport extends SeedSkipped {
  existing: number;
  /** `adjust` ledger rows with reason 'Opening balance' (0 when sales earn the points) */
  openingBalances: number;
  elapsedMs: number;
  perSecond: number;
}

export interface SeedReport {
  seed: number;
  taxClasses: SeedCount;
  categories: SeedCount;
  products: SeedCount & { requested: number };
  /** barcodes of the products inserted by this run; `taken`: codes some other product already had (left out) */
  barcodes: { inserted: number; taken: number };
  members: SeedMembersReport;
  /** `forMembers`: of the sales inserted, those rung up for a loyalty member (who earned through them) */
  sales: SeedSkipped & { forMembers: number };
  /** the terminal id of the database (given one by this run when it had none: receipts and shifts need it) */
  terminalId: string;
  /** the signal stopped the run between two batches (the committed batches stay; run again to finish) */
  aborted: boolean;
  elapsedMs: number;
  productsPerSecond: number;
  notes: string[];
}

export const DEFAULT_SEED_BATCH = 50_000;

const INSERT_TAX_CLASS = 'INSERT OR IGNORE INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)';
const RESOLVE_TAX_CLASS = 'SELECT id FROM tax_classes WHERE id = ? UNION ALL SELECT id FROM tax_classes WHERE name = ? LIMIT 1';
const INSERT_CATEGORY = 'INSERT OR IGNORE INTO categories (id, name, parent_id, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)';
const RESOLVE_CATEGORY = 'SELECT id FROM categories WHERE id = ? UNION ALL SELECT id FROM categories WHERE name = ? LIMIT 1';
const EXISTING_SKUS = 'SELECT sku FROM products WHERE sku >= ? AND sku <= ?';
const EXISTING_IDS = 'SELECT id FROM products WHERE id >= ? AND id <= ?';
const INSERT_BARCODES_JSON = `INSERT OR IGNORE INTO product_barcodes (code, product_id, created_at)
  SELECT r.value->>0, r.value->>1, r.value->>2 FROM json_each(?) r ORDER BY r.key`;
const PRODUCT_COLUMNS =
  'id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, stock_on_hand, created_at, updated_at, sold_by_weight';
const PRODUCT_PARAMS = 13;
/** rows per INSERT statement (see seedProductBatch) */
export const PRODUCTS_PER_STATEMENT = 1000;
const BARCODES_PER_STATEMENT = 5000;
const INSERT_PRODUCTS_VALUES = `INSERT OR IGNORE INTO products (${PRODUCT_COLUMNS}) VALUES ${Array<string>(PRODUCTS_PER_STATEMENT)
  .fill(`(${Array<string>(PRODUCT_PARAMS).fill('?').join(', ')})`)
  .join(', ')}`;
/** the same for any number of rows: one JSON array of row arrays */
const INSERT_PRODUCTS_JSON = `INSERT OR IGNORE INTO products (${PRODUCT_COLUMNS})
  SELECT r.value->>0, r.value->>1, r.value->>2, r.value->>3, r.value->>4, r.value->>5, r.value->>6, r.value->>7, r.value->>8,
    r.value->>9, r.value->>10, r.value->>11, r.value->>12
  FROM json_each(?) r ORDER BY r.key`;
// the products just put in, as the catalog.imported event carries them (read back: what is stored, barcodes and all)
const IMPORTED_PRODUCTS = `SELECT json_group_array(json_object(
    'id', p.id, 'sku', p.sku, 'name', p.name, 'priceMinor', p.price_minor, 'taxClassId', p.tax_class_id, 'categoryId', p.category_id,
    'active', json(CASE WHEN p.active THEN 'true' ELSE 'false' END), 'tracksStock', json(CASE WHEN p.tracks_stock THEN 'true' ELSE 'false' END),
    'soldByWeight', json(CASE WHEN p.sold_by_weight THEN 'true' ELSE 'false' END),
    'barcodes', (SELECT json_group_array(b.code) FROM product_barcodes b WHERE b.product_id = p.id),
    'updatedAt', p.updated_at, 'stockOnHand', p.stock_on_hand)) AS products
  FROM products p WHERE p.id IN (SELECT value FROM json_each(?))`;
const ORPHAN_BARCODES =
  'DELETE FROM product_barcodes WHERE code = ? AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = product_barcodes.product_id)';

function checkCount(value: number, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max)
    throw new RangeError(`seed: ${name} must be a whole number from 0 to ${max}, not ${value}`);
}

type ResolvedCategory = SeedCategory & { dbId: string; dbTaxClassId: string };

/** What emitEvent needs from the seed: its connection and its fixed clock (seeded rows are dated SEED_BASE_TIME). */
function seedContext(sqlite: Sqlite) {
  return { sqlite, now: () => SEED_BASE_TIME };
}

/** Tax classes and categories (one transaction); returns the categories with the ids they have in this database. */
function seedReferenceData(sqlite: Sqlite, report: SeedReport): ResolvedCategory[] {
  return sqlite
    .transaction(() => {
      const taxIds = new Map<string, string>();
      for (const tax of SEED_TAX_CLASSES) {
        const { changes } = prepared(sqlite, INSERT_TAX_CLASS).run(tax.id, tax.name, tax.rateBp, SEED_BASE_TIME, SEED_BASE_TIME);
        if (changes > 0) {
          report.taxClasses.inserted++;
          emitEvent(seedContext(sqlite), 'taxClass.upserted', tax.id, { v: 1, id: tax.id, name: tax.name, rateBp: tax.rateBp });
        } else report.taxClasses.existing++;
        // a tax class of the same name made by hand is reused rather than duplicated
        const row = prepared<[string, string], { id: string }>(sqlite, RESOLVE_TAX_CLASS).get(tax.id, tax.name);
        if (!row) throw new Error(`seed: tax class ${tax.id} could not be created`);
        taxIds.set(tax.id, row.id);
      }
      return SEED_CATEGORIES.map((category) => {
        const { changes } = prepared(sqlite, INSERT_CATEGORY).run(category.id, category.name, SEED_BASE_TIME, SEED_BASE_TIME);
        if (changes > 0) {
          report.categories.inserted++;
          emitEvent(seedContext(sqlite), 'category.upserted', category.id, { v: 1, id: category.id, name: category.name, parentId: null });
        } else report.categories.existing++;
        const row = prepared<[string, string], { id: string }>(sqlite, RESOLVE_CATEGORY).get(category.id, category.name);
        if (!row) throw new Error(`seed: category ${category.id} could not be created`);
        return { ...category, dbId: row.id, dbTaxClassId: taxIds.get(category.taxClassId) ?? category.taxClassId };
      });
    })
    .immediate();
}

type ProductRow = [string, string, string, string, number, string, string, number, number, number, number, number, number];

function productRow(p: SeedProduct): ProductRow {
  return [
    p.id,
    p.sku,
    p.name,
    searchKey(p.name),
    p.priceMinor,
    p.taxClassId,
    p.categoryId,
    p.active ? 1 : 0,
    p.tracksStock ? 1 : 0,
    p.stockOnHand,
    p.createdAt,
    p.createdAt,
    p.soldByWeight ? 1 : 0,
  ];
}

/** Insert rows with one statement: a fixed VALUES list when the chunk is full, else one JSON array. */
function insertProducts(sqlite: Sqlite, products: SeedProduct[], rowsPerStatement: number): number {
  if (products.length === rowsPerStatement) {
    const sql =
      rowsPerStatement === PRODUCTS_PER_STATEMENT
        ? INSERT_PRODUCTS_VALUES
        : `INSERT OR IGNORE INTO products (${PRODUCT_COLUMNS}) VALUES ${Array<string>(rowsPerStatement)
            .fill(`(${Array<string>(PRODUCT_PARAMS).fill('?').join(', ')})`)
            .join(', ')}`;
    return prepared(sqlite, sql).run(products.flatMap(productRow)).changes;
  }
  return prepared(sqlite, INSERT_PRODUCTS_JSON).run(JSON.stringify(products.map(productRow))).changes;
}

/**
 * Insert products [first, first + count) in one transaction; what was already there is left as it is.
 *
 * FTS cost: products_fts is filled by triggers, and FTS5 writes its pending terms out as a new
 * segment at every statement boundary inside a transaction (its xSavepoint flushes). One INSERT
 * per product therefore writes one tiny segment per product and keeps FTS5 merging; one INSERT of
 * PRODUCTS_PER_STATEMENT rows writes one segment per statement (measured: ~1.8x faster overall).
 * All barcodes of the batch go in before its products (`defer_foreign_keys`: the FK is checked
 * at commit): the barcode trigger then finds no product to re-index (a no-op), and the
 * product's own insert trigger indexes name + SKU + codes + category exactly once. The other
 * order re-indexes a product for each of its barcodes (measured: ~5x slower).
 */
function seedProductBatch(
  sqlite: Sqlite,
  generator: ProductGenerator,
  first: number,
  count: number,
  how: { barcodesFirst: boolean; rowsPerStatement: number },
  report: SeedReport,
): void {
  const last = first + count - 1;
  // counted here and added to the report once the batch has committed
  const tally = { inserted: 0, existing: 0, barcodes: 0, taken: 0 };
  /** every barcode of the batch, BARCODES_PER_STATEMENT per statement; codes another product already has are left out */
  const addBarcodes = (products: SeedProduct[]): string[] => {
    const rows: [string, string, number][] = [];
    for (const p of products) for (const code of p.barcodes) rows.push([code, p.id, p.createdAt]);
    for (let i = 0; i < rows.length; i += BARCODES_PER_STATEMENT) {
      const part = rows.slice(i, i + BARCODES_PER_STATEMENT);
      const { changes } = prepared(sqlite, INSERT_BARCODES_JSON).run(JSON.stringify(part));
      tally.taken += part.length - changes;
      tally.barcodes += changes;
    }
    return rows.map((r) => r[0]);
  };

  sqlite
    .transaction(() => {
      const existingSkus = new Set(
        prepared<[string, string], { sku: string }>(sqlite, EXISTING_SKUS)
          .all(seedSku(first), seedSku(last))
          .map((r) => r.sku),
      );
      // every product of the batch is there already: nothing to generate
      if (existingSkus.size >= count) {
        tally.existing += count;
        return;
      }
      // ids sort by slot too (their time part is SEED_BASE_TIME + slot)
      const existingIds = new Set(
        prepared<[string, string], { id: string }>(sqlite, EXISTING_IDS)
          .all(seedIdTimePrefix(first), `${seedIdTimePrefix(last)}~`)
          .map((r) => r.id),
      );
      const fresh: SeedProduct[] = [];
      for (let slot = first; slot <= last; slot++) {
        const p = generator.at(slot);
        if (existingSkus.has(p.sku) || existingIds.has(p.id)) tally.existing++;
        else fresh.push(p);
      }
      sqlite.pragma('defer_foreign_keys = ON');
      const offered = how.barcodesFirst ? addBarcodes(fresh) : [];
      let inserted = 0;
      for (let i = 0; i < fresh.length; i += how.rowsPerStatement)
        inserted += insertProducts(sqlite, fresh.slice(i, i + how.rowsPerStatement), how.rowsPerStatement);
      const codes = how.barcodesFirst ? offered : addBarcodes(fresh);
      if (inserted < fresh.length) {
        // some product was taken by a row the range scans did not see: leave no barcode pointing at nothing
        for (const code of codes) tally.barcodes -= prepared(sqlite, ORPHAN_BARCODES).run(code).changes;
      }
      tally.inserted += inserted;
      tally.existing += fresh.length - inserted;
      // what the seed put in reaches the outbox like any catalogue change: one event per statement's worth
      for (let i = 0; i < fresh.length; i += PRODUCTS_PER_STATEMENT) {
        const ids = fresh.slice(i, i + PRODUCTS_PER_STATEMENT).map((p) => p.id);
        const row = prepared<[string], { products: string }>(sqlite, IMPORTED_PRODUCTS).get(JSON.stringify(ids));
        const products = JSON.parse(row?.products ?? '[]') as EventPayload<'catalog.imported'>['products'];
        if (products.length > 0) emitEvent(seedContext(sqlite), 'catalog.imported', products[0]?.id ?? '', { v: 1, products });
      }
    })
    .immediate();
  report.products.inserted += tally.inserted;
  report.products.existing += tally.existing;
  report.barcodes.inserted += tally.barcodes;
  report.barcodes.taken += tally.taken;
}

/**
 * Fill a terminal with deterministic demo data: tax classes, ~40 supermarket categories and
 * `products` products (names, prices in minor units, in-store EAN-13 barcodes, stock). The same
 * seed gives the same rows; running again inserts only what is missing. Products go in batches
 * of one transaction each, with progress and an abort check between batches. A terminal without
 * a terminal id is given one first (as setup would). Staff are not touched (see seedDemoStaff).
 * `members` loyalty members go in bulk (see members.ts): with `sales` they earn their points
 * through those sales, else each starts with an opening balance. `sales` demo sales go through
 * the real sale code (see sales.ts), a share of them for a member.
 */
export function seedDatabase(
  terminal: Pick<Terminal, 'sqlite' | 'ctx'>,
  options: SeedOptions,
  onProgress?: (p: SeedProgress) => void,
  signal?: AbortSignal,
): SeedReport {
  const started = performance.now();
  checkCount(options.products, 'products', MAX_SEED_PRODUCTS);
  checkCount(options.members, 'members', MAX_SEED_MEMBERS);
  checkCount(options.sales, 'sales');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed: the seed must be a whole number, not ${options.seed}`);
  const batchSize = options.batchSize ?? DEFAULT_SEED_BATCH;
  checkCount(batchSize, 'batchSize');
  if (batchSize === 0) throw new RangeError('seed: batchSize must be at least 1');

  const { sqlite } = terminal;
  const hasTable = (name: string): boolean =>
    prepared<[string], { n: number }>(sqlite, "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name)?.n ===
    1;
  // a database of an older schema (opened without migrating) has no loyalty tables
  const membersMissing = options.members > 0 && !hasTable('members');
  const report: SeedReport = {
    seed: options.seed,
    taxClasses: { inserted: 0, existing: 0 },
    categories: { inserted: 0, existing: 0 },
    products: { requested: options.products, inserted: 0, existing: 0 },
    barcodes: { inserted: 0, taken: 0 },
    members: {
      requested: options.members,
      inserted: 0,
      skipped: membersMissing,
      reason: membersMissing ? 'there is no members table yet (the feature does not exist in this version)' : null,
      existing: 0,
      openingBalances: 0,
      elapsedMs: 0,
      perSecond: 0,
    },
    sales: { requested: options.sales, inserted: 0, forMembers: 0, skipped: false, reason: null },
    // a seeded database can sell (and be given staff) without the first-run setup, which is what names the terminal
    terminalId: sqlite.transaction(() => ensureTerminalId(terminal.ctx)).immediate(),
    aborted: false,
    elapsedMs: 0,
    productsPerSecond: 0,
    notes: [],
  };
  for (const part of ['members', 'sales'] as const) {
    const skipped = report[part];
    if (skipped.skipped) report.notes.push(`Skipped ${skipped.requested} ${part}: ${skipped.reason}.`);
  }

  let membersStarted = false;
  // the products' rate over their own phase (members and sales come after)
  let productsMs: number | null = null;
  const finish = (): SeedReport => {
    report.elapsedMs = Math.round(performance.now() - started);
    const ms = productsMs ?? report.elapsedMs;
    report.productsPerSecond = ms > 0 ? Math.round((report.products.inserted * 1000) / ms) : 0;
    if (report.aborted) {
      const [done, total, what] = membersStarted
        ? [report.members.inserted + report.members.existing, options.members, 'members']
        : [report.products.inserted + report.products.existing, options.products, 'products'];
      report.notes.push(`Stopped after ${done} of ${total} ${what}; run the same command again to finish.`);
    }
    return report;
  };

  if (signal?.aborted) {
    report.aborted = true;
    return finish();
  }
  const categories = seedReferenceData(sqlite, report);
  const generator = new ProductGenerator(options.seed, categories);
  const how = {
    barcodesFirst: (options.order ?? 'barcodes-first') === 'barcodes-first',
    rowsPerStatement: Math.max(1, Math.min(options.rowsPerStatement ?? PRODUCTS_PER_STATEMENT, 2000)),
  };
  onProgress?.({ phase: 'products', done: 0, total: options.products });
  for (let first = 0; first < options.products; first += batchSize) {
    if (signal?.aborted) {
      report.aborted = true;
      break;
    }
    const count = Math.min(batchSize, options.products - first);
    seedProductBatch(sqlite, generator, first, count, how, report);
    onProgress?.({ phase: 'products', done: first + count, total: options.products });
  }
  productsMs = performance.now() - started;
  if (options.members > 0 && !membersMissing && !report.aborted) {
    membersStarted = true;
    // with --sales the members earn their points through the sales; without, they start with a balance
    const members = seedMembers(
      terminal,
      {
        count: options.members,
        seed: options.seed,
        batchSize: options.batchSize ?? DEFAULT_MEMBER_BATCH,
        openingBalances: options.sales === 0,
        terminalId: report.terminalId,
        ...(options.rowsPerStatement ? { rowsPerStatement: options.rowsPerStatement } : {}),
      },
      (done, total) => onProgress?.({ phase: 'members', done, total }),
      signal,
    );
    report.members = {
      ...report.members,
      inserted: members.inserted,
      existing: members.existing,
      openingBalances: members.openingBalances,
      elapsedMs: members.elapsedMs,
      perSecond: members.elapsedMs > 0 ? Math.round((members.inserted * 1000) / members.elapsedMs) : 0,
    };
    if (members.aborted) report.aborted = true;
  }
  if (options.sales > 0 && !report.aborted) {
    const sales = seedSales(
      terminal.ctx,
      options.sales,
      options.seed,
      (done, total) => onProgress?.({ phase: 'sales', done, total }),
      signal,
    );
    report.sales = {
      requested: sales.requested,
      inserted: sales.inserted,
      forMembers: sales.forMembers,
      skipped: sales.skipped,
      reason: sales.reason,
    };
    report.notes = report.notes.filter((note) => !note.includes(' sales: '));
    if (sales.skipped) report.notes.push(`Skipped ${sales.requested} sales: ${sales.reason}.`);
    else if (sales.existing > 0) report.notes.push(`${sales.existing} demo sales were already there.`);
  }
  return finish();
}
