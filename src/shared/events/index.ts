import { z } from 'zod';
import { loyaltySettingsSchema } from '../contract/setup';

/**
 * The outbox's event contract: one versioned schema per topic, camelCase, carrying everything a
 * central database needs to rebuild a terminal's business history without reading its tables.
 * A change that breaks a schema gets a new version (`v: 2`) beside the old one, never an edit.
 */

const id = z.string().min(1).max(64);
const minor = z.int();
const at = z.int();

const documentLineSchema = z.object({
  id,
  lineNo: z.int(),
  productId: id.nullable(),
  sku: z.string(),
  name: z.string(),
  /** pieces, or grams when weighed */
  quantity: z.int(),
  weighed: z.boolean(),
  unitPriceMinor: minor,
  /** the catalogue price when a manager overrode it */
  listPriceMinor: minor.nullable(),
  taxClassId: z.string(),
  taxRateBp: z.int(),
  grossMinor: minor,
  lineDiscountMinor: minor,
  cartDiscountMinor: minor,
  taxMinor: minor,
  totalMinor: minor,
  /** refund lines: the sold line given back, and whether it went back to stock */
  originalLineId: id.nullable(),
  restock: z.boolean().nullable(),
});

const paymentSchema = z.object({
  id,
  method: z.enum(['cash', 'card', 'points']),
  amountMinor: minor,
  tenderedMinor: minor.nullable(),
  changeMinor: minor.nullable(),
  approvalCode: z.string().nullable(),
  cardLast4: z.string().nullable(),
});

/** A change of stock on hand (pieces, or grams of a product sold by weight). */
const stockMovementSchema = z.object({
  id,
  productId: id,
  delta: z.int(),
  reason: z.enum(['sale', 'refund', 'adjustment', 'receipt']),
  saleId: id.nullable(),
  saleLineId: id.nullable(),
  staffId: id.nullable(),
  createdAt: at,
});

const productSchema = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  priceMinor: minor,
  taxClassId: id,
  categoryId: id.nullable(),
  active: z.boolean(),
  tracksStock: z.boolean(),
  soldByWeight: z.boolean(),
  barcodes: z.array(z.string()),
  updatedAt: at,
});

/** A sale or a refund, whole: header, lines, tenders (or pay-backs) and the stock they moved. */
const documentSchema = z.object({
  v: z.literal(1),
  id,
  terminalId: z.string(),
  receiptNo: z.int(),
  originalSaleId: id.nullable(),
  shiftId: id,
  staffId: id,
  approvedBy: id.nullable(),
  createdAt: at,
  currency: z.string(),
  pricesIncludeTax: z.boolean(),
  subtotalMinor: minor,
  discountMinor: minor,
  taxMinor: minor,
  totalMinor: minor,
  cashRoundingMinor: minor,
  /** the loyalty member the sale was for (added within v1: absent before loyalty) */
  memberId: id.nullable().optional(),
  lines: z.array(documentLineSchema),
  payments: z.array(paymentSchema),
  stockMovements: z.array(stockMovementSchema),
});

const shiftFiguresSchema = z.object({
  salesCount: z.int(),
  salesTotalMinor: minor,
  refundsCount: z.int(),
  refundsTotalMinor: minor,
  discountsMinor: minor,
  tenders: z.array(z.object({ method: z.string(), salesMinor: minor, refundsMinor: minor })),
  taxes: z.array(z.object({ taxRateBp: z.int(), netMinor: minor, taxMinor: minor, totalMinor: minor })),
  paidInMinor: minor,
  paidOutMinor: minor,
  noSales: z.int(),
  receiptCopies: z.int().optional(),
  drawerOpenings: z.int().optional(),
  cashRoundingMinor: minor,
  expectedCashMinor: minor,
  countedCashMinor: minor.nullable(),
  overShortMinor: minor.nullable(),
  counted: z.array(z.object({ denominationMinor: z.int(), count: z.int() })).nullable(),
});

export const eventSchemas = {
  'shift.opened': z.object({ v: z.literal(1), shiftId: id, terminalId: z.string(), openedBy: id, openedAt: at, openingFloatMinor: minor }),
  /** the Z report as stored at close */
  'shift.closed': z.object({
    v: z.literal(1),
    shiftId: id,
    terminalId: z.string(),
    zNumber: z.int(),
    closedBy: id,
    closedAt: at,
    openedAt: at,
    openingFloatMinor: minor,
    report: shiftFiguresSchema,
  }),
  'cash.movement': z.object({
    v: z.literal(1),
    id,
    shiftId: id,
    kind: z.enum(['paid_in', 'paid_out', 'no_sale']),
    amountMinor: minor,
    reason: z.string(),
    staffId: id,
    approvedBy: id.nullable(),
    createdAt: at,
  }),
  'sale.completed': documentSchema,
  'refund.completed': documentSchema,
  /** units of a line, or the whole open sale, taken off before payment (approved, priced by the core) */
  'sale.voided': z.object({
    v: z.literal(1),
    cartId: id,
    scope: z.enum(['line', 'cart']),
    productId: id.nullable(),
    quantity: z.int().nullable(),
    amountMinor: minor,
    staffId: id,
    approvedBy: id.nullable(),
    at,
    /** the item just scanned taken off again before the next scan (added within v1; absent = a void) */
    errorCorrect: z.boolean().optional(),
  }),
  /**
   * a change of stock outside a sale or refund (a count, a delivery, a correction). v1: catalogue
   * edits and imports (reason adjustment); v2 (the stock channels): the reasons received (receipt),
   * damaged, theft and count_correction, a note, and the call or count that made it (batchId)
   */
  'stock.moved': z.discriminatedUnion('v', [
    stockMovementSchema.extend({ v: z.literal(1), stockAfter: z.int() }),
    stockMovementSchema.extend({
      v: z.literal(2),
      reason: z.enum(['sale', 'refund', 'adjustment', 'receipt', 'damaged', 'theft', 'count_correction']),
      batchId: id.nullable(),
      note: z.string().nullable(),
      stockAfter: z.int(),
    }),
  ]),
  /**
   * a stock count applied: every line counted, with what was expected then (a line that matched is
   * no stock movement, yet central's shrinkage report needs it); its corrections travel as stock.moved
   * (reason count_correction, batchId = countId)
   */
  'stock.counted': z.object({
    v: z.literal(1),
    countId: id,
    note: z.string().nullable(),
    startedAt: at,
    lines: z.array(z.object({ productId: id, counted: z.int(), expected: z.int() })),
    staffId: id.nullable(),
    at,
  }),
  /** the level at which a product counts as running low in this store (null: none) */
  'stock.reorderLevelSet': z.object({ v: z.literal(1), productId: id, reorderLevel: z.int().nullable(), staffId: id.nullable(), at }),
  /** the drawer opened for a sale, refund or no-sale */
  'drawer.opened': z.object({ v: z.literal(1), entity: z.enum(['sale', 'cash_movement']), entityId: id, staffId: id.nullable(), at }),
  /** a receipt went to a printer: the original, or a copy */
  'receipt.printed': z.object({
    v: z.literal(1),
    id,
    saleId: id,
    copy: z.boolean(),
    target: z.string(),
    staffId: id.nullable(),
    printedAt: at,
  }),
  'product.upserted': productSchema.extend({ v: z.literal(1) }),
  /** many products put in at once (a catalogue import or seed), each with the stock it starts with */
  'catalog.imported': z.object({
    v: z.literal(1),
    products: z.array(productSchema.extend({ stockOnHand: z.int() })).max(5000),
  }),
  'category.upserted': z.object({ v: z.literal(1), id, name: z.string(), parentId: id.nullable() }),
  'taxClass.upserted': z.object({ v: z.literal(1), id, name: z.string(), rateBp: z.int() }),
  /** a category deleted (no product or category was in it); it left the loyalty exclusions in the same change */
  'category.deleted': z.object({ v: z.literal(1), id, name: z.string(), staffId: id.nullable(), at }),
  /** a tax class deleted (no product was taxed at it) */
  'taxClass.deleted': z.object({ v: z.literal(1), id, name: z.string(), staffId: id.nullable(), at }),
  /** never a PIN or its hash */
  'staff.upserted': z.object({ v: z.literal(1), id, name: z.string(), roles: z.array(z.string()), active: z.boolean() }),
  /** the settings that matter beyond this terminal (not its printer) */
  'settings.changed': z.object({
    v: z.literal(1),
    storeName: z.string(),
    terminalId: z.string(),
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    taxRounding: z.enum(['line', 'total']),
    cashRoundingStep: z.int(),
    cashierDiscountLimitBp: z.int(),
    allowNegativeStock: z.boolean(),
    noSaleNeedsApproval: z.boolean(),
    /** added within v1 (absent from events written before them) */
    outOfStock: z.enum(['sell', 'manager', 'refuse']).optional(),
    removalApproval: z.enum(['always', 'errorCorrect', 'never']).optional(),
    blindCashUp: z.boolean().optional(),
    /** (pointsExpireAfterMonths added within v1: absent from events written before it) */
    loyalty: loyaltySettingsSchema.partial({ pointsExpireAfterMonths: true }).optional(),
    timeZone: z.string().optional(),
  }),
  /** a loyalty member enrolled or changed (personal data: central keeps one record per member for the chain) */
  'member.upserted': z.object({
    v: z.literal(1),
    id,
    cardNumber: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    tier: z.enum(['bronze', 'silver', 'gold', 'platinum']),
    tierSince: at,
    active: z.boolean(),
    joinedAt: at,
    updatedAt: at,
    erasedAt: at.nullable(),
  }),
  /** a member's personal data erased on request: central erases its copy too */
  'member.erased': z.object({ v: z.literal(1), id, staffId: id.nullable(), at }),
  /** one row of the points ledger: every movement of a member's points, signed */
  'points.moved': z.object({
    v: z.literal(1),
    id,
    memberId: id,
    kind: z.enum(['earn', 'redeem', 'transfer_out', 'transfer_in', 'refund_reversal', 'adjust', 'expire']),
    points: z.int(),
    balanceAfter: z.int(),
    saleId: id.nullable(),
    transferId: id.nullable(),
    reason: z.string().nullable(),
    staffId: id.nullable(),
    approvedBy: id.nullable(),
    terminalId: z.string(),
    at,
  }),
};

export type EventTopic = keyof typeof eventSchemas;
export type EventPayload<T extends EventTopic> = z.infer<(typeof eventSchemas)[T]>;
export const EVENT_TOPICS = Object.keys(eventSchemas) as EventTopic[];

/** Whether a topic is one of the contract's. */
export function isEventTopic(topic: string): topic is EventTopic {
  return Object.hasOwn(eventSchemas, topic);
}
