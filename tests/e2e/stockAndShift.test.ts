// End to end in a real Chromium against `npm run web`: a scan past the stock count under each of
// the store's policies (ask a manager, sell anyway, refuse), with the error tone; then a manager
// logging in on the cashier's open shift, who sees whose shift it is and chooses the Manager area,
// then selling on it (recorded in the audit log).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface ToneWindow {
  addEventListener(type: string, listener: (event: { detail: { kind: string } }) => void): void;
  heardTones?: string[];
}

describe.skipIf(!haveChromium && !required)('stock at the scan and a manager on the cashier’s shift, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: ScannableItem[];
  let last: ScannableItem;

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const cartLines = () => page.getByTestId('cart-line');
  const tones = () => page.evaluate(() => (globalThis as unknown as ToneWindow).heardTones ?? []);
  const policy = (outOfStock: 'manager' | 'sell' | 'refuse') => {
    if (!till) throw new Error('no till');
    call(till.db, 'settings.update', { outOfStock });
  };

  beforeAll(async () => {
    till = await startTill({
      name: 'stock-and-shift',
      products: 300,
      seed: 17,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      prepare: (db) => {
        items = pickItems(db, 2, { minStock: 10 });
        const target = items[1] as ScannableItem;
        // the count says none are left of the second one (the shelf may disagree)
        const product = call<{ sku: string; name: string; priceMinor: number; taxClassId: string; barcodes: string[] }>(db, 'catalog.get', {
          id: target.id,
        });
        call(db, 'catalog.upsertProduct', {
          id: target.id,
          sku: product.sku,
          name: product.name,
          priceMinor: product.priceMinor,
          taxClassId: product.taxClassId,
          barcodes: product.barcodes,
          tracksStock: true,
          stockOnHand: 0,
        });
        last = target;
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('the cashier logs in and opens the shift', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await page.evaluate(() => {
      const win = globalThis as unknown as ToneWindow;
      win.heardTones = [];
      win.addEventListener('ringup:tone', (event) => win.heardTones?.push(event.detail.kind));
    });
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    // the first page shows 40; once the list has stayed a moment the core has counted them all
    if (!till) throw new Error('no till');
    const active = call<{ count: number }>(till.db, 'catalog.count', { query: '' }).count;
    expect(active).toBeGreaterThan(40);
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toBe(`${active} products`);
    await scan(page, (items[0] as ScannableItem).barcode);
    await expect.poll(() => cartLines().count()).toBe(1);
  });

  it('“manager” (the default): the scan says so at once, with the error tone; a manager’s PIN on the spot puts it on', async () => {
    await scan(page, last.barcode);
    const asked = dialog('Not in stock');
    await asked.waitFor();
    expect(await visibleText(asked)).toContain(`Only 0 left of “${last.name}”`);
    expect(await visibleText(asked)).toContain('needs a manager');
    await expect.poll(tones).toEqual(['ok', 'error']);
    await page.screenshot({ path: join(artifacts, 'out-of-stock-manager.png') });
    await asked.getByRole('button', { name: 'Ask a manager' }).click();
    const approval = dialog('Manager approval');
    await approval.waitFor();
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await approval.waitFor({ state: 'detached' });
    await asked.waitFor({ state: 'detached' });
    await expect.poll(() => cartLines().count()).toBe(2);
    expect(await visibleText(cartLines().filter({ hasText: last.name }))).toContain(last.name);
  });

  it('“sell”: the cashier may sell past the count, after one confirmation', async () => {
    policy('sell');
    await page.keyboard.press('F2');
    await scan(page, last.barcode);
    const asked = dialog('Not in stock');
    await asked.waitFor();
    expect(await visibleText(asked)).toContain(`left of “${last.name}”`);
    expect(await asked.getByRole('button', { name: 'Ask a manager' }).count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'out-of-stock-sell.png') });
    await asked.getByRole('button', { name: 'Sell anyway' }).click();
    await asked.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel(`Quantity of ${last.name}`).inputValue()).toBe('2');
    expect(await dialog('Manager approval').count()).toBe(0);
  });

  it('“refuse”: the scan is refused in words, with the error tone, and nothing goes on', async () => {
    policy('refuse');
    const heard = (await tones()).length;
    await page.keyboard.press('F2');
    await scan(page, last.barcode);
    await expect.poll(() => visibleText(page.getByRole('alert'))).toContain(last.name);
    await expect.poll(async () => (await tones()).slice(heard)).toEqual(['error']);
    expect(await dialog('Not in stock').count()).toBe(0);
    expect(await page.getByLabel(`Quantity of ${last.name}`).inputValue()).toBe('2');
    await page.screenshot({ path: join(artifacts, 'out-of-stock-refuse.png') });
  });

  it('the sale is paid by card; the cashier logs out, the shift stays open', async () => {
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
    await done.waitFor({ state: 'detached' });
    await page.getByRole('banner').getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Who is working?' }).waitFor();
  });

  it('a manager logging in sees it is the cashier’s shift, goes to the Manager area, then sells on it (recorded)', async () => {
    if (!till) throw new Error('no till');
    await page.getByRole('button', { name: new RegExp(MANAGER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${MANAGER.name}` }).waitFor();
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `${CASHIER.name}’s shift is open on this till` }).waitFor();
    await page.screenshot({ path: join(artifacts, 'shift-owner.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: join(artifacts, 'shift-owner-1024x768.png') });

    await page.getByRole('main').getByRole('button', { name: 'Manager area' }).click();
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.waitFor();
    expect(await visibleText(area)).toContain(`${CASHIER.name}’s shift, open since`);
    await page.screenshot({ path: join(artifacts, 'manager-area-1024x768.png') });
    await area.getByRole('button', { name: /X report/ }).click();
    const x = dialog(/X report/);
    await x.waitFor();
    // the report of the cashier's shift, as the core renders it
    await expect.poll(() => visibleText(x.frameLocator('iframe').locator('body'))).toContain(CASHIER.name);
    await page.keyboard.press('Escape');
    await x.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1366, height: 768 });

    await area.getByRole('button', { name: `Back to ${CASHIER.name}’s shift` }).click();
    await page.getByRole('button', { name: `Sell on ${CASHIER.name}’s shift` }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await visibleText(page.getByRole('banner'))).toContain(`${CASHIER.name}’s shift open since`);
    // the audit log has it: who took over whose shift
    const db = new Database(till.db, { readonly: true });
    try {
      const row = db.prepare("SELECT details FROM audit_log WHERE action = 'shift.join'").get() as { details: string } | undefined;
      expect(JSON.parse(row?.details ?? '{}')).toMatchObject({ openedByName: CASHIER.name });
    } finally {
      db.close();
    }
  });
});
