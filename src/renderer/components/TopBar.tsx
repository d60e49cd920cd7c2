import { formatMoney } from '../../shared/money';
import { useServices, useSession, useShift, useUi } from '../stores/context';
import { isManager } from '../stores/session';

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function TopBar() {
  const { session, cart, ui } = useServices();
  const area = useUi((s) => s.area);
  const storeName = useSession((s) => s.storeName);
  const staff = useSession((s) => s.staff);
  const currency = useSession((s) => s.currency);
  const phase = useSession((s) => s.phase);
  const shift = useShift((s) => s.shift);
  const status = useShift((s) => s.status);
  const closedReport = useShift((s) => s.closedReport);
  const joinedShiftId = useShift((s) => s.joinedShiftId);
  // on someone else's shift, the menu comes once the choice to sell on it is made (the Manager area has its own)
  const ownOrJoined = shift !== null && (shift.openedBy === staff?.id || joinedShiftId === shift.id);
  const shiftOpen = phase === 'ready' && status === 'open' && shift !== null && closedReport === null && ownOrJoined && area === 'till';

  const logout = () => {
    // a sale in progress is parked first (the dialog says so), never dropped
    if (cart.getState().lines.length > 0) ui.getState().open({ kind: 'logout' });
    else void session.getState().logout();
  };

  return (
    <header className="topbar">
      <div className="topbar-brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="topbar-store">{storeName ?? 'Ringup'}</span>
      </div>
      {staff && (
        <div className="topbar-staff">
          {shiftOpen && (
            <button type="button" className="topbar-shift" aria-haspopup="dialog" onClick={() => ui.getState().open({ kind: 'shiftMenu' })}>
              <span className="topbar-shift-text">
                <span className="topbar-shift-title">
                  {shift.openedBy === staff.id ? 'Shift' : `${shift.openedByName}’s shift`} open since {clock(shift.openedAt)}
                </span>{' '}
                <span className="topbar-shift-meta">Float {formatMoney(shift.openingFloatMinor, currency)}</span>
              </span>{' '}
              <span className="topbar-shift-menu">Shift menu ▾</span>
            </button>
          )}
          {phase === 'ready' && isManager(staff) && area === 'till' && closedReport === null && (
            <button type="button" className="button button-on-dark" onClick={() => ui.getState().setArea('manager')}>
              Manager area
            </button>
          )}
          <span className="topbar-who">
            <span className="topbar-name">{staff.name}</span>
            <span className="topbar-role">{isManager(staff) ? 'Manager' : 'Cashier'}</span>
          </span>
          <button type="button" className="button button-on-dark" onClick={logout}>
            Log out
          </button>
        </div>
      )}
    </header>
  );
}
