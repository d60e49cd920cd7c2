import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import type { CoreApi, CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// The Manager area's lists against a real core: deleting a category or a tax class (asked once
// more; one in use is refused in the core's words), the loyalty exclusions of Settings (categories
// ticked, products searched and taken off again), and reorder levels on the low-stock list.

const TEA = catalogItem('p1', 'Green Tea', 250, 2000, { barcodes: ['4006381333931'], stockOnHand: 40 });
const SOAP = catalogItem('p2', 'Olive Soap', 399, 2000, { stockOnHand: 3 });

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function managerTill(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: [TEA, SOAP], staff: 'manager', ...options });
  opened.push(rendered.api);
  return rendered;
}

function audited(api: CoreApi, action: string): { entity: string | null }[] {
  return api.terminal.sqlite.prepare('SELECT entity_id AS entity FROM audit_log WHERE action = ?').all(action) as {
    entity: string | null;
  }[];
}

/** Put a product in a category (the fixture's products have none). */
function moveTo(api: CoreApi, product: typeof TEA, categoryId: string) {
  api.call('catalog.upsertProduct', {
    id: product.id,
    sku: product.sku,
    name: product.name,
    priceMinor: product.priceMinor,
    taxClassId: product.taxClassId,
    categoryId,
    barcodes: product.barcodes,
  });
}

describe('deleting categories and tax classes', () => {
  it('asks once more (Keep has the focus, Escape keeps), deletes an unused category, and says why one in use cannot go', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    const drinks = api.call('catalog.upsertCategory', { name: 'Drinks' });
    const frozen = api.call('catalog.upsertCategory', { name: 'Frozen' });
    moveTo(api, TEA, drinks.id);
    services.ui.getState().showManager('categories');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const list = await within(area).findByRole('list', { name: 'Categories' });

    await user.click(within(list).getByRole('button', { name: 'Delete Frozen' }));
    let question = within(list).getByRole('group', { name: 'Delete Frozen?' });
    await waitFor(() => expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep' })));
    await user.keyboard('{Escape}');
    expect(within(list).queryByRole('group')).toBeNull();
    expect(services.ui.getState().area).toBe('manager');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Frozen'));
    expect(api.callsTo('catalog.deleteCategory')).toHaveLength(0);

    await user.click(within(list).getByRole('button', { name: 'Delete Frozen' }));
    question = within(list).getByRole('group', { name: 'Delete Frozen?' });
    await user.click(within(question).getByRole('button', { name: 'Yes, delete' }));
    expect(await within(area).findByText('Deleted “Frozen”.')).toBeTruthy();
    await waitFor(() => expect(within(list).queryByRole('button', { name: /Frozen/ })).toBeNull());
    expect(api.call('catalog.categories', {}).map((c) => c.name)).toEqual(['Drinks']);
    expect(audited(api, 'category.delete')).toEqual([{ entity: frozen.id }]);

    // in use: the core's words under the row, and nothing goes
    await user.click(within(list).getByRole('button', { name: 'Delete Drinks' }));
    await user.click(within(list).getByRole('button', { name: 'Yes, delete' }));
    const refusal = await within(list).findByRole('alert');
    expect(refusal.textContent).toBe('!1 product is in “Drinks”: move it to another category first.');
    expect(within(list).getByText('cannot be deleted.', { exact: false })).toBeTruthy();
    expect(within(list).queryByRole('button', { name: 'Yes, delete' })).toBeNull();
    await user.click(within(list).getByRole('button', { name: 'OK' }));
    expect(within(list).queryByRole('alert')).toBeNull();
    expect(api.call('catalog.categories', {}).map((c) => c.name)).toEqual(['Drinks']);
  });

  it('deletes an unused tax class and refuses one products are taxed at, in words', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    const spare = api.call('catalog.upsertTaxClass', { name: 'Super reduced', rateBp: 210 });
    services.ui.getState().showManager('taxClasses');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const list = await within(area).findByRole('list', { name: 'Tax classes' });

    // the fixture's products are all taxed at "VAT 20 %"
    await user.click(within(list).getByRole('button', { name: 'Delete VAT 20 %' }));
    await user.click(within(list).getByRole('button', { name: 'Yes, delete' }));
    expect((await within(list).findByRole('alert')).textContent).toContain(
      '2 products are taxed at “VAT 20 %”: give them another tax class first.',
    );
    await waitFor(() => expect(document.activeElement?.textContent).toBe('OK'));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(within(list).queryByRole('alert')).toBeNull());

    await user.click(within(list).getByRole('button', { name: 'Delete Super reduced' }));
    await user.click(within(list).getByRole('button', { name: 'Yes, delete' }));
    expect(await within(area).findByText('Deleted “Super reduced”.')).toBeTruthy();
    expect(api.call('catalog.taxClasses', {}).map((t) => t.id)).not.toContain(spare.id);
    expect(audited(api, 'taxClass.delete')).toEqual([{ entity: spare.id }]);
  });
});

describe('the loyalty exclusions of Settings', () => {
  it('ticks a category, adds a product by search and takes it off again; only the lists that changed are sent', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    const tobacco = api.call('catalog.upsertCategory', { name: 'Tobacco' });
    api.call('catalog.upsertCategory', { name: 'Gift cards' });
    services.ui.getState().showManager('settings');
    const area = await screen.findByRole('main', { name: 'Manager area' });

    const categories = await within(area).findByRole('group', { name: 'Categories that earn no points' });
    await user.click(await within(categories).findByRole('checkbox', { name: 'Tobacco' }));
    const products = within(area).getByRole('group', { name: 'Products that earn no points' });
    expect(within(products).getByText('None: every product earns points.')).toBeTruthy();
    await user.type(within(products).getByRole('combobox', { name: 'Add a product' }), 'olive');
    await within(products).findByRole('option', { name: /Olive Soap/ });
    await user.keyboard('{Enter}');
    const chips = await within(products).findByRole('list', { name: 'Products that earn no points' });
    expect(within(chips).getByText('Olive Soap')).toBeTruthy();
    // Enter picked the product: the form was not sent
    expect(api.callsTo('settings.update')).toHaveLength(0);
    await user.click(within(area).getByRole('button', { name: /Save settings/ }));
    expect(await within(area).findByText(/Saved 2 changes/)).toBeTruthy();
    expect(api.callsTo('settings.update').at(-1)).toEqual({
      loyalty: { excludedCategoryIds: [tobacco.id], excludedProductIds: [SOAP.id] },
    });
    expect(api.call('settings.get', {}).loyalty).toMatchObject({ excludedCategoryIds: [tobacco.id], excludedProductIds: [SOAP.id] });

    // the names come back from the core's ids; × takes a product off
    await user.click(within(products).getByRole('button', { name: 'Take Olive Soap off the list' }));
    expect(within(products).getByText('None: every product earns points.')).toBeTruthy();
    await user.click(within(area).getByRole('button', { name: /Save settings/ }));
    expect(await within(area).findByText(/Saved 1 change\./)).toBeTruthy();
    expect(api.callsTo('settings.update').at(-1)).toEqual({ loyalty: { excludedProductIds: [] } });
    expect(api.call('settings.get', {}).loyalty.excludedCategoryIds).toEqual([tobacco.id]);
  });

  it('shows the points expiry (0 = never) even when the core does not answer it yet, and sends it only when changed', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    // from now on, the settings as a core without the rule answers them
    api.handlers['settings.get'] = async () => {
      // a copy: what the router answers may be the core's own (cached) object
      const result = JSON.parse(JSON.stringify(await api.terminal.router.invokeAsync('settings.get', {}, api.session))) as Result<
        ChannelOutput<'settings.get'>
      >;
      if (result.ok) delete (result.data.loyalty as Partial<typeof result.data.loyalty>).pointsExpireAfterMonths;
      return result;
    };
    services.ui.getState().showManager('settings');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const expiry = (await within(area).findByLabelText('Points expire after (months, 0 = never)')) as HTMLInputElement;
    expect(expiry.value).toBe('0');
    await user.clear(expiry);
    await user.type(expiry, '121{Enter}');
    expect(await within(area).findByText('The months before points expire is a whole number from 0 to 120.')).toBeTruthy();
    expect(api.callsTo('settings.update')).toHaveLength(0);
    await user.clear(expiry);
    await user.type(expiry, '0');
    await user.click(within(area).getByRole('button', { name: /Save settings/ }));
    expect(await within(area).findByText('Nothing to save: no setting was changed.')).toBeTruthy();
  });
});

describe('the points expiry', () => {
  it('is saved as a whole number of months', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    services.ui.getState().showManager('settings');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const expiry = (await within(area).findByLabelText('Points expire after (months, 0 = never)')) as HTMLInputElement;
    expect(expiry.value).toBe('0');
    await user.clear(expiry);
    await user.type(expiry, '18{Enter}');
    expect(await within(area).findByText(/Saved 1 change\./)).toBeTruthy();
    expect(api.callsTo('settings.update').at(-1)).toEqual({ loyalty: { pointsExpireAfterMonths: 18 } });
    expect(api.call('settings.get', {}).loyalty).toMatchObject({ pointsExpireAfterMonths: 18 });
  });
});

describe('reorder levels', () => {
  it('changes a low-stock row’s level in place (Escape gives up), and sets any product’s level found by search', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerTill();
    services.ui.getState().showManager('stock');
    const area = await screen.findByRole('main', { name: 'Manager area' });
    const table = await within(area).findByRole('table', { name: 'Low stock' });
    const row = await within(table).findByRole('row', { name: /Olive Soap/ });
    expect(row.textContent).toContain('5 (default)');

    await user.click(within(row).getByRole('button', { name: 'Change the reorder level of Olive Soap' }));
    const level = within(row).getByLabelText('Reorder level of Olive Soap (pieces)') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(level));
    await user.type(level, 'lots{Enter}');
    expect(within(row).getByText('Type the level in pieces, such as 12 — or leave it empty for none.')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(within(row).queryByRole('textbox')).toBeNull();
    expect(services.ui.getState().area).toBe('manager');
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Change the reorder level of Olive Soap'));

    await user.keyboard('{Enter}');
    await user.type(within(row).getByLabelText('Reorder level of Olive Soap (pieces)'), '12{Enter}');
    expect(await within(area).findByText('Saved. Olive Soap is listed when 12 or fewer are left.')).toBeTruthy();
    await waitFor(() => expect(within(row).getAllByRole('cell')[1]?.textContent).toBe('12Change'));
    expect(within(row).queryByRole('textbox')).toBeNull();
    expect(api.call('stock.low', { threshold: 0 }).items.map((i) => [i.name, i.reorderLevel])).toEqual([['Olive Soap', 12]]);
    expect(audited(api, 'stock.setReorderLevel')).toEqual([{ entity: SOAP.id }]);

    // a product above the list: found by search, its level typed
    await user.click(within(area).getByRole('button', { name: 'Set a reorder level…' }));
    const picker = within(area).getByRole('combobox', { name: 'Set the reorder level of' });
    await waitFor(() => expect(document.activeElement).toBe(picker));
    await user.type(picker, 'green');
    await within(area).findByRole('option', { name: /Green Tea/ });
    await user.keyboard('{Enter}');
    const form = await within(area).findByRole('form', { name: 'Reorder level of Green Tea' });
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Reorder level (pieces)')));
    await user.keyboard('45{Enter}');
    expect(await within(area).findByText('Saved. Green Tea is listed when 45 or fewer are left.')).toBeTruthy();
    const tea = api.terminal.sqlite.prepare('SELECT reorder_level AS level FROM products WHERE id = ?').get(TEA.id) as { level: number };
    expect(tea.level).toBe(45);
    // Escape closes the panel, back on its button; the next one leaves for the till
    await user.keyboard('{Escape}');
    await waitFor(() => expect(within(area).queryByRole('combobox', { name: 'Set the reorder level of' })).toBeNull());
    expect(document.activeElement?.textContent).toBe('Set a reorder level…');
  });
});
