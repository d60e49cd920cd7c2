import { formatMoney } from '../../../shared/money';
import { useSession } from '../../stores/context';
import type { RefundStore, ReturnLine } from '../../stores/refund';
import { RefundQuantity, RestockToggle } from './LineControls';
import { ReturnWeight } from './ReturnWeight';

/** A weighed product's weight typed in kg, or a piece count; a weighed line is removed with its ×. */
function ReturnAmount({ store, line }: { store: RefundStore; line: ReturnLine }) {
  if (!line.weighed) {
    return (
      <RefundQuantity
        name={line.name}
        value={line.quantity}
        max={999}
        lineKey={line.productId}
        onChange={(q) => store.getState().setReturnQuantity(line.productId, q)}
      />
    );
  }
  return (
    <div className="stepper">
      <ReturnWeight name={line.name} grams={line.quantity} onChange={(grams) => store.getState().setReturnWeight(line.productId, grams)} />
      <button
        type="button"
        className="stepper-button"
        aria-label={`Remove ${line.name}`}
        onClick={() => store.getState().removeReturn(line.productId)}
      >
        ×
      </button>
    </div>
  );
}

/** The products brought back without a receipt, at today's price. */
export function ReturnsTable({ store, returns }: { store: RefundStore; returns: ReturnLine[] }) {
  const currency = useSession((s) => s.currency);
  return (
    <table className="refund-table">
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col">Quantity</th>
          <th scope="col">Back on the shelf</th>
        </tr>
      </thead>
      <tbody>
        {returns.map((line) => (
          <tr key={line.productId}>
            <td>
              <span className="refund-name">{line.name}</span>
              <span className="muted refund-sku">{line.sku}</span>
            </td>
            <td className="num">
              {formatMoney(line.unitPriceMinor, currency)}
              {line.weighed ? '/kg' : ''}
            </td>
            <td>
              <ReturnAmount store={store} line={line} />
            </td>
            <td>
              <RestockToggle checked={line.restock} onChange={(on) => store.getState().setReturnRestock(line.productId, on)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
