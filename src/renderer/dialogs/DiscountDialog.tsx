import { useRef, useState } from 'react';
import { currencyExponent, formatMoney } from '../../shared/money';
import { type Discount, maxCombinedDiscountBp } from '../../shared/pricing';
import type { AppErrorData } from '../../shared/result';
import { describeDiscount, formatPercent, parsePercent } from '../checkout/discount';
import { stripScan } from '../checkout/scan';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useManagerApproval } from '../components/ManagerApproval';
import { amountText, MoneyField, parseAmount } from '../components/MoneyField';
import { NumericKeypad } from '../components/NumericKeypad';
import { Segmented } from '../components/Segmented';
import { selectOnFocus } from '../hooks/selectOnFocus';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { lineGrossMinor, priceLines } from '../stores/cart';
import { useCart, useServices, useSession } from '../stores/context';

type Scope = 'line' | 'cart';
type Kind = 'percent' | 'amount';

const QUICK_PERCENTS = [500, 1000, 1500, 2000];

/** F4: a discount on the selected line or on the whole sale, in percent or as an amount; above the cashier's limit a manager approves. */
export function DiscountDialog({ productId, onClose }: { productId: string | null; onClose(): void }) {
  const { cart } = useServices();
  const requestApproval = useManagerApproval();
  const currency = useSession((s) => s.currency);
  const settings = useSession((s) => s.settings);
  const lines = useCart((s) => s.lines);
  const cartDiscount = useCart((s) => s.cartDiscount);
  const totals = useCart((s) => s.totals);
  const cartId = useCart((s) => s.id);
  const line = lines.find((entry) => entry.productId === productId) ?? null;
  const [scope, setScope] = useState<Scope>(line ? 'line' : 'cart');
  const current = scope === 'line' ? (line?.discount ?? null) : cartDiscount;
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'percent');
  const [text, setText] = useState(() =>
    current ? (current.kind === 'percent' ? formatPercent(current.bp) : amountText(current.minor, currency)) : '',
  );
  const [error, setError] = useState<AppErrorData | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const limitBp = settings?.cashierDiscountLimitBp ?? 0;
  const showKeypad = useTouchKeypad();

  useBarcodeScanner((code) => setText((value) => stripScan(value, code)));

  const lineBase = line ? lineGrossMinor(line) : 0;
  const cartBase = totals.subtotalMinor - totals.lines.reduce((sum, priced) => sum + priced.lineDiscountMinor, 0);
  const baseMinor = scope === 'line' ? lineBase : cartBase;

  const parsed: Discount | null = (() => {
    if (text.trim() === '') return null;
    if (kind === 'percent') {
      const bp = parsePercent(text);
      return bp === null ? null : { kind: 'percent', bp };
    }
    const minor = parseAmount(text, currency);
    return minor === null ? null : { kind: 'amount', minor };
  })();

  const preview =
    parsed === null
      ? null
      : scope === 'line' && line
        ? priceLines(
            lines.map((entry) => (entry.productId === line.productId ? { ...entry, discount: parsed } : entry)),
            cartDiscount,
            settings,
          )
        : priceLines(lines, parsed, settings);

  const apply = async (discount: Discount | null) => {
    if (discount && discount.kind === 'amount' && discount.minor > baseMinor) {
      setError({
        code: 'VALIDATION',
        message: `The discount is more than the ${scope === 'line' ? 'line' : 'sale'} (${formatMoney(baseMinor, currency)}).`,
      });
      return;
    }
    let approvalId: string | undefined;
    // the core's measure: each line's own discount plus its share of the sale's, against the cashier's limit
    const combinedBp = discount && preview ? maxCombinedDiscountBp(preview) : 0;
    if (discount && combinedBp > limitBp) {
      const approval = await requestApproval(
        {
          action: 'discount',
          ...(cartId ? { targetId: cartId } : {}),
          terms: { maxDiscountBp: combinedBp, maxAmountMinor: preview?.discountMinor ?? 0 },
        },
        `A discount of ${describeDiscount(discount, currency)} on ${scope === 'line' && line ? `“${line.name}”` : 'the whole sale'} is above the cashier's limit of ${formatPercent(limitBp)} %.`,
      );
      if (!approval) return;
      approvalId = approval.approvalId;
    }
    const result =
      scope === 'line' && line
        ? await cart.getState().setLineDiscount(line.productId, discount, approvalId)
        : await cart.getState().setCartDiscount(discount, approvalId);
    if (result.ok) onClose();
    else setError(result.error);
  };

  const submit = () => {
    if (parsed === null) {
      setError({
        code: 'VALIDATION',
        message: kind === 'percent' ? 'Enter a percentage from 0 to 100, such as 10.' : 'Enter an amount, such as 2.50.',
      });
      inputRef.current?.focus();
      return;
    }
    void apply(parsed);
  };

  const field =
    kind === 'percent' ? (
      <>
        <div className="field">
          <label className="field-label" htmlFor="discount-percent">
            Percent off
          </label>
          <div className="money-input">
            <input
              ref={inputRef}
              id="discount-percent"
              {...selectOnFocus}
              className="input input-large"
              inputMode={showKeypad ? 'none' : 'decimal'}
              autoComplete="off"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setError(null);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  submit();
                }
              }}
            />
            <span className="money-suffix" aria-hidden="true">
              %
            </span>
          </div>
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form fieldset */}
        <div className="quick-cash" role="group" aria-label="Common discounts">
          {QUICK_PERCENTS.map((bp) => (
            <button key={bp} type="button" className="quick-cash-button" onClick={() => setText(formatPercent(bp))}>
              {formatPercent(bp)} %
            </button>
          ))}
        </div>
      </>
    ) : (
      <MoneyField
        label="Amount off"
        value={text}
        onChange={(value) => {
          setText(value);
          setError(null);
        }}
        currency={currency}
        size="large"
        inputRef={inputRef}
        onEnter={submit}
        keypad="shared"
      />
    );

  return (
    <Dialog
      title="Discount"
      subtitle={scope === 'line' && line ? `On ${line.name}` : 'On the whole sale'}
      onClose={onClose}
      size="medium"
      initialFocus={inputRef}
    >
      <DialogBody className="discount">
        {line && (
          <Segmented
            label="Discount on"
            options={[
              ['line', 'This line'],
              ['cart', 'The whole sale'],
            ]}
            value={scope}
            onChange={(next) => {
              const existing = next === 'line' ? (line.discount ?? null) : cartDiscount;
              setScope(next);
              setKind(existing?.kind ?? 'percent');
              setText(existing ? (existing.kind === 'percent' ? formatPercent(existing.bp) : amountText(existing.minor, currency)) : '');
              setError(null);
            }}
          />
        )}
        <Segmented
          label="Kind of discount"
          options={[
            ['percent', 'Percent'],
            ['amount', 'Amount'],
          ]}
          value={kind}
          onChange={(next) => {
            setKind(next);
            setText('');
            setError(null);
            inputRef.current?.focus();
          }}
        />
        {showKeypad ? (
          <div className="discount-keyed">
            <div className="discount-fields">{field}</div>
            {/* one keypad for the percent or the amount, whichever is shown (both fields take inputRef) */}
            <NumericKeypad target={inputRef} label="Discount keypad" decimal={kind === 'percent' || currencyExponent(currency) > 0} />
          </div>
        ) : (
          field
        )}
        <dl className="pay-lines discount-preview">
          <div>
            <dt>{scope === 'line' ? 'Line before discount' : 'Sale before this discount'}</dt>
            <dd>{formatMoney(baseMinor, currency)}</dd>
          </div>
          <div>
            <dt>New total of the sale</dt>
            <dd>{formatMoney(preview?.totalMinor ?? totals.totalMinor, currency)}</dd>
          </div>
        </dl>
        <p className="muted discount-limit">Cashiers may give up to {formatPercent(limitBp)} % on their own; more needs a manager's PIN.</p>
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        {current ? (
          <button type="button" className="button button-danger-ghost" onClick={() => void apply(null)}>
            Remove discount
          </button>
        ) : (
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        )}
        <button type="button" className="button button-primary button-large" onClick={submit}>
          Apply discount
        </button>
      </DialogActions>
    </Dialog>
  );
}
