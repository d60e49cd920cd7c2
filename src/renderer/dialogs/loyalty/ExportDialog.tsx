import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { pointsText } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';

type Exported = ChannelOutput<'loyalty.export'>;

/**
 * A manager answers a member's request for their data: everything stored about them (the record,
 * every ledger row, the sales made for them) as JSON, to show and to save. The export is audited,
 * so it is made when asked for, not when the dialog opens.
 */
export function ExportDialog({ memberId }: { memberId: string }) {
  const { api, ui } = useServices();
  const { member, error: loadError } = useMember(memberId);
  const [exported, setExported] = useState<Exported | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const exportRef = useRef<HTMLButtonElement>(null);
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });

  const text = exported ? JSON.stringify(exported, null, 2) : '';
  useEffect(() => {
    if (!text || typeof URL.createObjectURL !== 'function') return;
    const made = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [text]);

  const run = async () => {
    setBusy(true);
    const result = await api.invoke('loyalty.export', { id: memberId });
    setBusy(false);
    if (result.ok) setExported(result.data);
    else setError(result.error);
  };

  const fileName = `member-${exported?.member.cardNumber ?? memberId}.json`;
  return (
    <Dialog title="Export member data" subtitle={member?.name} onClose={back} size="large" busy={busy} initialFocus={exportRef}>
      <DialogBody>
        <ErrorAlert error={loadError} />
        {!exported && (
          <p className="member-explain">
            Everything stored about {member?.name ?? 'this member'}: the member record, every movement of their points and the sales made
            for them. The export is written to the audit log.
          </p>
        )}
        {exported && (
          <>
            <p role="status" className="member-explain">
              {exported.ledger.length} points movements, {exported.sales.length} sales and refunds; balance{' '}
              {pointsText(exported.member.pointsBalance)}.
            </p>
            <pre className="member-export" data-testid="member-export">
              {text}
            </pre>
          </>
        )}
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={back} disabled={busy}>
          Back
        </button>
        {exported ? (
          url && (
            <a className="button button-primary button-large" href={url} download={fileName}>
              Save {fileName}
            </a>
          )
        ) : (
          <button ref={exportRef} type="button" className="button button-primary button-large" onClick={() => void run()} disabled={busy}>
            Export
          </button>
        )}
      </DialogActions>
    </Dialog>
  );
}
