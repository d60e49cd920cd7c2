// The loyalty member of the sale in progress: who may be attached, a scanned card told from a
// product, and what the sale as it stands does to their points (the open sale's `member`).
import type { z } from 'zod';
import type { openSaleSchema } from '../../../../src/shared/contract';
import { checkMemberCard } from '../../../../src/shared/loyalty';
import { currencyExponent } from '../../../../src/shared/money';
import type { ReadContext } from '../../context';
import { AppError } from '../../errors';
import { scanBarcode } from '../catalog/products';
import { pointsEarned } from '../loyalty/earn';
import { findMembers, type Member, memberById } from '../loyalty/members';
import { dailyCapLeft, redeemablePoints } from '../loyalty/redeem';
import { readSettings, type Settings } from '../setup/settings';
import type { priceSaleCart } from './cartPricing';

type OpenSale = z.infer<typeof openSaleSchema>;
type Priced = ReturnType<typeof priceSaleCart>;

/** The member on the sale in progress, with what the sale as it stands earns them. */
export function openMemberOf(
  ctx: ReadContext,
  memberId: string | null,
  priced: Priced | null,
  settings: Settings,
  /** the member as the caller read it in this transaction */
  known?: Member,
): OpenSale['member'] {
  if (!memberId) return null;
  const member = known?.id === memberId ? known : memberById(ctx, memberId);
  if (!member) return null;
  const lines = priced
    ? priced.pricingLines.map((line, i) => ({
        productId: line.product.id,
        categoryId: line.product.categoryId,
        totalMinor: priced.cart.lines[i]?.totalMinor ?? 0,
      }))
    : [];
  const cap = dailyCapLeft(ctx, member.id);
  return {
    id: member.id,
    name: member.name,
    cardNumber: member.cardNumber,
    tier: member.tier,
    pointsBalance: member.pointsBalance,
    earnPoints: pointsEarned(settings, member.tier, lines, currencyExponent(settings.currency)),
    redeemablePoints: redeemablePoints(ctx, member, priced?.cart.totalMinor ?? 0, cap),
    pointValueMinor: settings.loyalty.pointValueMinor,
    minRedeemPoints: settings.loyalty.minRedeemPoints,
    dailyCapLeft: cap,
  };
}

/** The product a scanned code names, or 'member card' when it is in the card range and no product has it. */
export function scanProductOrCard(ctx: ReadContext, code: string, memberCard: boolean): ReturnType<typeof scanBarcode> | 'member card' {
  if (!memberCard) return scanBarcode(ctx, code);
  try {
    return scanBarcode(ctx, code);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_BARCODE')) return 'member card';
    throw error;
  }
}

/** The member a scanned card names, or the reason in words (misread, nobody has it). */
export function memberOfScannedCard(ctx: ReadContext, code: string): string {
  const card = checkMemberCard(code, readSettings(ctx).loyalty.cardPrefix);
  if (!card.ok) throw new AppError('INVALID_BARCODE', card.message, { code });
  const member = findMembers(ctx, { query: card.value, limit: 1, includeInactive: true }).items[0];
  if (!member)
    throw new AppError('NOT_FOUND', `No member has the card ${card.value}: enrol the customer, or check the card.`, { code: card.value });
  return member.id;
}

/** A member who may be attached to a sale: found, not erased, card not stopped. */
export function attachable(ctx: ReadContext, memberId: string): Member {
  const member = memberById(ctx, memberId);
  if (!member || member.erasedAt !== null) throw new AppError('NOT_FOUND', 'That member card is not known here.', { memberId });
  if (!member.active) throw new AppError('CONFLICT', `${member.name}’s card is stopped: it earns and redeems no points.`, { memberId });
  return member;
}
