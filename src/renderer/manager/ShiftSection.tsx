import { useId } from 'react';
import { formatMoney } from '../../shared/money';
import { shiftTime } from '../screens/ShiftOwnerScreen';
import { useServices, useSession, useShift } from '../stores/context';
import type { DialogRequest } from '../stores/ui';

/** The shift's tasks that are not selling, on the open shift whoever opened it (reports, drawer, closing). */
export function ShiftSection() {
  const { ui } = useServices();
  const shift = useShift((s) => s.shift);
  const currency = useSession((s) => s.currency);
  const id = useId();
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
    <section aria-labelledby={`${id}-title`} className="manager-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          The shift
        </h2>
        <p className="muted">
          {shift
            ? `${shift.openedByName}’s shift, open since ${shiftTime(shift.openedAt)} · float ${formatMoney(shift.openingFloatMinor, currency)}`
            : 'No shift is open on this till.'}
        </p>
      </header>
      {shift && (
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
      )}
    </section>
  );
}
