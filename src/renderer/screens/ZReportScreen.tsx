import { useEffect, useId, useRef } from 'react';
import { ErrorAlert } from '../components/Alert';
import { DocumentFrame } from '../components/DocumentFrame';
import { ReportPrintButton } from '../components/PrintButton';
import { ZFigures } from '../components/ZFigures';
import { overShortText } from '../dialogs/CloseShiftDialog';
import { useRendered } from '../hooks/useRendered';
import { useServices, useSession } from '../stores/context';
import type { ShiftReport } from '../stores/shift';

/** After closing: the Z report as stored by the core, with Print; then the next shift or log out. */
export function ZReportScreen({ report }: { report: ShiftReport }) {
  const { api, shift, session, ui } = useServices();
  const currency = useSession((s) => s.currency);
  const id = useId();
  const nextRef = useRef<HTMLButtonElement>(null);
  const { html, error } = useRendered(report.shiftId, () => api.invoke('report.render', { shiftId: report.shiftId, format: 'html' }));
  const overShort = report.overShortMinor ?? 0;

  useEffect(() => {
    nextRef.current?.focus();
  }, []);

  return (
    <main className="screen zreport" aria-labelledby={`${id}-title`}>
      <section className="panel zreport-panel">
        <h1 id={`${id}-title`} className="screen-title">
          Shift closed · Z report {report.zNumber ?? ''}
        </h1>
        <p className="screen-lead">Print the Z report and put it in the drawer with the cash count.</p>
        <ZFigures report={report} currency={currency} className="zreport-figures" />
        <p className={`over-short ${overShort === 0 ? 'over-short-exact' : overShort > 0 ? 'over-short-over' : 'over-short-short'}`}>
          <span className="pay-caption">Over / short</span>
          <strong className="money-large" data-testid="z-over-short">
            {overShortText(overShort, currency)}
          </strong>
        </p>
        <div className="zreport-actions">
          {report.zNumber !== null && <ReportPrintButton report={{ zNumber: report.zNumber }} className="button button-large" />}
          <button
            ref={nextRef}
            type="button"
            className="button button-primary button-large"
            onClick={() => {
              // closed from the Manager area too: the next shift is opened at the till
              ui.getState().setArea('till');
              shift.getState().dismissReport();
            }}
          >
            Open the next shift
          </button>
          <button type="button" className="button button-large" onClick={() => void session.getState().logout()}>
            Log out
          </button>
        </div>
      </section>
      <section className="zreport-doc" aria-label="Z report">
        <ErrorAlert error={error} />
        {!error && <DocumentFrame html={html} title="Z report" className="doc-frame-report" />}
      </section>
    </main>
  );
}
