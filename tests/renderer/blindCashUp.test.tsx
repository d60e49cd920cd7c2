import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreApi, CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p1', 'Tea', 250);
const HONEY = catalogItem('p2', 'Honey', 590);
const JAM = catalogItem('p3', 'Jam', 4390);

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** The till in front of a real core, after three cash sales: €52.30 on top of the €150.00 float. */
async function tillAfterSales(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: [TEA, HONEY, JAM], ...options });
  opened.push(rendered.api);
  for (const product of [TEA, HONEY, JAM]) {
    const sale = rendered.api.call('cart.addLine', { productId: product.id });
    rendered.api.call('sale.complete', {
      id: sale.id,
      payments: [{ method: 'cash', amountMinor: product.priceMinor, tenderedMinor: product.priceMinor }],
    });
  }
  return rendered;
}

/** Shift menu → Close shift, as the cashier does it. */
async function openCloseDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /Shift menu/ }));
  const menu = await screen.findByRole('dialog', { name: 'Shift' });
  // the menu on the way says nothing of what the drawer should hold
  expect(menu.textContent).not.toContain('€202.30');
  expect(menu.textContent).not.toContain('€52.30');
  await user.click(within(menu).getByRole('button', { name: /Close shift/ }));
  return screen.findByRole('dialog', { name: 'Close the shift' });
}

/** €202.00 in the drawer: two €100 notes and one €2 coin (the till expects €202.30). */
async function countDrawer(user: ReturnType<typeof userEvent.setup>, close: HTMLElement) {
  await user.type(within(close).getByLabelText('€100 notes, count'), '2');
  await user.click(within(close).getByRole('button', { name: 'One more €2' }));
}

/** A figure of the Z report screen, by its label. */
const zFigure = (label: string) => screen.getByText(label, { selector: '.zreport-figures dt' }).nextElementSibling?.textContent;

describe('blind cash-up (the default)', () => {
  it('the cashier counts without seeing the expected cash; expected, counted and over/short come after the count is confirmed', async () => {
    const user = userEvent.setup();
    const { api } = await tillAfterSales();
    expect(api.call('settings.get', {}).blindCashUp).toBe(true);
    const shiftId = api.call('shift.current', {})?.id;
    const close = await openCloseDialog(user);

    // only what was counted: no expected cash, no over/short, none of the figures that add up to it
    const hidden = () => {
      expect(within(close).queryByTestId('expected-cash')).toBeNull();
      expect(within(close).queryByTestId('over-short')).toBeNull();
      for (const word of ['Expected', 'Over', 'Short', 'Cash sales', 'Opening float', '€202.30', '€52.30', '€0.30']) {
        expect(close.textContent).not.toContain(word);
      }
    };
    expect(within(close).getByTestId('counted-cash').textContent).toBe('€0.00');
    expect(within(close).getByTestId('blind-note').textContent).toContain('shown once you confirm the count');
    hidden();
    // not even read: the window holds no expected amount before the count is confirmed
    expect(api.callsTo('shift.xReport')).toEqual([]);

    await countDrawer(user, close);
    expect(within(close).getByTestId('counted-cash').textContent).toBe('€202.00');
    hidden();

    // the confirmation names the count only; going back to it reveals nothing either
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    const confirm = within(close).getByRole('region', { name: 'Confirm closing' });
    expect(confirm.textContent).toContain('Close the shift with €202.00 counted?');
    hidden();
    await user.click(within(confirm).getByRole('button', { name: 'Back to counting' }));
    await user.click(within(close).getByRole('button', { name: 'One more €2' }));
    await user.clear(within(close).getByLabelText('€2 coins, count'));
    await user.type(within(close).getByLabelText('€2 coins, count'), '1');
    expect(within(close).getByTestId('counted-cash').textContent).toBe('€202.00');
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    expect(api.callsTo('shift.close')).toEqual([]);
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));

    expect(api.callsTo('shift.close')).toEqual([
      {
        counted: [
          { denominationMinor: 10000, count: 2 },
          { denominationMinor: 200, count: 1 },
        ],
      },
    ]);
    expect(api.callsTo('shift.xReport')).toEqual([]);
    // now the result: expected, counted and over/short, as the core computed them
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(zFigure('Expected cash')).toBe('€202.30');
    expect(zFigure('Counted cash')).toBe('€202.00');
    expect(screen.getByTestId('z-over-short').textContent).toBe('Short €0.30');
    expect(api.call('shift.zReport', { zNumber: 1 })).toMatchObject({
      shiftId,
      expectedCashMinor: 20230,
      countedCashMinor: 20200,
      overShortMinor: -30,
    });
  });

  it('applies to a manager too: one setting for everyone', async () => {
    const user = userEvent.setup();
    const { api } = await tillAfterSales({ staff: 'manager' });
    const close = await openCloseDialog(user);
    expect(within(close).queryByTestId('expected-cash')).toBeNull();
    expect(close.textContent).not.toContain('€202.30');
    await countDrawer(user, close);
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(zFigure('Expected cash')).toBe('€202.30');
    expect(screen.getByTestId('z-over-short').textContent).toBe('Short €0.30');
    expect(api.callsTo('shift.xReport')).toEqual([]);
  });
});

describe('cash-up with the expected cash shown (blindCashUp: false)', () => {
  it('shows the expected cash and the over/short beside the count, before confirming', async () => {
    const user = userEvent.setup();
    const { api } = await tillAfterSales({ settings: { blindCashUp: false } });
    const close = await openCloseDialog(user);
    expect((await within(close).findByTestId('expected-cash')).textContent).toBe('€202.30');
    expect(within(close).queryByTestId('blind-note')).toBeNull();
    expect(api.callsTo('shift.xReport')).toEqual([{}]);
    await countDrawer(user, close);
    expect(within(close).getByTestId('over-short').textContent).toBe('Short €0.30');
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    expect(within(close).getByRole('region', { name: 'Confirm closing' }).textContent).toContain(
      'Close the shift with €202.00 counted (short €0.30)?',
    );
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(screen.getByTestId('z-over-short').textContent).toBe('Short €0.30');
  });
});
