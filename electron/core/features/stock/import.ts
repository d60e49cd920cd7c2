import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { barcodeAliases } from '../../../../src/shared/barcode';
import { MAX_IMPORT_ERRORS } from '../../../../src/shared/contract';
import {
  normaliseCsvText,
  type ProductCsvColumn,
  type ProductCsvRow,
  parseProductCsvRow,
  readProductCsvHeader,
} from '../../../../src/shared/productCsv';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import type { JobControl } from '../../jobs';
import { upsertCategory } from '../catalog/products';
import { type ProductWrite, releaseDroppedBarcodes, storedBarcodes, writeProducts } from '../catalog/productWriter';

/** The most data rows one import takes (a bigger catalogue goes in several files). */
export const MAX_IMPORT_ROWS = 200_000;
// rows checked between two turns of the event loop (a progress report and a cancel check each)
const CHUNK = 5000;

export interface ImportError {
  line: number;
  column?: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  stockMovements: number;
  categoriesCreated: string[];
  errors: ImportError[];
  errorCount: number;
  elapsedMs: number;
}

interface CheckedRow {
  line: number;
  row: ProductCsvRow;
}

interface StoredProductRow {
  id: string;
  sku: string;
  name: string;
  price_minor: number;
  tax_class_id: string;
  category_id: string | null;
  active: number;
  tracks_stock: number;
  sold_by_weight: number;
  stock_on_hand: number;
}

// hot path: one lookup a row, one a barcode spelling (raw SQL prepared once; drizzle would build each)
const PRODUCT_BY_SKU = `SELECT id, sku, name, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, stock_on_hand
  FROM products WHERE sku = ?`;
const BARCODE_HOLDER = 'SELECT p.id, p.sku, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?';
const TAX_CLASSES = 'SELECT id, name, rate_bp FROM tax_classes';
const CATEGORIES = 'SELECT id, name FROM categories';

/** The text of a file as rows of cells with their line numbers; or the one place it stops being CSV. */
function readCsv(text: string): { records: { line: number; cells: string[] }[] } | { error: ImportError } {
  try {
    const lines: number[] = [];
    const rows = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 100_000,
      // the line a record ends on (a quoted cell may span lines)
      on_record: (cells, context) => {
        lines.push(context.lines);
        return cells;
      },
    });
    const records = rows.map((cells, i) => ({ line: lines[i] ?? i + 1, cells }));
    return { records };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : 1;
      return { error: { line, message: `The file stops being CSV here (${error.message.replace(/\s+at line \d+\.?$/, '')}).` } };
    }
    throw error;
  }
}

/** Parse and check every row on its own and against the other rows of the file (no database). */
async function checkRows(
  records: { line: number; cells: string[] }[],
  job: JobControl,
  errors: ImportError[],
): Promise<{ rows: CheckedRow[]; dataRows: number }> {
  const [header, ...data] = records;
  if (!header) {
    errors.push({ line: 1, message: 'The file has no header row.' });
    return { rows: [], dataRows: 0 };
  }
  const { columns, problems } = readProductCsvHeader(header.cells);
  for (const p of problems) errors.push({ line: header.line, ...(p.column ? { column: p.column } : {}), message: p.message });
  if (problems.length > 0) return { rows: [], dataRows: data.length };
  if (data.length === 0) errors.push({ line: header.line, message: 'The file has a header row but no products.' });
  if (data.length > MAX_IMPORT_ROWS) {
    errors.push({ line: header.line, message: `The file has ${data.length} rows; one import takes at most ${MAX_IMPORT_ROWS}: split it.` });
    return { rows: [], dataRows: data.length };
  }
  const rows: CheckedRow[] = [];
  const skuLines = new Map<string, number>();
  const codeLines = new Map<string, number>();
  const width = header.cells.length;
  for (let start = 0; start < data.length; start += CHUNK) {
    job.throwIfCancelled();
    job.progress('Checking rows', start, data.length);
    for (const { line, cells } of data.slice(start, start + CHUNK)) {
      if (cells.length !== width) {
        errors.push({ line, message: `This row has ${cells.length} cells; the header row has ${width}.` });
        continue;
      }
      const parsed = parseProductCsvRow(columns, cells);
      if (!parsed.row) {
        for (const p of parsed.problems) errors.push({ line, ...(p.column ? { column: p.column } : {}), message: p.message });
        continue;
      }
      const { row } = parsed;
      let clean = true;
      const skuLine = skuLines.get(row.sku);
      if (skuLine !== undefined) {
        errors.push({ line, column: 'sku', message: `The SKU ${row.sku} is also on line ${skuLine}: one row a product.` });
        clean = false;
      } else skuLines.set(row.sku, line);
      for (const code of row.barcodes ?? []) {
        const other = barcodeAliases(code)
          .map((alias) => codeLines.get(alias))
          .find((l) => l !== undefined);
        if (other !== undefined) {
          errors.push({
            line,
            column: 'barcodes',
            message: `The barcode ${code} is also on line ${other}: a barcode belongs to one product.`,
          });
          clean = false;
        }
      }
      for (const code of row.barcodes ?? [])
        for (const alias of barcodeAliases(code)) if (!codeLines.has(alias)) codeLines.set(alias, line);
      if (clean) rows.push({ line, row });
    }
    // let the job's progress be read (and a cancel arrive) between chunks
    await nextTurn();
  }
  job.progress('Checking rows', data.length, data.length);
  return { rows, dataRows: data.length };
}

interface ImportPlan {
  writes: ProductWrite[];
  created: number;
  updated: number;
  unchanged: number;
  stockMovements: number;
  categoriesToCreate: Set<string>;
  /** the id a new category is filed under in the writes until it exists */
  pendingPrefix: string;
}

/** Resolve a name against a terminal's names: exact, else the one that differs only in case. */
function byName<T>(exact: Map<string, T>, folded: Map<string, T | null>, name: string): T | undefined {
  const found = exact.get(name) ?? folded.get(name.toLowerCase());
  return found ?? undefined;
}

/**
 * Check the rows against the catalogue (SKUs, barcodes of other products, tax classes, categories,
 * units) and work out each product's write. Runs inside the transaction that applies it, so what
 * it checks is what the writes find. Pure reads.
 */
function planImport(ctx: CoreContext, rows: CheckedRow[], errors: ImportError[]): ImportPlan {
  const now = ctx.now();
  const pendingPrefix = `\u0000pending:${uuidv7(now)}:`;
  const taxRows = prepared<[], { id: string; name: string; rate_bp: number }>(ctx.sqlite, TAX_CLASSES).all();
  const taxExact = new Map(taxRows.map((t) => [t.name, t]));
  const taxFolded = new Map<string, (typeof taxRows)[number] | null>();
  for (const t of taxRows) taxFolded.set(t.name.toLowerCase(), taxFolded.has(t.name.toLowerCase()) ? null : t);
  const taxById = new Map(taxRows.map((t) => [t.id, t]));
  const categoryRows = prepared<[], { id: string; name: string }>(ctx.sqlite, CATEGORIES).all();
  const categoryExact = new Map(categoryRows.map((c) => [c.name, c.id]));
  const categoryFolded = new Map<string, string | null>();
  for (const c of categoryRows) categoryFolded.set(c.name.toLowerCase(), categoryFolded.has(c.name.toLowerCase()) ? null : c.id);

  const bySku = prepared<[string], StoredProductRow>(ctx.sqlite, PRODUCT_BY_SKU);
  const holderOf = prepared<[string], { id: string; sku: string; name: string }>(ctx.sqlite, BARCODE_HOLDER);

  // first the stored product of every row: a barcode may move between two products of the file
  const stored = rows.map((r) => bySku.get(r.row.sku));
  const fileCodesOf = new Map<string, Set<string>>();
  rows.forEach((r, i) => {
    const product = stored[i];
    if (product && r.row.barcodes) fileCodesOf.set(product.id, new Set(r.row.barcodes.flatMap(barcodeAliases)));
  });

  const plan: ImportPlan = {
    writes: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    stockMovements: 0,
    categoriesToCreate: new Set(),
    pendingPrefix,
  };
  rows.forEach(({ line, row }, i) => {
    const before = stored[i];
    const fail = (column: ProductCsvColumn | undefined, message: string) => errors.push({ line, ...(column ? { column } : {}), message });
    const errorsBefore = errors.length;

    // tax class: by name (or id); tax classes are the store's legal rates, set up by hand, never by a file
    let taxClassId = before?.tax_class_id;
    if (row.taxClass !== undefined) {
      const found = byName(taxExact, taxFolded, row.taxClass) ?? taxById.get(row.taxClass);
      if (found) taxClassId = found.id;
      else {
        taxClassId = undefined;
        fail('tax_class', `There is no tax class called “${row.taxClass}”: add it under Tax classes first.`);
      }
    } else if (!before) fail('tax_class', 'A new product needs a tax class.');

    if (!before && row.name === undefined) fail('name', 'A new product needs a name.');
    if (!before && row.priceMinor === undefined) fail('price_minor', 'A new product needs a price.');

    let categoryId: string | null = before?.category_id ?? null;
    if (row.category === null) categoryId = null;
    else if (row.category !== undefined) {
      const found = byName(categoryExact, categoryFolded, row.category);
      if (found) categoryId = found;
      else {
        plan.categoriesToCreate.add(row.category);
        categoryId = pendingPrefix + row.category;
      }
    }

    const soldByWeight = row.soldByWeight ?? (before ? before.sold_by_weight === 1 : false);
    if (before && (before.sold_by_weight === 1) !== soldByWeight && before.stock_on_hand !== 0 && row.stockOnHand === undefined) {
      fail(
        'stock_on_hand',
        `Switching ${row.sku} ${soldByWeight ? 'to sold by weight' : 'to sold by the piece'} changes the unit of its stock: give stock_on_hand too (${soldByWeight ? 'in grams' : 'in pieces'}).`,
      );
    }

    if (row.barcodes) {
      for (const code of row.barcodes) {
        for (const alias of barcodeAliases(code)) {
          const holder = holderOf.get(alias);
          if (!holder || holder.id === before?.id) continue;
          // the holder is in the file too and gives the code up there: the code moves
          const holderKeeps = fileCodesOf.get(holder.id);
          if (holderKeeps && !holderKeeps.has(alias)) continue;
          fail('barcodes', `The barcode ${code} already belongs to “${holder.name}” (SKU ${holder.sku}).`);
          break;
        }
      }
    }
    if (errors.length > errorsBefore || taxClassId === undefined) return;

    const fields = {
      sku: row.sku,
      name: row.name ?? before?.name ?? '',
      priceMinor: row.priceMinor ?? before?.price_minor ?? 0,
      taxClassId,
      categoryId,
      active: row.active ?? (before ? before.active === 1 : true),
      tracksStock: row.tracksStock ?? (before ? before.tracks_stock === 1 : true),
      soldByWeight,
    };
    if (!before) {
      plan.writes.push({ id: uuidv7(now), before: null, fields, stockOnHand: row.stockOnHand, barcodes: row.barcodes ?? [] });
      plan.created++;
      if ((row.stockOnHand ?? 0) !== 0) plan.stockMovements++;
      return;
    }
    const storedCodes = row.barcodes ? storedBarcodes(ctx, before.id) : [];
    const codesChanged =
      row.barcodes !== undefined &&
      (row.barcodes.length !== storedCodes.length || row.barcodes.some((code) => !storedCodes.includes(code)));
    const stockChanged = row.stockOnHand !== undefined && row.stockOnHand !== before.stock_on_hand;
    const unitChanged = (before.sold_by_weight === 1) !== soldByWeight;
    const same =
      fields.name === before.name &&
      fields.priceMinor === before.price_minor &&
      fields.taxClassId === before.tax_class_id &&
      fields.categoryId === before.category_id &&
      fields.active === (before.active === 1) &&
      fields.tracksStock === (before.tracks_stock === 1) &&
      !unitChanged &&
      !codesChanged &&
      !stockChanged;
    if (same) {
      plan.unchanged++;
      return;
    }
    plan.writes.push({
      id: before.id,
      before: {
        sku: before.sku,
        name: before.name,
        categoryId: before.category_id,
        soldByWeight: before.sold_by_weight === 1,
        stockOnHand: before.stock_on_hand,
        barcodes: row.barcodes ? storedCodes : [],
      },
      fields,
      stockOnHand: row.stockOnHand,
      barcodes: row.barcodes,
    });
    plan.updated++;
    const stockAfter = row.stockOnHand ?? before.stock_on_hand;
    if (unitChanged && before.stock_on_hand !== 0) plan.stockMovements++;
    if (stockAfter !== (unitChanged ? 0 : before.stock_on_hand)) plan.stockMovements++;
  });
  return plan;
}

/** Write a checked plan (inside the caller's transaction): new categories, then every product. */
function applyPlan(ctx: CoreContext, plan: ImportPlan, staffId: string | null): number {
  const resolved = new Map<string, string>();
  for (const name of plan.categoriesToCreate) resolved.set(plan.pendingPrefix + name, upsertCategory(ctx, { name }, staffId).id);
  const real = (id: string): string => resolved.get(id) ?? id;
  // a new product's barcodes go in before it: the search index is written once, by the product's insert
  ctx.sqlite.pragma('defer_foreign_keys = ON');
  // codes that move between two products of the file: every update gives up its dropped codes first
  const writes = plan.writes.map((write) => {
    const released = releaseDroppedBarcodes(ctx, write);
    const { taxClassId, categoryId } = released.fields;
    return {
      ...released,
      fields: { ...released.fields, taxClassId: real(taxClassId), categoryId: categoryId === null ? null : real(categoryId) },
    };
  });
  const movements = writeProducts(ctx, writes, staffId, true);
  return movements;
}

/**
 * Import products from CSV text (the product export's format, src/shared/productCsv.ts): every row
 * is checked on its own and against the file in chunks (progress, cancel), then against the
 * catalogue and — with no error at all and not a dry run — applied, all in ONE synchronous
 * IMMEDIATE transaction (no progress inside it). Any error: nothing is written.
 */
export async function importProducts(
  ctx: CoreContext,
  input: { csv: string; dryRun: boolean },
  job: JobControl,
  staffId: string | null,
): Promise<ImportReport> {
  const started = performance.now();
  const errors: ImportError[] = [];
  const report = (fields: Partial<ImportReport> & { rows: number }): ImportReport => {
    errors.sort((a, b) => a.line - b.line);
    return {
      dryRun: input.dryRun,
      applied: false,
      created: 0,
      updated: 0,
      unchanged: 0,
      stockMovements: 0,
      categoriesCreated: [],
      ...fields,
      errors: errors.slice(0, MAX_IMPORT_ERRORS),
      errorCount: errors.length,
      elapsedMs: Math.round(performance.now() - started),
    };
  };
  job.progress('Reading', 0, 0);
  const read = readCsv(normaliseCsvText(input.csv));
  if ('error' in read) {
    errors.push(read.error);
    return report({ rows: 0 });
  }
  const { rows, dataRows } = await checkRows(read.records, job, errors);
  job.throwIfCancelled();
  // from here on it is one transaction: it cannot be stopped half-way (nor does it need to be)
  job.setCancellable(false);
  job.progress(input.dryRun ? 'Checking the catalogue' : 'Applying', 0, dataRows);
  const run = () => {
    const plan = planImport(ctx, rows, errors);
    if (errors.length > 0 || input.dryRun) return { plan, movements: plan.stockMovements, applied: false };
    const movements = applyPlan(ctx, plan, staffId);
    audit(ctx, {
      action: 'import.products',
      actorStaffId: staffId,
      entity: 'catalog',
      details: {
        rows: dataRows,
        created: plan.created,
        updated: plan.updated,
        unchanged: plan.unchanged,
        stockMovements: movements,
        categoriesCreated: plan.categoriesToCreate.size,
      },
    });
    return { plan, movements, applied: true };
  };
  // a dry run only reads: a deferred transaction (one snapshot, no write lock)
  const transaction = ctx.sqlite.transaction(run);
  const { plan, movements, applied } = input.dryRun ? transaction.deferred() : transaction.immediate();
  job.progress(input.dryRun ? 'Checking the catalogue' : 'Applying', dataRows, dataRows);
  return report({
    rows: dataRows,
    applied,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    stockMovements: movements,
    categoriesCreated: [...plan.categoriesToCreate],
  });
}
