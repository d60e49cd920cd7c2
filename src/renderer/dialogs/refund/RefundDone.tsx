import { useRef } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { sumByMethod } from '../../../shared/pricing';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { DocumentFrame } from '../../components/DocumentFrame';
import { ReceiptPrintButton } from '../../components/PrintButton';
import { useCashDrawer } from '../../hooks/useCashDrawer';
import { useRendered } from '../../hooks/useRendered';
import { useServices } from '../../stores/context';

/** The refund is stored: the money to give back (the drawer opens for cash), its receipt to print. */
export function RefundDone({ refund, onClose }: { refund: ChannelOutput<'sale.refund'>; onClose(): void }) {
  const { api } = useServices();
  const doneRef = useRef<HTMLButtonElement>(null);
  const { html, error } = useRendered(refund.id, () => api.invoke('receipt.render', { saleId: refund.id, format: 'html' }));
  const drawerError = useCashDrawer(refund);
  const { cashMinor: cash, cardMinor: card } = sumByMethod(refund.payments);
  return (
    <Dialog title="Refund complete" subtitle={`Refund receipt ${refund.receiptCode}`} onClose={onClose} size="wide" initialFocus={doneRef}>
      <DialogBody className="receipt-step">
        <section className="receipt-summary" aria-label="Money back">
          {cash > 0 && (
            <p className="pay-change">
              <span className="pay-caption">Give back in cash</span>
              <strong className="money-huge" data-testid="refund-cash">
                {formatMoney(cash, refund.currency)}
              </strong>
            </p>
          )}
          {card > 0 && (
            <p className={cash > 0 ? 'pay-change pay-change-secondary' : 'pay-change'}>
              <span className="pay-caption">Back to the card</span>
              <strong className={cash > 0 ? 'money-large' : 'money-huge'}>{formatMoney(card, refund.currency)}</strong>
            </p>
          )}
          {card > 0 && <p className="pay-note">Refund the card amount on the card terminal.</p>}
          <ReceiptPrintButton saleId={refund.id} className="button button-large" focusAfter={doneRef} />
          <ErrorAlert error={drawerError} />
        </section>
        <section className="receipt-view" aria-label="Refund receipt">
          <ErrorAlert error={error} />
          {!error && <DocumentFrame html={html} title="Refund receipt" />}
        </section>
      </DialogBody>
      <DialogActions>
        <span />
        <button ref={doneRef} type="button" className="button button-primary button-large" onClick={onClose}>
          Done <kbd>Enter</kbd>
        </button>
      </DialogActions>
    </Dialog>
  );
}
