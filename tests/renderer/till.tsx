import { render, screen } from '@testing-library/react';
import { DEFAULT_SETTINGS } from '../../electron/core/features/setup/settings';
import { App } from '../../src/renderer/App';
import { createServices } from '../../src/renderer/services';
import type { Product } from '../../src/renderer/stores/cart';
import type { Settings } from '../../src/renderer/stores/session';
import type { ChannelOutput } from '../../src/shared/contract';
import { type CoreApiOptions, createCoreApi } from './coreApi';
import { createFakeApi, type FakeHandlers, ok, openShift } from './fakeApi';

export function settingsWith(patch: Partial<Settings> = {}): Settings {
  return {
    storeName: 'Corner Shop',
    terminalId: 'T1',
    currency: 'EUR',
    timeZone: 'UTC',
    pricesIncludeTax: true,
    taxRounding: 'line',
    cashRoundingStep: 1,
    cashierDiscountLimitBp: 1000,
    allowNegativeStock: false,
    outOfStock: 'manager',
    removalApproval: 'errorCorrect',
    blindCashUp: true,
    sound: { volume: 60, muted: false },
    touchKeypad: 'auto',
    receiptHeader: '',
    receiptFooter: '',
    printer: { kind: 'none' },
    scaleLabelPrefixes: [],
    noSaleNeedsApproval: false,
    loyalty: DEFAULT_SETTINGS.loyalty,
    backup: DEFAULT_SETTINGS.backup,
    ...patch,
  };
}

export function catalogItem(id: string, name: string, priceMinor: number, taxRateBp = 2000, extra: Partial<Product> = {}): Product {
  return {
    id,
    sku: `SKU-${id}`,
    name,
    priceMinor,
    taxClassId: `tax-${taxRateBp}`,
    taxRateBp,
    categoryId: null,
    categoryName: null,
    active: true,
    tracksStock: true,
    stockOnHand: 50,
    soldByWeight: false,
    barcodes: [],
    updatedAt: 0,
    ...extra,
  };
}

type Staff = ChannelOutput<'auth.login'>;
export const CASHIER: Staff = { id: 's1', name: 'Ada Lovelace', roles: ['cashier'] };
export const MANAGER: Staff = { id: 'm1', name: 'Mara Manager', roles: ['manager', 'cashier'] };

/** The whole app, logged in with an open shift (unless told otherwise), against a fake api. */
export async function renderTill(
  handlers: FakeHandlers = {},
  options: { settings?: Settings; staff?: Staff; shift?: ChannelOutput<'shift.current'> } = {},
) {
  const api = createFakeApi({
    'setup.status': () => ok({ needsSetup: false, storeName: 'Corner Shop', currency: 'EUR' }),
    'auth.whoami': () => ok({ staff: options.staff ?? CASHIER, operator: false }),
    'settings.get': () => ok(options.settings ?? settingsWith()),
    'shift.current': () => ok(options.shift === undefined ? openShift : options.shift),
    'catalog.categories': () => ok([]),
    'catalog.search': () => ok({ items: [], nextCursor: null }),
    'receipt.render': (input) => ok({ html: `<p>receipt ${input.saleId}</p>`, escposBase64: null }),
    'receipt.kickDrawer': () => ok({ kicked: true }),
    ...handlers,
  });
  const services = createServices(api);
  render(<App services={services} />);
  await services.session.getState().start();
  if ((options.shift === undefined ? openShift : options.shift) !== null) await screen.findByRole('combobox', { name: /Search products/ });
  return { api, services };
}

/**
 * The whole app in front of a real core (see coreApi.ts): a terminal on a temporary SQLite file
 * with this catalogue and settings, the cashier (or manager) logged in, a shift open unless told
 * otherwise. `handlers` answer the channels a test fakes (a printer, a fault) instead of the core.
 * Close it with `till.api.close()` (afterEach).
 */
export async function renderCoreTill(options: CoreApiOptions = {}) {
  const api = await createCoreApi(options);
  const services = createServices(api);
  render(<App services={services} />);
  await services.session.getState().start();
  const ownShift = !options.shiftBy || options.shiftBy === (options.staff ?? 'cashier');
  if (options.staff !== 'nobody' && options.openShift !== false && ownShift)
    await screen.findByRole('combobox', { name: /Search products/ });
  return { api, services };
}
