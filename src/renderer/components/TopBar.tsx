import { useServices, useSession } from '../stores/context';

export function TopBar() {
  const { session } = useServices();
  const storeName = useSession((s) => s.storeName);
  const staff = useSession((s) => s.staff);
  const role = staff?.roles.includes('manager') ? 'Manager' : 'Cashier';
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
          <span className="topbar-who">
            <span className="topbar-name">{staff.name}</span>
            <span className="topbar-role">{role}</span>
          </span>
          <button type="button" className="button button-on-dark" onClick={() => void session.getState().logout()}>
            Log out
          </button>
        </div>
      )}
    </header>
  );
}
