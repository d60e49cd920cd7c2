import { and, eq, isNull, sql } from 'drizzle-orm';
import type { EventPayload, EventTopic } from '../../../../src/shared/events';
import { applyPoints, applyStock, receiptCollisions } from './applyMovements';
import { upsertCatalog, upsertMembers } from './applyPulled';
import {
  type ApplyReport,
  type ApplyScope,
  type CentralEvent,
  type Conflict,
  Latest,
  type MemberRow,
  type ProductRow,
  payloadOf,
} from './applyTypes';
import { bulkInsert, type CentralTx, onConflictUpdate, rowsPerStatement, slices } from './db';
import {
  cashMovements,
  type categories,
  payments,
  type pointsLedger,
  type STOCK_REASONS,
  saleLines,
  sales,
  saleVoids,
  shifts,
  staff,
  type stockMovements,
  stores,
  syncConflicts,
  type taxClasses,
  terminals,
} from './schema';

export type { ApplyReport, ApplyScope, CentralEvent } from './applyTypes';
export { receiptCollisions };

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

  await bulkInsert(tx, shifts, shiftRows);
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
  await bulkInsert(tx, sales, saleRows);
  await bulkInsert(tx, saleLines, lineRows);
  await bulkInsert(tx, payments, paymentRows);
  await bulkInsert(tx, cashMovements, cashRows);
  await bulkInsert(tx, saleVoids, voidRows);
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
