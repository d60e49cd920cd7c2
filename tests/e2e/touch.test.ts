// End to end on a touch screen, in a real Chromium against `npm run web`: a whole sale by taps alone
// — the name and the PIN on the PIN pad, the float on the keypad, a product tapped in the list,
// another keyed in by its barcode on the search box's keypad, a quantity typed on the line's keypad,
// the cash given on the pay dialog's keypad — and the change. The store leaves `touchKeypad` at its
// default ('auto'): the keypads come because the till was touched. Every key is at least 48 × 48 px.
// Screenshots go to tests/e2e/artifacts/touch-*.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/shared/money';
import {
  artifacts,
  call,
  chromiumPath,
  freePort,
  haveChromium,
  pickItems,
  requireChromium,
  required,
  ringup,
  type ScannableItem,
  startWeb,
  stopWeb,
  visibleText,
  type WebServerProcess,
  warnIfSkipped,
} from './harness';

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };
const FLOAT_MINOR = 15000;
const GIVEN_MINOR = 10000;
const MIN_KEY_PX = 48;

const eur = (minor: number) => formatMoney(minor, 'EUR');

/** What the in-page probe reads of a key (this file is typed without the DOM library). */
interface Probed {
  getBoundingClientRect(): { width: number; height: number };
  getAttribute(name: string): string | null;
  textContent: string | null;
}

describe.skipIf(!haveChromium && !required)('a sale by taps on a touch screen, in a real Chromium', () => {
  let workDir = '';
  let db = '';
  let web: WebServerProcess | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let keyed: ScannableItem;
  const errors: string[] = [];

  const dialog = (name: string): Locator => page.getByRole('dialog', { name });
  const keypad = (name: string, within: Page | Locator = page): Locator => within.getByRole('group', { name });
  const key = (pad: Locator, name: string) => pad.getByRole('button', { name: name === '.' ? 'Decimal point' : name, exact: true });
  /** Tap keys one after the other: "150" is 1, 5, 0; a named key ("Enter", "00") as it is. */
  const tapKeys = async (pad: Locator, ...keys: string[]) => {
    for (const entry of keys) {
      for (const name of ['Enter', 'Backspace', 'Clear', 'Times', '00'].includes(entry) ? [entry] : Array.from(entry)) {
        await key(pad, name).tap();
      }
    }
  };
  const focused = (locator: Locator) => locator.evaluate((element: { matches(selector: string): boolean }) => element.matches(':focus'));
  /** Every key of every keypad on the page: its name and size; none smaller than a finger. */
  const keySizes = () =>
    page.locator('.keypad-key').evaluateAll((keys: Probed[]) =>
      keys.map((element) => {
        const box = element.getBoundingClientRect();
        return { key: element.getAttribute('aria-label') ?? element.textContent ?? '', width: box.width, height: box.height };
      }),
    );
  const expectFingerSized = async (at: string) => {
    const sizes = await keySizes();
    expect(sizes.length, at).toBeGreaterThanOrEqual(14);
    expect(
      sizes.filter((size) => size.width < MIN_KEY_PX || size.height < MIN_KEY_PX),
      at,
    ).toEqual([]);
  };
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `touch-${name}.png`) });

  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'ringup-touch-'));
    db = join(workDir, 'terminal.db');
    ringup(['seed', '--db', db, '--products', '300', '--seed', '17']);
    call(db, 'setup.createFirstManager', {
      name: MANAGER.name,
      pin: MANAGER.pin,
      storeName: 'Harbour Grocer',
      terminalId: 'T1',
      currency: 'EUR',
    });
    call(db, 'staff.create', { name: CASHIER.name, pin: CASHIER.pin, roles: ['cashier'] });
    call(db, 'settings.update', { cashRoundingStep: 1 });
    [keyed] = pickItems(db, 1) as [ScannableItem];
    web = await startWeb(db, await freePort());
    // the harness's browser has no touch screen: this one has (taps are touch events, pointerType "touch")
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stopWeb(web?.child);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('logs in on the PIN pad and opens the shift with the float keyed on the keypad', async () => {
    if (!web) throw new Error('no web server');
    expect(call<{ touchKeypad: string }>(db, 'settings.get').touchKeypad).toBe('auto');
    await page.goto(web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).tap();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    const pinPad = keypad('PIN keypad');
    for (const digit of CASHIER.pin) await pinPad.getByRole('button', { name: digit, exact: true }).tap();
    await pinPad.getByRole('button', { name: 'Log in' }).tap();

    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    const float = page.getByLabel('Cash float');
    const pad = keypad('Cash float keypad');
    await pad.waitFor();
    await expectFingerSized('float keypad');
    await float.tap();
    await tapKeys(pad, '150', '.', '00');
    expect(await float.inputValue()).toBe('150.00');
    // the keys never took the focus from the field
    expect(await focused(float)).toBe(true);
    await shot('open-shift');
    await tapKeys(pad, 'Enter');
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(call<{ openingFloatMinor: number } | null>(db, 'shift.current')?.openingFloatMinor).toBe(FLOAT_MINOR);
  });

  it('taps a product in the list, keys another in by its barcode, and types a quantity on the line’s keypad', async () => {
    // a piece product on sale with stock (not the one keyed in next), tapped in the list as it stands
    const row = page
      .locator('.result-row:not(.result-row-inactive):has(.stock-ok):not(:has-text("/kg"))')
      .filter({ hasNotText: keyed.name })
      .first();
    await row.waitFor();
    const tappedName = (await visibleText(row.locator('.result-name-text'))).trim();
    await row.tap();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    expect(await visibleText(page.getByTestId('cart-line').first())).toContain(tappedName);

    // the search box's keypad: the barcode digit by digit, then Enter looks it up as a scan
    const search = page.getByRole('combobox', { name: /Search products/ });
    await page.getByRole('button', { name: 'Keypad', exact: true }).tap();
    const searchPad = keypad('Search keypad');
    await searchPad.waitFor();
    await expectFingerSized('search keypad');
    await tapKeys(searchPad, keyed.barcode);
    expect(await search.inputValue()).toBe(keyed.barcode);
    expect(await focused(search)).toBe(true);
    await shot('search-keypad');
    await tapKeys(searchPad, 'Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    await page.getByRole('button', { name: 'Keypad', exact: true }).tap();
    await expect.poll(() => searchPad.count()).toBe(0);

    // the line just keyed in is selected: a tap into its quantity opens its keypad; 2, Enter
    const quantity = page.getByLabel(`Quantity of ${keyed.name}`);
    await quantity.tap();
    const quantityPad = keypad(`Quantity of ${keyed.name} keypad`);
    await quantityPad.waitFor();
    await expectFingerSized('quantity keypad');
    await expect(key(quantityPad, '.').count()).resolves.toBe(0);
    await tapKeys(quantityPad, '2');
    expect(await quantity.inputValue()).toBe('2');
    await shot('quantity-keypad');
    await tapKeys(quantityPad, 'Enter');
    await expect.poll(() => focused(search)).toBe(true);
    await expect.poll(() => quantity.inputValue()).toBe('2');
    const quantities = await page.getByTestId('cart-line-quantity').allInnerTexts();
    expect(quantities.map((text) => text.split(' × ')[0])).toEqual(['1', '2']);
    await expect.poll(() => quantityPad.count()).toBe(0);
  });

  it('pays the cash given on the pay dialog’s keypad and shows the change', async () => {
    const totalText = await visibleText(page.getByTestId('cart-total'));
    const totalMinor = parseMoney(totalText.replace(/[^\d.,]/g, ''), 'EUR') ?? Number.NaN;
    expect(totalMinor).toBeGreaterThan(0);
    expect(totalMinor).toBeLessThan(GIVEN_MINOR);
    await page.getByRole('button', { name: /^Pay/ }).tap();
    const pay = dialog('Pay');
    await pay.waitFor();
    const pad = keypad('Payment keypad', pay);
    await expectFingerSized('pay keypad 1024×768');
    const cash = pay.getByLabel('Cash given');
    await tapKeys(pad, '100');
    expect(await cash.inputValue()).toBe('100');
    expect(await focused(cash)).toBe(true);
    await expect.poll(() => visibleText(pay.getByTestId('change-due'))).toBe(eur(GIVEN_MINOR - totalMinor));
    await shot('pay-1024x768');
    await page.setViewportSize({ width: 800, height: 600 });
    await expectFingerSized('pay keypad 800×600');
    await shot('pay-800x600');
    await page.setViewportSize({ width: 1024, height: 768 });

    await tapKeys(pad, 'Enter');
    const done = dialog('Sale complete');
    await done.waitFor();
    expect(await visibleText(done.getByTestId('receipt-change'))).toBe(eur(GIVEN_MINOR - totalMinor));
    await shot('sale-complete');
    // what the core recorded: the sale in cash, the drawer holding the float and the sale
    const report = call<{ salesCount: number; tenders: { method: string; salesMinor: number }[]; openingFloatMinor: number }>(
      db,
      'shift.xReport',
    );
    expect(report.salesCount).toBe(1);
    expect(report.openingFloatMinor).toBe(FLOAT_MINOR);
    expect(report.tenders.find((tender) => tender.method === 'cash')?.salesMinor).toBe(totalMinor);
    await done.getByRole('button', { name: /New sale/ }).tap();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
