import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { DocumentFrame } from '../components/DocumentFrame';
import { ReceiptPrintButton } from '../components/PrintButton';
import { ReceiptFinder } from '../components/ReceiptFinder';
import { useRendered } from '../hooks/useRendered';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices, useSession } from '../stores/context';

type Found = ChannelOutput<'sale.find'>[number];

/**
 * Shift menu → Reprint a receipt: find a sale or refund by its receipt (scanned or typed), see it,
 * print a copy. The core marks it COPY and records the reprint; an original is never printed twice.
 */
export function ReprintDialog({ onClose }: { onClose(): void }) {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [chosen, setChosen] = useState<Found | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const lookups = useRef(0);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const find = async (receipt: string) => {
    const wanted = receipt.trim();
    if (!wanted) {
      setError({ code: 'VALIDATION', message: 'Scan the receipt’s barcode or type its code or number.' });
      return;
    }
    // only the latest lookup counts: a slower answer to an earlier one is dropped
    const mine = ++lookups.current;
    setBusy(true);
    const result = await api.invoke('sale.find', { receipt: wanted });
    if (mine !== lookups.current) return;
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(result.data.length === 0 ? { code: 'NOT_FOUND', message: `No receipt ${wanted} on this till.` } : null);
    setFound(result.data);
    setChosen(result.data.length === 1 ? (result.data[0] ?? null) : null);
  };

  // a receipt scanned while the dialog is open is looked up at once
  useBarcodeScanner((code) => {
    // the scanner may have typed into the field: what it shows is the code that was scanned
    setText(code);
    void find(code);
  });

  return (
    <Dialog
      title="Reprint a receipt"
      subtitle="The copy is marked COPY; the reprint is recorded."
      onClose={onClose}
      size="wide"
      busy={busy}
    >
      <DialogBody className="reprint-body">
        <ReceiptFinder
          text={text}
          onText={setText}
          onFind={(receipt) => void find(receipt)}
          busy={busy}
          inputRef={inputRef}
          findLabel="Find"
        />
        <ErrorAlert error={error} />
        {found && found.length > 1 && (
          <ul className="menu-list" aria-label="Receipts found">
            {found.map((doc) => (
              <li key={doc.id}>
                <button type="button" className="menu-item" aria-pressed={chosen?.id === doc.id} onClick={() => setChosen(doc)}>
                  <strong>
                    {doc.kind === 'refund' ? 'Refund' : 'Receipt'} {doc.receiptCode}
                  </strong>
                  <span>
                    {new Date(doc.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} ·{' '}
                    {formatMoney(doc.totalMinor, currency)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen && <ReprintPreview key={chosen.id} doc={chosen} />}
      </DialogBody>
      <DialogActions>
        <span />
        <button type="button" className="button button-large" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}

function ReprintPreview({ doc }: { doc: Found }) {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const { html, error } = useRendered(doc.id, () => api.invoke('receipt.render', { saleId: doc.id, format: 'html', copy: true }));
  const title = `${doc.kind === 'refund' ? 'Refund receipt' : 'Receipt'} ${doc.receiptCode}`;
  return (
    <section className="reprint-preview" aria-label={title}>
      <div className="reprint-side">
        <p className="reprint-what">
          <strong>{title}</strong>
          <span>
            {new Date(doc.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} ·{' '}
            {formatMoney(doc.totalMinor, currency)}
          </span>
        </p>
        <ReceiptPrintButton saleId={doc.id} copy className="button button-primary button-large" />
        <ErrorAlert error={error} />
      </div>
      {!error && <DocumentFrame html={html} title={title} />}
    </section>
  );
}
