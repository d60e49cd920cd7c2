import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { shiftTender } from '../../shared/pricing';
import type { AppErrorData } from '../../shared/result';
import { countedList, countedTotal } from '../checkout/denominations';
import { ErrorAlert } from '../components/Alert';
import { DenominationCount } from '../components/DenominationCount';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { NumericKeypad, useLastFocusedField } from '../components/NumericKeypad';
import { useTouchKeypad } from '../hooks/useTouchKeypad';
import { useCart, useServices, useSession } from '../stores/context';

type XReport = ChannelOutput<'shift.xReport'>;

/** "Over €1.00" / "Short €2.50" / "Exact". */
export function overShortText(overShortMinor: number, currency: string): string {
  if (overShortMinor === 0) return 'Exact';
  return `${overShortMinor > 0 ? 'Over' : 'Short'} ${formatMoney(Math.abs(overShortMinor), currency)}`;
}

/**
 * Count the drawer by denomination, then close the shift (the Z report follows). A blind cash-up (the
 * store's default) shows only what was counted: the expected cash and the over/short come with the Z
 * report, once the count is confirmed, so the count cannot be nudged towards what the till expects.
 * Otherwise expected and over/short are shown beside the count.
 */
export function CloseShiftDialog({ onClose }: { onClose(): void }) {
  const { api, shift } = useServices();
  const currency = useSession((s) => s.currency);
  // settings not read (yet): blind, as the store's default
  const blind = useSession((s) => s.settings?.blindCashUp ?? true);
  const cartHasLines = useCart((s) => s.lines.length > 0);
  const [report, setReport] = useState<XReport | null>(null);
  const [counts, setCounts] = useState<Map<number, number>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const showKeypad = useTouchKeypad();
  // the keypad types into the count that last had the focus (the dialog opens on the first)
  const counting = useLastFocusedField();

  useEffect(() => {
    // counted blind, the expected cash is not even read before the count is confirmed
    if (blind) return;
    let live = true;
    void api.invoke('shift.xReport', {}).then((result) => {
      if (!live) return;
      if (result.ok) setReport(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, blind]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const counted = countedTotal(counts);
  const expected = report?.expectedCashMinor ?? null;
  const overShort = expected === null ? null : counted - expected;

  const close = async () => {
    setBusy(true);
    setError(null);
    const result = await shift.getState().close(countedList(counts));
    setBusy(false);
    if (result.ok) onClose();
    else {
      setConfirming(false);
      setError(result.error);
    }
  };

  return (
    <Dialog title="Close the shift" subtitle="Count the drawer: every note and coin." onClose={onClose} size="wide" busy={busy}>
      <DialogBody className="close-shift">
        <div ref={counting.container} className="close-shift-count">
          {cartHasLines && (
            <p className="alert alert-info" role="status">
              A sale is still in the cart. Finish it or park it before closing the shift.
            </p>
          )}
          <DenominationCount currency={currency} counts={counts} onChange={setCounts} enterMovesOn />
        </div>
        <section className="close-shift-summary" aria-label="Drawer">
          {blind ? (
            <BlindCount countedMinor={counted} currency={currency} />
          ) : (
            <ExpectedBesideCounted report={report} countedMinor={counted} currency={currency} />
          )}
          {showKeypad && (
            <NumericKeypad target={counting.target} label="Count keypad" className="close-shift-keypad" disabled={busy || confirming} />
          )}
          <ErrorAlert error={error} />
        </section>
      </DialogBody>
      {confirming ? (
        <section className="dialog-confirm" aria-label="Confirm closing">
          {blind ? (
            <p>
              Close the shift with <strong>{formatMoney(counted, currency)}</strong> counted? The count is final: nothing more can be sold
              on the shift, and the Z report with the expected cash and the over/short comes next.
            </p>
          ) : (
            <p>
              Close the shift with <strong>{formatMoney(counted, currency)}</strong> counted
              {overShort !== null && overShort !== 0 ? ` (${overShortText(overShort, currency).toLowerCase()})` : ''}? Nothing more can be
              sold on it; the Z report is printed next.
            </p>
          )}
          <div className="dialog-confirm-buttons">
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              Back to counting
            </button>
            <button
              ref={confirmRef}
              type="button"
              className="button button-danger button-large"
              onClick={() => void close()}
              disabled={busy}
            >
              {busy ? 'Closing…' : 'Yes, close the shift'}
            </button>
          </div>
        </section>
      ) : (
        <DialogActions>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary button-large"
            disabled={busy || (!blind && report === null) || cartHasLines}
            onClick={() => setConfirming(true)}
          >
            Close shift…
          </button>
        </DialogActions>
      )}
    </Dialog>
  );
}

/** A blind count: what was counted, and nothing the till expects. */
function BlindCount({ countedMinor, currency }: { countedMinor: number; currency: string }) {
  return (
    <>
      <p className="over-short">
        <span className="pay-caption">Counted</span>
        <strong className="money-large" data-testid="counted-cash">
          {formatMoney(countedMinor, currency)}
        </strong>
      </p>
      <p className="pay-note" data-testid="blind-note">
        A blind count: the cash the drawer should hold, and whether it is over or short, are shown once you confirm the count.
      </p>
    </>
  );
}

/** The X report's drawer (float, cash sales, refunds, paid in and out), the expected cash, the count and the over/short. */
function ExpectedBesideCounted({ report, countedMinor, currency }: { report: XReport | null; countedMinor: number; currency: string }) {
  const cash = report ? shiftTender(report.tenders, 'cash') : null;
  const overShort = report === null ? null : countedMinor - report.expectedCashMinor;
  return (
    <>
      <dl className="pay-lines">
        <div>
          <dt>Opening float</dt>
          <dd>{report ? formatMoney(report.openingFloatMinor, currency) : '…'}</dd>
        </div>
        <div>
          <dt>Cash sales</dt>
          <dd>{cash ? formatMoney(cash.salesMinor, currency) : '…'}</dd>
        </div>
        {cash && cash.refundsMinor > 0 && (
          <div>
            <dt>Cash refunds</dt>
            <dd>−{formatMoney(cash.refundsMinor, currency)}</dd>
          </div>
        )}
        {report && report.paidInMinor > 0 && (
          <div>
            <dt>Paid in</dt>
            <dd>{formatMoney(report.paidInMinor, currency)}</dd>
          </div>
        )}
        {report && report.paidOutMinor > 0 && (
          <div>
            <dt>Paid out</dt>
            <dd>−{formatMoney(report.paidOutMinor, currency)}</dd>
          </div>
        )}
        <div className="pay-due">
          <dt>Expected in the drawer</dt>
          <dd data-testid="expected-cash">{report === null ? '…' : formatMoney(report.expectedCashMinor, currency)}</dd>
        </div>
        <div className="pay-due">
          <dt>Counted</dt>
          <dd data-testid="counted-cash">{formatMoney(countedMinor, currency)}</dd>
        </div>
      </dl>
      <p
        className={`over-short${overShort === null ? '' : overShort === 0 ? ' over-short-exact' : overShort > 0 ? ' over-short-over' : ' over-short-short'}`}
      >
        <span className="pay-caption">Over / short</span>
        <strong className="money-large" data-testid="over-short">
          {overShort === null ? '…' : overShortText(overShort, currency)}
        </strong>
      </p>
    </>
  );
}
