import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { countedTotal, denominationsFor } from '../../src/renderer/checkout/denominations';
import { describeDiscount, parsePercent } from '../../src/renderer/checkout/discount';
import { discountBpOf, maxCombinedDiscountBp, mulDivRound, priceCart } from '../../src/shared/pricing';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions } from './coreApi';
import { ok } from './fakeApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p1', 'Tea', 250);
const HONEY = catalogItem('p2', 'Honey', 590);
const JAM = catalogItem('p3', 'Jam', 4390);
const CATALOGUE = [TEA, HONEY, JAM];

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** The whole till in front of a real core with the tea, the honey and the jam. */
/** A store that asks a manager for every removal, even of the item just scanned (error corrections: cartStore.test.ts). */
const STRICT: CoreApiOptions = { settings: { removalApproval: 'always' } };

async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE, ...options });
  opened.push(rendered.api);
  return rendered;
}

/** Products rung up through the cart store, as a scan or a tap does. */
async function ringUp(services: Awaited<ReturnType<typeof till>>['services'], ...products: (typeof TEA)[]) {
  await act(async () => {
    for (const product of products) await services.cart.getState().addProduct(product, 'scan');
  });
}

/** The audit rows of one action, as the core wrote them. */
const audited = (api: CoreApi, action: string) =>
  (
    api.terminal.sqlite
      .prepare(
        'SELECT actor_staff_id AS actor, approver_staff_id AS approver, entity_id AS entityId, details FROM audit_log WHERE action = ? ORDER BY rowid',
      )
      .all(action) as { actor: string | null; approver: string | null; entityId: string | null; details: string }[]
  ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));

/** The approvals the core granted, as stored. */
const storedApprovals = (api: CoreApi) =>
  api.terminal.sqlite.prepare('SELECT id, action, target_id AS targetId, used_at AS usedAt FROM approvals ORDER BY rowid').all() as {
    id: string;
    action: string;
    targetId: string | null;
    usedAt: number | null;
  }[];

/** The no-sales the core recorded. */
const noSales = (api: CoreApi) =>
  api.terminal.sqlite
    .prepare("SELECT id, reason, approved_by AS approvedBy FROM cash_movements WHERE kind = 'no_sale' ORDER BY rowid")
    .all() as {
    id: string;
    reason: string;
    approvedBy: string | null;
  }[];

const lineIdOf = (services: Awaited<ReturnType<typeof till>>['services'], productId: string) =>
  services.cart.getState().lines.find((line) => line.productId === productId)?.lineId;

const shownLines = () => screen.queryAllByTestId('cart-line').map((row) => row.querySelector('.cart-line-name')?.textContent);

describe('denominations and discounts', () => {
  it('EUR counts 500 € notes down to 1 cent coins; yen has no fractions', () => {
    expect(denominationsFor('EUR').map((d) => d.minor)).toEqual([
      50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
    ]);
    expect(denominationsFor('JPY').map((d) => d.minor)).toEqual([10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1]);
    expect(
      countedTotal(
        new Map([
          [5000, 3],
          [10, 3],
        ]),
      ),
    ).toBe(15030);
  });

  it('the cashier’s limit: percent as is, amounts as a share of the line', () => {
    // the core's measure of a discount: the smallest percentage that takes off as much (rounded to the
    // cent), so what 10 % takes off is within a 10 % limit, and one cent more is not
    expect(discountBpOf(100, 999)).toBeLessThanOrEqual(1000);
    expect(discountBpOf(101, 999)).toBeGreaterThan(1000);
    expect(discountBpOf(100, 1000)).toBeLessThanOrEqual(1000);
    expect(discountBpOf(101, 1000)).toBeGreaterThan(1000);
    expect(discountBpOf(0, 1000)).toBe(0);
    expect(discountBpOf(1000, 1000)).toBe(10000);
    for (const gross of [1, 7, 999, 1000, 1299, 123_457]) {
      for (const bp of [1, 995, 1000, 1001, 2500, 9999]) {
        const takes = mulDivRound(gross, bp, 10000);
        // (a discount that takes the whole line reads as 100 %)
        if (takes >= gross) continue;
        expect(discountBpOf(takes, gross)).toBeLessThanOrEqual(bp);
        expect(discountBpOf(takes + 1, gross)).toBeGreaterThan(bp);
      }
    }
    // priced by the cart, a percent discount reads as its own percent at most (line and cart share together)
    const priced = priceCart({
      lines: [
        { id: 'a', quantity: 1, unitPriceMinor: 999, taxRateBp: 2000, discount: { kind: 'percent', bp: 1000 } },
        { id: 'b', quantity: 3, unitPriceMinor: 333, taxRateBp: 2000 },
      ],
      cartDiscount: { kind: 'percent', bp: 500 },
      pricesIncludeTax: true,
      taxRounding: 'line',
    });
    expect(maxCombinedDiscountBp(priced)).toBeGreaterThan(1000);
    expect(maxCombinedDiscountBp(priced)).toBeLessThanOrEqual(1500);
    expect(parsePercent('12,5 %')).toBe(1250);
    expect(parsePercent('101')).toBeNull();
    expect(describeDiscount({ kind: 'percent', bp: 1250 }, 'EUR')).toBe('12.5 %');
  });
});

describe('the working day (against a real core)', () => {
  it('without an open shift, the float is counted first: typed, or note by note', async () => {
    const user = userEvent.setup();
    const { api } = await till({ openShift: false });
    await screen.findByRole('heading', { name: 'Open the shift' });
    expect(screen.queryByRole('combobox', { name: /Search products/ })).toBeNull();

    await user.type(screen.getByLabelText('Cash float'), '12.3.4');
    await user.click(screen.getByRole('button', { name: 'Open shift' }));
    expect(screen.getByText('Enter an amount such as 150.00.')).toBeTruthy();
    expect(api.callsTo('shift.open')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Count notes and coins' }));
    await user.type(screen.getByLabelText('€50 notes, count'), '2');
    await user.click(screen.getByRole('button', { name: 'One more €0.20' }));
    await user.click(screen.getByRole('button', { name: 'One more €0.20' }));
    expect(screen.getByText('€100.40')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open shift' }));
    expect(api.callsTo('shift.open')).toEqual([{ openingFloatMinor: 10040 }]);
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(screen.getByRole('button', { name: /Shift menu/ }).textContent).toContain('€100.40');
    expect(api.call('shift.current', {})).toMatchObject({ openingFloatMinor: 10040, openedBy: api.staffIds.cashier });
  });

  it('a cashier removes a line only with a manager’s PIN, and the core records the void', async () => {
    const user = userEvent.setup();
    const { api, services } = await till(STRICT);
    await ringUp(services, TEA, HONEY);
    const cartId = services.cart.getState().id;
    const honey = lineIdOf(services, 'p2');
    await user.click(screen.getByRole('button', { name: 'One less Honey' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Remove “Honey” from the sale.')).toBeTruthy();
    // the core was asked first: it priced the removal, refused it and named what a manager must approve
    expect(api.callsTo('cart.removeLine')).toEqual([{ lineId: honey }]);
    expect(audited(api, 'sale.voidLine')).toEqual([]);

    // a wrong PIN: the core's words, and the cashier is still logged in
    await user.keyboard('1234{Enter}');
    expect((await within(approval).findByRole('alert')).textContent).toContain("That is not a manager's PIN. 4 tries left.");
    expect(services.session.getState().phase).toBe('ready');
    expect(audited(api, 'approval.failed')).toHaveLength(1);

    // the keypad works too
    const keypad = within(approval).getByRole('group', { name: 'PIN keypad' });
    for (const digit of CORE_MANAGER_PIN) await user.click(within(keypad).getByRole('button', { name: digit }));
    await user.click(within(keypad).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const request = { action: 'voidLine', targetId: cartId, terms: { productId: 'p2', maxAmountMinor: 590 } };
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: '1234', ...request },
      { pin: CORE_MANAGER_PIN, ...request },
    ]);
    const [granted] = storedApprovals(api);
    expect(granted).toMatchObject({ action: 'voidLine', targetId: cartId, usedAt: expect.any(Number) });
    expect(api.callsTo('cart.removeLine')).toEqual([{ lineId: honey }, { lineId: honey, approvalId: granted?.id }]);
    // recorded by the core with the amount it priced, and who approved it
    expect(audited(api, 'sale.voidLine')).toMatchObject([
      {
        actor: api.staffIds.cashier,
        approver: api.staffIds.manager,
        entityId: cartId,
        details: { productId: 'p2', quantity: 1, amountMinor: 590 },
      },
    ]);
    expect(shownLines()).toEqual(['Tea']);
    expect(api.call('cart.current', {})?.lines.map((line) => line.name)).toEqual(['Tea']);
  });

  it('cancelling the PIN prompt keeps the line; a manager removes without a prompt', async () => {
    const user = userEvent.setup();
    const first = await till(STRICT);
    await ringUp(first.services, TEA);
    const tea = lineIdOf(first.services, 'p1');
    fireEvent.keyDown(window, { key: 'Delete' });
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    // only the refused try (no approval): nothing was recorded, and no approval was asked of the core
    expect(first.api.callsTo('cart.removeLine')).toEqual([{ lineId: tea }]);
    expect(first.api.callsTo('auth.approve')).toEqual([]);
    expect(audited(first.api, 'sale.voidLine')).toEqual([]);
    expect(screen.getAllByTestId('cart-line')).toHaveLength(1);
    expect(first.api.call('cart.current', {})?.lines).toHaveLength(1);
    // and no "needs a manager" alert is left on the till
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();

    const second = await till({ ...STRICT, staff: 'manager' });
    await ringUp(second.services, TEA);
    const managersTea = lineIdOf(second.services, 'p1');
    fireEvent.keyDown(window, { key: 'Delete' });
    await waitFor(() => expect(screen.queryAllByTestId('cart-line')).toHaveLength(0));
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(second.api.callsTo('cart.removeLine')).toEqual([{ lineId: managersTea }]);
    expect(second.api.callsTo('auth.approve')).toEqual([]);
    // the manager's own role approved it
    expect(audited(second.api, 'sale.voidLine')).toMatchObject([
      {
        actor: second.api.staffIds.manager,
        approver: second.api.staffIds.manager,
        details: { productId: 'p1', quantity: 1, amountMinor: 250 },
      },
    ]);
    expect(second.api.call('cart.current', {})?.lines ?? []).toEqual([]);
  });

  it('Shift+Del voids the whole sale, after a manager’s PIN', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await ringUp(services, TEA, HONEY);
    const cartId = services.cart.getState().id;
    expect(screen.getByRole('button', { name: /Void sale/ }).getAttribute('aria-keyshortcuts')).toBe('Shift+Delete');
    fireEvent.keyDown(window, { key: 'Delete', shiftKey: true });
    // asked first (tillKeys.test.tsx has the rest of the confirmation)
    const confirm = await screen.findByRole('dialog', { name: 'Void the whole sale of €8.40?' });
    await user.click(within(confirm).getByRole('button', { name: 'Void sale' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Void the whole sale (€8.40).')).toBeTruthy();
    expect(audited(api, 'sale.voidCart')).toEqual([]);
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await waitFor(() => expect(screen.queryAllByTestId('cart-line')).toHaveLength(0));
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: CORE_MANAGER_PIN, action: 'voidCart', targetId: cartId, terms: { maxAmountMinor: 840 } },
    ]);
    const [granted] = storedApprovals(api);
    expect(api.callsTo('cart.void')).toEqual([{}, { approvalId: granted?.id }]);
    expect(audited(api, 'sale.voidCart')).toMatchObject([
      { approver: api.staffIds.manager, entityId: cartId, details: { amountMinor: 840 } },
    ]);
    // the till is free: the core holds no sale, and the next scan starts a new one
    expect(api.call('cart.current', {})).toBeNull();
    expect(services.cart.getState().id).toBeNull();
  });

  it('removing units: refused without an approval first, then the PIN for exactly what the core named, then the removal with it', async () => {
    const user = userEvent.setup();
    const { api, services } = await till(STRICT);
    await ringUp(services, TEA, HONEY, HONEY);
    // within the cashier's limit, but approved by no one: the removal is valued at the list price
    await act(async () => {
      await services.cart.getState().setCartDiscount({ kind: 'percent', bp: 1000 });
    });
    expect(services.cart.getState().needsApproval).toEqual([]);
    const cartId = services.cart.getState().id ?? '';
    const honey = lineIdOf(services, 'p2');

    await user.click(screen.getByRole('button', { name: 'One less Honey' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Take 1 of “Honey” off the sale (2 → 1).')).toBeTruthy();
    expect(api.callsTo('cart.setQuantity')).toEqual([{ lineId: honey, quantity: 1 }]);
    expect(api.callsTo('auth.approve')).toEqual([]);

    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // in this order: the refused removal, the manager's approval of the core's need, the removal with it
    expect(api.calls.map((call) => call.channel).filter((channel) => channel === 'cart.setQuantity' || channel === 'auth.approve')).toEqual(
      ['cart.setQuantity', 'auth.approve', 'cart.setQuantity'],
    );
    // one honey at its list price of €5.90 (the discount on the sale does not lower what is voided)
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: CORE_MANAGER_PIN, action: 'voidLine', targetId: cartId, terms: { productId: 'p2', maxAmountMinor: 590 } },
    ]);
    const [granted] = storedApprovals(api);
    expect(granted?.usedAt).toEqual(expect.any(Number));
    expect(api.callsTo('cart.setQuantity')).toEqual([
      { lineId: honey, quantity: 1 },
      { lineId: honey, quantity: 1, approvalId: granted?.id },
    ]);
    expect(audited(api, 'sale.voidLine')).toMatchObject([
      { approver: api.staffIds.manager, details: { productId: 'p2', quantity: 1, amountMinor: 590 } },
    ]);
    expect(services.cart.getState().lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['p1', 1],
      ['p2', 1],
    ]);
    expect(api.call('cart.current', {})?.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['p1', 1],
      ['p2', 1],
    ]);
    // the refusal that came before the PIN is not left on the till
    expect(services.cart.getState().error).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('no sale: the drawer opens for the no-sale the core recorded; when the store wants a manager, the PIN comes first', async () => {
    const user = userEvent.setup();
    const noSaleTill = async (needsApproval: boolean) => {
      const rendered = await till({
        settings: { noSaleNeedsApproval: needsApproval },
        // the drawer wired to the receipt printer: it opens
        handlers: { 'receipt.kickDrawer': () => ok({ kicked: true }) },
      });
      fireEvent.keyDown(window, { key: 'F10' });
      const dialog = await screen.findByRole('dialog', { name: 'No sale' });
      await user.click(within(dialog).getByRole('button', { name: 'Check the drawer' }));
      return { ...rendered, dialog };
    };

    const plain = await noSaleTill(false);
    await within(plain.dialog).findByText('No sale recorded. The drawer is open.');
    expect(plain.api.callsTo('shift.noSale')).toEqual([{ reason: 'Check the drawer' }]);
    const [recorded] = noSales(plain.api);
    expect(recorded).toMatchObject({ reason: 'Check the drawer', approvedBy: null });
    expect(plain.api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: recorded?.id }]);
    expect(plain.api.callsTo('auth.approve')).toEqual([]);
    cleanup();

    const approved = await noSaleTill(true);
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText("Opening the drawer without a sale needs a manager's approval.")).toBeTruthy();
    // nothing was recorded yet, and the drawer stays shut
    expect(noSales(approved.api)).toEqual([]);
    expect(approved.api.callsTo('receipt.kickDrawer')).toEqual([]);
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await within(approved.dialog).findByText('No sale recorded. The drawer is open.');
    expect(approved.api.callsTo('auth.approve')).toEqual([{ pin: CORE_MANAGER_PIN, action: 'noSale', terms: {} }]);
    const [granted] = storedApprovals(approved.api);
    expect(approved.api.callsTo('shift.noSale')).toEqual([
      { reason: 'Check the drawer' },
      { reason: 'Check the drawer', approvalId: granted?.id },
    ]);
    const [approvedNoSale] = noSales(approved.api);
    expect(approvedNoSale).toMatchObject({ reason: 'Check the drawer', approvedBy: approved.api.staffIds.manager });
    expect(approved.api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: approvedNoSale?.id }]);
    expect(within(approved.dialog).queryByRole('alert')).toBeNull();
  });

  it('dialogs are modal: labelled, the focus stays inside (Tab wraps), Esc closes and gives the focus back', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    const search = screen.getByRole('combobox', { name: /Search products/ });
    expect(document.activeElement).toBe(search);
    await ringUp(services, TEA);
    fireEvent.keyDown(window, { key: 'F6' });
    const park = await screen.findByRole('dialog', { name: 'Park this sale' });
    expect(park.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(within(park).getByLabelText(/Label/));
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(park.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(search);
    // the sale is still there, and nothing was parked
    expect(services.cart.getState().lines).toHaveLength(1);
    expect(api.call('cart.current', {})?.lines).toHaveLength(1);
    expect(api.callsTo('cart.park')).toEqual([]);
  });

  it('the shift menu: X report in a sandboxed frame; paid out needs a manager; no sale needs a reason', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /X report/ }));
    const x = await screen.findByRole('dialog', { name: 'X report' });
    const frame = await within(x).findByTitle('X report');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('Corner Shop');
    expect(api.callsTo('report.render')).toEqual([{ current: true, format: 'html' }]);
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Paid out/ }));
    const paidOut = await screen.findByRole('dialog', { name: 'Paid out' });
    await user.type(within(paidOut).getByLabelText('Amount'), '20');
    // (typed at test speed, a long text + Enter would look like a scanner burst: the button instead)
    await user.type(within(paidOut).getByLabelText('Reason'), 'Window cleaner');
    await user.click(within(paidOut).getByRole('button', { name: 'Record paid out' }));
    await screen.findByRole('dialog', { name: 'Manager approval' });
    // a pause, as a person makes: typed straight after the reason, the PIN would join a "scanner burst"
    await new Promise((resolve) => setTimeout(resolve, 100));
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await within(paidOut).findByText('€20.00 paid out. Take it from the drawer.');
    const [granted] = storedApprovals(api);
    expect(api.callsTo('auth.approve')).toEqual([{ pin: CORE_MANAGER_PIN, action: 'paidOut', terms: { maxAmountMinor: 2000 } }]);
    expect(api.callsTo('shift.cashMovement')).toEqual([
      { kind: 'paid_out', amountMinor: 2000, reason: 'Window cleaner', approvalId: granted?.id },
    ]);
    expect(api.call('shift.xReport', {})).toMatchObject({ paidOutMinor: 2000, expectedCashMinor: 15000 - 2000 });
    await user.keyboard('{Escape}');

    fireEvent.keyDown(window, { key: 'F10' });
    const noSale = await screen.findByRole('dialog', { name: 'No sale' });
    await user.click(within(noSale).getByRole('button', { name: 'Open drawer' }));
    expect(within(noSale).getByRole('alert').textContent).toContain('Say why the drawer is opened');
    expect(noSales(api)).toEqual([]);
    await user.click(within(noSale).getByRole('button', { name: 'Change for a customer' }));
    // no drawer on a printer here: recorded, and opened with its key
    await within(noSale).findByText('No sale recorded. Open the drawer with its key.');
    expect(api.callsTo('shift.noSale')).toEqual([{ reason: 'Change for a customer' }]);
    const [recorded] = noSales(api);
    expect(api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: recorded?.id }]);
    expect(api.call('shift.xReport', {}).noSales).toBe(1);
  });

  it('closing (not blind): count by denomination, expected against counted, confirm, then the Z report', async () => {
    const user = userEvent.setup();
    // the store shows the expected cash beside the count (blind cash-up is the default: blindCashUp.test.tsx)
    const { api } = await till({ settings: { blindCashUp: false } });
    // three cash sales earlier in the shift: €52.30 on top of the €150.00 float
    for (const product of [TEA, HONEY, JAM]) {
      const sale = api.call('cart.addLine', { productId: product.id });
      api.call('sale.complete', {
        id: sale.id,
        payments: [{ method: 'cash', amountMinor: product.priceMinor, tenderedMinor: product.priceMinor }],
      });
    }
    const shiftId = api.call('shift.current', {})?.id;
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Close shift/ }));
    const close = await screen.findByRole('dialog', { name: 'Close the shift' });
    expect((await within(close).findByTestId('expected-cash')).textContent).toBe('€202.30');

    await user.type(within(close).getByLabelText('€100 notes, count'), '2');
    await user.click(within(close).getByRole('button', { name: 'One more €2' }));
    expect(within(close).getByTestId('counted-cash').textContent).toBe('€202.00');
    expect(within(close).getByTestId('over-short').textContent).toBe('Short €0.30');

    await user.click(within(close).getByRole('button', { name: 'Close shift…' }));
    await user.click(within(close).getByRole('button', { name: 'Yes, close the shift' }));
    const counted = [
      { denominationMinor: 10000, count: 2 },
      { denominationMinor: 200, count: 1 },
    ];
    expect(api.callsTo('shift.close')).toEqual([{ counted }]);
    await screen.findByRole('heading', { name: 'Shift closed · Z report 1' });
    expect(screen.getByTestId('z-over-short').textContent).toBe('Short €0.30');
    expect(screen.getByTitle('Z report').getAttribute('sandbox')).toBe('');
    expect(api.callsTo('report.render')).toEqual([{ shiftId, format: 'html' }]);
    // the Z report as the core stored it
    expect(api.call('shift.zReport', { zNumber: 1 })).toMatchObject({
      shiftId,
      salesCount: 3,
      salesTotalMinor: 5230,
      expectedCashMinor: 20230,
      countedCashMinor: 20200,
      overShortMinor: -30,
    });
    expect(api.call('shift.current', {})).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Open the next shift' }));
    await screen.findByRole('heading', { name: 'Open the shift' });
  });

  it('logging out with a sale in the cart parks it first', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await ringUp(services, TEA);
    const saleId = services.cart.getState().id;
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    const dialog = await screen.findByRole('dialog', { name: 'Log out' });
    await user.click(within(dialog).getByRole('button', { name: 'Park sale and log out' }));
    await screen.findByRole('heading', { name: 'Who is working?' });
    expect(api.callsTo('cart.park')).toEqual([{ label: 'Left by Ada Lovelace' }]);
    expect(api.callsTo('auth.logout')).toHaveLength(1);
    // parked in the core (anyone can resume it with F7), and the window's session is logged out
    expect(api.call('sale.listParked', {}, api.manager)).toMatchObject([
      { id: saleId, label: 'Left by Ada Lovelace', staffName: 'Ada Lovelace', totalMinor: 250, lineCount: 1 },
    ]);
    expect(api.call('auth.whoami', {}).staff).toBeNull();
  });
});
