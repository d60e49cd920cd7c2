import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreApi, CoreApiOptions } from './coreApi';
import { CORE_MANAGER_PIN } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// Stock is answered at the scan: the core says "Only 0 left of …", and the store's outOfStock
// setting decides whether the cashier sells anyway, a manager approves, or it cannot be sold.

const SOAP = catalogItem('soap', 'Olive Soap', 275, 2000, { stockOnHand: 0, barcodes: ['4000000000013'] });

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function till(options: CoreApiOptions) {
  const rendered = await renderCoreTill({ catalogue: [SOAP], ...options });
  opened.push(rendered.api);
  return rendered;
}

const held = (api: CoreApi) => api.call('cart.current', {})?.lines.map((line) => [line.productId, line.quantity]) ?? [];
const oversells = (api: CoreApi) =>
  api.terminal.sqlite.prepare("SELECT approver_staff_id AS approver FROM audit_log WHERE action = 'sale.oversell'").all() as {
    approver: string | null;
  }[];

describe('a scan beyond the stock count', () => {
  it('sell: the scan asks, “Sell anyway” puts it on the sale (recorded), “Don’t add” leaves it off', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ settings: { outOfStock: 'sell' } });
    await act(() => services.cart.getState().scan('4000000000013'));
    const dialog = await screen.findByRole('dialog', { name: 'Not in stock' });
    expect(within(dialog).getByRole('status').textContent).toBe('Only 0 left of “Olive Soap”: sell anyway?');
    await user.click(within(dialog).getByRole('button', { name: 'Don’t add' }));
    expect(held(api)).toEqual([]);

    await act(() => services.cart.getState().scan('4000000000013'));
    await user.click(within(await screen.findByRole('dialog', { name: 'Not in stock' })).getByRole('button', { name: 'Sell anyway' }));
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(held(api)).toEqual([['soap', 1]]);
    expect(oversells(api)).toEqual([{ approver: null }]);
  });

  it('manager: the scan asks for a manager’s PIN on the spot; approved, the line goes on and the approver is recorded', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ settings: { outOfStock: 'manager' } });
    await act(() => services.cart.getState().scan('4000000000013'));
    const dialog = await screen.findByRole('dialog', { name: 'Not in stock' });
    await user.click(within(dialog).getByRole('button', { name: 'Ask a manager' }));
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await act(async () => {});
    expect(held(api)).toEqual([['soap', 1]]);
    expect(oversells(api)).toEqual([{ approver: api.staffIds.manager }]);
  });

  it('refuse: the scan says so, and nothing goes on', async () => {
    const { api, services } = await till({ settings: { outOfStock: 'refuse' } });
    await act(() => services.cart.getState().scan('4000000000013'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(services.cart.getState().error?.message).toBe('Only 0 left of “Olive Soap”: it cannot be sold.');
    expect(held(api)).toEqual([]);
  });
});
