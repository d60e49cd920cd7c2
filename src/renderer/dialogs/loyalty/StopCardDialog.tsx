import { useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { cardLast4, pointsText } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { ReasonField } from '../../components/ReasonField';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';

/** A manager stops a card (lost, stolen, on request) or starts it again; its points stay either way. */
export function StopCardDialog({ memberId }: { memberId: string }) {
  const { api, cart, ui } = useServices();
  const { member, error: loadError } = useMember(memberId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });
  const stopping = member?.active ?? true;

  const submit = async () => {
    if (busy || !member) return;
    setBusy(true);
    setError(null);
    // a stopped card is on no sale: taken off the one in progress first
    if (stopping && cart.getState().member?.id === memberId) {
      const detached = await cart.getState().setMember(null);
      if (!detached.ok) {
        setBusy(false);
        setError(detached.error);
        return;
      }
    }
    const result = await api.invoke('loyalty.deactivate', { id: memberId, reason: reason.trim(), active: !stopping });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    back();
  };

  const card = cardLast4(member?.cardNumber ?? null);
  return (
    <Dialog
      title={stopping ? 'Stop the card' : 'Restart the card'}
      subtitle={member ? `${member.name}${card ? `, card ${card}` : ''}` : undefined}
      onClose={back}
      size="medium"
      busy={busy}
      initialFocus={reasonRef}
    >
      <DialogBody>
        <ErrorAlert error={loadError} />
        {member && (
          <p className="member-explain">
            {stopping
              ? `A stopped card earns and redeems no more, and cannot be put on a sale. Its ${pointsText(member.pointsBalance)} stay; the card can be restarted later.`
              : `The card earns and redeems again; its ${pointsText(member.pointsBalance)} are still there.`}
          </p>
        )}
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} onEnter={() => void submit()} inputRef={reasonRef} />
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={back} disabled={busy}>
          Back
        </button>
        <button
          type="button"
          className={`button button-large ${stopping ? 'button-danger' : 'button-primary'}`}
          onClick={() => void submit()}
          disabled={busy || !member}
        >
          {stopping ? 'Stop the card' : 'Restart the card'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
