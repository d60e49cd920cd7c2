// The product CSV format, shared by the export (products) and the import: one header row with
// these columns, in this order. Money in minor units; barcodes separated by ";"; booleans "true"/"false".
// Text cells that a spreadsheet would take for a formula (= + - @ first) are written with a leading
// apostrophe (exports' guardText); the import takes it off again. Pure: cells in, values out (the CSV
// text itself is read and written with csv-parse / csv-stringify by the core).
import { checkBarcode } from './barcode';
import { barcodeSchema, skuSchema } from './contract/catalog';
import { nameSchema } from './contract/common';
import { MAX_AMOUNT_MINOR } from './pricing/limits';
import { textProblem } from './text';

/** The columns of a product CSV file, in order (the import accepts any order, and only sku is required). */
export const PRODUCT_CSV_COLUMNS = [
  'sku',
  'name',
  'price_minor',
  'tax_class',
  'category',
  'barcodes',
  'sold_by_weight',
  'tracks_stock',
  'stock_on_hand',
  'active',
] as const;
export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];

/** Between the barcodes of one product in the `barcodes` column (the import also takes spaces). */
export const PRODUCT_CSV_BARCODE_SEPARATOR = ';';

/** How a boolean column is written. */
export function csvBoolean(value: boolean): 'true' | 'false' {
  return value ? 'true' : 'false';
}

/** The most barcodes one product has (as catalog.upsertProduct). */
export const MAX_BARCODES_PER_PRODUCT = 20;
/** Stock on hand a row may give (as catalog.upsertProduct). */
export const MAX_STOCK = 1_000_000_000;

/** A product as the export writes it. */
export interface ProductCsvSource {
  sku: string;
  name: string;
  priceMinor: number;
  taxClassName: string;
  categoryName: string | null;
  barcodes: readonly string[];
  soldByWeight: boolean;
  tracksStock: boolean;
  /** pieces, or grams when sold by weight */
  stockOnHand: number;
  active: boolean;
}

/** One row of the import: what the file says. `undefined` = the column is absent or the cell empty (keep what is stored; a new product gets the default). */
export interface ProductCsvRow {
  sku: string;
  name: string | undefined;
  priceMinor: number | undefined;
  /** a tax class's name (or id) */
  taxClass: string | undefined;
  /** null: the cell is `-` (no category) */
  category: string | null | undefined;
  /** the whole list, deduplicated, in file order */
  barcodes: string[] | undefined;
  soldByWeight: boolean | undefined;
  tracksStock: boolean | undefined;
  stockOnHand: number | undefined;
  active: boolean | undefined;
}

export interface ProductCsvProblem {
  column?: ProductCsvColumn | undefined;
  message: string;
}

// what the export guards with an apostrophe (a spreadsheet would run it as a formula)
const GUARDED = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The cells of one product, in PRODUCT_CSV_COLUMNS order (texts unguarded: the export guards them). */
export function productToCsvRow(p: ProductCsvSource): string[] {
  return [
    p.sku,
    p.name,
    String(p.priceMinor),
    p.taxClassName,
    p.categoryName ?? '',
    p.barcodes.join(PRODUCT_CSV_BARCODE_SEPARATOR),
    csvBoolean(p.soldByWeight),
    csvBoolean(p.tracksStock),
    String(p.stockOnHand),
    csvBoolean(p.active),
  ];
}

/** Where each known column is in the file's header row; problems for unknown, repeated or missing columns. */
export function readProductCsvHeader(cells: readonly string[]): { columns: Map<ProductCsvColumn, number>; problems: ProductCsvProblem[] } {
  const columns = new Map<ProductCsvColumn, number>();
  const problems: ProductCsvProblem[] = [];
  const known = new Set<string>(PRODUCT_CSV_COLUMNS);
  cells.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      problems.push({ message: `Unknown column “${raw.trim().slice(0, 40)}” (the columns are ${PRODUCT_CSV_COLUMNS.join(', ')}).` });
      return;
    }
    const column = name as ProductCsvColumn;
    if (columns.has(column)) problems.push({ column, message: `The column ${column} appears twice.` });
    else columns.set(column, index);
  });
  if (!columns.has('sku')) problems.push({ column: 'sku', message: 'The header row has no sku column: every row is matched by its SKU.' });
  return { columns, problems };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'is not valid';
}

/**
 * Parse one data row (cells as csv-parse gives them) against the header's columns. Either the
 * row, or every problem of it (a row is reported in full, not only its first fault).
 */
export function parseProductCsvRow(
  columns: ReadonlyMap<ProductCsvColumn, number>,
  cells: readonly string[],
): { row: ProductCsvRow; problems: [] } | { row: null; problems: ProductCsvProblem[] } {
  const problems: ProductCsvProblem[] = [];
  const cell = (column: ProductCsvColumn): string | undefined => {
    const index = columns.get(column);
    if (index === undefined) return undefined;
    const value = (cells[index] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const bad = (column: ProductCsvColumn, message: string) => problems.push({ column, message });
  const text = (column: ProductCsvColumn): string | undefined => {
    const raw = cell(column);
    if (raw === undefined) return undefined;
    const value = GUARDED.test(raw) ? raw.slice(1) : raw;
    const problem = textProblem(value);
    if (problem) {
      bad(column, `The ${column.replace('_', ' ')} ${problem}`);
      return undefined;
    }
    return value;
  };
  const whole = (column: ProductCsvColumn, min: number, max: number, what: string): number | undefined => {
    const value = cell(column);
    if (value === undefined) return undefined;
    const n = /^[+-]?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      bad(column, `${what} must be a whole number from ${min} to ${max}, not “${value.slice(0, 20)}”.`);
      return undefined;
    }
    return n;
  };
  const flag = (column: ProductCsvColumn): boolean | undefined => {
    const value = cell(column)?.toLowerCase();
    if (value === undefined) return undefined;
    if (TRUE_WORDS.has(value)) return true;
    if (FALSE_WORDS.has(value)) return false;
    bad(column, `${column} must be true or false, not “${value.slice(0, 20)}”.`);
    return undefined;
  };

  const skuText = text('sku');
  let sku = '';
  if (skuText === undefined) {
    if (!problems.some((p) => p.column === 'sku')) bad('sku', 'The SKU is missing.');
  } else {
    const checked = skuSchema.safeParse(skuText);
    if (checked.success) sku = checked.data;
    else bad('sku', `SKU “${skuText.slice(0, 48)}”: ${firstIssue(checked)}.`);
  }
  let name = text('name');
  if (name !== undefined) {
    const checked = nameSchema.safeParse(name);
    if (checked.success) name = checked.data;
    else {
      bad('name', `The name is too long (at most 120 characters).`);
      name = undefined;
    }
  }
  const priceMinor = whole('price_minor', 0, MAX_AMOUNT_MINOR, 'The price (in minor units, e.g. 199 for 1.99)');
  const taxClass = text('tax_class');
  if (taxClass !== undefined && taxClass.length > 120) bad('tax_class', 'The tax class name is longer than 120 characters.');
  const categoryText = text('category');
  if (categoryText !== undefined && categoryText.length > 120) bad('category', 'The category name is longer than 120 characters.');
  const category = categoryText === '-' ? null : categoryText;

  let barcodes: string[] | undefined;
  const codesText = cell('barcodes');
  if (codesText !== undefined) {
    barcodes = [];
    for (const code of codesText.split(/[\s;]+/).filter((c) => c !== '')) {
      const checked = barcodeSchema.safeParse(code);
      if (!checked.success) {
        bad('barcodes', `Barcode “${code.slice(0, 48)}”: ${firstIssue(checked)}.`);
        continue;
      }
      const digit = checkBarcode(code);
      if (!digit.valid) {
        bad('barcodes', `The barcode ${code} has a wrong check digit (for an ${digit.kind} it should end in ${digit.expected}).`);
        continue;
      }
      if (!barcodes.includes(code)) barcodes.push(code);
    }
    if (barcodes.length > MAX_BARCODES_PER_PRODUCT) bad('barcodes', `A product has at most ${MAX_BARCODES_PER_PRODUCT} barcodes.`);
  }
  const soldByWeight = flag('sold_by_weight');
  const tracksStock = flag('tracks_stock');
  const stockOnHand = whole('stock_on_hand', -MAX_STOCK, MAX_STOCK, 'The stock on hand (pieces, or grams when sold by weight)');
  const active = flag('active');

  if (problems.length > 0) return { row: null, problems };
  return {
    row: { sku, name, priceMinor, taxClass, category, barcodes, soldByWeight, tracksStock, stockOnHand, active },
    problems: [],
  };
}

/**
 * The text of a CSV file as the import channel takes it: without a byte-order mark and with LF
 * line breaks (spreadsheets write CRLF; the contract refuses control characters such as CR).
 */
export function normaliseCsvText(text: string): string {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}
