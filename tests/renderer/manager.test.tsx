import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerEntry } from '../../src/renderer/manager/ManagerEntry';
import { createServices } from '../../src/renderer/services';
import { type Services, ServicesProvider } from '../../src/renderer/stores/context';
import type { MenuSection, NavigationBridge } from '../../src/shared/navigation';
import { CORE_MANAGER_PIN, type CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// The Manager area against a real core: its navigation, the way in from a cashier's till (a
// manager's PIN), products, settings and staff — and the way back to the till with the sale as it was.

const TEA = catalogItem('p1', 'Green Tea', 250, 2000, { barcodes: ['4006381333931'] });
const SOAP = catalogItem('p2', 'Olive Soap', 399);

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function till(staff: 'manager' | 'cashier' = 'manager') {
  const rendered = await renderCoreTill({ catalogue: [TEA, SOAP], staff });
  opened.push(rendered.api);
  return rendered;
}

function audited(api: CoreApi, action: string): { actor: string | null; entity: string | null }[] {
  return api.terminal.sqlite.prepare('SELECT actor_staff_id AS actor, entity_id AS entity FROM audit_log WHERE action = ?').all(action) as {
    actor: string | null;
    entity: string | null;
  }[];
}

async function openSection(user: ReturnType<typeof userEvent.setup>, label: string) {
  const area = await screen.findByRole('main', { name: 'Manager area' });
  await user.click(
    within(within(area).getByRole('navigation', { name: 'Manager area' })).getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  return area;
}

describe('the Manager area', () => {
  it('edits a product’s price from its search, in the audit log, and Escape goes back to the till with the sale untouched', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    await services.cart.getState().addProduct(SOAP, 'list');
    const before = services.cart.getState().lines.map((l) => [l.productId, l.quantity]);
    expect(before).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    const area = await openSection(user, 'Products');
    const search = within(area).getByRole('combobox', { name: 'Search products' });
    await user.type(search, 'green');
    await within(area).findByText('1 product');
    await user.keyboard('{Enter}');
    const form = await within(area).findByRole('form', { name: 'Edit Green Tea' });
    const price = within(form).getByLabelText('Price (EUR)') as HTMLInputElement;
    await waitFor(() => expect(price.value).toBe('2.50'));

    await user.clear(price);
    await user.type(price, 'two euros{Enter}');
    expect(await within(form).findByText(/Type the price as an amount such as 2\.49/)).toBeTruthy();
    await user.clear(price);
    await user.type(price, '2.75{Enter}');
    expect(await within(form).findByText('Saved “Green Tea”.')).toBeTruthy();
    expect(api.call('catalog.get', { id: TEA.id }).priceMinor).toBe(275);
    expect(audited(api, 'product.update').some((row) => row.entity === TEA.id && row.actor === api.staffIds.manager)).toBe(true);

    // the first Escape closes the form, the next empties the search, the next leaves the area
    await user.keyboard('{Escape}');
    await waitFor(() => expect(within(area).queryByRole('form')).toBeNull());
    expect(document.activeElement).toBe(search);
    await user.keyboard('{Escape}');
    expect((search as HTMLInputElement).value).toBe('');
    await user.keyboard('{Escape}');
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(services.ui.getState().area).toBe('till');
    expect(services.cart.getState().lines.map((l) => [l.productId, l.quantity])).toEqual(before);
  });

  it('refuses a barcode with a wrong check digit in words, before asking the core', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    services.ui.getState().showManager('products');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    await user.click(within(area).getByRole('button', { name: 'New product' }));
    const form = await within(area).findByRole('form', { name: 'New product' });
    await user.type(within(form).getByLabelText('Name'), 'Rye Bread');
    await user.type(within(form).getByLabelText('SKU'), 'RYE-1');
    await user.type(within(form).getByLabelText('Price (EUR)'), '3.20');
    await user.type(within(form).getByLabelText('Barcodes'), '4006381333932{Enter}');
    expect(within(form).getByText(/wrong check digit for an EAN-13: it should end in 1/)).toBeTruthy();
    await user.clear(within(form).getByLabelText('Barcodes'));
    await user.type(within(form).getByLabelText('Barcodes'), '4006381333931{Enter}');
    await user.click(within(form).getByRole('button', { name: /Add product/ }));
    // the core names who holds that code already, next to the barcodes
    expect(await within(form).findByText(/already belongs to “Green Tea”/)).toBeTruthy();
    expect(api.callsTo('catalog.upsertProduct')).toHaveLength(1);
  });

  it('takes a product off sale and back', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    services.ui.getState().showManager('products');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    await user.type(within(area).getByRole('combobox', { name: 'Search products' }), 'soap');
    await within(area).findByText('1 product');
    await user.keyboard('{Enter}');
    const form = await within(area).findByRole('form', { name: 'Edit Olive Soap' });
    await user.click(await within(form).findByRole('button', { name: 'Take off sale' }));
    expect(await within(form).findByText(/is off sale/)).toBeTruthy();
    expect(api.call('catalog.get', { id: SOAP.id }).active).toBe(false);
    await user.click(within(form).getByRole('button', { name: 'Put back on sale' }));
    await waitFor(() => expect(api.call('catalog.get', { id: SOAP.id }).active).toBe(true));
  });

  it('saves a setting, shows a wrong one in words next to its field, and the till uses the new one at once', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    services.ui.getState().showManager('settings');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const limit = (await within(area).findByLabelText('Cashier discount limit (%)')) as HTMLInputElement;
    await user.clear(limit);
    await user.type(limit, 'lots{Enter}');
    expect(await within(area).findByText('The discount limit is a percentage from 0 to 100, such as 10.')).toBeTruthy();
    expect(api.callsTo('settings.update')).toHaveLength(0);

    await user.clear(limit);
    await user.type(limit, '12.5');
    const zone = within(area).getByLabelText('Time zone') as HTMLInputElement;
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus{Enter}');
    // the core's refusal, at its field
    const zoneError = await within(area).findByText(/A time zone is an IANA name/);
    expect(zone.getAttribute('aria-describedby')).toContain(zoneError.id);
    await user.clear(zone);
    await user.type(zone, 'Europe/Paris{Enter}');
    expect(await within(area).findByText(/Saved 2 changes/)).toBeTruthy();
    expect(api.call('settings.get', {})).toMatchObject({ cashierDiscountLimitBp: 1250, timeZone: 'Europe/Paris' });
    expect(api.callsTo('settings.update').at(-1)).toEqual({ cashierDiscountLimitBp: 1250, timeZone: 'Europe/Paris' });
    expect(services.session.getState().settings?.cashierDiscountLimitBp).toBe(1250);
    expect(audited(api, 'settings.update').length).toBeGreaterThan(0);
  });

  it('staff: adds a cashier, resets a PIN, deactivates — and a manager cannot deactivate themselves or drop their own role', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    services.ui.getState().showManager('staff');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const list = await within(area).findByRole('list', { name: 'Staff' });
    await user.click(await within(list).findByRole('button', { name: /Mara Manager/ }));
    let form = await within(area).findByRole('form', { name: 'Edit Mara Manager' });
    expect((within(form).getByLabelText('Manager') as HTMLInputElement).disabled).toBe(true);
    expect(within(form).queryByRole('button', { name: 'Deactivate' })).toBeNull();

    await user.click(within(area).getByRole('button', { name: 'Add a staff member' }));
    form = await within(area).findByRole('form', { name: 'New staff member' });
    await user.type(within(form).getByLabelText('Name'), 'Noor Newcomer');
    await user.type(within(form).getByLabelText('PIN'), '12{Enter}');
    expect(within(form).getByText('A PIN is 4 to 8 digits.')).toBeTruthy();
    await user.type(within(form).getByLabelText('PIN'), '34{Enter}');
    form = await within(area).findByRole('form', { name: 'Edit Noor Newcomer' });
    const noor = api.call('staff.list', {}).find((s) => s.name === 'Noor Newcomer');
    expect(noor?.roles).toEqual(['cashier']);

    await user.type(within(form).getByLabelText(/New PIN/), '5678{Enter}');
    expect(await within(form).findByText(/logs in with the new PIN/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Deactivate' }));
    expect(await within(form).findByText(/is deactivated/)).toBeTruthy();
    expect(api.call('staff.list', { includeInactive: true }).find((s) => s.id === noor?.id)?.active).toBe(false);
    expect(audited(api, 'staff.update').filter((row) => row.entity === noor?.id)).toHaveLength(2);
  });

  it('adds a category and a tax class', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('manager');
    services.ui.getState().showManager('categories');
    let area = await screen.findByRole('main', { name: 'Manager area' });
    await user.click(within(area).getByRole('button', { name: 'Add a category' }));
    let form = await within(area).findByRole('form', { name: 'New category' });
    await user.type(within(form).getByLabelText('Name'), 'Bakery{Enter}');
    await waitFor(() => expect(api.call('catalog.categories', {}).map((c) => c.name)).toContain('Bakery'));

    area = await openSection(user, 'Tax classes');
    await user.click(within(area).getByRole('button', { name: 'Add a tax class' }));
    form = await within(area).findByRole('form', { name: 'New tax class' });
    await user.type(within(form).getByLabelText('Name'), 'Reduced');
    await user.type(within(form).getByLabelText('Rate (%)'), 'five{Enter}');
    expect(within(form).getByText('Type the rate in percent, such as 20 or 5.5.')).toBeTruthy();
    await user.clear(within(form).getByLabelText('Rate (%)'));
    await user.type(within(form).getByLabelText('Rate (%)'), '5.5{Enter}');
    await waitFor(() => expect(api.call('catalog.taxClasses', {}).find((t) => t.name === 'Reduced')?.rateBp).toBe(550));
  });
});

describe('a cashier’s till', () => {
  it('opens the Manager area with a manager’s PIN; the core makes the session the manager’s, and back gives it to the cashier with the sale as it was', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('cashier');
    await services.cart.getState().addProduct(TEA, 'list');
    const lines = services.cart.getState().lines.map((l) => [l.productId, l.quantity]);

    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    const door = await screen.findByRole('dialog', { name: 'Manager area' });
    await user.keyboard('2468{Enter}');
    expect(await within(door).findByText(/not a manager's PIN/)).toBeTruthy();
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    const area = await screen.findByRole('main', { name: 'Manager area' });
    expect(within(area).getByText(/with a manager’s PIN on Ada Lovelace’s till/)).toBeTruthy();
    expect(services.session.getState().staff?.id).toBe(api.staffIds.manager);
    // the core decides: the window's session may list staff now
    expect((await api.invoke('staff.list', {})).ok).toBe(true);

    await user.click(within(area).getByRole('button', { name: 'Back to Ada Lovelace’s till' }));
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(services.session.getState().staff?.id).toBe(api.staffIds.cashier);
    expect((await api.invoke('staff.list', {})).ok).toBe(false);
    expect(services.cart.getState().lines.map((l) => [l.productId, l.quantity])).toEqual(lines);
    expect(audited(api, 'auth.elevate')).toEqual([{ actor: api.staffIds.cashier, entity: api.staffIds.manager }]);
  });

  it('Log out in the Manager area opened with a manager’s PIN: the session is the cashier’s again, whose sale is parked as usual', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('cashier');
    await services.cart.getState().addProduct(TEA, 'list');
    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    await screen.findByRole('dialog', { name: 'Manager area' });
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await screen.findByRole('main', { name: 'Manager area' });
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    // the cashier logs out: their sale is parked first, as always
    const dialog = await screen.findByRole('dialog', { name: 'Log out' });
    expect(services.session.getState().staff?.id).toBe(api.staffIds.cashier);
    expect(api.callsTo('auth.endElevation')).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: /Park/ }));
    expect(await screen.findByRole('heading', { name: /Who is working/ })).toBeTruthy();
    expect(api.call('sale.listParked', {}, api.manager)).toHaveLength(1);
  });

  it('a reload while the Manager area is open with a manager’s PIN gives the till back to the cashier, with the sale', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('cashier');
    await services.cart.getState().addProduct(TEA, 'list');
    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    await screen.findByRole('dialog', { name: 'Manager area' });
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await screen.findByRole('main', { name: 'Manager area' });
    expect(services.session.getState().staff?.id).toBe(api.staffIds.manager);
    // the page starts again over the same session (a reload): the core still has it elevated
    const reloaded = createServices(api);
    await reloaded.session.getState().start();
    expect(reloaded.session.getState().staff?.id).toBe(api.staffIds.cashier);
    expect(api.callsTo('auth.endElevation')).toHaveLength(1);
    expect((await api.invoke('staff.list', {})).ok).toBe(false);
    expect((await api.invoke('cart.current', {})).ok && (await api.invoke('cart.current', {}))).toMatchObject({
      data: { lines: [{ productId: TEA.id }] },
    });
  });

  it('Cancel (or Escape) on the PIN prompt leaves the till as it was', async () => {
    const user = userEvent.setup();
    const { api, services } = await till('cashier');
    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    await screen.findByRole('dialog', { name: 'Manager area' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(services.ui.getState().area).toBe('till');
    expect(api.callsTo('auth.elevate')).toHaveLength(0);
  });
});

describe('the application menu’s navigation', () => {
  it('opens the section the menu names; a manager goes straight there, a cashier is asked for a PIN first', async () => {
    const { services } = await till('manager');
    let listener: ((section: MenuSection) => void) | null = null;
    const bridge: NavigationBridge = {
      onNavigate(next) {
        listener = next;
        return () => {
          listener = null;
        };
      },
    };
    const extra = render(
      <ServicesProvider services={services as Services}>
        <ManagerEntry bridge={bridge} />
      </ServicesProvider>,
    );
    act(() => listener?.('staff'));
    expect(services.ui.getState()).toMatchObject({ area: 'manager', managerSection: 'staff' });
    // a key the renderer does not know is ignored
    act(() => listener?.('nowhere' as MenuSection));
    expect(services.ui.getState().managerSection).toBe('staff');
    extra.unmount();
    expect(listener).toBeNull();
  });
});
