import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { clampRefundQuantity, refundableQuantity } from '../../src/renderer/checkout/refund';
import { createRefundStore } from '../../src/renderer/stores/refund';
import { withCheckDigit } from '../../src/shared/barcode';
import type { ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { refundPayBack, refundShare } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions, createCoreApi } from './coreApi';
import { catalogItem, renderCoreTill, settingsWith } from './till';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const eur = (minor: number) => formatMoney(minor, 'EUR');

const APPLES = catalogItem('p-apples', 'Apples', 100, 2000, { barcodes: [withCheckDigit('400000000101')] });
const KETTLE = catalogItem('p-kettle', 'Kettle', 2999, 2000, { barcodes: [withCheckDigit('400000000102')] });
const TEA = catalogItem('p-tea', 'Green tea', 350, 2000, { barcodes: [withCheckDigit('400000000103')] });
const UMBRELLA = catalogItem('p9', 'Umbrella', 1500, 2000, { barcodes: [withCheckDigit('400000000109')] });
const CATALOGUE = [APPLES, KETTLE, TEA, UMBRELLA];

type Sale = ChannelOutput<'sale.get'>;

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

/** The whole app in front of a real core selling the catalogue: the cashier (or the manager) logged in, a shift open. */
async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE, ...options });
  opened.push(rendered.api);
  return rendered;
}

/**
 * The sale every test refunds from, completed by the core for the window's cashier: 3 apples with
 * a cent off the three (€2.99, so their shares are uneven), a kettle and 2 green teas, €39.98 paid
 * €20.00 by card and €19.98 in cash. Unless told otherwise, an apple and both teas were refunded
 * since (as paid: €8.00, all to the card).
 */
function sell(api: CoreApi, { refundBefore = true } = {}): Sale {
  const id = uuidv7(Date.now());
  api.call(
    'sale.complete',
    {
      id,
      lines: [
        { productId: APPLES.id, quantity: 3, discount: { kind: 'amount', minor: 1 } },
        { productId: KETTLE.id, quantity: 1 },
        { productId: TEA.id, quantity: 2 },
      ],
      payments: [
        { method: 'card', amountMinor: 2000 },
        { method: 'cash', amountMinor: 1998, tenderedMinor: 2000 },
      ],
    },
    api.session,
  );
  if (refundBefore) {
    const sold = api.call('sale.get', { id }, api.session);
    api.call(
      'sale.refund',
      {
        id: uuidv7(Date.now()),
        originalSaleId: id,
        lines: [
          { originalLineId: lineIdOf(sold, 'Apples'), quantity: 1, restock: true },
          { originalLineId: lineIdOf(sold, 'Green tea'), quantity: 2, restock: true },
        ],
        payBack: 'original',
      },
      api.session,
    );
  }
  return api.call('sale.get', { id }, api.session);
}

const lineIdOf = (sale: Sale, name: string) => sale.lines.find((line) => line.name === name)?.id ?? '';
const lineOf = (sale: Sale, name: string) => sale.lines.find((line) => line.name === name) as Sale['lines'][number];

/** The refund the core stored last for `sale`. */
function lastRefund(api: CoreApi, sale: Sale): Sale {
  const refundId = api.call('sale.get', { id: sale.id }).refundIds.at(-1) ?? '';
  return api.call('sale.get', { id: refundId });
}

/** What a refund gave back, as the core stored it: line by line, and by tender. */
const refundedLines = (refund: Sale) => refund.lines.map((line) => [line.originalLineId ?? line.productId, line.quantity, line.restock]);
const paidBack = (refund: Sale) => refund.payments.map((payment) => [payment.method, payment.amountMinor]);

const stockOf = (api: CoreApi, productId: string) => api.call('catalog.get', { id: productId }).stockOnHand;

/** The audit rows of one action, as the core wrote them. */
function audited(api: CoreApi, action: string) {
  const rows = api.terminal.sqlite
    .prepare(
      'SELECT actor_staff_id AS actor, approver_staff_id AS approver, entity_id AS entityId, details FROM audit_log WHERE action = ? ORDER BY rowid',
    )
    .all(action) as { actor: string; approver: string | null; entityId: string; details: string }[];
  return rows.map(({ details, ...row }) => ({ ...row, ...(JSON.parse(details) as object) }));
}

describe('refund line limits', () => {
  it('what is left of a line is what was sold minus what was refunded', async () => {
    const api = await core();
    expect(sell(api).lines.map(refundableQuantity)).toEqual([2, 1, 0]);
    expect(clampRefundQuantity({ quantity: 3, refundedQuantity: 1 }, 5)).toBe(2);
    expect(clampRefundQuantity({ quantity: 3, refundedQuantity: 1 }, -1)).toBe(0);
    expect(clampRefundQuantity({ quantity: 3, refundedQuantity: 3 }, 1)).toBe(0);
  });
});

describe('refund store', () => {
  it('finds the sale by its receipt code, and keeps every quantity within what is left', async () => {
    const api = await core();
    const sale = sell(api);
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find(`  ${sale.receiptCode} `);
    const state = store.getState();
    expect(state.step).toBe('lines');
    expect(state.sale?.id).toBe(sale.id);
    expect(state.refundId).toMatch(UUID_V7);

    const [apples, kettle, tea] = ['Apples', 'Kettle', 'Green tea'].map((name) => lineIdOf(sale, name)) as [string, string, string];
    state.setQuantity(apples, 5);
    state.setQuantity(kettle, 1);
    state.setQuantity(tea, 1);
    expect([...store.getState().picks].map(([id, pick]) => [id, pick.quantity])).toEqual([
      [apples, 2],
      [kettle, 1],
      [tea, 0],
    ]);
    store.getState().setQuantity(apples, -3);
    expect(store.getState().picks.get(apples)?.quantity).toBe(0);
    store.getState().pickAll();
    expect([...store.getState().picks.values()].map((pick) => pick.quantity)).toEqual([2, 1, 0]);
  });

  it('previews the money with the core’s refund shares, and the core refunds exactly the picked lines for it', async () => {
    const api = await core();
    const sale = sell(api);
    // the store rounds cash to 5 cents from now on
    api.call('settings.update', { cashRoundingStep: 5 }, api.manager);
    const store = createRefundStore(api, () => settingsWith({ cashRoundingStep: 5 }));
    await store.getState().find(String(sale.receiptNo));
    const [apples, kettle] = [lineIdOf(sale, 'Apples'), lineIdOf(sale, 'Kettle')];
    store.getState().setQuantity(apples, 1);
    store.getState().setRestock(apples, false);
    store.getState().setQuantity(kettle, 1);
    store.getState().setPayBack('cash');
    store.getState().setReason(' wrong size ');
    // the second of the three apples: its share of the €2.99 they were charged
    const share = refundShare(lineOf(sale, 'Apples'), 1, 1).totalMinor + 2999;
    const money = store.getState().money();
    expect(money).toMatchObject({ totalMinor: share, cardMinor: 0, units: 2 });
    expect(money.cashMinor % 5).toBe(0);

    // card-paid money handed out in cash: the core names what a manager must allow
    const id = store.getState().refundId ?? '';
    const refused = await store.getState().submit();
    expect(!refused.ok && refused.error.details?.needsApproval).toMatchObject([{ action: 'refundTender', targetId: id }]);
    const [need] = (!refused.ok && (refused.error.details?.needsApproval as { terms: { maxAmountMinor: number } }[])) || [];
    const approvalId = api.call('auth.approve', {
      pin: CORE_MANAGER_PIN,
      action: 'refundTender',
      targetId: id,
      terms: { maxAmountMinor: need?.terms.maxAmountMinor ?? 0 },
    }).approvalId;
    const apple = stockOf(api, APPLES.id);
    const kettles = stockOf(api, KETTLE.id);
    expect((await store.getState().submit(approvalId)).ok).toBe(true);
    expect(store.getState().step).toBe('done');

    // only the picked lines, the apple kept off the shelf; paid back in cash, as previewed
    const refund = api.call('sale.get', { id });
    expect(refund.originalSaleId).toBe(sale.id);
    expect(refundedLines(refund)).toEqual([
      [apples, 1, false],
      [kettle, 1, true],
    ]);
    expect(refund.totalMinor).toBe(share);
    expect(paidBack(refund)).toEqual([['cash', money.cashMinor]]);
    expect(refund.cashRoundingMinor).toBe(money.roundingMinor);
    expect([stockOf(api, APPLES.id), stockOf(api, KETTLE.id)]).toEqual([apple, kettles + 1]);
    expect(audited(api, 'sale.refund').at(-1)).toMatchObject({
      entityId: id,
      actor: api.staffIds.cashier,
      approver: api.staffIds.manager,
      reason: 'wrong size',
    });
  });

  it('as paid: card first (up to what the card paid), the rest in cash', async () => {
    const api = await core();
    const sale = sell(api, { refundBefore: false });
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find(sale.receiptCode);
    store.getState().pickAll();
    const money = store.getState().money();
    expect(money).toMatchObject({ totalMinor: 3998, cardMinor: 2000, cashMinor: 1998 });

    expect((await store.getState().submit()).ok).toBe(true);
    expect(paidBack(lastRefund(api, sale))).toEqual([
      ['card', 2000],
      ['cash', 1998],
    ]);
  });

  it('after earlier refunds, the preview pays back on the running totals, as the core does (refundPayBack)', async () => {
    const api = await core();
    const sale = sell(api);
    // €8.00 went back before, all of it to the card
    expect(sale.refunded).toEqual({ totalMinor: 800, cardMinor: 800, cashMinor: 0, pointsMinor: 0 });
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find(sale.receiptCode);
    store.getState().setQuantity(lineIdOf(sale, 'Kettle'), 1);
    const money = store.getState().money();
    // as paid, the card gets the €12.00 it has left, the rest in cash
    expect(money).toEqual({ totalMinor: 2999, cardMinor: 1200, cashMinor: 1799, roundingMinor: 0, pointsMinor: 0, units: 1 });
    expect(money).toMatchObject(
      refundPayBack({
        method: 'original',
        refundMinor: 2999,
        saleCardMinor: 2000,
        salePaidMinor: 3998,
        earlierTotalMinor: 800,
        earlierCardMinor: 800,
        earlierCashMinor: 0,
        cashRoundingStep: 1,
      }),
    );
    // all by card is still all by card
    store.getState().setPayBack('card');
    expect(store.getState().money()).toMatchObject({ cardMinor: 2999, cashMinor: 0 });

    // and what the core paid back is the preview
    store.getState().setPayBack('original');
    expect((await store.getState().submit()).ok).toBe(true);
    expect(paidBack(lastRefund(api, sale))).toEqual([
      ['card', 1200],
      ['cash', 1799],
    ]);
  });

  it('nothing picked is explained and nothing is sent; a refund whose answer was lost keeps its id, and the retry is the same refund', async () => {
    const api = await core();
    const sale = sell(api);
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find(sale.receiptCode);
    expect((await store.getState().submit()).ok).toBe(false);
    expect(store.getState().error?.message).toBe('Choose what comes back: at least one unit of one line.');
    expect(api.callsTo('sale.refund')).toEqual([]);

    // the core stores the refund, but its answer never reaches the window
    api.handlers['sale.refund'] = async (input) => {
      await api.terminal.router.invokeAsync('sale.refund', input, api.session);
      return { ok: false, error: { code: 'INTERNAL', message: 'The terminal service did not answer in time. Try again.' } };
    };
    store.getState().setQuantity(lineIdOf(sale, 'Kettle'), 1);
    const id = store.getState().refundId;
    expect((await store.getState().submit()).ok).toBe(false);
    expect(store.getState().error?.message).toBe('The terminal service did not answer in time. Try again.');
    delete api.handlers['sale.refund'];
    expect((await store.getState().submit()).ok).toBe(true);

    expect(api.callsTo('sale.refund').map((input) => (input as { id: string }).id)).toEqual([id, id]);
    // one refund of the kettle, not two: the earlier refund and this one
    const refunds = api.call('sale.get', { id: sale.id }).refundIds;
    expect(refunds).toHaveLength(2);
    expect(refunds.at(-1)).toBe(id);
    expect(api.call('shift.xReport', {}, api.session)).toMatchObject({ refundsCount: 2, refundsTotalMinor: 800 + 2999 });
  });

  it('a receipt nobody sold, or a refund’s receipt, is explained', async () => {
    const api = await core();
    const sale = sell(api);
    const earlier = api.call('sale.get', { id: sale.refundIds[0] ?? '' });
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().find('99');
    expect(store.getState().error?.message).toContain('No sale has the receipt 99');
    await store.getState().find(String(earlier.receiptNo));
    expect(store.getState().error?.message).toContain('is the receipt of a refund');
    expect(store.getState().step).toBe('find');
  });
});

describe('refund dialog', () => {
  it('F8, the receipt code, + up to what is left, then the refund receipt', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const sale = sell(api);
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), `${sale.receiptCode}{Enter}`);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);

    const [apples, kettle, tea] = within(dialog).getAllByTestId('refund-line') as HTMLElement[];
    const more = within(apples as HTMLElement).getByRole('button', { name: 'One more Apples' });
    await user.click(more);
    await user.click(more);
    expect(more).toHaveProperty('disabled', true);
    expect((within(apples as HTMLElement).getByLabelText(/Refund quantity of Apples/) as HTMLInputElement).value).toBe('2');
    // typed too many: kept at what is left
    const kettles = within(kettle as HTMLElement).getByLabelText(/Refund quantity of Kettle/) as HTMLInputElement;
    await user.clear(kettles);
    await user.type(kettles, '7');
    expect(kettles.value).toBe('1');
    // tea went back before
    expect(within(tea as HTMLElement).getByText('Refunded in full')).toBeTruthy();
    expect(within(tea as HTMLElement).queryByRole('button')).toBeNull();

    const total = refundShare(lineOf(sale, 'Apples'), 1, 2).totalMinor + 2999;
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(total)}` }));
    const done = await screen.findByRole('dialog', { name: 'Refund complete' });
    const refund = lastRefund(api, sale);
    expect(within(done).getByText(`Refund receipt ${refund.receiptCode}`)).toBeTruthy();
    const receipt = within(done).getByTitle('Refund receipt');
    expect(receipt.getAttribute('sandbox')).toBe('');
    // the core's own rendering of the refund it stored
    expect(receipt.getAttribute('srcdoc')).toContain(refund.receiptCode);
    expect(refundedLines(refund)).toEqual([
      [lineIdOf(sale, 'Apples'), 2, true],
      [lineIdOf(sale, 'Kettle'), 1, true],
    ]);
    // back on the shelf: everything sold is in stock again
    expect([stockOf(api, APPLES.id), stockOf(api, KETTLE.id), stockOf(api, TEA.id)]).toEqual([50, 50, 50]);
  });

  it('the preview of a sale refunded in part before: the card gets back only what it has not had yet, and the core pays that', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    // the apple and the tea went back before, €8.00, all to the card (as paid: the card first)
    const sale = sell(api);
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.type(within(dialog).getByLabelText('Receipt'), `${sale.receiptNo}{Enter}`);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);
    await user.click(within(dialog).getByRole('button', { name: 'Everything that is left' }));

    // the 2 apples and the kettle: €31.98, of which the card gets the €12.00 it has left, the rest in cash
    const total = refundShare(lineOf(sale, 'Apples'), 1, 2).totalMinor + 2999;
    expect(total).toBe(3198);
    const split = refundPayBack({
      method: 'original',
      refundMinor: total,
      saleCardMinor: 2000,
      salePaidMinor: 3998,
      earlierTotalMinor: sale.refunded.totalMinor,
      earlierCardMinor: sale.refunded.cardMinor,
      earlierCashMinor: sale.refunded.cashMinor,
      cashRoundingStep: 1,
    });
    expect(split).toEqual({ cardMinor: 1200, cashMinor: 1998, roundingMinor: 0 });
    expect(within(dialog).getByText(`3 items · card ${eur(1200)} + cash ${eur(1998)}`)).toBeTruthy();
    // (had nothing gone back before, the card would get its €20.00 and cash €11.98)
    expect(within(dialog).queryByText(`3 items · card ${eur(2000)} + cash ${eur(1198)}`)).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(total)}` }));
    const done = await screen.findByRole('dialog', { name: 'Refund complete' });
    expect(within(done).getByTestId('refund-cash').textContent).toBe(eur(1998));
    expect(paidBack(lastRefund(api, sale))).toEqual([
      ['card', 1200],
      ['cash', 1998],
    ]);
    // everything paid has now gone back, each tender what it paid
    expect(api.call('sale.get', { id: sale.id }).refunded).toEqual({ totalMinor: 3998, cardMinor: 2000, cashMinor: 1998, pointsMinor: 0 });
  });

  it('a cashier refunds without a receipt: no PIN up front; at submit the manager approves its amount, and the same refund goes through', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.click(within(dialog).getByRole('button', { name: 'Refund without a receipt' }));
    const find = await within(dialog).findByLabelText('Product brought back');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(api.callsTo('auth.approve')).toEqual([]);

    await user.type(find, 'umbr');
    await user.click(await within(dialog).findByRole('button', { name: /Umbrella/ }));
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(1500)}` }));
    // the core priced it at today's price and refused it until a manager allows that amount
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('A refund without a receipt.')).toBeTruthy();
    const [first] = api.callsTo('sale.refund') as { id: string }[];
    expect(first?.id).toMatch(UUID_V7);
    expect(api.call('shift.xReport', {}, api.session).refundsCount).toBe(0);

    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await screen.findByRole('dialog', { name: 'Refund complete' });
    // the same refund, now approved by the manager: stored once, at today's price, the umbrella back in stock
    const refund = api.call('sale.get', { id: first?.id ?? '' });
    expect(refund).toMatchObject({ kind: 'refund', originalSaleId: null, staffId: api.staffIds.cashier, approvedBy: api.staffIds.manager });
    expect(refundedLines(refund)).toEqual([[UMBRELLA.id, 1, true]]);
    expect(paidBack(refund)).toEqual([['cash', 1500]]);
    expect(stockOf(api, UMBRELLA.id)).toBe(51);
    expect(audited(api, 'sale.refundNoReceipt')).toMatchObject([
      { entityId: first?.id, actor: api.staffIds.cashier, approver: api.staffIds.manager, totalMinor: 1500 },
    ]);
    expect(api.call('shift.xReport', {}, api.session)).toMatchObject({ refundsCount: 1, refundsTotalMinor: 1500 });
  });

  it('a manager goes straight to the refund without a receipt, and refunds it without a PIN', async () => {
    const user = userEvent.setup();
    const { api } = await till({ staff: 'manager' });
    fireEvent.keyDown(window, { key: 'F8' });
    const dialog = await screen.findByRole('dialog', { name: 'Refund' });
    await user.click(within(dialog).getByRole('button', { name: 'Refund without a receipt' }));
    const find = await within(dialog).findByLabelText('Product brought back');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();

    await user.type(find, 'umbr');
    await user.click(await within(dialog).findByRole('button', { name: /Umbrella/ }));
    await user.click(within(dialog).getByRole('button', { name: `Refund ${eur(1500)}` }));
    await screen.findByRole('dialog', { name: 'Refund complete' });
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(api.callsTo('auth.approve')).toEqual([]);
    expect(audited(api, 'sale.refundNoReceipt')).toMatchObject([{ actor: api.staffIds.manager, totalMinor: 1500 }]);
  });
});
