import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { CentralDb, CentralTx } from './db';
import { categories, members, productBarcodes, products, syncConflicts, taxClasses } from './schema';

export type PulledTaxClass = Pick<
  typeof taxClasses.$inferSelect,
  'id' | 'name' | 'rateBp' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'changeSeq'
>;
export type PulledCategory = Pick<
  typeof categories.$inferSelect,
  'id' | 'name' | 'parentId' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'changeSeq'
>;
export type PulledProduct = Omit<typeof products.$inferSelect, never> & { barcodes: string[] };
export type PulledMember = typeof members.$inferSelect;

/** One page of central changes after a cursor, in change_seq order across the four pulled tables. */
export interface CentralChanges {
  taxClasses: PulledTaxClass[];
  categories: PulledCategory[];
  products: PulledProduct[];
  members: PulledMember[];
  /** the change_seq to ask after next time (the last one this page covers) */
  cursor: number;
  /** whether this page was full (more may follow) */
  more: boolean;
}

/**
 * The next `limit` changes after `cursor`. Each table's lowest `limit` rows after the cursor are
 * read (its change_seq index), merged, and the lowest `limit` of them taken, so the page is exact
 * across tables: a tax class changed before the product that uses it comes first. Members held
 * back by an open member_duplicate conflict are passed over (the cursor still moves past them:
 * resolving the conflict gives the member a new change_seq). Reads only; never takes the
 * change_seq lock, so pulls do not wait for pushes.
 */
export async function changesSince(central: CentralDb, cursor: number, limit: number): Promise<CentralChanges> {
  // one snapshot for every read: a commit between two of them could otherwise bring a product
  // whose tax class (an earlier change_seq) the first read missed, and the cursor would pass it
  return central.transaction(async (db) => pageAfter(db, cursor, limit), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function pageAfter(db: CentralTx, cursor: number, limit: number): Promise<CentralChanges> {
  const tax = await db.select().from(taxClasses).where(gt(taxClasses.changeSeq, cursor)).orderBy(asc(taxClasses.changeSeq)).limit(limit);
  const cats = await db.select().from(categories).where(gt(categories.changeSeq, cursor)).orderBy(asc(categories.changeSeq)).limit(limit);
  const prods = await db.select().from(products).where(gt(products.changeSeq, cursor)).orderBy(asc(products.changeSeq)).limit(limit);
  const mems = await db.select().from(members).where(gt(members.changeSeq, cursor)).orderBy(asc(members.changeSeq)).limit(limit);
  const seqs = [...tax, ...cats, ...prods, ...mems].map((r) => r.changeSeq).sort((a, b) => a - b);
  // a full page may have more behind it (each table was read up to the limit): ask again
  const more = seqs.length >= limit;
  const last = seqs.length === 0 ? cursor : seqs[Math.min(limit, seqs.length) - 1]!;
  const within = <R extends { changeSeq: number }>(rows: R[]) => rows.filter((r) => r.changeSeq <= last);
  const pagedProducts = within(prods);
  const codes =
    pagedProducts.length === 0
      ? []
      : await db
          .select({ code: productBarcodes.code, productId: productBarcodes.productId })
          .from(productBarcodes)
          .where(
            inArray(
              productBarcodes.productId,
              pagedProducts.map((p) => p.id),
            ),
          )
          .orderBy(asc(productBarcodes.createdAt), asc(productBarcodes.code));
  const byProduct = new Map<string, string[]>();
  for (const c of codes) byProduct.set(c.productId, [...(byProduct.get(c.productId) ?? []), c.code]);
  const pagedMembers = within(mems);
  const heldBack =
    pagedMembers.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db
              .select({ memberId: syncConflicts.memberId })
              .from(syncConflicts)
              .where(
                and(
                  eq(syncConflicts.kind, 'member_duplicate'),
                  isNull(syncConflicts.resolvedAt),
                  inArray(
                    syncConflicts.memberId,
                    pagedMembers.map((m) => m.id),
                  ),
                ),
              )
          ).map((r) => r.memberId),
        );
  return {
    taxClasses: within(tax),
    categories: within(cats),
    products: pagedProducts.map((p) => ({ ...p, barcodes: byProduct.get(p.id) ?? [] })),
    members: pagedMembers.filter((m) => !heldBack.has(m.id)),
    cursor: last,
    more,
  };
}
