// End to end in a real Chromium against `npm run web`: a refund at a busy till — two sales, F8, the
// sale picked from the shift's recent receipts, the returned product scanned to select its line,
// Enter to the reason and Enter to refund, then the X report with the refund in it.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money';
import {
  artifacts,
  call,
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

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };

const eur = (minor: number) => formatMoney(minor, 'EUR');

/**
 * A scanner's burst with no pause of its own (see closeAndSound.test.ts): on a loaded machine the
 * harness's 5 ms a key can push the gaps past what tells a scanner from a person.
 */
async function scanBurst(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

describe.skipIf(!haveChromium && !required)('a refund picked from the shift’s receipts, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let a: ScannableItem;
  let b: ScannableItem;
  const receipts: string[] = [];

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });

  beforeAll(async () => {
    till = await startTill({
      name: 'refund',
      products: 300,
      seed: 23,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1 },
      prepare: (db) => {
        [a, b] = pickItems(db, 2, { minStock: 10, distinctPrices: true }) as [ScannableItem, ScannableItem];
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  /** Scan the items into the cart and pay the exact cash amount; returns the receipt code. */
  async function sell(items: ScannableItem[]): Promise<string> {
    for (const item of items) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(items.length);
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    await pay.getByRole('group', { name: 'Quick cash' }).getByRole('button').first().click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    const code = /Receipt (\S+)/.exec(await visibleText(done.locator('.dialog-subtitle')))?.[1] ?? '';
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    return code;
  }

  it('the cashier logs in, opens the shift and sells: two products, then one', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('150.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();

    receipts.push(await sell([a, b]));
    receipts.push(await sell([a]));
    expect(receipts).toEqual(['T1-000001', 'T1-000002']);
  });

  it('F8 lists the shift’s receipts, newest first; the older sale is picked from the list', async () => {
    await page.keyboard.press('F8');
    const refund = dialog('Refund');
    await refund.waitFor();
    const rows = refund.getByTestId('recent-receipt');
    await expect.poll(() => rows.count()).toBe(2);
    // the list is not labelled "… receipts": "Receipt" names the receipt field alone (checkout.test.ts fills it so)
    expect(await refund.getByLabel('Receipt').count()).toBe(1);
    expect(await visibleText(rows.nth(0))).toContain('T1-000002');
    expect(await visibleText(rows.nth(0))).toContain('1 item');
    expect(await visibleText(rows.nth(0))).toContain(eur(a.priceMinor));
    expect(await visibleText(rows.nth(1))).toContain('T1-000001');
    expect(await visibleText(rows.nth(1))).toContain('2 items');
    expect(await visibleText(rows.nth(1))).toContain(eur(a.priceMinor + b.priceMinor));
    expect(await visibleText(rows.nth(1))).toContain(CASHIER.name);
    // rows a finger can hit
    for (const index of [0, 1]) {
      const box = await rows.nth(index).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    }
    await page.screenshot({ path: join(artifacts, 'refund-recent.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(artifacts, 'refund-recent-1024x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // by keyboard: ↓ from the receipt field to the newest, ↓ to the one before, Enter
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.screenshot({ path: join(artifacts, 'refund-recent-focus.png') });
    await page.keyboard.press('Enter');
    await refund.getByText(`Receipt ${receipts[0]}`).waitFor();
    expect(await refund.getByTestId('refund-line').count()).toBe(2);
  });

  it('the returned product, scanned, selects its line; Enter goes to the reason and Enter refunds it', async () => {
    const refund = dialog('Refund');
    const line = refund.getByTestId('refund-line').filter({ hasText: b.name });
    const quantity = line.getByLabel(/Refund quantity/);
    // a scan too slow to be told from typing is tried again (see scanBurst)
    for (let attempt = 0; attempt < 3 && (await quantity.inputValue()) !== '1'; attempt++) {
      await scanBurst(page, b.barcode);
      await expect
        .poll(() => quantity.inputValue(), { timeout: 3_000 })
        .toBe('1')
        .catch(() => undefined);
    }
    expect(await quantity.inputValue()).toBe('1');
    await expect.poll(() => quantity.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await visibleText(refund.getByRole('status'))).toContain(`${b.name}: 1 of 1 to refund.`);
    expect(
      await refund
        .getByTestId('refund-line')
        .filter({ hasText: a.name })
        .getByLabel(/Refund quantity/)
        .inputValue(),
    ).toBe('0');
    const button = refund.getByRole('button', { name: `Refund ${eur(b.priceMinor)}` });
    expect(await button.isEnabled()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'refund-scanned.png') });

    await page.keyboard.press('Enter');
    await expect.poll(() => refund.getByLabel(/Reason/).evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    // one Tab from the reason is the Refund button
    await page.keyboard.press('Tab');
    await expect.poll(() => button.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');

    const done = dialog('Refund complete');
    await done.waitFor();
    expect(await visibleText(done.getByTestId('refund-cash'))).toBe(eur(b.priceMinor));
    await done.getByRole('button', { name: /Done/ }).click();
    await done.waitFor({ state: 'detached' });
  });

  it('the X report counts the refund; the core stored it against the sale', async () => {
    if (!till) throw new Error('no till');
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await dialog('Shift')
      .getByRole('button', { name: /X report/ })
      .click();
    const x = dialog('X report');
    await x.waitFor();
    const report = page.frameLocator('iframe[title="X report"]');
    await expect.poll(() => visibleText(report.locator('body'))).toContain('Refunds (1)');
    expect(await visibleText(report.locator('body'))).toContain(eur(-b.priceMinor));
    await page.keyboard.press('Escape');
    await x.waitFor({ state: 'detached' });

    const xReport = call<{ refundsCount: number; refundsTotalMinor: number; salesCount: number }>(till.db, 'shift.xReport');
    expect(xReport).toMatchObject({ salesCount: 2, refundsCount: 1, refundsTotalMinor: b.priceMinor });

    // the list now shows the refund, tagged, on top; the sale it came from says part refunded
    await page.keyboard.press('F8');
    const refund = dialog('Refund');
    await refund.waitFor();
    const rows = refund.getByTestId('recent-receipt');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await visibleText(rows.nth(0))).toMatch(/T1-000003[\s\S]*refund/);
    expect(await visibleText(rows.nth(2))).toMatch(/T1-000001[\s\S]*part refunded/);
    await page.screenshot({ path: join(artifacts, 'refund-recent-after.png') });
    await page.keyboard.press('Escape');
    await refund.waitFor({ state: 'detached' });
  });
});
