import { useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { cardGroups, pointsText } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { ReasonField } from '../../components/ReasonField';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';

/**
 * A manager erases a member on request: says first what goes for good (name, email, phone, card)
 * and what stays, anonymous (the points ledger and the sales, so the books still add up).
 */
export function EraseDialog({ memberId, onClose }: { memberId: string; onClose(): void }) {
  const { api, cart, ui } = useServices();
  const { member, error: loadError } = useMember(memberId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [erased, setErased] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });

  const erase = async () => {
    if (busy || !member) return;
    setBusy(true);
    setError(null);
    // an erased member cannot be on a sale: taken off the one in progress first
    if (cart.getState().member?.id === memberId) {
      const detached = await cart.getState().setMember(null);
      if (!detached.ok) {
        setBusy(false);
        setError(detached.error);
        return;
      }
    }
    const result = await api.invoke('loyalty.erase', { id: memberId, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setErased(true);
    requestAnimationFrame(() => doneRef.current?.focus());
  };

  if (erased) {
    return (
      <Dialog title="Member erased" onClose={onClose} size="medium" initialFocus={doneRef}>
        <DialogBody>
          <p role="status" className="member-explain">
            The name, email, phone and card number are gone for good. The points ledger and the sales stay, anonymous.
          </p>
        </DialogBody>
        <DialogActions>
          <span />
          <button ref={doneRef} type="button" className="button button-primary button-large" onClick={onClose}>
            Done
          </button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog title="Erase this member?" subtitle={member?.name} onClose={back} size="medium" busy={busy} initialFocus={reasonRef}>
      <DialogBody>
        <ErrorAlert error={loadError} />
        {member && (
          <div className="member-erase" data-testid="erase-explain">
            <p>
              <strong>Removed for good:</strong> the name {member.name}
              {member.email ? `, the email ${member.email}` : ''}
              {member.phone ? `, the phone ${member.phone}` : ''}
              {member.cardNumber ? ` and the card ${cardGroups(member.cardNumber)}` : ''}. The card stops working and the member cannot be
              found any more.
            </p>
            <p>
              <strong>What stays, anonymous:</strong> the points ledger ({pointsText(member.pointsBalance)} now) and the sales and refunds
              made for them, so the books still add up. The audit log records who erased a member and why, never who it was.
            </p>
            <p>This cannot be undone.</p>
          </div>
        )}
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} inputRef={reasonRef} />
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={back} disabled={busy}>
          Keep the member
        </button>
        <button type="button" className="button button-danger button-large" onClick={() => void erase()} disabled={busy || !member}>
          Erase for good
        </button>
      </DialogActions>
    </Dialog>
  );
}
