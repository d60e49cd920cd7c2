import { type RefObject, useEffect, useRef, useState } from 'react';
import type { AppErrorData, Result } from '../../shared/result';
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

type PrintOutcome = { target: 'none' | 'system' | 'escpos-tcp'; printed: boolean; html: string | null; copy?: boolean };

/** Carry out a print the core answered: the window prints the HTML itself in web mode; say what happened. */
async function finishPrint(outcome: PrintOutcome, nothingSetUp: string): Promise<string> {
  const what = outcome.copy ? 'A copy' : 'The receipt';
  if (outcome.target === 'system' && outcome.html) {
    await printHtml(outcome.html);
    return outcome.copy ? 'A copy was sent to the print dialog.' : 'Sent to the print dialog.';
  }
  if (outcome.printed) return outcome.copy ? `${what} was printed.` : 'Printed.';
  if (outcome.target === 'system') return 'Printing was cancelled.';
  return nothingSetUp;
}

/** A print button and its status line; `run` asks the core to print. */
function PrintControl({
  label,
  className,
  nothingSetUp,
  run,
  focusAfter,
}: {
  label: string;
  className: string | undefined;
  nothingSetUp: string;
  run(): Promise<Result<PrintOutcome>>;
  /** where the keyboard goes once printed (New sale, Done): Enter must not print the receipt again */
  focusAfter?: RefObject<HTMLElement | null> | undefined;
}) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const buttonRef = useRef<HTMLButtonElement>(null);
  // the button is disabled while printing, and printing focuses its frame: give the keyboard back
  useEffect(() => {
    if (status.kind !== 'done' && status.kind !== 'error') return;
    if (status.kind === 'done' && focusAfter?.current) {
      focusAfter.current.focus({ preventScroll: true });
      return;
    }
    const active = document.activeElement;
    if (active === null || active === document.body || active.classList.contains('print-frame'))
      buttonRef.current?.focus({ preventScroll: true });
  }, [status, focusAfter]);
  const print = async () => {
    setStatus({ kind: 'busy' });
    const result = await run();
    if (!result.ok) setStatus({ kind: 'error', error: result.error });
    else setStatus({ kind: 'done', message: await finishPrint(result.data, nothingSetUp) });
  };
  return (
    <div className="print-control">
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'button'}
        disabled={status.kind === 'busy'}
        onClick={() => void print()}
      >
        {label}
      </button>
      <StatusLine status={status} />
    </div>
  );
}

/** Print a sale's or refund's receipt where the store prints: the OS printer or print dialog, or the network printer (by the core). */
export function ReceiptPrintButton({
  saleId,
  copy = false,
  className,
  focusAfter,
}: {
  saleId: string;
  copy?: boolean;
  className?: string;
  focusAfter?: RefObject<HTMLElement | null>;
}) {
  const { api } = useServices();
  return (
    <PrintControl
      label={copy ? 'Print a copy' : 'Print receipt'}
      className={className}
      nothingSetUp="No receipt printer is set up for this till yet; ask a manager."
      run={() => api.invoke('receipt.print', { saleId, copy })}
      focusAfter={focusAfter}
    />
  );
}

/** Print a report (the X report of the open shift, or a stored Z report) where the store prints. */
export function ReportPrintButton({ report, className }: { report: { current: true } | { zNumber: number }; className?: string }) {
  const { api } = useServices();
  return (
    <PrintControl
      label="Print report"
      className={className}
      nothingSetUp="No printer is set up for this till yet; ask a manager."
      run={() => api.invoke('report.print', report)}
    />
  );
}
