import { useRef } from 'react';
import { formatMoney } from '../../shared/money';
import { Dialog, DialogActions, DialogBody } from '../components/Dialog';
import { useCart, useSession } from '../stores/context';

/** Shift+Del asks first: a whole sale is not thrown away by one key. Keep selling has the focus. */
export function VoidSaleDialog({ onVoid, onKeep }: { onVoid(): void; onKeep(): void }) {
  const currency = useSession((s) => s.currency);
  const totalMinor = useCart((s) => s.totals.totalMinor);
  const lineCount = useCart((s) => s.lines.length);
  const keepRef = useRef<HTMLButtonElement>(null);
  const total = formatMoney(totalMinor, currency);
  return (
    <Dialog title={`Void the whole sale of ${total}?`} onClose={onKeep} size="small" initialFocus={keepRef}>
      <DialogBody>
        <p>{lineCount === 1 ? 'Its one line is' : `All ${lineCount} lines are`} taken off the till, and the void is recorded.</p>
      </DialogBody>
      <DialogActions>
        <button ref={keepRef} type="button" className="button button-large" onClick={onKeep}>
          Keep selling
        </button>
        <button type="button" className="button button-danger button-large" onClick={onVoid}>
          Void sale
        </button>
      </DialogActions>
    </Dialog>
  );
}
