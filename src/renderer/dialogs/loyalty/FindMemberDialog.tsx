import { useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import type { Member } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { MemberSearch } from '../../components/MemberSearch';
import { playTone } from '../../sound';
import { useCart, useServices } from '../../stores/context';

/** F5: find the customer's membership (phone, email, card or name) and put it on the sale, or enrol them. */
export function FindMemberDialog({ onClose }: { onClose(): void }) {
  const { cart, session, ui } = useServices();
  const onSale = useCart((s) => s.member);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const queryRef = useRef<HTMLInputElement>(null);
  const typed = useRef('');

  const attach = async (member: Member) => {
    setBusy(true);
    const result = await cart.getState().setMember(member.id);
    setBusy(false);
    if (result.ok) {
      onClose();
      return;
    }
    setError(result.error);
    playTone('error', session.getState().settings?.sound);
  };

  const enrol = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'enrol', query: typed.current.trim() } });

  return (
    <Dialog
      title="Find a member"
      subtitle={
        onSale ? `On this sale: ${onSale.name}. Choosing another member replaces them.` : 'Ask for the phone number, email or card.'
      }
      onClose={onClose}
      size="medium"
      busy={busy}
      initialFocus={queryRef}
      className="member-find"
    >
      <DialogBody>
        <MemberSearch
          inputRef={queryRef}
          onPick={(member) => void attach(member)}
          onQueryChange={(query) => {
            typed.current = query;
          }}
          disabled={busy}
        />
        <ErrorAlert error={error} />
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-primary button-large" onClick={enrol} disabled={busy}>
          Enrol new member
        </button>
      </DialogActions>
    </Dialog>
  );
}
