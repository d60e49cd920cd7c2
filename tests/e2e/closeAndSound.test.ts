// End to end in a real Chromium against `npm run web`: the till's tones (a good scan, a misread
// one, a refused payment), heard through the `ringup:tone` announcements, and a blind close of
// the shift — the count without the expected cash, then the Z report with expected, counted and
// over/short.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money';
import { artifacts, call, haveChromium, type RunningTill, required, startTill, typeSlowly, visibleText, warnIfSkipped } from './harness';

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };
const FLOAT_MINOR = 15000;

interface Item {
  id: string;
  name: string;
  barcode: string;
  priceMinor: number;
}

interface Hit {
  id: string;
  active: boolean;
  tracksStock: boolean;
  stockOnHand: number;
  soldByWeight: boolean;
}

/** An active product of the seeded catalogue with an EAN-13 and stock. */
function pickItem(db: string): Item {
  const result = call<{ items: Hit[] }>(db, 'catalog.search', { query: '', limit: 60 });
  for (const hit of result.items) {
    if (!hit.active || hit.soldByWeight || (hit.tracksStock && hit.stockOnHand < 5)) continue;
    const product = call<{ name: string; barcodes: string[]; priceMinor: number }>(db, 'catalog.get', { id: hit.id });
    const barcode = product.barcodes.find((code) => /^\d{13}$/.test(code));
    if (barcode) return { id: hit.id, name: product.name, barcode, priceMinor: product.priceMinor };
  }
  throw new Error('the seeded catalogue has no scannable product with stock');
}

/** The same code with its last digit wrong: what a dirty label or a bad read gives. */
const misread = (barcode: string) => `${barcode.slice(0, -1)}${(Number(barcode.at(-1)) + 1) % 10}`;

interface ToneDetail {
  kind: 'ok' | 'error';
  volume: number;
  sounded: boolean;
}

/** The page's window, as far as the listener below needs it (this file is typed without the DOM). */
interface ToneWindow {
  addEventListener(type: string, listener: (event: { detail: ToneDetail }) => void): void;
  heardTones?: ToneDetail[];
}

/**
 * A scanner's burst with no pause of its own (a real one types a character every few ms): each key
 * still waits for the page to take it, and on a loaded machine the harness's extra 5 ms a key can
 * push the gaps past the 35 ms that tell a scanner from a person (measured: 15–36 ms a key here).
 */
async function scanBurst(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

/**
 * A misread code, scanned. Typed too slowly to be told from a person (a loaded machine: every key
 * waits for the page), a good code is still found by the search box's exact lookup on Enter, but a
 * misread one has no valid check digit for it and stays in the box as text: the cashier scans it
 * again, and so does this, at most three times.
 */
async function scanMisread(page: Page, code: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await scanBurst(page, code);
    const explained = page.getByRole('alert').filter({ hasText: 'misread' });
    if (
      await explained.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
    await page.getByRole('combobox', { name: /Search products/ }).fill('');
  }
  throw new Error(`the misread ${code} was never taken as a scan`);
}

const eur = (minor: number) => formatMoney(minor, 'EUR');

describe.skipIf(!haveChromium && !required)('tones and a blind cash-up, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let item: Item;

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const tones = () => page.evaluate(() => (globalThis as unknown as ToneWindow).heardTones ?? []);

  beforeAll(async () => {
    till = await startTill({
      name: 'close-and-sound',
      products: 300,
      seed: 11,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // the store's defaults for the cash-up (blind) and the tones (60, not muted)
      prepare: (db) => {
        item = pickItem(db);
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('the cashier logs in and opens the shift; the page listens for the till’s tones', async () => {
    if (!till) throw new Error('no till');
    expect(call<{ blindCashUp: boolean; sound: unknown }>(till.db, 'settings.get')).toMatchObject({
      blindCashUp: true,
      sound: { volume: 60, muted: false },
    });
    await page.goto(till.web.url);
    await page.evaluate(() => {
      const win = globalThis as unknown as ToneWindow;
      win.heardTones = [];
      win.addEventListener('ringup:tone', (event) => win.heardTones?.push(event.detail));
    });
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('150.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await tones()).toEqual([]);
  });

  it('a good scan plays the ok tone; a misread one the error tone', async () => {
    await scanBurst(page, item.barcode);
    await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    // made after a gesture (the keys typed so far), the AudioContext plays it
    await expect.poll(tones).toEqual([{ kind: 'ok', volume: 60, sounded: true }]);

    await scanMisread(page, misread(item.barcode));
    await expect.poll(() => visibleText(page.getByRole('alert'))).toContain('misread');
    await expect.poll(tones).toEqual([
      { kind: 'ok', volume: 60, sounded: true },
      { kind: 'error', volume: 60, sounded: true },
    ]);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
  });

  it('a refused payment plays the error tone; then the sale is paid in cash', async () => {
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    await pay.getByLabel('Cash given').fill('0.01');
    await page.keyboard.press('Enter');
    await pay.getByRole('alert').waitFor();
    await expect.poll(async () => (await tones()).map((tone) => tone.kind)).toEqual(['ok', 'error', 'error']);

    await pay.getByLabel('Cash given').fill((item.priceMinor / 100).toFixed(2));
    await page.keyboard.press('Enter');
    const done = dialog('Sale complete');
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
    await done.waitFor({ state: 'detached' });
  });

  it('closes the shift blind: the count without the expected cash, then the Z report with expected, counted and over/short', async () => {
    const expected = FLOAT_MINOR + item.priceMinor;
    await page.getByRole('button', { name: /Shift menu/ }).click();
    const menu = dialog('Shift');
    await menu.waitFor();
    expect(await visibleText(menu)).not.toContain(eur(expected));
    await menu.getByRole('button', { name: /Close shift/ }).click();
    const close = dialog('Close the shift');
    await close.waitFor();

    // 3 × €50 and 2 × €0.10: €150.20, whatever the sale came to
    await close.getByLabel('€50 notes, count').fill('3');
    await close.getByRole('button', { name: 'One more €0.10' }).click();
    await close.getByRole('button', { name: 'One more €0.10' }).click();
    const counted = 15020;
    await expect.poll(() => visibleText(close.getByTestId('counted-cash'))).toBe(eur(counted));
    const shown = await visibleText(close);
    for (const word of ['Expected', 'Over', 'Short', 'Cash sales', eur(expected)]) expect(shown).not.toContain(word);
    expect(await close.getByTestId('expected-cash').count()).toBe(0);
    expect(await close.getByTestId('over-short').count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'close-blind-count.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: join(artifacts, 'close-blind-count-1024x768.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    await close.getByRole('button', { name: 'Close shift…' }).click();
    const confirm = close.getByRole('region', { name: 'Confirm closing' });
    expect(await visibleText(confirm)).toContain(`Close the shift with ${eur(counted)} counted?`);
    // the count only: not what was expected, nor by how much it is over or short
    for (const amount of [expected, Math.abs(counted - expected)]) expect(await visibleText(confirm)).not.toContain(eur(amount));
    await page.screenshot({ path: join(artifacts, 'close-blind-confirm.png') });
    await close.getByRole('button', { name: 'Yes, close the shift' }).click();

    await page.getByRole('heading', { name: /Shift closed · Z report 1/ }).waitFor();
    const figures = await visibleText(page.locator('.zreport-figures'));
    expect(figures).toMatch(new RegExp(`Expected cash\\s+${eur(expected).replace('.', '\\.')}`));
    expect(figures).toMatch(new RegExp(`Counted cash\\s+${eur(counted).replace('.', '\\.')}`));
    const overShort = counted - expected;
    expect(await visibleText(page.getByTestId('z-over-short'))).toBe(
      overShort === 0 ? 'Exact' : `${overShort > 0 ? 'Over' : 'Short'} ${eur(Math.abs(overShort))}`,
    );
    const report = page.frameLocator('iframe[title="Z report"]');
    await expect.poll(() => visibleText(report.locator('body'))).toMatch(/Z/);
    await page.screenshot({ path: join(artifacts, 'close-blind-zreport.png') });
  });

  it('logged no errors in the browser console', () => {
    expect(till?.consoleErrors).toEqual([]);
  });
});
