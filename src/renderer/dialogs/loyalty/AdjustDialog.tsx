import { useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';
import { pointsText, signedPoints } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { ReasonField } from '../../components/ReasonField';
import { Segmented } from '../../components/Segmented';
import { playTone } from '../../sound';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';
import { PointsField } from './PointsField';

/** A manager adds or takes off points by hand, with a reason (loyalty.adjust: journalled and audited). */
export function AdjustDialog({ memberId }: { memberId: string }) {
  const { api, cart, session, ui } = useServices();
  const { member, error: loadError } = useMember(memberId);
  const [direction, setDirection] = useState<'add' | 'takeOff'>('add');
  const [pointsTyped, setPointsTyped] = useState('');
  const [reason, setReason] = useState('');
  const [pointsError, setPointsError] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  // one adjustment: sent again, it writes nothing more
  const adjustmentId = useRef(uuidv7()).current;
  const pointsRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });

  const count = /^\d{1,10}$/.test(pointsTyped) ? Number(pointsTyped) : 0;
  const signed = direction === 'add' ? count : -count;

  const adjust = async () => {
    if (busy) return;
    if (count <= 0) {
      setPointsError('Type how many points, such as 250.');
      pointsRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.invoke('loyalty.adjust', { id: adjustmentId, memberId, points: signed, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      playTone('error', session.getState().settings?.sound);
      if (
        Array.isArray(result.error.details?.issues) &&
        result.error.details.issues.some((issue: { path?: string }) => issue?.path === 'reason')
      )
        reasonRef.current?.focus();
      return;
    }
    if (cart.getState().member?.id === memberId) void cart.getState().load();
    back();
  };

  return (
    <Dialog
      title="Adjust points"
      subtitle={member ? `${member.name} has ${pointsText(member.pointsBalance)}.` : undefined}
      onClose={back}
      size="medium"
      busy={busy}
      initialFocus={pointsRef}
    >
      <DialogBody>
        <ErrorAlert error={loadError} />
        <Segmented
          label="Add or take off"
          options={[
            ['add', 'Add points'],
            ['takeOff', 'Take off points'],
          ]}
          value={direction}
          onChange={setDirection}
          disabled={busy}
        />
        <PointsField
          id={`${id}-points`}
          label="Points"
          value={pointsTyped}
          onChange={(text) => {
            setPointsTyped(text);
            setPointsError(null);
          }}
          inputRef={pointsRef}
          error={pointsError}
          onEnter={() => reasonRef.current?.focus()}
          disabled={busy}
          hint={
            count > 0 && member ? `${signedPoints(signed)}: the balance becomes ${pointsText(member.pointsBalance + signed)}.` : undefined
          }
        />
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} onEnter={() => void adjust()} inputRef={reasonRef} />
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={back} disabled={busy}>
          Back
        </button>
        <button type="button" className="button button-primary button-large" onClick={() => void adjust()} disabled={busy}>
          {direction === 'add' ? 'Add' : 'Take off'} {count > 0 ? pointsText(count) : 'points'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
