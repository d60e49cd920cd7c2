// End to end in a real Chromium against `npm run web`: the sale in progress lives in the core, so a
// reload of the page in the middle of a sale, and a web server killed and started again, find the
// cart as it was — and the sale then completes once.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money';
import {
  artifacts,
  call,
  freePort,
  haveChromium,
  pickItems,
  type RunningTill,
  required,
  type ScannableItem,
  scan,
  startTill,
  startWeb,
  stopWeb,
  typeSlowly,
  visibleText,
  type WebServerProcess,
  warnIfSkipped,
} from './harness';

type Item = ScannableItem;

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };

const eur = (minor: number) => formatMoney(minor, 'EUR');

describe.skipIf(!haveChromium && !required)('the sale in progress survives a reload and a server restart', () => {
  let till: RunningTill | undefined;
  let restarted: WebServerProcess | undefined;
  let page: Page;
  let items: Item[] = [];

  const cartLines = (): Locator => page.getByTestId('cart-line');
  const cartTotal = (): Promise<string> => visibleText(page.getByTestId('cart-total'));

  const login = async () => {
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    till = await startTill({
      name: 'open-sale',
      products: 500,
      seed: 11,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1 },
      prepare: (db) => {
        items = pickItems(db, 3, { distinctPrices: true });
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await stopWeb(restarted?.child);
    await till?.stop();
  });

  it('scans a sale, reloads the page in the middle of it, and finds every line', async () => {
    if (!till) throw new Error('no till');
    const [a, b, c] = items as [Item, Item, Item];
    await page.goto(till.web.url);
    await login();
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();

    for (const item of [a, b, a, c]) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    const total = eur(2 * a.priceMinor + b.priceMinor + c.priceMinor);
    await expect.poll(cartTotal).toBe(total);

    await page.reload();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await expect.poll(() => cartLines().count()).toBe(3);
    await expect.poll(cartTotal).toBe(total);
    expect(await page.getByLabel(`Quantity of ${a.name}`).inputValue()).toBe('2');
    await page.screenshot({ path: join(artifacts, 'open-sale-after-reload.png') });
  });

  it('the web server is killed and started again: after logging in, the cart is there, and the sale completes once', async () => {
    if (!till) throw new Error('no till');
    const [a, b, c] = items as [Item, Item, Item];
    // a crash, not a shutdown: the whole process group at once
    const pid = till.web.child.pid ?? 0;
    const exited = new Promise<void>((resolveExit) => till?.web.child.once('exit', () => resolveExit()));
    process.kill(-pid, 'SIGKILL');
    await exited;

    restarted = await startWeb(till.db, await freePort());
    await page.goto(restarted.url);
    await login();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await expect.poll(() => cartLines().count()).toBe(3);
    const totalMinor = 2 * a.priceMinor + b.priceMinor + c.priceMinor;
    await expect.poll(cartTotal).toBe(eur(totalMinor));
    await page.screenshot({ path: join(artifacts, 'open-sale-after-restart.png') });

    // one more scan after the restart joins the same sale (into the search box: on a loaded CI run
    // the first keys came before the till had put the focus back after the login)
    await page.getByRole('combobox', { name: /Search products/ }).focus();
    await scan(page, c.barcode);
    await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(c.name);
    await expect.poll(() => page.getByLabel(`Quantity of ${c.name}`).inputValue()).toBe('2');
    const paid = totalMinor + c.priceMinor;

    await page.keyboard.press('F9');
    const pay = page.getByRole('dialog', { name: 'Pay' });
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => cartLines().count()).toBe(0);

    // once: one sale of the whole cart, and no sale in progress left behind
    const report = call<{ salesCount: number; grossSalesMinor?: number; tenders: { method: string; salesMinor: number }[] }>(
      till.db,
      'shift.xReport',
      {},
    );
    expect(report.salesCount).toBe(1);
    expect(report.tenders.find((tender) => tender.method === 'card')?.salesMinor).toBe(paid);
    await page.reload();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await cartLines().count()).toBe(0);
  });
});
