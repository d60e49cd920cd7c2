import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Latest, MemberRow, ProductRow, RecordConflict } from './applyTypes';
import { bulkInsert, type CentralTx, onConflictUpdate, slices } from './db';
import { categories, members, productBarcodes, products, taxClasses } from './schema';

// Writing the pulled tables (catalogue, members) from a batch: they take the change_seq lock, so
// apply.ts writes them last in its transaction.

/** ('RING', 2), the lock the change_seq triggers take (migration 0001_change_seq): transaction-scoped, re-entrant. */
export async function lockChangeSeq(tx: CentralTx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(1380535879, 2)`);
}

/**
 * Tax classes, categories and products, newest state per id, last-writer-wins by updated_at, each
 * table's rows in one statement. A row whose name (or SKU) central has live on another id is not
 * applied: central wins, and a catalog_duplicate conflict says so.
 */
export async function upsertCatalog(
  tx: CentralTx,
  rows: {
    taxRows: Latest<typeof taxClasses.$inferInsert & { eventId: string }>;
    categoryRows: Latest<typeof categories.$inferInsert & { eventId: string }>;
    productRows: Latest<ProductRow & { eventId: string }>;
  },
  conflict: RecordConflict,
): Promise<void> {
  if (rows.taxRows.size + rows.categoryRows.size + rows.productRows.size === 0) return;
  // the change_seq lock first (the triggers would take it at the first write): two terminals
  // pushing the same new SKU or name at once then check one after the other, and the second finds
  // the first's row and records a conflict instead of failing on the unique index
  await lockChangeSeq(tx);
  const refuseTaken = async <R extends { id: string; eventId: string; deletedAt?: number | null }>(
    found: Latest<R>,
    key: (row: R) => string,
    holders: (keys: string[]) => Promise<{ id: string; key: string }[]>,
    what: string,
  ) => {
    const live = [...found.values()].filter((r) => r.deletedAt == null);
    if (live.length === 0) return;
    // a holder moving to another key in this same batch frees its key
    const moving = new Set([...found.values()].map((r) => r.id));
    for (const chunk of slices(live, 10_000)) {
      for (const holder of await holders(chunk.map(key))) {
        if (moving.has(holder.id)) continue;
        for (const row of chunk.filter((r) => key(r) === holder.key && r.id !== holder.id)) {
          found.delete(row.id);
          conflict({
            id: `catalog_duplicate:${row.eventId}:${row.id}`,
            kind: 'catalog_duplicate',
            eventId: row.eventId,
            details: { what, id: row.id, [what === 'product' ? 'sku' : 'name']: holder.key, centralId: holder.id, kept: 'central' },
          });
        }
      }
    }
  };
  await refuseTaken(
    rows.taxRows,
    (r) => r.name,
    (names) =>
      tx
        .select({ id: taxClasses.id, key: taxClasses.name })
        .from(taxClasses)
        .where(and(inArray(taxClasses.name, names), isNull(taxClasses.deletedAt))),
    'tax class',
  );
  await refuseTaken(
    rows.categoryRows,
    (r) => r.name,
    (names) =>
      tx
        .select({ id: categories.id, key: categories.name })
        .from(categories)
        .where(and(inArray(categories.name, names), isNull(categories.deletedAt))),
    'category',
  );
  await refuseTaken(
    rows.productRows,
    (r) => r.sku,
    (skus) => tx.select({ id: products.id, key: products.sku }).from(products).where(inArray(products.sku, skus)),
    'product',
  );

  const newer = <T extends { updatedAt: unknown }>(table: T) => sql`${table.updatedAt} <= excluded.updated_at`;
  await bulkInsert(
    tx,
    taxClasses,
    [...rows.taxRows.values()].map(({ eventId: _, ...r }) => r),
    onConflictUpdate([taxClasses.id], [taxClasses.name, taxClasses.rateBp, taxClasses.updatedAt, taxClasses.deletedAt], newer(taxClasses)),
  );
  await bulkInsert(
    tx,
    categories,
    [...rows.categoryRows.values()].map(({ eventId: _, ...r }) => r),
    onConflictUpdate(
      [categories.id],
      [categories.name, categories.parentId, categories.updatedAt, categories.deletedAt],
      newer(categories),
    ),
  );
  const productList = [...rows.productRows.values()];
  // 2,000 products a statement: a catalogue import's event holds up to 5,000
  for (const chunk of slices(productList, 2_000)) {
    const written = await bulkInsert<typeof products, { id: string }>(
      tx,
      products,
      chunk.map(({ eventId: _, barcodes: __, ...r }) => r),
      sql`${onConflictUpdate(
        [products.id],
        [
          products.sku,
          products.name,
          products.priceMinor,
          products.taxClassId,
          products.categoryId,
          products.active,
          products.tracksStock,
          products.soldByWeight,
          products.updatedAt,
        ],
        newer(products),
      )} RETURNING ${sql.identifier(products.id.name)}`,
    );
    // the codes of the products this batch wrote: the whole list, as the event has it; a code
    // another product holds stays with it (central wins)
    const ids = written.map((w) => w.id);
    if (ids.length === 0) continue;
    await tx.delete(productBarcodes).where(inArray(productBarcodes.productId, ids));
    const byId = new Map(chunk.map((p) => [p.id, p]));
    const codes = ids.flatMap((id) =>
      (byId.get(id)?.barcodes ?? []).map((code) => ({ code, productId: id, createdAt: byId.get(id)?.updatedAt ?? 0 })),
    );
    await bulkInsert(tx, productBarcodes, codes, sql`ON CONFLICT DO NOTHING`);
  }
}

/**
 * Members, newest state per id, last-writer-wins by updated_at; the balance is never written here
 * (it is the ledger's). A card, email or phone another member holds is kept (two stores enrolled
 * the same person while offline: both records and both ledgers stay) and recorded as a
 * member_duplicate conflict, which holds the newcomer back from the pull until a person merges them.
 */
export async function upsertMembers(tx: CentralTx, rows: Latest<MemberRow & { eventId: string }>, conflict: RecordConflict): Promise<void> {
  if (rows.size === 0) return;
  // (as for the catalogue: two stores enrolling the same person at once see each other)
  await lockChangeSeq(tx);
  const list = [...rows.values()];
  for (const field of ['cardNumber', 'email', 'phone'] as const) {
    const values = [...new Set(list.map((r) => r[field]).filter((v): v is string => typeof v === 'string' && v !== ''))];
    if (values.length === 0) continue;
    const column = members[field];
    for (const chunk of slices(values, 10_000)) {
      const holders = await tx
        .select({ id: members.id, value: column })
        .from(members)
        .where(and(inArray(column, chunk), isNull(members.erasedAt)));
      for (const holder of holders) {
        for (const row of list.filter((r) => r[field] === holder.value && r.id !== holder.id && r.erasedAt == null)) {
          conflict({
            id: `member_duplicate:${row.eventId}:${field}`,
            kind: 'member_duplicate',
            memberId: row.id,
            eventId: row.eventId,
            details: { field, value: holder.value, memberId: row.id, otherMemberId: holder.id },
          });
        }
      }
    }
  }
  await bulkInsert(
    tx,
    members,
    list.map(({ eventId: _, ...r }) => r),
    sql`ON CONFLICT (id) DO UPDATE SET card_number = excluded.card_number, name = excluded.name, email = excluded.email,
      phone = excluded.phone, tier = excluded.tier, tier_since = excluded.tier_since, active = excluded.active,
      updated_at = excluded.updated_at, erased_at = coalesce(${members.erasedAt}, excluded.erased_at)
      WHERE ${members.updatedAt} <= excluded.updated_at OR excluded.erased_at IS NOT NULL`,
  );
}
