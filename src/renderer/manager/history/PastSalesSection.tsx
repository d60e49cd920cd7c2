import { useEffect, useId, useRef, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../shared/contract';
import { formatMoney, parseMoney } from '../../../shared/money';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { ReceiptPrintButton } from '../../components/PrintButton';
import { useServices, useSession } from '../../stores/context';
import { type FieldErrors, placeError, SelectField, TextField } from '../fields';
import { DateField } from '../reports/DateField';
import { dateTime } from '../reports/ranges';
import { tenderLabel } from '../reports/reportTables';
import { HistoryDetail, LoadMore, useRecord } from './HistoryDetail';
import { useKeysetList } from './useKeysetList';
import { useStaffOptions } from './useStaffOptions';

type SaleSummary = ChannelOutput<'sale.search'>['items'][number];
type Kind = '' | 'sale' | 'refund';

interface Filters {
  receiptNo: string;
  from: string;
  to: string;
  staffId: string;
  kind: Kind;
  minAmount: string;
  maxAmount: string;
}

const NO_FILTERS: Filters = { receiptNo: '', from: '', to: '', staffId: '', kind: '', minAmount: '', maxAmount: '' };

const FIELD_OF: Record<string, keyof Filters> = {
  receiptNo: 'receiptNo',
  from: 'from',
  to: 'to',
  staffId: 'staffId',
  kind: 'kind',
  minAmountMinor: 'minAmount',
  maxAmountMinor: 'maxAmount',
};

/**
 * Past sales: find sales and refunds of this till by receipt number, days, cashier, kind and
 * total (sale.search, newest first, "Load more"); open one to see its receipt and print a copy.
 */
export function PastSalesSection() {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const timeZone = useSession((s) => s.settings?.timeZone);
  const id = useId();
  const staffOptions = useStaffOptions();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<AppErrorData | null>(null);
  const [chosen, setChosen] = useState<SaleSummary | null>(null);
  const receiptRef = useRef<HTMLInputElement>(null);
  const queryRef = useRef<ChannelInput<'sale.search'>>({});

  const list = useKeysetList<SaleSummary>((cursor) =>
    api.invoke('sale.search', { ...queryRef.current, ...(cursor ? { cursor } : {}), limit: 30 }),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the newest sales once, when the section opens
  useEffect(() => {
    receiptRef.current?.focus();
    void list.search();
  }, []);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  /** The typed filters as sale.search takes them; what cannot be read as a number is said at its field. */
  const toQuery = (): ChannelInput<'sale.search'> | null => {
    const errors: FieldErrors = {};
    const query: ChannelInput<'sale.search'> = {};
    const receipt = filters.receiptNo.trim().replace(/^.*\D(?=\d+$)/, '');
    if (filters.receiptNo.trim()) {
      if (/^\d+$/.test(receipt)) query.receiptNo = Number(receipt);
      else errors.receiptNo = 'Type the receipt number, such as 42.';
    }
    if (filters.from) query.from = filters.from;
    if (filters.to) query.to = filters.to;
    if (filters.staffId) query.staffId = filters.staffId;
    if (filters.kind) query.kind = filters.kind;
    for (const [field, key] of [
      ['minAmount', 'minAmountMinor'],
      ['maxAmount', 'maxAmountMinor'],
    ] as const) {
      const text = filters[field].trim();
      if (!text) continue;
      const minor = parseMoney(text, currency);
      if (minor === null) errors[field] = 'Type an amount such as 12.50.';
      else query[key] = minor;
    }
    setFieldErrors(errors);
    return Object.keys(errors).length > 0 ? null : query;
  };

  const search = async () => {
    const query = toQuery();
    if (!query) return;
    queryRef.current = query;
    setFormError(null);
    const error = await list.search();
    if (error) {
      const placed = placeError(error, (path) => FIELD_OF[path] ?? null);
      setFieldErrors(placed.fields);
      setFormError(placed.form);
    }
  };

  const shown = list.error && !formError && Object.keys(fieldErrors).length === 0 ? list.error : null;

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section history-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Past sales
        </h2>
      </header>
      <form
        className="history-filters"
        aria-label="Find sales"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
        onKeyDown={(event) => {
          // Escape with filters typed empties them first; the next one leaves the Manager area
          if (event.key === 'Escape' && JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)) {
            event.preventDefault();
            setFilters(NO_FILTERS);
          }
        }}
      >
        <TextField
          id={`${id}-receipt`}
          label="Receipt number"
          inputRef={receiptRef}
          inputMode="numeric"
          value={filters.receiptNo}
          error={fieldErrors.receiptNo}
          onChange={(receiptNo) => set({ receiptNo })}
          maxLength={40}
        />
        <DateField id={`${id}-from`} label="From" value={filters.from} error={fieldErrors.from} onChange={(from) => set({ from })} />
        <DateField id={`${id}-to`} label="To" value={filters.to} error={fieldErrors.to} onChange={(to) => set({ to })} />
        <SelectField
          id={`${id}-staff`}
          label="Cashier"
          value={filters.staffId}
          options={staffOptions}
          error={fieldErrors.staffId}
          onChange={(staffId) => set({ staffId })}
        />
        <SelectField<Kind>
          id={`${id}-kind`}
          label="Kind"
          value={filters.kind}
          options={[
            { value: '', label: 'All' },
            { value: 'sale', label: 'Sales' },
            { value: 'refund', label: 'Refunds' },
          ]}
          onChange={(kind) => set({ kind })}
        />
        <TextField
          id={`${id}-min`}
          label={`From amount (${currency})`}
          inputMode="decimal"
          value={filters.minAmount}
          error={fieldErrors.minAmount}
          onChange={(minAmount) => set({ minAmount })}
          maxLength={20}
        />
        <TextField
          id={`${id}-max`}
          label={`To amount (${currency})`}
          inputMode="decimal"
          value={filters.maxAmount}
          error={fieldErrors.maxAmount}
          onChange={(maxAmount) => set({ maxAmount })}
          maxLength={20}
        />
        <div className="history-filter-actions">
          {/* never disabled: Enter in a field submits even while a page is loading (an older answer is dropped) */}
          <button type="submit" className="button button-primary">
            Search
          </button>
        </div>
      </form>
      <ErrorAlert error={formError ?? shown} />
      <div className="history-split">
        <div className="history-list-pane">
          <p className="muted history-count" aria-live="polite">
            {list.loading && list.items.length === 0
              ? 'Searching…'
              : `${list.items.length}${list.nextCursor ? '+' : ''} ${list.items.length === 1 ? 'receipt' : 'receipts'}`}
          </p>
          <ul className="manager-rows history-rows" aria-label="Sales found">
            {list.items.map((sale) => (
              <li key={sale.id}>
                <button
                  type="button"
                  className={`manager-row-button history-row${chosen?.id === sale.id ? ' manager-row-open' : ''}`}
                  aria-pressed={chosen?.id === sale.id}
                  onClick={() => setChosen(sale)}
                >
                  <span className="history-row-main">
                    <strong>
                      {sale.kind === 'refund' ? 'Refund' : 'Receipt'} {sale.receiptNo}
                    </strong>
                    <span>
                      {dateTime(sale.createdAt, timeZone)} · {sale.staffName}
                    </span>
                  </span>
                  <strong className={`history-row-total${sale.totalMinor < 0 || sale.kind === 'refund' ? ' history-negative' : ''}`}>
                    {formatMoney(sale.totalMinor, currency)}
                  </strong>
                </button>
              </li>
            ))}
          </ul>
          {list.loaded && list.items.length === 0 && !list.loading && (
            <div className="manager-empty">
              <strong>No sales found</strong>
              <span>Try fewer filters, or other days.</span>
            </div>
          )}
          <LoadMore list={list} />
        </div>
        <div className="manager-form-pane history-detail">
          {chosen ? (
            <SaleDetail key={chosen.id} summary={chosen} currency={currency} timeZone={timeZone} />
          ) : (
            <div className="manager-empty">
              <strong>Pick a sale to see its receipt</strong>
              <span>Search by receipt number, days, cashier or amount.</span>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** One sale or refund: who, when, how it was paid (sale.get), and its receipt as the core renders it. */
function SaleDetail({ summary, currency, timeZone }: { summary: SaleSummary; currency: string; timeZone: string | undefined }) {
  const { api } = useServices();
  const { data: sale, error } = useRecord(summary.id, () => api.invoke('sale.get', { id: summary.id }));
  return (
    <HistoryDetail
      recordKey={summary.id}
      title={`${summary.kind === 'refund' ? 'Refund' : 'Receipt'} ${summary.receiptNo}`}
      subtitle={`${dateTime(summary.createdAt, timeZone)} · ${summary.staffName} · ${summary.receiptCode}`}
      action={<ReceiptPrintButton saleId={summary.id} copy className="button button-small" />}
      error={error}
      documentTitle="Receipt"
      render={() => api.invoke('receipt.render', { saleId: summary.id, format: 'html', copy: true })}
    >
      {sale && (
        <dl className="pay-lines sale-detail-figures">
          <div>
            <dt>Total</dt>
            <dd>{formatMoney(sale.totalMinor, currency)}</dd>
          </div>
          <div>
            <dt>Lines</dt>
            <dd>{sale.lines.length}</dd>
          </div>
          {sale.payments.map((payment) => (
            <div key={payment.id}>
              <dt>{tenderLabel(payment.method)}</dt>
              <dd>{formatMoney(payment.amountMinor, currency)}</dd>
            </div>
          ))}
          {sale.refunded.totalMinor !== 0 && (
            <div>
              <dt>Refunded so far</dt>
              <dd>{formatMoney(sale.refunded.totalMinor, currency)}</dd>
            </div>
          )}
        </dl>
      )}
    </HistoryDetail>
  );
}
