import { formatMoney } from '../../shared/money';
import { leaveManagerArea, openManagerArea } from '../manager/access';
import { ManagerEntry } from '../manager/ManagerEntry';
import { useServices, useSession, useShift, useUi } from '../stores/context';
import { isManager } from '../stores/session';
import { SyncIndicator } from './SyncIndicator';

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function TopBar() {
  const services = useServices();
  const { session, cart, ui } = services;
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

  const logout = async () => {
    // a manager's PIN opened the Manager area on a cashier's till: the session is the cashier's again
    // first (the sale to park is the cashier's), then it is the cashier who logs out
    if (ui.getState().elevatedFrom && (await leaveManagerArea(services))) return;
    if (session.getState().phase !== 'ready') return;
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
        <span className="topbar-brand-text">
          <span className="topbar-store">{storeName ?? 'Ringup'}</span>
          <SyncIndicator />
        </span>
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
          {/* a cashier's till opens it with a manager's PIN (the core makes the session the manager's); not before the choice on a colleague's shift */}
          {phase === 'ready' && area === 'till' && closedReport === null && (isManager(staff) || status !== 'open' || ownOrJoined) && (
            <button type="button" className="button button-on-dark" onClick={() => openManagerArea(services)}>
              Manager area
            </button>
          )}
          <span className="topbar-who">
            <span className="topbar-name">{staff.name}</span>
            <span className="topbar-role">{isManager(staff) ? 'Manager' : 'Cashier'}</span>
          </span>
          <button type="button" className="button button-on-dark" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      )}
      <ManagerEntry />
    </header>
  );
}
