import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { AmountLimitError, type Discount, MAX_AMOUNT_MINOR, mulDivRound, type PricedCart, priceCart } from '../../shared/pricing';
import { formatQuantity, GRAMS_PER_KG, MAX_WEIGHT_GRAMS } from '../../shared/quantity';
import type { AppErrorData, Result } from '../../shared/result';
import { uuidv7 } from '../../shared/uuid';
import type { PaymentInput } from '../checkout/tender';
import type { SearchHit } from './catalog';
import type { Settings } from './session';

export type Product = ChannelOutput<'catalog.get'>;
export type Sale = ChannelOutput<'sale.complete'>;
export type ParkedCart = ChannelOutput<'sale.park'>;
type CartInput = Pick<ChannelInput<'sale.park'>, 'lines' | 'cartDiscount'>;

/** One product in the cart, with what the till needs to price it on the spot. */
export interface CartLine {
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
  /** a price other than the catalogue's (a manager approved it) */
  priceOverrideMinor?: number;
}

/** The short confirmation after a product was added, by hand or by the scanner. */
export interface CartNotice {
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

export interface CartState {
  /** the sale's idempotency key: a UUIDv7 made when the first line goes in, kept until the sale is done, parked or voided */
  id: string | null;
  /** the label of a resumed parked cart */
  label: string | null;
  lines: CartLine[];
  cartDiscount: Discount | null;
  /** the manager's approvals of discounts and price overrides on this sale, sent with sale.complete */
  approvalIds: string[];
  /** the running totals, priced here with the same code as the core (its answer after payment is authoritative) */
  totals: PricedCart;
  selectedProductId: string | null;
  notice: CartNotice | null;
  error: AppErrorData | null;
  lookups: number;
  busy: boolean;

  /** look a scanned code up and add it; true when it went onto the sale (or into the weigh dialog) */
  scan(code: string): Promise<boolean>;
  /** a product picked in the search list (its tax rate comes from catalog.get) */
  /** add a search result; `scan` when it was found by its exact code (a barcode keyed in or scanned slowly) */
  addHit(hit: SearchHit, source?: CartNotice['source']): Promise<void>;
  /**
   * One more unit of a product; a product sold by weight is weighed first (options.weigh), then
   * comes back with its `grams`, which add to its line.
   */
  addProduct(product: Product, source: CartNotice['source'], grams?: number): Result<null>;
  select(productId: string | null): void;
  /** more of a line: no approval needed */
  increase(productId: string, by?: number): void;
  /** a typed quantity: more is added at once, less is a void of the difference (recorded, needs an approval) */
  setQuantity(productId: string, quantity: number, approvalId?: string): Promise<Result<null>>;
  /** take `units` off a line (all of it removes the line): recorded with sale.void first */
  removeUnits(productId: string, units: number, approvalId?: string): Promise<Result<null>>;
  removeLine(productId: string, approvalId?: string): Promise<Result<null>>;
  voidCart(approvalId?: string): Promise<Result<null>>;
  setLineDiscount(productId: string, discount: Discount | null, approvalId?: string): void;
  setCartDiscount(discount: Discount | null, approvalId?: string): void;
  setPriceOverride(productId: string, priceMinor: number | null, approvalId?: string): void;
  /** the lines and discount as the contract takes them */
  cartInput(): CartInput;
  /** sale.complete with this cart's id (the same id on every retry); the cart empties only when it succeeds */
  checkout(payments: PaymentInput[], approvalIds?: string[]): Promise<Result<Sale>>;
  park(label?: string): Promise<Result<ParkedCart>>;
  resume(parkedId: string): Promise<Result<null>>;
  dismiss(): void;
  reset(): void;
}

export type CartStore = StoreApi<CartState>;

export interface CartStoreOptions {
  /** the settings pricing follows (pricesIncludeTax, taxRounding) */
  settings(): Settings | null;
  /** a product sold by weight was scanned or picked: ask for its weight; false when it cannot be asked now */
  weigh?(product: Product, source: CartNotice['source']): boolean;
}

const EMPTY_TOTALS: PricedCart = { lines: [], subtotalMinor: 0, discountMinor: 0, netMinor: 0, taxMinor: 0, totalMinor: 0, taxes: [] };

function offSale(name: string): AppErrorData {
  return { code: 'CONFLICT', message: `“${name}” is off sale and cannot be added. A manager can put it back on sale.` };
}

/** quantity × price before discounts, as priceCart computes it (grams × the kg price for a weighed line). */
export function lineGrossMinor(line: Pick<CartLine, 'quantity' | 'weighed' | 'unitPriceMinor' | 'priceOverrideMinor'>): number {
  const unitMinor = line.priceOverrideMinor ?? line.unitPriceMinor;
  return line.weighed ? mulDivRound(line.quantity, unitMinor, GRAMS_PER_KG) : line.quantity * unitMinor;
}

/** The "N items" of a cart: units of counted lines, and one per weighed line (not its grams). */
export function cartItemCount(lines: readonly Pick<CartLine, 'quantity' | 'weighed'>[]): number {
  return lines.reduce((sum, line) => sum + (line.weighed ? 1 : line.quantity), 0);
}

/** Price the cart exactly as the core will (same function, same settings). */
export function priceLines(lines: CartLine[], cartDiscount: Discount | null, settings: Settings | null): PricedCart {
  if (lines.length === 0) return EMPTY_TOTALS;
  return priceCart({
    lines: lines.map((line) => ({
      id: line.productId,
      quantity: line.quantity,
      ...(line.weighed ? { weighed: true } : {}),
      unitPriceMinor: line.priceOverrideMinor ?? line.unitPriceMinor,
      taxRateBp: line.taxRateBp,
      discount: line.discount ?? null,
    })),
    cartDiscount,
    pricesIncludeTax: settings?.pricesIncludeTax ?? true,
    taxRounding: settings?.taxRounding ?? 'line',
  });
}

/** The line as the contract takes it: product, quantity, and only the adjustments it has. */
function lineInput(line: CartLine): CartInput['lines'][number] {
  return {
    productId: line.productId,
    quantity: line.quantity,
    // the unit the till priced it in: the core refuses the line if the product changed unit since
    weighed: line.weighed === true,
    ...(line.discount ? { discount: line.discount } : {}),
    ...(line.priceOverrideMinor !== undefined ? { priceOverrideMinor: line.priceOverrideMinor } : {}),
  };
}

const done: Result<null> = { ok: true, data: null };

const initialData = {
  id: null,
  label: null,
  lines: [],
  cartDiscount: null,
  approvalIds: [] as string[],
  totals: EMPTY_TOTALS,
  selectedProductId: null,
  notice: null,
  error: null,
  lookups: 0,
  busy: false,
} satisfies Partial<CartState>;

export function createCartStore(api: RingupApi, options: CartStoreOptions): CartStore {
  let serial = 0;
  // products already looked up, so a repeated pick from the list needs no second call
  const known = new Map<string, Product>();

  return createStore<CartState>()((set, get) => {
    /** Apply new lines / discount and re-price in the same update. */
    const update = (
      patch: Partial<Pick<CartState, 'lines' | 'cartDiscount' | 'selectedProductId' | 'notice' | 'error'>> & { approvalId?: string },
    ) => {
      const { approvalId, ...rest } = patch;
      const lines = rest.lines ?? get().lines;
      const cartDiscount = rest.cartDiscount === undefined ? get().cartDiscount : rest.cartDiscount;
      let totals: PricedCart;
      try {
        totals = priceLines(lines, cartDiscount, options.settings());
      } catch (error) {
        if (!(error instanceof AmountLimitError)) throw error;
        // the core would refuse it: the change is not made, and the cashier is told why
        const currency = options.settings()?.currency ?? 'EUR';
        set({
          error: {
            code: 'VALIDATION',
            message: `That comes to more than ${formatMoney(MAX_AMOUNT_MINOR, currency)}, the largest amount Ringup records: check the quantity and the price.`,
          },
          notice: null,
        });
        return;
      }
      set({ ...rest, ...(approvalId ? { approvalIds: [...get().approvalIds, approvalId] } : {}), totals });
    };

    const withLookup = async <T>(run: () => Promise<T>): Promise<T> => {
      set({ lookups: get().lookups + 1 });
      try {
        return await run();
      } finally {
        set({ lookups: get().lookups - 1 });
      }
    };

    return {
      ...initialData,

      addProduct(product, source, grams) {
        known.set(product.id, product);
        const refuse = (error: AppErrorData): Result<null> => {
          set({ error, notice: null });
          return { ok: false, error };
        };
        if (!product.active) return refuse(offSale(product.name));
        const { lines } = get();
        const existing = lines.find((line) => line.productId === product.id);
        if (product.soldByWeight && grams === undefined) {
          if (options.weigh?.(product, source)) {
            set({ error: null });
            return done;
          }
          return refuse({
            code: 'CONFLICT',
            message: `“${product.name}” is sold by weight. Finish what is open, then scan or pick it again to weigh it.`,
          });
        }
        const added = product.soldByWeight ? Math.trunc(grams ?? 0) : 1;
        const quantity = (existing?.quantity ?? 0) + added;
        if (product.soldByWeight && (added <= 0 || quantity > MAX_WEIGHT_GRAMS)) {
          return refuse({
            code: 'VALIDATION',
            message:
              added <= 0
                ? `Weigh “${product.name}” first: the weight must be above zero.`
                : `One line holds at most 1000 kg: “${product.name}” would weigh ${formatQuantity(quantity, true)}.`,
          });
        }
        const next = existing
          ? lines.map((line) => (line.productId === product.id ? { ...line, quantity } : line))
          : [
              ...lines,
              {
                productId: product.id,
                name: product.name,
                sku: product.sku,
                unitPriceMinor: product.priceMinor,
                taxRateBp: product.taxRateBp,
                quantity,
                weighed: product.soldByWeight,
              },
            ];
        serial += 1;
        if (get().id === null) set({ id: uuidv7() });
        update({
          lines: next,
          selectedProductId: product.id,
          notice: {
            productId: product.id,
            name: product.name,
            unitPriceMinor: product.priceMinor,
            quantity,
            weighed: product.soldByWeight,
            added,
            source,
            serial,
          },
          error: null,
        });
        return done;
      },

      async scan(code) {
        const result = await withLookup(() => api.invoke('catalog.lookupBarcode', { code }));
        if (!result.ok) {
          set({ error: result.error, notice: null });
          return false;
        }
        // a scale's weight label carries the grams: no need to weigh it again at the till
        const { scaleGrams, ...product } = result.data;
        return get().addProduct(product, 'scan', scaleGrams ?? undefined).ok;
      },

      async addHit(hit, source = 'list') {
        if (!hit.active) {
          set({ error: offSale(hit.name), notice: null });
          return;
        }
        const cached = known.get(hit.id);
        if (cached && get().lines.some((line) => line.productId === hit.id)) {
          get().addProduct(cached, source);
          return;
        }
        const result = await withLookup(() => api.invoke('catalog.get', { id: hit.id }));
        if (!result.ok) {
          set({ error: result.error, notice: null });
          return;
        }
        get().addProduct(result.data, source);
      },

      select(productId) {
        set({ selectedProductId: productId });
      },

      increase(productId, by = 1) {
        if (by <= 0) return;
        update({
          lines: get().lines.map((line) => (line.productId === productId ? { ...line, quantity: line.quantity + by } : line)),
          selectedProductId: productId,
          error: null,
        });
      },

      async setQuantity(productId, quantity, approvalId) {
        const line = get().lines.find((entry) => entry.productId === productId);
        if (!line) return done;
        const wanted = Math.trunc(quantity);
        if (!Number.isFinite(wanted) || wanted < 0 || wanted > 1_000_000) {
          const error: AppErrorData = {
            code: 'VALIDATION',
            message: line.weighed ? 'A weight is at most 1000 kg.' : 'A quantity is a whole number from 1 to 1,000,000.',
          };
          set({ error });
          return { ok: false, error };
        }
        if (wanted === line.quantity) return done;
        if (wanted > line.quantity) {
          get().increase(productId, wanted - line.quantity);
          return done;
        }
        return get().removeUnits(productId, line.quantity - wanted, approvalId);
      },

      async removeUnits(productId, units, approvalId) {
        const { id, lines, cartDiscount } = get();
        const line = lines.find((entry) => entry.productId === productId);
        if (!line || units <= 0 || id === null) return done;
        const removed = Math.min(units, line.quantity);
        // the core prices the cart before and after: the void's amount is its own
        set({ busy: true });
        const result = await api.invoke('sale.void', {
          cartId: id,
          scope: 'line',
          productId,
          quantity: removed,
          lines: lines.map(lineInput),
          ...(cartDiscount ? { cartDiscount } : {}),
          ...(approvalId ? { approvalId } : {}),
        });
        set({ busy: false });
        if (!result.ok) {
          set({ error: result.error });
          return result;
        }
        // re-read the lines: a scan may have landed while the void was on its way
        const current = get().lines;
        const still = current.find((entry) => entry.productId === productId);
        const after =
          !still || still.quantity <= removed
            ? current.filter((entry) => entry.productId !== productId)
            : current.map((entry) => (entry.productId === productId ? { ...entry, quantity: entry.quantity - removed } : entry));
        if (after.length === 0) {
          get().reset();
          return done;
        }
        update({
          lines: after,
          selectedProductId: after.some((entry) => entry.productId === productId) ? productId : (after.at(-1)?.productId ?? null),
          notice: null,
          error: null,
        });
        return done;
      },

      async removeLine(productId, approvalId) {
        const line = get().lines.find((entry) => entry.productId === productId);
        if (!line) return done;
        return get().removeUnits(productId, line.quantity, approvalId);
      },

      async voidCart(approvalId) {
        const { id, lines } = get();
        if (id === null || lines.length === 0) {
          get().reset();
          return done;
        }
        set({ busy: true });
        const result = await api.invoke('sale.void', {
          cartId: id,
          scope: 'cart',
          ...get().cartInput(),
          ...(approvalId ? { approvalId } : {}),
        });
        set({ busy: false });
        if (!result.ok) {
          set({ error: result.error });
          return result;
        }
        get().reset();
        return done;
      },

      setLineDiscount(productId, discount, approvalId) {
        update({
          lines: get().lines.map((line) => {
            if (line.productId !== productId) return line;
            const { discount: _old, ...rest } = line;
            return discount ? { ...rest, discount } : rest;
          }),
          ...(approvalId ? { approvalId } : {}),
          error: null,
        });
      },

      setCartDiscount(discount, approvalId) {
        update({ cartDiscount: discount, ...(approvalId ? { approvalId } : {}), error: null });
      },

      setPriceOverride(productId, priceMinor, approvalId) {
        update({
          lines: get().lines.map((line) => {
            if (line.productId !== productId) return line;
            const { priceOverrideMinor: _old, ...rest } = line;
            return priceMinor === null || priceMinor === line.unitPriceMinor ? rest : { ...rest, priceOverrideMinor: priceMinor };
          }),
          ...(approvalId ? { approvalId } : {}),
          error: null,
        });
      },

      cartInput() {
        const { lines, cartDiscount } = get();
        return { lines: lines.map(lineInput), ...(cartDiscount ? { cartDiscount } : {}) };
      },

      async checkout(payments, approvalIds = []) {
        const { id, lines } = get();
        if (id === null || lines.length === 0) {
          return { ok: false, error: { code: 'VALIDATION', message: 'The cart is empty: scan a product first.' } };
        }
        const known = new Set(get().approvalIds);
        const fresh = approvalIds.filter((approvalId) => !known.has(approvalId));
        if (fresh.length > 0) set({ approvalIds: [...get().approvalIds, ...fresh] });
        const all = get().approvalIds;
        set({ busy: true });
        const result = await api.invoke('sale.complete', {
          id,
          ...get().cartInput(),
          payments,
          ...(all.length > 0 ? { approvalIds: all } : {}),
        });
        set({ busy: false });
        if (result.ok) get().reset();
        return result;
      },

      async park(label) {
        const { id, lines } = get();
        if (id === null || lines.length === 0) {
          return { ok: false, error: { code: 'VALIDATION', message: 'There is nothing to park: the cart is empty.' } };
        }
        const trimmed = label?.trim();
        set({ busy: true });
        const result = await api.invoke('sale.park', { id, ...get().cartInput(), ...(trimmed ? { label: trimmed } : {}) });
        set({ busy: false });
        if (result.ok) get().reset();
        else set({ error: result.error });
        return result;
      },

      async resume(parkedId) {
        if (get().lines.length > 0) {
          const error: AppErrorData = { code: 'CONFLICT', message: 'Finish or park the current sale before resuming another one.' };
          return { ok: false, error };
        }
        set({ busy: true });
        const resumed = await api.invoke('sale.resume', { id: parkedId });
        if (!resumed.ok) {
          set({ busy: false });
          return resumed;
        }
        // the parked cart keeps only ids and quantities: names and prices come from the catalogue now
        const answers = await Promise.all(resumed.data.lines.map((line) => api.invoke('catalog.get', { id: line.productId })));
        const lines: CartLine[] = [];
        const missing: string[] = [];
        const changedUnit: string[] = [];
        resumed.data.lines.forEach((line, i) => {
          const answer = answers[i];
          if (!answer?.ok) {
            missing.push(line.productId);
            return;
          }
          // parked as pieces, sold by weight now (or the other way): its quantity means something else
          if (line.weighed !== undefined && line.weighed !== answer.data.soldByWeight) {
            changedUnit.push(answer.data.name);
            return;
          }
          known.set(answer.data.id, answer.data);
          lines.push({
            productId: answer.data.id,
            name: answer.data.name,
            sku: answer.data.sku,
            unitPriceMinor: answer.data.priceMinor,
            taxRateBp: answer.data.taxRateBp,
            quantity: line.quantity,
            weighed: answer.data.soldByWeight,
            ...(line.discount ? { discount: line.discount } : {}),
            ...(line.priceOverrideMinor !== undefined ? { priceOverrideMinor: line.priceOverrideMinor } : {}),
          });
        });
        set({ ...initialData, id: resumed.data.id, label: resumed.data.label });
        update({
          lines,
          cartDiscount: resumed.data.cartDiscount ?? null,
          selectedProductId: lines.at(-1)?.productId ?? null,
          error:
            missing.length > 0
              ? {
                  code: 'NOT_FOUND',
                  message:
                    missing.length === 1
                      ? 'One product of the parked cart is no longer in the catalogue and was left out.'
                      : `${missing.length} products of the parked cart are no longer in the catalogue and were left out.`,
                }
              : changedUnit.length > 0
                ? {
                    code: 'CONFLICT',
                    message: `${changedUnit.map((name) => `“${name}”`).join(', ')} changed between pieces and weight since the cart was parked and ${changedUnit.length === 1 ? 'was' : 'were'} left out: scan ${changedUnit.length === 1 ? 'it' : 'them'} again.`,
                  }
                : null,
        });
        if (lines.length === 0) set({ id: null });
        return done;
      },

      dismiss() {
        set({ notice: null, error: null });
      },

      reset() {
        set({ ...initialData });
      },
    };
  });
}
