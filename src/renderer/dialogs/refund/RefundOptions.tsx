import { type ReactNode, type Ref, useId } from 'react';
import type { PayBack } from '../../checkout/refund';
import { ReasonField } from '../../components/ReasonField';
import type { RefundStore } from '../../stores/refund';
import { useRefund } from './useRefund';
import { useRefundSubmit } from './useRefundSubmit';

/**
 * How the money goes back: as paid (a receipt refund only), all cash or all card. Radio buttons of
 * one group, so the group is one Tab stop (the chosen way) and the arrow keys choose another.
 */
function PayBackChoice({ store, withOriginal }: { store: RefundStore; withOriginal: boolean }) {
  const payBack = useRefund(store, (s) => s.payBack);
  const name = useId();
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
      <div className="segmented refund-payback" role="radiogroup" aria-label="Pay back">
        {options.map(([option, text]) => (
          <label key={option} className="segment">
            <input
              type="radio"
              className="visually-hidden"
              name={name}
              value={option}
              checked={payBack === option}
              onChange={() => store.getState().setPayBack(option)}
            />
            <span>{text}</span>
          </label>
        ))}
      </div>
    </div>
  );
}

/**
 * Below the lines of either kind of refund: how it is paid back and why. The reason is the last
 * field before the Refund button: Enter in it refunds (the store says what is missing, if anything).
 */
export function RefundOptions({
  store,
  withOriginal,
  reasonRef,
  children,
}: {
  store: RefundStore;
  withOriginal: boolean;
  reasonRef?: Ref<HTMLInputElement>;
  children?: ReactNode;
}) {
  const reason = useRefund(store, (s) => s.reason);
  const submit = useRefundSubmit(store);
  const id = useId();
  return (
    <div className="refund-options">
      {children}
      <PayBackChoice store={store} withOriginal={withOriginal} />
      <ReasonField
        id={`${id}-reason`}
        className="refund-reason"
        optional
        inputRef={reasonRef}
        value={reason}
        onChange={(value) => store.getState().setReason(value)}
        onEnter={() => void submit()}
      />
    </div>
  );
}
