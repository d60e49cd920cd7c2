import { describe, expect, it, vi } from 'vitest';
import { createCartStore, type Product } from '../../src/renderer/stores/cart';
import type { Settings } from '../../src/renderer/stores/session';
import type { ChannelInput } from '../../src/shared/contract';
import { priceCart } from '../../src/shared/pricing';
import type { Result } from '../../src/shared/result';
import { createFakeApi, type FakeHandlers, hit, ok } from './fakeApi';
import { createFakeCore } from './fakeCore';
import { settingsWith } from './till';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function item(id: string, name: string, priceMinor: number, taxRateBp: number, barcode = `40000000000${id}`): Product {
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
    barcodes: [barcode],
    updatedAt: 0,
  };
}

const MILK = item('1', 'Milk 1 l', 119, 550, '4000000000011');
const SOAP = item('2', 'Dish soap', 189, 2000, '4000000000028');
const WINE = item('3', 'Red wine', 799, 2000, '4000000000035');
const CATALOGUE = [MILK, SOAP, WINE];

function setup(handlers: FakeHandlers = {}, settings: Settings = settingsWith()) {
  // the store is handed its approvals here: the core prices the void (its amount is the core's)
  const core = createFakeCore({ catalogue: CATALOGUE, settings });
  const api = createFakeApi({
    'catalog.lookupBarcode': (input) => {
      const found = CATALOGUE.find((p) => p.barcodes.includes(input.code));
      return found
        ? ok({ ...found, scaleGrams: null })
        : { ok: false, error: { code: 'NOT_FOUND', message: `No product has the barcode ${input.code}.` } };
    },
    'catalog.get': (input) => {
      const found = CATALOGUE.find((p) => p.id === input.id);
      return found ? ok(found) : { ok: false, error: { code: 'NOT_FOUND', message: 'No such product.' } };
    },
    'sale.void': (input) => ok({ recorded: true, amountMinor: core.voidAmount(input) }),
    ...handlers,
  });
  const store = createCartStore(api, { settings: () => settings });
  return { api, store };
}

const paidInCash = (amountMinor: number): ChannelInput<'sale.complete'>['payments'] => [
  { method: 'cash', amountMinor, tenderedMinor: amountMinor },
];

describe('cart store', () => {
  it('starts a cart with a UUIDv7 on the first line, and counts the same product up', async () => {
    const { store, api } = setup();
    expect(store.getState().id).toBeNull();
    await store.getState().scan(MILK.barcodes[0] ?? '');
    const id = store.getState().id;
    expect(id).toMatch(UUID_V7);
    await store.getState().scan(MILK.barcodes[0] ?? '');
    await store.getState().addHit(hit('2', 'Dish soap', { priceMinor: 189 }));
    const { lines } = store.getState();
    expect(lines.map((line) => [line.name, line.quantity, line.taxRateBp])).toEqual([
      ['Milk 1 l', 2, 550],
      ['Dish soap', 1, 2000],
    ]);
    // the id is the sale's, made once
    expect(store.getState().id).toBe(id);
    // a search hit has no tax rate: catalog.get brings it
    expect(api.callsTo('catalog.get')).toEqual([{ id: '2' }]);
    expect(store.getState().notice).toMatchObject({ name: 'Dish soap', quantity: 1, source: 'list' });
  });

  it('a scale’s weight label goes straight onto the sale with its grams, without asking to weigh', async () => {
    const ham = { ...MILK, id: 'ham', name: 'Deli ham', priceMinor: 1990, soldByWeight: true, barcodes: ['2840213000006'] };
    const weigh = vi.fn(() => true);
    const api = createFakeApi({ 'catalog.lookupBarcode': () => ok({ ...ham, scaleGrams: 412 }) });
    const store = createCartStore(api, { settings: () => settingsWith(), weigh });
    await store.getState().scan('2840213004128');
    expect(weigh).not.toHaveBeenCalled();
    expect(store.getState().lines.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Deli ham', 412, true]]);
    // 0.412 kg × €19.90 = €8.1988
    expect(store.getState().totals.totalMinor).toBe(820);
  });

  it('running totals are priceCart’s, with the store’s tax settings', async () => {
    for (const settings of [settingsWith(), settingsWith({ pricesIncludeTax: false, taxRounding: 'total' })]) {
      const { store } = setup({}, settings);
      store.getState().addProduct(MILK, 'scan');
      store.getState().addProduct(SOAP, 'scan');
      store.getState().addProduct(WINE, 'scan');
      store.getState().increase('1', 2);
      store.getState().setLineDiscount('2', { kind: 'percent', bp: 500 });
      store.getState().setCartDiscount({ kind: 'amount', minor: 100 });
      const expected = priceCart({
        lines: [
          { id: '1', quantity: 3, unitPriceMinor: 119, taxRateBp: 550 },
          { id: '2', quantity: 1, unitPriceMinor: 189, taxRateBp: 2000, discount: { kind: 'percent', bp: 500 } },
          { id: '3', quantity: 1, unitPriceMinor: 799, taxRateBp: 2000 },
        ],
        cartDiscount: { kind: 'amount', minor: 100 },
        pricesIncludeTax: settings.pricesIncludeTax,
        taxRounding: settings.taxRounding,
      });
      expect(store.getState().totals).toEqual(expected);
    }
  });

  it('a price override prices the line at the new price', () => {
    const { store } = setup();
    store.getState().addProduct(WINE, 'scan');
    store.getState().setPriceOverride('3', 650, 'approval-1');
    expect(store.getState().totals.totalMinor).toBe(650);
    expect(store.getState().cartInput().lines).toEqual([{ productId: '3', quantity: 1, weighed: false, priceOverrideMinor: 650 }]);
    store.getState().setPriceOverride('3', null);
    expect(store.getState().totals.totalMinor).toBe(799);
    expect(store.getState().cartInput().lines).toEqual([{ productId: '3', quantity: 1, weighed: false }]);
  });

  it('a typed quantity above the line adds at once; below it records a void of the difference first', async () => {
    const { store, api } = setup();
    store.getState().addProduct(SOAP, 'scan');
    await store.getState().setQuantity('2', 5);
    expect(store.getState().lines[0]?.quantity).toBe(5);
    expect(api.callsTo('sale.void')).toEqual([]);

    const result = await store.getState().setQuantity('2', 3, 'approval-7');
    expect(result.ok).toBe(true);
    expect(store.getState().lines[0]?.quantity).toBe(3);
    // the cart as it is before the void: the core prices it with and without the 2 units
    expect(api.callsTo('sale.void')).toEqual([
      {
        cartId: store.getState().id,
        scope: 'line',
        productId: '2',
        quantity: 2,
        lines: [{ productId: '2', quantity: 5, weighed: false }],
        approvalId: 'approval-7',
      },
    ]);
  });

  it('a refused void leaves the line as it was and keeps the message', async () => {
    // a cashier without an approval: the core names what a manager must approve
    const core = createFakeCore({ catalogue: CATALOGUE });
    const { store } = setup({ 'sale.void': (input) => core.void(input) });
    store.getState().addProduct(MILK, 'scan');
    store.getState().addProduct(SOAP, 'scan');
    const result = await store.getState().removeLine('1');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.details).toMatchObject({
      needsApproval: [{ action: 'voidLine', targetId: store.getState().id, terms: { productId: '1', maxAmountMinor: 119 } }],
    });
    expect(store.getState().lines.map((line) => line.productId)).toEqual(['1', '2']);
    expect(store.getState().error?.message).toBe("Removing a line needs a manager's approval.");
  });

  it('voiding the cart records the total, then starts afresh (a new id next time)', async () => {
    const { store, api } = setup();
    store.getState().addProduct(WINE, 'scan');
    store.getState().addProduct(MILK, 'scan');
    const id = store.getState().id;
    await store.getState().voidCart('approval-9');
    expect(api.callsTo('sale.void')).toEqual([
      {
        cartId: id,
        scope: 'cart',
        lines: [
          { productId: '3', quantity: 1, weighed: false },
          { productId: '1', quantity: 1, weighed: false },
        ],
        approvalId: 'approval-9',
      },
    ]);
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
    store.getState().addProduct(MILK, 'scan');
    expect(store.getState().id).not.toBe(id);
  });

  it('keeps the manager’s approval and sends it with sale.complete; a failed sale keeps the cart and its id', async () => {
    const answers: Result<never>[] = [{ ok: false, error: { code: 'INSUFFICIENT_STOCK', message: 'Only 1 left in stock of “Red wine”.' } }];
    const { store, api } = setup({
      'sale.complete': (input) => answers.shift() ?? ok({ id: input.id, receiptCode: 'T1-000001' } as never),
    });
    store.getState().addProduct(WINE, 'scan');
    store.getState().addProduct(WINE, 'scan');
    // 25 % is over the cashier's 10 %: a manager approved it
    store.getState().setLineDiscount('3', { kind: 'percent', bp: 2500 }, 'approval-42');
    // a later discount within the limit does not drop the approval
    store.getState().setCartDiscount({ kind: 'percent', bp: 500 });
    expect(store.getState().approvalIds).toEqual(['approval-42']);
    const id = store.getState().id;
    const total = store.getState().totals.totalMinor;

    const first = await store.getState().checkout(paidInCash(total));
    expect(first.ok).toBe(false);
    expect(store.getState().lines).toHaveLength(1);
    expect(store.getState().id).toBe(id);

    const second = await store.getState().checkout(paidInCash(total));
    expect(second.ok).toBe(true);
    const calls = api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];
    expect(calls).toHaveLength(2);
    // the retry is the same sale: same id, same approval
    expect(calls[0]).toEqual(calls[1]);
    expect(calls[1]).toEqual({
      id,
      lines: [{ productId: '3', quantity: 2, weighed: false, discount: { kind: 'percent', bp: 2500 } }],
      cartDiscount: { kind: 'percent', bp: 500 },
      payments: paidInCash(total),
      approvalIds: ['approval-42'],
    });
    // done: the next cart is a new sale
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
    expect(store.getState().approvalIds).toEqual([]);
  });

  it('approvals a retry brings join the cart’s, each once, and go with every later try of the same sale', async () => {
    const answers: Result<never>[] = [
      { ok: false, error: { code: 'FORBIDDEN', message: 'A discount above your limit needs a manager’s approval.' } },
    ];
    const { store, api } = setup({
      'sale.complete': (input) => answers.shift() ?? ok({ id: input.id, receiptCode: 'T1-000001' } as never),
    });
    store.getState().addProduct(WINE, 'scan');
    store.getState().setPriceOverride('3', 650, 'approval-price');
    store.getState().setLineDiscount('3', { kind: 'percent', bp: 2500 }, 'approval-discount');
    expect(store.getState().approvalIds).toEqual(['approval-price', 'approval-discount']);
    const total = store.getState().totals.totalMinor;
    expect((await store.getState().checkout(paidInCash(total), ['approval-discount', 'approval-discount-2'])).ok).toBe(false);
    expect(store.getState().approvalIds).toEqual(['approval-price', 'approval-discount', 'approval-discount-2']);
    expect((await store.getState().checkout(paidInCash(total))).ok).toBe(true);
    const calls = api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];
    expect(calls.map((call) => call.approvalIds)).toEqual([
      ['approval-price', 'approval-discount', 'approval-discount-2'],
      ['approval-price', 'approval-discount', 'approval-discount-2'],
    ]);
    expect(calls.every((call) => call.approvalId === undefined)).toBe(true);
    // without any approval, the sale carries none
    store.getState().addProduct(MILK, 'scan');
    await store.getState().checkout(paidInCash(119));
    expect(api.callsTo('sale.complete').at(-1)).not.toHaveProperty('approvalIds');
  });

  it('parks the cart and resumes it, names and prices re-read from the catalogue', async () => {
    let parked: ChannelInput<'sale.park'> | null = null;
    const { store, api } = setup({
      'sale.park': (input) => {
        parked = input;
        return ok({
          id: input.id,
          label: input.label ?? 'Cart',
          staffName: 'Ada',
          totalMinor: 0,
          lineCount: input.lines.length,
          createdAt: 0,
        });
      },
      'sale.resume': (input) => {
        if (!parked) return { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } };
        return ok({ id: input.id, label: parked.label ?? '', lines: parked.lines, cartDiscount: parked.cartDiscount ?? null });
      },
    });
    store.getState().addProduct(MILK, 'scan');
    store.getState().addProduct(MILK, 'scan');
    store.getState().addProduct(SOAP, 'scan');
    store.getState().setLineDiscount('2', { kind: 'amount', minor: 20 });
    const id = store.getState().id ?? '';
    const totals = store.getState().totals;
    expect((await store.getState().park('  Table 4 ')).ok).toBe(true);
    expect(parked).toEqual({
      id,
      label: 'Table 4',
      lines: [
        { productId: '1', quantity: 2, weighed: false },
        { productId: '2', quantity: 1, weighed: false, discount: { kind: 'amount', minor: 20 } },
      ],
    });
    expect(store.getState().lines).toEqual([]);

    expect((await store.getState().resume(id)).ok).toBe(true);
    expect(api.callsTo('catalog.get')).toEqual([{ id: '1' }, { id: '2' }]);
    const state = store.getState();
    expect(state.id).toBe(id);
    expect(state.label).toBe('Table 4');
    expect(state.lines.map((line) => [line.name, line.quantity, line.unitPriceMinor])).toEqual([
      ['Milk 1 l', 2, 119],
      ['Dish soap', 1, 189],
    ]);
    expect(state.totals).toEqual(totals);
  });

  it('a parked line whose product changed between pieces and weight is left out, in words', async () => {
    const { store } = setup({
      'sale.resume': (input) =>
        ok({
          id: input.id,
          label: 'Table 9',
          lines: [
            { productId: '1', quantity: 750, weighed: true },
            { productId: '2', quantity: 1, weighed: false },
          ],
          cartDiscount: null,
        }),
    });
    expect((await store.getState().resume('018f0000-0000-7000-8000-000000000009')).ok).toBe(true);
    expect(store.getState().lines.map((line) => [line.name, line.quantity])).toEqual([['Dish soap', 1]]);
    expect(store.getState().error?.message).toBe(
      '“Milk 1 l” changed between pieces and weight since the cart was parked and was left out: scan it again.',
    );
  });

  it('does not resume over a cart that has lines', async () => {
    const { store, api } = setup();
    store.getState().addProduct(MILK, 'scan');
    const result = await store.getState().resume('018f0000-0000-7000-8000-000000000000');
    expect(result.ok).toBe(false);
    expect(api.callsTo('sale.resume')).toEqual([]);
  });

  it('keeps the server message of a failed scan, and refuses an off-sale product', async () => {
    const { store } = setup();
    await store.getState().scan('4006381333931');
    expect(store.getState().error?.message).toBe('No product has the barcode 4006381333931.');
    await store.getState().addHit(hit('9', 'Old stock', { active: false }));
    expect(store.getState().error?.message).toContain('“Old stock” is off sale');
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
  });
});
