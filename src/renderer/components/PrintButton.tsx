import { useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { printHtml } from '../print';
import { useServices } from '../stores/context';
import { ErrorAlert } from './Alert';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; error: AppErrorData };

function StatusLine({ status }: { status: Status }) {
  if (status.kind === 'error') return <ErrorAlert error={status.error} className="print-status" />;
  return (
    <p className="print-status muted" role="status">
      {status.kind === 'done' ? status.message : status.kind === 'busy' ? 'Printing…' : ''}
    </p>
  );
}

/** Print a sale's or refund's receipt where the store prints: the system dialog, or the network printer (by the core). */
export function ReceiptPrintButton({ saleId, copy = false, className }: { saleId: string; copy?: boolean; className?: string }) {
  const { api } = useServices();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const print = async () => {
    setStatus({ kind: 'busy' });
    const result = await api.invoke('receipt.print', { saleId, copy });
    if (!result.ok) {
      setStatus({ kind: 'error', error: result.error });
      return;
    }
    const { target, html, printed } = result.data;
    if (target === 'system' && html) {
      await printHtml(html);
      setStatus({ kind: 'done', message: 'Sent to the print dialog.' });
    } else if (target === 'escpos-tcp' || printed) {
      setStatus({ kind: 'done', message: 'Printed.' });
    } else {
      setStatus({ kind: 'done', message: 'No receipt printer is set up for this till yet; ask a manager.' });
    }
  };
  return (
    <div className="print-control">
      <button type="button" className={className ?? 'button'} disabled={status.kind === 'busy'} onClick={() => void print()}>
        {copy ? 'Print a copy' : 'Print receipt'}
      </button>
      <StatusLine status={status} />
    </div>
  );
}

/** Print a report (the X report of the open shift, or a stored Z report) where the store prints. */
export function ReportPrintButton({ report, className }: { report: { current: true } | { zNumber: number }; className?: string }) {
  const { api } = useServices();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const print = async () => {
    setStatus({ kind: 'busy' });
    const result = await api.invoke('report.print', report);
    if (!result.ok) {
      setStatus({ kind: 'error', error: result.error });
      return;
    }
    const { target, html, printed } = result.data;
    if (target === 'system' && html) {
      await printHtml(html);
      setStatus({ kind: 'done', message: 'Sent to the print dialog.' });
    } else if (printed) {
      setStatus({ kind: 'done', message: 'Printed.' });
    } else {
      setStatus({ kind: 'done', message: 'No printer is set up for this till yet; ask a manager.' });
    }
  };
  return (
    <div className="print-control">
      <button type="button" className={className ?? 'button'} disabled={status.kind === 'busy'} onClick={() => void print()}>
        Print report
      </button>
      <StatusLine status={status} />
    </div>
  );
}
