import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { countedTotal, denominationsFor } from '../../src/renderer/checkout/denominations';
import { describeDiscount, parsePercent } from '../../src/renderer/checkout/discount';
import type { ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { discountBpOf, maxCombinedDiscountBp, mulDivRound, priceCart } from '../../src/shared/pricing';
import { ok, openShift } from './fakeApi';
import { createFakeCore } from './fakeCore';
import { CASHIER, catalogItem, MANAGER, renderTill, settingsWith } from './till';

type Report = ChannelOutput<'shift.close'>;

const X_REPORT: Report = {
  shiftId: 'shift-1',
  terminalId: 'T1',
  zNumber: null,
  openedAt: 0,
  openedBy: 'Ada Lovelace',
  closedAt: null,
  closedBy: null,
  currency: 'EUR',
  openingFloatMinor: 15000,
  salesCount: 3,
  salesTotalMinor: 5230,
  refundsCount: 0,
  refundsTotalMinor: 0,
  discountsMinor: 0,
  tenders: [{ method: 'cash', salesMinor: 5230, refundsMinor: 0 }],
  taxes: [],
  paidInMinor: 0,
  paidOutMinor: 0,
  noSales: 0,
  cashRoundingMinor: 0,
  expectedCashMinor: 20230,
  countedCashMinor: null,
  overShortMinor: null,
  counted: null,
};

const TEA = catalogItem('p1', 'Tea', 250);
const HONEY = catalogItem('p2', 'Honey', 590);
const CATALOGUE = [TEA, HONEY];

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

describe('the working day', () => {
  afterEach(() => cleanup());

  it('without an open shift, the float is counted first: typed, or note by note', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill(
      { 'shift.open': (input) => ok({ ...openShift, openingFloatMinor: input.openingFloatMinor }) },
      { shift: null },
    );
    await screen.findByRole('heading', { name: 'Open the shift' });
    expect(screen.queryByRole('combobox', { name: /Search products/ })).toBeNull();

    await user.type(screen.getByLabelText('Cash float'), '12.3.4');
    await user.click(screen.getByRole('button', { name: 'Open shift' }));
    expect(screen.getByText('Enter an amount such as 150.00.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Count notes and coins' }));
    await user.type(screen.getByLabelText('€50 notes, count'), '2');
    await user.click(screen.getByRole('button', { name: 'One more €0.20' }));
    await user.click(screen.getByRole('button', { name: 'One more €0.20' }));
    expect(screen.getByText('€100.40')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open shift' }));
    expect(api.callsTo('shift.open')).toEqual([{ openingFloatMinor: 10040 }]);
    await screen.findByRole('combobox', { name: /Search products/ });
    expect(screen.getByRole('button', { name: /Shift menu/ }).textContent).toContain('€100.40');
  });

  it('a cashier removes a line only with a manager’s PIN, and the void is recorded first', async () => {
    const user = userEvent.setup();
    const core = createFakeCore({ catalogue: CATALOGUE });
    const { api, services } = await renderTill(core.handlers());
    act(() => {
      services.cart.getState().addProduct(TEA, 'scan');
      services.cart.getState().addProduct(HONEY, 'scan');
    });
    const cartId = services.cart.getState().id;
    await user.click(screen.getByRole('button', { name: 'One less Honey' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Remove “Honey” from the sale.')).toBeTruthy();
    // the core was asked first, with the cart: it priced the removal and named what a manager must approve
    const asked = {
      cartId,
      scope: 'line',
      productId: 'p2',
      quantity: 1,
      lines: [
        { productId: 'p1', quantity: 1, weighed: false },
        { productId: 'p2', quantity: 1, weighed: false },
      ],
    };
    expect(api.callsTo('sale.void')).toEqual([asked]);

    // a wrong PIN: the server's words, and the cashier is still logged in
    await user.keyboard('1234{Enter}');
    expect((await within(approval).findByRole('alert')).textContent).toContain('That is not a manager’s PIN. 4 tries left.');
    expect(services.session.getState().phase).toBe('ready');

    // the keypad works too
    const keypad = within(approval).getByRole('group', { name: 'PIN keypad' });
    for (const digit of '9999') await user.click(within(keypad).getByRole('button', { name: digit }));
    await user.click(within(keypad).getByRole('button', { name: 'Approve' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const request = { action: 'voidLine', targetId: cartId, terms: { productId: 'p2', maxAmountMinor: 590 } };
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: '1234', ...request },
      { pin: '9999', ...request },
    ]);
    expect(api.callsTo('sale.void')).toEqual([asked, { ...asked, approvalId: 'approval-voidLine' }]);
    expect(screen.getAllByTestId('cart-line').map((row) => row.querySelector('.cart-line-name')?.textContent)).toEqual(['Tea']);
  });

  it('cancelling the PIN prompt keeps the line; a manager removes without a prompt', async () => {
    const user = userEvent.setup();
    const first = await renderTill(createFakeCore({ catalogue: CATALOGUE }).handlers());
    act(() => first.services.cart.getState().addProduct(TEA, 'scan'));
    fireEvent.keyDown(window, { key: 'Delete' });
    await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    // only the refused try (no approval): nothing was recorded, and no approval was asked of the core
    expect(first.api.callsTo('sale.void')).toEqual([
      {
        cartId: expect.any(String),
        scope: 'line',
        productId: 'p1',
        quantity: 1,
        lines: [{ productId: 'p1', quantity: 1, weighed: false }],
      },
    ]);
    expect(first.api.callsTo('auth.approve')).toEqual([]);
    expect(screen.getAllByTestId('cart-line')).toHaveLength(1);
    cleanup();

    const second = await renderTill(createFakeCore({ catalogue: CATALOGUE, manager: true }).handlers(), { staff: MANAGER });
    act(() => second.services.cart.getState().addProduct(TEA, 'scan'));
    fireEvent.keyDown(window, { key: 'Delete' });
    await act(async () => {});
    expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull();
    expect(second.api.callsTo('sale.void')).toEqual([
      {
        cartId: expect.any(String),
        scope: 'line',
        productId: 'p1',
        quantity: 1,
        lines: [{ productId: 'p1', quantity: 1, weighed: false }],
      },
    ]);
    expect(screen.queryAllByTestId('cart-line')).toHaveLength(0);
  });

  it('Shift+Del voids the whole sale, after a manager’s PIN', async () => {
    const user = userEvent.setup();
    const { api, services } = await renderTill(createFakeCore({ catalogue: CATALOGUE }).handlers());
    act(() => {
      services.cart.getState().addProduct(TEA, 'scan');
      services.cart.getState().addProduct(HONEY, 'scan');
    });
    const cartId = services.cart.getState().id;
    expect(screen.getByRole('button', { name: /Void sale/ }).getAttribute('aria-keyshortcuts')).toBe('Shift+Delete');
    fireEvent.keyDown(window, { key: 'Delete', shiftKey: true });
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Void the whole sale (€8.40).')).toBeTruthy();
    await user.keyboard('9999{Enter}');
    await act(async () => {});
    expect(api.callsTo('auth.approve')).toEqual([{ pin: '9999', action: 'voidCart', targetId: cartId, terms: { maxAmountMinor: 840 } }]);
    const lines = [
      { productId: 'p1', quantity: 1, weighed: false },
      { productId: 'p2', quantity: 1, weighed: false },
    ];
    expect(api.callsTo('sale.void')).toEqual([
      { cartId, scope: 'cart', lines },
      { cartId, scope: 'cart', lines, approvalId: 'approval-voidCart' },
    ]);
    expect(screen.queryAllByTestId('cart-line')).toHaveLength(0);
  });

  it('removing units: sale.void without an approval first, then the PIN for exactly what the core named, then the void with it', async () => {
    const user = userEvent.setup();
    const core = createFakeCore({ catalogue: CATALOGUE });
    const { api, services } = await renderTill(core.handlers());
    act(() => {
      services.cart.getState().addProduct(TEA, 'scan');
      services.cart.getState().addProduct(HONEY, 'scan');
      services.cart.getState().addProduct(HONEY, 'scan');
      // within the cashier's limit, but not yet approved by anyone: the removal is valued at the list price
      services.cart.getState().setCartDiscount({ kind: 'percent', bp: 1000 });
    });
    const cartId = services.cart.getState().id ?? '';
    const cart = services.cart.getState().cartInput();
    // one honey at its list price of €5.90 (a discount the caller sends is no approved discount)
    expect(core.voidAmount({ cartId, scope: 'line', productId: 'p2', quantity: 1, ...cart })).toBe(590);

    await user.click(screen.getByRole('button', { name: 'One less Honey' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText('Take 1 of “Honey” off the sale (2 → 1).')).toBeTruthy();
    const first = { cartId, scope: 'line', productId: 'p2', quantity: 1, ...cart };
    expect(first).not.toHaveProperty('amountMinor');
    expect(api.callsTo('sale.void')).toEqual([first]);
    expect(api.callsTo('auth.approve')).toEqual([]);

    await user.keyboard('9999{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // in this order: the refused void, the manager's approval of the core's need, the void with it
    expect(api.calls.map((call) => call.channel).filter((channel) => channel === 'sale.void' || channel === 'auth.approve')).toEqual([
      'sale.void',
      'auth.approve',
      'sale.void',
    ]);
    expect(api.callsTo('auth.approve')).toEqual([
      { pin: '9999', action: 'voidLine', targetId: cartId, terms: { productId: 'p2', maxAmountMinor: 590 } },
    ]);
    expect(api.callsTo('sale.void')).toEqual([first, { ...first, approvalId: 'approval-voidLine' }]);
    expect(core.granted.get('approval-voidLine')?.used).toBe(true);
    expect(services.cart.getState().lines.map((line) => [line.productId, line.quantity])).toEqual([
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
      const core = createFakeCore();
      let recorded = 0;
      const till = await renderTill(
        {
          'auth.approve': (input) => core.approve(input),
          'shift.noSale': (input: ChannelInput<'shift.noSale'>) => {
            const refused = needsApproval ? core.checkNoSale(input) : null;
            if (refused) return { ok: false, error: refused };
            recorded += 1;
            return ok({ id: `no-sale-${recorded}`, drawerKicked: false });
          },
          'receipt.kickDrawer': () => ok({ kicked: true }),
        },
        { settings: settingsWith({ noSaleNeedsApproval: needsApproval }) },
      );
      fireEvent.keyDown(window, { key: 'F10' });
      const dialog = await screen.findByRole('dialog', { name: 'No sale' });
      await user.click(within(dialog).getByRole('button', { name: 'Check the drawer' }));
      return { ...till, dialog };
    };

    const plain = await noSaleTill(false);
    await within(plain.dialog).findByText('No sale recorded. The drawer is open.');
    expect(plain.api.callsTo('shift.noSale')).toEqual([{ reason: 'Check the drawer' }]);
    expect(plain.api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: 'no-sale-1' }]);
    expect(plain.api.callsTo('auth.approve')).toEqual([]);
    cleanup();

    const approved = await noSaleTill(true);
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(approval).getByText("Opening the drawer without a sale needs a manager's approval.")).toBeTruthy();
    // nothing was recorded yet, and the drawer stays shut
    expect(approved.api.callsTo('receipt.kickDrawer')).toEqual([]);
    await user.keyboard('9999{Enter}');
    await within(approved.dialog).findByText('No sale recorded. The drawer is open.');
    expect(approved.api.callsTo('auth.approve')).toEqual([{ pin: '9999', action: 'noSale', terms: {} }]);
    expect(approved.api.callsTo('shift.noSale')).toEqual([
      { reason: 'Check the drawer' },
      { reason: 'Check the drawer', approvalId: 'approval-noSale' },
    ]);
    expect(approved.api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: 'no-sale-1' }]);
    expect(within(approved.dialog).queryByRole('alert')).toBeNull();
  });

  it('dialogs are modal: labelled, the focus stays inside (Tab wraps), Esc closes and gives the focus back', async () => {
    const user = userEvent.setup();
    const { services } = await renderTill({ 'sale.listParked': () => ok([]) });
    const search = screen.getByRole('combobox', { name: /Search products/ });
    expect(document.activeElement).toBe(search);
    act(() => services.cart.getState().addProduct(catalogItem('p1', 'Tea', 250), 'scan'));
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
    // the sale is still there
    expect(services.cart.getState().lines).toHaveLength(1);
  });

  it('the shift menu: X report in a sandboxed frame; paid out needs a manager; no sale needs a reason', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({
      'report.render': () => ok({ html: '<p>X report</p>', escposBase64: null }),
      'auth.approve': (input) => createFakeCore().approve(input),
      'shift.cashMovement': (input) => ok({ id: 'mv1', kind: input.kind, amountMinor: input.amountMinor, journalSeq: 4 }),
      'shift.noSale': () => ok({ id: 'ns1', drawerKicked: false }),
      'receipt.kickDrawer': () => ok({ kicked: false }),
    });
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /X report/ }));
    const x = await screen.findByRole('dialog', { name: 'X report' });
    expect((await within(x).findByTitle('X report')).getAttribute('sandbox')).toBe('');
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
    await user.keyboard('9999{Enter}');
    await within(paidOut).findByText('€20.00 paid out. Take it from the drawer.');
    expect(api.callsTo('shift.cashMovement')).toEqual([
      { kind: 'paid_out', amountMinor: 2000, reason: 'Window cleaner', approvalId: 'approval-paidOut' },
    ]);
    await user.keyboard('{Escape}');

    fireEvent.keyDown(window, { key: 'F10' });
    const noSale = await screen.findByRole('dialog', { name: 'No sale' });
    await user.click(within(noSale).getByRole('button', { name: 'Open drawer' }));
    expect(within(noSale).getByRole('alert').textContent).toContain('Say why the drawer is opened');
    await user.click(within(noSale).getByRole('button', { name: 'Change for a customer' }));
    await within(noSale).findByText(/No sale recorded/);
    expect(api.callsTo('shift.noSale')).toEqual([{ reason: 'Change for a customer' }]);
    expect(api.callsTo('receipt.kickDrawer')).toEqual([{ noSaleId: 'ns1' }]);
  });

  it('closing: count by denomination, expected against counted, confirm, then the Z report', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({
      'shift.xReport': () => ok(X_REPORT),
      'shift.close': (input) => {
        const counted = input.counted.reduce((sum, c) => sum + c.denominationMinor * c.count, 0);
        return ok({
          ...X_REPORT,
          zNumber: 12,
          closedAt: 1,
          closedBy: 'Ada Lovelace',
          countedCashMinor: counted,
          overShortMinor: counted - 20230,
          counted: input.counted,
        });
      },
      'report.render': () => ok({ html: '<p>Z report</p>', escposBase64: null }),
    });
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
    expect(api.callsTo('shift.close')).toEqual([
      {
        counted: [
          { denominationMinor: 10000, count: 2 },
          { denominationMinor: 200, count: 1 },
        ],
      },
    ]);
    await screen.findByRole('heading', { name: /Z report 12/ });
    expect(screen.getByTestId('z-over-short').textContent).toBe('Short €0.30');
    expect(screen.getByTitle('Z report').getAttribute('sandbox')).toBe('');
    expect(api.callsTo('report.render')).toEqual([{ shiftId: 'shift-1', format: 'html' }]);

    await user.click(screen.getByRole('button', { name: 'Open the next shift' }));
    await screen.findByRole('heading', { name: 'Open the shift' });
  });

  it('logging out with a sale in the cart parks it first', async () => {
    const user = userEvent.setup();
    const { api, services } = await renderTill({
      'sale.park': (input) =>
        ok({ id: input.id, label: input.label ?? '', staffName: CASHIER.name, totalMinor: 250, lineCount: 1, createdAt: 0 }),
      'auth.logout': () => ok({ loggedOut: true }),
      'auth.directory': () => ok([]),
    });
    act(() => services.cart.getState().addProduct(catalogItem('p1', 'Tea', 250), 'scan'));
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    const dialog = await screen.findByRole('dialog', { name: 'Log out' });
    await user.click(within(dialog).getByRole('button', { name: 'Park sale and log out' }));
    await screen.findByRole('heading', { name: 'Who is working?' });
    expect(api.callsTo('sale.park')).toEqual([
      { id: expect.any(String), lines: [{ productId: 'p1', quantity: 1, weighed: false }], label: 'Left by Ada Lovelace' },
    ]);
    expect(api.callsTo('auth.logout')).toHaveLength(1);
  });
});
