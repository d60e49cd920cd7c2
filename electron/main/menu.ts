import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { type MenuSection, NAVIGATE_MESSAGE } from '../../src/shared/navigation';

// the menu: Back up now, Restore…, Export…, Import products…, Reports, Products, Staff, Settings
// (both backup items open the Backups section, where "Back up now" and each backup's Restore… are)
const ITEMS: readonly ({ label: string; section: MenuSection } | 'separator')[] = [
  { label: 'Back up now', section: 'backups' },
  { label: 'Restore…', section: 'backups' },
  { label: 'Export…', section: 'export' },
  { label: 'Import products…', section: 'import' },
  'separator',
  { label: 'Reports', section: 'reports' },
  'separator',
  { label: 'Products', section: 'products' },
  { label: 'Categories', section: 'categories' },
  { label: 'Tax classes', section: 'taxClasses' },
  { label: 'Staff', section: 'staff' },
  { label: 'Settings', section: 'settings' },
];

/**
 * The Manager menu of the application menu: one item per Manager area section that exists. Each
 * sends the window the same navigation as the area's own buttons; the page decides (a cashier's
 * till asks for a manager's PIN first, and the core checks the role on every call anyway).
 */
export function managerMenu(navigate: (section: MenuSection) => void): MenuItemConstructorOptions {
  return {
    label: 'Manager',
    submenu: ITEMS.map((item) =>
      item === 'separator' ? { type: 'separator' as const } : { label: item.label, click: () => navigate(item.section) },
    ),
  };
}

/** Send one navigation to the window's page (nothing when the window is gone). True when it was sent. */
export function sendNavigation(window: Pick<BrowserWindow, 'isDestroyed' | 'webContents'> | null, section: MenuSection): boolean {
  if (!window || window.isDestroyed()) return false;
  window.webContents.send(NAVIGATE_MESSAGE, section);
  return true;
}

/** The application menu with the Manager menu after Edit (File/Ringup, Edit, Manager, View). */
export function withManagerMenu(template: MenuItemConstructorOptions[], manager: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  const edit = template.findIndex((item) => item.label === 'Edit');
  const at = edit >= 0 ? edit + 1 : template.length;
  return [...template.slice(0, at), manager, ...template.slice(at)];
}
