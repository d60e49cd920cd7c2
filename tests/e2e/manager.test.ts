// End to end in a real Chromium against `npm run web`: a manager with a sale in progress opens the
// Manager area, edits a product's price and a setting, deletes an unused category and keeps one
// category and one product out of loyalty points, and comes back to the till with the sale as it
// was; a cashier's till opens the area with a manager's PIN. Screenshots at 1366×768 and 1024×768.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
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

function audited(db: string, action: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe.skipIf(!haveChromium && !required)('the Manager area in a browser', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: ScannableItem[] = [];

  const cartLines = () => page.getByTestId('cart-line');
  const cartText = async () => (await cartLines().allInnerTexts()).join('\n');

  const login = async (who: { name: string; pin: string }) => {
    await page.getByRole('button', { name: new RegExp(who.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${who.name}` }).waitFor();
    await typeSlowly(page, who.pin);
    await page.keyboard.press('Enter');
  };

  const shot = async (name: string) => {
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(artifacts, `${name}-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  };

  beforeAll(async () => {
    till = await startTill({
      name: 'manager',
      products: 500,
      seed: 21,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1 },
      prepare: (db) => {
        items = pickItems(db, 2, { distinctPrices: true });
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('a manager edits a product’s price and a setting, and comes back to the open sale untouched', async () => {
    if (!till) throw new Error('no till');
    const [a, b] = items as [ScannableItem, ScannableItem];
    await page.goto(till.web.url);
    await login(MANAGER);
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    for (const item of [a, b]) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    await expect.poll(() => cartLines().count()).toBe(2);
    const cartBefore = await cartText();

    await page.getByRole('button', { name: 'Manager area' }).click();
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.waitFor();
    await shot('manager-shift');

    // products: search, Enter opens the highlighted one, a new price, Enter saves
    await area
      .getByRole('navigation', { name: 'Manager area' })
      .getByRole('button', { name: /^Products/ })
      .click();
    const search = area.getByRole('combobox', { name: 'Search products' });
    await search.fill(b.name);
    await expect.poll(() => visibleText(area.getByRole('listbox', { name: 'Products' }))).toContain(b.name);
    // Enter opens the highlighted product: wait until that is b (the list first shows the whole
    // catalogue, and on a loaded machine its first row can still be highlighted a moment later)
    await expect
      .poll(async () => {
        const active = await search.getAttribute('aria-activedescendant');
        return active ? visibleText(page.locator(`[id="${active}"]`)) : '';
      })
      .toContain(b.name);
    await search.press('Enter');
    const form = area.getByRole('form', { name: `Edit ${b.name}` });
    await form.waitFor();
    const price = form.getByLabel('Price (EUR)');
    await expect.poll(() => price.inputValue()).not.toBe('');
    const newPriceMinor = b.priceMinor + 11;
    await price.fill('1,2,3');
    await price.press('Enter');
    await form.getByText(/Type the price as an amount such as/).waitFor();
    await price.fill((newPriceMinor / 100).toFixed(2));
    await price.press('Enter');
    await form.getByText(`Saved “${b.name}”.`).waitFor();
    await shot('manager-products');
    expect(call<{ priceMinor: number }>(till.db, 'catalog.get', { id: b.id }).priceMinor).toBe(newPriceMinor);

    // settings: the receipt footer, and a wrong value shown in words at its field
    await area
      .getByRole('navigation', { name: 'Manager area' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    const limit = area.getByLabel('Cashier discount limit (%)');
    await limit.fill('150');
    await limit.press('Enter');
    await area.getByText('The discount limit is a percentage from 0 to 100, such as 10.').waitFor();
    await limit.fill('10');
    const footer = area.getByLabel('Footer');
    await footer.fill('Thank you — returns within 30 days with this receipt.');
    await area.getByRole('button', { name: /Save settings/ }).click();
    await area.getByText(/Saved 2 changes|Saved 1 change/).waitFor();
    await shot('manager-settings');
    expect(call<{ receiptFooter: string }>(till.db, 'settings.get', {}).receiptFooter).toBe(
      'Thank you — returns within 30 days with this receipt.',
    );

    // staff, for the screenshots
    await area
      .getByRole('navigation', { name: 'Manager area' })
      .getByRole('button', { name: /^Staff/ })
      .click();
    await area
      .getByRole('list', { name: 'Staff' })
      .getByRole('button', { name: new RegExp(CASHIER.name) })
      .click();
    await area.getByRole('form', { name: `Edit ${CASHIER.name}` }).waitFor();
    await shot('manager-staff');

    // Escape closes the form, the next one goes back to the till
    await page.keyboard.press('Escape');
    await expect.poll(() => area.getByRole('form').count()).toBe(0);
    // (on a loaded machine the first press can come before the closed form has given the focus
    // back to the area: press again until the till is there)
    await expect
      .poll(
        async () => {
          if ((await page.getByRole('main', { name: 'Manager area' }).count()) > 0) await page.keyboard.press('Escape');
          return page.getByRole('combobox', { name: /Search products/ }).count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await expect.poll(() => cartLines().count()).toBe(2);
    expect(await cartText()).toBe(cartBefore);
    expect(audited(till.db, 'product.update')).toBeGreaterThanOrEqual(1);
    expect(audited(till.db, 'settings.update')).toBeGreaterThanOrEqual(2);
    expect(till.consoleErrors).toEqual([]);
  });

  it('a manager deletes an unused category (one in use is refused in words) and keeps a category and a product out of loyalty points', async () => {
    if (!till) throw new Error('no till');
    const [a] = items as [ScannableItem];
    const cartBefore = await cartText();
    await page.getByRole('button', { name: 'Manager area' }).click();
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.waitFor();
    const nav = area.getByRole('navigation', { name: 'Manager area' });

    // categories: one added, one in use refused with its count, the empty one deleted after the question
    await nav.getByRole('button', { name: /^Categories/ }).click();
    await area.getByRole('button', { name: 'Add a category' }).click();
    const form = area.getByRole('form', { name: 'New category' });
    await form.getByLabel('Name').fill('Seasonal Offers');
    await form.getByLabel('Name').press('Enter');
    // saved, the form is the new category's
    await area.getByRole('form', { name: 'Edit Seasonal Offers' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => area.getByRole('form').count()).toBe(0);
    const list = area.getByRole('list', { name: 'Categories' });
    const fruit = call<{ id: string; name: string }[]>(till.db, 'catalog.categories', {}).find((c) => c.name === 'Fresh Fruit');
    expect(fruit).toBeTruthy();
    await list.getByRole('button', { name: 'Delete Fresh Fruit' }).click();
    await list.getByRole('group', { name: 'Delete Fresh Fruit?' }).getByRole('button', { name: 'Yes, delete' }).click();
    const refusal = list.getByRole('alert');
    await expect
      .poll(() => visibleText(refusal))
      .toMatch(/^!?\s*\d[\d,]* products? (are|is) in “Fresh Fruit”: move (them|it) to another category first\.$/);
    await shot('manager-category-in-use');
    await list.getByRole('button', { name: 'OK', exact: true }).click();
    await list.getByRole('button', { name: 'Delete Seasonal Offers' }).click();
    const question = list.getByRole('group', { name: 'Delete Seasonal Offers?' });
    const keep = question.getByRole('button', { name: 'Keep' });
    await expect.poll(() => keep.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await shot('manager-category-delete');
    await question.getByRole('button', { name: 'Yes, delete' }).click();
    await area.getByText('Deleted “Seasonal Offers”.').waitFor();
    const names = call<{ name: string }[]>(till.db, 'catalog.categories', {}).map((c) => c.name);
    expect(names).not.toContain('Seasonal Offers');
    expect(names).toContain('Fresh Fruit');
    expect(audited(till.db, 'category.delete')).toBe(1);

    // settings: a category and a product that earn no points
    await nav.getByRole('button', { name: /^Settings/ }).click();
    const categories = area.getByRole('group', { name: 'Categories that earn no points' });
    await categories.getByRole('checkbox', { name: 'Fresh Fruit' }).check();
    const products = area.getByRole('group', { name: 'Products that earn no points' });
    const picker = products.getByRole('combobox', { name: 'Add a product' });
    await picker.fill(a.name);
    await expect
      .poll(async () => {
        const active = await picker.getAttribute('aria-activedescendant');
        return active ? visibleText(page.locator(`[id="${active}"]`)) : '';
      })
      .toContain(a.name);
    await shot('manager-settings-exclusions-search');
    await picker.press('Enter');
    await products.getByRole('list', { name: 'Products that earn no points' }).getByText(a.name).waitFor();
    await products.scrollIntoViewIfNeeded();
    await shot('manager-settings-exclusions');
    await area.getByRole('button', { name: /Save settings/ }).click();
    await area.getByText('Saved 2 changes. The till uses them from the next sale.').waitFor();
    const loyalty = call<{ loyalty: { excludedCategoryIds: string[]; excludedProductIds: string[] } }>(till.db, 'settings.get', {}).loyalty;
    expect(loyalty.excludedCategoryIds).toEqual([fruit?.id]);
    expect(loyalty.excludedProductIds).toEqual([a.id]);

    // back to the till: the sale as it was
    await area.getByRole('button', { name: /^Back to/ }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await cartText()).toBe(cartBefore);
    expect(till.consoleErrors).toEqual([]);
  });

  it('a cashier’s till opens the Manager area with a manager’s PIN, and goes back to the cashier', async () => {
    if (!till) throw new Error('no till');
    // the manager's sale is parked on logout; the cashier logs in on the manager's shift and sells on it
    await page.getByRole('button', { name: 'Log out' }).click();
    const park = page.getByRole('dialog');
    await park.waitFor();
    await park.getByRole('button', { name: /Park/ }).first().click();
    await page.getByRole('heading', { name: /Who is working/ }).waitFor();
    await login(CASHIER);
    await page.getByRole('button', { name: /Sell on Maria Manager’s shift/ }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    const [a] = items as [ScannableItem];
    await scan(page, a.barcode);
    await expect.poll(() => cartLines().count()).toBe(1);
    const cartBefore = await cartText();

    await page.getByRole('button', { name: 'Manager area' }).click();
    const door = page.getByRole('dialog', { name: 'Manager area' });
    await door.waitFor();
    await shot('manager-door');
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.getByText(/with a manager’s PIN on Carl Cashier’s till/).waitFor();
    await area.getByRole('button', { name: 'Back to Carl Cashier’s till' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await cartText()).toBe(cartBefore);
    expect(await visibleText(page.locator('.topbar-name'))).toBe(CASHIER.name);
    expect(audited(till.db, 'auth.elevate')).toBe(1);
    expect(audited(till.db, 'auth.elevate_end')).toBe(1);
  });
});
