import { searchKey } from '../../../src/shared/text';
import { prepared } from '../context';
import type { Sqlite } from '../db/open';
import type { Terminal } from '../terminal';
import { SEED_CATEGORIES, SEED_TAX_CLASSES, type SeedCategory } from './catalog-data';
import { ProductGenerator, type SeedProduct } from './generate';
import { MAX_SEED_PRODUCTS, SEED_BASE_TIME, seedIdTimePrefix, seedSku } from './keys';

export interface SeedOptions {
  products: number;
  members: number;
  sales: number;
  seed: number;
  /** products per transaction (default 25,000) */
  batchSize?: number;
  /**
   * Insert each product's barcodes before the product (default) so the FTS triggers index it
   * once, or after it (each barcode then re-indexes the product) — kept to measure the difference.
   */
  order?: 'barcodes-first' | 'product-first';
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

export interface SeedReport {
  seed: number;
  taxClasses: SeedCount;
  categories: SeedCount;
  products: SeedCount & { requested: number };
  /** barcodes of the products inserted by this run; `taken`: codes some other product already had (left out) */
  barcodes: { inserted: number; taken: number };
  members: SeedSkipped;
  sales: SeedSkipped;
  /** the signal stopped the run between two batches (the committed batches stay; run again to finish) */
  aborted: boolean;
  elapsedMs: number;
  productsPerSecond: number;
  notes: string[];
}

export const DEFAULT_SEED_BATCH = 25_000;

const INSERT_TAX_CLASS = 'INSERT OR IGNORE INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)';
const RESOLVE_TAX_CLASS = 'SELECT id FROM tax_classes WHERE id = ? UNION ALL SELECT id FROM tax_classes WHERE name = ? LIMIT 1';
const INSERT_CATEGORY = 'INSERT OR IGNORE INTO categories (id, name, parent_id, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)';
const RESOLVE_CATEGORY = 'SELECT id FROM categories WHERE id = ? UNION ALL SELECT id FROM categories WHERE name = ? LIMIT 1';
const EXISTING_SKUS = 'SELECT sku FROM products WHERE sku >= ? AND sku <= ?';
const EXISTING_IDS = 'SELECT id FROM products WHERE id >= ? AND id <= ?';
const INSERT_BARCODE = 'INSERT OR IGNORE INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)';
const DELETE_BARCODE = 'DELETE FROM product_barcodes WHERE code = ? AND product_id = ?';
const INSERT_PRODUCT = `INSERT OR IGNORE INTO products
  (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, stock_on_hand, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function checkCount(value: number, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max)
    throw new RangeError(`seed: ${name} must be a whole number from 0 to ${max}, not ${value}`);
}

type ResolvedCategory = SeedCategory & { dbId: string; dbTaxClassId: string };

/** Tax classes and categories (one transaction); returns the categories with the ids they have in this database. */
function seedReferenceData(sqlite: Sqlite, report: SeedReport): ResolvedCategory[] {
  return sqlite
    .transaction(() => {
      const taxIds = new Map<string, string>();
      for (const tax of SEED_TAX_CLASSES) {
        const { changes } = prepared(sqlite, INSERT_TAX_CLASS).run(tax.id, tax.name, tax.rateBp, SEED_BASE_TIME, SEED_BASE_TIME);
        if (changes > 0) report.taxClasses.inserted++;
        else report.taxClasses.existing++;
        // a tax class of the same name made by hand is reused rather than duplicated
        const row = prepared<[string, string], { id: string }>(sqlite, RESOLVE_TAX_CLASS).get(tax.id, tax.name);
        if (!row) throw new Error(`seed: tax class ${tax.id} could not be created`);
        taxIds.set(tax.id, row.id);
      }
      return SEED_CATEGORIES.map((category) => {
        const { changes } = prepared(sqlite, INSERT_CATEGORY).run(category.id, category.name, SEED_BASE_TIME, SEED_BASE_TIME);
        if (changes > 0) report.categories.inserted++;
        else report.categories.existing++;
        const row = prepared<[string, string], { id: string }>(sqlite, RESOLVE_CATEGORY).get(category.id, category.name);
        if (!row) throw new Error(`seed: category ${category.id} could not be created`);
        return { ...category, dbId: row.id, dbTaxClassId: taxIds.get(category.taxClassId) ?? category.taxClassId };
      });
    })
    .immediate();
}

/** Insert products [first, first + count) in one transaction; what was already there is left as it is. */
function seedProductBatch(
  sqlite: Sqlite,
  generator: ProductGenerator,
  first: number,
  count: number,
  barcodesFirst: boolean,
  report: SeedReport,
): void {
  const last = first + count - 1;
  // counted here and added to the report once the batch has committed
  const tally = { inserted: 0, existing: 0, barcodes: 0, taken: 0 };
  const insertBarcode = prepared(sqlite, INSERT_BARCODE);
  const insertProduct = prepared(sqlite, INSERT_PRODUCT);
  const addBarcodes = (p: SeedProduct): string[] => {
    const added: string[] = [];
    for (const code of p.barcodes) {
      if (insertBarcode.run(code, p.id, p.createdAt).changes > 0) added.push(code);
      else tally.taken++;
    }
    return added;
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
      // The barcodes go in before their product (the FK is checked at commit): the barcode
      // trigger then finds no product to re-index, and the product's own insert trigger indexes
      // name + SKU + codes + category exactly once.
      sqlite.pragma('defer_foreign_keys = ON');
      for (let slot = first; slot <= last; slot++) {
        const p = generator.at(slot);
        if (existingSkus.has(p.sku) || existingIds.has(p.id)) {
          tally.existing++;
          continue;
        }
        const added = barcodesFirst ? addBarcodes(p) : [];
        const { changes } = insertProduct.run(
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
        );
        if (changes === 0) {
          // taken by a row the range scans did not see: leave no barcode pointing at nothing
          for (const code of added) prepared(sqlite, DELETE_BARCODE).run(code, p.id);
          tally.existing++;
          continue;
        }
        if (!barcodesFirst) added.push(...addBarcodes(p));
        tally.inserted++;
        tally.barcodes += added.length;
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
 * of one transaction each, with progress and an abort check between batches. Staff are not
 * touched. Members and sales are skipped until the features exist.
 */
export function seedDatabase(
  terminal: Pick<Terminal, 'sqlite'>,
  options: SeedOptions,
  onProgress?: (p: SeedProgress) => void,
  signal?: AbortSignal,
): SeedReport {
  const started = performance.now();
  checkCount(options.products, 'products', MAX_SEED_PRODUCTS);
  checkCount(options.members, 'members');
  checkCount(options.sales, 'sales');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed: the seed must be a whole number, not ${options.seed}`);
  const batchSize = options.batchSize ?? DEFAULT_SEED_BATCH;
  checkCount(batchSize, 'batchSize');
  if (batchSize === 0) throw new RangeError('seed: batchSize must be at least 1');

  const { sqlite } = terminal;
  const notYet = (requested: number, what: string): SeedSkipped => ({
    requested,
    inserted: 0,
    skipped: requested > 0,
    reason: requested > 0 ? `no ${what} table yet: the ${what} feature does not exist in this version` : null,
  });
  const report: SeedReport = {
    seed: options.seed,
    taxClasses: { inserted: 0, existing: 0 },
    categories: { inserted: 0, existing: 0 },
    products: { requested: options.products, inserted: 0, existing: 0 },
    barcodes: { inserted: 0, taken: 0 },
    members: notYet(options.members, 'members'),
    sales: notYet(options.sales, 'sales'),
    aborted: false,
    elapsedMs: 0,
    productsPerSecond: 0,
    notes: [],
  };
  if (report.members.skipped) report.notes.push(`Skipped ${options.members} members: ${report.members.reason}.`);
  if (report.sales.skipped) report.notes.push(`Skipped ${options.sales} sales: ${report.sales.reason}.`);

  const finish = (): SeedReport => {
    report.elapsedMs = Math.round(performance.now() - started);
    report.productsPerSecond = report.elapsedMs > 0 ? Math.round((report.products.inserted * 1000) / report.elapsedMs) : 0;
    if (report.aborted) {
      const done = report.products.inserted + report.products.existing;
      report.notes.push(`Stopped after ${done} of ${options.products} products; run the same command again to finish.`);
    }
    return report;
  };

  if (signal?.aborted) {
    report.aborted = true;
    return finish();
  }
  const categories = seedReferenceData(sqlite, report);
  const generator = new ProductGenerator(options.seed, categories);
  const barcodesFirst = (options.order ?? 'barcodes-first') === 'barcodes-first';
  onProgress?.({ phase: 'products', done: 0, total: options.products });
  for (let first = 0; first < options.products; first += batchSize) {
    if (signal?.aborted) {
      report.aborted = true;
      break;
    }
    const count = Math.min(batchSize, options.products - first);
    seedProductBatch(sqlite, generator, first, count, barcodesFirst, report);
    onProgress?.({ phase: 'products', done: first + count, total: options.products });
  }
  return finish();
}
