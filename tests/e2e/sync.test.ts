// End to end in a real Chromium against `npm run web --central …`: a private PostgreSQL behind a
// TCP proxy that refuses every connection at first. The cashier sells; the top bar says "Offline ·
// N waiting". A manager's PIN opens Manager → Sync, which says why in words; the proxy starts
// forwarding, "Sync now" sends everything, and the top bar says "Synced" — the sale is on central.
// Screenshots at 1366×768 and 1024×768 (tests/e2e/artifacts/sync-*).
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCentral } from '../../electron/core/sync/central/migrate';
import { type EmbeddedServer, startEmbeddedPostgres } from '../sync/embeddedPostgres';
import { type FaultProxy, startFaultProxy } from '../sync/proxy';
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

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };

describe.skipIf(!haveChromium && !required)('sync with a central database, seen in a browser', () => {
  let server: EmbeddedServer | undefined;
  let proxy: FaultProxy | undefined;
  let till: RunningTill | undefined;
  let page: Page;
  let item: ScannableItem;
  let waitingOffline = 0;

  const indicator = () => page.getByTestId('sync-indicator');
  const indicatorText = async () => ((await indicator().count()) > 0 ? ((await indicator().textContent()) ?? '') : '');

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

  /** The top bar holds its items on one row: the pill beside the store's name, nothing pushed out or overlapping. */
  const expectTopBarFits = async (width: number) => {
    await page.setViewportSize({ width, height: 768 });
    await page.waitForTimeout(150);
    const box = async (selector: string) => {
      const found = await page.locator(selector).first().boundingBox();
      if (!found) throw new Error(`${selector} is not on screen at ${width} px`);
      return found;
    };
    const bar = await box('.topbar');
    const pill = await box('.sync-pill');
    const store = await box('.topbar-store');
    const staff = await box('.topbar-staff');
    const logout = await page.getByRole('button', { name: 'Log out' }).boundingBox();
    expect(bar.height, `top bar height at ${width} px`).toBeLessThanOrEqual(64);
    expect(pill.x + pill.width, `the pill stays left of the shift and staff at ${width} px`).toBeLessThanOrEqual(staff.x);
    expect(pill.y).toBeGreaterThanOrEqual(bar.y);
    expect(pill.y + pill.height).toBeLessThanOrEqual(bar.y + bar.height);
    expect(store.width, `the store's name keeps room at ${width} px`).toBeGreaterThan(60);
    expect((logout?.x ?? 0) + (logout?.width ?? 0)).toBeLessThanOrEqual(width);
    await page.setViewportSize({ width: 1366, height: 768 });
  };

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
    await migrateCentral(server.adminUrl);
    proxy = await startFaultProxy(server.port);
    // central is down: every connection is reset at once
    proxy.setMode('refuse');
    const central = proxy.url(server.adminUrl);
    till = await startTill({
      name: 'sync',
      products: 200,
      seed: 33,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      settings: { cashRoundingStep: 1 },
      prepare: (db) => {
        [item] = pickItems(db, 1) as [ScannableItem];
      },
      serve: { args: ['--central', central] },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
    await proxy?.close();
    await server?.stop();
  });

  it('the cashier sells while central is down: the top bar says Offline with what waits', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await login(CASHIER);
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await scan(page, item.barcode);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F9');
    const pay = page.getByRole('dialog', { name: 'Pay' });
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();

    await expect.poll(indicatorText, { timeout: 30_000, interval: 250 }).toMatch(/^Offline · \d+ waiting$/);
    waitingOffline = Number(/(\d+) waiting/.exec(await indicatorText())?.[1]);
    expect(waitingOffline).toBeGreaterThan(0);
    const status = page.getByRole('status', { name: /^Offline: the central database cannot be reached/ });
    expect(await status.getAttribute('aria-label')).toContain(`${waitingOffline} changes`);
    // the reason is its tooltip, with the password masked
    const title = (await status.getAttribute('title')) ?? '';
    expect(title).toMatch(/^Central database unreachable/);
    expect(title).not.toContain(new URL(server?.adminUrl ?? 'postgres://x').password);

    await shot('sync-offline');
    await expectTopBarFits(1366);
    await expectTopBarFits(1024);
  });

  it('Manager → Sync says why in words; once central answers, Sync now sends it all and the top bar says Synced', async () => {
    if (!till || !proxy || !server) throw new Error('no till');
    await page.getByRole('button', { name: 'Manager area' }).click();
    await page.getByRole('dialog', { name: 'Manager area' }).waitFor();
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    const area = page.getByRole('main', { name: 'Manager area' });
    await area.waitFor();
    await area.getByRole('navigation', { name: 'Manager area' }).getByRole('button', { name: /^Sync/ }).click();
    const headline = area.locator('.sync-headline');
    await expect.poll(() => visibleText(headline)).toMatch(/^Offline: the central database cannot be reached/);
    const facts = area.locator('.sync-facts');
    expect(await visibleText(facts)).toContain(`127.0.0.1:${proxy.port}/postgres`);
    expect(await visibleText(facts)).toMatch(/Last error\s+Central database unreachable/);
    expect(await visibleText(facts)).toMatch(/Registered\s+not yet/);
    // the connection string itself is never on the page
    const password = new URL(server.adminUrl).password;
    expect(await page.content()).not.toContain(password);
    // the conflicts are central's: unreachable, said in words
    await expect
      .poll(() => visibleText(area.getByRole('region', { name: /^Conflicts/ })), { timeout: 30_000 })
      .toContain('The conflicts could not be read from central: ');

    await area.getByRole('region', { name: /^Conflicts/ }).scrollIntoViewIfNeeded();
    await shot('sync-page-offline-conflicts');

    // still down: Sync now fails, in words
    await area.getByRole('button', { name: 'Sync now' }).click();
    const status = area.locator('.sync-status-card');
    await expect.poll(() => visibleText(status), { timeout: 30_000 }).toMatch(/!\s*Central database unreachable/);
    await area.getByRole('heading', { name: 'Sync', level: 2 }).scrollIntoViewIfNeeded();
    await shot('sync-page-offline');

    proxy.setMode('pass');
    await area.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => visibleText(status), { timeout: 60_000, interval: 250 }).toMatch(/Synced: sent \d+ changes?/);
    // what waited, and whatever the visit to the Manager area recorded since
    expect(Number(/Synced: sent (\d+)/.exec(await visibleText(status))?.[1])).toBeGreaterThanOrEqual(waitingOffline);
    await expect.poll(indicatorText, { timeout: 30_000 }).toBe('Synced');
    expect(await page.getByRole('status', { name: /^Synced with the central database/ }).count()).toBe(1);
    expect(await visibleText(headline)).toBe('Synced with the central database: nothing is waiting.');
    expect(await visibleText(facts)).toMatch(/Registered\s+since /);
    expect(await visibleText(facts)).toMatch(/Waiting here\s+nothing/);
    await area
      .getByRole('region', { name: /^Conflicts/ })
      .getByRole('button', { name: 'Read again' })
      .click();
    await expect
      .poll(() => visibleText(area.getByRole('region', { name: /^Conflicts/ })), { timeout: 30_000 })
      .toContain('No open conflicts: nothing needs a person.');
    await area.getByRole('heading', { name: 'Sync', level: 2 }).scrollIntoViewIfNeeded();
    await shot('sync-page-synced');

    // the sale is on central
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    try {
      const sales = await client.query<{ n: string }>("SELECT count(*) AS n FROM sales WHERE terminal_id = 'T1'");
      expect(Number(sales.rows[0]?.n)).toBe(1);
    } finally {
      await client.end();
    }

    await area.getByRole('button', { name: 'Back to Carl Cashier’s till' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    expect(await indicatorText()).toBe('Synced');
    await shot('sync-synced');
    await expectTopBarFits(1024);
    expect(till.consoleErrors).toEqual([]);
  });
});
