import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { planTender } from '../../src/renderer/checkout/tender';
import type { Product } from '../../src/renderer/stores/cart';
import type { ChannelInput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { cashDue, maxCombinedDiscountBp, quickCashAmounts } from '../../src/shared/pricing';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const eur = (minor: number) => formatMoney(minor, 'EUR');
const BREAD = catalogItem('p1', 'Sourdough loaf', 349, 550);
const COFFEE = catalogItem('p2', 'Coffee beans 1 kg', 1299, 550);

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** The whole till in front of a real core: two loaves and the coffee rung up, then F9. */
async function openPay(
  options: { settings?: CoreApiOptions['settings']; handlers?: CoreApiOptions['handlers']; catalogue?: Product[] } = {},
) {
  const till = await renderCoreTill({ catalogue: options.catalogue ?? [BREAD, COFFEE], ...options });
  opened.push(till.api);
  await act(async () => {
    await till.services.cart.getState().addProduct(BREAD, 'scan');
    await till.services.cart.getState().addProduct(BREAD, 'scan');
    await till.services.cart.getState().addProduct(COFFEE, 'scan');
  });
  const saleId = till.services.cart.getState().id ?? '';
  fireEvent.keyDown(window, { key: 'F9' });
  const dialog = await screen.findByRole('dialog', { name: 'Pay' });
  return { ...till, dialog, saleId };
}

const completions = (api: CoreApi) => api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];

/** A manager's approval given at the till earlier, to the cashier logged in (as auth.approve does). */
const approveEarlier = (api: CoreApi, request: Omit<ChannelInput<'auth.approve'>, 'pin'>) =>
  api.call('auth.approve', { ...request, pin: CORE_MANAGER_PIN }).approvalId;

/** The approvals the core holds, as stored. */
const storedApprovals = (api: CoreApi) =>
  api.terminal.sqlite.prepare('SELECT id, action, target_id AS targetId, used_at AS usedAt FROM approvals ORDER BY rowid').all() as {
    id: string;
    action: string;
    targetId: string | null;
    usedAt: number | null;
  }[];

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

describe('pay dialog (against a real core)', () => {
  it('shows the total, takes the cash given, shows the change, and completes the sale', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, saleId } = await openPay();
    const total = 2 * 349 + 1299;
    expect(within(dialog).getByTestId('pay-total').textContent).toBe(eur(total));

    await user.type(within(dialog).getByLabelText('Cash given'), '50');
    expect(within(dialog).getByTestId('change-due').textContent).toBe(eur(5000 - total));
    await user.keyboard('{Enter}');

    // the window names the sale and the money; the lines are the ones the core holds
    expect(completions(api)).toEqual([{ id: saleId, payments: [{ method: 'cash', amountMinor: total, tenderedMinor: 5000 }] }]);
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByTestId('receipt-change').textContent).toBe(eur(5000 - total));
    const sale = api.call('sale.get', { id: saleId });
    expect(sale.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['p1', 2],
      ['p2', 1],
    ]);
    expect(sale).toMatchObject({ totalMinor: total, changeMinor: 5000 - total });
    expect(sale.payments).toMatchObject([{ method: 'cash', amountMinor: total, tenderedMinor: 5000, changeMinor: 5000 - total }]);
    // the receipt: the core's html in a frame that may run nothing
    const frame = await within(done).findByTitle('Receipt');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain(sale.receiptCode);
    // a cash sale opens the drawer at once, receipt printed or not (the core accepts it for the sale just completed)
    expect(api.callsTo('receipt.kickDrawer')).toEqual([{ saleId }]);
    expect(within(done).queryByRole('alert')).toBeNull();
    // the sale is done, in the window and in the core; New sale closes
    expect(services.cart.getState().lines).toEqual([]);
    expect(api.call('cart.current', {})).toBeNull();
    await user.click(within(done).getByRole('button', { name: /New sale/ }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('quick cash offers the exact amount and the next round notes; the store’s cash rounding is shown', async () => {
    const user = userEvent.setup();
    const { dialog, api, saleId } = await openPay({ settings: { cashRoundingStep: 5 } });
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
    // the core rounds the cash the same way
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(api.call('sale.get', { id: saleId })).toMatchObject({ totalMinor: total, cashRoundingMinor: -2, changeMinor: 2000 - due });
  });

  it('split: part on the card with its approval code and last 4, the rest in cash', async () => {
    const user = userEvent.setup();
    const { dialog, api, saleId } = await openPay({ settings: { cashRoundingStep: 5 } });
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
    expect(completions(api)[0]?.payments).toEqual([
      { method: 'card', amountMinor: 1000, approvalCode: 'AB-1234', last4: '4242' },
      { method: 'cash', amountMinor: due, tenderedMinor: due },
    ]);
    await screen.findByRole('dialog', { name: 'Sale complete' });
    // as the core recorded the tenders
    expect(api.call('sale.get', { id: saleId }).payments).toMatchObject([
      { method: 'card', amountMinor: 1000, approvalCode: 'AB-1234', cardLast4: '4242', tenderedMinor: null },
      { method: 'cash', amountMinor: due, tenderedMinor: due, changeMinor: 0 },
    ]);
  });

  it('card only: the whole total on the card, no cash asked', async () => {
    const user = userEvent.setup();
    const { dialog, api, saleId } = await openPay();
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    expect(within(dialog).queryByLabelText('Cash given')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    expect(completions(api)[0]?.payments).toEqual([{ method: 'card', amountMinor: 1997 }]);
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(api.call('sale.get', { id: saleId }).payments).toMatchObject([{ method: 'card', amountMinor: 1997 }]);
    // no cash moved: the drawer stays shut
    expect(api.callsTo('receipt.kickDrawer')).toEqual([]);
  });

  it('a drawer that does not open is said in words, and the sale stays complete', async () => {
    const user = userEvent.setup();
    const { dialog, api, saleId } = await openPay({
      handlers: {
        // the drawer's printer, unreachable
        'receipt.kickDrawer': () => ({
          ok: false,
          error: { code: 'PRINTER_UNAVAILABLE', message: 'The receipt printer at 10.0.0.9:9100 refused the connection.' },
        }),
      },
    });
    await user.type(within(dialog).getByLabelText('Cash given'), '50');
    await user.keyboard('{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect((await within(done).findByRole('alert')).textContent).toContain(
      'The cash drawer did not open. The receipt printer at 10.0.0.9:9100 refused the connection.',
    );
    expect(api.call('sale.get', { id: saleId }).totalMinor).toBe(1997);
    expect(api.call('shift.xReport', {}).salesCount).toBe(1);
  });

  it('too little cash is explained and nothing is sent', async () => {
    const user = userEvent.setup();
    const { dialog, api, saleId } = await openPay();
    await user.type(within(dialog).getByLabelText('Cash given'), '10');
    expect(within(dialog).getByText('Still to pay')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(within(dialog).getByRole('alert').textContent).toContain('The cash given is less than the cash due.');
    expect(api.callsTo('sale.complete')).toEqual([]);
    expect(api.call('cart.current', {})?.id).toBe(saleId);
  });

  it('an error from the core shows its message, keeps the cart, and the retry is the same sale', async () => {
    const user = userEvent.setup();
    // two loaves on the shelf at the scan; then a stock count (another window) finds only one: the core refuses two at payment
    const { dialog, api, services, saleId } = await openPay({ catalogue: [{ ...BREAD, stockOnHand: 2 }, COFFEE] });
    const { id, sku, name, priceMinor, taxClassId } = BREAD;
    api.call('catalog.upsertProduct', { id, sku, name, priceMinor, taxClassId, stockOnHand: 1 }, api.manager);
    await user.type(within(dialog).getByLabelText('Cash given'), '20');
    await user.keyboard('{Enter}');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Only 1 left in stock of “Sourdough loaf”.');
    expect(alert.textContent).not.toContain('INSUFFICIENT_STOCK');
    expect(services.cart.getState().lines).toHaveLength(2);
    expect(api.call('cart.current', {})?.lines).toHaveLength(2);

    // the delivery is counted in (another window, a manager), and the cashier tries again
    api.call(
      'catalog.upsertProduct',
      { id: BREAD.id, sku: BREAD.sku, name: BREAD.name, priceMinor: BREAD.priceMinor, taxClassId: BREAD.taxClassId, stockOnHand: 10 },
      api.manager,
    );
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    await screen.findByRole('dialog', { name: 'Sale complete' });
    const [first, second] = completions(api);
    expect(first?.id).toBe(saleId);
    expect(second?.id).toBe(saleId);
    expect(api.call('sale.get', { id: saleId }).totalMinor).toBe(1997);
    expect(api.call('shift.xReport', {}).salesCount).toBe(1);
  });

  it('a FORBIDDEN naming a discount: the manager approves exactly that, and the sale is tried again with the new approval', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, saleId } = await openPay();
    // 20 % off the coffee, approved for this sale; then 5 % off the sale, within the cashier's limit alone —
    // together more than the manager allowed for the coffee
    const early = approveEarlier(api, { action: 'discount', targetId: saleId, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    await act(async () => {
      await services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 2000 }, early);
      await services.cart.getState().setCartDiscount({ kind: 'percent', bp: 500 });
    });
    const combinedBp = maxCombinedDiscountBp(services.cart.getState().totals);
    const discountMinor = services.cart.getState().totals.discountMinor;
    expect(combinedBp).toBeGreaterThan(2000);
    // the core keeps the early approval with the sale, and says it no longer covers it
    expect(services.cart.getState().approvalIds).toEqual([early]);
    expect(services.cart.getState().needsApproval.map((need) => need.action)).toEqual(['discount']);

    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    // the core's sentence is what the manager reads
    expect(
      within(approval).getByText(
        `That approval allows a discount of up to 20 %; this sale gives ${combinedBp / 100} %. Ask the manager again.`,
      ),
    ).toBeTruthy();
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await screen.findByRole('dialog', { name: 'Sale complete' });

    expect(api.callsTo('auth.approve')).toEqual([
      { pin: CORE_MANAGER_PIN, action: 'discount', targetId: saleId, terms: { maxDiscountBp: combinedBp, maxAmountMinor: discountMinor } },
    ]);
    const fresh = storedApprovals(api).find((row) => row.id !== early);
    expect(fresh).toMatchObject({ action: 'discount', targetId: saleId, usedAt: expect.any(Number) });
    const calls = completions(api);
    expect(calls.map((call) => call.id)).toEqual([saleId, saleId]);
    // the early approval stays with the core's sale; the window sends the one given at payment
    expect(calls.map((call) => call.approvalIds)).toEqual([undefined, [fresh?.id]]);
    expect(calls[1]?.payments).toEqual(calls[0]?.payments);
    expect(api.call('sale.get', { id: saleId })).toMatchObject({ approvedBy: api.staffIds.manager, discountMinor });
  });

  it('cancelling the manager’s PIN leaves the sale unpaid, in the pay dialog, with nothing more sent', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, saleId } = await openPay();
    await act(async () => {
      await services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 3000 });
    });
    const { totals } = services.cart.getState();
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(
      within(approval).getByText(
        `A discount of ${maxCombinedDiscountBp(totals) / 100} % (${eur(totals.discountMinor)}, above the cashier's limit of 10 %) needs a manager's approval.`,
      ),
    ).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Pay' })).toBe(dialog);
    expect(api.callsTo('sale.complete')).toHaveLength(1);
    expect(api.callsTo('auth.approve')).toEqual([]);
    expect(services.cart.getState().lines).toHaveLength(2);
    // unpaid: still the sale in progress, nothing sold
    expect(api.call('cart.current', {})?.id).toBe(saleId);
    expect(api.call('shift.xReport', {}).salesCount).toBe(0);
  });

  // the core keeps every approval given for the sale, the expired one too: at payment it passes
  // over approvals that cannot be used, and the fresh one sent with the retry covers the sale
  it('an expired discount approval asks the manager again, then completes with the new approval', async () => {
    const user = userEvent.setup();
    const { dialog, api, services, saleId } = await openPay();
    const stale = approveEarlier(api, { action: 'discount', targetId: saleId, terms: { maxDiscountBp: 3000, maxAmountMinor: 100_000 } });
    await act(async () => {
      await services.cart.getState().setLineDiscount('p2', { kind: 'percent', bp: 3000 }, stale);
    });
    expect(services.cart.getState().needsApproval).toEqual([]);
    // five minutes later
    api.terminal.sqlite.prepare('UPDATE approvals SET expires_at = ? WHERE id = ?').run(Date.now() - 1, stale);
    const wantedBp = maxCombinedDiscountBp(services.cart.getState().totals);
    const wantedMinor = services.cart.getState().totals.discountMinor;
    await user.click(within(dialog).getByRole('button', { name: /^Card$/ }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));

    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('That approval has expired. Ask the manager again.')).toBeTruthy();
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(api.callsTo('auth.approve')).toEqual([
      {
        pin: CORE_MANAGER_PIN,
        action: 'discount',
        targetId: saleId,
        terms: { maxDiscountBp: wantedBp, maxAmountMinor: wantedMinor },
      },
    ]);
    expect(api.callsTo('sale.complete')).toHaveLength(2);
    const [expired, fresh] = storedApprovals(api);
    expect(expired).toMatchObject({ id: stale, usedAt: null });
    expect(fresh).toMatchObject({ action: 'discount', usedAt: expect.any(Number) });
    expect(api.call('sale.get', { id: saleId })).toMatchObject({ approvedBy: api.staffIds.manager, discountMinor: wantedMinor });
  });
});
