// Parked carts: put aside, taken back by one cashier, and what the sale they become must still hold.
import type { z } from 'zod';
import type { discountSchema } from '../../../../src/shared/contract';
import { audit } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { type CartLineInput, priceSaleCart } from './cartPricing';
import { documentIdTaken } from './requestKeys';

/**
 * The parked cart of this id must be in this cashier's hands to be sold, voided or parked again:
 * taken back (sale.resume) by them. Returns its row, or null when the id was never parked.
 */
export function heldParkedCart(ctx: CoreContext, session: Session, id: string, what: string) {
  const parked = prepared<[string], { cart: string; resumed_at: number | null; resumed_by: string | null; staff_id: string }>(
    ctx.sqlite,
    'SELECT cart, resumed_at, resumed_by, staff_id FROM parked_carts WHERE id = ?',
  ).get(id);
  if (!parked) return null;
  if (parked.resumed_at === null) throw new AppError('CONFLICT', `This sale is parked: resume it (F7) before ${what}.`, { parkedId: id });
  if (!(session.operator && !session.staff) && parked.resumed_by !== session.staff?.id)
    throw new AppError('CONFLICT', 'Another cashier took this parked sale back: it is theirs to finish.', { parkedId: id });
  return { cart: parked.cart, resumedAt: parked.resumed_at };
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
    const product = prepared<[string], { name: string; sold_by_weight: number }>(
      ctx.sqlite,
      'SELECT name, sold_by_weight FROM products WHERE id = ?',
    ).get(productId);
    const parkedLine = parkedLines.find((line) => line.productId === productId);
    if (!product || (parkedLine?.weighed !== undefined && parkedLine.weighed !== (product.sold_by_weight === 1))) continue;
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
  return (
    prepared<[string, string, number], { n: number | null }>(
      ctx.sqlite,
      `SELECT sum(json_extract(details, '$.quantity')) AS n FROM audit_log
       WHERE entity = 'cart' AND entity_id = ? AND action = 'sale.voidLine' AND json_extract(details, '$.productId') = ? AND at >= ?`,
    ).get(cartId, productId, since)?.n ?? 0
  );
}

/**
 * Park a cart (the till's cart, re-priced here for the list's total). Parking the same id again
 * updates it — only for the cashier who parked it (or took it back); another cashier's parked
 * cart, or a completed sale's id, is a CONFLICT.
 */
export function parkCart(
  ctx: CoreContext,
  session: Session,
  input: { id: string; label?: string; lines: CartLineInput[]; cartDiscount?: z.infer<typeof discountSchema> | null },
) {
  const staffId = requireStaffId(session);
  if (documentIdTaken(ctx, input.id)) throw new AppError('CONFLICT', 'This sale is already completed: it cannot be parked.');
  const existing = prepared<[string], { staff_id: string; resumed_at: number | null; resumed_by: string | null }>(
    ctx.sqlite,
    'SELECT staff_id, resumed_at, resumed_by FROM parked_carts WHERE id = ?',
  ).get(input.id);
  const holder = existing ? (existing.resumed_at === null ? existing.staff_id : existing.resumed_by) : staffId;
  if (holder !== staffId) throw new AppError('CONFLICT', 'Another cashier holds this parked cart: start a new sale.');
  // parked again after being taken back: what was parked is still on it, or its removal was recorded
  if (existing?.resumed_at !== null && existing !== undefined) checkResumedCart(ctx, session, input.id, input.lines, 'parking it again');
  const { cart } = priceSaleCart(ctx, input.lines, input.cartDiscount);
  const now = ctx.now();
  const label = input.label?.trim() || `Cart ${new Date(now).toTimeString().slice(0, 5)}`;
  prepared(
    ctx.sqlite,
    `INSERT INTO parked_carts (id, staff_id, label, cart, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET staff_id = excluded.staff_id, label = excluded.label, cart = excluded.cart,
       total_minor = excluded.total_minor, created_at = excluded.created_at, resumed_at = NULL, resumed_by = NULL`,
  ).run(input.id, staffId, label, JSON.stringify({ lines: input.lines, cartDiscount: input.cartDiscount ?? null }), cart.totalMinor, now);
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
  return prepared<[], { id: string; label: string; staffName: string; totalMinor: number; cart: string; createdAt: number }>(
    ctx.sqlite,
    'SELECT p.id, p.label, s.name AS staffName, p.total_minor AS totalMinor, p.cart, p.created_at AS createdAt FROM parked_carts p JOIN staff s ON s.id = p.staff_id WHERE p.resumed_at IS NULL ORDER BY p.created_at',
  )
    .all()
    .map(({ cart, ...rest }) => ({ ...rest, lineCount: (JSON.parse(cart) as { lines: unknown[] }).lines.length }));
}

/** Take a parked cart back; it leaves the list (kept aside until the sale is completed or voided). */
export function resumeCart(ctx: CoreContext, session: Session, id: string) {
  const staffId = requireStaffId(session);
  const row = prepared<[string], { label: string; cart: string }>(
    ctx.sqlite,
    'SELECT label, cart FROM parked_carts WHERE id = ? AND resumed_at IS NULL',
  ).get(id);
  if (!row) throw new AppError('NOT_FOUND', 'That parked cart is no longer there (someone may have resumed it).');
  // kept (out of the list): the sale it becomes must still hold what was parked, or record its voids
  prepared(ctx.sqlite, 'UPDATE parked_carts SET resumed_at = ?, resumed_by = ? WHERE id = ?').run(ctx.now(), staffId, id);
  audit(ctx, { action: 'sale.resume', actorStaffId: staffId, entity: 'cart', entityId: id });
  const cart = JSON.parse(row.cart) as { lines: CartLineInput[]; cartDiscount: z.infer<typeof discountSchema> | null };
  return { id, label: row.label, lines: cart.lines, cartDiscount: cart.cartDiscount };
}
