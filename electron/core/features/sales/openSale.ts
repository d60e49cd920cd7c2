// The sale in progress, held by the core: one per staff member, changed one short transaction per
// scan, priced by the shared pricing code; the renderer only shows what these functions answer.
import type { z } from 'zod';
import type { discountSchema, parkedCartSchema } from '../../../../src/shared/contract';
import { looksLikeMemberCard } from '../../../../src/shared/loyalty';
import { uuidv7 } from '../../../../src/shared/uuid';
import type { CoreContext } from '../../context';
import { AppError } from '../../errors';
import { requireStaffId, type Session } from '../../session';
import { memberById } from '../loyalty/members';
import { readSettings } from '../setup/settings';
import { type CartLineInput, loadProduct, priceSaleCart } from './cartPricing';
import { attachable, memberOfScannedCard, scanProductOrCard } from './openSaleMember';
import { keptPricing } from './openSalePricing';
import { allowPastStock, MAX_LINE_QUANTITY, removalKind, tooMuch } from './openSaleRules';
import {
  approvalsOfRow,
  cartLinesOf,
  cartOf,
  closeOpenSale,
  type OpenRow,
  openRowOf,
  requireOpenRow,
  type StoredCart,
  type StoredLine,
  save,
  startOpenSale,
} from './openSaleStore';
import { type OpenSale, view } from './openSaleView';
import { parkCart, resumeCart } from './parked';
import { documentIdTaken } from './requestKeys';
import { recordVoid } from './voids';

type Discount = z.infer<typeof discountSchema>;

export type { OpenSale };
export { cartLinesOf, closeOpenSale };

/** Attach a member to the sale in progress, or detach (see cart.setMember). */
export function setOpenMember(ctx: CoreContext, session: Session, input: { memberId: string | null }): OpenSale {
  const staffId = requireStaffId(session);
  const member = input.memberId !== null ? attachable(ctx, input.memberId) : undefined;
  const existing = openRowOf(ctx, staffId);
  if (!existing && input.memberId === null) throw new AppError('NOT_FOUND', 'There is no sale in progress to take a member off.');
  const row = existing ?? startOpenSale(ctx, staffId, { lines: [], cartDiscount: null });
  // the member changes nothing that is priced: the pricing of the last change still holds, if nothing was written since
  const priced = keptPricing(ctx, row);
  return view(ctx, session, save(ctx, row, { ...cartOf(row), memberId: input.memberId }), priced, member);
}

/** The sale in progress of the staff member logged in, or null. */
export function currentOpenSale(ctx: CoreContext, session: Session): OpenSale | null {
  const row = openRowOf(ctx, requireStaffId(session));
  return row ? view(ctx, session, row) : null;
}

/**
 * Add a product by id or scanned code: a new line, or more of the line it is on. A weighed product
 * needs its grams (typed, or printed on a scale label); a product off sale is refused.
 */
export function addOpenLine(
  ctx: CoreContext,
  session: Session,
  input: {
    productId?: string | undefined;
    code?: string | undefined;
    quantity?: number | undefined;
    sellPastStock?: boolean | undefined;
    approvalId?: string | undefined;
  },
): OpenSale {
  const staffId = requireStaffId(session);
  // a member card scanned into the sale attaches its member (the card range is the store's own; a
  // product registered under the same code wins, as it does over a scale label)
  const memberCard = input.code !== undefined && looksLikeMemberCard(input.code, readSettings(ctx).loyalty.cardPrefix);
  const scanned = input.code !== undefined ? scanProductOrCard(ctx, input.code, memberCard) : null;
  if (scanned === 'member card') return setOpenMember(ctx, session, { memberId: memberOfScannedCard(ctx, input.code ?? '') });
  const product = loadProduct(ctx, scanned?.id ?? input.productId ?? '');
  if (!product.active) {
    throw new AppError('CONFLICT', `“${product.name}” is off sale and cannot be added. A manager can put it back on sale.`, {
      productId: product.id,
    });
  }
  const weighed = product.soldByWeight;
  // pieces: the quantity keyed (3 × a scan), else one; weighed: the grams of a scale label, or the
  // grams weighed at the till (by product id) — a quantity keyed before scanning is no weight
  const added = weighed ? (scanned?.scaleGrams ?? (input.code === undefined ? (input.quantity ?? null) : null)) : (input.quantity ?? 1);
  if (added === null) {
    throw new AppError('VALIDATION', `“${product.name}” is sold by weight: weigh it, then add its weight in grams.`, {
      productId: product.id,
      needsWeight: true,
    });
  }
  const row = openRowOf(ctx, staffId) ?? startOpenSale(ctx, staffId, { lines: [], cartDiscount: null });
  const cart = cartOf(row);
  const existing = cart.lines.find((line) => line.productId === product.id);
  if (existing && existing.weighed !== weighed) {
    throw new AppError('VALIDATION', `“${product.name}” changed between pieces and weight: take its line off and scan it again.`);
  }
  const quantity = (existing?.quantity ?? 0) + added;
  if (quantity > MAX_LINE_QUANTITY) throw tooMuch(product.name, weighed, quantity);
  // the stock count is answered at the scan, as the store decides (not at the payment)
  const pastStock =
    product.tracksStock && quantity > product.stockOnHand && (existing?.pastStock ?? 0) < quantity
      ? allowPastStock(ctx, session, product, quantity, input)
      : existing?.pastStock;
  const lineId = existing?.lineId ?? uuidv7(ctx.now());
  const lines = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity, ...(pastStock ? { pastStock } : {}) } : line))
    : [...cart.lines, { lineId, productId: product.id, quantity: added, weighed, ...(pastStock ? { pastStock } : {}) }];
  if (lines.length > 500) throw new AppError('VALIDATION', 'A sale holds at most 500 lines: pay this one and start another.');
  const next: StoredCart = { ...cart, lines, lastAdd: { lineId, quantity: added } };
  // priced now: a line beyond the largest amount is refused at the scan, not at the payment
  const priced = priceSaleCart(ctx, cartLinesOf(next), next.cartDiscount, { forRemoval: true });
  return view(ctx, session, save(ctx, row, next), priced);
}

function lineOf(cart: StoredCart, lineId: string): StoredLine {
  const line = cart.lines.find((l) => l.lineId === lineId);
  if (!line) throw new AppError('NOT_FOUND', 'That line is not on the sale in progress.', { lineId });
  return line;
}

/**
 * Units (grams) of a line taken off, recorded with the amount the core priced: the item just
 * scanned taken off again before the next scan is an error correction the cashier may make (unless
 * the store always asks); anything else is a void a manager approves (unless the store never asks).
 */
function removeUnits(ctx: CoreContext, session: Session, row: OpenRow, line: StoredLine, units: number, approvalId?: string): OpenRow {
  const cart = cartOf(row);
  const last = cart.lastAdd;
  const correcting = last?.lineId === line.lineId && units <= last.quantity;
  recordVoid(ctx, session, {
    kind: removalKind(ctx, correcting),
    cartId: row.id,
    scope: 'line',
    productId: line.productId,
    quantity: units,
    lines: cartLinesOf(cart),
    cartDiscount: cart.cartDiscount,
    approvalId,
  });
  const lines = cart.lines.flatMap((l) =>
    l.lineId !== line.lineId ? [l] : l.quantity > units ? [{ ...l, quantity: l.quantity - units }] : [],
  );
  const lastAdd =
    correcting && last && last.quantity > units ? { lineId: last.lineId, quantity: last.quantity - units } : correcting ? null : last;
  return save(ctx, row, { ...cart, lines, lastAdd: lastAdd ?? null });
}

/** Set a line's quantity: more is added at once, less is a removal (approved and recorded). */
export function setOpenQuantity(
  ctx: CoreContext,
  session: Session,
  input: { lineId: string; quantity: number; approvalId?: string | undefined },
): OpenSale {
  const row = requireOpenRow(ctx, session);
  const cart = cartOf(row);
  const line = lineOf(cart, input.lineId);
  if (input.quantity === line.quantity) return view(ctx, session, row, keptPricing(ctx, row));
  if (input.quantity < line.quantity)
    return view(ctx, session, removeUnits(ctx, session, row, line, line.quantity - input.quantity, input.approvalId));
  // more by the + key: taking it off again is an error correction too
  const more = input.quantity - line.quantity;
  const next: StoredCart = {
    ...cart,
    lines: cart.lines.map((l) => (l === line ? { ...l, quantity: input.quantity } : l)),
    lastAdd: { lineId: line.lineId, quantity: more + (cart.lastAdd?.lineId === line.lineId ? cart.lastAdd.quantity : 0) },
  };
  const priced = priceSaleCart(ctx, cartLinesOf(next), next.cartDiscount, { forRemoval: true });
  return view(ctx, session, save(ctx, row, next), priced);
}

/** Take a whole line off (approved and recorded). */
export function removeOpenLine(ctx: CoreContext, session: Session, input: { lineId: string; approvalId?: string | undefined }): OpenSale {
  const row = requireOpenRow(ctx, session);
  const line = lineOf(cartOf(row), input.lineId);
  return view(ctx, session, removeUnits(ctx, session, row, line, line.quantity, input.approvalId));
}

/** A discount on a line or on the sale; the approval it may need is checked at payment (and shown until then). */
export function setOpenDiscount(
  ctx: CoreContext,
  session: Session,
  input: { lineId?: string | undefined; discount: Discount | null; approvalId?: string | undefined },
): OpenSale {
  const row = requireOpenRow(ctx, session);
  const cart = cartOf(row);
  const next: StoredCart = input.lineId
    ? { ...cart, lines: cart.lines.map((l) => (l === lineOf(cart, input.lineId ?? '') ? { ...l, discount: input.discount } : l)) }
    : { ...cart, cartDiscount: input.discount };
  if (input.discount?.kind === 'amount') {
    const base = priceSaleCart(ctx, cartLinesOf(input.lineId ? cart : { ...cart, cartDiscount: null }), null, { forRemoval: true }).cart;
    const of = input.lineId ? (base.lines[cart.lines.findIndex((l) => l.lineId === input.lineId)]?.grossMinor ?? 0) : base.totalMinor;
    if (input.discount.minor > of) throw new AppError('VALIDATION', 'The discount is more than what it applies to.');
  }
  return view(ctx, session, save(ctx, row, next, [...approvalsOfRow(row), ...(input.approvalId ? [input.approvalId] : [])]));
}

/** Another price for a line (null: the catalogue's again); a manager approves it before payment. */
export function overrideOpenPrice(
  ctx: CoreContext,
  session: Session,
  input: { lineId: string; priceMinor: number | null; approvalId?: string | undefined },
): OpenSale {
  const row = requireOpenRow(ctx, session);
  const cart = cartOf(row);
  const line = lineOf(cart, input.lineId);
  const list = loadProduct(ctx, line.productId).priceMinor;
  const lines = cart.lines.map((l) => {
    if (l !== line) return l;
    const { priceOverrideMinor: _old, ...rest } = l;
    return input.priceMinor === null || input.priceMinor === list ? rest : { ...rest, priceOverrideMinor: input.priceMinor };
  });
  const next = { ...cart, lines };
  const priced = priceSaleCart(ctx, cartLinesOf(next), next.cartDiscount, { forRemoval: true });
  return view(ctx, session, save(ctx, row, next, [...approvalsOfRow(row), ...(input.approvalId ? [input.approvalId] : [])]), priced);
}

/** Void the whole sale in progress (approved and recorded); the till is free again. */
export function voidOpenSale(ctx: CoreContext, session: Session, input: { approvalId?: string | undefined }): null {
  const row = requireOpenRow(ctx, session);
  const cart = cartOf(row);
  if (cart.lines.length > 0) {
    recordVoid(ctx, session, {
      kind: removalKind(ctx, false),
      cartId: row.id,
      scope: 'cart',
      lines: cartLinesOf(cart),
      cartDiscount: cart.cartDiscount,
      approvalId: input.approvalId,
    });
  }
  closeOpenSale(ctx, row.id);
  return null;
}

/** Put the sale in progress aside; the till is free for the next customer. */
export function parkOpenSale(ctx: CoreContext, session: Session, input: { label?: string | undefined }): z.infer<typeof parkedCartSchema> {
  const row = requireOpenRow(ctx, session);
  const cart = cartOf(row);
  if (cart.lines.length === 0) throw new AppError('VALIDATION', 'There is nothing to park: the sale is empty.');
  const parked = parkCart(ctx, session, {
    id: row.id,
    ...((input.label ?? row.label) ? { label: input.label ?? row.label ?? '' } : {}),
    lines: cartLinesOf(cart),
    cartDiscount: cart.cartDiscount,
    memberId: cart.memberId ?? null,
  });
  closeOpenSale(ctx, row.id);
  return parked;
}

/**
 * Take a parked sale back as the sale in progress. Products gone from the catalogue, or changed
 * between pieces and weight since, are left out (the sale they become does not need them).
 */
export function resumeOpenSale(ctx: CoreContext, session: Session, input: { id: string }): OpenSale {
  const staffId = requireStaffId(session);
  if (openRowOf(ctx, staffId)) throw new AppError('CONFLICT', 'Finish or park the sale in progress before taking another one back.');
  if (documentIdTaken(ctx, input.id)) throw new AppError('CONFLICT', 'That sale is already completed.');
  const resumed = resumeCart(ctx, session, input.id);
  const leftOut: NonNullable<OpenSale['leftOut']> = [];
  const lines: StoredLine[] = resumed.lines.flatMap((line) => {
    try {
      const product = loadProduct(ctx, line.productId);
      const weighed = product.soldByWeight;
      if (line.weighed !== undefined && line.weighed !== weighed) {
        leftOut.push({ productId: line.productId, name: product.name, reason: 'unitChanged' });
        return [];
      }
      return [
        {
          lineId: uuidv7(ctx.now()),
          productId: line.productId,
          quantity: line.quantity,
          weighed,
          ...(line.discount ? { discount: line.discount } : {}),
          ...(line.priceOverrideMinor !== undefined ? { priceOverrideMinor: line.priceOverrideMinor } : {}),
        },
      ];
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      leftOut.push({ productId: line.productId, name: null, reason: 'gone' });
      return [];
    }
  });
  // the member comes back with the sale, unless the card was stopped or erased meanwhile
  const member = resumed.memberId ? memberById(ctx, resumed.memberId) : undefined;
  const memberId = member?.active ? member.id : null;
  const row = startOpenSale(ctx, staffId, { lines, cartDiscount: resumed.cartDiscount ?? null, memberId }, resumed.label, input.id);
  return { ...view(ctx, session, row), ...(leftOut.length > 0 ? { leftOut } : {}) };
}

/** The sale in progress that sale.complete completes (this id, this staff member's), with its approvals. */
export function openSaleToComplete(
  ctx: CoreContext,
  session: Session,
  id: string,
): {
  lines: CartLineInput[];
  cartDiscount: Discount | null;
  approvalIds: string[];
  pastStock: Map<string, number>;
  memberId: string | null;
} {
  const row = openRowOf(ctx, requireStaffId(session));
  if (!row || row.id !== id) throw new AppError('NOT_FOUND', 'That sale is not in progress here: scan its products again.', { id });
  const cart = cartOf(row);
  if (cart.lines.length === 0) throw new AppError('VALIDATION', 'The sale is empty: scan a product first.');
  const pastStock = new Map(cart.lines.flatMap((line) => (line.pastStock ? [[line.productId, line.pastStock] as const] : [])));
  return {
    lines: cartLinesOf(cart),
    cartDiscount: cart.cartDiscount,
    approvalIds: approvalsOfRow(row),
    pastStock,
    memberId: cart.memberId ?? null,
  };
}
