import { useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { cardGroups, type HistoryEntry, historyWhat, type Member, pointsText, signedPoints, tierName } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { useCart, useServices, useSession } from '../../stores/context';
import { isManager } from '../../stores/session';
import type { LoyaltyView } from '../../stores/ui';

const HISTORY_PAGE = 10;

/** A day that reads the same in every country: "01 Dec 2026" (never 12/1 or 1/12). */
function day(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { day: '2-digit', month: 'short', year: 'numeric' });
}

function when(ms: number): string {
  return `${day(ms)} ${new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

/** One member as the core holds them now (each dialog reads them again: a change may have been made elsewhere). */
export function useMember(memberId: string) {
  const { api } = useServices();
  const [member, setMember] = useState<Member | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('loyalty.get', { id: memberId }).then((result) => {
      if (!live) return;
      if (result.ok) setMember(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, memberId]);
  return { member, error };
}

/**
 * A member's page: who they are, tier, balance, their points history (newest first, a page at a
 * time), putting them on the sale or taking them off, and what is done for them — Edit and
 * Transfer points for everyone; Adjust, Stop card, Export and Erase for managers.
 */
export function MemberDialog({ memberId, onClose }: { memberId: string; onClose(): void }) {
  const { api, cart, ui } = useServices();
  const staff = useSession((s) => s.staff);
  const manager = isManager(staff);
  const onSale = useCart((s) => s.member?.id === memberId);
  const busy = useCart((s) => s.busy);
  const { member, error } = useMember(memberId);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [historyError, setHistoryError] = useState<AppErrorData | null>(null);
  const [actionError, setActionError] = useState<AppErrorData | null>(null);
  const [loadingHistory, setLoadingHistory] = useState(true);
  const closeRef = useRef<HTMLButtonElement>(null);

  const loadHistory = async (after: string | null) => {
    setLoadingHistory(true);
    const result = await api.invoke('loyalty.history', { memberId, limit: HISTORY_PAGE, ...(after ? { cursor: after } : {}) });
    setLoadingHistory(false);
    if (!result.ok) {
      setHistoryError(result.error);
      return;
    }
    setHistory((current) => (after ? [...current, ...result.data.items] : result.data.items));
    setCursor(result.data.nextCursor);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page, once per member
  useEffect(() => {
    void loadHistory(null);
  }, [memberId]);

  const go = (screen: Exclude<LoyaltyView['screen'], 'find' | 'enrol' | 'member'>) =>
    ui.getState().open({ kind: 'loyalty', view: { screen, memberId } });

  const toggleSale = async () => {
    const result = await cart.getState().setMember(onSale ? null : memberId);
    setActionError(result.ok ? null : result.error);
  };

  const usable = member !== null && member.erasedAt === null;

  return (
    <Dialog
      title={member?.name ?? 'Member'}
      subtitle={
        member?.cardNumber
          ? `Card ${cardGroups(member.cardNumber)} · member since ${day(member.joinedAt)}`
          : member?.erasedAt
            ? 'Erased: the personal data is gone; the points ledger stays, anonymous.'
            : undefined
      }
      onClose={onClose}
      size="large"
      initialFocus={closeRef}
      className="member-page"
    >
      <DialogBody>
        <ErrorAlert error={error} />
        {member && (
          <div className="member-page-head">
            <dl className="member-facts">
              <div className="member-facts-balance">
                <dt>Balance</dt>
                <dd data-testid="member-page-balance">{pointsText(member.pointsBalance)}</dd>
              </div>
              <div>
                <dt>Tier</dt>
                <dd>
                  <span className={`tier tier-${member.tier}`}>{tierName(member.tier)}</span>
                </dd>
              </div>
              <div>
                <dt>Phone</dt>
                <dd>{member.phone ?? '—'}</dd>
              </div>
              <div>
                <dt>Email</dt>
                <dd className="member-facts-email">{member.email ?? '—'}</dd>
              </div>
              {!member.active && member.erasedAt === null && (
                <div>
                  <dt>Card</dt>
                  <dd>
                    <span className="badge badge-inactive">Stopped</span>
                  </dd>
                </div>
              )}
            </dl>
            <div className="member-page-actions">
              {usable && member.active && (
                <button type="button" className="button" disabled={busy} onClick={() => void toggleSale()}>
                  {onSale ? 'Take off this sale' : 'Put on this sale'}
                </button>
              )}
              {usable && (
                <button type="button" className="button" onClick={() => go('edit')}>
                  Edit
                </button>
              )}
              {usable && member.active && (
                <button type="button" className="button" onClick={() => go('transfer')}>
                  Transfer points
                </button>
              )}
              {manager && usable && (
                <button type="button" className="button" onClick={() => go('adjust')}>
                  Adjust points
                </button>
              )}
              {manager && usable && (
                <button type="button" className="button" onClick={() => go('stop')}>
                  {member.active ? 'Stop card' : 'Restart card'}
                </button>
              )}
              {manager && (
                <button type="button" className="button" onClick={() => go('export')}>
                  Export
                </button>
              )}
              {manager && usable && (
                <button type="button" className="button button-danger-ghost" onClick={() => go('erase')}>
                  Erase
                </button>
              )}
            </div>
          </div>
        )}
        <ErrorAlert error={actionError} />

        <h3 className="member-history-title">Points history</h3>
        <ErrorAlert error={historyError} />
        {history.length === 0 && !loadingHistory && !historyError && <p className="empty-note">No points moved yet.</p>}
        {history.length > 0 && (
          <table className="member-history" aria-label="Points history">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Points
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.id} data-testid="history-row">
                  <td className="member-history-date">{when(entry.at)}</td>
                  <td>{historyWhat(entry)}</td>
                  <td className={`num ${entry.points < 0 ? 'points-minus' : 'points-plus'}`}>{signedPoints(entry.points)}</td>
                  <td className="num">{entry.balanceAfter.toLocaleString('en')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <button
            type="button"
            className="button button-small member-history-more"
            disabled={loadingHistory}
            onClick={() => void loadHistory(cursor)}
          >
            Older movements
          </button>
        )}
      </DialogBody>
      <DialogActions>
        <button type="button" className="button" onClick={() => ui.getState().open({ kind: 'loyalty', view: { screen: 'find' } })}>
          Find another member
        </button>
        <button ref={closeRef} type="button" className="button button-primary button-large" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
