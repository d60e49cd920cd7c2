// End to end in a real Chromium against `npm run web`: after demo sales (ringup seed --sales) and
// two sales rung up at the till, a manager opens the sales report (charts at 1366×768 and
// 1024×768), finds a sale by its receipt number, filters the audit log, receives stock for a
// product and sees its level change, applies a stock count with one difference, and sets reorder
// levels (in a low-stock row, and for a product found by its barcode).
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
  ringup,
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

describe.skipIf(!haveChromium && !required)('the Manager area’s reports and stock in a browser', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: ScannableItem[] = [];
  const receipts: number[] = [];

  const shot = async (name: string) => {
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(artifacts, `${name}-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  };

  const area = () => page.getByRole('main', { name: 'Manager area' });
  const openSection = async (label: string) => {
    await area()
      .getByRole('navigation', { name: 'Manager area' })
      .getByRole('button', { name: new RegExp(`^${label}`) })
      .click();
  };

  /** One sale at the till: scan, F9, pay, note the receipt number, New sale. */
  const sellAtTill = async (item: ScannableItem, how: 'card' | 'cash') => {
    await scan(page, item.barcode);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F9');
    const pay = page.getByRole('dialog', { name: 'Pay' });
    await pay.waitFor();
    if (how === 'card') await pay.getByRole('button', { name: 'Card', exact: true }).click();
    else await pay.getByRole('group', { name: 'Quick cash' }).getByRole('button').first().click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    const code = /Receipt T1-(\d+)/.exec(await visibleText(done.locator('.dialog-subtitle')))?.[1] ?? '';
    receipts.push(Number(code));
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
  };

  beforeAll(async () => {
    till = await startTill({
      name: 'manager-reports',
      products: 400,
      seed: 33,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1, printer: { kind: 'system' } },
      prepare: (db) => {
        // demo sales of today in a closed shift of their own: a report with figures and a Z report
        ringup(['seed', '--db', db, '--products', '400', '--seed', '33', '--sales', '150']);
        items = pickItems(db, 3, { distinctPrices: true, minStock: 20 });
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('rings up two sales, then shows today’s sales report with its charts and tables', async () => {
    if (!till) throw new Error('no till');
    const [a, b] = items as [ScannableItem, ScannableItem];
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(MANAGER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${MANAGER.name}` }).waitFor();
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await sellAtTill(a, 'card');
    await sellAtTill(b, 'cash');

    await page.getByRole('button', { name: 'Manager area' }).click();
    await area().waitFor();
    await openSection('Reports');
    const net = area().locator('[data-figure="net"] dd strong');
    await net.waitFor({ timeout: 30_000 });
    expect(await visibleText(net)).toMatch(/^€[\d,]+\.\d\d$/);
    // both charts drawn (SVG bars), with their numbers in tables
    await expect.poll(() => area().locator('.report-chart svg .recharts-bar-rectangle').count()).toBeGreaterThan(1);
    expect(await area().getByRole('region', { name: 'By payment method' }).getByRole('rowheader', { name: 'Card' }).count()).toBe(1);
    expect(await visibleText(area().locator('.report-chart').first())).toMatch(/€/);
    await shot('manager-reports-today');
    await area().getByRole('region', { name: 'Top products' }).scrollIntoViewIfNeeded();
    await shot('manager-reports-tables');
    await area()
      .locator('.reports-section')
      .evaluate((element) => element.scrollTo(0, 0));

    // this week: one bar a day, and the CSV of the tables
    await area().getByRole('button', { name: 'This week' }).click();
    await expect.poll(async () => (await area().getByRole('region', { name: 'By day' }).count()) === 1).toBe(true);
    await shot('manager-reports-week');
    const download = page.waitForEvent('download');
    await area().getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^sales-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);

    // Print: the core's printable page of the same range, through the window's print dialog
    expect(till.consoleErrors).toEqual([]);
    await area().getByRole('button', { name: 'Print' }).click();
    await area().getByText('Sent to the print dialog.').waitFor({ timeout: 30_000 });
    // the page's CSP allows the sales report's stylesheet by its hash: nothing refused in the print frame
    expect(till.consoleErrors).toEqual([]);
  });

  it('finds a sale by its receipt number and opens its receipt; the Z report of the demo shift', async () => {
    await openSection('Past sales');
    const receiptNo = receipts[0] as number;
    await area()
      .getByLabel(/Receipt number/)
      .fill(String(receiptNo));
    await area()
      .getByLabel(/Receipt number/)
      .press('Enter');
    const found = area().getByRole('list', { name: 'Sales found' });
    await expect.poll(() => found.getByRole('button').count(), { timeout: 10_000 }).toBe(1);
    await found.getByRole('button', { name: new RegExp(`Receipt ${receiptNo}`) }).click();
    const detail = area().getByRole('region', { name: `Receipt ${receiptNo}` });
    await detail.waitFor();
    const receipt = page.frameLocator('iframe[title="Receipt"]');
    await expect.poll(() => visibleText(receipt.locator('body'))).toContain((items[0] as ScannableItem).name);
    await shot('manager-past-sales');

    await openSection('Z reports');
    await area().getByRole('list', { name: 'Z reports' }).getByRole('button', { name: /Z 1/ }).click();
    await area().getByRole('region', { name: 'Z report 1' }).waitFor();
    await expect.poll(() => visibleText(page.frameLocator('iframe[title="Z report"]').locator('body'))).toMatch(/Z/);
    await shot('manager-z-reports');
  });

  it('receives stock for a product and sees its level change; the audit log shows it under Stock', async () => {
    if (!till) throw new Error('no till');
    const c = items[2] as ScannableItem;
    const before = call<{ stockOnHand: number }>(till.db, 'catalog.get', { id: c.id }).stockOnHand;
    await openSection('Stock');
    await area().getByRole('group', { name: 'Stock tasks' }).getByRole('button', { name: 'Receive' }).click();
    const form = area().getByRole('form', { name: 'Receive goods' });
    await form.getByRole('combobox', { name: 'Product' }).focus();
    await scan(page, c.barcode);
    await expect.poll(() => visibleText(form.getByTestId('stock-level'))).toBe(`${before} in stock`);
    await form.getByLabel(/Quantity received/).fill('24');
    await form.getByLabel(/Quantity received/).press('Enter');
    await expect.poll(() => visibleText(form.getByTestId('stock-level'))).toBe(`${before + 24} in stock`);
    await form.getByText(`Received 24 of ${c.name}`).waitFor();
    await shot('manager-stock-receive');
    expect(call<{ stockOnHand: number }>(till.db, 'catalog.get', { id: c.id }).stockOnHand).toBe(before + 24);

    await openSection('Audit log');
    await area().getByLabel('Action').selectOption({ label: 'Stock' });
    const table = area().getByRole('table');
    // the newest row is the receipt of stock with or without the filter: wait for the filtered list itself
    await expect.poll(() => table.locator('tbody tr[data-action^="sale."]').count()).toBe(0);
    await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-action')).toBe('stock.receive');
    expect(await visibleText(table.locator('tbody tr').first())).toContain('Stock received');
    await shot('manager-audit-log');
  });

  it('a stock count: one product counted one short, reviewed, applied', async () => {
    if (!till) throw new Error('no till');
    const b = items[1] as ScannableItem;
    const before = call<{ stockOnHand: number }>(till.db, 'catalog.get', { id: b.id }).stockOnHand;
    await openSection('Stock');
    await area().getByRole('group', { name: 'Stock tasks' }).getByRole('button', { name: 'Stock count' }).click();
    await area().getByRole('button', { name: 'Start a count' }).click();
    const form = area().getByRole('form', { name: 'Record a count' });
    await form.getByRole('combobox', { name: 'Product counted' }).focus();
    await scan(page, b.barcode);
    const shelf = form.getByLabel(/On the shelf/);
    await shelf.waitFor();
    await shelf.fill(String(before - 1));
    await shelf.press('Enter');
    const counted = area().getByRole('table', { name: 'Products counted' });
    await expect.poll(() => visibleText(counted.getByRole('row', { name: new RegExp(b.name) }))).toContain('−1');
    await shot('manager-stock-count');
    await area().getByRole('button', { name: 'Review differences' }).click();
    await area().getByRole('table', { name: 'Differences to apply' }).waitFor();
    await shot('manager-stock-count-review');
    await area().getByRole('button', { name: 'Apply 1 difference' }).click();
    await area().getByText('Count applied: 1 product corrected, net −1.').waitFor();
    expect(call<{ stockOnHand: number }>(till.db, 'catalog.get', { id: b.id }).stockOnHand).toBe(before - 1);
    expect(till.consoleErrors).toEqual([]);
  });

  it('reorder levels: one changed in its low-stock row with the keyboard, one set for a product found by its barcode', async () => {
    if (!till) throw new Error('no till');
    const c = items[2] as ScannableItem;
    await openSection('Stock');
    await area().getByRole('group', { name: 'Stock tasks' }).getByRole('button', { name: 'Low stock' }).click();
    // a high threshold lists every counted product without a level of its own
    const threshold = area().getByLabel('Without a reorder level, list at or below');
    await threshold.fill('100000');
    await threshold.press('Enter');
    const table = area().getByRole('table', { name: 'Low stock' });
    const row = table.locator('tbody tr').first();
    await expect.poll(() => visibleText(row)).toContain('100000 (default)');
    await row.getByRole('button', { name: /^Change the reorder level of/ }).focus();
    await page.keyboard.press('Enter');
    const level = row.getByRole('textbox', { name: /^Reorder level of/ });
    await expect.poll(() => level.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('8');
    await shot('manager-stock-reorder-row');
    await page.keyboard.press('Enter');
    await area()
      .getByText(/^Saved\. .+ is listed when 8 or fewer are left\.$/)
      .waitFor();
    await expect.poll(() => visibleText(row.locator('td').nth(1))).toMatch(/^8\s*Change$/);

    await area().getByRole('button', { name: 'Set a reorder level…' }).click();
    const picker = area().getByRole('combobox', { name: 'Set the reorder level of' });
    await picker.focus();
    await scan(page, c.barcode);
    const form = area().getByRole('form', { name: `Reorder level of ${c.name}` });
    await form.getByLabel('Reorder level (pieces)').fill('30');
    await shot('manager-stock-reorder-panel');
    await form.getByLabel('Reorder level (pieces)').press('Enter');
    await area().getByText(`Saved. ${c.name} is listed when 30 or fewer are left.`).waitFor();
    const db = new Database(till.db, { readonly: true });
    try {
      const stored = db.prepare('SELECT reorder_level AS level FROM products WHERE id = ?').get(c.id) as { level: number | null };
      expect(stored.level).toBe(30);
      const audited = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'stock.setReorderLevel'").get() as { n: number };
      expect(audited.n).toBe(2);
    } finally {
      db.close();
    }
    expect(till.consoleErrors).toEqual([]);
  });
});
