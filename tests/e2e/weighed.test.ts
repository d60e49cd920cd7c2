// End to end in a real Chromium against `npm run web`: loose produce sold by weight — scan, key in
// the weight, weigh again, lower it with a manager's PIN, pay, see "kg" on the receipt, refund the
// weight back to stock.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawerPulseEscpos } from '../../electron/core/features/receipts/escpos';
import { withCheckDigit } from '../../src/shared/barcode';
import { formatMoney } from '../../src/shared/money';
import { mulDivRound } from '../../src/shared/pricing';
import { startFakePrinter } from '../helpers/fakePrinter';
import {
  artifacts,
  call,
  haveChromium,
  type RunningTill,
  required,
  scan,
  startTill,
  typeSlowly,
  visibleText,
  warnIfSkipped,
} from './harness';

warnIfSkipped();

const MANAGER = { name: 'Wanda Manager', pin: '8642' };
const CASHIER = { name: 'Walt Cashier', pin: '7531' };

interface Weighed {
  id: string;
  name: string;
  barcode: string;
  priceMinor: number;
  stockOnHand: number;
}

/** An active product of the seeded catalogue sold by weight, with an EAN-13 and a few kg in stock. */
function pickWeighed(db: string): Weighed {
  let cursor: string | undefined;
  for (let page = 0; page < 40; page++) {
    const result = call<{
      items: { id: string; active: boolean; soldByWeight: boolean; tracksStock: boolean; stockOnHand: number }[];
      nextCursor: string | null;
    }>(db, 'catalog.search', { query: '', limit: 200, ...(cursor ? { cursor } : {}) });
    for (const hit of result.items) {
      if (!hit.active || !hit.soldByWeight || !hit.tracksStock || hit.stockOnHand < 3000) continue;
      const product = call<{ name: string; barcodes: string[]; priceMinor: number; stockOnHand: number }>(db, 'catalog.get', {
        id: hit.id,
      });
      const barcode = product.barcodes.find((code) => /^\d{13}$/.test(code));
      if (barcode) return { id: hit.id, name: product.name, barcode, priceMinor: product.priceMinor, stockOnHand: product.stockOnHand };
    }
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  throw new Error('the seeded catalogue has no product sold by weight with stock');
}

const eur = (minor: number) => formatMoney(minor, 'EUR');

describe.skipIf(!haveChromium && !required)('selling by weight, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let db = '';
  let page: Page;
  let produce: Weighed;
  let receiptCode = '';

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const cartLines = (): Locator => page.getByTestId('cart-line');

  beforeAll(async () => {
    till = await startTill({
      name: 'weighed',
      products: 2000,
      seed: 11,
      store: { storeName: 'Market Hall', terminalId: 'W1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // a store that asks a manager for every lowering, even of the weight just put on
      settings: { printer: { kind: 'none' }, removalApproval: 'always' },
      prepare: (file) => {
        produce = pickWeighed(file);
      },
    });
    ({ db, page } = till);
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('scanning a weighed product asks for the weight; the line shows kg and the kg price', async () => {
    await scan(page, produce.barcode);
    const weigh = dialog(`Weigh ${produce.name}`);
    await weigh.waitFor();
    expect(await visibleText(weigh)).toContain(`${eur(produce.priceMinor)} per kg`);
    // the weight field has the focus: a person types what the scale shows
    await typeSlowly(page, '0,75');
    await expect.poll(() => visibleText(weigh.getByTestId('weigh-price'))).toBe(eur(mulDivRound(750, produce.priceMinor, 1000)));
    await page.screenshot({ path: join(artifacts, 'weigh.png') });
    await page.keyboard.press('Enter');
    await weigh.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(1);
    expect(await visibleText(cartLines().first().getByTestId('cart-line-quantity'))).toBe(`0.750 kg × ${eur(produce.priceMinor)}/kg`);
    await expect.poll(() => visibleText(page.getByTestId('cart-total'))).toBe(eur(mulDivRound(750, produce.priceMinor, 1000)));
  });

  it('weighing the same product again adds to its line', async () => {
    await scan(page, produce.barcode);
    const weigh = dialog(`Weigh ${produce.name}`);
    await weigh.waitFor();
    await typeSlowly(page, '0.5');
    await page.keyboard.press('Enter');
    await weigh.waitFor({ state: 'detached' });
    await expect
      .poll(() => visibleText(cartLines().first().getByTestId('cart-line-quantity')))
      .toBe(`1.250 kg × ${eur(produce.priceMinor)}/kg`);
    expect(await cartLines().count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'weighed-cart.png') });
  });

  it('a lower weight is a removal: the cashier needs a manager’s PIN', async () => {
    await page.getByRole('button', { name: `Weight of ${produce.name}` }).click();
    const weigh = dialog(`Weigh ${produce.name}`);
    await weigh.waitFor();
    expect(await weigh.getByTestId('weight-input').inputValue()).toBe('1.250');
    await typeSlowly(page, '1');
    await page.keyboard.press('Enter');
    const approval = dialog('Manager approval');
    await approval.waitFor();
    expect(await visibleText(approval)).toContain('Take 0.250 kg');
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await approval.waitFor({ state: 'detached' });
    await expect
      .poll(() => visibleText(cartLines().first().getByTestId('cart-line-quantity')))
      .toBe(`1.000 kg × ${eur(produce.priceMinor)}/kg`);
    await expect.poll(() => visibleText(page.getByTestId('cart-total'))).toBe(eur(produce.priceMinor));
  });

  it('pays by card; the receipt prints the weight; stock goes down by the grams', async () => {
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    expect(await visibleText(pay.getByTestId('pay-total'))).toBe(eur(produce.priceMinor));
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    receiptCode = /Receipt (\S+)/.exec(await visibleText(done.locator('.dialog-subtitle')))?.[1] ?? '';
    const receipt = page.frameLocator('iframe[title="Receipt"]');
    await expect.poll(() => visibleText(receipt.locator('body'))).toContain(`1.000 kg × ${eur(produce.priceMinor)}/kg`);
    await page.screenshot({ path: join(artifacts, 'weighed-receipt.png') });
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    expect(call<{ stockOnHand: number }>(db, 'catalog.get', { id: produce.id }).stockOnHand).toBe(produce.stockOnHand - 1000);
  });

  it('refunds the whole weight of the line, back to stock', async () => {
    await page.keyboard.press('F8');
    const refund = dialog('Refund');
    await refund.waitFor();
    await scan(page, receiptCode);
    await refund.getByText(`Receipt ${receiptCode}`).waitFor();
    const line = refund.getByTestId('refund-line').filter({ hasText: produce.name });
    await line.getByRole('checkbox', { name: `Refund all 1.000 kg of ${produce.name}` }).check();
    await page.screenshot({ path: join(artifacts, 'weighed-refund.png') });
    await refund.getByRole('button', { name: /^Refund €/ }).click();
    const done = dialog('Refund complete');
    await done.waitFor();
    await done.getByRole('button', { name: /Done/ }).click();
    expect(call<{ stockOnHand: number }>(db, 'catalog.get', { id: produce.id }).stockOnHand).toBe(produce.stockOnHand);
    expect(till?.consoleErrors).toEqual([]);
  });

  it('a weight label from the deli scale goes straight onto the sale, weighed', async () => {
    const taxClasses = call<{ id: string }[]>(db, 'catalog.taxClasses', {});
    call(db, 'catalog.upsertProduct', {
      sku: 'DELI-HAM',
      name: 'Smoked Ham (deli)',
      priceMinor: 1990,
      taxClassId: taxClasses[0]?.id,
      soldByWeight: true,
      stockOnHand: 8000,
      barcodes: [withCheckDigit('284021300000')],
    });
    call(db, 'settings.update', { scaleLabelPrefixes: ['28'] });
    // the scale printed 0.412 kg of item 40213
    await scan(page, withCheckDigit('284021300412'));
    const line = cartLines().filter({ hasText: 'Smoked Ham (deli)' });
    await line.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await visibleText(line.getByTestId('cart-line-quantity'))).toBe('0.412 kg × €19.90/kg');
    await expect.poll(() => visibleText(page.getByTestId('cart-total'))).toBe(eur(820));
    expect(till?.consoleErrors).toEqual([]);
  });

  it('with an ESC/POS printer and a drawer: a cash sale opens the drawer when it completes, no receipt needed', async () => {
    const printer = await startFakePrinter();
    try {
      call(db, 'settings.update', {
        printer: { kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true },
      });
      // the ham from the deli label is still on the sale
      await page.keyboard.press('F9');
      const pay = dialog('Pay');
      await pay.waitFor();
      await pay.getByLabel('Cash given').fill('20');
      await page.keyboard.press('Enter');
      const done = dialog('Sale complete');
      await done.waitFor();
      // the pulse reached the printer without anyone pressing Print
      const job = await printer.nextJob();
      expect(new Uint8Array(job)).toEqual(drawerPulseEscpos());
      // the original receipt printed now carries no second pulse
      await done.getByRole('button', { name: 'Print receipt' }).click();
      const receipt = await printer.nextJob();
      expect(receipt.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
      await expect.poll(() => visibleText(done.locator('.print-status'))).toBe('Printed.');
      // the keyboard is on New sale: Enter starts the next sale, it does not print a copy
      await page.keyboard.press('Enter');
      await done.waitFor({ state: 'detached' });
      expect(till?.consoleErrors).toEqual([]);
    } finally {
      await printer.close();
    }
  });
});
