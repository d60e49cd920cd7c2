import type { AppErrorData, Result } from '../../shared/result';
import type { Services } from '../stores/context';
import { isManager, type Settings, type StaffSession } from '../stores/session';
import type { ManagerSectionKey } from '../stores/ui';

/**
 * The way into the Manager area: a manager goes straight in; a cashier's till asks for a
 * manager's PIN first (the core then makes the session the manager's: see auth.elevate).
 */
export function openManagerArea(services: Services, section: ManagerSectionKey = 'shift'): void {
  const { session, ui, shift } = services;
  const state = session.getState();
  if (state.phase !== 'ready' || !state.staff || shift.getState().closedReport !== null) return;
  if (isManager(state.staff)) ui.getState().showManager(section);
  else ui.getState().setManagerDoor(section);
}

/** A manager typed their PIN at a cashier's till: the Manager area opens as theirs. */
export async function enterWithManagerPin(services: Services, pin: string): Promise<Result<StaffSession>> {
  const { api, session, ui } = services;
  const cashier = session.getState().staff;
  const section = ui.getState().managerDoor ?? 'shift';
  const result = await api.invoke('auth.elevate', { pin });
  if (result.ok) {
    session.setState({ staff: result.data });
    ui.getState().showManager(section);
    ui.getState().setElevatedFrom(cashier);
  }
  return result;
}

/**
 * Back to the till: the sale in progress is as it was left (the core keeps it per staff member).
 * On a cashier's till opened with a manager's PIN, the session is the cashier's again first.
 */
export async function leaveManagerArea(services: Services): Promise<AppErrorData | null> {
  const { api, session, ui } = services;
  if (ui.getState().elevatedFrom) {
    const result = await api.invoke('auth.endElevation', {});
    if (!result.ok) return result.error;
    if (!result.data.staff) {
      // the cashier was deactivated meanwhile: nobody to go back to
      ui.getState().setArea('till');
      session.getState().sessionLost();
      return null;
    }
    session.setState({ staff: result.data.staff });
  }
  ui.getState().setArea('till');
  return null;
}

/** The till works with the settings just saved (prices, rounding, the receipt) without a new login. */
export function settingsSaved(services: Services, settings: Settings): void {
  services.session.setState({ settings, storeName: settings.storeName, currency: settings.currency });
}
