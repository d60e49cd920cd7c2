import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCartStore, type Product } from '../../src/renderer/stores/cart';
import type { ChannelInput } from '../../src/shared/contract';
import { priceCart } from '../../src/shared/pricing';
import type { Result } from '../../src/shared/result';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions, createCoreApi } from './coreApi';
import { hit } from './fakeApi';
import { catalogItem, settingsWith } from './till';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const item = (id: string, name: string, priceMinor: number, taxRateBp: number, barcode: string): Product =>
  catalogItem(id, name, priceMinor, taxRateBp, { barcodes: [barcode] });

const MILK = item('1', 'Milk 1 l', 119, 550, '4000000000013');
const SOAP = item('2', 'Dish soap', 189, 2000, '4000000000020');
const WINE = item('3', 'Red wine', 799, 2000, '4000000000037');
const HAM = catalogItem('ham', 'Deli ham', 1990, 550, { soldByWeight: true, barcodes: ['2840213000002'], stockOnHand: 20_000 });
const CATALOGUE = [MILK, SOAP, WINE, HAM];

let opened: CoreApi[] = [];
afterEach(() => {
  for (const api of opened) api.close();
  opened = [];
});

/** A cart store in front of a real core (a temporary SQLite terminal with this catalogue). */
async function setup(options: CoreApiOptions = {}) {
  const api = await createCoreApi({ catalogue: CATALOGUE, ...options });
  opened.push(api);
  const weigh = vi.fn(() => true);
  const store = createCartStore(api, { settings: () => settingsWith(options.settings), weigh });
  const approve = (request: Omit<ChannelInput<'auth.approve'>, 'pin'>) =>
    api.call('auth.approve', { ...request, pin: CORE_MANAGER_PIN }).approvalId;
  return { api, store, weigh, approve };
}

const paidInCash = (amountMinor: number): ChannelInput<'sale.complete'>['payments'] => [
  { method: 'cash', amountMinor, tenderedMinor: amountMinor },
];

/** The audit rows of one action, as the core wrote them. */
const audited = (api: CoreApi, action: string) =>
  api.terminal.sqlite.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY rowid').all(action) as { details: string }[];

describe('cart store (a thin client of the core’s cart.* channels)', () => {
  it('the core starts the sale with a UUIDv7 at the first scan, and counts the same product up', async () => {
    const { store, api } = await setup();
    expect(store.getState().id).toBeNull();
    expect(await store.getState().scan('4000000000013')).toBe(true);
    const id = store.getState().id;
    expect(id).toMatch(UUID_V7);
    await store.getState().scan('4000000000013');
    await store.getState().addHit(hit('2', 'Dish soap', { priceMinor: 189 }));
    expect(store.getState().lines.map((line) => [line.name, line.quantity, line.taxRateBp])).toEqual([
      ['Milk 1 l', 2, 550],
      ['Dish soap', 1, 2000],
    ]);
    expect(store.getState().id).toBe(id);
    // one call per scan: the code goes to the core as it was read
    expect(api.callsTo('cart.addLine')).toEqual([{ code: '4000000000013' }, { code: '4000000000013' }, { productId: '2' }]);
    expect(store.getState().notice).toMatchObject({ name: 'Dish soap', quantity: 1, added: 1, source: 'list' });
    // the core holds it: a second window of the terminal (or this one reloaded) sees the same sale
    const other = createCartStore(api, { settings: () => settingsWith() });
    await other.getState().load();
    expect(other.getState().lines).toEqual(store.getState().lines);
    expect(other.getState().totals).toEqual(store.getState().totals);
  });

  it('a scale’s weight label goes straight onto the sale with its grams; a weighed product otherwise asks to weigh', async () => {
    const { store, weigh } = await setup({ settings: { scaleLabelPrefixes: ['28'] } });
    await store.getState().scan('2840213004123');
    expect(weigh).not.toHaveBeenCalled();
    expect(store.getState().lines.map((line) => [line.name, line.quantity, line.weighed])).toEqual([['Deli ham', 412, true]]);
    // 0.412 kg × €19.90 = €8.1988
    expect(store.getState().totals.totalMinor).toBe(820);

    expect(await store.getState().scan('2840213000002')).toBe(true);
    expect(weigh).toHaveBeenCalledWith(expect.objectContaining({ id: 'ham' }), 'scan');
    expect((await store.getState().addProduct(HAM, 'scan', 250)).ok).toBe(true);
    expect(store.getState().lines[0]?.quantity).toBe(662);
    expect(store.getState().notice).toMatchObject({ productId: 'ham', added: 250, quantity: 662, weighed: true });
  });

  it('the totals are the core’s, priced with the store’s tax settings', async () => {
    for (const settings of [settingsWith(), settingsWith({ pricesIncludeTax: false, taxRounding: 'total' })]) {
      const { store } = await setup({
        settings: { pricesIncludeTax: settings.pricesIncludeTax, taxRounding: settings.taxRounding },
      });
      await store.getState().addProduct(MILK, 'scan');
      await store.getState().addProduct(SOAP, 'scan');
      await store.getState().addProduct(WINE, 'scan');
      await store.getState().increase('1', 2);
      await store.getState().setLineDiscount('2', { kind: 'percent', bp: 500 });
      await store.getState().setCartDiscount({ kind: 'amount', minor: 100 });
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
      // 5 % on the soap and its share of the €1 off the sale: above the cashier's 10 %, the core says
      expect(store.getState().needsApproval.map((need) => need.action)).toEqual(['discount']);
    }
  });

  it('a price override is the core’s to price and to hold until a manager approves it', async () => {
    const { store, approve } = await setup();
    await store.getState().addProduct(WINE, 'scan');
    const id = store.getState().id ?? '';
    await store.getState().setPriceOverride('3', 650);
    expect(store.getState().totals.totalMinor).toBe(650);
    expect(store.getState().lines[0]).toMatchObject({ unitPriceMinor: 799, priceOverrideMinor: 650 });
    // not approved yet: the core says so, and would refuse the payment
    expect(store.getState().needsApproval).toMatchObject([{ action: 'priceOverride', targetId: id }]);
    const approvalId = approve({ action: 'priceOverride', targetId: id, terms: { productId: '3', priceMinor: 650, maxQuantity: 1 } });
    await store.getState().setPriceOverride('3', 650, approvalId);
    expect(store.getState().needsApproval).toEqual([]);
    expect(store.getState().approvalIds).toEqual([approvalId]);
    await store.getState().setPriceOverride('3', null);
    expect(store.getState().totals.totalMinor).toBe(799);
    expect(store.getState().lines[0]).not.toHaveProperty('priceOverrideMinor');
  });

  it('a typed quantity above the line adds at once; below it is a removal the core prices, records and needs a manager for', async () => {
    const { store, api, approve } = await setup();
    await store.getState().addProduct(SOAP, 'scan');
    await store.getState().setQuantity('2', 5);
    expect(store.getState().lines[0]?.quantity).toBe(5);
    // the next scan: the soap is no longer the item just scanned
    await store.getState().addProduct(MILK, 'scan');

    const refused = await store.getState().setQuantity('2', 3);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.details).toMatchObject({
      needsApproval: [{ action: 'voidLine', targetId: store.getState().id, terms: { productId: '2', maxAmountMinor: 378 } }],
    });
    expect(store.getState().lines[0]?.quantity).toBe(5);

    const approvalId = approve({ action: 'voidLine', targetId: store.getState().id ?? '', terms: { productId: '2', maxAmountMinor: 378 } });
    const result = await store.getState().setQuantity('2', 3, approvalId);
    expect(result.ok).toBe(true);
    expect(store.getState().lines[0]?.quantity).toBe(3);
    // recorded by the core with the amount it priced, not one the window sent
    expect(audited(api, 'sale.voidLine').map((row) => JSON.parse(row.details))).toMatchObject([{ quantity: 2, amountMinor: 378 }]);
  });

  it('taking off the item just scanned (or the + too many) is an error correction: no manager, recorded as such', async () => {
    const { store, api } = await setup();
    await store.getState().addProduct(MILK, 'scan');
    await store.getState().addProduct(SOAP, 'scan');
    await store.getState().increase('2');
    // the − after one + too many, then the soap itself: both corrections of the last scan
    expect((await store.getState().setQuantity('2', 1)).ok).toBe(true);
    expect((await store.getState().removeLine('2')).ok).toBe(true);
    expect(store.getState().lines.map((line) => line.productId)).toEqual(['1']);
    const rows = audited(api, 'sale.errorCorrect').map((row) => JSON.parse(row.details));
    expect(rows).toMatchObject([
      { productId: '2', quantity: 1, amountMinor: 189 },
      { productId: '2', quantity: 1, amountMinor: 189 },
    ]);
    // the milk was scanned before: taking it off is a void, a manager's
    const refused = await store.getState().removeLine('1');
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    // the X report counts them apart
    expect(api.call('shift.xReport', {})).toMatchObject({ errorCorrects: { count: 2, amountMinor: 378 }, lineVoids: { count: 0 } });
  });

  it('the store decides: always ask a manager, even for the item just scanned; or never ask', async () => {
    const strict = await setup({ settings: { removalApproval: 'always' } });
    await strict.store.getState().addProduct(MILK, 'scan');
    const refused = await strict.store.getState().removeLine('1');
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const lax = await setup({ settings: { removalApproval: 'never' } });
    await lax.store.getState().addProduct(MILK, 'scan');
    await lax.store.getState().addProduct(SOAP, 'scan');
    expect((await lax.store.getState().removeLine('1')).ok).toBe(true);
    expect((await lax.store.getState().voidCart()).ok).toBe(true);
    expect(audited(lax.api, 'sale.voidLine')).toHaveLength(1);
    expect(lax.api.call('shift.xReport', {})).toMatchObject({
      lineVoids: { count: 1, amountMinor: 119 },
      saleVoids: { count: 1, amountMinor: 189 },
    });
  });

  it('a refused removal leaves the line as it was and keeps the core’s message', async () => {
    const { store } = await setup();
    await store.getState().addProduct(MILK, 'scan');
    await store.getState().addProduct(SOAP, 'scan');
    const result = await store.getState().removeLine('1');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.details).toMatchObject({
      needsApproval: [{ action: 'voidLine', targetId: store.getState().id, terms: { productId: '1', maxAmountMinor: 119 } }],
    });
    expect(store.getState().lines.map((line) => line.productId)).toEqual(['1', '2']);
    expect(store.getState().error?.message).toMatch(/needs a manager/);
  });

  it('voiding the sale records its total in the core, then starts afresh (a new id next time)', async () => {
    const { store, api, approve } = await setup();
    await store.getState().addProduct(WINE, 'scan');
    await store.getState().addProduct(MILK, 'scan');
    const id = store.getState().id ?? '';
    const approvalId = approve({ action: 'voidCart', targetId: id, terms: { maxAmountMinor: 918 } });
    expect((await store.getState().voidCart(approvalId)).ok).toBe(true);
    expect(audited(api, 'sale.voidCart').map((row) => JSON.parse(row.details))).toMatchObject([{ amountMinor: 918 }]);
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
    expect(api.call('cart.current', {})).toBeNull();
    await store.getState().addProduct(MILK, 'scan');
    expect(store.getState().id).not.toBe(id);
  });

  it('the core keeps the manager’s approval and completes the sale it holds; a refused sale keeps the cart and its id', async () => {
    const { store, api, approve } = await setup();
    await store.getState().addProduct(WINE, 'scan');
    await store.getState().addProduct(WINE, 'scan');
    const id = store.getState().id ?? '';
    // 25 % is over the cashier's 10 %: a manager approved it
    const approvalId = approve({ action: 'discount', targetId: id, terms: { maxDiscountBp: 2900, maxAmountMinor: 500 } });
    await store.getState().setLineDiscount('3', { kind: 'percent', bp: 2500 }, approvalId);
    // a later discount within the limit does not drop the approval
    await store.getState().setCartDiscount({ kind: 'percent', bp: 500 });
    expect(store.getState().approvalIds).toEqual([approvalId]);
    const total = store.getState().totals.totalMinor;

    const short = await store.getState().checkout(paidInCash(total - 1));
    expect(short.ok).toBe(false);
    expect(store.getState().lines).toHaveLength(1);
    expect(store.getState().id).toBe(id);

    const paid = await store.getState().checkout(paidInCash(total));
    expect(paid.ok).toBe(true);
    // the window sends the id and the payments: the lines and approvals are the core's
    expect(api.callsTo('sale.complete').at(-1)).toEqual({ id, payments: paidInCash(total) });
    const sale = api.call('sale.get', { id });
    expect(sale.lines.map((line) => [line.productId, line.quantity])).toEqual([['3', 2]]);
    expect(sale.totalMinor).toBe(total);
    // done: the next cart is a new sale
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
    expect(store.getState().approvalIds).toEqual([]);
    expect(api.call('cart.current', {})).toBeNull();
  });

  it('an approval given at payment goes with that try; the same id again is the same sale, once', async () => {
    const { store, api, approve } = await setup();
    await store.getState().addProduct(WINE, 'scan');
    await store.getState().setLineDiscount('3', { kind: 'percent', bp: 2500 });
    const id = store.getState().id ?? '';
    const total = store.getState().totals.totalMinor;
    const refused = await store.getState().checkout(paidInCash(total));
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const approvalId = approve({ action: 'discount', targetId: id, terms: { maxDiscountBp: 2500, maxAmountMinor: 200 } });
    const paid = await store.getState().checkout(paidInCash(total), [approvalId]);
    expect(paid.ok).toBe(true);
    // the answer was lost and the window tries the same again: the stored sale, not a second one
    const again = (await api.invoke('sale.complete', { id, payments: paidInCash(total), approvalIds: [approvalId] })) as Result<{
      id: string;
    }>;
    expect(again.ok && again.data.id).toBe(id);
    expect(api.call('shift.xReport', {}).salesCount).toBe(1);
  });

  it('parks the sale in the core and resumes it, names and prices from the catalogue', async () => {
    const { store, api } = await setup();
    await store.getState().addProduct(MILK, 'scan');
    await store.getState().addProduct(MILK, 'scan');
    await store.getState().addProduct(SOAP, 'scan');
    await store.getState().setLineDiscount('2', { kind: 'amount', minor: 20 });
    const id = store.getState().id ?? '';
    const totals = store.getState().totals;
    expect((await store.getState().park('  Table 4 ')).ok).toBe(true);
    expect(api.callsTo('cart.park')).toEqual([{ label: 'Table 4' }]);
    expect(store.getState().lines).toEqual([]);
    expect(api.call('sale.listParked', {}).map((entry) => entry.label)).toEqual(['Table 4']);

    expect((await store.getState().resume(id)).ok).toBe(true);
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
    const { store, api } = await setup();
    await store.getState().addProduct(MILK, 'scan');
    await store.getState().addProduct(SOAP, 'scan');
    const id = store.getState().id ?? '';
    await store.getState().park('Table 9');
    api.call(
      'catalog.upsertProduct',
      { id: '1', sku: MILK.sku, name: MILK.name, priceMinor: 119, taxClassId: MILK.taxClassId, soldByWeight: true, stockOnHand: 0 },
      api.manager,
    );
    expect((await store.getState().resume(id)).ok).toBe(true);
    expect(store.getState().lines.map((line) => [line.name, line.quantity])).toEqual([['Dish soap', 1]]);
    expect(store.getState().error?.message).toBe(
      '“Milk 1 l” changed between pieces and weight since the cart was parked and was left out: scan it again.',
    );
  });

  it('does not resume over a sale that has lines', async () => {
    const { store, api } = await setup();
    await store.getState().addProduct(MILK, 'scan');
    const result = await store.getState().resume('018f0000-0000-7000-8000-000000000000');
    expect(result.ok).toBe(false);
    expect(api.callsTo('cart.resume')).toEqual([]);
  });

  it('keeps the core’s message of a failed scan, and the core refuses an off-sale product', async () => {
    const { store, api } = await setup();
    await store.getState().scan('4006381333931');
    expect(store.getState().error?.code).toBe('NOT_FOUND');
    expect(store.getState().error?.message).toContain('4006381333931');
    api.call('catalog.setActive', { id: '3', active: false }, api.manager);
    await store.getState().addHit(hit('3', 'Red wine'));
    expect(store.getState().error?.message).toBe('“Red wine” is off sale and cannot be added. A manager can put it back on sale.');
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().id).toBeNull();
  });

  it('changes go to the core in the order they were made, whatever order the answers would come in', async () => {
    const { store } = await setup();
    // a scanner burst: five scans before the first answer
    await Promise.all(
      ['4000000000013', '4000000000020', '4000000000013', '4000000000037', '4000000000013'].map((code) => store.getState().scan(code)),
    );
    expect(store.getState().lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['1', 3],
      ['2', 1],
      ['3', 1],
    ]);
    expect(store.getState().lookups).toBe(0);
  });
});
