// The row of a sale in progress: one per staff member in open_sales, its cart kept as JSON, read
// and written once per change (prepared once per connection). The operations are in openSale.ts.
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { discountSchema } from '../../../../src/shared/contract';
import { uuidv7 } from '../../../../src/shared/uuid';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { openSales } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import type { CartLineInput } from './cartPricing';

type Discount = z.infer<typeof discountSchema>;

/** A line as stored: the product, how much, and the adjustments the cashier made. */
export interface StoredLine {
  lineId: string;
  productId: string;
  quantity: number;
  weighed: boolean;
  discount?: Discount | null;
  priceOverrideMinor?: number;
  /** up to how much of it may be sold beyond the stock count (the cashier confirmed, or a manager approved) */
  pastStock?: number;
}

export interface StoredCart {
  lines: StoredLine[];
  cartDiscount: Discount | null;
  /** what the last scan (or + key) put on: taking that off again is an error correction, not a void */
  lastAdd?: { lineId: string; quantity: number } | null;
  /** the loyalty member the sale is for */
  memberId?: string | null;
}

export type OpenRow = typeof openSales.$inferSelect;

// every change of the sale in progress reads and writes its row: prepared once per connection
const statements = perConnection((db: Db) => ({
  byStaff: db
    .select()
    .from(openSales)
    .where(eq(openSales.staffId, sql.placeholder('staffId')))
    .prepare(),
  insert: db
    .insert(openSales)
    .values({
      id: sql.placeholder('id'),
      staffId: sql.placeholder('staffId'),
      cart: sql.placeholder('cart'),
      approvalIds: sql.placeholder('approvalIds'),
      label: sql.placeholder('label'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .prepare(),
  update: db
    .update(openSales)
    .set({
      cart: sql`${sql.placeholder('cart')}`,
      approvalIds: sql`${sql.placeholder('approvalIds')}`,
      updatedAt: sql`${sql.placeholder('updatedAt')}`,
    })
    .where(eq(openSales.id, sql.placeholder('id')))
    .prepare(),
  delete: db
    .delete(openSales)
    .where(eq(openSales.id, sql.placeholder('id')))
    .prepare(),
}));

/** The sale in progress of this session's staff member, or undefined. */
export function openRowOf(ctx: CoreContext, staffId: string): OpenRow | undefined {
  return statements(ctx.db).byStaff.get({ staffId });
}

export function requireOpenRow(ctx: CoreContext, session: Session): OpenRow {
  const row = openRowOf(ctx, requireStaffId(session));
  if (!row) throw new AppError('NOT_FOUND', 'There is no sale in progress: scan a product to start one.');
  return row;
}

export const cartOf = (row: OpenRow): StoredCart => JSON.parse(row.cart) as StoredCart;
export const approvalsOfRow = (row: OpenRow): string[] => JSON.parse(row.approvalIds) as string[];

/** The lines as the pricing and sale.complete take them. */
export function cartLinesOf(cart: StoredCart): CartLineInput[] {
  return cart.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    weighed: line.weighed,
    ...(line.discount ? { discount: line.discount } : {}),
    ...(line.priceOverrideMinor !== undefined ? { priceOverrideMinor: line.priceOverrideMinor } : {}),
  }));
}

/** Store the changed cart (and approvals) of the sale in progress. */
export function save(ctx: CoreContext, row: OpenRow, cart: StoredCart, approvalIds: string[] = approvalsOfRow(row)): OpenRow {
  const updated = { ...row, cart: JSON.stringify(cart), approvalIds: JSON.stringify([...new Set(approvalIds)]), updatedAt: ctx.now() };
  statements(ctx.db).update.run({ id: row.id, cart: updated.cart, approvalIds: updated.approvalIds, updatedAt: updated.updatedAt });
  return updated;
}

/** Start a sale in progress (its id is the sale's id from now on). */
export function startOpenSale(
  ctx: CoreContext,
  staffId: string,
  cart: StoredCart,
  label: string | null = null,
  id = uuidv7(ctx.now()),
): OpenRow {
  const now = ctx.now();
  const row: OpenRow = { id, staffId, cart: JSON.stringify(cart), approvalIds: '[]', label, createdAt: now, updatedAt: now };
  statements(ctx.db).insert.run(row);
  return row;
}

/** The sale in progress is sold (or its id was sold through the lines): it is gone. */
export function closeOpenSale(ctx: CoreContext, id: string): void {
  statements(ctx.db).delete.run({ id });
}
