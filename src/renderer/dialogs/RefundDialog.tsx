import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ChannelOutput } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { sumByMethod } from '../../shared/pricing';
import { formatKg, formatQuantity } from '../../shared/quantity';
import { type PayBack, refundableQuantity, type SaleLine } from '../checkout/refund';
import { stripScan } from '../checkout/scan';
import { readWeight } from '../checkout/weight';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { DocumentFrame } from '../components/DocumentFrame';
import { useManagerApproval, withApprovals } from '../components/ManagerApproval';
import { ReceiptPrintButton } from '../components/PrintButton';
import { ReasonField } from '../components/ReasonField';
import { ReceiptFinder } from '../components/ReceiptFinder';
import { Segmented } from '../components/Segmented';
import { useCashDrawer } from '../hooks/useCashDrawer';
import { useRendered } from '../hooks/useRendered';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useSession } from '../stores/context';
import { createRefundStore, type RefundState, type RefundStore } from '../stores/refund';
import { isManager } from '../stores/session';

function useRefund<T>(store: RefundStore, select: (state: RefundState) => T): T {
  return useStore(store, select);
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** F8: find the sale by its receipt, choose what comes back, pay it back, print the refund receipt. */
export function RefundDialog({ onClose }: { onClose(): void }) {
  const { api, session } = useServices();
  const [store] = useState(() => createRefundStore(api, () => session.getState().settings));
  const step = useRefund(store, (s) => s.step);
  const busy = useRefund(store, (s) => s.busy);
  const refund = useRefund(store, (s) => s.refund);

  // a receipt scanned while the dialog is open finds the sale; on the no-receipt page it adds the product
  useBarcodeScanner((code) => {
    const state = store.getState();
    if (state.step === 'noReceipt') void state.scanReturn(code);
    else if (state.step === 'find' || state.step === 'choose') void state.find(code);
  });

  if (step === 'done' && refund) return <RefundDone refund={refund} onClose={onClose} />;
  const subtitle = step === 'noReceipt' ? 'Without a receipt' : undefined;
  return (
    <Dialog title="Refund" subtitle={subtitle} onClose={onClose} size="wide" busy={busy}>
      {step === 'find' && <FindStep store={store} />}
      {step === 'choose' && <ChooseStep store={store} />}
      {step === 'lines' && <LinesStep store={store} />}
      {step === 'noReceipt' && <NoReceiptStep store={store} />}
    </Dialog>
  );
}

function FindStep({ store }: { store: RefundStore }) {
  const staff = useSession((s) => s.staff);
  const error = useRefund(store, (s) => s.error);
  const busy = useRefund(store, (s) => s.busy);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useBarcodeScanner((code) => setText((value) => stripScan(value, code)));

  // a manager approves the refund itself, for its amount, when it is submitted
  const withoutReceipt = () => store.getState().startWithoutReceipt();

  return (
    <>
      <DialogBody className="refund-find">
        <ReceiptFinder
          text={text}
          onText={setText}
          onFind={(receipt) => void store.getState().find(receipt)}
          busy={busy}
          inputRef={inputRef}
          findLabel="Find sale"
        />
        <ErrorAlert error={error} />
        <div className="refund-noreceipt">
          <p>
            <strong>No receipt?</strong>{' '}
            {isManager(staff) ? 'Goods can come back at today’s price.' : 'A manager can allow a refund at today’s price.'}
          </p>
          <button type="button" className="button" onClick={withoutReceipt}>
            Refund without a receipt
          </button>
        </div>
      </DialogBody>
      <DialogActions>
        <span />
        <span className="muted">Esc closes</span>
      </DialogActions>
    </>
  );
}

function ChooseStep({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const matches = useRefund(store, (s) => s.matches);
  const error = useRefund(store, (s) => s.error);
  const busy = useRefund(store, (s) => s.busy);
  return (
    <>
      <DialogBody>
        <p className="screen-lead">Several sales have this receipt number. Which one?</p>
        <ErrorAlert error={error} />
        <ul className="pick-list" aria-label="Sales">
          {matches.map((found) => (
            <li key={found.id}>
              <button type="button" className="pick" disabled={busy} onClick={() => void store.getState().open(found.id)}>
                <span className="pick-main">
                  <strong>{found.receiptCode}</strong>
                  <span className="muted">{when(found.createdAt)}</span>
                </span>
                <span className="pick-amount">{formatMoney(found.totalMinor, currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={() => store.getState().back()}>
          Back
        </button>
        <span />
      </DialogActions>
    </>
  );
}

/** − [n] + for a refund quantity, limited to what is left. */
function RefundQuantity({ name, value, max, onChange }: { name: string; value: number; max: number; onChange(quantity: number): void }) {
  const id = useId();
  return (
    <div className="stepper">
      <button
        type="button"
        className="stepper-button"
        aria-label={`One less ${name}`}
        disabled={value <= 0}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <label htmlFor={id} className="visually-hidden">
        Refund quantity of {name} (at most {max})
      </label>
      <input
        id={id}
        className="qty-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={String(value)}
        onFocus={(event) => event.target.select()}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '').slice(0, 7);
          onChange(digits === '' ? 0 : Number(digits));
        }}
      />
      <button
        type="button"
        className="stepper-button"
        aria-label={`One more ${name}`}
        disabled={value >= max}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </div>
  );
}

/** Whether a refunded line goes back on the shelf (and into stock). */
function RestockToggle({ checked, onChange }: { checked: boolean; onChange(on: boolean): void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>Restock</span>
    </label>
  );
}

/** A weighed line is refunded whole or not at all: one switch, with its weight. */
function RefundWhole({ name, grams, checked, onChange }: { name: string; grams: number; checked: boolean; onChange(on: boolean): void }) {
  const text = `Refund all ${formatQuantity(grams, true)}`;
  return (
    <label className="toggle">
      <input type="checkbox" aria-label={`${text} of ${name}`} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{text}</span>
    </label>
  );
}

/** The weight of a weighed product brought back without a receipt, typed in kg. */
function ReturnWeight({ name, grams, onChange }: { name: string; grams: number; onChange(grams: number): void }) {
  const [text, setText] = useState(grams > 0 ? formatKg(grams) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  return (
    <div className={`return-weight${problem ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        Weight of {name} brought back, in kg
      </label>
      <span className="weight-input weight-input-small">
        <input
          id={id}
          className="input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="0.000"
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(event) => {
            const next = event.target.value.slice(0, 12);
            setText(next);
            const reading = readWeight(next);
            // a weight not (yet) valid counts as none: the refund asks for it rather than guessing
            onChange(reading.ok ? reading.grams : 0);
            setProblem(null);
          }}
          onBlur={() => {
            const reading = readWeight(text);
            setProblem(text.trim() === '' || reading.ok ? null : reading.message);
          }}
        />
        <span className="weight-unit" aria-hidden="true">
          kg
        </span>
      </span>
      {problem && (
        <span id={`${id}-error`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}

function PayBackChoice({ store, withOriginal }: { store: RefundStore; withOriginal: boolean }) {
  const payBack = useRefund(store, (s) => s.payBack);
  const options: [PayBack, string][] = withOriginal
    ? [
        ['original', 'As paid'],
        ['cash', 'Cash'],
        ['card', 'Card'],
      ]
    : [
        ['cash', 'Cash'],
        ['card', 'Card'],
      ];
  return (
    <div className="caption-field">
      <span className="caption" aria-hidden="true">
        Pay back
      </span>
      <Segmented label="Pay back" options={options} value={payBack} onChange={(next) => store.getState().setPayBack(next)} />
    </div>
  );
}

function RefundFooter({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const requestApproval = useManagerApproval();
  const busy = useRefund(store, (s) => s.busy);
  const sale = useRefund(store, (s) => s.sale);
  // the money follows every pick, restock and pay-back choice
  useRefund(store, (s) => s.picks);
  useRefund(store, (s) => s.returns);
  useRefund(store, (s) => s.payBack);
  const money = store.getState().money();

  const submit = async () => {
    // a refund without a receipt: the core names the amount a manager must approve; then the same refund id again
    await withApprovals(
      requestApproval,
      ([approvalId]) => store.getState().submit(approvalId),
      [],
      sale ? undefined : 'A refund without a receipt.',
    );
  };

  return (
    <DialogActions>
      <button type="button" className="button" onClick={() => store.getState().back()} disabled={busy}>
        Back
      </button>
      <div className="refund-total">
        <span className="refund-total-text">
          {money.units === 1 ? '1 item' : `${money.units} items`}
          {money.cardMinor > 0 && money.cashMinor > 0
            ? ` · card ${formatMoney(money.cardMinor, currency)} + cash ${formatMoney(money.cashMinor, currency)}`
            : money.cardMinor > 0
              ? ' · to the card'
              : money.cashMinor > 0
                ? ' · in cash'
                : ''}
          {money.roundingMinor !== 0
            ? ` (rounded ${money.roundingMinor > 0 ? '+' : '−'}${formatMoney(Math.abs(money.roundingMinor), currency)})`
            : ''}
        </span>
        <button
          type="button"
          className="button button-primary button-large"
          disabled={busy || money.units === 0}
          onClick={() => void submit()}
        >
          {busy ? 'Refunding…' : `Refund ${formatMoney(money.cardMinor + money.cashMinor, currency)}`}
        </button>
      </div>
    </DialogActions>
  );
}

function LinesStep({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const sale = useRefund(store, (s) => s.sale);
  const picks = useRefund(store, (s) => s.picks);
  const reason = useRefund(store, (s) => s.reason);
  const error = useRefund(store, (s) => s.error);
  const id = useId();
  if (!sale) return null;
  const anyLeft = sale.lines.some((line) => refundableQuantity(line) > 0);
  const { cardMinor: card, cashMinor: cash } = sumByMethod(sale.payments);
  return (
    <>
      <DialogBody className="refund-lines">
        <div className="refund-sale">
          <span>
            <strong>Receipt {sale.receiptCode}</strong> · {when(sale.createdAt)} · {sale.staffName}
          </span>
          <span>
            Total {formatMoney(sale.totalMinor, currency)}
            {card > 0 ? ` · card ${formatMoney(card, currency)}` : ''}
            {cash > 0 ? ` · cash ${formatMoney(cash, currency)}` : ''}
          </span>
        </div>
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
            {sale.lines.map((line: SaleLine) => {
              const left = refundableQuantity(line);
              const pick = picks.get(line.id) ?? { quantity: 0, restock: true };
              return (
                <tr key={line.id} className={left === 0 ? 'refund-row-done' : undefined} data-testid="refund-line">
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
                      <RefundQuantity
                        name={line.name}
                        value={pick.quantity}
                        max={left}
                        onChange={(q) => store.getState().setQuantity(line.id, q)}
                      />
                    )}
                  </td>
                  <td>
                    {left > 0 && <RestockToggle checked={pick.restock} onChange={(on) => store.getState().setRestock(line.id, on)} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="refund-options">
          <button type="button" className="button" disabled={!anyLeft} onClick={() => store.getState().pickAll()}>
            Everything that is left
          </button>
          <PayBackChoice store={store} withOriginal />
          <ReasonField
            id={`${id}-reason`}
            className="refund-reason"
            optional
            value={reason}
            onChange={(value) => store.getState().setReason(value)}
          />
        </div>
        <ErrorAlert error={error} />
      </DialogBody>
      <RefundFooter store={store} />
    </>
  );
}

type SearchHit = ChannelOutput<'catalog.search'>['items'][number];

function NoReceiptStep({ store }: { store: RefundStore }) {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const returns = useRefund(store, (s) => s.returns);
  const reason = useRefund(store, (s) => s.reason);
  const error = useRefund(store, (s) => s.error);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useBarcodeScanner((code) => setQuery((value) => stripScan(value, code)));

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void api.invoke('catalog.search', { query: text, limit: 6, active: 'all' }).then((result) => {
        if (live && result.ok) setHits(result.data.items);
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, api]);

  const add = async (hit: SearchHit) => {
    const result = await api.invoke('catalog.get', { id: hit.id });
    if (result.ok) {
      store.getState().addReturn(result.data);
      setQuery('');
      inputRef.current?.focus();
    } else store.setState({ error: result.error });
  };

  return (
    <>
      <DialogBody className="refund-lines">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-find`}>
            Product brought back
          </label>
          <span className="field-hint">Scan it, or type its name or SKU and pick it. It is refunded at today’s price.</span>
          <input
            ref={inputRef}
            id={`${id}-find`}
            className="input input-large"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        {hits.length > 0 && (
          <ul className="pick-list pick-list-compact" aria-label="Matching products">
            {hits.map((hit) => (
              <li key={hit.id}>
                <button type="button" className="pick" onClick={() => void add(hit)}>
                  <span className="pick-main">
                    <strong>{hit.name}</strong>
                    <span className="muted">{hit.sku}</span>
                  </span>
                  <span className="pick-amount">
                    {formatMoney(hit.priceMinor, currency)}
                    {hit.soldByWeight ? '/kg' : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {returns.length > 0 && (
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
                    {line.weighed ? (
                      <div className="stepper">
                        <ReturnWeight
                          name={line.name}
                          grams={line.quantity}
                          onChange={(grams) => store.getState().setReturnWeight(line.productId, grams)}
                        />
                        <button
                          type="button"
                          className="stepper-button"
                          aria-label={`Remove ${line.name}`}
                          onClick={() => store.getState().removeReturn(line.productId)}
                        >
                          ×
                        </button>
                      </div>
                    ) : (
                      <RefundQuantity
                        name={line.name}
                        value={line.quantity}
                        max={999}
                        onChange={(q) => store.getState().setReturnQuantity(line.productId, q)}
                      />
                    )}
                  </td>
                  <td>
                    <RestockToggle checked={line.restock} onChange={(on) => store.getState().setReturnRestock(line.productId, on)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="refund-options">
          <PayBackChoice store={store} withOriginal={false} />
          <ReasonField
            id={`${id}-reason`}
            className="refund-reason"
            optional
            value={reason}
            onChange={(value) => store.getState().setReason(value)}
          />
        </div>
        <ErrorAlert error={error} />
      </DialogBody>
      <RefundFooter store={store} />
    </>
  );
}

function RefundDone({ refund, onClose }: { refund: ChannelOutput<'sale.refund'>; onClose(): void }) {
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
