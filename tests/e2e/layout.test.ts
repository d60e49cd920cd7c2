// The till at 1024×768 (a common till screen) and 800×600, in a real Chromium against `npm run web`:
// the cart shows six lines and more with the selected line's buttons in view, nothing in the cart,
// the pay dialog or the close-shift dialog spills out of its box, "Open shift" is in view while the
// float is counted note by note — and `3*` then a scan puts 3 on the line. The same with the touch
// keypads on (touchKeypad 'on'): the float's, the search box's, a line's quantity, the pay dialog's,
// the price, discount, paid-in, refund and close-shift dialogs' — each in view and in its box.
// Screenshots go to tests/e2e/artifacts/layout-*.png (layout-keypad-* with the keypads).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Item = ScannableItem;

warnIfSkipped();

const MANAGER = { name: 'Maria Manager', pin: '1357' };
const CASHIER = { name: 'Carl Cashier', pin: '2468' };
const SIZES = [
  { width: 1024, height: 768 },
  { width: 800, height: 600 },
] as const;

/** The few DOM members the in-page probes use (the Node side of this project has no DOM library). */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface Probed {
  tagName: string;
  textContent: string | null;
  parentElement: Probed | null;
  clientWidth: number;
  clientHeight: number;
  scrollWidth: number;
  scrollHeight: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  closest(selector: string): Probed | null;
  matches(selector: string): boolean;
  querySelectorAll(selector: string): ArrayLike<Probed>;
}
interface ProbedStyle {
  display: string;
  visibility: string;
  textOverflow: string;
  overflowX: string;
  overflowY: string;
  lineHeight: string;
}
interface ProbeWindow {
  innerWidth: number;
  innerHeight: number;
  getComputedStyle(element: Probed): ProbedStyle;
}

/**
 * What spills out of the box of the element `selector` names (the cart panel, a dialog): an element
 * whose content is wider or taller than itself and is cut without an ellipsis, or an element outside
 * the box that clips it (the nearest ancestor that does not let it show, up to the root; a scrolling
 * list may hold rows out of view in the direction it scrolls). The root itself must be in the window (unless told otherwise).
 */
async function overflows(page: Page, selector: string, { inWindow = true } = {}): Promise<string[]> {
  return page.locator(selector).evaluate((root: Probed, inWindow: boolean) => {
    const view = globalThis as unknown as ProbeWindow;
    const describe = (element: Probed) => {
      const classes = element.getAttribute('class');
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${element.tagName.toLowerCase()}${classes ? `.${classes.split(/\s+/).join('.')}` : ''} “${text}”`;
    };
    const problems: string[] = [];
    const rootBox = root.getBoundingClientRect();
    if (
      inWindow &&
      (rootBox.left < -1 || rootBox.top < -1 || rootBox.right > view.innerWidth + 1 || rootBox.bottom > view.innerHeight + 1)
    ) {
      problems.push(`${describe(root)} leaves the window: ${JSON.stringify(rootBox)}`);
    }
    const scrolls = (value: string) => value === 'auto' || value === 'scroll';
    for (const element of Array.from(root.querySelectorAll('*'))) {
      if (element.closest('.visually-hidden')) continue;
      const style = view.getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden' || style.display === 'contents') continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const field = element.matches('input, select, textarea');
      if (!field && style.textOverflow !== 'ellipsis') {
        if (!scrolls(style.overflowX) && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
          problems.push(`${describe(element)} is ${element.scrollWidth - element.clientWidth}px wider than its box`);
        }
        // a tight line-height lets a big glyph's ink reach 2 px over its line; what is clipped counts from 1 px
        const slack = style.overflowY === 'visible' ? 4 : 1;
        if (!scrolls(style.overflowY) && element.clientHeight > 0 && element.scrollHeight > element.clientHeight + slack) {
          problems.push(`${describe(element)} is ${element.scrollHeight - element.clientHeight}px taller than its box`);
        }
      }
      // the box it must stay in: the nearest ancestor (up to the root) that clips or scrolls
      let clip: Probed = root;
      for (let at = element.parentElement; at && at !== root; at = at.parentElement) {
        const s = view.getComputedStyle(at);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          clip = at;
          break;
        }
      }
      const clipStyle = view.getComputedStyle(clip);
      const limit = clip.getBoundingClientRect();
      const out: string[] = [];
      if (!scrolls(clipStyle.overflowX) && (box.left < limit.left - 1 || box.right > limit.right + 1)) out.push('sideways');
      if (!scrolls(clipStyle.overflowY) && (box.top < limit.top - 1 || box.bottom > limit.bottom + 1)) out.push('up or down');
      if (out.length > 0) problems.push(`${describe(element)} sticks out of ${describe(clip)} ${out.join(' and ')}`);
    }
    return problems;
  }, inWindow);
}

/** How many cart lines are whole in the list's visible box, and whether the selected line's buttons are. */
async function cartInView(page: Page): Promise<{ whole: number; selectedButtons: number; buttonsInView: number }> {
  return page.locator('.cart-list').evaluate((list: Probed) => {
    const height = (globalThis as unknown as ProbeWindow).innerHeight;
    const view = list.getBoundingClientRect();
    const inside = (element: Probed) => {
      const box = element.getBoundingClientRect();
      return box.top >= view.top - 1 && box.bottom <= view.bottom + 1 && box.bottom <= height && box.width > 0;
    };
    const lines = Array.from(list.querySelectorAll('[data-testid="cart-line"]'));
    const buttons = Array.from(list.querySelectorAll('.cart-line-selected .cart-line-actions button'));
    return { whole: lines.filter(inside).length, selectedButtons: buttons.length, buttonsInView: buttons.filter(inside).length };
  });
}

describe.skipIf(!haveChromium && !required)('the till at 1024×768 and 800×600', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: Item[] = [];

  const shot = (name: string, size: { width: number; height: number }) =>
    page.screenshot({ path: join(artifacts, `layout-${size.width}x${size.height}-${name}.png`) });

  beforeAll(async () => {
    till = await startTill({
      name: 'layout',
      products: 500,
      seed: 13,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // the expected cash and the over/short beside the count, so their boxes are measured too
      settings: { cashRoundingStep: 1, blindCashUp: false },
      prepare: (db) => {
        items = pickItems(db, 10);
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('counting the float note by note, “Open shift” is in view without scrolling', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await page.getByRole('button', { name: 'Count notes and coins' }).click();
    await page.getByRole('button', { name: 'One more €20', exact: true }).click();
    await page.getByRole('button', { name: 'One more €0.50', exact: true }).click();

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot('open-shift-count', size);
      const button = await page.getByRole('button', { name: 'Open shift' }).boundingBox();
      expect(button, `${size.width}×${size.height}`).not.toBeNull();
      expect(button ? button.y + button.height : Number.POSITIVE_INFINITY, `${size.width}×${size.height}`).toBeLessThanOrEqual(size.height);
      // in view without scrolling: the screen is at its top
      expect(await page.locator('main.screen').evaluate((main) => main.scrollTop)).toBe(0);
      // at 800×600 the notes and coins scroll under the foot that holds Open shift; at 1024×768 all of it fits
      expect(await overflows(page, '.open-shift-panel', { inWindow: size.width === 1024 }), `${size.width}×${size.height}`).toEqual([]);
    }
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  it('`3*` then a scan: the line comes in with 3, the “3 ×” chip shown until the scan', async () => {
    const [first] = items as [Item];
    await page.setViewportSize(SIZES[0]);
    await typeSlowly(page, '3*');
    await expect.poll(() => visibleText(page.getByTestId('multiplier'))).toContain('3 ×');
    expect(await page.getByRole('combobox', { name: /Search products/ }).inputValue()).toBe('');
    await shot('multiplier', SIZES[0]);
    await scan(page, first.barcode);
    await expect.poll(() => page.getByLabel(`Quantity of ${first.name}`).inputValue()).toBe('3');
    await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain('3 ×');
    expect(await page.getByTestId('multiplier').count()).toBe(0);

    // and the next scan of it is one more
    await scan(page, first.barcode);
    await expect.poll(() => page.getByLabel(`Quantity of ${first.name}`).inputValue()).toBe('4');
  });

  it('a cart of ten lines: six and more in view with the selected line’s buttons, nothing spilling out; the pay dialog fits', async () => {
    for (const item of items.slice(1)) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(items.length);
    // a line in the middle selected, as a tap does: its buttons come into view
    await page.getByTestId('cart-line').nth(4).locator('.cart-line-name').click();
    await expect.poll(() => page.locator('.cart-line-selected').count()).toBe(1);
    // F3: its quantity typed over; Enter applies it and the search box has the focus for the next scan
    await page.keyboard.press('F3');
    const quantity = page.locator('.cart-line-selected .qty-input');
    await expect.poll(() => quantity.evaluate((element) => element.matches(':focus'))).toBe(true);
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    const search = page.getByRole('combobox', { name: /Search products/ });
    await expect.poll(() => search.evaluate((element) => element.matches(':focus'))).toBe(true);
    await expect.poll(() => quantity.inputValue()).toBe('2');

    for (const size of SIZES) {
      const at = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await page.locator('.cart-line-selected').scrollIntoViewIfNeeded();
      // the toast of the last scan gone, the cart as it stands
      await expect.poll(() => page.locator('.toast-ok').count(), { timeout: 6_000 }).toBe(0);
      await shot('cart', size);
      const view = await cartInView(page);
      expect(view.selectedButtons, at).toBe(3);
      expect(view.buttonsInView, at).toBe(3);
      if (size.width === 1024) expect(view.whole, at).toBeGreaterThanOrEqual(6);
      else expect(view.whole, at).toBeGreaterThanOrEqual(3);
      expect(await overflows(page, 'aside.cart'), at).toEqual([]);
      expect(await overflows(page, '.actionbar'), at).toEqual([]);

      await page.keyboard.press('F9');
      const pay = page.getByRole('dialog', { name: 'Pay' });
      await pay.waitFor();
      await shot('pay', size);
      expect(await overflows(page, '[role="dialog"]'), `pay ${at}`).toEqual([]);
      // split: the widest form of the dialog
      await pay.getByRole('button', { name: 'Card + cash', exact: true }).click();
      await shot('pay-split', size);
      expect(await overflows(page, '[role="dialog"]'), `pay split ${at}`).toEqual([]);
      await page.keyboard.press('Escape');
      await pay.waitFor({ state: 'detached' });
    }

    // paid, so the shift can be closed
    await page.setViewportSize(SIZES[0]);
    await page.keyboard.press('F9');
    const pay = page.getByRole('dialog', { name: 'Pay' });
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
  });

  it('the close-shift dialog: the count, expected and a long over/short stay in their boxes', async () => {
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await page
      .getByRole('dialog', { name: 'Shift' })
      .getByRole('button', { name: /Close shift/ })
      .click();
    const close = page.getByRole('dialog', { name: 'Close the shift' });
    await close.waitFor();
    // a drawer far off what is expected: the widest over/short there is
    await close.getByLabel(/€500 notes, count/).fill('99');
    await close.getByLabel(/€0.05 coins, count/).fill('7');
    for (const size of SIZES) {
      const at = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await shot('close-shift', size);
      expect(await overflows(page, '[role="dialog"]'), at).toEqual([]);
      const overShort = page.getByTestId('over-short');
      if ((await overShort.count()) > 0) {
        expect(await visibleText(overShort)).toMatch(/^Over €49,/);
        // the amount is one piece: "Over" may sit on a line of its own, the amount is never cut in two
        const lines = await overShort.evaluate((element: Probed) => {
          const style = (globalThis as unknown as ProbeWindow).getComputedStyle(element);
          return Math.round(element.getBoundingClientRect().height / Number.parseFloat(style.lineHeight));
        });
        expect(lines, at).toBeLessThanOrEqual(2);
      }
    }
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});

describe.skipIf(!haveChromium && !required)('the till at 1024×768 and 800×600 with the touch keypads on', () => {
  let till: RunningTill | undefined;
  let page: Page;
  let items: Item[] = [];

  const shot = (name: string, size: { width: number; height: number }) =>
    page.screenshot({ path: join(artifacts, `layout-keypad-${size.width}x${size.height}-${name}.png`) });
  const keypad = (name: string) => page.getByRole('group', { name });
  const tapKeys = async (pad: ReturnType<typeof keypad>, keys: string) => {
    for (const name of Array.from(keys))
      await pad.getByRole('button', { name: name === '.' ? 'Decimal point' : name, exact: true }).click();
  };
  /** Whether the whole of `locator` is in the window and in the visible box of its scrolling ancestor. */
  const wholeInView = (locator: ReturnType<typeof keypad>) =>
    locator.evaluate((element: Probed) => {
      const view = globalThis as unknown as ProbeWindow;
      const box = element.getBoundingClientRect();
      if (box.top < 0 || box.left < 0 || box.bottom > view.innerHeight + 1 || box.right > view.innerWidth + 1) return false;
      for (let at = element.parentElement; at; at = at.parentElement) {
        const style = view.getComputedStyle(at);
        if (style.overflowY === 'auto' || style.overflowY === 'scroll' || style.overflowX === 'auto' || style.overflowX === 'scroll') {
          const limit = at.getBoundingClientRect();
          return box.top >= limit.top - 1 && box.bottom <= limit.bottom + 1 && box.left >= limit.left - 1 && box.right <= limit.right + 1;
        }
      }
      return true;
    });
  /** A dialog and its keypad at both sizes: nothing spills out, the keypad is in view; a screenshot of each. */
  const dialogFits = async (pad: string, shotName: string) => {
    for (const size of SIZES) {
      const at = `${shotName} ${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await keypad(pad).waitFor();
      await shot(shotName, size);
      expect(await overflows(page, '[role="dialog"]'), at).toEqual([]);
      expect(await wholeInView(keypad(pad)), at).toBe(true);
    }
    await page.setViewportSize(SIZES[0]);
  };

  beforeAll(async () => {
    till = await startTill({
      name: 'layout-keypad',
      products: 500,
      seed: 13,
      store: { storeName: 'Harbour Grocer', terminalId: 'T1', currency: 'EUR' },
      manager: MANAGER,
      cashier: CASHIER,
      // keypads on a till with a mouse too (the touch screen's 'auto' is tests/e2e/touch.test.ts); the expected cash shown
      settings: { cashRoundingStep: 1, blindCashUp: false, touchKeypad: 'on' },
      prepare: (db) => {
        items = pickItems(db, 10);
      },
    });
    page = till.page;
  });

  afterAll(async () => {
    await till?.stop();
  });

  it('the float: typed beside its keypad, or counted note by note beside it; “Open shift” in view', async () => {
    if (!till) throw new Error('no till');
    await page.goto(till.web.url);
    await page.getByRole('button', { name: new RegExp(CASHIER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${CASHIER.name}` }).waitFor();
    await typeSlowly(page, CASHIER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    for (const mode of ['amount', 'count'] as const) {
      if (mode === 'count') await page.getByRole('button', { name: 'Count notes and coins' }).click();
      const pad = keypad(mode === 'amount' ? 'Cash float keypad' : 'Count keypad');
      for (const size of SIZES) {
        const at = `${mode} ${size.width}×${size.height}`;
        await page.setViewportSize(size);
        await shot(`open-shift-${mode}`, size);
        const button = await page.getByRole('button', { name: 'Open shift' }).boundingBox();
        expect(button ? button.y + button.height : Number.POSITIVE_INFINITY, at).toBeLessThanOrEqual(size.height);
        expect(await wholeInView(pad), at).toBe(true);
        expect(await overflows(page, '.open-shift-panel', { inWindow: size.width === 1024 || mode === 'amount' }), at).toEqual([]);
      }
    }
    await page.setViewportSize(SIZES[0]);
    await page.getByRole('button', { name: 'Type the amount' }).click();
    await tapKeys(keypad('Cash float keypad'), '150');
    await keypad('Cash float keypad').getByRole('button', { name: 'Enter', exact: true }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  it('the search box’s keypad: beside the results, nothing spills out', async () => {
    await page.getByRole('button', { name: 'Keypad', exact: true }).click();
    for (const size of SIZES) {
      const at = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await shot('search', size);
      expect(await wholeInView(keypad('Search keypad')), at).toBe(true);
      expect(await overflows(page, '.catalog-main'), at).toEqual([]);
      // some of the results stay in view under it
      const results = await page.locator('.results-scroll').boundingBox();
      expect(results?.height ?? 0, at).toBeGreaterThanOrEqual(70);
    }
    await page.setViewportSize(SIZES[0]);
    await page.getByRole('button', { name: 'Keypad', exact: true }).click();
    await expect.poll(() => keypad('Search keypad').count()).toBe(0);
  });

  it('a cart of ten lines with the selected line’s quantity keypad open: in view, nothing spilling out', async () => {
    for (const item of items) {
      await scan(page, item.barcode);
      await expect.poll(() => visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(item.name);
    }
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(items.length);
    const middle = items[4] as Item;
    await page.getByTestId('cart-line').nth(4).locator('.cart-line-name').click();
    await page.getByLabel(`Quantity of ${middle.name}`).click();
    const pad = keypad(`Quantity of ${middle.name} keypad`);
    await pad.waitFor();
    for (const size of SIZES) {
      const at = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await pad.scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('.toast-ok').count(), { timeout: 6_000 }).toBe(0);
      await shot('cart-quantity', size);
      expect(await wholeInView(pad), at).toBe(true);
      expect(await overflows(page, 'aside.cart'), at).toEqual([]);
    }
    await page.setViewportSize(SIZES[0]);
    await tapKeys(pad, '3');
    await pad.getByRole('button', { name: 'Enter', exact: true }).click();
    await expect.poll(() => page.getByLabel(`Quantity of ${middle.name}`).inputValue()).toBe('3');
    await expect.poll(() => pad.count()).toBe(0);
  });

  it('the pay dialog (cash, and card + cash), the price, the discount and a paid-in: keypad and fields in their boxes', async () => {
    for (const size of SIZES) {
      const at = `${size.width}×${size.height}`;
      await page.setViewportSize(size);
      await page.keyboard.press('F9');
      const pay = page.getByRole('dialog', { name: 'Pay' });
      await pay.waitFor();
      await tapKeys(keypad('Payment keypad'), '500');
      await shot('pay', size);
      expect(await overflows(page, '[role="dialog"]'), `pay ${at}`).toEqual([]);
      expect(await wholeInView(keypad('Payment keypad')), `pay ${at}`).toBe(true);
      // the change due, what the cashier reads out, is in view with the keypad
      expect(await wholeInView(pay.getByTestId('change-due')), `pay ${at}`).toBe(true);
      await pay.getByRole('button', { name: 'Card + cash', exact: true }).click();
      await shot('pay-split', size);
      expect(await overflows(page, '[role="dialog"]'), `pay split ${at}`).toEqual([]);
      expect(await wholeInView(pay.getByTestId('pay-total')), `pay split ${at}`).toBe(true);
      expect(await wholeInView(pay.getByTestId('change-due')), `pay split ${at}`).toBe(true);
      await page.keyboard.press('Escape');
      await pay.waitFor({ state: 'detached' });
    }
    await page.setViewportSize(SIZES[0]);

    await page.locator('.cart-line-selected').getByRole('button', { name: 'Price', exact: true }).click();
    await dialogFits('New price each keypad', 'price');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F4');
    await dialogFits('Discount keypad', 'discount');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await page
      .getByRole('dialog', { name: 'Shift' })
      .getByRole('button', { name: /Paid in/ })
      .click();
    await dialogFits('Amount keypad', 'paid-in');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F8');
    await dialogFits('Receipt number keypad', 'refund-find');
    await page.keyboard.press('Escape');

    // paid, so the shift can be closed
    await page.keyboard.press('F9');
    const pay = page.getByRole('dialog', { name: 'Pay' });
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: /Complete sale/ }).click();
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await done.getByRole('button', { name: /New sale/ }).click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
  });

  it('the close-shift dialog: the count, expected and over/short, and the keypad, stay in their boxes', async () => {
    await page.getByRole('button', { name: /Shift menu/ }).click();
    await page
      .getByRole('dialog', { name: 'Shift' })
      .getByRole('button', { name: /Close shift/ })
      .click();
    const close = page.getByRole('dialog', { name: 'Close the shift' });
    await close.waitFor();
    await close.getByLabel(/€500 notes, count/).click();
    await tapKeys(keypad('Count keypad'), '99');
    await close.getByLabel(/€0.05 coins, count/).click();
    await tapKeys(keypad('Count keypad'), '7');
    await expect.poll(() => visibleText(close.getByTestId('over-short'))).toMatch(/^Over €49,/);
    await dialogFits('Count keypad', 'close-shift');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
