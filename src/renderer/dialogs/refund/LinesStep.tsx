import { formatMoney } from '../../../shared/money';
import { sumByMethod } from '../../../shared/pricing';
import { formatQuantity } from '../../../shared/quantity';
import { type RefundPick, refundableQuantity, type Sale, type SaleLine } from '../../checkout/refund';
import { ErrorAlert } from '../../components/Alert';
import { DialogBody } from '../../components/Dialog';
import { useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { RefundQuantity, RefundWhole, RestockToggle } from './LineControls';
import { RefundFooter } from './RefundFooter';
import { RefundOptions } from './RefundOptions';
import { saleTime, useRefund } from './useRefund';

/** The receipt found: when, who, its total and how it was paid. */
function SaleSummary({ sale }: { sale: Sale }) {
  const currency = useSession((s) => s.currency);
  const { cardMinor: card, cashMinor: cash } = sumByMethod(sale.payments);
  return (
    <div className="refund-sale">
      <span>
        <strong>Receipt {sale.receiptCode}</strong> · {saleTime(sale.createdAt)} · {sale.staffName}
      </span>
      <span>
        Total {formatMoney(sale.totalMinor, currency)}
        {card > 0 ? ` · card ${formatMoney(card, currency)}` : ''}
        {cash > 0 ? ` · cash ${formatMoney(cash, currency)}` : ''}
      </span>
    </div>
  );
}

/** One sold line: what was sold and paid, what of it comes back, and whether it is restocked. */
function SaleLineRow({ store, line, pick }: { store: RefundStore; line: SaleLine; pick: RefundPick }) {
  const currency = useSession((s) => s.currency);
  const left = refundableQuantity(line);
  return (
    <tr className={left === 0 ? 'refund-row-done' : undefined} data-testid="refund-line">
      <td>
        <span className="refund-name">{line.name}</span>
        <span className="muted refund-sku">
          {line.sku}
          {line.refundedQuantity > 0 ? ` · ${formatQuantity(line.refundedQuantity, line.weighed)} refunded before` : ''}
        </span>
      </td>
      <td className="num">
        {formatQuantity(line.quantity, line.weighed)}
        {line.weighed && (
          <span className="muted refund-sku">
            × {formatMoney(line.unitPriceMinor, currency)}
            /kg
          </span>
        )}
      </td>
      <td className="num">{formatMoney(line.totalMinor, currency)}</td>
      <td>
        {left === 0 ? (
          <span className="muted">Refunded in full</span>
        ) : line.weighed ? (
          <RefundWhole
            name={line.name}
            grams={left}
            checked={pick.quantity > 0}
            onChange={(on) => store.getState().setQuantity(line.id, on ? left : 0)}
          />
        ) : (
          <RefundQuantity name={line.name} value={pick.quantity} max={left} onChange={(q) => store.getState().setQuantity(line.id, q)} />
        )}
      </td>
      <td>{left > 0 && <RestockToggle checked={pick.restock} onChange={(on) => store.getState().setRestock(line.id, on)} />}</td>
    </tr>
  );
}

/** A receipt refund: the lines of the sale, each up to what is left of it. */
export function LinesStep({ store }: { store: RefundStore }) {
  const sale = useRefund(store, (s) => s.sale);
  const picks = useRefund(store, (s) => s.picks);
  const error = useRefund(store, (s) => s.error);
  if (!sale) return null;
  const anyLeft = sale.lines.some((line) => refundableQuantity(line) > 0);
  return (
    <>
      <DialogBody className="refund-lines">
        <SaleSummary sale={sale} />
        <table className="refund-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Sold
              </th>
              <th scope="col" className="num">
                Paid
              </th>
              <th scope="col">Refund</th>
              <th scope="col">Back on the shelf</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((line) => (
              <SaleLineRow key={line.id} store={store} line={line} pick={picks.get(line.id) ?? { quantity: 0, restock: true }} />
            ))}
          </tbody>
        </table>
        <RefundOptions store={store} withOriginal>
          <button type="button" className="button" disabled={!anyLeft} onClick={() => store.getState().pickAll()}>
            Everything that is left
          </button>
        </RefundOptions>
        <ErrorAlert error={error} />
      </DialogBody>
      <RefundFooter store={store} />
    </>
  );
}
