// End to end in a real Chromium against `npm run web`: a cashier's whole working day —
// open the shift, scan, cash with change, card + cash, a manager-approved removal, park and resume,
// refund a line by its receipt code, close the shift with an over/short and see the Z report.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money';
import { cashDue, priceCart } from '../../src/shared/pricing';
import {
  artifacts,
  haveChromium,
  pickItems,
  type RunningTill,
  required,
  type ScannableItem,
  scan,
  startTill,
  typeSlowly,
  visibleText,
  warnIfSkipped,
} from './harness';

type Item = ScannableItem;

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };
const CASH_STEP = 5;

const eur = (minor: number) => formatMoney(minor, 'EUR');

describe.skipIf(!haveChromium && !required)('a working day at the till, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: Item[] = [];
  let firstReceipt = '';
  let firstSaleLine: Item;

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const cartLines = (): Locator => page.getByTestId('cart-line');
  const cartTotal = (): Promise<string> => visibleText(page.getByTestId('cart-total'));

  beforeAll(async () => {
    till = await startTill({
      name: 'checkout',
      products: 2000,
      seed: 7,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // 5-cent cash rounding, receipts printed through the system dialog, and the expected cash shown
      // beside the count at closing (the blind cash-up, the default, is closeAndSound.test.ts)
      settings: { cashRoundingStep: CASH_STEP, printer: { kind: 'system' }, blindCashUp: false },
      prepare: (db) => {
        items = pickItems(db, 3, { minStock: 20, distinctPrices: true });
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('the cashier logs in and opens the shift with a counted float', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('150.00');
    expect(await visibleText(page.locator('.open-shift-total'))).toContain('€150.00');
    await page.screenshot({ path: join(artifacts, 'open-shift.png') });
    await page.getByRole('button', { name: 'Open shift' }).click();

    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await visibleText(page.locator('.topbar'))).toMatch(/Shift open since/);
    expect(await visibleText(page.locator('.topbar'))).toContain('€150.00');
  });

  it('scans three products into the cart; the same product twice counts up', async () => {
    const [a, b, c] = items as [Item, Item, Item];
    for (const item of [a, b, c, a]) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    await expect.poll(() => cartLines().count()).toBe(3);
    const expected = 2 * a.priceMinor + b.priceMinor + c.priceMinor;
    await expect.poll(cartTotal).toBe(eur(expected));
    expect(await page.getByLabel(`Quantity of ${a.name}`).inputValue()).toBe('2');
    // the shortcut bar is on screen, each key a button
    // the shortcuts are on screen: F2 beside the search box, the rest as buttons of the action bar
    expect(await visibleText(page.locator('.search-label'))).toContain('F2');
    for (const key of ['F4', 'F6', 'F7', 'F8', 'F10', 'Del', 'Esc']) {
      expect(await visibleText(page.getByRole('navigation', { name: /Actions/ }))).toContain(key);
    }
    expect(await visibleText(page.getByRole('button', { name: /^Pay/ }))).toContain('F9');
    await page.screenshot({ path: join(artifacts, 'cart.png') });
    // the smallest till screen we support still shows it all
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(artifacts, 'cart-1024x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('cash: a quick amount shows the change in large type, then the receipt', async () => {
    const [a, b, c] = items as [Item, Item, Item];
    const total = 2 * a.priceMinor + b.priceMinor + c.priceMinor;
    const due = cashDue(total, CASH_STEP);
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    expect(await visibleText(pay.getByTestId('pay-total'))).toBe(eur(total));
    expect(await visibleText(pay.getByTestId('cash-due'))).toBe(eur(due));
    if (due !== total) expect(await visibleText(pay.getByTestId('pay-rounding'))).toContain(eur(Math.abs(due - total)));

    // the first quick amount is exact; the next is a round note above
    const quick = pay.getByRole('group', { name: 'Quick cash' }).getByRole('button');
    expect(await visibleText(quick.first())).toContain(eur(due));
    const note = quick.nth(1);
    const tendered = Number(/€([\d.]+)/.exec(await visibleText(note))?.[1]) * 100;
    await note.click();
    await expect.poll(() => visibleText(pay.getByTestId('change-due'))).toBe(eur(tendered - due));
    await page.screenshot({ path: join(artifacts, 'pay.png') });

    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    expect(await visibleText(done.getByTestId('receipt-change'))).toBe(eur(tendered - due));
    firstReceipt = /Receipt (\S+)/.exec(await visibleText(done.locator('.dialog-subtitle')))?.[1] ?? '';
    expect(firstReceipt).toMatch(/^T1-\d{6}$/);
    firstSaleLine = a;

    // the receipt is the core's HTML in a sandboxed frame, styled (its stylesheet is allowed by hash)
    const frame = done.locator('iframe[title="Receipt"]');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    const receipt = page.frameLocator('iframe[title="Receipt"]');
    await expect.poll(() => visibleText(receipt.locator('body'))).toContain(a.name);
    expect(
      await receipt.locator('.doc').evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).backgroundColor),
    ).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: join(artifacts, 'receipt.png') });

    await done.getByRole('button', { name: 'Print receipt' }).click();
    await expect.poll(() => visibleText(done.locator('.print-status'))).toContain('print dialog');
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => cartLines().count()).toBe(0);
  });

  it('the item just scanned comes off without a PIN (an error correction); an earlier line only with a manager’s PIN', async () => {
    const [a, b] = items as [Item, Item];
    await scan(page, a.barcode);
    await scan(page, b.barcode);
    await expect.poll(() => cartLines().count()).toBe(2);
    // b is the last scan: Del takes it off again, no manager
    await page.keyboard.press('Delete');
    await expect.poll(() => cartLines().count()).toBe(1);
    expect(await dialog('Manager approval').count()).toBe(0);
    await scan(page, b.barcode);
    await scan(page, items[2]?.barcode ?? '');
    await expect.poll(() => cartLines().count()).toBe(3);
    // b was scanned before c: removing it is a void, a manager's
    await cartLines().filter({ hasText: b.name }).locator('.cart-line-name').click();
    await page.keyboard.press('Delete');
    const approval = dialog('Manager approval');
    await approval.waitFor();
    expect(await visibleText(approval)).toContain(`Remove “${b.name}” from the sale.`);
    await typeSlowly(page, '9999');
    await page.keyboard.press('Enter');
    await expect.poll(() => visibleText(approval.getByRole('alert'))).toMatch(/not a manager's PIN/);
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await approval.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(2);
    // the last line (c) is selected again, and the search box has the keyboard
    await page.keyboard.press('F2');
  });

  it('a discount above the cashier’s limit needs a manager; the approval goes with the sale', async () => {
    const [a, , c] = items as [Item, Item, Item];
    // the last scanned line is selected: 20 % off it (the cashier's limit is 10 %)
    await page.keyboard.press('F4');
    const discount = dialog('Discount');
    await discount.waitFor();
    await discount.getByRole('button', { name: '20 %' }).click();
    await page.screenshot({ path: join(artifacts, 'discount.png') });
    await discount.getByRole('button', { name: 'Apply discount' }).click();
    const approval = dialog('Manager approval');
    await approval.waitFor();
    expect(await visibleText(approval)).toContain('above the cashier');
    await page.screenshot({ path: join(artifacts, 'approval.png') });
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await discount.waitFor({ state: 'detached' });
    const priced = priceCart({
      lines: [
        { id: a.id, quantity: 1, unitPriceMinor: a.priceMinor, taxRateBp: 0 },
        { id: c.id, quantity: 1, unitPriceMinor: c.priceMinor, taxRateBp: 0, discount: { kind: 'percent', bp: 2000 } },
      ],
      pricesIncludeTax: true,
    });
    await expect.poll(cartTotal).toBe(eur(priced.totalMinor));
    expect(await visibleText(cartLines().filter({ hasText: c.name }))).toContain('−20 %');
  });

  it('card + cash: part on the card (with approval code and last 4), the rest in cash', async () => {
    const [a, , c] = items as [Item, Item, Item];
    const total = priceCart({
      lines: [
        { id: a.id, quantity: 1, unitPriceMinor: a.priceMinor, taxRateBp: 0 },
        { id: c.id, quantity: 1, unitPriceMinor: c.priceMinor, taxRateBp: 0, discount: { kind: 'percent', bp: 2000 } },
      ],
      pricesIncludeTax: true,
    }).totalMinor;
    await expect.poll(cartTotal).toBe(eur(total));
    await page.getByRole('button', { name: /^Pay F9/ }).click();
    const pay = dialog('Pay');
    await pay.waitFor();
    await pay.getByRole('button', { name: 'Card + cash' }).click();
    const cardMinor = Math.floor(total / 2);
    await pay.getByLabel('Paid by card').fill((cardMinor / 100).toFixed(2));
    await pay.getByLabel(/Approval code/).fill('A1B2C3');
    await pay.getByLabel(/Card last 4/).fill('4242');
    const due = cashDue(total - cardMinor, CASH_STEP);
    await expect.poll(() => visibleText(pay.getByTestId('cash-due'))).toBe(eur(due));
    await pay.getByLabel('Cash given').fill('50');
    await expect.poll(() => visibleText(pay.getByTestId('change-due'))).toBe(eur(5000 - due));
    await page.keyboard.press('Enter');
    const done = dialog('Sale complete');
    await done.waitFor();
    expect(await visibleText(done.locator('.pay-lines'))).toContain(eur(cardMinor));
    expect(await visibleText(done.getByTestId('receipt-change'))).toBe(eur(5000 - due));
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(0);
  });

  it('parks a sale with a label and resumes it with its products', async () => {
    const [, b] = items as [Item, Item];
    await scan(page, b.barcode);
    await scan(page, b.barcode);
    await expect.poll(() => cartLines().count()).toBe(1);
    await page.keyboard.press('F6');
    const park = dialog('Park this sale');
    await park.waitFor();
    await park.getByLabel(/Label/).fill('Table 4');
    await park.getByRole('button', { name: 'Park sale' }).click();
    await park.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(0);

    await page.keyboard.press('F7');
    const resume = dialog('Resume a parked sale');
    await resume.getByRole('button', { name: /Table 4/ }).waitFor();
    await page.screenshot({ path: join(artifacts, 'resume.png') });
    await resume.getByRole('button', { name: /Table 4/ }).click();
    await resume.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(1);
    expect(await visibleText(cartLines().first())).toContain(b.name);
    expect(await page.getByLabel(`Quantity of ${b.name}`).inputValue()).toBe('2');
    expect(await visibleText(page.locator('.cart-title'))).toContain('Table 4');

    // paid by card, all of it
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
  });

  it('refunds one line of the first sale, found by its receipt code', async () => {
    await page.keyboard.press('F8');
    const refund = dialog('Refund');
    await refund.waitFor();
    // the receipt's barcode, scanned
    await scan(page, firstReceipt);
    await refund.getByText(`Receipt ${firstReceipt}`).waitFor();
    const lines = refund.getByTestId('refund-line');
    expect(await lines.count()).toBe(3);
    const line = lines.filter({ hasText: firstSaleLine.name });
    // two were sold: the + stops at two
    const more = line.getByRole('button', { name: `One more ${firstSaleLine.name}` });
    await more.click();
    await more.click();
    expect(await more.isDisabled()).toBe(true);
    await line.getByRole('button', { name: `One less ${firstSaleLine.name}` }).click();
    expect(await line.getByLabel(/Refund quantity/).inputValue()).toBe('1');
    expect(await line.getByRole('checkbox', { name: 'Restock' }).isChecked()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'refund.png') });

    await refund.getByRole('button', { name: /^Refund €/ }).click();
    const done = dialog('Refund complete');
    await done.waitFor();
    const cash = cashDue(firstSaleLine.priceMinor, CASH_STEP);
    expect(await visibleText(done.getByTestId('refund-cash'))).toBe(eur(cash));
    const receipt = page.frameLocator('iframe[title="Refund receipt"]');
    await expect.poll(() => visibleText(receipt.locator('body'))).toContain('REFUND');
    await page.screenshot({ path: join(artifacts, 'refund-receipt.png') });
    await done.getByRole('button', { name: /Done/ }).click();

    // the same line cannot go back twice: one unit left
    await page.keyboard.press('F8');
    await dialog('Refund').getByLabel('Receipt').fill(firstReceipt);
    await page.keyboard.press('Enter');
    const again = dialog('Refund').getByTestId('refund-line').filter({ hasText: firstSaleLine.name });
    await again.waitFor();
    expect(await visibleText(again)).toContain('1 refunded before');
    await page.keyboard.press('Escape');
    await dialog('Refund').waitFor({ state: 'detached' });
  });

  it('reprints the first receipt from the shift menu: marked COPY, the original is never printed twice', async () => {
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await dialog('Shift')
      .getByRole('button', { name: /Reprint a receipt/ })
      .click();
    const reprint = dialog('Reprint a receipt');
    await reprint.waitFor();
    await scan(page, firstReceipt);
    const preview = page.frameLocator(`iframe[title="Receipt ${firstReceipt}"]`);
    await expect.poll(() => visibleText(preview.locator('body'))).toContain('COPY');
    await reprint.getByRole('button', { name: 'Print a copy' }).click();
    await expect.poll(() => visibleText(reprint.locator('.print-status'))).toBe('A copy was sent to the print dialog.');
    await page.screenshot({ path: join(artifacts, 'reprint.png') });
    await page.keyboard.press('Escape');
    await reprint.waitFor({ state: 'detached' });
  });

  it('the X report shows the running totals; the shift stays open', async () => {
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await dialog('Shift')
      .getByRole('button', { name: /X report/ })
      .click();
    const x = dialog('X report');
    await x.waitFor();
    const report = page.frameLocator('iframe[title="X report"]');
    await expect.poll(() => visibleText(report.locator('body'))).toContain('Harbour Grocer');
    await page.screenshot({ path: join(artifacts, 'xreport.png') });
    await page.keyboard.press('Escape');
    await x.waitFor({ state: 'detached' });
  });

  it('closes the shift: counted by denomination, over/short shown, then the Z report', async () => {
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await dialog('Shift')
      .getByRole('button', { name: /Close shift/ })
      .click();
    const close = dialog('Close the shift');
    await close.waitFor();
    await expect.poll(() => visibleText(close.getByTestId('expected-cash'))).toMatch(/€/);
    const expected = Math.round(Number((await visibleText(close.getByTestId('expected-cash'))).replace(/[€,]/g, '')) * 100);

    // 3 × €50 and 4 × €2 and 3 × 10 cents: €158.30
    await close.getByLabel('€50 notes, count').fill('3');
    await close.getByLabel('€2 coins, count').fill('4');
    for (let i = 0; i < 3; i++) await close.getByRole('button', { name: 'One more €0.10' }).click();
    const counted = 15830;
    expect(await visibleText(close.getByTestId('counted-cash'))).toBe(eur(counted));
    const overShort = counted - expected;
    expect(overShort).not.toBe(0);
    const label = `${overShort > 0 ? 'Over' : 'Short'} ${eur(Math.abs(overShort))}`;
    expect(await visibleText(close.getByTestId('over-short'))).toBe(label);
    await page.screenshot({ path: join(artifacts, 'close-shift.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(artifacts, 'close-shift-1024x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    await close.getByRole('button', { name: 'Close shift…' }).click();
    await close.getByRole('button', { name: 'Yes, close the shift' }).click();
    await page.getByRole('heading', { name: /Shift closed · Z report 1/ }).waitFor();
    expect(await visibleText(page.getByTestId('z-over-short'))).toBe(label);
    const report = page.frameLocator('iframe[title="Z report"]');
    await expect.poll(() => visibleText(report.locator('body'))).toMatch(/Z/);
    await page.screenshot({ path: join(artifacts, 'zreport.png') });

    await page.getByRole('button', { name: 'Open the next shift' }).click();
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
  });

  it('logged no errors in the browser console (CSP violations included)', () => {
    expect(till?.consoleErrors).toEqual([]);
  });
});
