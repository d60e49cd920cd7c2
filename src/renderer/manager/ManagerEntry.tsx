import { useEffect } from 'react';
import { isMenuSection, type NavigationBridge } from '../../shared/navigation';
import { useServices } from '../stores/context';
import { openManagerArea } from './access';
import { ManagerDoor } from './ManagerDoor';

declare global {
  interface Window {
    /** Present only inside Electron: the application menu's navigation requests (see electron/main/menu.ts). */
    ringupNavigation?: NavigationBridge;
  }
}

/**
 * The ways into the Manager area that are not a button: the application menu of the desktop app
 * (Manager ▸ Products, Staff, Settings…), and the manager's PIN prompt a cashier's till shows.
 */
export function ManagerEntry({
  bridge = typeof window === 'undefined' ? undefined : window.ringupNavigation,
}: {
  bridge?: NavigationBridge | undefined;
}) {
  const services = useServices();
  useEffect(() => {
    if (!bridge) return;
    return bridge.onNavigate((section) => {
      // the preload passes only well-formed keys; a key this renderer does not know is ignored
      if (isMenuSection(section)) openManagerArea(services, section);
    });
  }, [bridge, services]);
  return <ManagerDoor />;
}
