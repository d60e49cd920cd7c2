import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Latest, RecordConflict } from './applyTypes';
import { bulkInsert, type CentralTx, slices } from './db';
import { members, pointsLedger, sales, stockLevels, stockMovements } from './schema';

// Stock and points from a batch: movements and ledger rows inserted, the per-store stock and the
// member balances moved by their sums (with the points_overspent conflicts), and the receipt check.

/** Movements inserted, and stock per store moved by their sum; reorder levels set. */
export async function applyStock(
  tx: CentralTx,
  storeId: string,
  movements: (typeof stockMovements.$inferInsert)[],
  reorderLevels: Latest<{ level: number | null; at: number }>,
): Promise<void> {
  await bulkInsert(tx, stockMovements, movements);
  const sums = new Map<string, { delta: number; at: number }>();
  for (const m of movements) {
    const sum = sums.get(m.productId) ?? { delta: 0, at: 0 };
    sum.delta += m.delta;
    sum.at = Math.max(sum.at, m.createdAt);
    sums.set(m.productId, sum);
  }
  const levels = [...sums].map(([productId, s]) => ({ storeId, productId, onHand: s.delta, updatedAt: s.at }));
  await bulkInsert(
    tx,
    stockLevels,
    levels,
    sql`ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = ${stockLevels.onHand} + excluded.on_hand,
      updated_at = greatest(${stockLevels.updatedAt}, excluded.updated_at)`,
  );
  const reorder = [...reorderLevels].map(([productId, r]) => ({ storeId, productId, onHand: 0, reorderLevel: r.level, updatedAt: r.at }));
  await bulkInsert(
    tx,
    stockLevels,
    reorder,
    sql`ON CONFLICT (store_id, product_id) DO UPDATE SET reorder_level = excluded.reorder_level,
      updated_at = greatest(${stockLevels.updatedAt}, excluded.updated_at)`,
  );
}

/**
 * Ledger rows inserted and each member's central balance moved by their sum, in this transaction.
 * A member whose central balance is now below zero after this batch spent points (the same points
 * spent at two stores while both were offline) gets a points_overspent conflict: the rows stay —
 * the points were given at the till — and a manager settles it.
 */
export async function applyPoints(
  tx: CentralTx,
  rows: (typeof pointsLedger.$inferInsert & { eventId: string })[],
  conflict: RecordConflict,
): Promise<void> {
  if (rows.length === 0) return;
  await bulkInsert(
    tx,
    pointsLedger,
    rows.map(({ eventId: _, ...r }) => r),
  );
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.memberId, (sums.get(r.memberId) ?? 0) + r.points);
  const entries = [...sums].filter(([, sum]) => sum !== 0);
  for (const chunk of slices(entries, 10_000)) {
    const values = sql.join(
      chunk.map(([id, sum]) => sql`(${id}::text, ${sum}::bigint)`),
      sql`, `,
    );
    const moved = await tx.execute<{ id: string; balance: string | number }>(
      sql`UPDATE ${members} SET points_balance = ${members.pointsBalance} + d.sum FROM (VALUES ${values}) AS d(id, sum)
          WHERE ${members.id} = d.id RETURNING ${members.id} AS id, ${members.pointsBalance} AS balance`,
    );
    for (const m of moved.rows) {
      const balance = Number(m.balance);
      if (balance >= 0) continue;
      const spent = rows.filter((r) => r.memberId === m.id && r.points < 0);
      const last = spent.at(-1);
      if (!last) continue;
      conflict({
        id: `points_overspent:${last.eventId}`,
        kind: 'points_overspent',
        memberId: m.id,
        eventId: last.eventId,
        details: {
          memberId: m.id,
          centralBalance: balance,
          spent: spent.map((r) => ({ ledgerId: r.id, kind: r.kind, points: r.points, saleId: r.saleId, at: r.at })),
        },
      });
    }
  }
}

/** Used by the push to find receipt numbers central already has from this terminal under other sale ids. */
export async function receiptCollisions(
  tx: CentralTx,
  terminalId: string,
  documents: { id: string; receiptNo: number }[],
): Promise<{ id: string; receiptNo: number; centralId: string }[]> {
  if (documents.length === 0) return [];
  const found: { id: string; receiptNo: number; centralId: string }[] = [];
  for (const chunk of slices(documents, 10_000)) {
    const taken = await tx
      .select({ id: sales.id, receiptNo: sales.receiptNo })
      .from(sales)
      .where(
        and(
          eq(sales.terminalId, terminalId),
          inArray(
            sales.receiptNo,
            chunk.map((d) => d.receiptNo),
          ),
        ),
      );
    for (const t of taken) {
      const mine = chunk.find((d) => d.receiptNo === t.receiptNo);
      if (mine && mine.id !== t.id) found.push({ id: mine.id, receiptNo: t.receiptNo, centralId: t.id });
    }
  }
  return found;
}
