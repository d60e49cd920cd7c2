import { useEffect, useId, useRef } from 'react';
import { formatMoney } from '../../shared/money';
import { useServices, useSession, useShift } from '../stores/context';
import type { DialogRequest } from '../stores/ui';
import { shiftTime } from './ShiftOwnerScreen';

/**
 * The Manager area: the work of a manager that is not selling, on the open shift whoever opened
 * it (reports, drawer, closing). The till stays one button away.
 */
export function ManagerArea() {
  const { ui } = useServices();
  const shift = useShift((s) => s.shift);
  const joinedShiftId = useShift((s) => s.joinedShiftId);
  const staff = useSession((s) => s.staff);
  const currency = useSession((s) => s.currency);
  const id = useId();
  const backRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    backRef.current?.focus();
  }, []);

  const someoneElses = shift !== null && staff !== null && shift.openedBy !== staff.id;
  const backLabel = !shift
    ? 'Open a shift'
    : someoneElses && joinedShiftId !== shift.id
      ? `Back to ${shift.openedByName}’s shift`
      : 'Back to the till';
  const go = (request: DialogRequest) => ui.getState().open(request);
  const shiftTasks: { label: string; hint: string; request: DialogRequest; tone?: 'danger' }[] = [
    { label: 'X report', hint: 'Totals of the shift so far; it stays open', request: { kind: 'xReport' } },
    { label: 'Reprint a receipt', hint: 'A copy of a past sale or refund', request: { kind: 'reprint' } },
    { label: 'Paid in', hint: 'Money put into the drawer', request: { kind: 'cashMovement', direction: 'paid_in' } },
    { label: 'Paid out', hint: 'Money taken out of the drawer', request: { kind: 'cashMovement', direction: 'paid_out' } },
    { label: 'No sale', hint: 'Open the drawer, with a reason', request: { kind: 'noSale' } },
    { label: 'Close the shift', hint: 'Count the drawer, print the Z report', request: { kind: 'closeShift' }, tone: 'danger' },
  ];

  return (
    <main className="screen manager-area" aria-labelledby={`${id}-title`}>
      <header className="manager-area-head">
        <div>
          <h1 id={`${id}-title`} className="screen-title">
            Manager area
          </h1>
          <p className="screen-lead">
            {shift
              ? `${shift.openedByName}’s shift, open since ${shiftTime(shift.openedAt)} · float ${formatMoney(shift.openingFloatMinor, currency)}`
              : 'No shift is open on this till.'}
          </p>
        </div>
        <button ref={backRef} type="button" className="button button-primary button-large" onClick={() => ui.getState().setArea('till')}>
          {backLabel}
        </button>
      </header>
      {shift && (
        <section aria-labelledby={`${id}-shift`} className="manager-area-section">
          <h2 id={`${id}-shift`} className="section-title">
            The shift
          </h2>
          <ul className="menu-list manager-area-grid">
            {shiftTasks.map((task) => (
              <li key={task.label}>
                <button type="button" className={`menu-item${task.tone ? ` menu-item-${task.tone}` : ''}`} onClick={() => go(task.request)}>
                  <strong>{task.label}</strong>
                  <span>{task.hint}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
