import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { MENU_SECTIONS, type MenuSection, NAVIGATE_MESSAGE } from '../../src/shared/navigation';

const LABELS: Record<MenuSection, string> = {
  products: 'Products',
  categories: 'Categories',
  taxClasses: 'Tax classes',
  staff: 'Staff',
  settings: 'Settings',
};

/**
 * The Manager menu of the application menu: one item per Manager area section that exists. Each
 * sends the window the same navigation as the area's own buttons; the page decides (a cashier's
 * till asks for a manager's PIN first, and the core checks the role on every call anyway).
 */
export function managerMenu(navigate: (section: MenuSection) => void): MenuItemConstructorOptions {
  return {
    label: 'Manager',
    submenu: MENU_SECTIONS.map((section) => ({ label: LABELS[section], click: () => navigate(section) })),
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
