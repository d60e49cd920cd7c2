import { formatMoney } from '../../../shared/money';
import type { RefundMoney } from '../../checkout/refund';
import { DialogActions } from '../../components/Dialog';
import { useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { useRefund } from './useRefund';
import { useRefundSubmit } from './useRefundSubmit';

/** "2 items · card €12.00 + cash €19.98 (rounded +€0.02)": what is refunded and how it goes back. */
function refundSummary(money: RefundMoney & { units: number }, currency: string): string {
  const items = money.units === 1 ? '1 item' : `${money.units} items`;
  const tenders =
    money.cardMinor > 0 && money.cashMinor > 0
      ? ` · card ${formatMoney(money.cardMinor, currency)} + cash ${formatMoney(money.cashMinor, currency)}`
      : money.cardMinor > 0
        ? ' · to the card'
        : money.cashMinor > 0
          ? ' · in cash'
          : '';
  const rounding =
    money.roundingMinor !== 0
      ? ` (rounded ${money.roundingMinor > 0 ? '+' : '−'}${formatMoney(Math.abs(money.roundingMinor), currency)})`
      : '';
  return `${items}${tenders}${rounding}`;
}

/**
 * The money of the refund as picked so far, the button that refunds it (asking a manager when the
 * core says so), and Back. Back comes after Refund in the focus order, shown on the left: from the
 * reason field one Tab reaches Refund.
 */
export function RefundFooter({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const submit = useRefundSubmit(store);
  const busy = useRefund(store, (s) => s.busy);
  // the money follows every pick, restock and pay-back choice
  useRefund(store, (s) => s.picks);
  useRefund(store, (s) => s.returns);
  useRefund(store, (s) => s.payBack);
  const money = store.getState().money();

  return (
    <DialogActions>
      <div className="refund-total">
        <span className="refund-total-text">{refundSummary(money, currency)}</span>
        <button
          type="button"
          className="button button-primary button-large"
          disabled={busy || money.units === 0}
          onClick={() => void submit()}
        >
          {busy ? 'Refunding…' : `Refund ${formatMoney(money.cardMinor + money.cashMinor, currency)}`}
        </button>
      </div>
      <button type="button" className="button refund-back" onClick={() => store.getState().back()} disabled={busy}>
        Back
      </button>
    </DialogActions>
  );
}
