import { describe, expect, it, vi } from 'vitest';
import { managerMenu, sendNavigation, withManagerMenu } from '../../electron/main/menu';
import { buildMenuTemplate } from '../../electron/main/window';
import { MENU_SECTIONS, NAVIGATE_MESSAGE } from '../../src/shared/navigation';

vi.mock('electron', () => ({}));

describe('the application menu’s Manager menu', () => {
  it('lists the issue’s items (Back up now, Restore…, Export…, Import products…, Reports, Products, Staff, Settings), each sending its navigation', () => {
    const navigate = vi.fn();
    const menu = managerMenu(navigate);
    expect(menu.label).toBe('Manager');
    const items = (menu.submenu as { label?: string; type?: string; click?(): void }[]).filter((item) => item.type !== 'separator');
    expect(items.map((item) => item.label)).toEqual([
      'Back up now',
      'Restore…',
      'Export…',
      'Import products…',
      'Reports',
      'Products',
      'Categories',
      'Tax classes',
      'Staff',
      'Settings',
    ]);
    for (const item of items) item.click?.();
    expect(navigate.mock.calls.map((call) => call[0])).toEqual(['backups', ...MENU_SECTIONS]);
    // (that every key is a Manager area section is checked by tsc: ManagerEntry opens it as a ManagerSectionKey)
  });

  it('sits after Edit in the application menu', () => {
    const template = withManagerMenu(
      buildMenuTemplate({ isDev: false, isMac: false }),
      managerMenu(() => {}),
    );
    expect(template.map((item) => item.label)).toEqual(['File', 'Edit', 'Manager', 'View']);
  });

  it('sends the navigation to the window’s page, and nothing once the window is gone', () => {
    const send = vi.fn();
    const window = { isDestroyed: () => false, webContents: { send } };
    expect(sendNavigation(window as never, 'staff')).toBe(true);
    expect(send).toHaveBeenCalledWith(NAVIGATE_MESSAGE, 'staff');
    expect(sendNavigation({ isDestroyed: () => true, webContents: { send } } as never, 'settings')).toBe(false);
    expect(sendNavigation(null, 'settings')).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
