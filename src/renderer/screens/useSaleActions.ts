import { formatMoney } from '../../shared/money';
import { useManagerApproval } from '../components/ManagerApproval';
import type { CartLine } from '../stores/cart';
import { useServices } from '../stores/context';

/**
 * What the cashier does to the cart that needs a manager: every removal (a line, some of its
 * units, the whole sale) is approved first, then recorded with sale.void before it disappears.
 */
export function useSaleActions() {
  const { cart, session } = useServices();
  const requestApproval = useManagerApproval();
  const currency = () => session.getState().currency;

  const removeUnits = async (line: CartLine, units: number) => {
    if (units <= 0) return;
    const all = units >= line.quantity;
    const approval = await requestApproval(
      'voidLine',
      all
        ? `Remove “${line.name}” from the sale.`
        : `Take ${units} of “${line.name}” off the sale (${line.quantity} → ${line.quantity - units}).`,
    );
    if (!approval) return;
    await cart.getState().removeUnits(line.productId, units, approval.approvalId);
  };

  const setQuantity = async (line: CartLine, quantity: number) => {
    if (!Number.isInteger(quantity) || quantity < 0) {
      cart.setState({ error: { code: 'VALIDATION', message: 'A quantity is a whole number, such as 3.' } });
      return;
    }
    if (quantity >= line.quantity) {
      await cart.getState().setQuantity(line.productId, quantity);
      return;
    }
    await removeUnits(line, line.quantity - quantity);
  };

  const voidSale = async () => {
    const { lines, totals } = cart.getState();
    if (lines.length === 0) return;
    const approval = await requestApproval('voidCart', `Void the whole sale (${formatMoney(totals.totalMinor, currency())}).`);
    if (!approval) return;
    await cart.getState().voidCart(approval.approvalId);
  };

  return { removeUnits, setQuantity, voidSale, requestApproval };
}
