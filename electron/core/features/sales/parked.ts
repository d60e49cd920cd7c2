// Parked carts: put aside, taken back by one cashier, and what the sale they become must still hold.
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { discountSchema } from '../../../../src/shared/contract';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { auditLog, parkedCarts, products, staff } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { type CartLineInput, priceSaleCart } from './cartPricing';
import { documentIdTaken } from './requestKeys';

const reads = perConnection((db) => {
  const id = sql.placeholder('id');
  return {
    parked: db
      .select({ cart: parkedCarts.cart, resumedAt: parkedCarts.resumedAt, resumedBy: parkedCarts.resumedBy, staffId: parkedCarts.staffId })
      .from(parkedCarts)
      .where(eq(parkedCarts.id, id))
      .prepare(),
    product: db.select({ name: products.name, soldByWeight: products.soldByWeight }).from(products).where(eq(products.id, id)).prepare(),
    // units taken off by recorded voids: the audit's details are JSON, read with json_extract
    voidedSince: db
      .select({ n: sql<number | null>`sum(json_extract(${auditLog.details}, '$.quantity'))` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, 'cart'),
          eq(auditLog.entityId, id),
          eq(auditLog.action, 'sale.voidLine'),
          sql`json_extract(${auditLog.details}, '$.productId') = ${sql.placeholder('productId')}`,
          gte(auditLog.at, sql.placeholder('since')),
        ),
      )
      .prepare(),
    list: db
      .select({
        id: parkedCarts.id,
        label: parkedCarts.label,
        staffName: staff.name,
        totalMinor: parkedCarts.totalMinor,
        cart: parkedCarts.cart,
        createdAt: parkedCarts.createdAt,
      })
      .from(parkedCarts)
      .innerJoin(staff, eq(staff.id, parkedCarts.staffId))
      .where(isNull(parkedCarts.resumedAt))
      .orderBy(asc(parkedCarts.createdAt))
      .prepare(),
    toResume: db
      .select({ label: parkedCarts.label, cart: parkedCarts.cart })
      .from(parkedCarts)
      .where(and(eq(parkedCarts.id, id), isNull(parkedCarts.resumedAt)))
      .prepare(),
  };
});

const writes = perConnection((db: Db) => {
  const id = sql.placeholder('id');
  return {
    park: db
      .insert(parkedCarts)
      .values({
        id,
        staffId: sql.placeholder('staffId'),
        label: sql.placeholder('label'),
        cart: sql.placeholder('cart'),
        totalMinor: sql.placeholder('totalMinor'),
        createdAt: sql.placeholder('createdAt'),
      })
      .onConflictDoUpdate({
        target: parkedCarts.id,
        // drizzle has no `excluded` helper: the new values are named in SQL
        set: {
          staffId: sql`excluded.staff_id`,
          label: sql`excluded.label`,
          cart: sql`excluded.cart`,
          totalMinor: sql`excluded.total_minor`,
          createdAt: sql`excluded.created_at`,
          resumedAt: null,
          resumedBy: null,
        },
      })
      .prepare(),
    resume: db
      .update(parkedCarts)
      .set({ resumedAt: sql`${sql.placeholder('at')}`, resumedBy: sql`${sql.placeholder('staffId')}` })
      .where(eq(parkedCarts.id, id))
      .prepare(),
  };
});

/**
 * The parked cart of this id must be in this cashier's hands to be sold, voided or parked again:
 * taken back (sale.resume) by them. Returns its row, or null when the id was never parked.
 */
export function heldParkedCart(ctx: CoreContext, session: Session, id: string, what: string) {
  const parked = reads(ctx.db).parked.get({ id });
  if (!parked) return null;
  if (parked.resumedAt === null) throw new AppError('CONFLICT', `This sale is parked: resume it (F7) before ${what}.`, { parkedId: id });
  if (!(session.operator && !session.staff) && parked.resumedBy !== session.staff?.id)
    throw new AppError('CONFLICT', 'Another cashier took this parked sale back: it is theirs to finish.', { parkedId: id });
  return { cart: parked.cart, resumedAt: parked.resumedAt };
}

/** Whether this id is a parked cart's (parked or taken back). */
export function isParked(ctx: CoreContext, id: string): boolean {
  return reads(ctx.db).parked.get({ id }) !== undefined;
}

/**
 * A parked cart taken back becomes this sale (or is parked again): every unit that was parked must
 * be on it, unless its removal was recorded since (sale.void, approved) or the product is gone or
 * changed unit.
 */
export function checkResumedCart(
  ctx: CoreContext,
  session: Session,
  saleId: string,
  lines: { productId: string; quantity: number }[],
  what: string,
): void {
  const parked = heldParkedCart(ctx, session, saleId, what);
  if (!parked) return;
  const parkedLines = (JSON.parse(parked.cart) as { lines: CartLineInput[] }).lines;
  const now = quantitiesByProduct(lines);
  const missing: string[] = [];
  for (const [productId, parkedQuantity] of quantitiesByProduct(parkedLines)) {
    const product = reads(ctx.db).product.get({ id: productId });
    const parkedLine = parkedLines.find((line) => line.productId === productId);
    if (!product || (parkedLine?.weighed !== undefined && parkedLine.weighed !== product.soldByWeight)) continue;
    const voided = voidedSince(ctx, saleId, productId, parked.resumedAt);
    if ((now.get(productId) ?? 0) + voided < parkedQuantity) missing.push(product.name);
  }
  if (missing.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      `${missing.map((name) => `“${name}”`).join(', ')} ${missing.length === 1 ? 'was' : 'were'} on the parked cart and ${missing.length === 1 ? 'is' : 'are'} missing now: remove lines with Del (a manager approves) before ${what}.`,
      { missingProducts: missing },
    );
  }
}

function quantitiesByProduct(lines: { productId: string; quantity: number }[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const line of lines) total.set(line.productId, (total.get(line.productId) ?? 0) + line.quantity);
  return total;
}

/** Units of a product taken off a cart by recorded (approved) voids since `since`. */
function voidedSince(ctx: CoreContext, cartId: string, productId: string, since: number): number {
  return reads(ctx.db).voidedSince.get({ id: cartId, productId, since })?.n ?? 0;
}

/**
 * Park a cart (the till's cart, re-priced here for the list's total). Parking the same id again
 * updates it — only for the cashier who parked it (or took it back); another cashier's parked
 * cart, or a completed sale's id, is a CONFLICT.
 */
export function parkCart(
  ctx: CoreContext,
  session: Session,
  input: {
    id: string;
    label?: string;
    lines: CartLineInput[];
    cartDiscount?: z.infer<typeof discountSchema> | null;
    /** the loyalty member of the sale in progress parked (comes back with it) */
    memberId?: string | null;
  },
) {
  const staffId = requireStaffId(session);
  if (documentIdTaken(ctx, input.id)) throw new AppError('CONFLICT', 'This sale is already completed: it cannot be parked.');
  const existing = reads(ctx.db).parked.get({ id: input.id });
  const holder = existing ? (existing.resumedAt === null ? existing.staffId : existing.resumedBy) : staffId;
  if (holder !== staffId) throw new AppError('CONFLICT', 'Another cashier holds this parked cart: start a new sale.');
  // parked again after being taken back: what was parked is still on it, or its removal was recorded
  if (existing?.resumedAt !== null && existing !== undefined) checkResumedCart(ctx, session, input.id, input.lines, 'parking it again');
  const { cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);
  const now = ctx.now();
  const label = input.label?.trim() || `Cart ${new Date(now).toTimeString().slice(0, 5)}`;
  writes(ctx.db).park.run({
    id: input.id,
    staffId,
    label,
    cart: JSON.stringify({
      lines: input.lines,
      cartDiscount: input.cartDiscount ?? null,
      ...(input.memberId ? { memberId: input.memberId } : {}),
    }),
    totalMinor: cart.totalMinor,
    createdAt: now,
  });
  audit(ctx, { action: 'sale.park', actorStaffId: staffId, entity: 'cart', entityId: input.id, details: { totalMinor: cart.totalMinor } });
  return {
    id: input.id,
    label,
    staffName: session.staff?.name ?? '',
    totalMinor: cart.totalMinor,
    lineCount: input.lines.length,
    createdAt: now,
  };
}

/** Parked carts, oldest first. */
export function listParked(ctx: CoreContext) {
  return reads(ctx.db)
    .list.all()
    .map(({ cart, ...rest }) => ({ ...rest, lineCount: (JSON.parse(cart) as { lines: unknown[] }).lines.length }));
}

/** Take a parked cart back; it leaves the list (kept aside until the sale is completed or voided). */
export function resumeCart(ctx: CoreContext, session: Session, id: string) {
  const staffId = requireStaffId(session);
  const row = reads(ctx.db).toResume.get({ id });
  if (!row) throw new AppError('NOT_FOUND', 'That parked cart is no longer there (someone may have resumed it).');
  // kept (out of the list): the sale it becomes must still hold what was parked, or record its voids
  writes(ctx.db).resume.run({ id, at: ctx.now(), staffId });
  audit(ctx, { action: 'sale.resume', actorStaffId: staffId, entity: 'cart', entityId: id });
  const cart = JSON.parse(row.cart) as { lines: CartLineInput[]; cartDiscount: z.infer<typeof discountSchema> | null; memberId?: string };
  return { id, label: row.label, lines: cart.lines, cartDiscount: cart.cartDiscount, memberId: cart.memberId ?? null };
}
