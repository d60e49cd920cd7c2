import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Discount, PricedCart } from '../../shared/pricing';
import type { AppErrorData, Result } from '../../shared/result';
import type { PaymentInput } from '../checkout/tender';
import { cartLineOf, EMPTY_TOTALS, grownLine, leftOutError, totalsOf } from './cartView';
import type { SearchHit } from './catalog';
import type { Settings } from './session';

export type Product = ChannelOutput<'catalog.get'>;
export type Sale = ChannelOutput<'sale.complete'>;
export type ParkedCart = ChannelOutput<'cart.park'>;
/** The sale in progress as the core holds and prices it. */
export type OpenSale = NonNullable<ChannelOutput<'cart.current'>>;

/** One line of the sale in progress, as the core answered it (the core keeps one line per product). */
export interface CartLine {
  /** the core's id of the line: what cart.setQuantity / removeLine / setDiscount / overridePrice name */
  lineId: string;
  productId: string;
  name: string;
  sku: string;
  /** the catalogue price */
  unitPriceMinor: number;
  taxRateBp: number;
  /** whole units, or grams when `weighed` */
  quantity: number;
  /** sold by weight: the price is per kg and the quantity is grams (the product's soldByWeight) */
  weighed: boolean;
  discount?: Discount;
  /** a price other than the catalogue's (a manager approves it) */
  priceOverrideMinor?: number;
}

/** The loyalty member on the sale in progress, as the core answered it (what this sale earns, what can pay it). */
export type OpenMember = NonNullable<OpenSale['member']>;

/** The short confirmation after a product was added, by hand or by the scanner. */
export interface ProductNotice {
  kind: 'product';
  productId: string;
  name: string;
  unitPriceMinor: number;
  /** what the line holds now: units, or grams when weighed */
  quantity: number;
  /** a weighed product: `added` grams went on the line (per-kg price) */
  weighed: boolean;
  /** what this notice is about: 1 unit, or the grams just weighed */
  added: number;
  source: 'scan' | 'list';
  /** increases with every notice so the same product twice still re-announces */
  serial: number;
}

/** A member card scanned (or a member found) went onto the sale: "Member: Ana Lima". */
export interface MemberNotice {
  kind: 'member';
  memberId: string;
  name: string;
  source: 'scan' | 'list';
  serial: number;
}

export type CartNotice = ProductNotice | MemberNotice;

export type ApprovalNeed = OpenSale['needsApproval'][number];

/** A scan beyond the stock count, as the core answered it: the cashier confirms, or a manager approves. */
export interface PastStockRequest {
  /** the add the core answered so; sent again with `sellPastStock` or an `approvalId` */
  input: ChannelInput<'cart.addLine'>;
  source: CartNotice['source'];
  /** 'confirm': the store lets the cashier sell past the count; 'manager': a manager approves it */
  mode: 'confirm' | 'manager';
  /** the core's sentence ("Only 0 left of …: sell anyway?") */
  message: string;
  /** 'manager': what the core asks a manager to approve (its needsApproval entry) */
  approval?: { action: 'oversell'; terms: { productId?: string; maxQuantity?: number }; what?: string };
}

export interface CartState {
  /** the sale's id, given by the core at the first scan (sale.complete completes exactly this sale) */
  id: string | null;
  /** the label of a resumed parked sale */
  label: string | null;
  lines: CartLine[];
  cartDiscount: Discount | null;
  /** the manager's approvals the core holds for this sale (discounts, price overrides) */
  approvalIds: string[];
  /** what a manager must still approve before the sale can be paid, as the core said */
  needsApproval: ApprovalNeed[];
  /** the totals the core priced */
  totals: PricedCart;
  /** the loyalty member attached to the sale, with what the core says this sale earns and what points can pay */
  member: OpenMember | null;
  selectedProductId: string | null;
  notice: CartNotice | null;
  error: AppErrorData | null;
  /** calls to the core in flight (scans, lookups, changes) */
  lookups: number;
  busy: boolean;

  /** read the sale in progress the core holds (after login, a reload, a restart) */
  load(): Promise<Result<null>>;
  /** a scanned code goes to the core; true when it went onto the sale (or into the weigh dialog) */
  /** `quantity`: the units keyed before the scan (`3*`); a weighed product ignores it (it is weighed) */
  scan(code: string, quantity?: number): Promise<boolean>;
  /** add a search result; `scan` when it was found by its exact code (a barcode keyed in or scanned slowly) */
  addHit(hit: SearchHit, source?: CartNotice['source'], quantity?: number): Promise<void>;
  /**
   * One more unit of a product; a product sold by weight is weighed first (options.weigh), then
   * comes back with its `grams`, which add to its line.
   */
  addProduct(product: Product, source: CartNotice['source'], grams?: number): Promise<Result<null>>;
  /** the add of a PastStockRequest again, confirmed by the cashier or with a manager's approval */
  addPastStock(request: PastStockRequest, decision: { sellPastStock: true } | { approvalId: string }): Promise<Result<null>>;
  select(productId: string | null): void;
  /** more of a line: no approval needed */
  increase(productId: string, by?: number): Promise<Result<null>>;
  /** a typed quantity: more is added at once, less is a removal (the core records it and may need an approval) */
  setQuantity(productId: string, quantity: number, approvalId?: string): Promise<Result<null>>;
  /** take `units` off a line (all of it removes the line): the core records the void */
  removeUnits(productId: string, units: number, approvalId?: string): Promise<Result<null>>;
  removeLine(productId: string, approvalId?: string): Promise<Result<null>>;
  voidCart(approvalId?: string): Promise<Result<null>>;
  setLineDiscount(productId: string, discount: Discount | null, approvalId?: string): Promise<Result<null>>;
  setCartDiscount(discount: Discount | null, approvalId?: string): Promise<Result<null>>;
  setPriceOverride(productId: string, priceMinor: number | null, approvalId?: string): Promise<Result<null>>;
  /** attach a loyalty member to the sale in progress (the core starts one if there is none), or detach with null */
  setMember(memberId: string | null): Promise<Result<null>>;
  /** sale.complete of the sale in progress (the same id on every retry); the cart empties only when it succeeds */
  checkout(payments: PaymentInput[], approvalIds?: string[]): Promise<Result<Sale>>;
  park(label?: string): Promise<Result<ParkedCart>>;
  resume(parkedId: string): Promise<Result<null>>;
  dismiss(): void;
  /** forget what the window shows (the core keeps the sale in progress) */
  reset(): void;
}

export type CartStore = StoreApi<CartState>;

// what the screens import from here
export { cartItemCount, lineGrossMinor, priceLines } from './cartView';

export interface CartStoreOptions {
  /** the settings the discount preview prices with (pricesIncludeTax, taxRounding) */
  settings(): Settings | null;
  /** a product sold by weight was scanned or picked: ask for its weight; false when it cannot be asked now */
  weigh?(product: Product, source: CartNotice['source']): boolean;
  /** a scan beyond the stock count: ask the cashier (or a manager); false when it cannot be asked now */
  pastStock?(request: PastStockRequest): boolean;
}

const done: Result<null> = { ok: true, data: null };

const initialData = {
  id: null,
  label: null,
  lines: [],
  cartDiscount: null,
  approvalIds: [] as string[],
  needsApproval: [] as ApprovalNeed[],
  totals: EMPTY_TOTALS,
  member: null,
  selectedProductId: null,
  notice: null,
  error: null,
  lookups: 0,
  busy: false,
} satisfies Partial<CartState>;

/**
 * The till's view of the sale in progress. The core holds the sale (it survives a crash, a reload
 * and a restart) and decides every price, total and approval; each change here is one call to a
 * `cart.*` channel, and the store shows the whole sale the core answers. Changes go to the core one
 * after the other, in the order the cashier made them, so an answer never overtakes a later one.
 */
export function createCartStore(api: RingupApi, options: CartStoreOptions): CartStore {
  let serial = 0;
  let queue: Promise<unknown> = Promise.resolve();

  return createStore<CartState>()((set, get) => {
    /**
     * Run `task` after every change sent before it. A product looked up is counted in `lookups`
     * (the panel says so); a removal, a void, a payment or a park makes the store `busy` (their
     * buttons wait); a quantity or a discount goes quietly.
     */
    const inTurn = <T>(task: () => Promise<T>, mode: 'lookup' | 'busy' | 'quiet' = 'lookup'): Promise<T> => {
      const mark = (by: 1 | -1) => {
        if (mode === 'lookup') set({ lookups: get().lookups + by });
        if (mode === 'busy') set({ busy: by === 1 });
      };
      mark(1);
      const run = queue.then(task).finally(() => mark(-1));
      queue = run.catch(() => undefined);
      return run;
    };

    /** Show the sale the core answered (null: there is none). */
    const show = (sale: OpenSale | null, patch: Partial<CartState> = {}) => {
      if (sale === null) {
        set({ ...initialData, lookups: get().lookups, busy: get().busy, ...patch });
        return;
      }
      const lines = sale.lines.map(cartLineOf);
      const selected = get().selectedProductId;
      set({
        id: sale.id,
        label: sale.label,
        lines,
        cartDiscount: sale.cartDiscount,
        approvalIds: sale.approvalIds,
        needsApproval: sale.needsApproval,
        totals: totalsOf(sale),
        member: sale.member,
        selectedProductId: lines.some((line) => line.productId === selected) ? selected : (lines.at(-1)?.productId ?? null),
        ...patch,
      });
    };

    const refuse = (error: AppErrorData): Result<null> => {
      set({ error, notice: null });
      return { ok: false, error };
    };

    /** A change of the sale in progress: the core's answer is shown, or its refusal explained. */
    const change = async <C extends Channel>(
      channel: C,
      input: ChannelInput<C>,
      busy = false,
      patch: (sale: OpenSale) => Partial<CartState> = () => ({ error: null }),
    ): Promise<Result<null>> =>
      inTurn(
        async () => {
          const result = await api.invoke(channel, input);
          if (!result.ok) {
            // a line another window took off, a sale completed elsewhere: show what the core holds now
            if (result.error.code === 'NOT_FOUND') await reload();
            return refuse(result.error);
          }
          const sale = result.data as OpenSale | null;
          show(sale, sale ? patch(sale) : { error: null });
          return done;
        },
        busy ? 'busy' : 'quiet',
      );

    const reload = async (): Promise<Result<null>> => {
      const current = await api.invoke('cart.current', {});
      if (!current.ok) return refuse(current.error);
      show(current.data, { notice: get().notice, error: get().error });
      return done;
    };

    /** Adding: a new line or more of one, announced with what went on. */
    const add = (input: ChannelInput<'cart.addLine'>, source: CartNotice['source']) =>
      inTurn(async (): Promise<Result<null> | { weigh: string } | { pastStock: PastStockRequest }> => {
        const before = get().lines;
        const result = await api.invoke('cart.addLine', input);
        if (!result.ok) {
          const { details, message } = result.error;
          const productId = details?.productId;
          if (details?.needsWeight === true && typeof productId === 'string') return { weigh: productId };
          // beyond the stock count: the store lets the cashier confirm it, or a manager approve it
          if (result.error.code === 'INSUFFICIENT_STOCK' && details?.canSellAnyway === true) {
            return { pastStock: { input, source, mode: 'confirm', message } };
          }
          const needs = result.error.code === 'FORBIDDEN' && Array.isArray(details?.needsApproval) ? details.needsApproval : [];
          const oversell = needs.find((need: { action?: unknown }) => need?.action === 'oversell');
          if (oversell) return { pastStock: { input, source, mode: 'manager', message, approval: oversell } };
          return refuse(result.error);
        }
        const grown = grownLine(before, result.data.lines.map(cartLineOf));
        serial += 1;
        // a member card scanned: the core attached the member instead of adding a line
        const member = result.data.member;
        if (!grown && member) {
          show(result.data, { error: null, notice: { kind: 'member', memberId: member.id, name: member.name, source, serial } });
          return done;
        }
        show(result.data, {
          error: null,
          ...(grown
            ? {
                selectedProductId: grown.line.productId,
                notice: {
                  kind: 'product',
                  productId: grown.line.productId,
                  name: grown.line.name,
                  unitPriceMinor: grown.line.priceOverrideMinor ?? grown.line.unitPriceMinor,
                  quantity: grown.line.quantity,
                  weighed: grown.line.weighed,
                  added: grown.added,
                  source,
                  serial,
                },
              }
            : {}),
        });
        return done;
      });

    /** A product sold by weight goes on the scale first: the weigh dialog comes back with its grams. */
    const weigh = async (productId: string, source: CartNotice['source']): Promise<Result<null>> => {
      const product = await inTurn(() => api.invoke('catalog.get', { id: productId }));
      if (!product.ok) return refuse(product.error);
      if (options.weigh?.(product.data, source)) {
        set({ error: null });
        return done;
      }
      return refuse({
        code: 'CONFLICT',
        message: `“${product.data.name}” is sold by weight. Finish what is open, then scan or pick it again to weigh it.`,
      });
    };

    const addOrWeigh = async (input: ChannelInput<'cart.addLine'>, source: CartNotice['source']): Promise<Result<null>> => {
      const result = await add(input, source);
      if ('weigh' in result) return weigh(result.weigh, source);
      if ('pastStock' in result) {
        if (options.pastStock?.(result.pastStock)) {
          set({ error: null, notice: null });
          return done;
        }
        return refuse({ code: 'INSUFFICIENT_STOCK', message: result.pastStock.message });
      }
      return result;
    };

    const lineOf = (productId: string) => get().lines.find((line) => line.productId === productId);

    return {
      ...initialData,

      load: () => inTurn(reload, 'quiet'),

      async scan(code, quantity) {
        return (await addOrWeigh({ code, ...(quantity !== undefined && quantity > 1 ? { quantity } : {}) }, 'scan')).ok;
      },

      async addHit(hit, source = 'list', quantity) {
        if (hit.soldByWeight) await weigh(hit.id, source);
        else await addOrWeigh({ productId: hit.id, ...(quantity !== undefined && quantity > 1 ? { quantity } : {}) }, source);
      },

      async addProduct(product, source, grams) {
        if (product.soldByWeight && grams === undefined) return weigh(product.id, source);
        if (grams !== undefined && Math.trunc(grams) <= 0) {
          return refuse({ code: 'VALIDATION', message: `Weigh “${product.name}” first: the weight must be above zero.` });
        }
        return addOrWeigh({ productId: product.id, ...(grams !== undefined ? { quantity: Math.trunc(grams) } : {}) }, source);
      },

      // the same add again, decided: asked once more (a dialog is open now), it is refused in words
      addPastStock: (request, decision) => addOrWeigh({ ...request.input, ...decision }, request.source),

      select(productId) {
        set({ selectedProductId: productId });
      },

      async increase(productId, by = 1) {
        const line = lineOf(productId);
        if (!line || by <= 0) return done;
        set({ selectedProductId: productId });
        return get().setQuantity(productId, line.quantity + by);
      },

      async setQuantity(productId, quantity, approvalId) {
        const line = lineOf(productId);
        if (!line) return done;
        const wanted = Math.trunc(quantity);
        if (!Number.isFinite(wanted) || wanted < 0 || wanted > 1_000_000) {
          return refuse({
            code: 'VALIDATION',
            message: line.weighed ? 'A weight is at most 1000 kg.' : 'A quantity is a whole number from 1 to 1,000,000.',
          });
        }
        if (wanted === line.quantity) return done;
        if (wanted === 0) return get().removeLine(productId, approvalId);
        return change(
          'cart.setQuantity',
          { lineId: line.lineId, quantity: wanted, ...(approvalId ? { approvalId } : {}) },
          wanted < line.quantity,
        );
      },

      async removeUnits(productId, units, approvalId) {
        const line = lineOf(productId);
        if (!line || units <= 0) return done;
        if (units >= line.quantity) return get().removeLine(productId, approvalId);
        return get().setQuantity(productId, line.quantity - units, approvalId);
      },

      async removeLine(productId, approvalId) {
        const line = lineOf(productId);
        if (!line) return done;
        return change('cart.removeLine', { lineId: line.lineId, ...(approvalId ? { approvalId } : {}) }, true, () => ({
          error: null,
          notice: null,
        }));
      },

      async voidCart(approvalId) {
        if (get().id === null) return done;
        return change('cart.void', approvalId ? { approvalId } : {}, true);
      },

      async setLineDiscount(productId, discount, approvalId) {
        const line = lineOf(productId);
        if (!line) return done;
        return change('cart.setDiscount', { lineId: line.lineId, discount, ...(approvalId ? { approvalId } : {}) });
      },

      async setCartDiscount(discount, approvalId) {
        if (get().id === null) return refuse({ code: 'VALIDATION', message: 'The sale is empty: scan a product first.' });
        return change('cart.setDiscount', { discount, ...(approvalId ? { approvalId } : {}) });
      },

      async setPriceOverride(productId, priceMinor, approvalId) {
        const line = lineOf(productId);
        if (!line) return done;
        return change('cart.overridePrice', { lineId: line.lineId, priceMinor, ...(approvalId ? { approvalId } : {}) });
      },

      setMember(memberId) {
        return change('cart.setMember', { memberId }, false, (sale) => {
          if (!sale.member) return { error: null, notice: null };
          serial += 1;
          return { error: null, notice: { kind: 'member', memberId: sale.member.id, name: sale.member.name, source: 'list', serial } };
        });
      },

      checkout(payments, approvalIds = []) {
        return inTurn(async (): Promise<Result<Sale>> => {
          const { id, lines } = get();
          if (id === null || lines.length === 0) {
            return { ok: false, error: { code: 'VALIDATION', message: 'The cart is empty: scan a product first.' } };
          }
          // the core completes the sale it holds, with the approvals it keeps for it and these
          const result = await api.invoke('sale.complete', { id, payments, ...(approvalIds.length > 0 ? { approvalIds } : {}) });
          if (result.ok) show(null);
          return result;
        }, 'busy');
      },

      park(label) {
        return inTurn(async (): Promise<Result<ParkedCart>> => {
          if (get().id === null || get().lines.length === 0) {
            return { ok: false, error: { code: 'VALIDATION', message: 'There is nothing to park: the cart is empty.' } };
          }
          const trimmed = label?.trim();
          const result = await api.invoke('cart.park', trimmed ? { label: trimmed } : {});
          if (result.ok) show(null);
          else set({ error: result.error });
          return result;
        }, 'busy');
      },

      async resume(parkedId) {
        if (get().lines.length > 0) {
          return { ok: false, error: { code: 'CONFLICT', message: 'Finish or park the current sale before resuming another one.' } };
        }
        return inTurn(async (): Promise<Result<null>> => {
          const result = await api.invoke('cart.resume', { id: parkedId });
          if (!result.ok) return { ok: false, error: result.error };
          show(result.data, { notice: null, error: leftOutError(result.data.leftOut ?? []) });
          return done;
        }, 'busy');
      },

      dismiss() {
        set({ notice: null, error: null });
      },

      reset() {
        set({ ...initialData, lookups: get().lookups, busy: get().busy });
      },
    };
  });
}
