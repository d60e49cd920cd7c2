import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { clampRefundQuantity, refundableQuantity, type Sale } from '../../src/renderer/checkout/refund';
import { createRefundStore } from '../../src/renderer/stores/refund';
import type { ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { refundPayBack, refundShare } from '../../src/shared/pricing';
import { createFakeApi, type FakeHandlers, hit, ok } from './fakeApi';
import { createFakeCore } from './fakeCore';
import { catalogItem, MANAGER, renderTill, settingsWith } from './till';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const eur = (minor: number) => formatMoney(minor, 'EUR');

function line(id: string, name: string, quantity: number, refundedQuantity: number, totalMinor: number): Sale['lines'][number] {
  return {
    id,
    lineNo: 1,
    productId: `prod-${id}`,
    sku: `SKU-${id}`,
    name,
    quantity,
    weighed: false,
    unitPriceMinor: Math.round(totalMinor / quantity),
    listPriceMinor: null,
    taxRateBp: 2000,
    grossMinor: totalMinor,
    lineDiscountMinor: 0,
    cartDiscountMinor: 0,
    taxMinor: Math.round(totalMinor / 6),
    totalMinor,
    originalLineId: null,
    restock: null,
    refundedQuantity,
  };
}

// three lines: apples (3 sold, 1 refunded before), a discounted kettle, tea already refunded in full
const SALE: Sale = {
  id: 'sale-1',
  kind: 'sale',
  terminalId: 'T1',
  receiptNo: 42,
  receiptCode: 'T1-000042',
  originalSaleId: null,
  shiftId: 'shift-1',
  staffId: 's1',
  staffName: 'Ada Lovelace',
  approvedBy: null,
  createdAt: Date.UTC(2025, 0, 6, 10, 30),
  currency: 'EUR',
  pricesIncludeTax: true,
  subtotalMinor: 4000,
  discountMinor: 0,
  taxMinor: 600,
  totalMinor: 3998,
  cashRoundingMinor: 0,
  changeMinor: 0,
  lines: [line('l1', 'Apples', 3, 1, 299), line('l2', 'Kettle', 1, 0, 2999), line('l3', 'Green tea', 2, 2, 700)],
  payments: [
    { id: 'p1', method: 'card', amountMinor: 2000, tenderedMinor: null, changeMinor: null, approvalCode: null, cardLast4: null },
    { id: 'p2', method: 'cash', amountMinor: 1998, tenderedMinor: 2000, changeMinor: 2, approvalCode: null, cardLast4: null },
  ],
  taxes: [],
  refundIds: [],
  refunded: { totalMinor: 0, cardMinor: 0, cashMinor: 0 },
  journalSeq: 3,
};

type Found = ChannelOutput<'sale.find'>;

function refundResult(input: ChannelInput<'sale.refund'>): ChannelOutput<'sale.refund'> {
  return {
    ...SALE,
    id: input.id,
    kind: 'refund',
    receiptNo: 43,
    receiptCode: 'T1-000043',
    originalSaleId: SALE.id,
    lines: [],
    payments: [],
  };
}

function refundApi(handlers: FakeHandlers = {}) {
  return createFakeApi({
    'sale.find': (input) =>
      ok<Found>(
        input.receipt === 'T1-000042' || input.receipt === '42'
          ? [{ id: SALE.id, kind: 'sale', receiptNo: 42, receiptCode: 'T1-000042', createdAt: SALE.createdAt, totalMinor: SALE.totalMinor }]
          : [],
      ),
    'sale.get': () => ok(SALE),
    'sale.refund': (input) => ok(refundResult(input)),
    ...handlers,
  });
}

describe('refund line limits', () => {
  it('what is left of a line is what was sold minus what was refunded', () => {
    expect(SALE.lines.map(refundableQuantity)).toEqual([2, 1, 0]);
    expect(clampRefundQuantity(line('x', 'X', 3, 1, 300), 5)).toBe(2);
    expect(clampRefundQuantity(line('x', 'X', 3, 1, 300), -1)).toBe(0);
    expect(clampRefundQuantity(line('x', 'X', 3, 3, 300), 1)).toBe(0);
  });
});

describe('refund store', () => {
  it('finds the sale by its receipt code, and keeps every quantity within what is left', async () => {
    const store = createRefundStore(refundApi(), () => settingsWith());
    await store.getState().find('  T1-000042 ');
    const state = store.getState();
    expect(state.step).toBe('lines');
    expect(state.refundId).toMatch(UUID_V7);

    state.setQuantity('l1', 5);
    state.setQuantity('l2', 1);
    state.setQuantity('l3', 1);
    expect([...store.getState().picks].map(([id, pick]) => [id, pick.quantity])).toEqual([
      ['l1', 2],
      ['l2', 1],
      ['l3', 0],
    ]);
    store.getState().setQuantity('l1', -3);
    expect(store.getState().picks.get('l1')?.quantity).toBe(0);
    store.getState().pickAll();
    expect([...store.getState().picks.values()].map((pick) => pick.quantity)).toEqual([2, 1, 0]);
  });

  it('previews the money with the core’s refund shares, and sends only the picked lines', async () => {
    const api = refundApi();
    const store = createRefundStore(api, () => settingsWith({ cashRoundingStep: 5 }));
    await store.getState().find('42');
    store.getState().setQuantity('l1', 1);
    store.getState().setRestock('l1', false);
    store.getState().setQuantity('l2', 1);
    store.getState().setPayBack('cash');
    store.getState().setReason(' wrong size ');
    const share = refundShare({ quantity: 3, totalMinor: 299, taxMinor: 50 }, 1, 1).totalMinor + 2999;
    expect(store.getState().money()).toMatchObject({ totalMinor: share, cardMinor: 0, units: 2 });
    expect(store.getState().money().cashMinor % 5).toBe(0);

    const id = store.getState().refundId;
    const result = await store.getState().submit();
    expect(result.ok).toBe(true);
    expect(api.callsTo('sale.refund')).toEqual([
      {
        id,
        originalSaleId: 'sale-1',
        lines: [
          { originalLineId: 'l1', quantity: 1, restock: false },
          { originalLineId: 'l2', quantity: 1, restock: true },
        ],
        payBack: 'cash',
        reason: 'wrong size',
      },
    ]);
    expect(store.getState().step).toBe('done');
  });

  it('as paid: card first (up to what the card paid), the rest in cash', async () => {
    const store = createRefundStore(refundApi(), () => settingsWith());
    await store.getState().find('42');
    store.getState().pickAll();
    const money = store.getState().money();
    expect(money.cardMinor).toBe(2000);
    expect(money.cashMinor).toBe(money.totalMinor - 2000);
  });

  it('after earlier refunds, the preview pays back on the running totals, as the core will (refundPayBack)', async () => {
    // €9.99 went back before, all of it to the card
    const refunded = { totalMinor: 999, cardMinor: 999, cashMinor: 0 };
    const api = refundApi({ 'sale.get': () => ok({ ...SALE, refundIds: ['refund-0'], refunded }) });
    const store = createRefundStore(api, () => settingsWith({}));
    await store.getState().find('42');
    store.getState().setQuantity('l2', 1);
    const money = store.getState().money();
    // as paid, the card gets the €10.01 it has left, the rest in cash: everything paid has then gone back
    expect(money).toEqual({ totalMinor: 2999, cardMinor: 1001, cashMinor: 1998, roundingMinor: 0, units: 1 });
    expect(money).toMatchObject(
      refundPayBack({
        method: 'original',
        refundMinor: 2999,
        saleCardMinor: 2000,
        salePaidMinor: 3998,
        earlierTotalMinor: 999,
        earlierCardMinor: 999,
        earlierCashMinor: 0,
        cashRoundingStep: 1,
      }),
    );
    // all by card is still all by card
    store.getState().setPayBack('card');
    expect(store.getState().money()).toMatchObject({ cardMinor: 2999, cashMinor: 0 });
  });

  it('nothing picked is explained and nothing is sent; a failed refund keeps its id for the retry', async () => {
    let fail = true;
    const api = refundApi({
      'sale.refund': (input) =>
        fail
          ? { ok: false, error: { code: 'INTERNAL', message: 'The terminal service did not answer in time. Try again.' } }
          : ok(refundResult(input)),
    });
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find('42');
    expect((await store.getState().submit()).ok).toBe(false);
    expect(store.getState().error?.message).toBe('Choose what comes back: at least one unit of one line.');
    expect(api.callsTo('sale.refund')).toEqual([]);

    store.getState().setQuantity('l2', 1);
    await store.getState().submit();
    fail = false;
    await store.getState().submit();
    const [first, second] = api.callsTo('sale.refund') as ChannelInput<'sale.refund'>[];
    expect(second?.id).toBe(first?.id);
  });

  it('a receipt nobody sold, or a refund’s receipt, is explained', async () => {
    const store = createRefundStore(
      refundApi({
        'sale.find': (input) =>
          ok<Found>(
            input.receipt === '43'
              ? [{ id: 'r1', kind: 'refund', receiptNo: 43, receiptCode: 'T1-000043', createdAt: 0, totalMinor: 100 }]
              : [],
          ),
      }),
      () => settingsWith(),
    );
    await store.getState().find('99');
    expect(store.getState().error?.message).toContain('No sale has the receipt 99');
    await store.getState().find('43');
    expect(store.getState().error?.message).toContain('is the receipt of a refund');
    expect(store.getState().step).toBe('find');
  });
});

describe('refund dialog', () => {
  afterEach(() => cleanup());

  it('F8, the receipt code, + up to what is left, then the refund receipt', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({
      'sale.find': refundApi().handlers['sale.find'],
      'sale.get': () => ok(SALE),
      'sale.refund': (input) => ok(refundResult(input)),
    });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), 'T1-000042{Enter}');
    await within(dialog).findByText('Receipt T1-000042');

    const rows = within(dialog).getAllByTestId('refund-line');
    const apples = rows[0] as HTMLElement;
    const more = within(apples).getByRole('button', { name: 'One more Apples' });
    await user.click(more);
    await user.click(more);
    expect(more).toHaveProperty('disabled', true);
    expect((within(apples).getByLabelText(/Refund quantity of Apples/) as HTMLInputElement).value).toBe('2');
    // typed too many: kept at what is left
    await user.clear(within(rows[1] as HTMLElement).getByLabelText(/Refund quantity of Kettle/));
    await user.type(within(rows[1] as HTMLElement).getByLabelText(/Refund quantity of Kettle/), '7');
    expect((within(rows[1] as HTMLElement).getByLabelText(/Refund quantity of Kettle/) as HTMLInputElement).value).toBe('1');
    // tea went back before
    expect(within(rows[2] as HTMLElement).getByText('Refunded in full')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).queryByRole('button')).toBeNull();

    const total = refundShare({ quantity: 3, totalMinor: 299, taxMinor: 50 }, 1, 2).totalMinor + 2999;
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(total)}` }));
    const done = await screen.findByRole('dialog', { name: 'Refund complete' });
    expect(within(done).getByTitle('Refund receipt').getAttribute('sandbox')).toBe('');
    expect((api.callsTo('sale.refund')[0] as ChannelInput<'sale.refund'>).lines).toEqual([
      { originalLineId: 'l1', quantity: 2, restock: true },
      { originalLineId: 'l2', quantity: 1, restock: true },
    ]);
  });

  it('the preview of a sale refunded in part before: the card gets back only what it has not had yet', async () => {
    const user = userEvent.setup();
    // the apple and the tea went back before, €8.00, all to the card (as paid: the card first)
    const sale: Sale = { ...SALE, refundIds: ['refund-0'], refunded: { totalMinor: 800, cardMinor: 800, cashMinor: 0 } };
    const { api } = await renderTill({
      'sale.find': refundApi().handlers['sale.find'],
      'sale.get': () => ok(sale),
      'sale.refund': (input) => ok(refundResult(input)),
    });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), '42{Enter}');
    await within(dialog).findByText('Receipt T1-000042');
    await user.click(within(dialog).getByRole('button', { name: 'Everything that is left' }));

    // the 2 apples and the kettle: €31.98, of which the card gets the €12.00 it has left, the rest in cash
    const total = refundShare({ quantity: 3, totalMinor: 299, taxMinor: 50 }, 1, 2).totalMinor + 2999;
    expect(total).toBe(3198);
    const split = refundPayBack({
      method: 'original',
      refundMinor: total,
      saleCardMinor: 2000,
      salePaidMinor: 3998,
      earlierTotalMinor: 800,
      earlierCardMinor: 800,
      earlierCashMinor: 0,
      cashRoundingStep: 1,
    });
    expect(split).toEqual({ cardMinor: 1200, cashMinor: 1998, roundingMinor: 0 });
    expect(within(dialog).getByText(`3 items · card ${eur(1200)} + cash ${eur(1998)}`)).toBeTruthy();
    // (had nothing gone back before, the card would get its €20.00 and cash €11.98)
    expect(within(dialog).queryByText(`3 items · card ${eur(2000)} + cash ${eur(1198)}`)).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(total)}` }));
    await screen.findByRole('dialog', { name: 'Refund complete' });
    expect((api.callsTo('sale.refund')[0] as ChannelInput<'sale.refund'>).payBack).toBe('original');
  });

  it('a cashier refunds without a receipt: no PIN up front; at submit the manager approves its amount, and the same refund goes through', async () => {
    const user = userEvent.setup();
    const core = createFakeCore({ pin: '1357' });
    const umbrella = catalogItem('p9', 'Umbrella', 1500);
    const { api } = await renderTill({
      'auth.approve': (input) => core.approve(input),
      'catalog.search': () => ok({ items: [hit('p9', 'Umbrella', { priceMinor: 1500 })], nextCursor: null }),
      'catalog.get': () => ok(umbrella),
      // the core prices the refund at today's price and names that amount for the manager
      'sale.refund': (input) => {
        const refused = core.checkRefundNoReceipt(input, 1500);
        return refused ? { ok: false, error: refused } : ok(refundResult(input));
      },
    });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.click(within(dialog).getByRole('button', { name: 'Refund without a receipt' }));
    const find = await within(dialog).findByLabelText('Product brought back');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(api.callsTo('auth.approve')).toEqual([]);

    await user.type(find, 'umbr');
    await user.click(await within(dialog).findByRole('button', { name: /Umbrella/ }));
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(1500)}` }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('A refund without a receipt.')).toBeTruthy();
    const [first] = api.callsTo('sale.refund') as ChannelInput<'sale.refund'>[];
    expect(first).toEqual({
      id: expect.stringMatching(UUID_V7),
      lines: [{ productId: 'p9', quantity: 1, restock: true }],
      payBack: 'cash',
    });

    await user.keyboard('1357{Enter}');
    await screen.findByRole('dialog', { name: 'Refund complete' });
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: '1357', action: 'refundNoReceipt', targetId: first?.id, terms: { maxAmountMinor: 1500 } },
    ]);
    // the same refund, now with the approval
    expect(api.callsTo('sale.refund')).toEqual([first, { ...first, approvalId: 'approval-refundNoReceipt' }]);
  });

  it('a manager goes straight to the refund without a receipt', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({}, { staff: MANAGER });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.click(within(dialog).getByRole('button', { name: 'Refund without a receipt' }));
    await within(dialog).findByLabelText('Product brought back');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(api.callsTo('auth.approve')).toEqual([]);
  });
});
