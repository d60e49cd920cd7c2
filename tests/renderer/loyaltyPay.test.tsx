// Paying with points, against a real core: the pay dialog's Points option (as many as can pay by
// default, typed over for fewer), their worth, the rest by card or cash as always; what the core
// stored; the daily cap's sentence when it is what limits them; the core's refusal in its words;
// and the done screen's points redeemed, earned and new balance, as the core recorded them.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../electron/core/features/setup/settings';
import { TONE_EVENT, type ToneDetail } from '../../src/renderer/sound';
import type { ChannelInput } from '../../src/shared/contract';
import { uuidv7 } from '../../src/shared/uuid';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p-tea', 'Green tea', 350, 2000);
const KETTLE = catalogItem('p-kettle', 'Kettle', 2999, 2000);

let opened: CoreApi[] = [];
let tones: ToneDetail[] = [];
const hear = (event: CustomEvent<ToneDetail>) => tones.push(event.detail);
beforeEach(() => {
  tones = [];
  window.addEventListener(TONE_EVENT, hear);
});
afterEach(() => {
  window.removeEventListener(TONE_EVENT, hear);
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

/** A member with `points`, on a sale of these products, and F9. */
async function payWithMember(points: number, products = [KETTLE], loyalty: Partial<typeof DEFAULT_SETTINGS.loyalty> = {}) {
  const till = await renderCoreTill({ catalogue: [TEA, KETTLE], settings: { loyalty: { ...DEFAULT_SETTINGS.loyalty, ...loyalty } } });
  opened.push(till.api);
  const { api, services } = till;
  const ana = api.call('loyalty.enroll', { name: 'Ana Lima', email: 'ana@example.com' });
  if (points > 0) api.call('loyalty.adjust', { id: uuidv7(), memberId: ana.id, points, reason: 'Opening balance' }, api.manager);
  await act(async () => {
    for (const product of products) await services.cart.getState().addProduct(product, 'scan');
    await services.cart.getState().setMember(ana.id);
  });
  fireEvent.keyDown(window, { key: 'F9' });
  const dialog = await screen.findByRole('dialog', { name: 'Pay' });
  return { ...till, ana, dialog };
}

const completions = (api: CoreApi) => api.callsTo('sale.complete') as ChannelInput<'sale.complete'>[];
const ledgerOf = (api: CoreApi, saleId: string) =>
  api.terminal.sqlite.prepare('SELECT kind, points FROM points_ledger WHERE sale_id = ? ORDER BY seq').all(saleId);

describe('the Points option of the pay dialog', () => {
  it('part with points, the rest by card: sends the points tender with its worth, the core stores both, the done screen says what moved', async () => {
    const user = userEvent.setup();
    const { api, ana, dialog } = await payWithMember(1500);
    const option = within(dialog).getByTestId('pay-points');
    expect(option.textContent).toContain('Ana Lima has 1,500 points; up to 1,500 points (€15.00) can pay this sale.');
    expect(within(dialog).queryByTestId('points-cap')).toBeNull();
    await user.click(within(option).getByRole('button', { name: 'Pay with points' }));
    const field = within(dialog).getByLabelText('Points to redeem') as HTMLInputElement;
    // as many as can pay, selected to be typed over
    expect(field.value).toBe('1500');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(within(dialog).getByTestId('pay-points-worth').textContent).toBe('−€15.00');
    await user.keyboard('1000');
    expect(within(dialog).getByTestId('pay-points-worth').textContent).toBe('−€10.00');
    expect(within(dialog).getByTestId('pay-rest').textContent).toBe('€19.99');
    await user.click(within(dialog).getByRole('button', { name: 'Card' }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });

    expect(completions(api).at(-1)?.payments).toEqual([
      { method: 'points', points: 1000, amountMinor: 1000 },
      { method: 'card', amountMinor: 1999 },
    ]);
    const sale = api.call('sale.get', { id: completions(api).at(-1)?.id ?? '' });
    expect(sale.memberId).toBe(ana.id);
    expect(sale.payments.map((p) => [p.method, p.amountMinor])).toEqual([
      ['points', 1000],
      ['card', 1999],
    ]);
    // points that paid earn nothing: 19.99 paid by card earns 19
    expect(ledgerOf(api, sale.id)).toEqual([
      { kind: 'redeem', points: -1000 },
      { kind: 'earn', points: 19 },
    ]);
    const summary = await within(done).findByTestId('points-done');
    expect(within(summary).getByTestId('points-redeemed').textContent).toBe('1,000 points (€10.00)');
    expect(within(summary).getByTestId('points-earned').textContent).toBe('19 points');
    expect(within(summary).getByTestId('points-balance').textContent).toBe('519 points');
    expect(api.call('loyalty.get', { id: ana.id }).pointsBalance).toBe(519);
  });

  it('points that pay it all: one points tender, nothing else to take, “Paid with points”', async () => {
    const user = userEvent.setup();
    const { api, dialog } = await payWithMember(5000, [TEA]);
    await user.click(within(dialog).getByRole('button', { name: 'Pay with points' }));
    expect((within(dialog).getByLabelText('Points to redeem') as HTMLInputElement).value).toBe('350');
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Points to redeem')));
    expect(dialog.textContent).toContain('The points pay the whole sale');
    expect(within(dialog).queryByLabelText('Cash given')).toBeNull();
    await user.keyboard('{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(completions(api).at(-1)?.payments).toEqual([{ method: 'points', points: 350, amountMinor: 350 }]);
    expect(done.textContent).toContain('Paid with points');
    expect(within(await within(done).findByTestId('points-done')).getByTestId('points-earned').textContent).toBe('0 points');
  });

  it('with cash for the rest: change as always; more points than can pay is said before anything is sent', async () => {
    const user = userEvent.setup();
    const { api, dialog } = await payWithMember(800);
    await user.click(within(dialog).getByRole('button', { name: 'Pay with points' }));
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Points to redeem')));
    await user.keyboard('900');
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const field = within(dialog).getByLabelText('Points to redeem');
    expect(field.closest('.field')?.querySelector('.field-error')?.textContent).toBe('At most 800 points can pay this sale.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(completions(api)).toEqual([]);
    expect(tones.at(-1)?.kind).toBe('error');
    await user.clear(field);
    await user.type(field, '500');
    // 29.99 − 5.00 = 24.99 in cash
    expect(within(dialog).getByTestId('cash-due').textContent).toBe('€24.99');
    await user.type(within(dialog).getByLabelText('Cash given'), '30');
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByTestId('receipt-change').textContent).toBe('€5.01');
    expect(completions(api).at(-1)?.payments).toEqual([
      { method: 'points', points: 500, amountMinor: 500 },
      { method: 'cash', amountMinor: 2499, tenderedMinor: 3000 },
    ]);
  });

  it('fewer than the store’s minimum: the core’s sentence, with the error tone, and the sale stays open', async () => {
    const user = userEvent.setup();
    const { api, services, dialog } = await payWithMember(800);
    await user.click(within(dialog).getByRole('button', { name: 'Pay with points' }));
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Points to redeem')));
    await user.keyboard('50');
    await user.click(within(dialog).getByRole('button', { name: 'Card' }));
    tones = [];
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('At least 100 points are redeemed at a time.'));
    expect(tones.map((tone) => tone.kind)).toEqual(['error']);
    expect(services.cart.getState().lines).toHaveLength(1);
    expect(api.call('cart.current', {})?.member?.pointsBalance).toBe(800);
  });

  it('the daily cap: its sentence when it is what limits the points, and the most the option offers', async () => {
    const user = userEvent.setup();
    const { api, ana, dialog } = await payWithMember(2000, [KETTLE], { offlineDailyRedeemCap: 500 });
    const cap = within(dialog).getByTestId('points-cap');
    expect(cap.textContent).toBe(
      'Until this till has synced with the head office, Ana Lima may redeem 500 points a day here: 500 points left today.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Pay with points' }));
    expect((within(dialog).getByLabelText('Points to redeem') as HTMLInputElement).value).toBe('500');
    await user.click(within(dialog).getByRole('button', { name: 'Card' }));
    await user.click(within(dialog).getByRole('button', { name: /Complete sale/ }));
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(api.call('loyalty.get', { id: ana.id }).pointsBalance).toBe(2000 - 500 + 24);
  });

  it('a cap of 0 is no cap: no sentence, the points pay as the balance and the total allow', async () => {
    const { dialog } = await payWithMember(2000, [TEA], { offlineDailyRedeemCap: 0 });
    expect(within(dialog).queryByTestId('points-cap')).toBeNull();
    expect(within(dialog).getByTestId('pay-points').textContent).toContain('up to 350 points (€3.50) can pay this sale.');
  });

  it('the cap used up: the option is off and the sentence says none are left today', async () => {
    const again = await payWithMember(3000, [KETTLE], { offlineDailyRedeemCap: 100 });
    const api = again.api;
    // today's 100 redeemed on an earlier sale of this till
    fireEvent.keyDown(window, { key: 'Escape' });
    await act(async () => {
      const open = api.call('cart.current', {});
      if (!open) throw new Error('no sale');
      await again.services.cart.getState().checkout([
        { method: 'points', points: 100, amountMinor: 100 },
        { method: 'card', amountMinor: open.totalMinor - 100 },
      ]);
      await again.services.cart.getState().addProduct(KETTLE, 'scan');
      await again.services.cart.getState().setMember(again.ana.id);
    });
    fireEvent.keyDown(window, { key: 'F9' });
    const dialog2 = await screen.findByRole('dialog', { name: 'Pay' });
    expect(within(dialog2).getByTestId('points-cap').textContent).toBe(
      'Until this till has synced with the head office, Ana Lima may redeem 100 points a day here: 0 points left today.',
    );
    expect((within(dialog2).getByRole('button', { name: 'Pay with points' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('no member on the sale: no Points option', async () => {
    const till = await renderCoreTill({ catalogue: [TEA] });
    opened.push(till.api);
    await act(() => till.services.cart.getState().addProduct(TEA, 'scan'));
    fireEvent.keyDown(window, { key: 'F9' });
    const dialog = await screen.findByRole('dialog', { name: 'Pay' });
    expect(within(dialog).queryByTestId('pay-points')).toBeNull();
  });
});
