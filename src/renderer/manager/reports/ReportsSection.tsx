import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { currencyExponent } from '../../../shared/money';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { Segmented } from '../../components/Segmented';
import { printHtml } from '../../print';
import { useSession } from '../../stores/context';
import { type FieldErrors, placeError } from '../fields';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';
import { DateField } from './DateField';
import { ReportView } from './ReportView';
import { type DayRange, presetRange, RANGE_PRESETS, type RangePreset, storeToday } from './ranges';
import { reportCsv, type SalesReport } from './reportTables';

/** Save text as a file from the window (web mode and Electron alike: an anchor with `download`). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const href =
    typeof URL.createObjectURL === 'function'
      ? URL.createObjectURL(new Blob([text], { type }))
      : `data:${type},${encodeURIComponent(text)}`;
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

type Status = { kind: 'idle' } | { kind: 'done'; message: string } | { kind: 'error'; error: AppErrorData };

/**
 * Reports: a range of local days (today, yesterday, this week, this month, last month, or two
 * dates) → report.sales, as a job with its progress; the figures, charts and tables it answered;
 * Print (report.salesRender, the window's print dialog) and Export (the tables as a CSV file).
 */
export function ReportsSection() {
  const currency = useSession((s) => s.currency);
  const timeZone = useSession((s) => s.settings?.timeZone);
  const id = useId();
  const [preset, setPreset] = useState<RangePreset>('today');
  const [custom, setCustom] = useState<DayRange>(() => presetRange('thisWeek', storeToday(timeZone)));
  const [report, setReport] = useState<SalesReport | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [printStatus, setPrintStatus] = useState<Status>({ kind: 'idle' });
  const reportJob = useJob();
  const printJob = useJob();
  const fromRef = useRef<HTMLDivElement>(null);

  const rangeOf = useCallback(
    (which: RangePreset): DayRange => (which === 'custom' ? custom : presetRange(which, storeToday(timeZone))),
    [custom, timeZone],
  );

  const run = useCallback(
    async (range: DayRange) => {
      setFieldErrors({});
      setError(null);
      setPrintStatus({ kind: 'idle' });
      const result = await reportJob.start('report.sales', { from: range.from, to: range.to, topN: 10 });
      if (result.ok) {
        setReport(result.data);
        return;
      }
      if (result.error.code === 'CANCELLED') return;
      const placed = placeError(result.error, (path) => (path === 'from' || path === 'to' ? path : null));
      setFieldErrors(placed.fields);
      setError(placed.form);
      setReport(null);
    },
    [reportJob.start],
  );

  // a preset runs at once; custom waits for its dates and Show
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new preset runs a report by itself
  useEffect(() => {
    if (preset !== 'custom') void run(rangeOf(preset));
    else fromRef.current?.querySelector('input')?.focus();
  }, [preset]);

  const print = async () => {
    if (!report) return;
    setPrintStatus({ kind: 'idle' });
    const result = await printJob.start('report.salesRender', { from: report.range.from, to: report.range.to, topN: 10 });
    if (!result.ok) {
      if (result.error.code !== 'CANCELLED') setPrintStatus({ kind: 'error', error: result.error });
      return;
    }
    if (result.data.html) await printHtml(result.data.html);
    setPrintStatus({ kind: 'done', message: 'Sent to the print dialog.' });
  };

  const exportCsv = () => {
    if (!report) return;
    const fileName = `sales-report-${report.range.from}${report.range.to === report.range.from ? '' : `-to-${report.range.to}`}.csv`;
    downloadText(fileName, reportCsv(report, currencyExponent(currency)));
    setPrintStatus({ kind: 'done', message: `Saved as ${fileName}.` });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section reports-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Sales reports
        </h2>
        <div className="report-actions">
          <button type="button" className="button button-small" disabled={!report || printJob.running} onClick={() => void print()}>
            Print
          </button>
          <button type="button" className="button button-small" disabled={!report} onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </header>
      <form
        className="report-range"
        aria-label="Report range"
        onSubmit={(event) => {
          event.preventDefault();
          void run(rangeOf(preset));
        }}
      >
        <Segmented label="Range" options={RANGE_PRESETS} value={preset} onChange={setPreset} />
        {preset === 'custom' && (
          <div className="report-custom" ref={fromRef}>
            <DateField
              id={`${id}-from`}
              label="From"
              value={custom.from}
              error={fieldErrors.from}
              onChange={(from) => setCustom((c) => ({ ...c, from }))}
            />
            <DateField
              id={`${id}-to`}
              label="To"
              value={custom.to}
              error={fieldErrors.to}
              onChange={(to) => setCustom((c) => ({ ...c, to }))}
            />
            <button type="submit" className="button button-primary" disabled={reportJob.running}>
              Show
            </button>
          </div>
        )}
      </form>
      {reportJob.running && (
        <ProgressBar
          label="Adding up the sales"
          progress={reportJob.progress}
          onCancel={() => void reportJob.cancel()}
          cancelError={reportJob.cancelError}
        />
      )}
      {printJob.running && (
        <ProgressBar label="Preparing the printout" progress={printJob.progress} onCancel={() => void printJob.cancel()} />
      )}
      <ErrorAlert error={error} />
      {printStatus.kind === 'error' && <ErrorAlert error={printStatus.error} />}
      {printStatus.kind === 'done' && (
        <p className="muted report-status" role="status">
          {printStatus.message}
        </p>
      )}
      {report && <ReportView report={report} currency={report.currency || currency} />}
    </section>
  );
}
