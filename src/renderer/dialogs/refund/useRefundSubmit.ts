import { useCallback } from 'react';
import { useManagerApproval, withApprovals } from '../../components/ManagerApproval';
import type { RefundStore } from '../../stores/refund';

/**
 * Submit the refund as picked, asking a manager when the core says so (a refund without a receipt:
 * for its amount; then the same refund id again). The Refund button and Enter in the reason use it.
 */
export function useRefundSubmit(store: RefundStore): () => Promise<void> {
  const requestApproval = useManagerApproval();
  return useCallback(async () => {
    const state = store.getState();
    if (state.busy) return;
    await withApprovals(
      requestApproval,
      ([approvalId]) => store.getState().submit(approvalId),
      [],
      state.sale ? undefined : 'A refund without a receipt.',
    );
  }, [store, requestApproval]);
}
