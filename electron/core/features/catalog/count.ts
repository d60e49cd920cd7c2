import { and, count, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { prefixUpperBound, searchKey, searchTokens } from '../../../../src/shared/text';
import type { ReadContext, ReadDb } from '../../context';
import { products } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { codeHitSeqs } from './search';

/** Counting stops here: "100,000+ products" says all a cashier needs, at a bounded cost. */
export const COUNT_CAP = 100_000;

export interface CountInput {
  query: string;
  categoryId?: string;
  active: 'active' | 'inactive' | 'all';
}

const p = alias(products, 'p');
const placeholder = sql.placeholder;

interface Filter {
  active: CountInput['active'];
  byCategory: boolean;
}

function filterConditions(filter: Filter): SQL[] {
  const parts: SQL[] = [];
  if (filter.active === 'active') parts.push(eq(p.active, sql`1`));
  if (filter.active === 'inactive') parts.push(eq(p.active, sql`0`));
  if (filter.byCategory) parts.push(eq(p.categoryId, placeholder('categoryId')));
  return parts;
}

/**
 * How many products a search finds. Every tier of catalog.search (a code, the start of a name,
 * words) is a match of the FTS5 prefix index over name, SKU, barcodes and category, so the count
 * is the index's matches that pass the filter: one bounded pass (≤ COUNT_CAP + 1 rows), 10–120 ms
 * on a million products for a one-letter query, which is why the till asks for it apart from the
 * page, once the typing has settled.
 */
function countQueries(db: ReadDb, filter: Filter) {
  const where = filterConditions(filter);
  const matches = db
    .select({ one: sql`1` })
    .from(sql`products_fts f`)
    .innerJoin(p, eq(p.seq, sql`f.rowid`))
    .where(and(sql`products_fts MATCH ${placeholder('match')}`, ...where))
    .limit(placeholder('cap'))
    .as('m');
  const all = db
    .select({ one: sql`1` })
    .from(p)
    .where(where.length > 0 ? and(...where) : undefined)
    .limit(placeholder('cap'))
    .as('m');
  // a query of signs alone ("--") has no words: the search lists names that start with it
  const named = db
    .select({ one: sql`1` })
    .from(p)
    .where(and(gte(p.nameKey, placeholder('key')), lt(p.nameKey, placeholder('upper')), ...where))
    .limit(placeholder('cap'))
    .as('m');
  return {
    words: db.select({ n: count() }).from(matches).prepare(),
    // a code found through its UPC-A / EAN-13 alias is not a prefix of what the index holds
    isMatch: db
      .select({ one: sql`1` })
      .from(sql`products_fts f`)
      .where(and(sql`products_fts MATCH ${placeholder('match')}`, sql`f.rowid = ${placeholder('seq')}`))
      .prepare(),
    name: db.select({ n: count() }).from(named).prepare(),
    browse: db.select({ n: count() }).from(all).prepare(),
  };
}

const statements = perConnection((db) => {
  const variants = new Map<string, ReturnType<typeof countQueries>>();
  return (filter: Filter) => {
    const name = `${filter.active}${filter.byCategory ? '+category' : ''}`;
    let made = variants.get(name);
    if (!made) {
      made = countQueries(db, filter);
      variants.set(name, made);
    }
    return made;
  };
});

/** The number of products catalog.search would list for this query and filter, up to COUNT_CAP. */
export function countCatalog(ctx: ReadContext, input: CountInput, cap = COUNT_CAP): { count: number; capped: boolean } {
  const key = searchKey(input.query);
  const tokens = searchTokens(input.query);
  const made = statements(ctx.db)({ active: input.active, byCategory: Boolean(input.categoryId) });
  const params = { cap: cap + 1, categoryId: input.categoryId };
  let n: number;
  if (tokens.length > 0) {
    const match = tokens.map((token) => `"${token}"*`).join(' ');
    n = made.words.get({ ...params, match })?.n ?? 0;
    for (const seq of codeHitSeqs(ctx, input)) if (!made.isMatch.get({ match, seq })) n++;
  } else {
    n = (key ? made.name.get({ ...params, key, upper: prefixUpperBound(key) }) : made.browse.get(params))?.n ?? 0;
  }
  return { count: Math.min(n, cap), capped: n > cap };
}
