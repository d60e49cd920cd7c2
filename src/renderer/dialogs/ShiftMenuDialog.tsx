import { formatMoney } from '../../shared/money';
import { Dialog, DialogBody } from '../components/Dialog';
import { useServices, useSession, useShift } from '../stores/context';
import type { DialogRequest } from '../stores/ui';

/** The shift's menu: reports and drawer operations that are not selling. */
export function ShiftMenuDialog({ onClose }: { onClose(): void }) {
  const { ui } = useServices();
  const currency = useSession((s) => s.currency);
  const shift = useShift((s) => s.shift);
  const go = (request: DialogRequest) => ui.getState().open(request);
  const items: { label: string; hint: string; request: DialogRequest; tone?: 'danger' }[] = [
    { label: 'X report', hint: 'Totals so far; the shift stays open', request: { kind: 'xReport' } },
    { label: 'Reprint a receipt', hint: 'A copy of a past sale or refund', request: { kind: 'reprint' } },
    { label: 'Paid in', hint: 'Money put into the drawer', request: { kind: 'cashMovement', direction: 'paid_in' } },
    { label: 'Paid out', hint: 'Money taken out (manager)', request: { kind: 'cashMovement', direction: 'paid_out' } },
    { label: 'No sale', hint: 'Open the drawer (F10)', request: { kind: 'noSale' } },
    { label: 'Close shift', hint: 'Count the drawer, print the Z report', request: { kind: 'closeShift' }, tone: 'danger' },
  ];
  return (
    <Dialog
      title="Shift"
      subtitle={
        shift
          ? `Opened ${new Date(shift.openedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })} by ${shift.openedByName} · float ${formatMoney(shift.openingFloatMinor, currency)}`
          : undefined
      }
      onClose={onClose}
      size="small"
    >
      <DialogBody>
        <ul className="menu-list">
          {items.map((item) => (
            <li key={item.label}>
              <button type="button" className={`menu-item${item.tone ? ` menu-item-${item.tone}` : ''}`} onClick={() => go(item.request)}>
                <strong>{item.label}</strong>
                <span>{item.hint}</span>
              </button>
            </li>
          ))}
        </ul>
      </DialogBody>
    </Dialog>
  );
}
