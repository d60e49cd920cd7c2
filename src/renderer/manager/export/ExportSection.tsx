import { useEffect, useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { EXPORT_KINDS, type ExportKind, UNDATED_EXPORT_KINDS } from '../../../shared/contract/exports';
import type { AppErrorData } from '../../../shared/result';
import { machineTimeZone } from '../../../shared/timeZone';
import { ErrorAlert } from '../../components/Alert';
import { useSession } from '../../stores/context';
import { formatBytes } from '../backups/format';
import { CheckField, type FieldErrors, placeError } from '../fields';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';
import { presetRange, RANGE_PRESETS, type RangePreset } from './dates';
import { downloadExport } from './download';

type Exported = ChannelOutput<'export.csv'>;

const KIND_TEXT: Record<ExportKind, { label: string; hint: string }> = {
  sales: { label: 'Sales', hint: 'One row a sale: totals, tax, who, when' },
  sale_lines: { label: 'Sale lines', hint: 'Every product sold, with price and tax' },
  payments: { label: 'Payments', hint: 'Cash, card and points taken' },
  refunds: { label: 'Refunds', hint: 'What was given back, and why' },
  shifts: { label: 'Shifts', hint: 'Each shift with its Z figures' },
  stock_movements: { label: 'Stock movements', hint: 'Sales, counts, receipts of goods' },
  products: { label: 'Products', hint: 'The whole catalogue (no dates)' },
  members: { label: 'Members', hint: 'Loyalty members and balances' },
  points_ledger: { label: 'Points ledger', hint: 'Every point earned and spent' },
  audit_log: { label: 'Audit log', hint: 'Who changed what, when' },
};

/**
 * Export: one kind of record as a CSV file, for a range of days (presets or from–to), with a byte
 * order mark for spreadsheets; progress with Cancel; then rows, size and the file (a browser
 * download in web mode, where the save dialog put it in the app).
 */
export function ExportSection({
  download = downloadExport,
}: {
  /** web mode: hand the file the bridge serves to the browser (tests pass their own) */
  download?: (path: string, fileName: string) => Promise<string | null>;
}) {
  const timeZone = useSession((s) => s.settings?.timeZone) ?? machineTimeZone();
  const job = useJob();
  const [what, setWhat] = useState<ExportKind>('sales');
  const [range, setRange] = useState(() => presetRange('month', Date.now(), timeZone));
  const [preset, setPreset] = useState<RangePreset | null>('month');
  const [bom, setBom] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  const [result, setResult] = useState<Exported | null>(null);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const fromRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const undated = UNDATED_EXPORT_KINDS.includes(what);
  const resultRef = useRef<HTMLDivElement>(null);
  // at 1024×768 the answer lands below the fold: bring it into view
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

  const choosePreset = (key: RangePreset) => {
    setPreset(key);
    setRange(presetRange(key, Date.now(), timeZone));
    setErrors({});
  };

  const fetchFile = async (done: Exported) => {
    if (!done.download) return;
    setDownloadProblem(await download(done.download, done.fileName));
  };

  const submit = async () => {
    if (job.running) return;
    setErrors({});
    setError(null);
    setStopped(null);
    setResult(null);
    setDownloadProblem(null);
    const answer = await job.start('export.csv', {
      what,
      bom,
      ...(undated ? {} : { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) }),
    });
    if (!answer.ok) {
      if (answer.error.code === 'CANCELLED') {
        setStopped(answer.error.message);
        return;
      }
      const placed = placeError(answer.error, (path) => (path === 'from' || path === 'to' || path === 'what' ? path : null));
      setErrors(placed.fields);
      setError(placed.form);
      if (placed.fields.from) fromRef.current?.focus();
      else if (placed.fields.to) toRef.current?.focus();
      return;
    }
    setResult(answer.data);
    await fetchFile(answer.data);
  };

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section data-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Export
        </h2>
        <span className="data-muted">CSV files for a spreadsheet or the accountant; dates in the store’s time zone.</span>
      </header>
      <form
        className="data-card"
        aria-label="Export"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="data-fieldset" disabled={job.running}>
          <legend className="field-label">What</legend>
          <div className="export-kinds">
            {EXPORT_KINDS.map((kind) => (
              <label key={kind} className={`export-kind${what === kind ? ' export-kind-on' : ''}`}>
                <input type="radio" name={`${id}-what`} value={kind} checked={what === kind} onChange={() => setWhat(kind)} />
                <span>
                  <strong>{KIND_TEXT[kind].label}</strong>
                  <small>{KIND_TEXT[kind].hint}</small>
                </span>
              </label>
            ))}
          </div>
          {errors.what && <span className="field-error">{errors.what}</span>}
        </fieldset>

        <fieldset className="data-fieldset" disabled={job.running || undated}>
          <legend className="field-label">Days{undated ? ': the products are exported whole' : ''}</legend>
          <div className="export-range">
            <fieldset className="export-presets">
              <legend className="visually-hidden">Quick ranges</legend>
              {RANGE_PRESETS.map((item) => (
                <button
                  key={item.key}
                  type="button"
                  className={`button button-small${preset === item.key && !undated ? ' button-primary' : ''}`}
                  aria-pressed={preset === item.key && !undated}
                  onClick={() => choosePreset(item.key)}
                >
                  {item.label}
                </button>
              ))}
            </fieldset>
            <div className="export-dates">
              <div className={`field export-date${errors.from ? ' field-invalid' : ''}`}>
                <label className="field-label" htmlFor={`${id}-from`}>
                  From
                </label>
                <input
                  ref={fromRef}
                  id={`${id}-from`}
                  className="input"
                  type="date"
                  disabled={job.running || undated}
                  value={undated ? '' : range.from}
                  aria-invalid={errors.from ? true : undefined}
                  aria-describedby={errors.from ? `${id}-from-error` : undefined}
                  onChange={(event) => {
                    setPreset(null);
                    setRange((r) => ({ ...r, from: event.target.value }));
                  }}
                />
                {errors.from && (
                  <span id={`${id}-from-error`} className="field-error">
                    {errors.from}
                  </span>
                )}
              </div>
              <div className={`field export-date${errors.to ? ' field-invalid' : ''}`}>
                <label className="field-label" htmlFor={`${id}-to`}>
                  To (included)
                </label>
                <input
                  ref={toRef}
                  id={`${id}-to`}
                  className="input"
                  type="date"
                  disabled={job.running || undated}
                  value={undated ? '' : range.to}
                  aria-invalid={errors.to ? true : undefined}
                  aria-describedby={errors.to ? `${id}-to-error` : undefined}
                  onChange={(event) => {
                    setPreset(null);
                    setRange((r) => ({ ...r, to: event.target.value }));
                  }}
                />
                {errors.to && (
                  <span id={`${id}-to-error`} className="field-error">
                    {errors.to}
                  </span>
                )}
              </div>
            </div>
          </div>
        </fieldset>

        <CheckField
          id={`${id}-bom`}
          label="For a spreadsheet (Excel, LibreOffice): start the file with a byte order mark"
          hint="Keeps accents and currency signs right when the file is opened by double-click. Turn off for other programs."
          checked={bom}
          disabled={job.running}
          onChange={setBom}
        />

        <div className="manager-form-actions">
          <button type="submit" className="button button-primary" disabled={job.running}>
            {job.running ? 'Exporting…' : 'Export'} <kbd>Enter</kbd>
          </button>
        </div>
        {job.running && <ProgressBar label="Exporting" progress={job.progress} onCancel={job.cancel} cancelError={job.cancelError} />}
        <ErrorAlert error={error} />
        {stopped && (
          <p className="alert alert-info" role="status">
            {stopped}
          </p>
        )}
        {result && (
          <div ref={resultRef} className="alert alert-success export-result" role="status">
            <span>
              Exported {result.rows.toLocaleString()} {result.rows === 1 ? 'row' : 'rows'} ({formatBytes(result.bytes)}) as{' '}
              <strong>{result.fileName}</strong>.{' '}
              {result.download ? (
                'Your browser saves it in its downloads.'
              ) : (
                <>
                  Saved to <code>{result.savedTo}</code>.
                </>
              )}
            </span>
            {result.download && (
              <button type="button" className="button button-small" onClick={() => void fetchFile(result)}>
                Download again
              </button>
            )}
          </div>
        )}
        {downloadProblem && (
          <p className="alert alert-error" role="alert">
            {downloadProblem}
          </p>
        )}
      </form>
    </section>
  );
}
