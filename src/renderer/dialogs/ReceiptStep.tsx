import { useRef } from 'react';
import { formatMoney } from '../../shared/money';
import { sumByMethod } from '../../shared/pricing';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { DocumentFrame } from '../components/DocumentFrame';
import { ReceiptPrintButton } from '../components/PrintButton';
import { useCashDrawer } from '../hooks/useCashDrawer';
import { useRendered } from '../hooks/useRendered';
import type { Sale } from '../stores/cart';
import { useServices } from '../stores/context';
import { PointsDone } from './loyalty/PointsDone';

/** After payment: the change in large type, the receipt as the core rendered it, Print and New sale. */
export function ReceiptStep({ sale, onClose }: { sale: Sale; onClose(): void }) {
  const { api } = useServices();
  const currency = sale.currency;
  const newSaleRef = useRef<HTMLButtonElement>(null);
  const { html, error } = useRendered(sale.id, () => api.invoke('receipt.render', { saleId: sale.id, format: 'html' }));
  const drawerError = useCashDrawer(sale);
  const { cardMinor: card, cashCount, tenderedMinor: tendered, pointsMinor } = sumByMethod(sale.payments);
  return (
    <Dialog title="Sale complete" subtitle={`Receipt ${sale.receiptCode}`} onClose={onClose} size="wide" initialFocus={newSaleRef}>
      <DialogBody className="receipt-step">
        <section className="receipt-summary" aria-label="Payment summary">
          {cashCount > 0 ? (
            <p className="pay-change">
              <span className="pay-caption">Change due</span>
              <strong className="money-huge" data-testid="receipt-change">
                {formatMoney(sale.changeMinor, currency)}
              </strong>
            </p>
          ) : card > 0 || pointsMinor === 0 ? (
            <p className="pay-change">
              <span className="pay-caption">Paid by card</span>
              <strong className="money-huge">{formatMoney(card, currency)}</strong>
            </p>
          ) : (
            <p className="pay-change">
              <span className="pay-caption">Paid with points</span>
              <strong className="money-huge">{formatMoney(pointsMinor, currency)}</strong>
            </p>
          )}
          <dl className="pay-lines">
            <div>
              <dt>Total</dt>
              <dd>{formatMoney(sale.totalMinor, currency)}</dd>
            </div>
            {pointsMinor > 0 && (card > 0 || cashCount > 0) && (
              <div>
                <dt>Points</dt>
                <dd>{formatMoney(pointsMinor, currency)}</dd>
              </div>
            )}
            {card > 0 && cashCount > 0 && (
              <div>
                <dt>Card</dt>
                <dd>{formatMoney(card, currency)}</dd>
              </div>
            )}
            {cashCount > 0 && (
              <div>
                <dt>Cash given</dt>
                <dd>{formatMoney(tendered, currency)}</dd>
              </div>
            )}
            {sale.cashRoundingMinor !== 0 && (
              <div>
                <dt>Cash rounding</dt>
                <dd>
                  {sale.cashRoundingMinor > 0 ? '+' : '−'}
                  {formatMoney(Math.abs(sale.cashRoundingMinor), currency)}
                </dd>
              </div>
            )}
          </dl>
          <PointsDone sale={sale} />
          <ReceiptPrintButton saleId={sale.id} className="button button-large" focusAfter={newSaleRef} />
          <ErrorAlert error={drawerError} />
        </section>
        <section className="receipt-view" aria-label="Receipt">
          <ErrorAlert error={error} />
          {!error && <DocumentFrame html={html} title="Receipt" />}
        </section>
      </DialogBody>
      <DialogActions>
        <span />
        <button ref={newSaleRef} type="button" className="button button-primary button-large" onClick={onClose}>
          New sale <kbd>Enter</kbd>
        </button>
      </DialogActions>
    </Dialog>
  );
}
