import { useEffect, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import { sumByMethod } from '../../../shared/pricing';
import type { AppErrorData } from '../../../shared/result';
import { type HistoryEntry, type Member, pointsText } from '../../checkout/loyalty';
import { ErrorAlert } from '../../components/Alert';
import type { Sale } from '../../stores/cart';
import { useServices } from '../../stores/context';

/** The ledger rows one sale wrote are among the member's latest: a page this long holds them. */
const RECENT = 10;

/**
 * After a member's sale: the points it redeemed and earned and the new balance, as the core
 * recorded them (the sale's own ledger rows and the member read again), never worked out here.
 */
export function PointsDone({ sale }: { sale: Sale }) {
  const { api } = useServices();
  const [state, setState] = useState<{ member: Member; rows: HistoryEntry[] } | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const memberId = sale.memberId;

  useEffect(() => {
    if (!memberId) return;
    let live = true;
    void Promise.all([api.invoke('loyalty.get', { id: memberId }), api.invoke('loyalty.history', { memberId, limit: RECENT })]).then(
      ([member, history]) => {
        if (!live) return;
        if (!member.ok) setError(member.error);
        else if (!history.ok) setError(history.error);
        else setState({ member: member.data, rows: history.data.items.filter((row) => row.saleId === sale.id) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, memberId, sale.id]);

  if (!memberId) return null;
  if (error) return <ErrorAlert error={error} />;
  if (!state) return <p className="muted">Reading the member’s points…</p>;
  const redeemed = -state.rows.filter((row) => row.kind === 'redeem').reduce((sum, row) => sum + row.points, 0);
  const earned = state.rows.filter((row) => row.kind === 'earn').reduce((sum, row) => sum + row.points, 0);
  const { pointsMinor } = sumByMethod(sale.payments);
  return (
    <section className="points-done" aria-label="Loyalty points" data-testid="points-done">
      <p className="points-done-name">
        <span aria-hidden="true">★ </span>
        {state.member.name}
      </p>
      <dl className="pay-lines">
        {redeemed > 0 && (
          <div>
            <dt>Points redeemed</dt>
            <dd data-testid="points-redeemed">
              {pointsText(redeemed)} ({formatMoney(pointsMinor, sale.currency)})
            </dd>
          </div>
        )}
        <div>
          <dt>Points earned</dt>
          <dd data-testid="points-earned">{pointsText(earned)}</dd>
        </div>
        <div className="pay-due">
          <dt>New balance</dt>
          <dd data-testid="points-balance">{pointsText(state.member.pointsBalance)}</dd>
        </div>
      </dl>
    </section>
  );
}
