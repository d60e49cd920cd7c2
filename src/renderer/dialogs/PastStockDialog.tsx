import { useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useManagerApproval } from '../components/ManagerApproval';
import type { PastStockRequest } from '../stores/cart';
import { useCart, useServices } from '../stores/context';

/**
 * A scan beyond the stock count, answered at the scan: the core's sentence ("Only 0 left of …"),
 * then the store's rule — the cashier sells anyway, or a manager approves on the spot. Shelves and
 * counts disagree: the sale goes on either way, and what was decided is recorded by the core.
 */
export function PastStockDialog({ request, onClose }: { request: PastStockRequest; onClose(): void }) {
  const { cart } = useServices();
  const requestApproval = useManagerApproval();
  const busy = useCart((s) => s.lookups > 0);
  const [error, setError] = useState<AppErrorData | null>(null);
  const sellRef = useRef<HTMLButtonElement>(null);

  const sell = async () => {
    let decision: { sellPastStock: true } | { approvalId: string } = { sellPastStock: true };
    if (request.mode === 'manager') {
      const approval = await requestApproval(
        { action: 'oversell', terms: request.approval?.terms ?? {} },
        `${request.message.replace(/[.:]?\s*$/, '')}: sell it anyway.`,
      );
      if (!approval) return;
      // a manager logged in needs no approval id: the core lets the manager's own session through
      decision = approval.approvalId ? { approvalId: approval.approvalId } : { sellPastStock: true };
    }
    const result = await cart.getState().addPastStock(request, decision);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Dialog title="Not in stock" onClose={onClose} size="small" initialFocus={sellRef} busy={busy}>
      <DialogBody>
        <p className="screen-lead" role="status">
          {request.message}
        </p>
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Don’t add
        </button>
        <button ref={sellRef} type="button" className="button button-primary" onClick={() => void sell()}>
          {request.mode === 'manager' ? 'Ask a manager' : 'Sell anyway'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
