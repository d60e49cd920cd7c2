import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { EventPayload, EventTopic } from '../../../../src/shared/events';
import { bulkInsert, type CentralTx, onConflictUpdate, rowsPerStatement, slices } from './db';
import {
  cashMovements,
  categories,
  members,
  payments,
  pointsLedger,
  productBarcodes,
  products,
  type STOCK_REASONS,
  saleLines,
  sales,
  saleVoids,
  shifts,
  staff,
  stockLevels,
  stockMovements,
  stores,
  syncConflicts,
  taxClasses,
  terminals,
} from './schema';

/** One outbox event as central receives it (the terminal's row, payload parsed). */
export interface CentralEvent {
  id: string;
  seq: number;
  topic: string;
  entityId: string;
  payload: Record<string, unknown>;
  createdAt: number;
}

export interface ApplyScope {
  storeId: string;
  terminalId: string;
  now: number;
}

type Conflict = typeof syncConflicts.$inferInsert;

/** What applying one batch found that needs a person (also written to sync_conflicts). */
export interface ApplyReport {
  conflicts: Conflict[];
}

const payloadOf = <T extends EventTopic>(event: CentralEvent) => event.payload as unknown as EventPayload<T>;

/** Keeps the last value per key (events arrive in seq order, so the last is the newest state). */
class Latest<T> extends Map<string, T> {
  put(key: string, value: T): void {
    this.delete(key);
    this.set(key, value);
  }
}

type ProductRow = typeof products.$inferInsert & { barcodes: string[] };
type MemberRow = typeof members.$inferInsert;

/**
 * Build the central tables from newly inserted events of one terminal, in one transaction (the
 * caller's). The events are folded per table first — every upsert of an id to its last state,
 * every new row into one multi-row INSERT — and written in an order where every parent comes
 * before its children (a shift before its sales, a sale before its lines), the pulled tables
 * last. Rows that break a
 * central rule (a SKU or name central has on another id, a card another member holds, points
 * spent below zero) are recorded as conflicts, and the catalogue rows central refuses are skipped
 * (central wins), so one bad row never stops a terminal's push for good.
 */
export async function applyEvents(tx: CentralTx, scope: ApplyScope, events: readonly CentralEvent[]): Promise<ApplyReport> {
  const { storeId, terminalId } = scope;
  const conflicts: Conflict[] = [];
  const conflict = (c: Omit<Conflict, 'detectedAt' | 'storeId' | 'terminalId'>) =>
    conflicts.push({ ...c, storeId, terminalId, detectedAt: scope.now });

  const taxRows = new Latest<typeof taxClasses.$inferInsert & { eventId: string }>();
  const categoryRows = new Latest<typeof categories.$inferInsert & { eventId: string }>();
  const productRows = new Latest<ProductRow & { eventId: string }>();
  const staffRows = new Latest<typeof staff.$inferInsert>();
  const memberRows = new Latest<MemberRow & { eventId: string }>();
  const shiftRows: (typeof shifts.$inferInsert)[] = [];
  const shiftCloses: { close: EventPayload<'shift.closed'>; event: CentralEvent }[] = [];
  const saleRows: (typeof sales.$inferInsert)[] = [];
  const lineRows: (typeof saleLines.$inferInsert)[] = [];
  const paymentRows: (typeof payments.$inferInsert)[] = [];
  const cashRows: (typeof cashMovements.$inferInsert)[] = [];
  const voidRows: (typeof saleVoids.$inferInsert)[] = [];
  const movementRows: (typeof stockMovements.$inferInsert)[] = [];
  const reorderLevels = new Latest<{ level: number | null; at: number }>();
  const ledgerRows: (typeof pointsLedger.$inferInsert & { eventId: string })[] = [];
  let storeName: string | null = null;
  let lastReceiptNo = 0;
  let lastZNumber = 0;

  const own = { storeId, terminalId };
  const addMovement = (
    m: Omit<EventPayload<'sale.completed'>['stockMovements'][number], 'reason'> & {
      reason: (typeof STOCK_REASONS)[number];
      batchId?: string | null;
      note?: string | null;
    },
  ) =>
    movementRows.push({
      id: m.id,
      ...own,
      productId: m.productId,
      delta: m.delta,
      reason: m.reason,
      saleId: m.saleId,
      saleLineId: m.saleLineId,
      staffId: m.staffId,
      createdAt: m.createdAt,
      batchId: m.batchId ?? null,
      note: m.note ?? null,
    });
  const addProduct = (p: EventPayload<'product.upserted'>, eventId: string) =>
    productRows.put(p.id, {
      id: p.id,
      sku: p.sku,
      name: p.name,
      priceMinor: p.priceMinor,
      taxClassId: p.taxClassId,
      categoryId: p.categoryId,
      active: p.active,
      tracksStock: p.tracksStock,
      soldByWeight: p.soldByWeight,
      createdAt: p.updatedAt,
      updatedAt: p.updatedAt,
      barcodes: p.barcodes,
      eventId,
    });

  for (const event of events) {
    switch (event.topic as EventTopic) {
      case 'taxClass.upserted': {
        const p = payloadOf<'taxClass.upserted'>(event);
        taxRows.put(p.id, {
          id: p.id,
          name: p.name,
          rateBp: p.rateBp,
          createdAt: event.createdAt,
          updatedAt: event.createdAt,
          deletedAt: null,
          eventId: event.id,
        });
        break;
      }
      case 'taxClass.deleted': {
        const p = payloadOf<'taxClass.deleted'>(event);
        const known = taxRows.get(p.id);
        taxRows.put(p.id, {
          id: p.id,
          name: p.name,
          rateBp: known?.rateBp ?? 0,
          createdAt: p.at,
          updatedAt: p.at,
          deletedAt: p.at,
          eventId: event.id,
        });
        break;
      }
      case 'category.upserted': {
        const p = payloadOf<'category.upserted'>(event);
        categoryRows.put(p.id, {
          id: p.id,
          name: p.name,
          parentId: p.parentId,
          createdAt: event.createdAt,
          updatedAt: event.createdAt,
          deletedAt: null,
          eventId: event.id,
        });
        break;
      }
      case 'category.deleted': {
        const p = payloadOf<'category.deleted'>(event);
        categoryRows.put(p.id, {
          id: p.id,
          name: p.name,
          parentId: null,
          createdAt: p.at,
          updatedAt: p.at,
          deletedAt: p.at,
          eventId: event.id,
        });
        break;
      }
      case 'product.upserted':
        addProduct(payloadOf<'product.upserted'>(event), event.id);
        break;
      case 'catalog.imported': {
        for (const p of payloadOf<'catalog.imported'>(event).products) {
          addProduct({ ...p, v: 1 }, event.id);
          if (p.stockOnHand !== 0 && p.tracksStock)
            movementRows.push({
              id: `${event.id}:${p.id}`,
              ...own,
              productId: p.id,
              delta: p.stockOnHand,
              reason: 'adjustment',
              saleId: null,
              saleLineId: null,
              staffId: null,
              createdAt: event.createdAt,
              batchId: event.id,
              note: 'starting stock (catalogue import)',
            });
        }
        break;
      }
      case 'staff.upserted': {
        const p = payloadOf<'staff.upserted'>(event);
        staffRows.put(p.id, { id: p.id, ...own, name: p.name, roles: p.roles, active: p.active, updatedAt: event.createdAt });
        break;
      }
      case 'settings.changed':
        storeName = payloadOf<'settings.changed'>(event).storeName || storeName;
        break;
      case 'member.upserted': {
        const p = payloadOf<'member.upserted'>(event);
        memberRows.put(p.id, {
          id: p.id,
          cardNumber: p.cardNumber,
          name: p.name,
          email: p.email,
          phone: p.phone,
          tier: p.tier,
          tierSince: p.tierSince,
          active: p.active,
          joinedAt: p.joinedAt,
          updatedAt: p.updatedAt,
          erasedAt: p.erasedAt,
          eventId: event.id,
        });
        break;
      }
      case 'member.erased': {
        const p = payloadOf<'member.erased'>(event);
        const known = memberRows.get(p.id);
        memberRows.put(p.id, {
          id: p.id,
          cardNumber: null,
          name: '',
          email: null,
          phone: null,
          tier: known?.tier ?? 'bronze',
          tierSince: known?.tierSince ?? p.at,
          active: false,
          joinedAt: known?.joinedAt ?? p.at,
          updatedAt: p.at,
          erasedAt: p.at,
          eventId: event.id,
        });
        break;
      }
      case 'points.moved': {
        const p = payloadOf<'points.moved'>(event);
        ledgerRows.push({
          id: p.id,
          ...own,
          memberId: p.memberId,
          kind: p.kind,
          points: p.points,
          balanceAfter: p.balanceAfter,
          saleId: p.saleId,
          transferId: p.transferId,
          reason: p.reason,
          staffId: p.staffId,
          approvedBy: p.approvedBy,
          at: p.at,
          eventId: event.id,
        });
        break;
      }
      case 'shift.opened': {
        const p = payloadOf<'shift.opened'>(event);
        shiftRows.push({ id: p.shiftId, ...own, openedBy: p.openedBy, openedAt: p.openedAt, openingFloatMinor: p.openingFloatMinor });
        break;
      }
      case 'shift.closed': {
        const p = payloadOf<'shift.closed'>(event);
        shiftCloses.push({ close: p, event });
        lastZNumber = Math.max(lastZNumber, p.zNumber);
        break;
      }
      case 'cash.movement': {
        const p = payloadOf<'cash.movement'>(event);
        cashRows.push({
          id: p.id,
          shiftId: p.shiftId,
          ...own,
          kind: p.kind,
          amountMinor: p.amountMinor,
          reason: p.reason,
          staffId: p.staffId,
          approvedBy: p.approvedBy,
          createdAt: p.createdAt,
        });
        break;
      }
      case 'sale.completed':
      case 'refund.completed': {
        const p = payloadOf<'sale.completed'>(event);
        lastReceiptNo = Math.max(lastReceiptNo, p.receiptNo);
        saleRows.push({
          id: p.id,
          kind: event.topic === 'sale.completed' ? 'sale' : 'refund',
          ...own,
          receiptNo: p.receiptNo,
          originalSaleId: p.originalSaleId,
          shiftId: p.shiftId,
          staffId: p.staffId,
          approvedBy: p.approvedBy,
          createdAt: p.createdAt,
          currency: p.currency,
          pricesIncludeTax: p.pricesIncludeTax,
          subtotalMinor: p.subtotalMinor,
          discountMinor: p.discountMinor,
          taxMinor: p.taxMinor,
          totalMinor: p.totalMinor,
          cashRoundingMinor: p.cashRoundingMinor,
          memberId: p.memberId ?? null,
        });
        for (const l of p.lines) lineRows.push({ ...l, saleId: p.id, ...own });
        for (const pay of p.payments) paymentRows.push({ ...pay, saleId: p.id, ...own });
        for (const m of p.stockMovements) addMovement(m);
        break;
      }
      case 'sale.voided': {
        const p = payloadOf<'sale.voided'>(event);
        voidRows.push({
          id: event.id,
          ...own,
          cartId: p.cartId,
          scope: p.scope,
          productId: p.productId,
          quantity: p.quantity,
          amountMinor: p.amountMinor,
          staffId: p.staffId,
          approvedBy: p.approvedBy,
          errorCorrect: p.errorCorrect === true,
          voidedAt: p.at,
        });
        break;
      }
      case 'stock.moved': {
        const p = payloadOf<'stock.moved'>(event);
        addMovement(p);
        break;
      }
      case 'stock.reorderLevelSet': {
        const p = payloadOf<'stock.reorderLevelSet'>(event);
        reorderLevels.put(p.productId, { level: p.reorderLevel, at: p.at });
        break;
      }
      // kept in the event log only: counts (their corrections arrive as stock.moved), prints and drawer openings
      case 'stock.counted':
      case 'receipt.printed':
      case 'drawer.opened':
        break;
      default:
        // a topic of a newer terminal: kept in the event log, applied once central knows it
        break;
    }
  }

  if (storeName) await tx.update(stores).set({ name: storeName }).where(eq(stores.id, storeId));
  await bulkInsert(
    tx,
    staff,
    [...staffRows.values()],
    onConflictUpdate([staff.id], [staff.name, staff.roles, staff.active, staff.updatedAt]),
  );

  await insertAll(tx, shifts, shiftRows);
  for (const { close, event } of shiftCloses) {
    // a shift central holds closed is never closed again over its Z report: a terminal restored
    // from a backup taken while the shift was open closes it a second time, under a new Z number
    const closed = await tx
      .update(shifts)
      .set({
        closedBy: close.closedBy,
        closedAt: close.closedAt,
        zNumber: close.zNumber,
        expectedCashMinor: close.report.expectedCashMinor,
        countedCashMinor: close.report.countedCashMinor,
        overShortMinor: close.report.overShortMinor,
        zReport: close.report,
      })
      .where(and(eq(shifts.id, close.shiftId), isNull(shifts.closedAt)))
      .returning({ id: shifts.id });
    if (closed.length > 0) continue;
    const [known] = await tx.select({ zNumber: shifts.zNumber }).from(shifts).where(eq(shifts.id, close.shiftId));
    if (!known) continue;
    conflict({
      id: `history_diverged:${terminalId}:${event.seq}:${event.id}`,
      kind: 'history_diverged',
      eventId: event.id,
      details: {
        seq: event.seq,
        shiftId: close.shiftId,
        centralZNumber: known.zNumber,
        terminalZNumber: close.zNumber,
        terminalEventId: event.id,
      },
    });
  }
  await insertAll(tx, sales, saleRows);
  await insertAll(tx, saleLines, lineRows);
  await insertAll(tx, payments, paymentRows);
  await insertAll(tx, cashMovements, cashRows);
  await insertAll(tx, saleVoids, voidRows);
  await applyStock(tx, storeId, movementRows, reorderLevels);
  // last: the pulled tables (catalogue, members — a balance is a member's column) take the
  // change_seq lock on their first write and hold it to COMMIT, so they are written at the end
  await upsertCatalog(tx, { taxRows, categoryRows, productRows }, conflict);
  await upsertMembers(tx, memberRows, conflict);
  await applyPoints(tx, ledgerRows, conflict);

  if (conflicts.length > 0) {
    for (const chunk of slices(conflicts, rowsPerStatement(11))) await tx.insert(syncConflicts).values(chunk).onConflictDoNothing();
  }
  if (lastReceiptNo > 0 || lastZNumber > 0) {
    await tx
      .update(terminals)
      .set({
        lastReceiptNo: sql`greatest(${terminals.lastReceiptNo}, ${lastReceiptNo})`,
        lastZNumber: sql`greatest(${terminals.lastZNumber}, ${lastZNumber})`,
      })
      .where(eq(terminals.id, terminalId));
  }
  return { conflicts };
}

/** ('RING', 2), the lock the change_seq triggers take (migration 0001_change_seq): transaction-scoped, re-entrant. */
async function lockChangeSeq(tx: CentralTx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(1380535879, 2)`);
}

/** Plain rows into `table` (one statement, see bulkInsert). */
async function insertAll<T extends PgTable>(tx: CentralTx, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  await bulkInsert(tx, table, rows);
}

type Record_ = (c: Omit<Conflict, 'detectedAt' | 'storeId' | 'terminalId'>) => void;

/**
 * Tax classes, categories and products, newest state per id, last-writer-wins by updated_at, each
 * table's rows in one statement. A row whose name (or SKU) central has live on another id is not
 * applied: central wins, and a catalog_duplicate conflict says so.
 */
async function upsertCatalog(
  tx: CentralTx,
  rows: {
    taxRows: Latest<typeof taxClasses.$inferInsert & { eventId: string }>;
    categoryRows: Latest<typeof categories.$inferInsert & { eventId: string }>;
    productRows: Latest<ProductRow & { eventId: string }>;
  },
  conflict: Record_,
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
async function upsertMembers(tx: CentralTx, rows: Latest<MemberRow & { eventId: string }>, conflict: Record_): Promise<void> {
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

/** Movements inserted, and stock per store moved by their sum; reorder levels set. */
async function applyStock(
  tx: CentralTx,
  storeId: string,
  movements: (typeof stockMovements.$inferInsert)[],
  reorderLevels: Latest<{ level: number | null; at: number }>,
): Promise<void> {
  await insertAll(tx, stockMovements, movements);
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
async function applyPoints(
  tx: CentralTx,
  rows: (typeof pointsLedger.$inferInsert & { eventId: string })[],
  conflict: Record_,
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
