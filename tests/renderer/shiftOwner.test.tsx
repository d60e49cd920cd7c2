import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// A manager logging in on a cashier's open shift sees whose shift it is and chooses: sell on it
// (the core records it) or go to the Manager area. A cashier on a colleague's shift may sell on it
// or log out.

const TEA = catalogItem('p1', 'Tea', 250);

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function managerOnCashiersShift() {
  const rendered = await renderCoreTill({ catalogue: [TEA], staff: 'manager', shiftBy: 'cashier' });
  opened.push(rendered.api);
  return rendered;
}

const joins = (api: CoreApi) =>
  api.terminal.sqlite.prepare("SELECT actor_staff_id AS actor, entity_id AS shiftId FROM audit_log WHERE action = 'shift.join'").all() as {
    actor: string;
    shiftId: string;
  }[];

describe('a manager on a cashier’s open shift', () => {
  it('is told whose shift it is; “Sell on …” is recorded by the core and opens the till on that shift', async () => {
    const user = userEvent.setup();
    const { api } = await managerOnCashiersShift();
    const title = await screen.findByRole('heading', { name: 'Ada Lovelace’s shift is open on this till' });
    expect(title).toBeTruthy();
    expect(screen.getByText(/float of €150\.00/)).toBeTruthy();
    // nothing to sell yet, and no shift menu of someone else's shift
    expect(screen.queryByRole('combobox', { name: /Search products/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Shift menu/ })).toBeNull();
    const sell = screen.getByRole('button', { name: 'Sell on Ada Lovelace’s shift' });
    await waitFor(() => expect(document.activeElement).toBe(sell));
    expect(joins(api)).toHaveLength(0);

    await user.click(sell);
    await screen.findByRole('combobox', { name: /Search products/ });
    const shift = api.call('shift.current', {});
    expect(joins(api)).toEqual([{ actor: api.staffIds.manager, shiftId: shift?.id }]);
    expect(screen.getByRole('button', { name: /Ada Lovelace’s shift open since/ })).toBeTruthy();

    // a sale rung now is the manager's, on Ada's shift
    const sale = api.call('cart.addLine', { productId: TEA.id });
    api.call('sale.complete', { id: sale.id, payments: [{ method: 'card', amountMinor: 250 }] });
    expect(api.call('shift.xReport', {}).salesCount).toBe(1);
  });

  it('goes to the Manager area instead: the shift’s tasks, and the way back to the choice', async () => {
    const user = userEvent.setup();
    const { api } = await managerOnCashiersShift();
    await user.click(await screen.findByRole('button', { name: 'Manager area' }));
    const area = await screen.findByRole('main', { name: 'Manager area' });
    expect(within(area).getByText(/Ada Lovelace’s shift, open since/)).toBeTruthy();
    await user.click(within(area).getByRole('button', { name: /X report/ }));
    const x = await screen.findByRole('dialog', { name: /X report/ });
    expect(x).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(joins(api)).toHaveLength(0);
    await user.click(within(area).getByRole('button', { name: 'Back to Ada Lovelace’s shift' }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace’s shift is open on this till' })).toBeTruthy();
  });

  it('closes the cashier’s shift from the Manager area: the Z report follows, and the next shift is the manager’s own', async () => {
    const user = userEvent.setup();
    const { api } = await managerOnCashiersShift();
    await user.click(await screen.findByRole('button', { name: 'Manager area' }));
    await user.click(await screen.findByRole('button', { name: /Close the shift/ }));
    const close = await screen.findByRole('dialog', { name: 'Close the shift' });
    await user.type(within(close).getByLabelText('€100 notes, count'), '1');
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(api.call('shift.zReport', { zNumber: 1 })).toMatchObject({ openedBy: 'Ada Lovelace', countedCashMinor: 10000 });
    await user.click(screen.getByRole('button', { name: 'Open the next shift' }));
    expect(await screen.findByRole('heading', { name: 'Open the shift' })).toBeTruthy();
  });

  it('a shift closed meanwhile (another window) is not joined: the till reads what is open now', async () => {
    const user = userEvent.setup();
    const { api, services } = await managerOnCashiersShift();
    await screen.findByRole('heading', { name: /shift is open on this till/ });
    api.call('shift.close', { counted: [] });
    await user.click(screen.getByRole('button', { name: 'Sell on Ada Lovelace’s shift' }));
    // no shift now: the shift gate asks the manager for a float of their own
    expect(await screen.findByRole('heading', { name: 'Open the shift' })).toBeTruthy();
    expect(services.shift.getState().joinedShiftId).toBeNull();
    expect(joins(api)).toHaveLength(0);
  });
});

describe('a cashier on a colleague’s shift', () => {
  it('may sell on it or log out; there is no Manager area', async () => {
    const user = userEvent.setup();
    const rendered = await renderCoreTill({ catalogue: [TEA], staff: 'cashier', shiftBy: 'manager' });
    opened.push(rendered.api);
    expect(await screen.findByRole('heading', { name: 'Mara Manager’s shift is open on this till' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Manager area' })).toBeNull();
    expect(screen.getByText(/Mara Manager or a manager closes this one first/)).toBeTruthy();
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: /Who is working/ })).toBeTruthy();
    expect(joins(rendered.api)).toHaveLength(0);
  });
});

describe('a manager on their own shift', () => {
  it('sells straight away and reaches the Manager area from the top bar', async () => {
    const user = userEvent.setup();
    const rendered = await renderCoreTill({ catalogue: [TEA], staff: 'manager' });
    opened.push(rendered.api);
    await user.click(screen.getByRole('button', { name: 'Manager area' }));
    const area = await screen.findByRole('main', { name: 'Manager area' });
    await user.click(within(area).getByRole('button', { name: 'Back to the till' }));
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(joins(rendered.api)).toHaveLength(0);
  });
});
