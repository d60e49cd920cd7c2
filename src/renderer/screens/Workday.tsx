import { useEffect } from 'react';
import { ErrorAlert } from '../components/Alert';
import { WorkdayDialogs } from '../dialogs/WorkdayDialogs';
import { useServices, useSession, useShift, useUi } from '../stores/context';
import { isManager } from '../stores/session';
import { ManagerArea } from './ManagerArea';
import { OpenShiftScreen } from './OpenShiftScreen';
import { SaleScreen } from './SaleScreen';
import { ShiftOwnerScreen } from './ShiftOwnerScreen';
import { ZReportScreen } from './ZReportScreen';

/**
 * After login: the shift gate, then the sale screen with its dialogs; the Z report once the shift
 * is closed. On a shift someone else opened, first the choice of selling on it (recorded) or, for a
 * manager, the Manager area.
 */
export function Workday() {
  const { shift } = useServices();
  const status = useShift((s) => s.status);
  const error = useShift((s) => s.error);
  const closedReport = useShift((s) => s.closedReport);
  const openedBy = useShift((s) => s.shift?.openedBy ?? null);
  const shiftId = useShift((s) => s.shift?.id ?? null);
  const joinedShiftId = useShift((s) => s.joinedShiftId);
  const staff = useSession((s) => s.staff);
  const area = useUi((s) => s.area);

  useEffect(() => {
    if (shift.getState().status === 'unknown') void shift.getState().load();
  }, [shift]);

  if (closedReport) return <ZReportScreen report={closedReport} />;
  if (area === 'manager' && isManager(staff) && (status === 'open' || status === 'none')) {
    return (
      <>
        <ManagerArea />
        <WorkdayDialogs />
      </>
    );
  }
  if (status === 'open' && staff && openedBy !== staff.id && joinedShiftId !== shiftId) return <ShiftOwnerScreen />;
  if (status === 'open') {
    return (
      <>
        <SaleScreen />
        <WorkdayDialogs />
      </>
    );
  }
  if (status === 'none') return <OpenShiftScreen />;
  if (status === 'error') {
    return (
      <main className="screen screen-center">
        <section className="panel">
          <h1 className="screen-title">The shift could not be read</h1>
          <ErrorAlert error={error} />
          <button type="button" className="button button-primary button-block" onClick={() => void shift.getState().load()}>
            Try again
          </button>
        </section>
      </main>
    );
  }
  return (
    <main className="screen screen-center">
      <p className="muted" role="status">
        Checking the shift…
      </p>
    </main>
  );
}
