import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sale as SoldSale } from '../../src/renderer/checkout/refund';
import { readWeight } from '../../src/renderer/checkout/weight';
import { createCartStore, type Sale } from '../../src/renderer/stores/cart';
import { createRefundStore } from '../../src/renderer/stores/refund';
import type { ChannelInput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { mulDivRound, priceCart } from '../../src/shared/pricing';
import { createFakeApi, hit, ok } from './fakeApi';
import { createFakeCore } from './fakeCore';
import { catalogItem, MANAGER, renderTill, settingsWith } from './till';

const eur = (minor: number) => formatMoney(minor, 'EUR');
/** what a weighed line costs before discounts: grams × the kg price, rounded as the core does */
const weighedMinor = (grams: number, kgPriceMinor: number) => mulDivRound(grams, kgPriceMinor, 1000);

const APPLES = catalogItem('p-apples', 'Apples', 349, 550, { soldByWeight: true, barcodes: ['2000000000015'], stockOnHand: 40_000 });
const TEA = catalogItem('p-tea', 'Green tea', 250, 2000, { barcodes: ['4000000000028'] });
const CATALOGUE = [APPLES, TEA];

function sold(input: ChannelInput<'sale.complete'>, totalMinor: number): Sale {
  return {
    id: input.id,
    kind: 'sale',
    terminalId: 'T1',
    receiptNo: 8,
    receiptCode: 'T1-000008',
    originalSaleId: null,
    shiftId: 'shift-1',
    staffId: 's1',
    staffName: 'Ada Lovelace',
    approvedBy: null,
    createdAt: 0,
    currency: 'EUR',
    pricesIncludeTax: true,
    subtotalMinor: totalMinor,
    discountMinor: 0,
    taxMinor: 0,
    totalMinor,
    cashRoundingMinor: 0,
    changeMinor: 0,
    lines: [],
    payments: [],
    taxes: [],
    refundIds: [],
    refunded: { totalMinor: 0, cardMinor: 0, cashMinor: 0 },
    journalSeq: 1,
  };
}

async function till(options: Parameters<typeof renderTill>[1] = {}) {
  // the core's approval rules: a cashier's void is refused until a manager approves what the core priced
  const core = createFakeCore({ catalogue: CATALOGUE, manager: options.staff?.roles.includes('manager') === true });
  const rendered = await renderTill(
    {
      'catalog.lookupBarcode': (input) => {
        const found = CATALOGUE.find((p) => p.barcodes.includes(input.code));
        return found
          ? ok({ ...found, scaleGrams: null })
          : { ok: false, error: { code: 'NOT_FOUND', message: `No product has the barcode ${input.code}.` } };
      },
      'catalog.get': (input) => {
        const found = CATALOGUE.find((p) => p.id === input.id);
        return found ? ok({ ...found, scaleGrams: null }) : { ok: false, error: { code: 'NOT_FOUND', message: 'No such product.' } };
      },
      'catalog.search': () =>
        ok({ items: [hit(APPLES.id, APPLES.name, { priceMinor: 349, soldByWeight: true, stockOnHand: 40_000 })], nextCursor: null }),
      ...core.handlers(),
      'sale.complete': (input) => ok(sold(input, rendered.services.cart.getState().totals.totalMinor)),
    },
    options,
  );
  return rendered;
}

/** The barcode typed into the search box and Enter (a scan, or a code keyed in by hand: both look it up). */
async function scan(user: ReturnType<typeof userEvent.setup>, code: string) {
  const search = screen.getByRole('combobox', { name: /Search products/ });
  await user.click(search);
  await user.type(search, `${code}{Enter}`);
}

const lineRows = () => screen.queryAllByTestId('cart-line');
const lineText = (row: HTMLElement) => within(row).getByTestId('cart-line-quantity').textContent;

describe('reading a weight', () => {
  it('kg with a point or a comma, in whole grams; everything else is a sentence', () => {
    expect(readWeight('0.75')).toEqual({ ok: true, grams: 750 });
    expect(readWeight('0,75')).toEqual({ ok: true, grams: 750 });
    expect(readWeight('1000')).toEqual({ ok: true, grams: 1_000_000 });
    expect(readWeight('')).toEqual({ ok: false, message: 'Enter the weight in kg, such as 0.750.' });
    expect(readWeight('0')).toMatchObject({ ok: false, message: expect.stringContaining('The weight is zero') });
    expect(readWeight('abc')).toMatchObject({ ok: false, message: expect.stringContaining('That is not a weight') });
    expect(readWeight('0.7505')).toMatchObject({ ok: false, message: expect.stringContaining('at most 3 decimals') });
    expect(readWeight('1000.001')).toEqual({ ok: false, message: 'A weight is at most 1000 kg.' });
    expect(readWeight('0.5', 999_800)).toMatchObject({ ok: false, message: expect.stringContaining('1000.300 kg') });
  });
});

describe('cart store, weighed lines', () => {
  function setup() {
    let parked: ChannelInput<'sale.park'> | null = null;
    const asked: string[] = [];
    const api = createFakeApi({
      'catalog.get': (input) => ok(CATALOGUE.find((p) => p.id === input.id) ?? APPLES),
      'sale.park': (input) => {
        parked = input;
        return ok({ id: input.id, label: 'Cart', staffName: 'Ada', totalMinor: 0, lineCount: input.lines.length, createdAt: 0 });
      },
      'sale.resume': (input) =>
        parked ? ok({ id: input.id, label: 'Cart', lines: parked.lines }) : { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } },
    });
    const store = createCartStore(api, {
      settings: () => settingsWith(),
      weigh: (product) => {
        asked.push(product.name);
        return true;
      },
    });
    return { store, api, asked, parked: () => parked };
  }

  it('asks for the weight instead of adding a unit; grams add up on one line priced like the core', () => {
    const { store, asked } = setup();
    expect(store.getState().addProduct(APPLES, 'scan').ok).toBe(true);
    expect(asked).toEqual(['Apples']);
    expect(store.getState().lines).toEqual([]);

    store.getState().addProduct(APPLES, 'scan', 750);
    store.getState().addProduct(TEA, 'scan');
    store.getState().addProduct(APPLES, 'list', 500);
    expect(store.getState().lines.map((line) => [line.name, line.quantity, line.weighed])).toEqual([
      ['Apples', 1250, true],
      ['Green tea', 1, false],
    ]);
    expect(store.getState().notice).toMatchObject({ weighed: true, added: 500, quantity: 1250, source: 'list' });
    expect(store.getState().totals).toEqual(
      priceCart({
        lines: [
          { id: APPLES.id, quantity: 1250, weighed: true, unitPriceMinor: 349, taxRateBp: 550 },
          { id: TEA.id, quantity: 1, unitPriceMinor: 250, taxRateBp: 2000 },
        ],
        pricesIncludeTax: true,
        taxRounding: 'line',
      }),
    );
    expect(store.getState().totals.totalMinor).toBe(weighedMinor(1250, 349) + 250);
    // the contract's line has no unit: the core knows the product is weighed
    expect(store.getState().cartInput().lines).toEqual([
      { productId: APPLES.id, quantity: 1250, weighed: true },
      { productId: TEA.id, quantity: 1, weighed: false },
    ]);
  });

  it('one line holds at most 1000 kg', () => {
    const { store } = setup();
    store.getState().addProduct(APPLES, 'scan', 999_800);
    const result = store.getState().addProduct(APPLES, 'scan', 500);
    expect(result.ok).toBe(false);
    expect(store.getState().error?.message).toBe('One line holds at most 1000 kg: “Apples” would weigh 1000.300 kg.');
    expect(store.getState().lines[0]?.quantity).toBe(999_800);
  });

  it('without anyone to weigh it, a weighed product is explained, not added as 1 g', () => {
    const api = createFakeApi();
    const store = createCartStore(api, { settings: () => settingsWith() });
    expect(store.getState().addProduct(APPLES, 'scan').ok).toBe(false);
    expect(store.getState().error?.message).toContain('“Apples” is sold by weight');
    expect(store.getState().lines).toEqual([]);
  });

  it('a parked weighed line comes back weighed, with the same grams and total', async () => {
    const { store, parked } = setup();
    store.getState().addProduct(APPLES, 'scan', 750);
    store.getState().addProduct(TEA, 'scan');
    const id = store.getState().id ?? '';
    const totals = store.getState().totals;
    await store.getState().park();
    expect(parked()?.lines).toEqual([
      { productId: APPLES.id, quantity: 750, weighed: true },
      { productId: TEA.id, quantity: 1, weighed: false },
    ]);
    expect((await store.getState().resume(id)).ok).toBe(true);
    expect(store.getState().lines.map((line) => [line.name, line.quantity, line.weighed])).toEqual([
      ['Apples', 750, true],
      ['Green tea', 1, false],
    ]);
    expect(store.getState().totals).toEqual(totals);
  });
});

describe('weighing at the till', () => {
  afterEach(() => cleanup());

  it('scan, weigh, weigh again, weigh less with a manager’s PIN, and pay for the grams', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();

    await scan(user, '2000000000015');
    const weigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(within(weigh).getByText('€3.49 per kg')).toBeTruthy();
    const field = within(weigh).getByLabelText('Weight in kg');
    expect(document.activeElement).toBe(field);
    expect(lineRows()).toHaveLength(0);

    // the price follows the typing
    await user.keyboard('0,75');
    expect(within(weigh).getByTestId('weigh-price').textContent).toBe(eur(weighedMinor(750, 349)));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    const [apples] = lineRows();
    expect(lineText(apples as HTMLElement)).toBe('0.750 kg × €3.49/kg');
    expect(within(apples as HTMLElement).getByText(eur(weighedMinor(750, 349)))).toBeTruthy();
    expect(within(apples as HTMLElement).queryByRole('button', { name: /One more/ })).toBeNull();
    expect(screen.getByText('1 item')).toBeTruthy();
    expect(screen.getByText(/Scanned:/).textContent).toBe('Scanned: Apples 0.750 kg × €3.49/kg');

    // again: the new weight adds to the line (on the keypad this time)
    await scan(user, '2000000000015');
    const again = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(within(again).getByText(/0\.750 kg is on the sale already/)).toBeTruthy();
    const keypad = within(again).getByRole('group', { name: 'Weight keypad' });
    await user.click(within(keypad).getByRole('button', { name: 'Decimal point' }));
    await user.click(within(keypad).getByRole('button', { name: '5' }));
    expect((within(again).getByLabelText('Weight in kg') as HTMLInputElement).value).toBe('.5');
    expect(within(again).getByText('0.750 kg is on the sale already: 1.250 kg in all.')).toBeTruthy();
    await user.click(within(again).getByRole('button', { name: /Add to sale/ }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(lineRows()).toHaveLength(1);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.250 kg × €3.49/kg');
    expect(screen.getByTestId('cart-total').textContent).toBe(eur(weighedMinor(1250, 349)));

    // weighed again, lighter: a removal of the 250 g difference, approved and recorded first
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    const reweigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    const current = within(reweigh).getByLabelText('Weight in kg') as HTMLInputElement;
    expect(current.value).toBe('1.250');
    expect(document.activeElement).toBe(current);
    await user.keyboard('1{Enter}');
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Take 0.250 kg of “Apples” off the sale (1.250 kg → 1.000 kg).')).toBeTruthy();
    await user.keyboard('9999{Enter}');
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    const cartId = services.cart.getState().id;
    // the void of the 250 g: first as the cashier alone (refused), then with the manager's approval of
    // exactly what the core priced — the grams' share of the line
    const removal = {
      cartId,
      scope: 'line',
      productId: APPLES.id,
      quantity: 250,
      lines: [{ productId: APPLES.id, quantity: 1250, weighed: true }],
    };
    expect(api.callsTo('sale.void')).toEqual([removal, { ...removal, approvalId: 'approval-voidLine' }]);
    expect(api.callsTo('auth.approve')).toEqual([
      {
        pin: '9999',
        action: 'voidLine',
        targetId: cartId,
        terms: { productId: APPLES.id, maxAmountMinor: weighedMinor(1250, 349) - weighedMinor(1000, 349) },
      },
    ]);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.000 kg × €3.49/kg');

    // heavier needs nobody
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('1.2{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('auth.approve')).toHaveLength(1);
    expect(api.callsTo('sale.void')).toHaveLength(2);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.200 kg × €3.49/kg');

    // one unit of tea beside it: 2 items, and the pay dialog asks for the same total
    await scan(user, '4000000000028');
    await screen.findByText('Green tea', { selector: '.cart-line-name' });
    expect(screen.getByText('2 items')).toBeTruthy();
    const total = weighedMinor(1200, 349) + 250;
    expect(screen.getByTestId('cart-total').textContent).toBe(eur(total));
    fireEvent.keyDown(window, { key: 'F9' });
    const pay = await screen.findByRole('dialog', { name: 'Pay' });
    expect(within(pay).getByTestId('pay-total').textContent).toBe(eur(total));
    expect(pay.textContent).not.toMatch(/1200 ×/);
    await user.type(within(pay).getByLabelText('Cash given'), '10');
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect((api.callsTo('sale.complete')[0] as ChannelInput<'sale.complete'>).lines).toEqual([
      { productId: APPLES.id, quantity: 1200, weighed: true },
      { productId: TEA.id, quantity: 1, weighed: false },
    ]);
  });

  it('a product picked from the list is weighed too; Esc cancels and adds nothing', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    // the highlighted result of a typed word, as Enter picks it (jsdom lays out no rows to click)
    const search = screen.getByRole('combobox', { name: /Search products/ });
    fireEvent.change(search, { target: { value: 'app' } });
    await act(async () => {
      await services.catalog.getState().search();
    });
    await user.click(search);
    await user.keyboard('{Enter}');
    const weigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(document.activeElement).toBe(within(weigh).getByLabelText('Weight in kg'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(lineRows()).toHaveLength(0);
    expect(api.callsTo('catalog.get')).toEqual([{ id: APPLES.id }]);
  });

  it('no weight, zero, letters or more than 1000 kg: a sentence, and nothing is added', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await scan(user, '2000000000015');
    const weigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    const field = within(weigh).getByLabelText('Weight in kg');

    const attempts: [string, string][] = [
      ['{Enter}', 'Enter the weight in kg, such as 0.750.'],
      ['0{Enter}', 'The weight is zero. Enter what the scale shows, such as 0.750.'],
      ['abc{Enter}', 'That is not a weight. Enter it in kg with digits, such as 0.750.'],
      ['1001{Enter}', 'A weight is at most 1000 kg.'],
    ];
    for (const [keys, sentence] of attempts) {
      await user.clear(field);
      await user.keyboard(keys);
      expect(within(weigh).getByRole('alert').textContent).toContain(sentence);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(within(weigh).getByTestId('weigh-price').textContent).toBe('—');
    }
    expect(screen.getByRole('dialog', { name: 'Weigh Apples' })).toBe(weigh);
    expect(lineRows()).toHaveLength(0);
    expect(services.cart.getState().id).toBeNull();

    // typing again clears the sentence
    await user.clear(field);
    await user.keyboard('2');
    expect(within(weigh).queryByRole('alert')).toBeNull();
  });

  it('a weighed product scanned while the manager-PIN prompt is open does not push a weigh dialog over it', async () => {
    const { services } = await till();
    act(() => {
      services.cart.getState().addProduct(TEA, 'scan');
    });
    fireEvent.keyDown(window, { key: 'Delete' });
    await screen.findByRole('dialog', { name: 'Manager approval' });
    act(() => {
      services.cart.getState().addProduct(APPLES, 'scan');
    });
    expect(screen.queryByRole('dialog', { name: 'Weigh Apples' })).toBeNull();
    expect(services.cart.getState().error?.message).toContain('“Apples” is sold by weight. Finish what is open');
    expect(lineRows()).toHaveLength(1);
  });

  it('a cancelled PIN keeps the weight; Del removes a weighed line like any other; a manager weighs less without a prompt', async () => {
    const user = userEvent.setup();
    const first = await till();
    act(() => {
      first.services.cart.getState().addProduct(APPLES, 'scan', 800);
    });
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('0.5{Enter}');
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.keyboard('{Escape}');
    // back in the weigh dialog, nothing changed
    expect(screen.getByRole('dialog', { name: 'Weigh Apples' })).toBeTruthy();
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('0.800 kg × €3.49/kg');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.keyDown(window, { key: 'Delete' });
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Remove “Apples” from the sale.')).toBeTruthy();
    await user.keyboard('9999{Enter}');
    await act(async () => {});
    // the cancelled 300 g, refused without an approval; then the whole line, refused, approved, recorded
    expect(first.api.callsTo('sale.void')).toMatchObject([
      { productId: APPLES.id, quantity: 300 },
      { productId: APPLES.id, quantity: 800 },
      { productId: APPLES.id, quantity: 800, approvalId: 'approval-voidLine' },
    ]);
    expect(first.api.callsTo('sale.void').filter((input) => !(input as ChannelInput<'sale.void'>).approvalId)).toHaveLength(2);
    expect(first.api.callsTo('auth.approve')).toMatchObject([{ terms: { productId: APPLES.id, maxAmountMinor: weighedMinor(800, 349) } }]);
    expect(lineRows()).toHaveLength(0);
    cleanup();

    const second = await till({ staff: MANAGER });
    act(() => {
      second.services.cart.getState().addProduct(APPLES, 'scan', 800);
    });
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('0.5{Enter}');
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(second.api.callsTo('auth.approve')).toEqual([]);
    expect(second.api.callsTo('sale.void')).toEqual([
      {
        cartId: second.services.cart.getState().id,
        scope: 'line',
        productId: APPLES.id,
        quantity: 300,
        lines: [{ productId: APPLES.id, quantity: 800, weighed: true }],
      },
    ]);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('0.500 kg × €3.49/kg');
  });
});

describe('refunding a weighed line', () => {
  afterEach(() => cleanup());

  function soldLine(id: string, name: string, quantity: number, weighed: boolean, totalMinor: number, refundedQuantity = 0) {
    return {
      id,
      lineNo: 1,
      productId: `prod-${id}`,
      sku: `SKU-${id}`,
      name,
      quantity,
      weighed,
      unitPriceMinor: weighed ? 349 : totalMinor / quantity,
      listPriceMinor: null,
      taxRateBp: 550,
      grossMinor: totalMinor,
      lineDiscountMinor: 0,
      cartDiscountMinor: 0,
      taxMinor: Math.round(totalMinor / 20),
      totalMinor,
      originalLineId: null,
      restock: null,
      refundedQuantity,
    };
  }

  const SALE: SoldSale = {
    ...sold({ id: 'sale-9', lines: [], payments: [] }, 0),
    id: 'sale-9',
    receiptCode: 'T1-000009',
    totalMinor: weighedMinor(750, 349) + weighedMinor(1000, 349) + 500,
    lines: [
      soldLine('w1', 'Apples', 750, true, weighedMinor(750, 349)),
      soldLine('w2', 'Pears', 1000, true, weighedMinor(1000, 349), 250),
      soldLine('u1', 'Green tea', 2, false, 500),
    ],
    payments: [{ id: 'p1', method: 'cash', amountMinor: 1111, tenderedMinor: 2000, changeMinor: 0, approvalCode: null, cardLast4: null }],
  };

  it('whole or nothing: the store takes all that is left of a weighed line, whatever is asked', async () => {
    const api = createFakeApi({ 'sale.find': () => ok([]), 'sale.get': () => ok(SALE) });
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().open(SALE.id);
    store.getState().setQuantity('w1', 1);
    store.getState().setQuantity('w2', 99_999);
    expect([...store.getState().picks].map(([id, pick]) => [id, pick.quantity])).toEqual([
      ['w1', 750],
      ['w2', 750],
      ['u1', 0],
    ]);
    // one item each, not 750
    expect(store.getState().money().units).toBe(2);
    store.getState().setQuantity('w2', 0);
    expect(store.getState().picks.get('w2')?.quantity).toBe(0);
  });

  it('F8: the weight is shown in kg, one switch refunds it all, and its grams are sent', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({
      'sale.find': () => ok([{ id: SALE.id, kind: 'sale' as const, receiptNo: 9, receiptCode: 'T1-000009', createdAt: 0, totalMinor: 0 }]),
      'sale.get': () => ok(SALE),
      'sale.refund': (input) => ok({ ...SALE, id: input.id, kind: 'refund' as const, receiptCode: 'T1-000010', lines: [], payments: [] }),
    });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), '9{Enter}');
    await within(dialog).findByText('Receipt T1-000009');

    const [apples, pears, tea] = within(dialog).getAllByTestId('refund-line') as HTMLElement[];
    expect(apples?.textContent).toContain('0.750 kg');
    expect(apples?.textContent).not.toContain('750 ×');
    expect(within(apples as HTMLElement).queryByRole('button', { name: /One more/ })).toBeNull();
    expect(pears?.textContent).toContain('0.250 kg refunded before');
    expect(within(tea as HTMLElement).getByRole('button', { name: 'One more Green tea' })).toBeTruthy();

    await user.click(within(apples as HTMLElement).getByRole('checkbox', { name: 'Refund all 0.750 kg of Apples' }));
    await user.click(within(pears as HTMLElement).getByRole('checkbox', { name: 'Refund all 0.750 kg of Pears' }));
    await user.click(within(pears as HTMLElement).getByRole('checkbox', { name: 'Refund all 0.750 kg of Pears' }));
    expect(within(dialog).getByText(/^1 item/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(weighedMinor(750, 349))}` }));
    await screen.findByRole('dialog', { name: 'Refund complete' });
    expect((api.callsTo('sale.refund')[0] as ChannelInput<'sale.refund'>).lines).toEqual([
      { originalLineId: 'w1', quantity: 750, restock: true },
    ]);
  });

  it('without a receipt, a weighed product needs its weight, typed in kg', async () => {
    const api = createFakeApi({ 'sale.refund': (input) => ok({ ...SALE, id: input.id, kind: 'refund' as const }) });
    const store = createRefundStore(api, () => settingsWith());
    store.getState().startWithoutReceipt();
    store.getState().addReturn(APPLES);
    store.getState().addReturn(APPLES);
    expect(store.getState().returns.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Apples', 0, true]]);
    expect((await store.getState().submit()).ok).toBe(false);
    expect(store.getState().error?.message).toBe('Enter the weight of “Apples” brought back, in kg, such as 0.750.');
    store.getState().setReturnWeight(APPLES.id, 500);
    expect(store.getState().money()).toMatchObject({ totalMinor: weighedMinor(500, 349), units: 1 });
    await store.getState().submit();
    expect((api.callsTo('sale.refund')[0] as ChannelInput<'sale.refund'>).lines).toEqual([
      { productId: APPLES.id, quantity: 500, restock: true },
    ]);
  });

  it('without a receipt, a scale label brought back carries its weight', async () => {
    const api = createFakeApi({ 'catalog.lookupBarcode': () => ok({ ...APPLES, scaleGrams: 412 }) });
    const store = createRefundStore(api, () => settingsWith());
    store.getState().startWithoutReceipt();
    await store.getState().scanReturn('2840213004128');
    expect(store.getState().returns.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Apples', 412, true]]);
  });
});
