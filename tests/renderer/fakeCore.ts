import type { Product } from '../../src/renderer/stores/cart';
import type { Settings } from '../../src/renderer/stores/session';
import { approvalCovers } from '../../src/shared/approvals';
import { APPROVAL_TERMS, type ChannelInput, type ChannelOutput } from '../../src/shared/contract';
import { maxCombinedDiscountBp, priceCart } from '../../src/shared/pricing';
import type { AppErrorData, Result } from '../../src/shared/result';

type ApprovalAction = ChannelOutput<'auth.approve'>['action'];
type Terms = ChannelOutput<'auth.approve'>['terms'];
type CartLineInput = NonNullable<ChannelInput<'sale.complete'>['lines']>[number];
type CartDiscount = ChannelInput<'sale.complete'>['cartDiscount'];

/** One approval the core needs, as it names it in FORBIDDEN details.needsApproval (plus its sentence). */
export interface Need {
  action: ApprovalAction;
  targetId?: string;
  terms: Terms;
  /** the start of the core's sentence, e.g. "Removing a line" */
  what: string;
}

interface Granted {
  action: ApprovalAction;
  targetId: string | null;
  terms: Terms;
  used: boolean;
  expired: boolean;
}

export interface FakeCoreOptions {
  /** the products the fake core prices carts with */
  catalogue?: Product[];
  /** the session is a manager's: every approval is its role, no id is needed (default: a cashier) */
  manager?: boolean;
  /** the manager's PIN (default 9999) */
  pin?: string;
  settings?: Pick<Settings, 'pricesIncludeTax' | 'taxRounding' | 'cashierDiscountLimitBp'>;
}

const fail = (code: AppErrorData['code'], message: string, details?: Record<string, unknown>) => ({
  ok: false as const,
  error: { code, message, ...(details ? { details } : {}) },
});

/**
 * The approval rules of the core (electron/core/features/sales/approvals.ts), faked for the
 * renderer's tests: auth.approve grants exactly the request (its targetId and terms echoed), and
 * sale.void / sale.complete / shift.noSale refuse a cashier with FORBIDDEN naming what a manager
 * must approve (details.needsApproval) — each approval once, for its document, within its terms.
 */
export function createFakeCore(options: FakeCoreOptions = {}) {
  const pin = options.pin ?? '9999';
  const settings = { pricesIncludeTax: true, taxRounding: 'line' as const, cashierDiscountLimitBp: 1000, ...options.settings };
  const granted = new Map<string, Granted>();
  const counts = new Map<ApprovalAction, number>();

  const product = (productId: string) => {
    const found = (options.catalogue ?? []).find((entry) => entry.id === productId);
    if (!found) throw new Error(`fake core: no product ${productId} in its catalogue`);
    return found;
  };

  /** The cart priced as the core prices it: catalogue prices, the till's overrides and discounts. */
  const price = (lines: CartLineInput[], cartDiscount: CartDiscount) =>
    priceCart({
      lines: lines.map((line, i) => {
        const p = product(line.productId);
        return {
          id: String(i + 1),
          quantity: line.quantity,
          ...(p.soldByWeight ? { weighed: true } : {}),
          unitPriceMinor: line.priceOverrideMinor ?? p.priceMinor,
          taxRateBp: p.taxRateBp,
          discount: line.discount ?? null,
        };
      }),
      cartDiscount: cartDiscount ?? null,
      pricesIncludeTax: settings.pricesIncludeTax,
      taxRounding: settings.taxRounding,
    });

  // the core's own rule
  const covers = (given: Granted, need: Need): boolean => approvalCovers(given, need);

  const core = {
    /** every approval granted so far, by id */
    granted,

    /** auth.approve: the PIN 9999 approves exactly what was asked (terms the action must state, its document) */
    approve(input: ChannelInput<'auth.approve'>): Result<ChannelOutput<'auth.approve'>> {
      const rule = APPROVAL_TERMS[input.action];
      if (rule.target && !input.targetId) return fail('VALIDATION', 'Say which sale or refund the approval is for (targetId).');
      const terms: Terms = {};
      for (const key of rule.terms) {
        const value = input.terms?.[key];
        if (value === undefined) return fail('VALIDATION', `An approval of ${input.action} states ${key}.`, { missing: key });
        Object.assign(terms, { [key]: value });
      }
      if (input.pin !== pin) return fail('UNAUTHENTICATED', 'That is not a manager’s PIN. 4 tries left.', { triesLeft: 4 });
      const n = (counts.get(input.action) ?? 0) + 1;
      counts.set(input.action, n);
      const approvalId = n === 1 ? `approval-${input.action}` : `approval-${input.action}-${n}`;
      const targetId = rule.target ? (input.targetId ?? null) : null;
      granted.set(approvalId, { action: input.action, targetId, terms, used: false, expired: false });
      return {
        ok: true,
        data: { approvalId, managerId: 'm1', managerName: 'Mara Manager', action: input.action, targetId, terms, expiresAt: 300_000 },
      };
    },

    /** An approval given earlier (as auth.approve would), e.g. one already in the cart before the test acts. */
    grant(request: Omit<ChannelInput<'auth.approve'>, 'pin'>): string {
      const result = core.approve({ ...request, pin });
      if (!result.ok) throw new Error(result.error.message);
      return result.data.approvalId;
    },

    /** Five minutes later: the approval may not be used any more. */
    expire(approvalId: string) {
      const approval = granted.get(approvalId);
      if (approval) approval.expired = true;
    },

    /** requireApprovals: null when the approvals (or a manager's session) allow every need, else the FORBIDDEN the core answers. */
    check(needs: Need[], approvalIds: readonly string[]): AppErrorData | null {
      if (needs.length === 0 || options.manager) return null;
      const missing = (message: string, left: Need[]): AppErrorData => ({
        code: 'FORBIDDEN',
        message,
        details: {
          needsApproval: left.map(({ action, targetId, terms, what }) => ({ action, ...(targetId ? { targetId } : {}), terms, what })),
        },
      });
      // as the core does: approvals that cannot be used are passed over, a fresh one beside them still works
      const given: [string, Granted][] = [];
      let stale: string | null = null;
      for (const id of new Set(approvalIds)) {
        const approval = granted.get(id);
        if (!approval) stale ??= 'That approval does not exist. Ask the manager again.';
        else if (approval.used) stale ??= 'That approval was already used. Ask the manager again.';
        else if (approval.expired) stale ??= 'That approval has expired. Ask the manager again.';
        else given.push([id, approval]);
      }
      const used = new Set<string>();
      for (const [i, need] of needs.entries()) {
        const match = given.find(([id, approval]) => !used.has(id) && covers(approval, need));
        if (!match) {
          const near = given.find(([id, approval]) => !used.has(id) && approval.action === need.action);
          const message =
            near && need.action === 'discount'
              ? `That approval allows a discount of up to ${(near[1].terms.maxDiscountBp ?? 0) / 100} %; this sale gives ${(need.terms.maxDiscountBp ?? 0) / 100} %. Ask the manager again.`
              : near
                ? 'That approval does not cover this. Ask the manager again.'
                : (stale ?? `${need.what} needs a manager's approval.`);
          return missing(message, needs.slice(i));
        }
        used.add(match[0]);
      }
      for (const id of used) {
        const approval = granted.get(id);
        if (approval) approval.used = true;
      }
      return null;
    },

    /** What sale.void records: the cart priced before, less the cart priced without the units taken off. */
    voidAmount(input: ChannelInput<'sale.void'>): number {
      // as the core does: at the catalogue's prices, without the overrides and discounts sent along
      const listed = input.lines.map(({ productId, quantity }) => ({ productId, quantity }));
      const before = price(listed, null).totalMinor;
      if (input.scope === 'cart') return before;
      let left = input.quantity ?? listed.filter((line) => line.productId === input.productId).reduce((s, l) => s + l.quantity, 0);
      const after = listed.flatMap((line) => {
        if (line.productId !== input.productId || left === 0) return [line];
        const taken = Math.min(left, line.quantity);
        left -= taken;
        return taken === line.quantity ? [] : [{ ...line, quantity: line.quantity - taken }];
      });
      const remaining = after.length > 0 ? price(after, null).totalMinor : 0;
      return Math.max(before - remaining, 0);
    },

    /** sale.void as the core answers it: priced here, and a cashier needs a manager's approval of that cart, line and amount. */
    void(input: ChannelInput<'sale.void'>): Result<ChannelOutput<'sale.void'>> {
      if (input.scope === 'line' && !input.lines.some((line) => line.productId === input.productId))
        return fail('NOT_FOUND', 'That product is not on this sale.');
      const amountMinor = core.voidAmount(input);
      const need: Need =
        input.scope === 'line'
          ? {
              action: 'voidLine',
              targetId: input.cartId,
              terms: { productId: input.productId ?? '', maxAmountMinor: amountMinor },
              what: 'Removing a line',
            }
          : { action: 'voidCart', targetId: input.cartId, terms: { maxAmountMinor: amountMinor }, what: 'Voiding the sale' };
      const refused = core.check([need], input.approvalId ? [input.approvalId] : []);
      return refused ? { ok: false, error: refused } : { ok: true, data: { recorded: true, amountMinor } };
    },

    /** What sale.complete needs a manager for: each price override, and a combined discount above the cashier's limit. */
    saleNeeds(input: ChannelInput<'sale.complete'>): Need[] {
      const lines = input.lines ?? [];
      const needs: Need[] = lines
        .filter((line) => line.priceOverrideMinor !== undefined && line.priceOverrideMinor !== product(line.productId).priceMinor)
        .map((line) => ({
          action: 'priceOverride',
          targetId: input.id,
          terms: {
            productId: line.productId,
            priceMinor: line.priceOverrideMinor,
            maxQuantity: lines.filter((other) => other.productId === line.productId).reduce((sum, other) => sum + other.quantity, 0),
          },
          what: `Selling “${product(line.productId).name}” at another price`,
        }));
      const priced = price(lines, input.cartDiscount);
      const discountBp = maxCombinedDiscountBp(priced);
      if (discountBp > settings.cashierDiscountLimitBp)
        needs.push({
          action: 'discount',
          targetId: input.id,
          terms: { maxDiscountBp: discountBp, maxAmountMinor: priced.discountMinor },
          what: 'A discount above your limit',
        });
      return needs;
    },

    /** sale.complete's approval check: null when it may go ahead, else the FORBIDDEN. */
    checkSale(input: ChannelInput<'sale.complete'>): AppErrorData | null {
      return core.check(core.saleNeeds(input), [...(input.approvalId ? [input.approvalId] : []), ...(input.approvalIds ?? [])]);
    },

    /** shift.noSale's approval check (when the store's noSaleNeedsApproval is on). */
    checkNoSale(input: ChannelInput<'shift.noSale'>): AppErrorData | null {
      return core.check(
        [{ action: 'noSale', terms: {}, what: 'Opening the drawer without a sale' }],
        input.approvalId ? [input.approvalId] : [],
      );
    },

    /** sale.refund without a receipt: a manager approves its amount, for this refund id. */
    checkRefundNoReceipt(input: ChannelInput<'sale.refund'>, totalMinor: number): AppErrorData | null {
      if (input.originalSaleId) return null;
      return core.check(
        [{ action: 'refundNoReceipt', targetId: input.id, terms: { maxAmountMinor: totalMinor }, what: 'A refund without a receipt' }],
        input.approvalId ? [input.approvalId] : [],
      );
    },

    /** The handlers most till tests want: auth.approve and sale.void. */
    handlers() {
      return {
        'auth.approve': (input: ChannelInput<'auth.approve'>) => core.approve(input),
        'sale.void': (input: ChannelInput<'sale.void'>) => core.void(input),
      };
    },
  };
  return core;
}
