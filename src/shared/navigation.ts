// Where the desktop app's menu can take the window: the sections of the Manager area it opens.
// The main process sends one of these keys; the preload passes on only a key of this form; the
// renderer shows the section of that key (and ignores one it does not know).

/** The Manager area's sections the application menu opens, in menu order. */
export const MENU_SECTIONS = [
  'backups',
  'export',
  'import',
  'reports',
  'products',
  'categories',
  'taxClasses',
  'staff',
  'settings',
] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

/** The IPC message name of a navigation request from the application menu (main → window). */
export const NAVIGATE_MESSAGE = 'ringup:navigate';

/** Whether `value` is a key of a section the menu may ask for. */
export function isMenuSection(value: unknown): value is MenuSection {
  return typeof value === 'string' && (MENU_SECTIONS as readonly string[]).includes(value);
}

/** What the preload exposes as `window.ringupNavigation`: one listener for the menu's navigation, nothing else. */
export interface NavigationBridge {
  /** Call `listener` with each section the application menu asks for; returns the way to stop listening. */
  onNavigate(listener: (section: MenuSection) => void): () => void;
}
