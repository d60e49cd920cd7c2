import { and, eq, fillPlaceholders, gte, lt, not, type SQL, sql } from 'drizzle-orm';
import { alias, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import { barcodeAliases } from '../../../../src/shared/barcode';
import type { searchHitSchema } from '../../../../src/shared/contract';
import { prefixUpperBound, searchKey, searchTokens } from '../../../../src/shared/text';
import type { ReadContext, ReadDb } from '../../context';
import { categories, productBarcodes, products } from '../../db/schema';
import { perConnection, rowDecoder, sqlOnly } from '../../db/statements';
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

const p = alias(products, 'p');
const c = alias(categories, 'c');
const b = alias(productBarcodes, 'b');
const placeholder = sql.placeholder;

/** The columns of a hit: the SearchHit (but its match), then the keys of the keyset cursor. */
const hitColumns = {
  id: p.id,
  sku: p.sku,
  name: p.name,
  priceMinor: p.priceMinor,
  categoryName: c.name,
  active: p.active,
  tracksStock: p.tracksStock,
  soldByWeight: p.soldByWeight,
  stockOnHand: p.stockOnHand,
};
const keyColumns = { seq: p.seq, nameKey: p.nameKey };
const hitFields = { ...hitColumns, ...keyColumns };

/** Which variant of each tier's statement a search needs: the active filter, and a category or not. */
interface Filter {
  active: SearchInput['active'];
  byCategory: boolean;
}

/** The category and active conditions, after each tier's own (so their parameters come last but the limit). */
function filterConditions(filter: Filter): SQL[] {
  const parts: SQL[] = [];
  // the flag is written into the SQL, not bound: each variant is its own statement anyway
  if (filter.active === 'active') parts.push(eq(p.active, sql`1`));
  if (filter.active === 'inactive') parts.push(eq(p.active, sql`0`));
  if (filter.byCategory) parts.push(eq(p.categoryId, placeholder('categoryId')));
  return parts;
}

/** The key range of names that start with `key` (the name tier; the words tier leaves it out). */
const namePrefix = () => and(gte(p.nameKey, placeholder('key')), lt(p.nameKey, placeholder('upper'))) as SQL;
// keyset paging: drizzle has no row-value comparison, and SQLite seeks the index only with one
const afterNameKey = () => sql`(${p.nameKey}, ${p.seq}) > (${placeholder('afterKey')}, ${placeholder('afterSeq')})`;

/** Each tier's query for one filter variant (built on a connection to prepare, or on sqlOnly to render). */
function tierQueries(db: Pick<ReadDb, 'select'>, filter: Filter) {
  const where = filterConditions(filter);
  return {
    bySku: db
      .select(hitFields)
      .from(p)
      .leftJoin(c, eq(c.id, p.categoryId))
      .where(and(eq(p.sku, placeholder('code')), ...where)),
    byBarcode: db
      .select(hitFields)
      .from(b)
      .innerJoin(p, eq(p.id, b.productId))
      .leftJoin(c, eq(c.id, p.categoryId))
      .where(and(eq(b.code, placeholder('code')), ...where)),
    name: db
      .select(hitFields)
      .from(p)
      .leftJoin(c, eq(c.id, p.categoryId))
      .where(and(namePrefix(), afterNameKey(), ...where))
      .orderBy(p.nameKey, p.seq)
      .limit(placeholder('limit')),
    browse: db
      .select(hitFields)
      .from(p)
      .leftJoin(c, eq(c.id, p.categoryId))
      .where(and(afterNameKey(), ...where))
      .orderBy(p.nameKey, p.seq)
      .limit(placeholder('limit')),
    // the FTS5 table is not in the drizzle schema and drizzle has no MATCH: those parts are SQL
    words: db
      .select(hitFields)
      .from(sql`products_fts f`)
      .innerJoin(p, eq(p.seq, sql`f.rowid`))
      .leftJoin(c, eq(c.id, p.categoryId))
      .where(and(sql`products_fts MATCH ${placeholder('match')}`, sql`f.rowid > ${placeholder('afterSeq')}`, not(namePrefix()), ...where))
      .orderBy(sql`f.rowid`)
      .limit(placeholder('limit')),
  };
}

const FILTERS: Filter[] = (['active', 'inactive', 'all'] as const).flatMap((active) => [
  { active, byCategory: false },
  { active, byCategory: true },
]);
const filterName = (filter: Filter) => `${filter.active}${filter.byCategory ? '+category' : ''}`;

function filterOf(input: Pick<SearchInput, 'active' | 'categoryId'>): Filter {
  return { active: input.active, byCategory: Boolean(input.categoryId) };
}

type TierName = keyof ReturnType<typeof tierQueries>;
type Prepared<T extends TierName> = ReturnType<ReturnType<typeof tierQueries>[T]['prepare']>;

/** The statements of one filter variant on one connection, by tier. */
type Tiers = <T extends TierName>(tier: T) => Prepared<T>;

/**
 * The tiers of a filter variant on a connection, each prepared on first use and kept with the
 * connection (at most six variants × five tiers; a first search prepares only what it runs).
 */
const statements = perConnection((db) => {
  const variants = new Map<string, Tiers>();
  return (filter: Filter): Tiers => {
    const name = filterName(filter);
    let tiers = variants.get(name);
    if (!tiers) {
      const made = new Map<TierName, unknown>();
      tiers = <T extends TierName>(tier: T): Prepared<T> => {
        let statement = made.get(tier) as Prepared<T> | undefined;
        if (!statement) {
          statement = tierQueries(db, filter)[tier].prepare() as Prepared<T>;
          made.set(tier, statement);
        }
        return statement;
      };
      variants.set(name, tiers);
    }
    return tiers;
  };
});

/** drizzle's type of a row of the tiers (`.all()`), the left join's null category name included. */
type HitRow = ReturnType<Prepared<'name'>['all']>[number];
/** An array row of hitFields, as the tiers read them (`.values()`; see rowDecoder for the figure). */
type Values = unknown[];
const decodeHit = rowDecoder<Pick<HitRow, keyof typeof hitColumns>>(hitColumns);
const decodeKey = rowDecoder<Pick<HitRow, keyof typeof keyColumns>>(keyColumns, Object.keys(hitColumns).length);

/** The rendered SQL of the filter conditions of each variant, and the variant of a rendering. */
const dialect = new SQLiteSyncDialect();
const renderedFilters = new Map(FILTERS.map((filter) => [renderFilter(filter).sql, filter]));

function renderFilter(filter: Filter) {
  return dialect.sqlToQuery(sql.join(filterConditions(filter).map((condition) => sql` and ${condition}`)));
}

/**
 * The SQL text of the category and active conditions (as drizzle renders them) and their
 * parameters, in order: SEARCH_SQL turns the text back into the statements the core prepares.
 */
export function filterSql(input: Pick<SearchInput, 'active' | 'categoryId'>): { sql: string; params: unknown[] } {
  const rendered = renderFilter(filterOf(input));
  return { sql: rendered.sql, params: fillPlaceholders(rendered.params, { categoryId: input.categoryId }) };
}

function tierSql(tier: TierName) {
  return (filterText: string): string => {
    const filter = renderedFilters.get(filterText);
    if (!filter) throw new Error(`not a search filter of filterSql: ${filterText}`);
    return tierQueries(sqlOnly, filter)[tier].toSQL().sql;
  };
}

/**
 * The SQL of each tier as the core prepares it, given the filter text of `filterSql` (exported
 * for the query-plan tests and the benchmark's raw baseline). Positional parameters:
 * bySku/byBarcode (code, …filter), name (key, upper, afterKey, afterSeq, …filter, limit),
 * browse (afterKey, afterSeq, …filter, limit), words (match, afterSeq, key, upper, …filter, limit).
 */
export const SEARCH_SQL = {
  bySku: tierSql('bySku'),
  byBarcode: tierSql('byBarcode'),
  name: tierSql('name'),
  browse: tierSql('browse'),
  words: tierSql('words'),
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

function toHit(values: Values, match: Match): SearchHit {
  return Object.assign(decodeHit(values), { match });
}

/** The code tier's rows, one per product, with their seq (shown first, skipped by the other tiers). */
function codeTier(tiers: Tiers, input: SearchInput): { seq: number; values: Values }[] {
  const code = input.query.trim();
  if (code.length < 3 || /\s/.test(code)) return [];
  const categoryId = input.categoryId;
  const found = new Map<number, Values>();
  const add = (values: Values) => found.set(decodeKey(values).seq, values);
  for (const sku of new Set([code, code.toUpperCase()])) tiers('bySku').values({ code: sku, categoryId }).forEach(add);
  for (const alias of barcodeAliases(code)) tiers('byBarcode').values({ code: alias, categoryId }).forEach(add);
  return [...found].map(([seq, values]) => ({ seq, values }));
}

/** The seqs of the products a query finds as a code (an exact SKU or barcode, aliases included): for catalog.count. */
export function codeHitSeqs(ctx: ReadContext, input: Pick<SearchInput, 'query' | 'active' | 'categoryId'>): number[] {
  if (!searchKey(input.query)) return [];
  return codeTier(statements(ctx.db)(filterOf(input)), { ...input, limit: 1 }).map((hit) => hit.seq);
}

function nameTier(tiers: Tiers, input: SearchInput, key: string, after: { k: string; s: number }, limit: number): Values[] {
  return tiers('name').values({
    key,
    upper: prefixUpperBound(key),
    afterKey: after.k,
    afterSeq: after.s,
    categoryId: input.categoryId,
    limit,
  });
}

function browseTier(tiers: Tiers, input: SearchInput, after: { k: string; s: number }, limit: number): Values[] {
  return tiers('browse').values({ afterKey: after.k, afterSeq: after.s, categoryId: input.categoryId, limit });
}

function wordsTier(tiers: Tiers, input: SearchInput, key: string, tokens: string[], afterSeq: number, limit: number): Values[] {
  const match = tokens.map((token) => `"${token}"*`).join(' ');
  return tiers('words').values({ match, afterSeq, key, upper: prefixUpperBound(key), categoryId: input.categoryId, limit });
}

/** As-you-type catalogue search (see the tiers above). */
export function searchCatalog(ctx: ReadContext, input: SearchInput): { items: SearchHit[]; nextCursor: string | null } {
  const key = searchKey(input.query);
  const tokens = searchTokens(input.query);
  const tiers = statements(ctx.db)(filterOf(input));
  const items: SearchHit[] = [];
  let cursor: Cursor;
  if (input.cursor) {
    cursor = decodeCursor(input.cursor);
  } else {
    const codeHits = key ? codeTier(tiers, input) : [];
    for (const hit of codeHits.slice(0, input.limit)) items.push(toHit(hit.values, 'code'));
    cursor = { t: key ? 1 : 3, k: key ? '' : '', s: -1, x: codeHits.map((r) => r.seq) };
    // every code hit is skipped by the later tiers, so the ones that did not fit come on the next page
    if (codeHits.length > input.limit) return { items, nextCursor: encodeCursor({ ...cursor, t: 0, s: input.limit }) };
  }
  if (cursor.t === 0) {
    const rest = codeTier(tiers, input).slice(cursor.s);
    for (const hit of rest.slice(0, input.limit)) items.push(toHit(hit.values, 'code'));
    if (rest.length > input.limit) return { items, nextCursor: encodeCursor({ ...cursor, s: cursor.s + input.limit }) };
    cursor = { ...cursor, t: 1, k: '', s: -1 };
  }
  const skip = new Set(cursor.x);

  while (items.length < input.limit) {
    const need = input.limit - items.length;
    // fetch one more than needed to know whether the tier goes on
    let rows: Values[];
    if (cursor.t === 3) rows = browseTier(tiers, input, cursor, need + 1 + skip.size);
    else if (cursor.t === 1) rows = nameTier(tiers, input, key, cursor, need + 1 + skip.size);
    else rows = tokens.length > 0 ? wordsTier(tiers, input, key, tokens, cursor.s, need + 1 + skip.size) : [];

    const match: Match = cursor.t === 3 ? 'browse' : cursor.t === 1 ? 'name' : 'words';
    let last: Values | undefined;
    let lastKey: { seq: number; nameKey: string } | undefined;
    let taken = 0;
    for (const row of rows) {
      if (taken === need) break;
      last = row;
      lastKey = decodeKey(row);
      if (skip.has(lastKey.seq)) continue;
      items.push(toHit(row, match));
      taken++;
    }
    const exhausted = rows.length === 0 || (last === rows.at(-1) && rows.length < need + 1 + skip.size);
    if (!exhausted && lastKey) {
      cursor = { ...cursor, k: lastKey.nameKey, s: lastKey.seq };
      if (items.length >= input.limit) return { items, nextCursor: encodeCursor(cursor) };
      continue;
    }
    // this tier is done: go on to the next one, or stop
    if (cursor.t === 1 && tokens.length > 0) cursor = { ...cursor, t: 2, k: '', s: -1 };
    else return { items, nextCursor: null };
  }
  return { items, nextCursor: encodeCursor(cursor) };
}
