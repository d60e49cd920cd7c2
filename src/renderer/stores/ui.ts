import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CartNotice, PastStockRequest, Product } from './cart';

/** The dialogs of the working day; one at a time (a manager's PIN prompt may sit on top). */
export type DialogRequest =
  | { kind: 'pay' }
  | { kind: 'discount'; productId: string | null }
  | { kind: 'price'; productId: string }
  /** a product sold by weight, scanned or picked: its weight is added to its line */
  | { kind: 'weigh'; product: Product; source: CartNotice['source'] }
  /** a weighed line weighed again: the new weight replaces the line's */
  | { kind: 'reweigh'; productId: string }
  /** a scan beyond the stock count: sell anyway, or ask a manager */
  | { kind: 'pastStock'; request: PastStockRequest }
  | { kind: 'park' }
  | { kind: 'resume' }
  | { kind: 'refund' }
  | { kind: 'noSale' }
  | { kind: 'cashMovement'; direction: 'paid_in' | 'paid_out' }
  | { kind: 'xReport' }
  | { kind: 'reprint' }
  | { kind: 'closeShift' }
  | { kind: 'shiftMenu' }
  | { kind: 'logout' };

export interface UiState {
  dialog: DialogRequest | null;
  open(dialog: DialogRequest): void;
  close(): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()((set) => ({
    dialog: null,
    open(dialog) {
      set({ dialog });
    },
    close() {
      set({ dialog: null });
    },
  }));
}
