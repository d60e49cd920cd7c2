// End to end in a real Chromium against `npm run web`: the loyalty programme at the till. A customer
// enrolled at the till (F5, Enrol, name, phone, Enter: well under 20 s) on a sale that earns them
// points; the next sale, their card scanned, paid partly with those points; a transfer to another
// member within the cashier's limit and one above it with a manager's PIN; and a refund of the
// first sale taking its points back. Screenshots of the member panel, the enrolment form, paying
// with points and the member page at 1366×768 and 1024×768 go to tests/e2e/artifacts/loyalty-*.png.
import { join } from 'node:path';
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
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

interface Member {
  id: string;
  name: string;
  cardNumber: string | null;
  pointsBalance: number;
}
interface LedgerRow {
  kind: string;
  points: number;
  saleId: string | null;
}

describe.skipIf(!haveChromium && !required)('loyalty at the till, in a real Chromium', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let a: ScannableItem;
  let b: ScannableItem;
  let ana: Member;
  let bo: Member;
  let firstReceipt = '';
  let earnedFirst = 0;

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const db = () => {
    if (!till) throw new Error('no till');
    return till.db;
  };
  const member = (id: string) => call<Member>(db(), 'loyalty.get', { id });
  const ledger = (id: string) => call<{ items: LedgerRow[] }>(db(), 'loyalty.history', { memberId: id, limit: 50 }).items;
  const strip = () => page.getByRole('region', { name: 'Member on this sale' });
  const isFocused = (locator: Locator) => locator.evaluate((element) => element === element.ownerDocument.activeElement);

  /** A screenshot at each till size, back at 1366×768 after. */
  async function shots(name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(artifacts, `loyalty-${name}-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[0]);
  }

  /** Scan until the product is on the sale (a loaded machine can stretch a burst into typing). */
  async function scanItem(item: ScannableItem, lines: number): Promise<void> {
    for (let attempt = 0; attempt < 3 && (await page.getByTestId('cart-line').count()) < lines; attempt++) {
      await scan(page, item.barcode);
      await expect
        .poll(() => page.getByTestId('cart-line').count(), { timeout: 4_000 })
        .toBe(lines)
        .catch(() => undefined);
    }
    expect(await page.getByTestId('cart-line').count()).toBe(lines);
  }

  async function completeByCard(pay: Locator): Promise<Locator> {
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = dialog('Sale complete');
    await done.waitFor();
    return done;
  }

  beforeAll(async () => {
    till = await startTill({
      name: 'loyalty',
      products: 300,
      seed: 31,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // 10 points a euro and 50 at a time: a sale of a few products earns enough to redeem on the next
      settings: { cashRoundingStep: 1, loyalty: { earnPointsPerUnit: 10, minRedeemPoints: 50 } },
      prepare: (file) => {
        [a, b] = pickItems(file, 2, { minStock: 20, distinctPrices: true }) as [ScannableItem, ScannableItem];
        bo = call<Member>(file, 'loyalty.enroll', { name: 'Bo Berg', email: 'bo@example.com' });
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
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByLabel('Cash float').fill('100.00');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  it('enrols a customer at the till in under 20 seconds: F5, Enrol, name, phone, Enter — on the sale, the card number big', async () => {
    // six of the first product: a sale that earns well over the minimum to redeem
    await typeSlowly(page, '6*');
    await scanItem(a, 1);
    await expect.poll(() => page.getByLabel(`Quantity of ${a.name}`).inputValue()).toBe('6');

    const started = Date.now();
    await page.keyboard.press('F5');
    const find = dialog('Find a member');
    await find.waitFor();
    await find.getByRole('button', { name: 'Enrol new member' }).click();
    const form = dialog('Enrol a new member');
    await form.waitFor();
    expect(await isFocused(form.getByLabel('Name'))).toBe(true);
    await typeSlowly(page, 'Ana Lima');
    await page.keyboard.press('Tab');
    await typeSlowly(page, '020 7946 0958');
    await shots('enrol-form');
    await page.keyboard.press('Enter');
    const done = dialog('Member enrolled');
    await done.waitFor();
    expect(Date.now() - started).toBeLessThan(20_000);

    const found = call<{ items: Member[] }>(db(), 'loyalty.find', { query: '020 7946 0958' }).items;
    expect(found.map((entry) => entry.name)).toEqual(['Ana Lima']);
    ana = found[0] as Member;
    const card = ana.cardNumber ?? '';
    expect(card).toMatch(/^27\d{11}$/);
    expect((await visibleText(done.getByTestId('enrolled-card'))).replace(/\s/g, '')).toBe(card);
    await shots('enrolled');
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });

    const shown = await visibleText(strip());
    expect(shown).toContain('Ana Lima');
    expect(shown).toContain('Bronze');
    expect(shown).toContain(`****${card.slice(-4)}`);
    expect(shown).toContain('Balance 0 points');
    const earns = Math.floor((6 * a.priceMinor) / 100) * 10;
    expect(await visibleText(strip().getByTestId('member-earns'))).toBe(`This sale earns ${earns.toLocaleString('en')} points`);
    await shots('member-panel');
  });

  it('the sale earns the points the panel said; the done screen shows them and the new balance', async () => {
    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    // no points yet: nothing to pay with
    expect(await pay.getByRole('button', { name: 'Pay with points' }).count()).toBe(0);
    const done = await completeByCard(pay);
    firstReceipt = /Receipt (\S+)/.exec(await visibleText(done.locator('.dialog-subtitle')))?.[1] ?? '';
    earnedFirst = Math.floor((6 * a.priceMinor) / 100) * 10;
    await expect.poll(() => visibleText(done.getByTestId('points-earned'))).toBe(`${earnedFirst.toLocaleString('en')} points`);
    expect(await visibleText(done.getByTestId('points-balance'))).toBe(`${earnedFirst.toLocaleString('en')} points`);
    expect(member(ana.id).pointsBalance).toBe(earnedFirst);
    // the receipt names the member and the points
    const receipt = page.frameLocator('iframe[title="Receipt"]');
    await expect.poll(() => visibleText(receipt.locator('body'))).toContain('Points earned');
    expect(await visibleText(receipt.locator('body'))).toContain(`****${ana.cardNumber?.slice(-4)}`);
    await done.getByRole('button', { name: /New sale/ }).click();
    await done.waitFor({ state: 'detached' });
  });

  it('the next sale: the card scanned attaches Ana, her points pay part of it, the card the rest', async () => {
    await typeSlowly(page, '3*');
    await scanItem(b, 1);
    await scan(page, ana.cardNumber ?? '');
    await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Member:' }))).toMatch(/Member:\s+Ana Lima/);
    await expect.poll(() => strip().count()).toBe(1);
    expect(await visibleText(strip())).toContain(`Balance ${earnedFirst.toLocaleString('en')} points`);

    await page.keyboard.press('F9');
    const pay = dialog('Pay');
    await pay.waitFor();
    await pay.getByRole('button', { name: 'Pay with points' }).click();
    const field = pay.getByLabel('Points to redeem');
    await expect.poll(() => isFocused(field)).toBe(true);
    const most = Number(await field.inputValue());
    // as many as can pay: the balance, the total (a point is a cent) and the day's cap of 5,000
    expect(most).toBe(Math.min(earnedFirst, 3 * b.priceMinor, 5000));
    await shots('pay-with-points');
    const done = await completeByCard(pay);
    await expect.poll(() => visibleText(done.getByTestId('points-redeemed'))).toContain(`${most.toLocaleString('en')} points`);
    const rows = ledger(ana.id);
    const redeemed = rows.find((row) => row.kind === 'redeem');
    expect(redeemed?.points).toBe(-most);
    const earnedSecond = rows
      .filter((row) => row.kind === 'earn' && row.saleId === redeemed?.saleId)
      .reduce((sum, row) => sum + row.points, 0);
    expect(member(ana.id).pointsBalance).toBe(earnedFirst - most + earnedSecond);
    await expect
      .poll(() => visibleText(done.getByTestId('points-balance')))
      .toBe(`${member(ana.id).pointsBalance.toLocaleString('en')} points`);
    await shots('points-done');
    await done.getByRole('button', { name: /New sale/ }).click();
    await done.waitFor({ state: 'detached' });
  });

  it('transfers: 20 points to Bo alone; 1,500 more only with a manager’s PIN on the spot', async () => {
    call(db(), 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: 2000, reason: 'Welcome bonus' });
    // found by phone, put on the sale; F5 then opens her page
    await page.keyboard.press('F5');
    const find = dialog('Find a member');
    await find.waitFor();
    await typeSlowly(page, '020 7946 0958');
    await find.getByRole('option', { name: /Ana Lima/ }).waitFor();
    await page.keyboard.press('Enter');
    await find.waitFor({ state: 'detached' });
    await page.keyboard.press('F5');
    const memberPage = dialog('Ana Lima');
    await memberPage.waitFor();
    await expect.poll(() => memberPage.getByTestId('history-row').count()).toBeGreaterThanOrEqual(4);
    expect(await visibleText(memberPage.getByTestId('history-row').first())).toContain('Adjusted: Welcome bonus');
    await shots('member-page');

    const before = member(ana.id).pointsBalance;
    const transfer = async (points: number) => {
      await dialog('Ana Lima').getByRole('button', { name: 'Transfer points' }).click();
      const form = dialog('Transfer points');
      await form.waitFor();
      await typeSlowly(page, 'bo@example.com');
      await page.keyboard.press('Enter');
      await expect.poll(() => isFocused(form.getByLabel('Points to move'))).toBe(true);
      await typeSlowly(page, String(points));
      await page.keyboard.press('Enter');
    };
    await transfer(20);
    const moved = dialog('Points transferred');
    await moved.waitFor();
    expect(await visibleText(moved)).toContain('20 points moved from Ana Lima to Bo Berg.');
    expect([member(ana.id).pointsBalance, member(bo.id).pointsBalance]).toEqual([before - 20, 20]);
    await page.keyboard.press('Enter');
    await dialog('Ana Lima').waitFor();

    await transfer(1500);
    const approval = dialog('Manager approval');
    await approval.waitFor();
    expect(await visibleText(approval)).toContain('1,500');
    await page.screenshot({ path: join(artifacts, 'loyalty-transfer-approval.png') });
    await typeSlowly(page, MANAGER.pin);
    await page.keyboard.press('Enter');
    await dialog('Points transferred').waitFor();
    expect([member(ana.id).pointsBalance, member(bo.id).pointsBalance]).toEqual([before - 1520, 1520]);
    await page.keyboard.press('Enter');
    const back = dialog('Ana Lima');
    await back.waitFor();
    await expect.poll(() => visibleText(back.getByTestId('history-row').first())).toContain('To Bo Berg (transfer)');
    await page.keyboard.press('Escape');
    await back.waitFor({ state: 'detached' });
    await strip().getByRole('button', { name: 'Detach' }).click();
    await expect.poll(() => strip().count()).toBe(0);
  });

  it('a refund of the first sale takes back the points it earned', async () => {
    const before = member(ana.id).pointsBalance;
    await page.keyboard.press('F8');
    const refund = dialog('Refund');
    await refund.waitFor();
    const rows = refund.getByTestId('recent-receipt');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.filter({ hasText: firstReceipt }).click();
    await refund.getByText(`Receipt ${firstReceipt}`).waitFor();
    await refund.getByRole('button', { name: 'Everything that is left' }).click();
    await refund.getByRole('button', { name: /^Refund €/ }).click();
    const done = dialog('Refund complete');
    await done.waitFor();
    await done.getByRole('button', { name: /Done/ }).click();
    await done.waitFor({ state: 'detached' });
    expect(member(ana.id).pointsBalance).toBe(before - earnedFirst);
    expect(ledger(ana.id)[0]).toMatchObject({ kind: 'refund_reversal', points: -earnedFirst });
  });
});
