import { useEffect, useId, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { ErrorAlert } from '../../components/Alert';
import { ReportPrintButton } from '../../components/PrintButton';
import { ZFigures } from '../../components/ZFigures';
import { overShortText } from '../../dialogs/CloseShiftDialog';
import { useServices, useSession } from '../../stores/context';
import { dateTime } from '../reports/ranges';
import { HistoryDetail, LoadMore, useRecord } from './HistoryDetail';
import { useKeysetList } from './useKeysetList';

type ZSummary = ChannelOutput<'shift.zReports'>['items'][number];

/** Z reports: the closed shifts of this till, newest first; open one to read it as printed, and print it again. */
export function ZReportsSection() {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const timeZone = useSession((s) => s.settings?.timeZone);
  const id = useId();
  const [chosen, setChosen] = useState<ZSummary | null>(null);
  const list = useKeysetList<ZSummary>((cursor) => api.invoke('shift.zReports', { ...(cursor ? { cursor } : {}), limit: 30 }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the list once, when the section opens
  useEffect(() => {
    void list.search();
  }, []);

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section history-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Z reports
        </h2>
        <p className="muted">One for each closed shift, as it was printed at close.</p>
      </header>
      <ErrorAlert error={list.error} />
      <div className="history-split history-split-full">
        <div className="history-list-pane">
          <ul className="manager-rows history-rows" aria-label="Z reports">
            {list.items.map((z) => (
              <li key={z.shiftId}>
                <button
                  type="button"
                  className={`manager-row-button history-row${chosen?.shiftId === z.shiftId ? ' manager-row-open' : ''}`}
                  aria-pressed={chosen?.shiftId === z.shiftId}
                  onClick={() => setChosen(z)}
                >
                  <span className="history-row-main">
                    <strong>Z {z.zNumber}</strong>
                    <span>
                      {dateTime(z.closedAt, timeZone)} · {z.closedBy ?? z.openedBy}
                    </span>
                  </span>
                  <span className="history-row-side">
                    <strong>{formatMoney(z.netSalesMinor, currency)}</strong>
                    {z.overShortMinor !== null && z.overShortMinor !== 0 && (
                      <span className={z.overShortMinor > 0 ? 'history-over' : 'history-negative'}>
                        {overShortText(z.overShortMinor, currency)}
                      </span>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {list.loaded && list.items.length === 0 && (
            <div className="manager-empty">
              <strong>No Z reports yet</strong>
              <span>A Z report is made when a shift is closed.</span>
            </div>
          )}
          <LoadMore list={list} />
        </div>
        <div className="manager-form-pane history-detail">
          {chosen ? (
            <ZReportDetail key={chosen.shiftId} summary={chosen} currency={currency} timeZone={timeZone} />
          ) : (
            <div className="manager-empty">
              <strong>Pick a Z report to read it</strong>
              <span>Its figures, the document as printed, and Print.</span>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** One stored Z report: its figures (shift.zReport) as the Z report screen shows them, and the document (report.render). */
function ZReportDetail({ summary, currency, timeZone }: { summary: ZSummary; currency: string; timeZone: string | undefined }) {
  const { api } = useServices();
  const { data: report, error } = useRecord(summary.shiftId, () => api.invoke('shift.zReport', { shiftId: summary.shiftId }));
  const overShort = report?.overShortMinor ?? summary.overShortMinor ?? 0;
  return (
    <HistoryDetail
      recordKey={summary.shiftId}
      title={`Z report ${summary.zNumber}`}
      subtitle={`${dateTime(summary.openedAt, timeZone)} (${summary.openedBy}) – ${dateTime(summary.closedAt, timeZone)}${summary.closedBy ? ` (${summary.closedBy})` : ''}`}
      action={<ReportPrintButton report={{ zNumber: summary.zNumber }} className="button button-small" />}
      error={error}
      documentTitle="Z report"
      render={() => api.invoke('report.render', { shiftId: summary.shiftId, format: 'html' })}
    >
      {report && (
        <ZFigures report={report} currency={currency} className="sale-detail-figures">
          <div>
            <dt>Over / short</dt>
            <dd className={overShort === 0 ? '' : overShort > 0 ? 'history-over' : 'history-negative'}>
              {overShortText(overShort, currency)}
            </dd>
          </div>
        </ZFigures>
      )}
    </HistoryDetail>
  );
}
