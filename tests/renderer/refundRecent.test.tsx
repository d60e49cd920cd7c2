// The refund dialog at a busy till, against a real core: the shift's recent receipts to pick from,
// a returned product scanned to select its line, and a short way by keyboard to the Refund button.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/session';
import { TONE_EVENT, type ToneDetail } from '../../src/renderer/sound';
import { createRefundStore } from '../../src/renderer/stores/refund';
import { withCheckDigit } from '../../src/shared/barcode';
import type { ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill, settingsWith } from './till';

const eur = (minor: number) => formatMoney(minor, 'EUR');

const TEA = catalogItem('p-tea', 'Green tea', 350, 2000, { barcodes: [withCheckDigit('400000000201')] });
const KETTLE = catalogItem('p-kettle', 'Kettle', 2999, 2000, { barcodes: [withCheckDigit('400000000202')] });
const UMBRELLA = catalogItem('p-umbrella', 'Umbrella', 1500, 2000, { barcodes: [withCheckDigit('400000000203')] });
const TOMATOES = catalogItem('p-tomatoes', 'Loose tomatoes', 349, 550, {
  soldByWeight: true,
  stockOnHand: 5000,
  barcodes: [withCheckDigit('400000000204')],
});
const CATALOGUE = [TEA, KETTLE, UMBRELLA, TOMATOES];
const NOBODY_SELLS = withCheckDigit('400000000299');

type Sale = ChannelOutput<'sale.get'>;

// user-event finds a radio's group with CSS.escape, which jsdom lacks
if (typeof globalThis.CSS?.escape !== 'function') {
  Object.defineProperty(globalThis, 'CSS', {
    configurable: true,
    value: { escape: (text: string) => text.replace(/[^\w-]/g, (char) => `\\${char}`) },
  });
}

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

async function till() {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE });
  opened.push(rendered.api);
  return rendered;
}

/** A sale the core completed for `session` (the window's cashier unless told): products and units (grams when weighed), paid in cash. */
function sell(api: CoreApi, lines: [product: { id: string }, quantity: number][], session: Session = api.session): Sale {
  let open: ChannelOutput<'cart.addLine'> | null = null;
  for (const [product, quantity] of lines) open = api.call('cart.addLine', { productId: product.id, quantity }, session);
  if (!open) throw new Error('nothing to sell');
  api.call(
    'sale.complete',
    { id: open.id, payments: [{ method: 'cash', amountMinor: open.totalMinor, tenderedMinor: open.totalMinor }] },
    session,
  );
  return api.call('sale.get', { id: open.id });
}

const lineOf = (sale: Sale, name: string) => sale.lines.find((line) => line.name === name) as Sale['lines'][number];

/** F8, and the dialog once the shift's receipts are listed (or said to be none). */
async function openRefund() {
  fireEvent.keyDown(window, { key: 'F8' });
  const dialog = await screen.findByRole('dialog', { name: 'Refund' });
  await waitFor(() => expect(within(dialog).queryByText('Loading this shift’s receipts…')).toBeNull());
  return dialog;
}

// the keys' times, as the scanner detector reads them: 5 ms apart within a scan, a second between
// scans (jsdom's own times would follow how long each render took, not the scanner)
let clock = 1_000_000;
const tick = (ms: number) => {
  clock += ms;
  return clock;
};

/** One keydown at `target`, at the time given. */
function keyAt(target: Element, key: string, at: number) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'timeStamp', { value: at });
  fireEvent(target, event);
}

/** A barcode scanner: the code as a burst of keys at the focused element, then Enter. */
function scan(code: string) {
  const target = document.activeElement ?? document.body;
  tick(1000);
  for (const key of [...code, 'Enter']) keyAt(target, key, tick(5));
}

/**
 * The same burst typed into the focused field, as a browser does (each key's character lands in it
 * before the Enter tells it was a scan).
 */
function scanInto(input: HTMLInputElement, code: string) {
  tick(1000);
  for (const key of code) {
    keyAt(input, key, tick(5));
    fireEvent.change(input, { target: { value: `${input.value}${key}` } });
  }
  keyAt(input, 'Enter', tick(5));
}

const rows = (dialog: HTMLElement) => within(dialog).getAllByTestId('recent-receipt');
const quantityOf = (dialog: HTMLElement, name: string) =>
  within(dialog).getByLabelText(new RegExp(`Refund quantity of ${name}`)) as HTMLInputElement;
const rowOf = (dialog: HTMLElement, name: string) =>
  within(dialog)
    .getAllByTestId('refund-line')
    .find((row) => row.textContent?.includes(name)) as HTMLElement;

describe('the shift’s recent receipts in the refund dialog', () => {
  it('an empty shift says so', async () => {
    await till();
    const dialog = await openRefund();
    expect(within(dialog).getByText('No sales yet in this shift.')).toBeTruthy();
    expect(within(dialog).queryAllByTestId('recent-receipt')).toEqual([]);
  });

  it('lists the shift’s sales newest first (time, code, items, total, who), a refund tagged and not pickable; picking one opens its lines', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const first = sell(api, [
      [TEA, 2],
      [KETTLE, 1],
    ]);
    const second = sell(api, [[UMBRELLA, 1]], api.manager);
    const third = sell(api, [[TEA, 1]]);
    // the umbrella came back since
    api.call('sale.refund', {
      id: crypto.randomUUID(),
      originalSaleId: second.id,
      lines: [{ originalLineId: lineOf(second, 'Umbrella').id, quantity: 1, restock: true }],
      payBack: 'cash',
    });

    const dialog = await openRefund();
    const listed = rows(dialog);
    expect(listed.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/T1-000004.*1 item.*Ada Lovelace.*refund.*−€15\.00/),
      expect.stringMatching(/T1-000003.*1 item.*Ada Lovelace.*€3\.50/),
      expect.stringMatching(/T1-000002.*1 item.*Mara Manager.*refunded.*€15\.00/),
      expect.stringMatching(/T1-000001.*3 items.*Ada Lovelace.*€36\.99/),
    ]);
    // the time it was rung, as the clock reads
    const time = new Date(third.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(listed[1]?.textContent).toContain(time);
    // a refund is there to see, not to pick: no button
    expect(within(listed[0] as HTMLElement).queryByRole('button')).toBeNull();
    expect(listed[0]?.tagName).toBe('LI');
    // each sale is a button a finger can hit (the CSS gives it 48 px; jsdom has no layout to measure)
    expect(listed.slice(1).map((row) => row.tagName)).toEqual(['BUTTON', 'BUTTON', 'BUTTON']);

    // by keyboard: ↓ from the receipt field into the list, ↓ to the next sale, Enter opens it
    const receipt = within(dialog).getByLabelText('Receipt');
    expect(document.activeElement).toBe(receipt);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(listed[1]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(listed[2]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(listed[3]);
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowDown}{ArrowDown}{Enter}');
    await within(dialog).findByText(`Receipt ${first.receiptCode}`);
    expect(within(dialog).getAllByTestId('refund-line')).toHaveLength(2);

    // back to the list; a tap opens another, exactly as finding it by its code does
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(rows(dialog)).toHaveLength(4));
    await user.click(rows(dialog)[1] as HTMLElement);
    await within(dialog).findByText(`Receipt ${third.receiptCode}`);
    const viaList = within(dialog)
      .getAllByTestId('refund-line')
      .map((row) => row.textContent);
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    await user.type(await within(dialog).findByLabelText('Receipt'), `${third.receiptCode}{Enter}`);
    await within(dialog).findByText(`Receipt ${third.receiptCode}`);
    expect(
      within(dialog)
        .getAllByTestId('refund-line')
        .map((row) => row.textContent),
    ).toEqual(viaList);
  });

  it('pages back through a long shift with the keyset (Earlier receipts)', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    for (let i = 0; i < 8; i++) sell(api, [[TEA, 1]]);
    const dialog = await openRefund();
    expect(rows(dialog).map((row) => /T1-(\d{6})/.exec(row.textContent ?? '')?.[1])).toEqual([
      '000008',
      '000007',
      '000006',
      '000005',
      '000004',
      '000003',
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Earlier receipts' }));
    await waitFor(() => expect(rows(dialog)).toHaveLength(8));
    expect(rows(dialog).at(-1)?.textContent).toContain('T1-000001');
    expect(within(dialog).queryByRole('button', { name: 'Earlier receipts' })).toBeNull();
    // the second page asked before the last receipt shown, not for an offset
    expect(api.callsTo('sale.recent')).toEqual([{ limit: 7 }, { limit: 7, before: 3 }]);
  });
});

describe('scanning a returned product selects its line', () => {
  it('each scan adds one unit, never beyond what was sold; a product not on the receipt is said so, with the error tone', async () => {
    const { api } = await till();
    const sale = sell(api, [
      [TEA, 3],
      [KETTLE, 1],
    ]);
    const dialog = await openRefund();
    fireEvent.click(rows(dialog)[0] as HTMLElement);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);
    const tea = () => quantityOf(dialog, 'Green tea');
    const kinds = () => tones.map((tone) => tone.kind);

    scan(TEA.barcodes[0] ?? '');
    await waitFor(() => expect(tea().value).toBe('1'));
    // the scanned line has the keyboard, and says what the scan did
    expect(document.activeElement).toBe(tea());
    expect(rowOf(dialog, 'Green tea').className).toContain('refund-row-scanned');
    expect(within(dialog).getByRole('status').textContent).toBe('Green tea: 1 of 3 to refund.');
    await waitFor(() => expect(kinds()).toEqual(['ok']));

    // the second scan lands in the focused quantity field first, as a scanner types (its digits
    // would make it all 3): taken back out, then one more
    scanInto(tea(), TEA.barcodes[0] ?? '');
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('Green tea: 2 of 3 to refund.'));
    expect(tea().value).toBe('2');
    await waitFor(() => expect(kinds()).toEqual(['ok', 'ok']));
    scan(TEA.barcodes[0] ?? '');
    await waitFor(() => expect(tea().value).toBe('3'));

    // a fourth: only three were sold
    scan(TEA.barcodes[0] ?? '');
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Everything of Green tea on this receipt is in the refund already.',
    );
    expect(tea().value).toBe('3');
    await waitFor(() => expect(kinds()).toEqual(['ok', 'ok', 'ok', 'error']));

    // a product of the catalogue that this sale did not have, and a code nobody sells
    scan(UMBRELLA.barcodes[0] ?? '');
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('Umbrella is not on this receipt.'));
    await waitFor(() => expect(kinds()).toEqual(['ok', 'ok', 'ok', 'error', 'error']));
    scan(NOBODY_SELLS);
    await waitFor(() =>
      expect(within(dialog).getByRole('alert').textContent).toContain(`Nothing with the barcode ${NOBODY_SELLS} is on this receipt.`),
    );
    await waitFor(() => expect(kinds()).toEqual(['ok', 'ok', 'ok', 'error', 'error', 'error']));
    // the kettle was not touched; the refund is the three teas
    expect(quantityOf(dialog, 'Kettle').value).toBe('0');
    expect(within(dialog).getByRole('button', { name: `Refund ${eur(3 * 350)}` })).toBeTruthy();
  });

  it('a weighed line is selected whole, its switch focused', async () => {
    const { api } = await till();
    const sale = sell(api, [
      [TOMATOES, 750],
      [TEA, 1],
    ]);
    const dialog = await openRefund();
    fireEvent.click(rows(dialog)[0] as HTMLElement);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);
    scan(TOMATOES.barcodes[0] ?? '');
    const whole = within(dialog).getByRole('checkbox', { name: 'Refund all 0.750 kg of Loose tomatoes' }) as HTMLInputElement;
    await waitFor(() => expect(whole.checked).toBe(true));
    expect(document.activeElement).toBe(whole);
    expect(within(dialog).getByRole('status').textContent).toBe('Loose tomatoes: all 0.750 kg to refund.');
    expect(within(dialog).getByRole('button', { name: `Refund ${eur(lineOf(sale, 'Loose tomatoes').totalMinor)}` })).toBeTruthy();
  });

  it('the store: by SKU too, and a lookup is asked once per code', async () => {
    const { api } = await till();
    const sale = sell(api, [[TEA, 3]]);
    const store = createRefundStore(api, () => settingsWith());
    await store.getState().open(sale.id);
    const tea = lineOf(sale, 'Green tea').id;
    expect(await store.getState().scanLine(TEA.sku)).toEqual({ ok: true, lineId: tea });
    expect(await store.getState().scanLine(TEA.barcodes[0] ?? '')).toEqual({ ok: true, lineId: tea });
    expect(await store.getState().scanLine(TEA.barcodes[0] ?? '')).toEqual({ ok: true, lineId: tea });
    expect(store.getState().picks.get(tea)?.quantity).toBe(3);
    expect(api.callsTo('catalog.lookupBarcode')).toEqual([{ code: TEA.barcodes[0] }]);
  });
});

describe('from the lines to the Refund button in a few keys', () => {
  it('three Tabs after the last line (pay back, reason, Refund); Enter in a quantity goes to the reason, Enter there refunds; the core stored it', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const sale = sell(api, [
      [TEA, 2],
      [KETTLE, 1],
    ]);
    const dialog = await openRefund();
    fireEvent.click(rows(dialog)[0] as HTMLElement);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);
    const refundButton = () => within(dialog).getByRole('button', { name: /^Refund €/ });

    scan(KETTLE.barcodes[0] ?? '');
    await waitFor(() => expect(quantityOf(dialog, 'Kettle').value).toBe('1'));
    expect(document.activeElement).toBe(quantityOf(dialog, 'Kettle'));

    // the kettle is the last line: its restock switch is the last control of the lines
    const lastRestock = within(rowOf(dialog, 'Kettle')).getByRole('checkbox', { name: 'Restock' });
    lastRestock.focus();
    let tabs = 0;
    while (document.activeElement !== refundButton() && tabs < 10) {
      await user.tab();
      tabs += 1;
    }
    expect(tabs).toBe(3);
    // what was passed on the way: the chosen pay-back (one stop for the group), then the reason
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/Reason/));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(dialog).getByRole('radio', { name: 'As paid' }));
    // the arrow keys choose another way, without leaving the group
    await user.keyboard('{ArrowRight}');
    expect((within(dialog).getByRole('radio', { name: 'Cash' }) as HTMLInputElement).checked).toBe(true);
    // and the Back button comes after Refund, not before it
    refundButton().focus();
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Back' }));

    // from the scanned line: a second tea typed by hand, Enter to the reason, Enter refunds
    const tea = quantityOf(dialog, 'Green tea');
    await user.click(tea);
    await user.keyboard('2{Enter}');
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/Reason/));
    // typed by a person (keys further apart than a scanner's, or it would be taken for a scan)
    await userEvent.setup({ delay: 45 }).keyboard('damaged box{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Refund complete' });

    // what the core stored: both teas and the kettle, in cash, with the reason; the X report counts it
    const refundId = api.call('sale.get', { id: sale.id }).refundIds.at(-1) ?? '';
    const refund = api.call('sale.get', { id: refundId });
    expect(within(done).getByText(`Refund receipt ${refund.receiptCode}`)).toBeTruthy();
    expect(refund.lines.map((line) => [line.originalLineId, line.quantity, line.restock])).toEqual([
      [lineOf(sale, 'Green tea').id, 2, true],
      [lineOf(sale, 'Kettle').id, 1, true],
    ]);
    expect(refund.totalMinor).toBe(700 + 2999);
    expect(refund.payments.map((payment) => [payment.method, payment.amountMinor])).toEqual([['cash', 3699]]);
    expect(api.call('shift.xReport', {}, api.session)).toMatchObject({ refundsCount: 1, refundsTotalMinor: 3699 });
    const audit = api.terminal.sqlite
      .prepare("SELECT details FROM audit_log WHERE action = 'sale.refund' AND entity_id = ?")
      .get(refundId) as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ reason: 'damaged box', totalMinor: 3699 });
  });

  it('Enter in the reason with nothing chosen says what is missing and sends nothing', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const sale = sell(api, [[TEA, 1]]);
    const dialog = await openRefund();
    fireEvent.click(rows(dialog)[0] as HTMLElement);
    await within(dialog).findByText(`Receipt ${sale.receiptCode}`);
    await user.click(within(dialog).getByLabelText(/Reason/));
    await user.keyboard('{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Choose what comes back');
    expect(api.callsTo('sale.refund')).toEqual([]);
  });
});
