import { useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';
import { cardLast4, type Member, pointsText } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { useManagerApproval, withApprovals } from '../../components/ManagerApproval';
import { MemberSearch } from '../../components/MemberSearch';
import { playTone } from '../../sound';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';
import { PointsField } from './PointsField';

/**
 * Move points from this member to another (a family pooling points): the other found as in the
 * find dialog, how many, why. Above the store's limit the core asks for a manager, who approves
 * on the spot (the PIN prompt every approval uses); one transfer id, so a retry moves them once.
 */
export function TransferDialog({ memberId }: { memberId: string }) {
  const { api, cart, session, ui } = useServices();
  const requestApproval = useManagerApproval();
  const { member: from, error: loadError } = useMember(memberId);
  const [to, setTo] = useState<Member | null>(null);
  const [pointsTyped, setPointsTyped] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [pointsError, setPointsError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ from: Member; to: Member; points: number } | null>(null);
  const transferId = useRef(uuidv7()).current;
  const searchRef = useRef<HTMLInputElement>(null);
  const pointsRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });

  const choose = (member: Member) => {
    setTo(member);
    setError(null);
    requestAnimationFrame(() => pointsRef.current?.focus());
  };

  const transfer = async () => {
    if (busy || !from) return;
    if (!to) {
      setError({ code: 'VALIDATION', message: 'Find the member the points go to first.' });
      searchRef.current?.focus();
      return;
    }
    const points = /^\d{1,10}$/.test(pointsTyped.trim()) ? Number(pointsTyped.trim()) : 0;
    if (points <= 0) {
      setPointsError('Type how many points, such as 500.');
      pointsRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setPointsError(null);
    const trimmed = reason.trim();
    const result = await withApprovals(requestApproval, ([approvalId]) =>
      api.invoke('loyalty.transfer', {
        id: transferId,
        fromMemberId: from.id,
        toMemberId: to.id,
        points,
        ...(trimmed ? { reason: trimmed } : {}),
        ...(approvalId ? { approvalId } : {}),
      }),
    );
    setBusy(false);
    if (result === null) return; // the manager's PIN was not given: nothing moved
    if (!result.ok) {
      setError(result.error);
      playTone('error', session.getState().settings?.sound);
      return;
    }
    const onSale = cart.getState().member?.id;
    if (onSale === from.id || onSale === to.id) void cart.getState().load();
    setDone({ from: result.data.from, to: result.data.to, points });
    requestAnimationFrame(() => doneRef.current?.focus());
  };

  if (done) {
    return (
      <Dialog title="Points transferred" onClose={back} size="medium" initialFocus={doneRef}>
        <DialogBody>
          <p className="member-transfer-done" role="status">
            {pointsText(done.points)} moved from {done.from.name} to {done.to.name}.
          </p>
          <dl className="pay-lines">
            <div>
              <dt>{done.from.name}</dt>
              <dd>{pointsText(done.from.pointsBalance)}</dd>
            </div>
            <div>
              <dt>{done.to.name}</dt>
              <dd>{pointsText(done.to.pointsBalance)}</dd>
            </div>
          </dl>
        </DialogBody>
        <DialogActions>
          <span />
          <button ref={doneRef} type="button" className="button button-primary button-large" onClick={back}>
            Back to {done.from.name} <kbd>Enter</kbd>
          </button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Transfer points"
      subtitle={from ? `From ${from.name}, who has ${pointsText(from.pointsBalance)}.` : undefined}
      onClose={back}
      size="medium"
      busy={busy}
      initialFocus={searchRef}
      className="member-transfer"
    >
      <DialogBody>
        <ErrorAlert error={loadError} />
        {to ? (
          <div className="member-chosen">
            <span className="member-result-main">
              <span className="pay-caption">To</span>
              <strong>{to.name}</strong>
              <span className="muted">{[cardLast4(to.cardNumber), pointsText(to.pointsBalance)].filter(Boolean).join(' · ')}</span>
            </span>
            <button type="button" className="button button-small" disabled={busy} onClick={() => setTo(null)}>
              Change
            </button>
          </div>
        ) : (
          <MemberSearch inputRef={searchRef} label="To: phone, email, card or name" excludeId={memberId} onPick={choose} disabled={busy} />
        )}
        <div className="member-transfer-amount">
          <PointsField
            id={`${id}-points`}
            label="Points to move"
            value={pointsTyped}
            onChange={(text) => {
              setPointsTyped(text);
              setPointsError(null);
            }}
            inputRef={pointsRef}
            error={pointsError}
            onEnter={() => void transfer()}
            disabled={busy}
          />
          <div className="field">
            <label className="field-label" htmlFor={`${id}-reason`}>
              Reason <span className="field-optional">optional</span>
            </label>
            <input
              id={`${id}-reason`}
              className="input"
              maxLength={200}
              autoComplete="off"
              value={reason}
              disabled={busy}
              onChange={(event) => setReason(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void transfer();
                }
              }}
            />
          </div>
        </div>
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={back} disabled={busy}>
          Back
        </button>
        <button type="button" className="button button-primary button-large" onClick={() => void transfer()} disabled={busy || !from}>
          {busy ? 'Transferring…' : 'Transfer'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
