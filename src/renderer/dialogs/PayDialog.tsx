import { useEffect, useId, useRef, useState } from 'react';
import { currencyExponent, formatMoney } from '../../shared/money';
import { quickCashAmounts } from '../../shared/pricing';
import type { AppErrorData } from '../../shared/result';
import { quickCashNotes } from '../checkout/denominations';
import { stripScan } from '../checkout/scan';
import { planTender } from '../checkout/tender';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useManagerApproval, withApprovals } from '../components/ManagerApproval';
import { amountText, MoneyField, parseAmount } from '../components/MoneyField';
import { NumericKeypad, useLastFocusedField } from '../components/NumericKeypad';
import { Segmented } from '../components/Segmented';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { playTone } from '../sound';
import type { Sale } from '../stores/cart';
import { useCart, useServices, useSession } from '../stores/context';
import { PointsTender, planPoints } from './loyalty/PointsTender';
import { ReceiptStep } from './ReceiptStep';

type Mode = 'cash' | 'card' | 'split';

const APPROVAL_CODE = /^[A-Za-z0-9-]{0,32}$/;

/**
 * F9: take the money — cash with quick amounts, card (from the external terminal), or part card and
 * the rest cash; with a loyalty member on the sale, part (or all) of it in points first.
 */
export function PayDialog({ onClose }: { onClose(): void }) {
  const [sale, setSale] = useState<Sale | null>(null);
  if (sale) return <ReceiptStep sale={sale} onClose={onClose} />;
  return <TenderStep onClose={onClose} onPaid={setSale} />;
}

function TenderStep({ onClose, onPaid }: { onClose(): void; onPaid(sale: Sale): void }) {
  const { api, cart, shift, session } = useServices();
  const requestApproval = useManagerApproval();
  const currency = useSession((s) => s.currency);
  const cashRoundingStep = useSession((s) => s.settings?.cashRoundingStep ?? 1);
  const totals = useCart((s) => s.totals);
  const member = useCart((s) => s.member);
  const dailyCap = useSession((s) => s.settings?.loyalty.offlineDailyRedeemCap ?? 0);
  const busy = useCart((s) => s.busy);
  const [mode, setMode] = useState<Mode>('cash');
  const [tenderedText, setTenderedText] = useState('');
  const [cardText, setCardText] = useState('');
  const [approvalCode, setApprovalCode] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [tried, setTried] = useState(false);
  const [usePoints, setUsePoints] = useState(false);
  const [pointsTyped, setPointsTyped] = useState('');
  const pointsRef = useRef<HTMLInputElement>(null);
  const tenderedRef = useRef<HTMLInputElement>(null);
  const cardRef = useRef<HTMLInputElement>(null);
  const approvalRef = useRef<HTMLInputElement>(null);
  const completeRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // one keypad for the form: the cash given, or the card's part, approval code or last four as last focused
  const showKeypad = useTouchKeypad();
  const keypadTarget = useLastFocusedField(tenderedRef);
  /** A payment (or a scan) refused: said on screen, and with the error tone for a cashier looking at the customer. */
  const refuse = (problem: AppErrorData) => {
    setError(problem);
    playTone('error', session.getState().settings?.sound);
  };

  const totalMinor = totals.totalMinor;
  // points pay first, at the worth the core gives them; card and cash pay the rest as they would a total
  const points = planPoints(member, usePoints, pointsTyped);
  const restMinor = totalMinor - points.worthMinor;
  const pointsPayAll = points.payment !== null && restMinor === 0;
  const cardAmount = parseAmount(cardText, currency);
  const cardMinor = mode === 'cash' ? 0 : mode === 'card' ? restMinor : (cardAmount ?? 0);
  const tenderedMinor = mode === 'card' || tenderedText.trim() === '' ? null : parseAmount(tenderedText, currency);
  const plan = planTender({ totalMinor: restMinor, cashRoundingStep, cardMinor, tenderedMinor, approvalCode, last4 });
  const showsCash = !pointsPayAll && mode !== 'card' && plan.cashPartMinor > 0;
  const quick = showsCash && plan.cashDueMinor > 0 ? quickCashAmounts(plan.cashDueMinor, quickCashNotes(currency)) : [];

  // each way of paying starts in its own first field
  useEffect(() => {
    const target = mode === 'cash' ? tenderedRef : mode === 'split' ? cardRef : approvalRef;
    target.current?.focus();
  }, [mode]);

  /** Points on: as many as can pay, typed over if the customer wants fewer. */
  const togglePoints = (on: boolean) => {
    setUsePoints(on);
    setError(null);
    if (on && member) setPointsTyped(String(member.redeemablePoints));
    requestAnimationFrame(() => (on ? pointsRef : tenderedRef).current?.focus());
  };

  useBarcodeScanner((code) => {
    setTenderedText((text) => stripScan(text, code));
    setCardText((text) => stripScan(text, code));
    setApprovalCode((text) => stripScan(text, code));
    setLast4((text) => stripScan(text, code));
    setPointsTyped((text) => stripScan(text, code));
    refuse({ code: 'VALIDATION', message: 'That was a barcode scan. Finish the payment first, then scan the next sale.' });
  });

  const fieldProblem = (): string | null => {
    if (points.problem) return points.problem;
    if (pointsPayAll) return null;
    if (mode !== 'cash' && !APPROVAL_CODE.test(approvalCode.trim())) return 'An approval code has only letters, digits and dashes.';
    if (mode !== 'cash' && last4.trim() !== '' && !/^\d{4}$/.test(last4.trim())) return 'Only the last four digits of the card.';
    if (mode === 'split' && (cardAmount === null || cardAmount <= 0)) return 'Enter the amount paid by card.';
    if (mode === 'split' && cardAmount !== null && cardAmount >= restMinor)
      return 'For a split payment the card pays part of the total: choose Card to pay it all.';
    if (tenderedText.trim() !== '' && mode !== 'card' && tenderedMinor === null) return 'Enter the cash given as an amount, such as 20.00.';
    return null;
  };

  const complete = async () => {
    if (busy) return;
    setTried(true);
    const problem = fieldProblem() ?? (pointsPayAll ? null : plan.problem);
    const rest = pointsPayAll ? [] : plan.payments;
    if (problem || !rest) {
      refuse({ code: 'VALIDATION', message: problem ?? 'Check the payment.' });
      return;
    }
    setError(null);
    const payments = points.payment ? [points.payment, ...rest] : rest;
    // an approval missing, used or expired (they last minutes): the core names what it needs, the
    // manager approves exactly that, and the sale is tried again with the same id
    const result = await withApprovals(requestApproval, (approvalIds) => cart.getState().checkout(payments, approvalIds));
    if (result === null) return;
    if (result.ok) {
      onPaid(result.data);
      return;
    }
    // this very sale was already recorded (its answer got lost, and the tender was typed again):
    // show the sale the core holds, as if this attempt had completed it
    const saleId = cart.getState().id;
    if (result.error.code === 'CONFLICT' && result.error.details?.kind === 'sale' && result.error.details.id === saleId && saleId) {
      const stored = await api.invoke('sale.get', { id: saleId });
      if (stored.ok) {
        cart.getState().reset();
        onPaid(stored.data);
        return;
      }
    }
    if (result.error.code === 'SHIFT_CLOSED') void shift.getState().load();
    refuse(result.error);
  };

  const chooseQuick = (amount: number) => {
    setTenderedText(amountText(amount, currency));
    setError(null);
    completeRef.current?.focus();
  };

  const quickCash = showsCash ? (
    // biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form fieldset
    <div className="quick-cash" role="group" aria-label="Quick cash">
      {quick.map((amount, index) => (
        <button key={amount} type="button" className="quick-cash-button" disabled={busy} onClick={() => chooseQuick(amount)}>
          {index === 0 && amount === plan.cashDueMinor ? <span className="quick-cash-exact">Exact</span> : null}
          {formatMoney(amount, currency)}
        </button>
      ))}
    </div>
  ) : null;

  return (
    <Dialog title="Pay" onClose={onClose} size="wide" busy={busy} initialFocus={tenderedRef}>
      <DialogBody className="pay">
        <section className="pay-summary" aria-label="Amounts">
          <p className="pay-total">
            <span className="pay-caption">Total</span>
            <strong className="money-huge" data-testid="pay-total">
              {formatMoney(totalMinor, currency)}
            </strong>
          </p>
          <dl className="pay-lines">
            {points.payment && (
              <div className="pay-points-line">
                <dt>Points ({points.payment.points.toLocaleString('en')})</dt>
                <dd data-testid="pay-points-worth">−{formatMoney(points.worthMinor, currency)}</dd>
              </div>
            )}
            {points.payment && !pointsPayAll && (
              <div>
                <dt>Left to pay</dt>
                <dd data-testid="pay-rest">{formatMoney(restMinor, currency)}</dd>
              </div>
            )}
            {!pointsPayAll && plan.cardMinor > 0 && (
              <div>
                <dt>Card</dt>
                <dd>{formatMoney(plan.cardMinor, currency)}</dd>
              </div>
            )}
            {showsCash && plan.roundingMinor !== 0 && (
              <div className="pay-rounding" data-testid="pay-rounding">
                <dt>Cash rounding</dt>
                <dd>
                  {plan.roundingMinor > 0 ? '+' : '−'}
                  {formatMoney(Math.abs(plan.roundingMinor), currency)}
                </dd>
              </div>
            )}
            {showsCash && (
              <div className="pay-due">
                <dt>Cash due</dt>
                <dd data-testid="cash-due">{formatMoney(plan.cashDueMinor, currency)}</dd>
              </div>
            )}
            {showsCash && plan.tenderedMinor !== null && (
              <div>
                <dt>Cash given</dt>
                <dd>{formatMoney(plan.tenderedMinor, currency)}</dd>
              </div>
            )}
          </dl>
          {showsCash && (
            <p className={`pay-change${plan.shortMinor > 0 && plan.tenderedMinor !== null ? ' pay-change-short' : ''}`} aria-live="polite">
              <span className="pay-caption">{plan.shortMinor > 0 && plan.tenderedMinor !== null ? 'Still to pay' : 'Change due'}</span>
              <strong className="money-huge" data-testid="change-due">
                {formatMoney(plan.shortMinor > 0 && plan.tenderedMinor !== null ? plan.shortMinor : plan.changeMinor, currency)}
              </strong>
            </p>
          )}
          {mode === 'card' && !pointsPayAll && (
            <p className="pay-note">Take {formatMoney(restMinor, currency)} on the card terminal, then complete the sale here.</p>
          )}
          {pointsPayAll && <p className="pay-note">The points pay the whole sale: nothing is left to pay.</p>}
        </section>

        <section ref={keypadTarget.container} className="pay-form" aria-label="Payment">
          {member && (member.redeemablePoints > 0 || member.pointsBalance > 0) && (
            <PointsTender
              member={member}
              totalMinor={totalMinor}
              currency={currency}
              dailyCap={dailyCap}
              usePoints={usePoints}
              onToggle={togglePoints}
              text={pointsTyped}
              onText={(text) => {
                setPointsTyped(text);
                setError(null);
              }}
              inputRef={pointsRef}
              problem={tried ? points.problem : null}
              onEnter={() =>
                pointsPayAll ? void complete() : (mode === 'cash' ? tenderedRef : mode === 'split' ? cardRef : approvalRef).current?.focus()
              }
              disabled={busy}
            />
          )}
          <Segmented
            label="Payment method"
            options={[
              ['cash', 'Cash'],
              ['card', 'Card'],
              ['split', 'Card + cash'],
            ]}
            value={mode}
            onChange={(next) => {
              setMode(next);
              setError(null);
            }}
            disabled={busy || pointsPayAll}
          />

          {mode === 'split' && !pointsPayAll && (
            <MoneyField
              label="Paid by card"
              hint="The rest is paid in cash."
              value={cardText}
              onChange={(text) => {
                setCardText(text);
                setError(null);
              }}
              currency={currency}
              inputRef={cardRef}
              keypad="shared"
              onEnter={() => tenderedRef.current?.focus()}
              error={tried && mode === 'split' && (cardAmount === null || cardAmount <= 0) ? 'Enter the amount paid by card.' : null}
            />
          )}

          {mode !== 'cash' && !pointsPayAll && (
            <div className="pay-card-details">
              <div className="field">
                <label className="field-label" htmlFor={`${id}-approval`}>
                  Approval code <span className="field-optional">optional</span>
                </label>
                <input
                  ref={approvalRef}
                  id={`${id}-approval`}
                  className="input"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={32}
                  value={approvalCode}
                  onChange={(event) => setApprovalCode(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      void complete();
                    }
                  }}
                />
              </div>
              <div className="field">
                <label className="field-label" htmlFor={`${id}-last4`}>
                  Card last 4 <span className="field-optional">optional</span>
                </label>
                <input
                  id={`${id}-last4`}
                  className="input"
                  inputMode={showKeypad ? 'none' : 'numeric'}
                  autoComplete="off"
                  maxLength={4}
                  value={last4}
                  onChange={(event) => setLast4(event.target.value.replace(/\D/g, '').slice(0, 4))}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      void complete();
                    }
                  }}
                />
              </div>
            </div>
          )}

          {showsCash && (
            <MoneyField
              label="Cash given"
              value={tenderedText}
              onChange={(text) => {
                setTenderedText(text);
                setError(null);
              }}
              currency={currency}
              size="large"
              inputRef={tenderedRef}
              keypad="shared"
              onEnter={() => void complete()}
            />
          )}
          {showKeypad ? (
            <div className="pay-keys">
              <NumericKeypad target={keypadTarget.target} label="Payment keypad" decimal={currencyExponent(currency) > 0} disabled={busy} />
              {quickCash}
            </div>
          ) : (
            quickCash
          )}
        </section>
      </DialogBody>
      <div className="dialog-messages">
        <ErrorAlert error={error} />
      </div>
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Back to the sale
        </button>
        <button
          ref={completeRef}
          type="button"
          className="button button-primary button-large"
          disabled={busy}
          onClick={() => void complete()}
        >
          {busy ? 'Completing…' : 'Complete sale'} <kbd>Enter</kbd>
        </button>
      </DialogActions>
    </Dialog>
  );
}
