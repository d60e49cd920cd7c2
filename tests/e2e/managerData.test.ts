// End to end in a real Chromium against `npm run web`: a manager backs up (the progress bar on
// screen) and sees the backup listed as verified, exports a CSV that arrives as a browser
// download, and imports products: a file with one bad row is refused with that line named and
// Apply disabled, then a good file is applied. Screenshots at 1366×768 and 1024×768.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, call, haveChromium, type RunningTill, required, startTill, typeSlowly, visibleText, warnIfSkipped } from './harness';

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };

describe.skipIf(!haveChromium && !required)('Backups, Export and Import in a browser', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let taxClass = '';

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
      name: 'manager-data',
      products: 2000,
      seed: 33,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1 },
      prepare: (db) => {
        taxClass = call<{ name: string }[]>(db, 'catalog.taxClasses', {})[0]?.name ?? '';
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('backs up with a progress bar, lists it verified, exports a CSV download, and imports products', async () => {
    if (!till) throw new Error('no till');
    const running = till;
    await page.goto(running.web.url);
    await page.getByRole('button', { name: new RegExp(MANAGER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${MANAGER.name}` }).waitFor();
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();

    await page.getByRole('button', { name: 'Manager area' }).click();
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.waitFor();
    const nav = area.getByRole('navigation', { name: 'Manager area' });

    // backups: the real backup runs; its answer is held back a moment so the bar can be photographed
    await nav.getByRole('button', { name: /^Backups/ }).click();
    await area.getByRole('heading', { name: 'Backups', exact: true }).waitFor();
    await page.route('**/api/backup.create', async (route) => {
      const response = await route.fetch();
      await new Promise((resolveLater) => setTimeout(resolveLater, 2500));
      await route.fulfill({ response });
    });
    const backUp = area.getByRole('form', { name: 'Back up now' });
    await backUp.getByLabel(/Note/).fill('before the import');
    await backUp.getByRole('button', { name: /Back up now/ }).click();
    await backUp.getByRole('progressbar', { name: 'Backing up' }).waitFor();
    await expect.poll(() => visibleText(backUp.locator('.job-progress'))).toMatch(/Backing up/);
    await shot('manager-backup-progress');
    await backUp.getByText(/Backed up and verified/).waitFor({ timeout: 30_000 });
    await page.unroute('**/api/backup.create');
    const table = area.getByRole('table', { name: 'Backups' });
    const row = table.getByRole('row').filter({ hasText: 'before the import' });
    await expect.poll(() => visibleText(row)).toContain('✓ Verified');
    expect(await visibleText(row)).toContain('just now');
    await shot('manager-backups');
    // Restore… asks first, in plain words; keeping the current database changes nothing
    await row.getByRole('button', { name: /^Restore/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
    await confirm.getByText(/Everything on this till is replaced/).waitFor();
    await shot('manager-restore-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // export: the products, with the byte order mark, arrive as a download
    await nav.getByRole('button', { name: /^Export/ }).click();
    await area.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    await area.getByRole('radio', { name: /^Products/ }).check();
    const downloading = page.waitForEvent('download');
    await area
      .getByRole('form', { name: 'Export' })
      .getByRole('button', { name: /^Export/ })
      .click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^ringup-products-.*\.csv$/);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\n')[0]).toMatch(/^sku,name,price_minor/);
    await area.getByText(/Exported 2,000 rows|Exported 2000 rows/).waitFor();
    await shot('manager-export');

    // import: one bad row is named, Apply stays off; the good file is applied
    await nav.getByRole('button', { name: /^Import/ }).click();
    await area.getByRole('heading', { name: 'Import products', exact: true }).waitFor();
    const header = 'sku,name,price_minor,tax_class,category,barcodes,stock_on_hand';
    const files = mkdtempSync(join(tmpdir(), 'ringup-import-'));
    const bad = join(files, 'products-bad.csv');
    const good = join(files, 'products-good.csv');
    writeFileSync(
      bad,
      `${header}\r\nE2E-1,Qwixel Oat Drink,189,${taxClass},Drinks,,12\r\nE2E-2,Rice Cakes,12.50,${taxClass},,,\r\nE2E-3,Qwixel Honey,599,${taxClass},,,3\r\n`,
    );
    writeFileSync(good, `${header}\nE2E-1,Qwixel Oat Drink,189,${taxClass},Drinks,,12\nE2E-3,Qwixel Honey,599,${taxClass},,,3\n`);
    const input = area.getByLabel('Products file (CSV)');
    await input.setInputFiles(bad);
    const problems = area.getByRole('region', { name: 'Lines with errors' });
    await problems.waitFor();
    const problem = await visibleText(problems.getByRole('row').nth(1));
    expect(problem).toMatch(/^3\s/);
    expect(problem).toContain('price_minor');
    expect(await area.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await shot('manager-import-errors');
    expect(call<{ items: unknown[] }>(running.db, 'catalog.search', { query: 'Qwixel' }).items).toHaveLength(0);

    await input.setInputFiles(good);
    await area.getByText(/No errors/).waitFor();
    await expect.poll(() => area.getByRole('button', { name: 'Apply' }).isEnabled()).toBe(true);
    await area.getByRole('button', { name: 'Apply' }).click();
    await area.getByText(/Imported 2 rows: 2 created/).waitFor();
    await shot('manager-import-done');
    expect(call<{ items: unknown[] }>(running.db, 'catalog.search', { query: 'Qwixel' }).items).toHaveLength(2);
    rmSync(files, { recursive: true, force: true });
    expect(running.consoleErrors).toEqual([]);
  });
});
