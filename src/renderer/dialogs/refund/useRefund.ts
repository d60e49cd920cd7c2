import { useStore } from 'zustand';
import type { RefundState, RefundStore } from '../../stores/refund';

/** One slice of the refund store, re-rendering when it changes. */
export function useRefund<T>(store: RefundStore, select: (state: RefundState) => T): T {
  return useStore(store, select);
}

/** When a sale was made, as the cashier reads it on the receipt. */
export function saleTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
