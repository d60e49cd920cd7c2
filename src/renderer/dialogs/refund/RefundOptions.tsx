import { type ReactNode, useId } from 'react';
import type { PayBack } from '../../checkout/refund';
import { ReasonField } from '../../components/ReasonField';
import { Segmented } from '../../components/Segmented';
import type { RefundStore } from '../../stores/refund';
import { useRefund } from './useRefund';

/** How the money goes back: as paid (a receipt refund only), all cash or all card. */
function PayBackChoice({ store, withOriginal }: { store: RefundStore; withOriginal: boolean }) {
  const payBack = useRefund(store, (s) => s.payBack);
  const options: [PayBack, string][] = withOriginal
    ? [
        ['original', 'As paid'],
        ['cash', 'Cash'],
        ['card', 'Card'],
      ]
    : [
        ['cash', 'Cash'],
        ['card', 'Card'],
      ];
  return (
    <div className="caption-field">
      <span className="caption" aria-hidden="true">
        Pay back
      </span>
      <Segmented label="Pay back" options={options} value={payBack} onChange={(next) => store.getState().setPayBack(next)} />
    </div>
  );
}

/** Below the lines of either kind of refund: anything the step adds first, then how it is paid back and why. */
export function RefundOptions({ store, withOriginal, children }: { store: RefundStore; withOriginal: boolean; children?: ReactNode }) {
  const reason = useRefund(store, (s) => s.reason);
  const id = useId();
  return (
    <div className="refund-options">
      {children}
      <PayBackChoice store={store} withOriginal={withOriginal} />
      <ReasonField
        id={`${id}-reason`}
        className="refund-reason"
        optional
        value={reason}
        onChange={(value) => store.getState().setReason(value)}
      />
    </div>
  );
}
