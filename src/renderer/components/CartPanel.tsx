import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import { formatMoney } from '../../shared/money';
import { formatQuantity } from '../../shared/quantity';
import { describeDiscount } from '../checkout/discount';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { type CartLine, cartItemCount, lineGrossMinor, type ProductNotice } from '../stores/cart';
import { useCart, useServices, useSession } from '../stores/context';
import { ErrorAlert } from './Alert';
import { MemberStrip } from './MemberStrip';
import { NumericKeypad } from './NumericKeypad';

const NOTICE_MS = 3500;

export interface CartPanelProps {
  /** a sentence about what just happened to the sale ("Sale voided."), shown where the scan notices are */
  status?: string | null;
  /** Enter in a line's quantity field: the quantity is applied and the focus goes back to the search box */
  onQuantityEntered?(): void;
  onPay(): void;
  onDiscount(productId: string | null): void;
  onPrice(productId: string): void;
  onRemoveUnits(line: CartLine, units: number): void;
  onSetQuantity(line: CartLine, quantity: number): void;
  /** a weighed line: weigh it again */
  onReweigh(line: CartLine): void;
}

/** What the toast says was added: the unit price (and how many at once), or the weight at its per-kg price. */
function noticeText(notice: ProductNotice, currency: string): string {
  if (notice.weighed) {
    const now = notice.quantity > notice.added ? ` (now ${formatQuantity(notice.quantity, true)})` : '';
    return `${formatQuantity(notice.added, true)} × ${formatMoney(notice.unitPriceMinor, currency)}/kg${now}`;
  }
  const times = notice.added > 1 ? `${notice.added} × ` : '';
  return `${times}${formatMoney(notice.unitPriceMinor, currency)}${notice.quantity > notice.added ? ` (now ×${notice.quantity})` : ''}`;
}

/** F3: the quantity field of a line gets the focus with its number selected, ready to be typed over. */
export function focusLineQuantity(productId: string, retry = true): void {
  const rows = document.querySelectorAll<HTMLElement>('.cart-list [data-product-id]');
  const row = Array.from(rows).find((element) => element.dataset.productId === productId);
  const input = row?.querySelector<HTMLInputElement>('.qty-input');
  input?.focus();
  input?.select();
  // a line selected just now shows its field (on a narrow screen) only once it is drawn again
  if (retry && (!input || document.activeElement !== input)) requestAnimationFrame(() => focusLineQuantity(productId, false));
}

/** The typed quantity of a line: applied on Enter (the focus then goes back to the search box) or when the field is left. */
function QuantityInput({
  line,
  onSetQuantity,
  onEntered,
  onTyping,
  inputRef,
  keypad,
}: {
  line: CartLine;
  onSetQuantity(line: CartLine, quantity: number): void;
  onEntered?(): void;
  /** the field got or lost the focus (the on-screen keypad shows while it has it) */
  onTyping(typing: boolean): void;
  inputRef?: RefObject<HTMLInputElement | null>;
  keypad: boolean;
}) {
  const { cart } = useServices();
  const [text, setText] = useState(String(line.quantity));
  const [editing, setEditing] = useState(false);
  // what blur applies: the latest typing, read when the field is left in the same event as a keystroke
  const typed = useRef(String(line.quantity));
  const id = useId();
  useEffect(() => {
    if (!editing) {
      setText(String(line.quantity));
      typed.current = String(line.quantity);
    }
  }, [line.quantity, editing]);
  const type = (value: string) => {
    typed.current = value;
    setText(value);
  };
  const apply = () => {
    setEditing(false);
    onTyping(false);
    const value = typed.current.trim();
    const quantity = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(quantity) || quantity === line.quantity) {
      type(String(line.quantity));
      return;
    }
    onSetQuantity(line, quantity);
  };
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Quantity of {line.name}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="qty-input"
        type="text"
        // the line's on-screen keypad types here: no system keyboard over it
        inputMode={keypad ? 'none' : 'numeric'}
        autoComplete="off"
        value={text}
        onFocus={(event) => {
          setEditing(true);
          onTyping(true);
          // the line being typed into is the selected one (F3, Del and the line's buttons act on it)
          cart.getState().select(line.productId);
          event.target.select();
        }}
        onChange={(event) => type(event.target.value.replace(/\D/g, '').slice(0, 7))}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            // leaving the field applies it; the next keystrokes (or the scanner's) go to the search box
            if (onEntered) onEntered();
            else event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            // undo the typing; the Escape still reaches the screen (back to the search box)
            type(String(line.quantity));
            setEditing(false);
          }
        }}
      />
    </>
  );
}

/** The cart: lines with big quantity controls, the selected line's actions, running totals and Pay. */
export function CartPanel({
  status = null,
  onQuantityEntered,
  onPay,
  onDiscount,
  onPrice,
  onRemoveUnits,
  onSetQuantity,
  onReweigh,
}: CartPanelProps) {
  const { cart } = useServices();
  const currency = useSession((s) => s.currency);
  const pricesIncludeTax = useSession((s) => s.settings?.pricesIncludeTax ?? true);
  const lines = useCart((s) => s.lines);
  const totals = useCart((s) => s.totals);
  const cartDiscount = useCart((s) => s.cartDiscount);
  const label = useCart((s) => s.label);
  const selected = useCart((s) => s.selectedProductId);
  const notice = useCart((s) => s.notice);
  const error = useCart((s) => s.error);
  const lookups = useCart((s) => s.lookups);
  const busy = useCart((s) => s.busy);
  const listRef = useRef<HTMLUListElement>(null);
  const showKeypad = useTouchKeypad();
  // the line whose quantity is being typed (its field has the focus): its keypad opens under it
  const [typingQuantityOf, setTypingQuantityOf] = useState<string | null>(null);
  const quantityRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => {
      if (cart.getState().notice?.serial === notice.serial) cart.setState({ notice: null });
    }, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, cart]);

  // the line that just changed comes into view, even at the bottom of a long list (each notice re-announces it)
  // biome-ignore lint/correctness/useExhaustiveDependencies: notice is the trigger, not read
  useEffect(() => {
    if (!selected) return;
    const rows = listRef.current?.querySelectorAll<HTMLElement>('[data-product-id]') ?? [];
    const row = Array.from(rows).find((element) => element.dataset.productId === selected);
    // scrollIntoView is missing where there is no layout (jsdom)
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, notice]);

  const itemCount = cartItemCount(lines);
  const pricedById = new Map(totals.lines.map((line) => [line.id, line]));

  return (
    <aside className="cart" aria-labelledby="cart-title">
      <div className="cart-head">
        <h2 id="cart-title" className="cart-title">
          {label ? `Sale · ${label}` : 'Sale'}
        </h2>
        <span className="cart-count">{itemCount === 1 ? '1 item' : `${itemCount} items`}</span>
        {/* what was just added lies over the title for a moment: the lines below never move for it */}
        <div role="status" aria-live="polite" className={notice ? 'toast toast-ok' : status ? 'toast toast-info' : 'toast toast-empty'}>
          {notice && (
            <>
              <span className="toast-icon" aria-hidden="true">
                ✓
              </span>
              {notice.kind === 'member' ? (
                <span className="toast-text">
                  Member: <strong>{notice.name}</strong>
                </span>
              ) : (
                <span className="toast-text">
                  {notice.source === 'scan' ? 'Scanned' : 'Added'}: <strong>{notice.name}</strong>{' '}
                  <span className="money">{noticeText(notice, currency)}</span>
                </span>
              )}
            </>
          )}
          {!notice && status && <span className="toast-text">{status}</span>}
          {!notice && !status && lookups > 0 && <span className="toast-text">Looking up the product…</span>}
        </div>
      </div>

      <div className="cart-messages">
        <ErrorAlert error={error} />
      </div>

      {lines.length === 0 ? (
        <p className="cart-empty">Scan a barcode, or pick a product and press Enter, to start a sale.</p>
      ) : (
        <ul ref={listRef} className="cart-list" aria-label="Cart lines">
          {lines.map((line) => {
            const priced = pricedById.get(line.productId);
            const isSelected = line.productId === selected;
            const unitMinor = line.priceOverrideMinor ?? line.unitPriceMinor;
            const typingHere = typingQuantityOf === line.productId;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: selecting a line by tap; its buttons and field are reachable by keyboard
              <li
                key={line.productId}
                className={`cart-line${isSelected ? ' cart-line-selected' : ''}`}
                data-testid="cart-line"
                data-product-id={line.productId}
                aria-current={isSelected ? 'true' : undefined}
                onClick={(event) => {
                  // a tap on the line's own controls does what the control says, nothing more
                  if (event.target instanceof Element && event.target.closest('button, input')) return;
                  cart.getState().select(line.productId);
                }}
              >
                <span className="cart-line-name">{line.name}</span>
                <span className="cart-line-total">{formatMoney(priced?.totalMinor ?? lineGrossMinor(line), currency)}</span>
                <span className="cart-line-meta">
                  <span data-testid="cart-line-quantity">
                    {formatQuantity(line.quantity, line.weighed)} × {formatMoney(unitMinor, currency)}
                    {line.weighed ? '/kg' : ''}
                  </span>
                  {line.priceOverrideMinor !== undefined && (
                    <span className="tag tag-warn">
                      was {formatMoney(line.unitPriceMinor, currency)}
                      {line.weighed ? '/kg' : ''}
                    </span>
                  )}
                  {line.discount && <span className="tag">−{describeDiscount(line.discount, currency)}</span>}
                  <span className="cart-line-sku">{line.sku}</span>
                </span>
                {line.weighed ? (
                  <div className="stepper">
                    <button
                      type="button"
                      className="button weigh-button"
                      aria-label={`Weight of ${line.name}`}
                      disabled={busy}
                      onClick={() => {
                        cart.getState().select(line.productId);
                        onReweigh(line);
                      }}
                    >
                      Weight
                    </button>
                  </div>
                ) : (
                  <div className="stepper">
                    <button
                      type="button"
                      className="stepper-button"
                      aria-label={`One less ${line.name}`}
                      disabled={busy}
                      onClick={() => {
                        cart.getState().select(line.productId);
                        onRemoveUnits(line, 1);
                      }}
                    >
                      −
                    </button>
                    <QuantityInput
                      line={line}
                      onSetQuantity={onSetQuantity}
                      onEntered={onQuantityEntered}
                      keypad={showKeypad}
                      inputRef={typingHere ? quantityRef : undefined}
                      onTyping={(typing) =>
                        setTypingQuantityOf((current) => (typing ? line.productId : current === line.productId ? null : current))
                      }
                    />
                    <button
                      type="button"
                      className="stepper-button"
                      aria-label={`One more ${line.name}`}
                      disabled={busy}
                      onClick={() => cart.getState().increase(line.productId)}
                    >
                      +
                    </button>
                  </div>
                )}
                {isSelected && (
                  <div className="cart-line-actions">
                    <button type="button" className="button button-small" onClick={() => onDiscount(line.productId)}>
                      Discount
                    </button>
                    <button type="button" className="button button-small" onClick={() => onPrice(line.productId)}>
                      Price
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-ghost"
                      disabled={busy}
                      onClick={() => onRemoveUnits(line, line.quantity)}
                    >
                      Remove <kbd>Del</kbd>
                    </button>
                  </div>
                )}
                {showKeypad && typingHere && !line.weighed && (
                  <NumericKeypad
                    target={quantityRef}
                    label={`Quantity of ${line.name} keypad`}
                    className="cart-line-keypad"
                    disabled={busy}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}

      <MemberStrip />

      <div className="cart-foot">
        <dl className="cart-sums">
          <div>
            <dt>Subtotal</dt>
            <dd>{formatMoney(totals.subtotalMinor, currency)}</dd>
          </div>
          {totals.discountMinor > 0 && (
            <div>
              <dt>Discounts{cartDiscount ? ` (sale −${describeDiscount(cartDiscount, currency)})` : ''}</dt>
              <dd>−{formatMoney(totals.discountMinor, currency)}</dd>
            </div>
          )}
          <div>
            <dt>{pricesIncludeTax ? 'Tax included' : 'Tax'}</dt>
            <dd>{formatMoney(totals.taxMinor, currency)}</dd>
          </div>
        </dl>
        <div className="cart-total">
          <span>Total</span>
          <strong data-testid="cart-total">{formatMoney(totals.totalMinor, currency)}</strong>
        </div>
        <button type="button" className="button button-primary button-pay" disabled={lines.length === 0 || busy} onClick={onPay}>
          Pay <kbd>F9</kbd>
        </button>
      </div>
    </aside>
  );
}
