import { Dialog } from '../components/Dialog';
import { ManagerPinBody, useManagerPin } from '../components/ManagerPinEntry';
import { useServices, useUi } from '../stores/context';
import { enterWithManagerPin } from './access';

/**
 * A cashier's till asks for the Manager area: a manager types their PIN (keypad or keyboard) and the
 * area opens as theirs; the cashier's sale waits untouched until the till is theirs again.
 */
export function ManagerDoor() {
  const services = useServices();
  const section = useUi((s) => s.managerDoor);
  if (section === null) return null;
  return <ManagerDoorDialog onClose={() => services.ui.getState().setManagerDoor(null)} />;
}

function ManagerDoorDialog({ onClose }: { onClose(): void }) {
  const services = useServices();
  const entry = useManagerPin(
    (pin) => enterWithManagerPin(services, pin),
    () => {},
  );
  return (
    <Dialog
      title="Manager area"
      subtitle="A manager enters their PIN to open it."
      onClose={onClose}
      size="small"
      initialFocus={entry.pinRef}
      busy={entry.busy}
    >
      <ManagerPinBody
        entry={entry}
        lead="The sale in progress waits; going back to the till brings it back as it was."
        submitLabel="Open"
        onCancel={onClose}
      />
    </Dialog>
  );
}
