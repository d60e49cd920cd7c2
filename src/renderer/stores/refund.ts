import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import { priceCart } from '../../shared/pricing';
import { formatQuantity, MAX_WEIGHT_GRAMS } from '../../shared/quantity';
import type { AppErrorData, Result } from '../../shared/result';
import { uuidv7 } from '../../shared/uuid';
import {
  type PayBack,
  payBackSplit,
  type RefundMoney,
  type RefundPick,
  refundableQuantity,
  refundPickQuantity,
  refundPreview,
  type Sale,
} from '../checkout/refund';
import type { Product } from './cart';
import type { Settings } from './session';

type Found = ChannelOutput<'sale.find'>[number];
/** One of the shift's latest receipts (sale.recent), offered in the first step. */
export type RecentReceipt = ChannelOutput<'sale.recent'>[number];

/** How many of the shift's receipts the first step lists at a time. */
export const RECENT_PAGE = 6;

/** What a scan in the lines step did: the line it selected, or why it selected none (said in `scanNotice`). */
export type LineScan = { ok: true; lineId: string } | { ok: false };

/** A product brought back without a receipt (priced at today's catalogue price by the core). */
export interface ReturnLine {
  productId: string;
  name: string;
  sku: string;
  unitPriceMinor: number;
  taxRateBp: number;
  /** units, or grams when `weighed` (0 until the weight is entered) */
  quantity: number;
  /** sold by weight: priced per kg, its weight typed in */
  weighed: boolean;
  restock: boolean;
}

export type RefundStep = 'find' | 'choose' | 'lines' | 'noReceipt' | 'done';

export interface RefundState {
  step: RefundStep;
  /** several sales share a receipt number (another terminal, another day): the cashier picks one */
  matches: Found[];
  /** the open shift's latest receipts, newest first; null until the first page came */
  recent: RecentReceipt[] | null;
  /** whether earlier receipts of the shift are left to list */
  recentMore: boolean;
  recentError: AppErrorData | null;
  /** the line the last good scan selected, with a serial that changes on every scan (its row takes the focus) */
  scanned: { lineId: string; serial: number } | null;
  /** what the last scan of the lines step did, in words */
  scanNotice: { kind: 'ok' | 'error'; text: string } | null;
  sale: Sale | null;
  picks: Map<string, RefundPick>;
  returns: ReturnLine[];
  payBack: PayBack;
  reason: string;
  /** the refund's idempotency key, made when the refund starts */
  refundId: string | null;
  /** a manager's approval for a refund without a receipt */
  approvalId: string | null;
  refund: ChannelOutput<'sale.refund'> | null;
  error: AppErrorData | null;
  busy: boolean;

  find(receipt: string): Promise<void>;
  open(saleId: string): Promise<void>;
  /** the first page of the shift's latest receipts, or (`more`) the page before the last one listed */
  loadRecent(more?: boolean): Promise<void>;
  /** a sale picked from the recent list: opened as finding it by its receipt would */
  pick(saleId: string): Promise<void>;
  /** a product scanned in the lines step: its line gets one more unit (a weighed line all of it), within what is left */
  scanLine(code: string): Promise<LineScan>;
  setQuantity(lineId: string, quantity: number): void;
  setRestock(lineId: string, restock: boolean): void;
  /** every unit still refundable of every line */
  pickAll(): void;
  setPayBack(payBack: PayBack): void;
  setReason(reason: string): void;
  startWithoutReceipt(approvalId?: string): void;
  addReturn(product: Product): void;
  scanReturn(code: string): Promise<void>;
  setReturnQuantity(productId: string, quantity: number): void;
  /** the weight of a weighed product brought back, in grams (0 while none is entered: the line stays) */
  setReturnWeight(productId: string, grams: number): void;
  removeReturn(productId: string): void;
  setReturnRestock(productId: string, restock: boolean): void;
  money(): RefundMoney & { units: number };
  submit(approvalId?: string): Promise<Result<ChannelOutput<'sale.refund'>>>;
  back(): void;
}

export type RefundStore = StoreApi<RefundState>;

const MAX_RETURN_QUANTITY = 999;

export function createRefundStore(api: RingupApi, settings: () => Settings | null): RefundStore {
  const step = () => settings()?.cashRoundingStep ?? 1;
  // what a scanned code is, once asked (a second scan of the same product needs no lookup); null: no product
  const scannedProducts = new Map<string, { id: string; name: string } | null>();
  // answers to an earlier loadRecent that came after a later one are dropped
  let recentAsked = 0;
  return createStore<RefundState>()((set, get) => ({
    step: 'find',
    matches: [],
    recent: null,
    recentMore: false,
    recentError: null,
    scanned: null,
    scanNotice: null,
    sale: null,
    picks: new Map(),
    returns: [],
    payBack: 'original',
    reason: '',
    refundId: null,
    approvalId: null,
    refund: null,
    error: null,
    busy: false,

    async find(receipt) {
      const text = receipt.trim();
      if (text === '') {
        set({ error: { code: 'VALIDATION', message: 'Scan the receipt’s barcode or type its number.' } });
        return;
      }
      set({ busy: true, error: null });
      const result = await api.invoke('sale.find', { receipt: text });
      set({ busy: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      const sales = result.data.filter((found) => found.kind === 'sale');
      if (sales.length === 0) {
        set({
          error: {
            code: 'NOT_FOUND',
            message:
              result.data.length > 0
                ? `${text} is the receipt of a refund. Scan the receipt of the original sale.`
                : `No sale has the receipt ${text}. Check the number, or scan the barcode at the bottom of the receipt.`,
          },
        });
        return;
      }
      const only = sales.length === 1 ? sales[0] : undefined;
      if (only) await get().open(only.id);
      else set({ step: 'choose', matches: sales });
    },

    async open(saleId) {
      set({ busy: true, error: null });
      const result = await api.invoke('sale.get', { id: saleId });
      set({ busy: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      const picks = new Map<string, RefundPick>(result.data.lines.map((line) => [line.id, { quantity: 0, restock: true }]));
      set({
        step: 'lines',
        sale: result.data,
        picks,
        payBack: 'original',
        reason: '',
        refundId: uuidv7(),
        refund: null,
        scanned: null,
        scanNotice: null,
      });
    },

    async loadRecent(more = false) {
      const asked = ++recentAsked;
      const listed = get().recent;
      const before = more ? listed?.at(-1)?.receiptNo : undefined;
      if (more && before === undefined) return;
      // one more than a page: whether there are earlier ones is known without another call
      const result = await api.invoke('sale.recent', { limit: RECENT_PAGE + 1, ...(before !== undefined ? { before } : {}) });
      if (asked !== recentAsked) return;
      if (!result.ok) {
        set({ recent: listed ?? [], recentError: result.error });
        return;
      }
      const page = result.data.slice(0, RECENT_PAGE);
      set({
        recent: more ? [...(listed ?? []), ...page] : page,
        recentMore: result.data.length > RECENT_PAGE,
        recentError: null,
      });
    },

    async pick(saleId) {
      if (get().recent?.find((found) => found.id === saleId)?.kind === 'refund') {
        set({ error: { code: 'VALIDATION', message: 'That receipt is a refund. Pick the sale it gave back from.' } });
        return;
      }
      // the list stands in for the receipt: back goes to the first step, not to a choice of matches
      set({ matches: [] });
      await get().open(saleId);
    },

    async scanLine(code) {
      const sale = get().sale;
      const text = code.trim();
      if (!sale || text === '') return { ok: false };
      const refuse = (message: string): LineScan => {
        set({ scanNotice: { kind: 'error', text: message } });
        return { ok: false };
      };
      // a line's SKU (a shelf label), else the product of the barcode (a scale label too)
      let lines = sale.lines.filter((line) => line.sku === text);
      if (lines.length === 0) {
        let product = scannedProducts.get(text);
        if (product === undefined) {
          const result = await api.invoke('catalog.lookupBarcode', { code: text });
          if (!result.ok && result.error.code !== 'NOT_FOUND') return refuse(result.error.message);
          product = result.ok ? { id: result.data.id, name: result.data.name } : null;
          scannedProducts.set(text, product);
        }
        // the cashier went back, or opened another sale, while the code was looked up
        if (get().sale?.id !== sale.id) return { ok: false };
        if (!product) return refuse(`Nothing with the barcode ${text} is on this receipt.`);
        const productId = product.id;
        lines = sale.lines.filter((line) => line.productId === productId);
        if (lines.length === 0) return refuse(`${product.name} is not on this receipt.`);
      }
      const { picks } = get();
      const picked = (lineId: string) => picks.get(lineId)?.quantity ?? 0;
      // the first of its lines with something left that is not in the refund yet
      const line = lines.find((entry) => picked(entry.id) < refundableQuantity(entry));
      if (!line) {
        const [first] = lines;
        const name = first?.name ?? text;
        return refuse(
          lines.some((entry) => refundableQuantity(entry) > 0)
            ? `Everything of ${name} on this receipt is in the refund already.`
            : `${name} was refunded in full before.`,
        );
      }
      const left = refundableQuantity(line);
      // a weighed line goes back whole: the scan selects all of it
      get().setQuantity(line.id, line.weighed ? left : picked(line.id) + 1);
      const now = get().picks.get(line.id)?.quantity ?? 0;
      set({
        scanned: { lineId: line.id, serial: (get().scanned?.serial ?? 0) + 1 },
        scanNotice: {
          kind: 'ok',
          text: line.weighed ? `${line.name}: all ${formatQuantity(left, true)} to refund.` : `${line.name}: ${now} of ${left} to refund.`,
        },
      });
      return { ok: true, lineId: line.id };
    },

    setQuantity(lineId, quantity) {
      const line = get().sale?.lines.find((entry) => entry.id === lineId);
      if (!line) return;
      const picks = new Map(get().picks);
      const pick = picks.get(lineId) ?? { quantity: 0, restock: true };
      picks.set(lineId, { ...pick, quantity: refundPickQuantity(line, quantity) });
      // a refused scan's words stay until the cashier does something else
      set({ picks, error: null, ...(get().scanNotice?.kind === 'error' ? { scanNotice: null } : {}) });
    },

    setRestock(lineId, restock) {
      const picks = new Map(get().picks);
      const pick = picks.get(lineId) ?? { quantity: 0, restock: true };
      picks.set(lineId, { ...pick, restock });
      set({ picks });
    },

    pickAll() {
      const sale = get().sale;
      if (!sale) return;
      const picks = new Map(get().picks);
      for (const line of sale.lines) {
        const pick = picks.get(line.id) ?? { quantity: 0, restock: true };
        picks.set(line.id, { ...pick, quantity: refundPickQuantity(line, line.quantity) });
      }
      set({ picks, error: null });
    },

    setPayBack(payBack) {
      set({ payBack });
    },

    setReason(reason) {
      set({ reason });
    },

    startWithoutReceipt(approvalId) {
      set({
        step: 'noReceipt',
        sale: null,
        picks: new Map(),
        returns: [],
        payBack: 'cash',
        reason: '',
        refundId: uuidv7(),
        approvalId: approvalId ?? null,
        refund: null,
        error: null,
      });
    },

    addReturn(product) {
      const returns = get().returns;
      const existing = returns.find((line) => line.productId === product.id);
      set({
        returns: existing
          ? returns.map((line) =>
              // a weighed product is not counted up: its weight is typed on its line
              line.productId === product.id && !line.weighed
                ? { ...line, quantity: Math.min(MAX_RETURN_QUANTITY, line.quantity + 1) }
                : line,
            )
          : [
              ...returns,
              {
                productId: product.id,
                name: product.name,
                sku: product.sku,
                unitPriceMinor: product.priceMinor,
                taxRateBp: product.taxRateBp,
                quantity: product.soldByWeight ? 0 : 1,
                weighed: product.soldByWeight,
                restock: product.tracksStock,
              },
            ],
        error: null,
      });
    },

    async scanReturn(code) {
      set({ busy: true });
      const result = await api.invoke('catalog.lookupBarcode', { code });
      set({ busy: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      // a scale's weight label brought back carries its weight: no need to type it
      const { scaleGrams, ...product } = result.data;
      get().addReturn(product);
      if (scaleGrams !== null && product.soldByWeight) get().setReturnWeight(product.id, scaleGrams);
    },

    setReturnQuantity(productId, quantity) {
      const wanted = Math.min(MAX_RETURN_QUANTITY, Math.max(0, Math.trunc(quantity)));
      set({
        returns: get()
          .returns.map((line) => (line.productId === productId ? { ...line, quantity: wanted } : line))
          .filter((line) => line.quantity > 0),
      });
    },

    setReturnWeight(productId, grams) {
      const wanted = Number.isFinite(grams) ? Math.min(MAX_WEIGHT_GRAMS, Math.max(0, Math.trunc(grams))) : 0;
      set({ returns: get().returns.map((line) => (line.productId === productId && line.weighed ? { ...line, quantity: wanted } : line)) });
    },

    removeReturn(productId) {
      set({ returns: get().returns.filter((line) => line.productId !== productId), error: null });
    },

    setReturnRestock(productId, restock) {
      set({ returns: get().returns.map((line) => (line.productId === productId ? { ...line, restock } : line)) });
    },

    money() {
      const { sale, picks, payBack, returns } = get();
      if (sale) return refundPreview(sale, picks, payBack, step());
      const counted = returns.filter((line) => line.quantity > 0);
      if (counted.length === 0) return { ...payBackSplit(0, payBack, null, step()), units: 0 };
      const priced = priceCart({
        lines: counted.map((line) => ({
          id: line.productId,
          quantity: line.quantity,
          ...(line.weighed ? { weighed: true } : {}),
          unitPriceMinor: line.unitPriceMinor,
          taxRateBp: line.taxRateBp,
        })),
        pricesIncludeTax: settings()?.pricesIncludeTax ?? true,
        taxRounding: settings()?.taxRounding ?? 'line',
      });
      const units = counted.reduce((sum, line) => sum + (line.weighed ? 1 : line.quantity), 0);
      return { ...payBackSplit(priced.totalMinor, payBack, null, step()), units };
    },

    async submit(approvalId) {
      const { sale, picks, returns, payBack, reason, refundId } = get();
      const id = refundId ?? uuidv7();
      if (refundId === null) set({ refundId: id });
      let lines: ChannelInput<'sale.refund'>['lines'];
      if (sale) {
        lines = sale.lines.flatMap((line) => {
          const pick = picks.get(line.id);
          const quantity = pick ? refundPickQuantity(line, pick.quantity) : 0;
          return quantity > 0 ? [{ originalLineId: line.id, quantity, restock: pick?.restock ?? true }] : [];
        });
      } else {
        const unweighed = returns.find((line) => line.weighed && line.quantity === 0);
        if (unweighed) {
          const error: AppErrorData = {
            code: 'VALIDATION',
            message: `Enter the weight of “${unweighed.name}” brought back, in kg, such as 0.750.`,
          };
          set({ error });
          return { ok: false, error };
        }
        lines = returns
          .filter((line) => line.quantity > 0)
          .map((line) => ({ productId: line.productId, quantity: line.quantity, restock: line.restock }));
      }
      if (lines.length === 0) {
        const error: AppErrorData = {
          code: 'VALIDATION',
          message: sale ? 'Choose what comes back: at least one unit of one line.' : 'Scan or find the products brought back.',
        };
        set({ error });
        return { ok: false, error };
      }
      if (approvalId) set({ approvalId });
      const approval = approvalId ?? get().approvalId;
      const trimmed = reason.trim();
      set({ busy: true, error: null });
      const result = await api.invoke('sale.refund', {
        id,
        ...(sale ? { originalSaleId: sale.id } : {}),
        lines,
        payBack: sale ? payBack : payBack === 'original' ? 'cash' : payBack,
        ...(trimmed ? { reason: trimmed } : {}),
        ...(approval ? { approvalId: approval } : {}),
      });
      set({ busy: false });
      if (result.ok) set({ step: 'done', refund: result.data });
      else set({ error: result.error });
      return result;
    },

    back() {
      const { step: current, matches } = get();
      if (current === 'lines' && matches.length > 1) set({ step: 'choose', sale: null, refundId: null, error: null, scanNotice: null });
      else set({ step: 'find', sale: null, matches: [], returns: [], refundId: null, approvalId: null, error: null, scanNotice: null });
    },
  }));
}
