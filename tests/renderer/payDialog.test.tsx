import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { planTender } from '../../src/renderer/checkout/tender';
import type { Sale } from '../../src/renderer/stores/cart';
import type { ChannelInput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { cashDue, maxCombinedDiscountBp, quickCashAmounts } from '../../src/shared/pricing';
import type { Result } from '../../src/shared/result';
import { ok } from './fakeApi';
import { createFakeCore } from './fakeCore';
import { catalogItem, renderTill, settingsWith } from './till';

const eur = (minor: number) => formatMoney(minor, 'EUR');
const BREAD = catalogItem('p1', 'Sourdough loaf', 349, 550);
const COFFEE = catalogItem('p2', 'Coffee beans 1 kg', 1299, 550);

/** What the fake core answers for a completed sale: enough of a sale for the receipt step. */
function completed(input: ChannelInput<'sale.complete'>, totalMinor: number): Sale {
  const cash = input.payments.filter((p) => p.method === 'cash');
  return {
    id: input.id,
    kind: 'sale',
    terminalId: 'T1',
    receiptNo: 7,
    receiptCode: 'T1-000007',
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
    changeMinor: cash.reduce((sum, p) => sum + (p.method === 'cash' ? p.tenderedMinor - p.amountMinor : 0), 0),
    lines: [],
    payments: input.payments.map((p, i) => ({
      id: `pay-${i}`,
      method: p.method,
      amountMinor: p.amountMinor,
      tenderedMinor: p.method === 'cash' ? p.tenderedMinor : null,
      changeMinor: p.method === 'cash' ? p.tenderedMinor - p.amountMinor : null,
      approvalCode: p.method === 'card' ? (p.approvalCode ?? null) : null,
      cardLast4: p.method === 'card' ? (p.last4 ?? null) : null,
    })),
    taxes: [],
    refundIds: [],
    refunded: { totalMinor: 0, cardMinor: 0, cashMinor: 0 },
    journalSeq: 1,
  };
}

async function openPay(handlers: Parameters<typeof renderTill>[0] = {}, settings = settingsWith()) {
  const till = await renderTill(
    {
      'sale.complete': (input) => ok(completed(input, till.services.cart.getState().totals.totalMinor)),
      ...handlers,
    },
    { settings },
  );
  act(() => {
    till.services.cart.getState().addProduct(BREAD, 'scan');
    till.services.cart.getState().addProduct(BREAD, 'scan');
    till.services.cart.getState().addProduct(COFFEE, 'scan');
  });
  fireEvent.keyDown(window, { key: 'F9' });
  const dialog = await screen.findByRole('dialog', { name: 'Pay' });
  return { ...till, dialog };
}

describe('planTender', () => {
  it('cash: rounded to the smallest coin, change from what was given', () => {
    const plan = planTender({ totalMinor: 1997, cashRoundingStep: 5, cardMinor: 0, tenderedMinor: 2000 });
    expect(plan).toMatchObject({ cashDueMinor: 1995, roundingMinor: -2, changeMinor: 5, problem: null });
    expect(plan.payments).toEqual([{ method: 'cash', amountMinor: 1995, tenderedMinor: 2000 }]);
  });

  it('split: the card part exact, the rest in cash rounded', () => {
    const plan = planTender({ totalMinor: 2347, cashRoundingStep: 5, cardMinor: 1000, tenderedMinor: 1500, last4: '4242' });
    expect(plan).toMatchObject({ cashPartMinor: 1347, cashDueMinor: 1345, changeMinor: 155 });
    expect(plan.payments).toEqual([
      { method: 'card', amountMinor: 1000, last4: '4242' },
      { method: 'cash', amountMinor: 1345, tenderedMinor: 1500 },
    ]);
  });

  it('not enough cash, or a card above the total, is a problem and no payment', () => {
    expect(planTender({ totalMinor: 1000, cashRoundingStep: 1, cardMinor: 0, tenderedMinor: 900 })).toMatchObject({
      shortMinor: 100,
      payments: null,
      problem: 'The cash given is less than the cash due.',
    });
    expect(planTender({ totalMinor: 1000, cashRoundingStep: 1, cardMinor: 1200, tenderedMinor: null }).payments).toBeNull();
  });

  it('a cash remainder that rounds to nothing needs no cash payment', () => {
    const plan = planTender({ totalMinor: 1002, cashRoundingStep: 5, cardMinor: 1000, tenderedMinor: null });
    expect(plan.payments).toEqual([{ method: 'card', amountMinor: 1000 }]);
    expect(plan.roundingMinor).toBe(-2);
  });
});

describe('pay dialog', () => {
  afterEach(() => cleanup());

  it('shows the total, takes the cash given, shows the change, and completes the sale', async () => {
    const user = userEvent.setup();
    const { dialog, api, services } = await openPay();
    const total = 2 * 349 + 1299;
    expect(within(dialog).getByTestId('pay-total').textContent).toBe(eur(total));
    const id = services.cart.getState().id;

    await user.type(within(dialog).getByLabelText('Cash given'), '50');
    expect(within(dialog).getByTestId('change-due').textContent).toBe(eur(5000 - total));
    await user.keyboard('{Enter}');

    expect(api.callsTo('sale.complete')).toEqual([
      {
        id,
        lines: [
          { productId: 'p1', quantity: 2, weighed: false },
          { productId: 'p2', quantity: 1, weighed: false },
        ],
        payments: [{ method: 'cash', amountMinor: total, tenderedMinor: 5000 }],
      },
    ]);
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByTestId('receipt-change').textContent).toBe(eur(5000 - total));
    // the receipt: the core's html in a frame that may run nothing
    const frame = await within(done).findByTitle('Receipt');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain(`receipt ${id}`);
    // a cash sale opens the drawer at once, receipt printed or not
    expect(api.callsTo('receipt.kickDrawer')).toEqual([{ saleId: id }]);
    // the cart is done; New sale closes
    expect(services.cart.getState().lines).toEqual([]);
    await user.click(within(done).getByRole('button', { name: /New sale/ }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('quick cash offers the exact amount and the next round notes; the store’s cash rounding is shown', async () => {
    const user = userEvent.setup();
    const { dialog } = await openPay({}, settingsWith({ cashRoundingStep: 5 }));
    const total = 2 * 349 + 1299; // 19.97
    const due = cashDue(total, 5); // 19.95
    expect(within(dialog).getByTestId('cash-due').textContent).toBe(eur(due));
    expect(within(dialog).getByTestId('pay-rounding').textContent).toContain(`−${eur(2)}`);

    const quick = within(within(dialog).getByRole('group', { name: 'Quick cash' })).getAllByRole('button');
    const amounts = quickCashAmounts(due);
    expect(quick.map((button) => button.textContent)).toEqual(amounts.map((amount, i) => (i === 0 ? `Exact${eur(amount)}` : eur(amount))));
    // €20 → 5 cents change
    await user.click(quick[1] as HTMLElement);
    expect((within(dialog).getByLabelText('Cash given') as HTMLInputElement).value).toBe('20.00');
    expect(within(dialog).getByTestId('change-due').textContent).toBe(eur(2000 - due));
  });

  it('split: part on the card with its approval code and last 4, the rest in cash', async () => {
    const user = userEvent.setup();
    const { dialog, api } = await openPay({}, settingsWith({ cashRoundingStep: 5 }));
    const total = 1997;
    await user.click(within(dialog).getByRole('button', { name: 'Card + cash' }));
    await user.type(within(dialog).getByLabelText('Paid by card'), '10');
    await user.type(within(dialog).getByLabelText(/Approval code/), 'AB-1234');
    await user.type(within(dialog).getByLabelText(/Card last 4/), '42x42');
    const due = cashDue(total - 1000, 5);
    expect(within(dialog).getByTestId('cash-due').textContent).toBe(eur(due));
    await user.click(within(within(dialog).getByRole('group', { name: 'Quick cash' })).getByRole('button', { name: /Exact/ }));
    expect(within(dialog).getByTestId('change-due').textContent).toBe(eur(0));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const call = api.callsTo('sale.complete')[0] as ChannelInput<'sale.complete'>;
    expect(call.payments).toEqual([
      { method: 'card', amountMinor: 1000, approvalCode: 'AB-1234', last4: '4242' },
      { method: 'cash', amountMinor: due, tenderedMinor: due },
    ]);
    await screen.findByRole('dialog', { name: 'Sale complete' });
  });

  it('card only: the whole total on the card, no cash asked', async () => {
    const user = userEvent.setup();
    const { dialog, api } = await openPay();
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    expect(within(dialog).queryByLabelText('Cash given')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    expect((api.callsTo('sale.complete')[0] as ChannelInput<'sale.complete'>).payments).toEqual([{ method: 'card', amountMinor: 1997 }]);
    await screen.findByRole('dialog', { name: 'Sale complete' });
    // no cash moved: the drawer stays shut
    expect(api.callsTo('receipt.kickDrawer')).toEqual([]);
  });

  it('a drawer that does not open is said in words, and the sale stays complete', async () => {
    const user = userEvent.setup();
    const { dialog } = await openPay({
      'receipt.kickDrawer': () => ({
        ok: false,
        error: { code: 'PRINTER_UNAVAILABLE', message: 'The receipt printer at 10.0.0.9:9100 refused the connection.' },
      }),
    });
    await user.type(within(dialog).getByLabelText('Cash given'), '50');
    await user.keyboard('{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect((await within(done).findByRole('alert')).textContent).toContain(
      'The cash drawer did not open. The receipt printer at 10.0.0.9:9100 refused the connection.',
    );
  });

  it('too little cash is explained and nothing is sent', async () => {
    const user = userEvent.setup();
    const { dialog, api } = await openPay();
    await user.type(within(dialog).getByLabelText('Cash given'), '10');
    expect(within(dialog).getByText('Still to pay')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(within(dialog).getByRole('alert').textContent).toContain('The cash given is less than the cash due.');
    expect(api.callsTo('sale.complete')).toEqual([]);
  });

  it('an error from the core shows its message, keeps the cart, and the retry is the same sale', async () => {
    const user = userEvent.setup();
    const answers: Result<Sale>[] = [
      { ok: false, error: { code: 'INSUFFICIENT_STOCK', message: 'Only 1 left in stock of “Sourdough loaf”.' } },
    ];
    const { dialog, api, services } = await openPay({
      'sale.complete': (input) => answers.shift() ?? ok(completed(input, 1997)),
    });
    await user.type(within(dialog).getByLabelText('Cash given'), '20');
    await user.keyboard('{Enter}');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Only 1 left in stock of “Sourdough loaf”.');
    expect(alert.textContent).not.toContain('INSUFFICIENT_STOCK');
    expect(services.cart.getState().lines).toHaveLength(2);

    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    await screen.findByRole('dialog', { name: 'Sale complete' });
    const [first, second] = api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];
    expect(second?.id).toBe(first?.id);
  });

  /** The pay dialog against the core's approval rules: sale.complete refuses what needs a manager, naming it. */
  async function openPayWithCore() {
    const core = createFakeCore({ catalogue: [BREAD, COFFEE] });
    const till = await openPay({
      'auth.approve': (input) => core.approve(input),
      'sale.complete': (input) => {
        const refused = core.checkSale(input);
        return refused ? { ok: false, error: refused } : ok(completed(input, till.services.cart.getState().totals.totalMinor));
      },
    });
    return { ...till, core, cartId: till.services.cart.getState().id ?? '' };
  }

  it('a FORBIDDEN naming a discount: the manager approves exactly that, and the sale is tried again with every approval', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, core, cartId } = await openPayWithCore();
    // 20 % off the coffee, approved for this sale; then 5 % off the sale, within the cashier's limit alone —
    // together more than the manager allowed for the coffee
    const early = core.grant({ action: 'discount', targetId: cartId, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    act(() => {
      services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 2000 }, early);
      services.cart.getState().setCartDiscount({ kind: 'percent', bp: 500 });
    });
    const combinedBp = maxCombinedDiscountBp(services.cart.getState().totals);
    const discountMinor = services.cart.getState().totals.discountMinor;
    expect(combinedBp).toBeGreaterThan(2000);

    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    // the core's sentence is what the manager reads
    expect(
      within(approval).getByText(
        `That approval allows a discount of up to 20 %; this sale gives ${combinedBp / 100} %. Ask the manager again.`,
      ),
    ).toBeTruthy();
    await user.keyboard('9999{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });

    expect(api.callsTo('auth.approve')).toEqual([
      { pin: '9999', action: 'discount', targetId: cartId, terms: { maxDiscountBp: combinedBp, maxAmountMinor: discountMinor } },
    ]);
    const calls = api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];
    expect(calls.map((call) => call.id)).toEqual([cartId, cartId]);
    expect(calls.map((call) => call.approvalIds)).toEqual([[early], [early, 'approval-discount-2']]);
    expect(calls[1]?.payments).toEqual(calls[0]?.payments);
    expect(core.granted.get('approval-discount-2')?.used).toBe(true);
  });

  it('cancelling the manager’s PIN leaves the sale unpaid, in the pay dialog, with nothing more sent', async () => {
    const user = userEvent.setup();
    const { dialog, api, services } = await openPayWithCore();
    act(() => services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 3000 }));
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText("A discount above your limit needs a manager's approval.")).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Pay' })).toBe(dialog);
    expect(api.callsTo('sale.complete')).toHaveLength(1);
    expect(api.callsTo('auth.approve')).toEqual([]);
    expect(services.cart.getState().lines).toHaveLength(2);
  });

  // the cart keeps every approval id it was given, so the retry sends the expired one beside the
  // fresh one: the core passes over approvals that cannot be used, and the fresh one covers the sale
  it('an expired discount approval asks the manager again, then completes with the new approval', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, core, cartId } = await openPayWithCore();
    const stale = core.grant({ action: 'discount', targetId: cartId, terms: { maxDiscountBp: 3000, maxAmountMinor: 100_000 } });
    act(() => services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 3000 }, stale));
    core.expire(stale);
    const wantedBp = maxCombinedDiscountBp(services.cart.getState().totals);
    const wantedMinor = services.cart.getState().totals.discountMinor;
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));

    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('That approval has expired. Ask the manager again.')).toBeTruthy();
    await user.keyboard('9999{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(api.callsTo('auth.approve')).toEqual([
      {
        pin: '9999',
        action: 'discount',
        targetId: cartId,
        terms: { maxDiscountBp: wantedBp, maxAmountMinor: wantedMinor },
      },
    ]);
    expect(api.callsTo('sale.complete')).toHaveLength(2);
  });
});
