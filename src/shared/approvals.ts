import type { z } from 'zod';
import { APPROVAL_TERMS, type approvalActionSchema, type approvalTermsSchema } from './contract/approvals';

type ApprovalAction = z.infer<typeof approvalActionSchema>;
type ApprovalTerms = z.infer<typeof approvalTermsSchema>;

/** What an approval was given for, or what an operation needs approved: action, document, terms. */
export interface ApprovalScope {
  action: ApprovalAction;
  targetId?: string | null | undefined;
  terms: ApprovalTerms;
}

/**
 * Whether a given approval allows what is needed: the same action and document, and terms that
 * cover it — the same line and price for a price override, at least the discount or the amount.
 */
export function approvalCovers(given: ApprovalScope, need: ApprovalScope): boolean {
  if (given.action !== need.action) return false;
  if (APPROVAL_TERMS[need.action].target && (given.targetId ?? null) !== (need.targetId ?? null)) return false;
  const t = given.terms;
  const n = need.terms;
  switch (need.action) {
    case 'discount':
      return (t.maxDiscountBp ?? -1) >= (n.maxDiscountBp ?? 0) && (t.maxAmountMinor ?? -1) >= (n.maxAmountMinor ?? 0);
    case 'priceOverride':
      return t.productId === n.productId && t.priceMinor === n.priceMinor && (t.maxQuantity ?? 0) >= (n.maxQuantity ?? 1);
    case 'voidLine':
      return t.productId === n.productId && (t.maxAmountMinor ?? -1) >= (n.maxAmountMinor ?? 0);
    case 'oversell':
      return t.productId === n.productId && (t.maxQuantity ?? 0) >= (n.maxQuantity ?? 1);
    case 'voidCart':
    case 'refundNoReceipt':
    case 'refundTender':
    case 'paidOut':
      return (t.maxAmountMinor ?? -1) >= (n.maxAmountMinor ?? 0);
    case 'noSale':
      return true;
    case 'pointsTransfer':
      return (t.maxPoints ?? 0) >= (n.maxPoints ?? 1);
  }
}
