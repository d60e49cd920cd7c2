// What the renderer is answered about the sale in progress: its row priced from the catalogue now,
// with what a manager must still approve and what the sale does to the member's points.
import type { z } from 'zod';
import type { openSaleSchema } from '../../../../src/shared/contract';
import type { CoreContext } from '../../context';
import type { Session } from '../../session';
import type { Member } from '../loyalty/members';
import { readSettings } from '../setup/settings';
import { pendingApprovals } from './approvals';
import { priceSaleCart } from './cartPricing';
import { openMemberOf } from './openSaleMember';
import { keepPricing } from './openSalePricing';
import { approvalsOfRow, cartLinesOf, cartOf, type OpenRow } from './openSaleStore';
import { saleApprovalNeeds } from './saleApprovals';

export type OpenSale = z.infer<typeof openSaleSchema>;
type Priced = ReturnType<typeof priceSaleCart>;

/** The sale in progress priced from the catalogue, with what a manager must still approve. */
export function view(ctx: CoreContext, session: Session, row: OpenRow, pricedNow?: Priced, memberNow?: Member): OpenSale {
  const cart = cartOf(row);
  const lines = cartLinesOf(cart);
  const settings = readSettings(ctx);
  // the change just priced its cart: that pricing is this view's (one pricing per change), and is
  // kept for the next change, should that one not touch what is priced (openSalePricing.ts)
  const priced = lines.length === 0 ? null : (pricedNow ?? priceSaleCart(ctx, lines, cart.cartDiscount, { forRemoval: true }));
  keepPricing(ctx, row, priced);
  const needs = priced ? saleApprovalNeeds(ctx, row.id, priced.pricingLines, priced.cart, settings.cashierDiscountLimitBp) : [];
  return {
    id: row.id,
    label: row.label,
    lines: cart.lines.map((line, i) => {
      const at = priced?.pricingLines[i];
      const charged = priced?.cart.lines[i];
      return {
        lineId: line.lineId,
        productId: line.productId,
        sku: at?.product.sku ?? '',
        name: at?.product.name ?? '',
        quantity: line.quantity,
        weighed: line.weighed,
        unitPriceMinor: at?.unitPriceMinor ?? 0,
        listPriceMinor: at?.listPriceMinor ?? null,
        taxRateBp: at?.taxRateBp ?? 0,
        discount: line.discount ?? null,
        grossMinor: charged?.grossMinor ?? 0,
        lineDiscountMinor: charged?.lineDiscountMinor ?? 0,
        cartDiscountMinor: charged?.cartDiscountMinor ?? 0,
        taxMinor: charged?.taxMinor ?? 0,
        totalMinor: charged?.totalMinor ?? 0,
      };
    }),
    cartDiscount: cart.cartDiscount,
    subtotalMinor: priced?.cart.subtotalMinor ?? 0,
    discountMinor: priced?.cart.discountMinor ?? 0,
    taxMinor: priced?.cart.taxMinor ?? 0,
    totalMinor: priced?.cart.totalMinor ?? 0,
    taxes: priced?.cart.taxes ?? [],
    needsApproval: pendingApprovals(ctx, session, needs, approvalsOfRow(row)).map(({ action, targetId, terms, what }) => ({
      action,
      ...(targetId ? { targetId } : {}),
      terms,
      what,
    })),
    approvalIds: approvalsOfRow(row),
    member: openMemberOf(ctx, cart.memberId ?? null, priced, settings, memberNow),
    updatedAt: row.updatedAt,
  };
}
