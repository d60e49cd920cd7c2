import { formatMoney } from '../../shared/money';
import { formatQuantity } from '../../shared/quantity';
import type { Result } from '../../shared/result';
import { useManagerApproval, withApprovals } from '../components/ManagerApproval';
import type { CartLine } from '../stores/cart';
import { useServices } from '../stores/context';

/**
 * What the cashier does to the cart that needs a manager: every removal (a line, some of its
 * units or grams, the whole sale) is approved first, then recorded with sale.void before it disappears.
 */
export function useSaleActions() {
  const { cart, session } = useServices();
  const requestApproval = useManagerApproval();
  const currency = () => session.getState().currency;

  /** Take `units` (grams on a weighed line) off a line; null when the manager's approval was not given. */
  const removeUnits = async (line: CartLine, units: number): Promise<Result<null> | null> => {
    if (units <= 0) return { ok: true, data: null };
    const all = units >= line.quantity;
    const amount = (quantity: number) => formatQuantity(quantity, line.weighed);
    // the core prices the removal and says what it needs approved; the manager approves exactly that
    const result = await withApprovals(
      requestApproval,
      ([approvalId]) => cart.getState().removeUnits(line.productId, units, approvalId),
      [],
      all
        ? `Remove “${line.name}” from the sale.`
        : `Take ${amount(units)} of “${line.name}” off the sale (${amount(line.quantity)} → ${amount(line.quantity - units)}).`,
    );
    // the PIN prompt was cancelled: the line stays, and so no "needs a manager" alert either
    if (result === null) cart.setState({ error: null });
    return result;
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

  /** A weighed line weighed again: more is added at once, less is a void of the grams taken off (a manager approves). */
  const setWeight = async (line: CartLine, grams: number): Promise<Result<null> | null> => {
    if (grams >= line.quantity) return cart.getState().setQuantity(line.productId, grams);
    return removeUnits(line, line.quantity - grams);
  };

  /** The whole sale voided (a manager approves it); true when it is gone. */
  const voidSale = async (): Promise<boolean> => {
    const { lines, totals } = cart.getState();
    if (lines.length === 0) return false;
    const result = await withApprovals(
      requestApproval,
      ([approvalId]) => cart.getState().voidCart(approvalId),
      [],
      `Void the whole sale (${formatMoney(totals.totalMinor, currency())}).`,
    );
    if (result === null) cart.setState({ error: null });
    return result?.ok === true;
  };

  return { removeUnits, setQuantity, setWeight, voidSale, requestApproval };
}
