// The channel names alone, without schemas: the sandboxed preload builds its API from this list
// (it must not bundle zod). contract/index.ts checks at compile time that both agree.
export const CHANNEL_NAMES = [
  'setup.status',
  'setup.createFirstManager',
  'settings.get',
  'settings.update',
  'auth.directory',
  'auth.login',
  'auth.logout',
  'auth.whoami',
  'staff.list',
  'staff.create',
  'staff.update',
  'catalog.search',
  'catalog.lookupBarcode',
  'catalog.get',
  'catalog.upsertProduct',
  'catalog.setActive',
  'catalog.categories',
  'catalog.taxClasses',
  'catalog.upsertCategory',
  'catalog.upsertTaxClass',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
