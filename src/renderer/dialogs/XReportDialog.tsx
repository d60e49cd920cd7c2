import { useRef } from 'react';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { DocumentFrame } from '../components/DocumentFrame';
import { ReportPrintButton } from '../components/PrintButton';
import { useRendered } from '../hooks/useRendered';
import { useServices } from '../stores/context';

/** The running totals of the open shift, as the core renders them; printing it closes nothing. */
export function XReportDialog({ onClose }: { onClose(): void }) {
  const { api } = useServices();
  const closeRef = useRef<HTMLButtonElement>(null);
  // a new key each time the dialog opens: the X report is "now"
  const keyRef = useRef(`x-${Date.now()}`);
  const { html, error } = useRendered(keyRef.current, () => api.invoke('report.render', { current: true, format: 'html' }));
  return (
    <Dialog
      title="X report"
      subtitle="Totals of this shift so far. The shift stays open."
      onClose={onClose}
      size="large"
      initialFocus={closeRef}
    >
      <DialogBody className="report-body">
        <ErrorAlert error={error} />
        {!error && <DocumentFrame html={html} title="X report" className="doc-frame-report" />}
      </DialogBody>
      <DialogActions>
        <ReportPrintButton report={{ current: true }} className="button button-large" />
        <button ref={closeRef} type="button" className="button button-primary button-large" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
