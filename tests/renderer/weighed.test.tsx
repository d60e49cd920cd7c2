import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { readWeight } from '../../src/renderer/checkout/weight';
import { createCartStore } from '../../src/renderer/stores/cart';
import { createRefundStore } from '../../src/renderer/stores/refund';
import { withCheckDigit } from '../../src/shared/barcode';
import type { ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { mulDivRound, priceCart } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions, createCoreApi } from './coreApi';
import { catalogItem, renderCoreTill, settingsWith } from './till';

const eur = (minor: number) => formatMoney(minor, 'EUR');
/** what a weighed line costs before discounts: grams × the kg price, rounded as the core does */
const weighedMinor = (grams: number, kgPriceMinor: number) => mulDivRound(grams, kgPriceMinor, 1000);

const APPLES_CODE = withCheckDigit('200000000001');
const TEA_CODE = withCheckDigit('400000000002');
const APPLES = catalogItem('p-apples', 'Apples', 349, 550, { soldByWeight: true, barcodes: [APPLES_CODE], stockOnHand: 40_000 });
const PEARS = catalogItem('p-pears', 'Pears', 349, 550, {
  soldByWeight: true,
  barcodes: [withCheckDigit('200000000002')],
  stockOnHand: 40_000,
});
const TEA = catalogItem('p-tea', 'Green tea', 250, 2000, { barcodes: [TEA_CODE] });
const CATALOGUE = [APPLES, PEARS, TEA];

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** A real core (a temporary SQLite terminal) selling the catalogue, closed after the test. */
async function core(options: CoreApiOptions = {}) {
  const api = await createCoreApi({ catalogue: CATALOGUE, ...options });
  opened.push(api);
  return api;
}

/**
 * The whole app in front of a real core selling the catalogue: the cashier (or the manager) logged
 * in, a shift open, at a store that asks a manager for every lowering, even of the weight just put
 * on (error corrections without a manager are tested in cartStore.test.ts).
 */
async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE, ...options, settings: { removalApproval: 'always', ...options.settings } });
  opened.push(rendered.api);
  return rendered;
}

/** The voids the core recorded, as its audit log holds them. */
function voidsRecorded(api: CoreApi) {
  const rows = api.terminal.sqlite
    .prepare(
      "SELECT action, actor_staff_id AS actor, approver_staff_id AS approver, entity_id AS cartId, details FROM audit_log WHERE action LIKE 'sale.void%' ORDER BY rowid",
    )
    .all() as { action: string; actor: string; approver: string | null; cartId: string; details: string }[];
  return rows.map(({ details, ...row }) => ({ ...row, ...(JSON.parse(details) as object) }));
}

/** The lines of the sale in progress as the core holds them: product, units or grams, weighed. */
const held = (api: CoreApi) => api.call('cart.current', {})?.lines.map((line) => [line.productId, line.quantity, line.weighed]) ?? [];

/** The barcode typed into the search box and Enter (a scan, or a code keyed in by hand: both go to the core). */
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
  async function setup() {
    const api = await core();
    const asked: string[] = [];
    const store = createCartStore(api, {
      settings: () => settingsWith(),
      weigh: (product) => {
        asked.push(product.name);
        return true;
      },
    });
    return { store, api, asked };
  }

  it('asks for the weight instead of adding a unit; grams add up on one line priced like the core', async () => {
    const { store, api, asked } = await setup();
    expect((await store.getState().addProduct(APPLES, 'scan')).ok).toBe(true);
    expect(asked).toEqual(['Apples']);
    expect(store.getState().lines).toEqual([]);
    expect(api.call('cart.current', {})).toBeNull();

    await store.getState().addProduct(APPLES, 'scan', 750);
    await store.getState().addProduct(TEA, 'scan');
    await store.getState().addProduct(APPLES, 'list', 500);
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
    // the core holds grams on the weighed line and units on the other: it knows which product is weighed
    expect(held(api)).toEqual([
      [APPLES.id, 1250, true],
      [TEA.id, 1, false],
    ]);
  });

  it('one line holds at most 1000 kg', async () => {
    const { store, api } = await setup();
    // a ton of apples in the stock count: the limit here is the line's, not the stock's
    const { sku, name, priceMinor, taxClassId } = APPLES;
    api.call('catalog.upsertProduct', { id: APPLES.id, sku, name, priceMinor, taxClassId, stockOnHand: 2_000_000 }, api.manager);
    await store.getState().addProduct(APPLES, 'scan', 999_800);
    const result = await store.getState().addProduct(APPLES, 'scan', 500);
    expect(result.ok).toBe(false);
    expect(store.getState().error?.message).toBe('One line holds at most 1000 kg: “Apples” would weigh 1000.300 kg.');
    expect(store.getState().lines[0]?.quantity).toBe(999_800);
    expect(held(api)).toEqual([[APPLES.id, 999_800, true]]);
  });

  it('without anyone to weigh it, a weighed product is explained, not added as 1 g', async () => {
    const api = await core();
    const store = createCartStore(api, { settings: () => settingsWith() });
    expect((await store.getState().addProduct(APPLES, 'scan')).ok).toBe(false);
    expect(store.getState().error?.message).toContain('“Apples” is sold by weight');
    expect(store.getState().lines).toEqual([]);
    // and the core, asked for it without grams, does not add 1 g either
    expect(await store.getState().scan(APPLES_CODE)).toBe(false);
    expect(api.call('cart.current', {})).toBeNull();
  });

  it('a parked weighed line comes back weighed, with the same grams and total', async () => {
    const { store, api } = await setup();
    await store.getState().addProduct(APPLES, 'scan', 750);
    await store.getState().addProduct(TEA, 'scan');
    const id = store.getState().id ?? '';
    const totals = store.getState().totals;
    expect((await store.getState().park()).ok).toBe(true);
    const parked = api.terminal.sqlite.prepare('SELECT cart FROM parked_carts WHERE id = ?').get(id) as { cart: string };
    const parkedLines = (JSON.parse(parked.cart) as { lines: { productId: string; quantity: number; weighed: boolean }[] }).lines;
    expect(parkedLines.map((line) => [line.productId, line.quantity, line.weighed])).toEqual([
      [APPLES.id, 750, true],
      [TEA.id, 1, false],
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
  it('scan, weigh, weigh again, weigh less with a manager’s PIN, and pay for the grams', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();

    await scan(user, APPLES_CODE);
    const weigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(within(weigh).getByText('€3.49 per kg')).toBeTruthy();
    const field = within(weigh).getByLabelText('Weight in kg');
    expect(document.activeElement).toBe(field);
    expect(lineRows()).toHaveLength(0);

    // the price follows the typing
    await user.keyboard('0,75');
    expect(within(weigh).getByTestId('weigh-price').textContent).toBe(eur(weighedMinor(750, 349)));
    await user.keyboard('{Enter}');
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    const [apples] = lineRows();
    expect(lineText(apples as HTMLElement)).toBe('0.750 kg × €3.49/kg');
    expect(within(apples as HTMLElement).getByText(eur(weighedMinor(750, 349)))).toBeTruthy();
    expect(within(apples as HTMLElement).queryByRole('button', { name: /One more/ })).toBeNull();
    expect(screen.getByText('1 item')).toBeTruthy();
    expect(screen.getByText(/Scanned:/).textContent).toBe('Scanned: Apples 0.750 kg × €3.49/kg');

    // again: the new weight adds to the line (on the keypad this time)
    await scan(user, APPLES_CODE);
    const again = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    expect(within(again).getByText(/0\.750 kg is on the sale already/)).toBeTruthy();
    const keypad = within(again).getByRole('group', { name: 'Weight keypad' });
    await user.click(within(keypad).getByRole('button', { name: 'Decimal point' }));
    await user.click(within(keypad).getByRole('button', { name: '5' }));
    expect((within(again).getByLabelText('Weight in kg') as HTMLInputElement).value).toBe('.5');
    expect(within(again).getByText('0.750 kg is on the sale already: 1.250 kg in all.')).toBeTruthy();
    await user.click(within(again).getByRole('button', { name: /Add to sale/ }));
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(lineRows()).toHaveLength(1);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.250 kg × €3.49/kg');
    expect(screen.getByTestId('cart-total').textContent).toBe(eur(weighedMinor(1250, 349)));
    expect(held(api)).toEqual([[APPLES.id, 1250, true]]);

    // weighed again, lighter: a removal of the 250 g difference — the core refuses, then the PIN, then the removal
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    const reweigh = await screen.findByRole('dialog', { name: 'Weigh Apples' });
    const current = within(reweigh).getByLabelText('Weight in kg') as HTMLInputElement;
    expect(current.value).toBe('1.250');
    expect(document.activeElement).toBe(current);
    await user.keyboard('1{Enter}');
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Take 0.250 kg of “Apples” off the sale (1.250 kg → 1.000 kg).')).toBeTruthy();
    // refused as the cashier alone: nothing was taken off yet
    expect(held(api)).toEqual([[APPLES.id, 1250, true]]);
    expect(voidsRecorded(api)).toEqual([]);
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    const cartId = services.cart.getState().id;
    // the manager approved exactly what the core priced — the grams' share of the line — and the core recorded that void
    const voidedMinor = weighedMinor(1250, 349) - weighedMinor(1000, 349);
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: CORE_MANAGER_PIN, action: 'voidLine', targetId: cartId, terms: { productId: APPLES.id, maxAmountMinor: voidedMinor } },
    ]);
    const cashierVoid = { action: 'sale.voidLine', actor: api.staffIds.cashier, approver: api.staffIds.manager, cartId };
    expect(voidsRecorded(api)).toEqual([{ ...cashierVoid, productId: APPLES.id, quantity: 250, amountMinor: voidedMinor }]);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.000 kg × €3.49/kg');
    expect(held(api)).toEqual([[APPLES.id, 1000, true]]);

    // heavier needs nobody
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('1.2{Enter}');
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('auth.approve')).toHaveLength(1);
    expect(voidsRecorded(api)).toHaveLength(1);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('1.200 kg × €3.49/kg');

    // one unit of tea beside it: 2 items, and the pay dialog asks for the same total
    await scan(user, TEA_CODE);
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
    // the core sold the grams it held, for the total the till showed
    const sale = api.call('sale.get', { id: cartId ?? '' });
    expect(sale.lines.map((line) => [line.productId, line.quantity, line.weighed])).toEqual([
      [APPLES.id, 1200, true],
      [TEA.id, 1, false],
    ]);
    expect(sale.totalMinor).toBe(total);
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
    expect(api.call('cart.current', {})).toBeNull();
  });

  it('no weight, zero, letters or more than 1000 kg: a sentence, and nothing is added', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await scan(user, APPLES_CODE);
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
    expect(api.call('cart.current', {})).toBeNull();

    // typing again clears the sentence
    await user.clear(field);
    await user.keyboard('2');
    expect(within(weigh).queryByRole('alert')).toBeNull();
  });

  it('a weighed product scanned while the manager-PIN prompt is open does not push a weigh dialog over it', async () => {
    const { api, services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
    });
    fireEvent.keyDown(window, { key: 'Delete' });
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await act(async () => {
      await services.cart.getState().addProduct(APPLES, 'scan');
    });
    expect(screen.queryByRole('dialog', { name: 'Weigh Apples' })).toBeNull();
    expect(services.cart.getState().error?.message).toContain('“Apples” is sold by weight. Finish what is open');
    expect(lineRows()).toHaveLength(1);
    expect(held(api)).toEqual([[TEA.id, 1, false]]);
  });

  it('a cancelled PIN keeps the weight; Del removes a weighed line like any other; a manager weighs less without a prompt', async () => {
    const user = userEvent.setup();
    const first = await till();
    await act(async () => {
      await first.services.cart.getState().addProduct(APPLES, 'scan', 800);
    });
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('0.5{Enter}');
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.keyboard('{Escape}');
    // back in the weigh dialog, nothing changed
    expect(screen.getByRole('dialog', { name: 'Weigh Apples' })).toBeTruthy();
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('0.800 kg × €3.49/kg');
    expect(held(first.api)).toEqual([[APPLES.id, 800, true]]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.keyDown(window, { key: 'Delete' });
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Remove “Apples” from the sale.')).toBeTruthy();
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await act(async () => {});
    // the cancelled 300 g was refused and not recorded; the whole line was refused, approved, then recorded
    expect(first.api.callsTo('auth.approve')).toMatchObject([{ terms: { productId: APPLES.id, maxAmountMinor: weighedMinor(800, 349) } }]);
    expect(voidsRecorded(first.api)).toEqual([
      {
        action: 'sale.voidLine',
        actor: first.api.staffIds.cashier,
        approver: first.api.staffIds.manager,
        cartId: first.services.cart.getState().id,
        productId: APPLES.id,
        quantity: 800,
        amountMinor: weighedMinor(800, 349),
      },
    ]);
    expect(lineRows()).toHaveLength(0);
    expect(held(first.api)).toEqual([]);
    cleanup();

    const second = await till({ staff: 'manager' });
    await act(async () => {
      await second.services.cart.getState().addProduct(APPLES, 'scan', 800);
    });
    await user.click(screen.getByRole('button', { name: 'Weight of Apples' }));
    await screen.findByRole('dialog', { name: 'Weigh Apples' });
    await user.keyboard('0.5{Enter}');
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(second.api.callsTo('auth.approve')).toEqual([]);
    // the manager's own session is the approval: the core recorded the 300 g in their name
    expect(voidsRecorded(second.api)).toEqual([
      {
        action: 'sale.voidLine',
        actor: second.api.staffIds.manager,
        approver: second.api.staffIds.manager,
        cartId: second.services.cart.getState().id,
        productId: APPLES.id,
        quantity: 300,
        amountMinor: weighedMinor(800, 349) - weighedMinor(500, 349),
      },
    ]);
    expect(lineText(lineRows()[0] as HTMLElement)).toBe('0.500 kg × €3.49/kg');
    expect(held(second.api)).toEqual([[APPLES.id, 500, true]]);
  });
});

describe('refunding a weighed line', () => {
  type Sold = ChannelOutput<'sale.get'>;

  /**
   * A sale the core completed: 0.750 kg of apples, 1 kg of pears (0.250 kg refunded since) and
   * 2 green teas, paid in cash by the window's cashier.
   */
  function sellWeighed(api: CoreApi): Sold {
    api.call('cart.addLine', { productId: APPLES.id, quantity: 750 });
    api.call('cart.addLine', { productId: PEARS.id, quantity: 1000 });
    api.call('cart.addLine', { productId: TEA.id });
    const open = api.call('cart.addLine', { productId: TEA.id });
    api.call('sale.complete', {
      id: open.id,
      payments: [{ method: 'cash', amountMinor: open.totalMinor, tenderedMinor: open.totalMinor }],
    });
    const sold = api.call('sale.get', { id: open.id });
    const pears = sold.lines.find((line) => line.name === 'Pears');
    api.call('sale.refund', {
      id: uuidv7(Date.now()),
      originalSaleId: sold.id,
      lines: [{ originalLineId: pears?.id ?? '', quantity: 250, restock: true }],
      payBack: 'original',
    });
    return api.call('sale.get', { id: sold.id });
  }

  const lineIdOf = (sale: Sold, name: string) => sale.lines.find((line) => line.name === name)?.id ?? '';

  it('whole or nothing: the store takes all that is left of a weighed line, whatever is asked', async () => {
    const api = await core();
    const sale = sellWeighed(api);
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().open(sale.id);
    const [apples, pears, tea] = ['Apples', 'Pears', 'Green tea'].map((name) => lineIdOf(sale, name)) as [string, string, string];
    store.getState().setQuantity(apples, 1);
    store.getState().setQuantity(pears, 99_999);
    expect([...store.getState().picks].map(([id, pick]) => [id, pick.quantity])).toEqual([
      [apples, 750],
      [pears, 750],
      [tea, 0],
    ]);
    // one item each, not 750
    expect(store.getState().money().units).toBe(2);
    store.getState().setQuantity(pears, 0);
    expect(store.getState().picks.get(pears)?.quantity).toBe(0);
  });

  it('F8: the weight is shown in kg, one switch refunds it all, and its grams are refunded', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const sale = sellWeighed(api);
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), `${sale.receiptNo}{Enter}`);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);

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
    // the core refunded the apples' grams, all of them, and nothing else
    const refundId = api.call('sale.get', { id: sale.id }).refundIds.at(-1) ?? '';
    const refund = api.call('sale.get', { id: refundId });
    expect(refund.lines.map((line) => [line.originalLineId, line.quantity, line.weighed, line.restock])).toEqual([
      [lineIdOf(sale, 'Apples'), 750, true, true],
    ]);
    expect(refund.totalMinor).toBe(weighedMinor(750, 349));
  });

  it('without a receipt, a weighed product needs its weight, typed in kg', async () => {
    const api = await core();
    const store = createRefundStore(api, () => settingsWith());
    store.getState().startWithoutReceipt();
    store.getState().addReturn(APPLES);
    store.getState().addReturn(APPLES);
    expect(store.getState().returns.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Apples', 0, true]]);
    expect((await store.getState().submit()).ok).toBe(false);
    expect(store.getState().error?.message).toBe('Enter the weight of “Apples” brought back, in kg, such as 0.750.');
    expect(api.callsTo('sale.refund')).toEqual([]);
    store.getState().setReturnWeight(APPLES.id, 500);
    expect(store.getState().money()).toMatchObject({ totalMinor: weighedMinor(500, 349), units: 1 });
    // without a receipt a manager allows the amount the core priced for those grams
    const refused = await store.getState().submit();
    expect(!refused.ok && refused.error.details?.needsApproval).toMatchObject([
      { action: 'refundNoReceipt', terms: { maxAmountMinor: weighedMinor(500, 349) } },
    ]);
    const approvalId = api.call('auth.approve', {
      pin: CORE_MANAGER_PIN,
      action: 'refundNoReceipt',
      targetId: store.getState().refundId ?? '',
      terms: { maxAmountMinor: weighedMinor(500, 349) },
    }).approvalId;
    const refunded = await store.getState().submit(approvalId);
    expect(refunded.ok).toBe(true);
    const refund = api.call('sale.get', { id: store.getState().refundId ?? '' });
    expect(refund.lines.map((line) => [line.productId, line.quantity, line.weighed])).toEqual([[APPLES.id, 500, true]]);
    expect(refund.totalMinor).toBe(weighedMinor(500, 349));
  });

  it('without a receipt, a scale label brought back carries its weight', async () => {
    // the apples registered under a base code of the store's scales (prefix 28)
    const api = await core({
      catalogue: [{ ...APPLES, barcodes: [withCheckDigit('284021300000')] }],
      settings: { scaleLabelPrefixes: ['28'] },
    });
    const store = createRefundStore(api, () => settingsWith({ scaleLabelPrefixes: ['28'] }));
    store.getState().startWithoutReceipt();
    // 0.412 kg printed on the label
    await store.getState().scanReturn(withCheckDigit('284021300412'));
    expect(store.getState().error).toBeNull();
    expect(store.getState().returns.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Apples', 412, true]]);
  });
});
