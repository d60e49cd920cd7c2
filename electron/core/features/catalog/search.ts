import type { z } from 'zod';
import { barcodeAliases } from '../../../../src/shared/barcode';
import type { searchHitSchema } from '../../../../src/shared/contract';
import { prefixUpperBound, searchKey, searchTokens } from '../../../../src/shared/text';
import { type CoreContext, prepared } from '../../context';
import { AppError } from '../../errors';

export type SearchHit = z.infer<typeof searchHitSchema>;
type Match = SearchHit['match'];

export interface SearchInput {
  query: string;
  categoryId?: string;
  active: 'active' | 'inactive' | 'all';
  limit: number;
  cursor?: string;
}

/*
 * Ranking without scoring every match (bm25 over 500k matches of "a"* costs ~340 ms here):
 *   tier 0 "code"  — the query is exactly a barcode or SKU (first page only),
 *   tier 1 "name"  — the name starts with the query, in name order (B-tree range on name_key),
 *   tier 2 "words" — every word of the query starts a word of name/SKU/barcode/category (FTS5
 *                    prefix index), in catalogue order, minus tier-1 rows.
 * Each tier is read in index order with LIMIT, so a one-letter query costs what a long one does.
 * An empty query browses by name. Pages continue with a keyset cursor (tier, last key).
 */
interface Cursor {
  /** 0: the code tier goes on (more code hits than one page held; `s` is how many were shown) */
  t: 0 | 1 | 2 | 3;
  k: string;
  s: number;
  /** seqs already shown by the code tier, skipped later */
  x: number[];
}

interface HitRecord {
  seq: number;
  id: string;
  sku: string;
  name: string;
  name_key: string;
  price_minor: number;
  category_name: string | null;
  active: number;
  tracks_stock: number;
  sold_by_weight: number;
  stock_on_hand: number;
}

const HIT_COLUMNS =
  'p.seq, p.id, p.sku, p.name, p.name_key, p.price_minor, c.name AS category_name, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight';

/** The SQL of each tier, given the filter clauses of `filterSql` (exported for the query-plan tests). */
export const SEARCH_SQL = {
  bySku: (filter: string) =>
    `SELECT ${HIT_COLUMNS} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.sku = ?${filter}`,
  byBarcode: (filter: string) =>
    `SELECT ${HIT_COLUMNS} FROM product_barcodes b JOIN products p ON p.id = b.product_id LEFT JOIN categories c ON c.id = p.category_id WHERE b.code = ?${filter}`,
  name: (filter: string) => `SELECT ${HIT_COLUMNS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
     WHERE p.name_key >= ? AND p.name_key < ? AND (p.name_key, p.seq) > (?, ?)${filter}
     ORDER BY p.name_key, p.seq LIMIT ?`,
  browse: (filter: string) => `SELECT ${HIT_COLUMNS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
     WHERE (p.name_key, p.seq) > (?, ?)${filter} ORDER BY p.name_key, p.seq LIMIT ?`,
  words: (
    filter: string,
  ) => `SELECT ${HIT_COLUMNS} FROM products_fts f JOIN products p ON p.seq = f.rowid LEFT JOIN categories c ON c.id = p.category_id
     WHERE products_fts MATCH ? AND f.rowid > ? AND NOT (p.name_key >= ? AND p.name_key < ?)${filter}
     ORDER BY f.rowid LIMIT ?`,
};

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (![0, 1, 2, 3].includes(value.t) || typeof value.k !== 'string' || !Number.isInteger(value.s) || !Array.isArray(value.x))
      throw new Error('shape');
    return { t: value.t, k: value.k, s: value.s, x: value.x.filter(Number.isInteger).slice(0, 10) };
  } catch {
    throw new AppError('VALIDATION', 'The search cursor is not valid; start the search again.', { field: 'cursor' });
  }
}

/** The AND clauses (and their parameters) of the category and active filters. */
export function filterSql(input: Pick<SearchInput, 'active' | 'categoryId'>): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (input.active === 'active') parts.push('p.active = 1');
  if (input.active === 'inactive') parts.push('p.active = 0');
  if (input.categoryId) {
    parts.push('p.category_id = ?');
    params.push(input.categoryId);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

function toHit(record: HitRecord, match: Match): SearchHit {
  return {
    id: record.id,
    sku: record.sku,
    name: record.name,
    priceMinor: record.price_minor,
    categoryName: record.category_name,
    active: record.active === 1,
    tracksStock: record.tracks_stock === 1,
    soldByWeight: record.sold_by_weight === 1,
    stockOnHand: record.stock_on_hand,
    match,
  };
}

function codeTier(ctx: CoreContext, input: SearchInput, filter: { sql: string; params: unknown[] }): HitRecord[] {
  const code = input.query.trim();
  if (code.length < 3 || /\s/.test(code)) return [];
  const bySku = prepared<unknown[], HitRecord>(ctx.sqlite, SEARCH_SQL.bySku(filter.sql));
  const byBarcode = prepared<unknown[], HitRecord>(ctx.sqlite, SEARCH_SQL.byBarcode(filter.sql));
  const found = new Map<number, HitRecord>();
  for (const sku of new Set([code, code.toUpperCase()])) for (const r of bySku.all(sku, ...filter.params)) found.set(r.seq, r);
  for (const alias of barcodeAliases(code)) for (const r of byBarcode.all(alias, ...filter.params)) found.set(r.seq, r);
  return [...found.values()];
}

function nameTier(
  ctx: CoreContext,
  key: string,
  after: { k: string; s: number },
  limit: number,
  filter: { sql: string; params: unknown[] },
): HitRecord[] {
  const statement = prepared<unknown[], HitRecord>(ctx.sqlite, SEARCH_SQL.name(filter.sql));
  return statement.all(key, prefixUpperBound(key), after.k, after.s, ...filter.params, limit);
}

function browseTier(
  ctx: CoreContext,
  after: { k: string; s: number },
  limit: number,
  filter: { sql: string; params: unknown[] },
): HitRecord[] {
  const statement = prepared<unknown[], HitRecord>(ctx.sqlite, SEARCH_SQL.browse(filter.sql));
  return statement.all(after.k, after.s, ...filter.params, limit);
}

function wordsTier(
  ctx: CoreContext,
  key: string,
  tokens: string[],
  afterSeq: number,
  limit: number,
  filter: { sql: string; params: unknown[] },
): HitRecord[] {
  const match = tokens.map((token) => `"${token}"*`).join(' ');
  const statement = prepared<unknown[], HitRecord>(ctx.sqlite, SEARCH_SQL.words(filter.sql));
  return statement.all(match, afterSeq, key, prefixUpperBound(key), ...filter.params, limit);
}

/** As-you-type catalogue search (see the tiers above). */
export function searchCatalog(ctx: CoreContext, input: SearchInput): { items: SearchHit[]; nextCursor: string | null } {
  const key = searchKey(input.query);
  const tokens = searchTokens(input.query);
  const filter = filterSql(input);
  const items: SearchHit[] = [];
  let cursor: Cursor;
  if (input.cursor) {
    cursor = decodeCursor(input.cursor);
  } else {
    const codeHits = key ? codeTier(ctx, input, filter) : [];
    for (const record of codeHits.slice(0, input.limit)) items.push(toHit(record, 'code'));
    cursor = { t: key ? 1 : 3, k: key ? '' : '', s: -1, x: codeHits.map((r) => r.seq) };
    // every code hit is skipped by the later tiers, so the ones that did not fit come on the next page
    if (codeHits.length > input.limit) return { items, nextCursor: encodeCursor({ ...cursor, t: 0, s: input.limit }) };
  }
  if (cursor.t === 0) {
    const rest = codeTier(ctx, input, filter).slice(cursor.s);
    for (const record of rest.slice(0, input.limit)) items.push(toHit(record, 'code'));
    if (rest.length > input.limit) return { items, nextCursor: encodeCursor({ ...cursor, s: cursor.s + input.limit }) };
    cursor = { ...cursor, t: 1, k: '', s: -1 };
  }
  const skip = new Set(cursor.x);

  while (items.length < input.limit) {
    const need = input.limit - items.length;
    // fetch one more than needed to know whether the tier goes on
    let rows: HitRecord[];
    if (cursor.t === 3) rows = browseTier(ctx, cursor, need + 1 + skip.size, filter);
    else if (cursor.t === 1) rows = nameTier(ctx, key, cursor, need + 1 + skip.size, filter);
    else rows = tokens.length > 0 ? wordsTier(ctx, key, tokens, cursor.s, need + 1 + skip.size, filter) : [];

    const match: Match = cursor.t === 3 ? 'browse' : cursor.t === 1 ? 'name' : 'words';
    let last: HitRecord | undefined;
    let taken = 0;
    for (const row of rows) {
      if (taken === need) break;
      last = row;
      if (skip.has(row.seq)) continue;
      items.push(toHit(row, match));
      taken++;
    }
    const exhausted = rows.length === 0 || (last === rows.at(-1) && rows.length < need + 1 + skip.size);
    if (!exhausted && last) {
      cursor = { ...cursor, k: last.name_key, s: last.seq };
      if (items.length >= input.limit) return { items, nextCursor: encodeCursor(cursor) };
      continue;
    }
    // this tier is done: go on to the next one, or stop
    if (cursor.t === 1 && tokens.length > 0) cursor = { ...cursor, t: 2, k: '', s: -1 };
    else return { items, nextCursor: null };
  }
  return { items, nextCursor: encodeCursor(cursor) };
}
