// End to end in a real Chromium (playwright-core + the system browser) against `npm run web`:
// first-run setup, the shift gate, logout, a wrong PIN, login, search as you type, a scanner burst, a misread code.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifacts,
  call,
  freePort,
  haveChromium,
  launchBrowser,
  requireChromium,
  required,
  ringup,
  startWeb,
  stopWeb,
  typeSlowly,
  visibleText,
  warnIfSkipped,
} from './harness';

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };

interface SeededProduct {
  name: string;
  barcode: string;
}

/** A product of the seeded catalogue with an EAN-13, to scan (and to misread). */
function pickScannableProduct(db: string): SeededProduct {
  const page = call<{ items: { id: string; active: boolean }[] }>(db, 'catalog.search', { query: '', limit: 40 });
  for (const item of page.items) {
    if (!item.active) continue;
    const product = call<{ name: string; barcodes: string[] }>(db, 'catalog.get', { id: item.id });
    const barcode = product.barcodes.find((code) => /^\d{13}$/.test(code));
    if (barcode) return { name: product.name, barcode };
  }
  throw new Error('the seeded catalogue has no active product with an EAN-13 among its first 40');
}

describe.skipIf(!haveChromium && !required)('web mode in a real Chromium', () => {
  let workDir = '';
  let db = '';
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let product: SeededProduct;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'ringup-e2e-'));
    db = join(workDir, 'terminal.db');
    ringup(['seed', '--db', db, '--products', '2000', '--seed', '7']);
    product = pickScannableProduct(db);
    web = await startWeb(db, await freePort());

    const launched = await launchBrowser(join(workDir, 'chromium-profile'));
    browser = launched.browser;
    page = launched.page;
    consoleErrors = launched.consoleErrors;
  });

  afterAll(async () => {
    await browser?.close();
    await stopWeb(web?.child);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('first-run setup logs the new manager in, and the token leaves the address bar', async () => {
    if (!web) throw new Error('no server');
    await page.goto(web.url);
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    expect(page.url()).not.toContain('token');

    await page.getByLabel('Store name').fill('Harbour Grocer');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByLabel('Your name').fill(MANAGER.name);
    await page.getByLabel('PIN', { exact: true }).fill(MANAGER.pin);
    await page.getByLabel('PIN again').fill(MANAGER.pin);
    await page.screenshot({ path: join(artifacts, 'setup.png') });
    await page.getByRole('button', { name: 'Create store and log in' }).click();

    // nothing is sold before the shift is opened with its counted float
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('150.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await expect.poll(() => visibleText(page.locator('.topbar'))).toContain(MANAGER.name);
    expect(await visibleText(page.locator('.topbar'))).toContain('Harbour Grocer');
  });

  it('logout, then a wrong PIN shows the server’s message, then the right PIN logs in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Who is working?' }).waitFor();
    await page.screenshot({ path: join(artifacts, 'login.png') });

    await page.getByRole('button', { name: new RegExp(MANAGER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${MANAGER.name}` }).waitFor();
    await typeSlowly(page, '9999');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await visibleText(alert)).toMatch(/Wrong PIN\. \d+ tries left/);
    await page.screenshot({ path: join(artifacts, 'login-wrong-pin.png') });

    // the keypad, this time
    for (const digit of MANAGER.pin) await page.getByRole('group', { name: 'PIN keypad' }).getByRole('button', { name: digit }).click();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  it('results appear as you type', async () => {
    const search = page.getByRole('combobox', { name: /Search products/ });
    await expect.poll(() => search.evaluate((element) => element.matches(':focus'))).toBe(true);
    await typeSlowly(page, 'a');
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toMatch(/products for “a”/);
    expect(await page.getByRole('listbox', { name: 'Products' }).getByRole('option').count()).toBeGreaterThan(5);

    const word = product.name.split(' ').find((part) => /^[A-Za-z]{4,}$/.test(part)) ?? product.name.slice(0, 4);
    await page.keyboard.press('Escape');
    await typeSlowly(page, word.toLowerCase());
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toContain(`for “${word.toLowerCase()}”`);
    const first = page.getByRole('listbox', { name: 'Products' }).getByRole('option').first();
    expect((await visibleText(first)).toLowerCase()).toContain(word.toLowerCase());
    expect(await visibleText(first)).toMatch(/€\d+\.\d{2}/);

    // scrolling the list loads the next page through the cursor
    await page.keyboard.press('Escape');
    // a page and a cursor, not a total: "First 40 products · scroll for more", never a guessed "40+"
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toMatch(/^First \d+ products · scroll for more$/);
    const shown = async () =>
      Number(/(\d[\d,]*) products/.exec(await visibleText(page.locator('.results-summary')))?.[1]?.replaceAll(',', ''));
    const before = await shown();
    await page.locator('.results-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(shown).toBeGreaterThan(before);

    await typeSlowly(page, word.toLowerCase());
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toContain(`for “${word.toLowerCase()}”`);
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: join(artifacts, 'catalog.png') });
  });

  it('a scanner burst adds the product to the cart', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.type(product.barcode, { delay: 5 });
    await page.keyboard.press('Enter');

    const line = page.getByTestId('cart-line').filter({ hasText: product.name });
    await line.waitFor();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(product.name);
    // the scanner's characters did not stay in the search box
    expect(await page.getByRole('combobox', { name: /Search products/ }).inputValue()).toBe('');
    await page.screenshot({ path: join(artifacts, 'scan.png') });
  });

  it('a misread barcode is explained, check digit and all', async () => {
    const last = Number(product.barcode.at(-1));
    const misread = `${product.barcode.slice(0, -1)}${(last + 1) % 10}`;
    await page.keyboard.type(misread, { delay: 5 });
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'misread' });
    await alert.waitFor();
    expect(await visibleText(alert)).toContain(`The barcode ${misread} was misread`);
    expect(await visibleText(alert)).not.toContain('INVALID_BARCODE');
    await page.screenshot({ path: join(artifacts, 'scan-misread.png') });

    // a smaller till screen still shows everything
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(artifacts, 'catalog-1024x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('logged no errors in the browser console (CSP violations included)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
