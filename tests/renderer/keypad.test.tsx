// The on-screen numeric keypads of a touch till, against a real core: the cash given, the float, a
// price, a discount, a paid-in, the drawer count, a line's quantity, a receipt's number and the
// search box keyed by tap; what the core stored is what was tapped. The keys type over a selected
// value as the keyboard does, never take the focus, stay out of the Tab order, and show as the
// store's touchKeypad setting says ('auto': once the till has been touched).
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/barcode';
import { uuidv7 } from '../../src/shared/uuid';
import type { CoreApi, CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p1', 'Tea', 250, 2000, { barcodes: [withCheckDigit('400000000301')] });
const HONEY = catalogItem('p2', 'Honey', 419, 2000, { barcodes: [withCheckDigit('400000000302')] });
const APPLES = catalogItem('p3', 'Apples', 349, 2000, { soldByWeight: true, stockOnHand: 20_000 });
const CATALOGUE = [TEA, HONEY, APPLES];

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** The till in front of a real core, keypads on unless the test says otherwise. */
async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE, ...options, settings: { touchKeypad: 'on', ...options.settings } });
  opened.push(rendered.api);
  return rendered;
}

type User = ReturnType<typeof userEvent.setup>;

const search = () => screen.getByRole('combobox', { name: /Search products/ }) as HTMLInputElement;
const keypad = (name: string, within_: HTMLElement = document.body) => within(within_).getByRole('group', { name });
const keypads = () => screen.queryAllByRole('group', { name: /keypad$/i });

/** Tap the keys of `pad` one after the other: "12.5" is 1, 2, the decimal point, 5; named keys as they are. */
async function tap(user: User, pad: HTMLElement, ...keys: string[]) {
  for (const entry of keys) {
    const names = ['Backspace', 'Clear', 'Enter', 'Times', '00'].includes(entry) ? [entry] : Array.from(entry);
    for (const name of names) {
      await user.click(within(pad).getByRole('button', { name: name === '.' ? 'Decimal point' : name }));
    }
  }
}

/** A line on the sale as the till adds it (a scan's or a pick's path in the cart store). */
async function addToSale(services: Awaited<ReturnType<typeof till>>['services'], product = TEA) {
  await act(async () => {
    await services.cart.getState().addProduct(product, 'scan');
  });
}

/** A sale paid in cash straight at the core, as another window would make it. */
function soldBefore(api: CoreApi) {
  return api.call('sale.complete', {
    id: uuidv7(Date.now()),
    lines: [{ productId: HONEY.id, quantity: 1 }],
    payments: [{ method: 'cash', amountMinor: 419, tenderedMinor: 419 }],
  });
}

const held = (api: CoreApi) => api.call('cart.current', {})?.lines.map((line) => [line.name, line.quantity]) ?? [];

describe('the touchKeypad setting', () => {
  it('is “auto” until the store says otherwise; the core keeps “on” and “off” and refuses anything else', async () => {
    const { api } = await till({ settings: {} });
    api.call('settings.update', { touchKeypad: 'auto' }, api.manager);
    expect(api.call('settings.get', {}).touchKeypad).toBe('auto');
    expect(api.call('settings.update', { touchKeypad: 'off' }, api.manager).touchKeypad).toBe('off');
    expect(api.call('settings.get', {}).touchKeypad).toBe('off');
    expect(() => api.call('settings.update', { touchKeypad: 'sometimes' as 'on' }, api.manager)).toThrow(/VALIDATION/);
    expect(api.call('settings.get', {}).touchKeypad).toBe('off');
  });

  it('a terminal that never set it reads “auto”', async () => {
    const rendered = await renderCoreTill({ catalogue: CATALOGUE });
    opened.push(rendered.api);
    expect(rendered.api.call('settings.get', {}).touchKeypad).toBe('auto');
  });

  it('“off”: no keypad anywhere — not in the pay dialog, not by the search box, not even in the weighing dialog', async () => {
    const user = userEvent.setup();
    const { services } = await till({ settings: { touchKeypad: 'off' } });
    expect(screen.queryByRole('button', { name: 'Keypad' })).toBeNull();
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    expect(within(pay).getByLabelText('Cash given').getAttribute('inputmode')).toBe('decimal');
    expect(keypads()).toEqual([]);
    await user.keyboard('{Escape}');
    await act(async () => {
      await services.cart.getState().addProduct(APPLES, 'scan');
    });
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(keypads()).toEqual([]);
  });

  it('“on”: the keypads are there, and the system keyboard is kept away from the fields they type into', async () => {
    const { services } = await till();
    expect(screen.getByRole('button', { name: 'Keypad' }).getAttribute('aria-pressed')).toBe('false');
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    expect(keypad('Payment keypad', pay)).toBeTruthy();
    expect(within(pay).getByLabelText('Cash given').getAttribute('inputmode')).toBe('none');
  });
});

describe('amounts keyed on the keypad', () => {
  it('the cash given by keypad completes a cash sale with the right change, as the core stored it', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    const cash = within(pay).getByLabelText('Cash given') as HTMLInputElement;
    expect(document.activeElement).toBe(cash);
    const pad = keypad('Payment keypad', pay);
    await tap(user, pad, '5', '.', '00');
    expect(cash.value).toBe('5.00');
    // the keys never took the focus from the field they type into
    expect(document.activeElement).toBe(cash);
    expect(within(pay).getByTestId('change-due').textContent).toBe('€2.50');
    await tap(user, pad, 'Enter');

    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByTestId('receipt-change').textContent).toBe('€2.50');
    const [sale] = api.callsTo('sale.complete') as { id: string }[];
    const stored = api.call('sale.get', { id: sale?.id ?? '' });
    expect(stored.totalMinor).toBe(250);
    expect(stored.changeMinor).toBe(250);
    expect(stored.payments).toMatchObject([{ method: 'cash', amountMinor: 250, tenderedMinor: 500, changeMinor: 250 }]);
    const cashTender = api.call('shift.xReport', {}).tenders.find((tender) => tender.method === 'cash');
    expect(cashTender?.salesMinor).toBe(250);
  });

  it('the first key replaces the selected value; ⌫ takes one character, C all of it; a second point is not typed', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    const cash = within(pay).getByLabelText('Cash given') as HTMLInputElement;
    const pad = keypad('Payment keypad', pay);
    await tap(user, pad, '123.4');
    expect(cash.value).toBe('123.4');
    await tap(user, pad, '.');
    expect(cash.value).toBe('123.4');
    await tap(user, pad, 'Backspace');
    expect(cash.value).toBe('123.');
    await tap(user, pad, 'Clear');
    expect(cash.value).toBe('');
    // a point first is "0." (an amount needs its leading digit)
    await tap(user, pad, '.', '5');
    expect(cash.value).toBe('0.5');

    // selected, as the field is when it gets the focus: the next key types over it
    cash.setSelectionRange(0, cash.value.length);
    await tap(user, pad, '2');
    expect(cash.value).toBe('2');
    // a quick-cash amount takes the focus to Complete sale; the next key goes back to the field and types over it
    await user.click(within(pay).getByRole('button', { name: /€5\.00/ }));
    expect(cash.value).toBe('5.00');
    await tap(user, pad, '3');
    expect(cash.value).toBe('3');
    expect(document.activeElement).toBe(cash);
  });

  it('split: the keypad types into the field that last had the focus — the card’s part, then the cash', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await addToSale(services, HONEY);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    await user.click(within(pay).getByRole('button', { name: 'Card + cash' }));
    const card = within(pay).getByLabelText(/Paid by card/) as HTMLInputElement;
    expect(document.activeElement).toBe(card);
    const pad = keypad('Payment keypad', pay);
    await tap(user, pad, '2');
    expect(card.value).toBe('2');
    // Enter in the card's part goes on to the cash given, as the keyboard's does
    await tap(user, pad, 'Enter');
    const cash = within(pay).getByLabelText('Cash given') as HTMLInputElement;
    expect(document.activeElement).toBe(cash);
    await tap(user, pad, '5');
    expect([card.value, cash.value]).toEqual(['2', '5']);
    await tap(user, pad, 'Enter');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    const [sale] = api.callsTo('sale.complete') as { id: string }[];
    expect(api.call('sale.get', { id: sale?.id ?? '' }).payments).toMatchObject([
      { method: 'card', amountMinor: 200 },
      { method: 'cash', amountMinor: 219, tenderedMinor: 500, changeMinor: 281 },
    ]);
  });

  it('the float by keypad opens the shift with that float', async () => {
    const user = userEvent.setup();
    const { api } = await till({ openShift: false });
    await screen.findByRole('heading', { name: 'Open the shift' });
    const float = screen.getByLabelText('Cash float') as HTMLInputElement;
    const pad = keypad('Cash float keypad');
    await tap(user, pad, '120.5');
    expect(float.value).toBe('120.5');
    expect(screen.getByText('€120.50')).toBeTruthy();
    // Enter submits the form, as Enter in the field does
    await tap(user, pad, 'Enter');
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(api.call('shift.current', {})?.openingFloatMinor).toBe(12050);
  });

  it('the float counted note by note: the keypad types into the count that has the focus, and has no decimal point', async () => {
    const user = userEvent.setup();
    const { api } = await till({ openShift: false });
    await screen.findByRole('heading', { name: 'Open the shift' });
    await user.click(screen.getByRole('button', { name: 'Count notes and coins' }));
    const pad = keypad('Count keypad');
    expect(within(pad).queryByRole('button', { name: 'Decimal point' })).toBeNull();
    await user.click(screen.getByLabelText('€20 notes, count'));
    await tap(user, pad, '6');
    await user.click(screen.getByLabelText('€1 coins, count'));
    await tap(user, pad, '15', 'Backspace', '2');
    expect((screen.getByLabelText('€20 notes, count') as HTMLInputElement).value).toBe('6');
    expect((screen.getByLabelText('€1 coins, count') as HTMLInputElement).value).toBe('12');
    await tap(user, pad, 'Enter');
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(api.call('shift.current', {})?.openingFloatMinor).toBe(13200);
  });

  it('a price override by keypad: the catalogue price, selected, is typed over', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ staff: 'manager' });
    await addToSale(services, HONEY);
    await user.click(screen.getByRole('button', { name: 'Price' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change price' });
    const field = within(dialog).getByLabelText('New price each') as HTMLInputElement;
    expect(field.value).toBe('4.19');
    const pad = keypad('New price each keypad', dialog);
    await tap(user, pad, '3.5');
    expect(field.value).toBe('3.5');
    await tap(user, pad, 'Enter');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Change price' })).toBeNull());
    expect(api.call('cart.current', {})?.lines).toMatchObject([{ name: 'Honey', unitPriceMinor: 350, listPriceMinor: 419 }]);
  });

  it('a discount by keypad, in percent and as an amount', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ staff: 'manager' });
    await addToSale(services, HONEY);
    fireEvent.keyDown(window, { key: 'F4' });
    const dialog = await screen.findByRole('dialog', { name: 'Discount' });
    await user.click(within(dialog).getByRole('button', { name: 'The whole sale' }));
    const pad = keypad('Discount keypad', dialog);
    await tap(user, pad, '7.5');
    expect((within(dialog).getByLabelText('Percent off') as HTMLInputElement).value).toBe('7.5');
    await tap(user, pad, 'Enter');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Discount' })).toBeNull());
    expect(api.call('cart.current', {})?.cartDiscount).toEqual({ kind: 'percent', bp: 750 });

    fireEvent.keyDown(window, { key: 'F4' });
    const again = await screen.findByRole('dialog', { name: 'Discount' });
    await user.click(within(again).getByRole('button', { name: 'Amount' }));
    await tap(user, keypad('Discount keypad', again), '1', 'Enter');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Discount' })).toBeNull());
    expect(api.call('cart.current', {})?.lines[0]?.discount).toEqual({ kind: 'amount', minor: 100 });
  });

  it('a paid-in by keypad: Enter goes on to the reason, as in the field', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Paid in/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Paid in' });
    await tap(user, keypad('Amount keypad', dialog), '20', 'Enter');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Reason'));
    // typed as a person types (a burst of keys ending in Enter would be a barcode scan)
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Change from the bank' } });
    await user.keyboard('{Enter}');
    await within(dialog).findByText('€20.00 paid in. Put it in the drawer.');
    expect(api.call('shift.xReport', {}).paidInMinor).toBe(2000);
  });

  it('the drawer count at close: the count that has the focus gets the keys; Enter goes on to the next count', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Close shift/ }));
    const close = await screen.findByRole('dialog', { name: 'Close the shift' });
    const pad = keypad('Count keypad', close);
    expect(within(pad).queryByRole('button', { name: 'Decimal point' })).toBeNull();
    await user.click(within(close).getByLabelText('€50 notes, count'));
    await tap(user, pad, '3', 'Enter');
    // on to the €20 notes
    expect(document.activeElement).toBe(within(close).getByLabelText('€20 notes, count'));
    await tap(user, pad, '00', '2');
    expect(within(close).getByTestId('counted-cash').textContent).toBe('€190.00');
    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(api.call('shift.zReport', { zNumber: 1 }).countedCashMinor).toBe(19000);
  });

  it('a weight keyed on the weighing dialog’s keypad', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(APPLES, 'scan');
    });
    const weigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await tap(user, keypad('Weight keypad', weigh), '1.25', 'Enter');
    await waitFor(() => expect(held(api)).toEqual([['Apples', 1250]]));
  });
});

describe('numbers keyed on the keypad', () => {
  it('the line’s quantity: a tap into it opens its keypad, the keys type over it, Enter applies it and the search box has the focus', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await addToSale(services, TEA);
    await addToSale(services, HONEY);
    expect(screen.queryByRole('group', { name: /^Quantity of .* keypad$/ })).toBeNull();
    const quantity = screen.getByLabelText('Quantity of Tea') as HTMLInputElement;
    await user.click(quantity);
    const pad = keypad('Quantity of Tea keypad');
    expect(within(pad).queryByRole('button', { name: 'Decimal point' })).toBeNull();
    expect(quantity.getAttribute('inputmode')).toBe('none');
    await tap(user, pad, '12', 'Backspace', '4');
    expect(quantity.value).toBe('14');
    expect(document.activeElement).toBe(quantity);
    await tap(user, pad, 'Enter');
    await waitFor(() =>
      expect(held(api)).toEqual([
        ['Tea', 14],
        ['Honey', 1],
      ]),
    );
    expect(document.activeElement).toBe(search());
    // the field left, its keypad goes
    expect(screen.queryByRole('group', { name: 'Quantity of Tea keypad' })).toBeNull();
  });

  it('a receipt’s number by keypad finds the sale, for a refund and for a reprint', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const sale = soldBefore(api);
    fireEvent.keyDown(window, { key: 'F8' });
    const refund = await screen.findByRole('dialog', { name: 'Refund' });
    const pad = keypad('Receipt number keypad', refund);
    expect(within(pad).queryByRole('button', { name: 'Decimal point' })).toBeNull();
    await tap(user, pad, String(sale.receiptNo));
    expect((within(refund).getByLabelText('Receipt') as HTMLInputElement).value).toBe(String(sale.receiptNo));
    await tap(user, pad, 'Enter');
    await within(refund).findByText(`Receipt ${sale.receiptCode}`);
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Reprint a receipt/ }));
    const reprint = await screen.findByRole('dialog', { name: 'Reprint a receipt' });
    await tap(user, keypad('Receipt number keypad', reprint), String(sale.receiptNo), 'Enter');
    expect(await within(reprint).findByTitle(`Receipt ${sale.receiptCode}`)).toBeTruthy();
  });

  it('search by digits: the Keypad button opens a keypad on the search box; a barcode and Enter adds the product, `3 ×` first adds 3', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const toggle = screen.getByRole('button', { name: 'Keypad' });
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(search());
    const pad = keypad('Search keypad');
    await tap(user, pad, HONEY.barcodes[0] ?? '');
    expect(search().value).toBe(HONEY.barcodes[0]);
    await tap(user, pad, 'Enter');
    await waitFor(() => expect(held(api)).toEqual([['Honey', 1]]));
    await waitFor(() => expect(search().value).toBe(''));

    await tap(user, pad, '3', 'Times');
    expect(screen.getByTestId('multiplier').textContent).toContain('3 ×');
    await tap(user, pad, TEA.barcodes[0] ?? '', 'Enter');
    await waitFor(() =>
      expect(held(api)).toEqual([
        ['Honey', 1],
        ['Tea', 3],
      ]),
    );
    expect(document.activeElement).toBe(search());

    await user.click(toggle);
    expect(screen.queryByRole('group', { name: 'Search keypad' })).toBeNull();
  });

  it('a currency without minor units has no decimal point on the cash keypad', async () => {
    const { services } = await till({ settings: { currency: 'JPY' } });
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    const pad = keypad('Payment keypad', pay);
    expect(within(pad).queryByRole('button', { name: 'Decimal point' })).toBeNull();
    expect(within(pad).getByRole('button', { name: '00' })).toBeTruthy();
  });
});

describe('keyboard users', () => {
  /** Where Tab goes from the cash given, twelve times: the names of what gets the focus. */
  async function tabOrder(touchKeypad: 'on' | 'off') {
    const user = userEvent.setup();
    const { services } = await till({ settings: { touchKeypad } });
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    expect(document.activeElement).toBe(within(pay).getByLabelText('Cash given'));
    const order: string[] = [];
    for (let step = 0; step < 12; step++) {
      await user.tab();
      const active = document.activeElement as HTMLInputElement;
      order.push(active.labels?.[0]?.textContent || active.getAttribute('aria-label') || active.textContent || active.tagName);
    }
    cleanup();
    return order;
  }

  it('every key is out of the Tab order, which is the same with keypads on as off', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    const keys = within(keypad('Payment keypad', pay)).getAllByRole('button');
    expect(keys.map((key) => key.getAttribute('aria-label') ?? key.textContent)).toEqual([
      '7',
      '8',
      '9',
      'Backspace',
      '4',
      '5',
      '6',
      'Clear',
      '1',
      '2',
      '3',
      'Enter',
      '0',
      '00',
      'Decimal point',
    ]);
    expect(keys.every((key) => key.tabIndex === -1 && key.getAttribute('type') === 'button')).toBe(true);
    await user.tab();
    expect(keys).not.toContain(document.activeElement);
    cleanup();

    const on = await tabOrder('on');
    const off = await tabOrder('off');
    expect(on).toEqual(off);
  });
});

// last in the file: once touched, a window stays a touch till
describe('“auto” (the default)', () => {
  it('shows no keypad until the till is touched (a mouse is no touch), then shows them', async () => {
    const { services } = await till({ settings: { touchKeypad: 'auto' } });
    expect(screen.queryByRole('button', { name: 'Keypad' })).toBeNull();
    await addToSale(services);
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    expect(keypads()).toEqual([]);

    // a mouse press is no touch
    const press = (pointerType: string) => {
      const event = new Event('pointerdown', { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'pointerType', { value: pointerType });
      act(() => {
        within(pay).getByRole('heading', { name: 'Pay' }).dispatchEvent(event);
      });
    };
    press('mouse');
    expect(keypads()).toEqual([]);
    press('touch');
    expect(keypad('Payment keypad', pay)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Keypad' })).toBeTruthy();
  });
});
