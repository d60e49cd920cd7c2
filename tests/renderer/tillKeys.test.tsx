// The till's keys at a busy store, against a real core: `3*` before a scan or a pick, F3 (and `*`
// on an empty search box) for the selected line's quantity, Enter in a quantity field back to the
// search box, Shift+Del asking first, fields typed over, the Resume dialog's focus, the search
// count, the PIN dots, and visible labels that are the accessible names.
import { act, cleanup, fireEvent, queryAllByRole, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseMultiplier } from '../../src/renderer/checkout/multiplier';
import { resultSummary } from '../../src/renderer/components/CatalogSearch';
import { withCheckDigit } from '../../src/shared/barcode';
import { CORE_MANAGER_PIN, type CoreApi, type CoreApiOptions } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p1', 'Tea', 250, 2000, { barcodes: ['4006381333931'] });
const HONEY = catalogItem('p2', 'Honey', 419, 2000, { barcodes: [withCheckDigit('500000000000')] });
const HAM = catalogItem('ham', 'Deli ham', 1990, 550, {
  soldByWeight: true,
  barcodes: [withCheckDigit('284021300000')],
  stockOnHand: 20_000,
});
const CATALOGUE = [TEA, HONEY, HAM];
/** a valid EAN-13 no product has */
const UNKNOWN = withCheckDigit('400000000009');

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  for (const api of opened) api.close();
  opened = [];
});

async function till(options: CoreApiOptions = {}) {
  const rendered = await renderCoreTill({ catalogue: CATALOGUE, ...options });
  opened.push(rendered.api);
  return rendered;
}

const search = () => screen.getByRole('combobox', { name: /Search products/ }) as HTMLInputElement;
/** The lines of the sale in progress as the core holds them. */
const held = (api: CoreApi) => api.call('cart.current', {})?.lines.map((line) => [line.name, line.quantity]) ?? [];

/** Keys with fake time between them: a scanner's burst is 5 ms a key, a person's far slower. */
function typeKeys(target: Element, keys: string[], gapMs: number) {
  for (const key of keys) {
    fireEvent.keyDown(target, { key });
    act(() => {
      vi.advanceTimersByTime(gapMs);
    });
  }
}

/** A scanner typing into the search box: each character lands in the box, then Enter. */
function scanInto(box: HTMLInputElement, code: string) {
  for (const char of code) {
    fireEvent.change(box, { target: { value: `${box.value}${char}` } });
    typeKeys(box, [char], 5);
  }
  typeKeys(box, ['Enter'], 5);
}

describe('the count keyed before a scan or a pick (3*)', () => {
  it('reads `3*` and `3×`, not `3x` (product names hold "6x330 ml") nor 0 or more than 9999', () => {
    expect(parseMultiplier('3*')).toBe(3);
    expect(parseMultiplier(' 12 × ')).toBeNull();
    expect(parseMultiplier('12 ×')).toBe(12);
    expect(parseMultiplier('9999*')).toBe(9999);
    expect(parseMultiplier('3x')).toBeNull();
    expect(parseMultiplier('0*')).toBeNull();
    expect(parseMultiplier('10000*')).toBeNull();
    expect(parseMultiplier('tea 3*')).toBeNull();
    expect(parseMultiplier('*')).toBeNull();
  });

  it('`3*` then a scan: the line comes in with 3, the chip shows until then, and the next scan is one again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = await till();
    fireEvent.change(search(), { target: { value: '3*' } });
    // the count waits beside the box, which is empty for the scan
    expect(screen.getByTestId('multiplier').textContent).toContain('3 ×');
    expect(search().value).toBe('');

    scanInto(search(), TEA.barcodes[0] ?? '');
    expect(await screen.findByText('Tea', { selector: '.cart-line-name' })).toBeTruthy();
    await waitFor(() => expect(held(api)).toEqual([['Tea', 3]]));
    expect(api.callsTo('cart.addLine')).toEqual([{ code: TEA.barcodes[0], quantity: 3 }]);
    expect(screen.getByText(/Scanned:/).textContent).toContain('3 × €2.50');
    expect(screen.queryByTestId('multiplier')).toBeNull();

    scanInto(search(), TEA.barcodes[0] ?? '');
    await waitFor(() => expect(held(api)).toEqual([['Tea', 4]]));
    expect(api.callsTo('cart.addLine').at(-1)).toEqual({ code: TEA.barcodes[0] });
  });

  it('`3×` then a pick from the list (Enter on the highlighted result) adds 3', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = await till();
    fireEvent.change(search(), { target: { value: '3×' } });
    expect(screen.getByTestId('multiplier').textContent).toContain('3 ×');
    fireEvent.change(search(), { target: { value: 'hon' } });
    typeKeys(search(), ['Enter'], 200);
    await waitFor(() => expect(held(api)).toEqual([['Honey', 3]]));
    expect(api.callsTo('cart.addLine')).toEqual([{ productId: HONEY.id, quantity: 3 }]);
    expect(screen.queryByTestId('multiplier')).toBeNull();
  });

  it('a scan that did not go on the sale keeps the count; Esc clears it; Backspace makes it text again; `3x` is a search', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = await till();
    fireEvent.change(search(), { target: { value: '2*' } });
    scanInto(search(), UNKNOWN);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(api.call('cart.current', {})).toBeNull();
    // the cashier scans again (or the right product) and still gets 2
    expect(screen.getByTestId('multiplier').textContent).toContain('2 ×');

    typeKeys(search(), ['Escape'], 200);
    expect(screen.queryByTestId('multiplier')).toBeNull();

    fireEvent.change(search(), { target: { value: '4*' } });
    expect(screen.getByTestId('multiplier').textContent).toContain('4 ×');
    typeKeys(search(), ['Backspace'], 200);
    expect(screen.queryByTestId('multiplier')).toBeNull();
    expect(search().value).toBe('4');

    fireEvent.change(search(), { target: { value: '3x' } });
    expect(screen.queryByTestId('multiplier')).toBeNull();
    expect(search().value).toBe('3x');
  });

  it('a tap on the chip clears it', async () => {
    const user = userEvent.setup();
    await till();
    await user.type(search(), '5*');
    const chip = screen.getByTestId('multiplier');
    // its name says what the visible "5 ×" is for
    expect(screen.getByRole('button', { name: /^5 × the next product/ })).toBe(chip);
    await user.click(chip);
    expect(screen.queryByTestId('multiplier')).toBeNull();
    expect(document.activeElement).toBe(search());
  });
});

describe('the selected line’s quantity from the keyboard', () => {
  it('F3 focuses the selected line’s quantity with its number selected; Enter applies it and the search box has the focus again', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
      await services.cart.getState().addProduct(HONEY, 'scan');
    });
    const f3 = screen.getByRole('button', { name: 'F3 Quantity' });
    expect(f3.getAttribute('aria-keyshortcuts')).toBe('F3');

    await user.keyboard('{F3}');
    const honey = screen.getByLabelText('Quantity of Honey') as HTMLInputElement;
    expect(document.activeElement).toBe(honey);
    expect([honey.selectionStart, honey.selectionEnd]).toEqual([0, honey.value.length]);

    await user.keyboard('5{Enter}');
    expect(document.activeElement).toBe(search());
    await waitFor(() =>
      expect(held(api)).toEqual([
        ['Tea', 1],
        ['Honey', 5],
      ]),
    );
    // the next typing is a search, not lost on the page
    await user.keyboard('te');
    expect(search().value).toBe('te');
  });

  it('`*` on an empty search box is F3 too; Esc in the field undoes the typing and goes back to the search box', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(HONEY, 'scan');
      await services.cart.getState().addProduct(TEA, 'scan');
    });
    await user.click(search());
    await user.keyboard('*');
    const tea = screen.getByLabelText('Quantity of Tea') as HTMLInputElement;
    expect(document.activeElement).toBe(tea);
    expect(search().value).toBe('');
    expect(screen.queryByTestId('multiplier')).toBeNull();

    await user.keyboard('9{Escape}');
    expect(document.activeElement).toBe(search());
    expect(tea.value).toBe('1');
    expect(api.callsTo('cart.setQuantity')).toEqual([]);
    expect(held(api)).toEqual([
      ['Honey', 1],
      ['Tea', 1],
    ]);
  });

  it('a tap into another line’s quantity selects that line (F3 and Del then act on it)', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
      await services.cart.getState().addProduct(HONEY, 'scan');
    });
    expect(services.cart.getState().selectedProductId).toBe(HONEY.id);
    await user.click(screen.getByLabelText('Quantity of Tea'));
    expect(services.cart.getState().selectedProductId).toBe(TEA.id);
  });

  it('F3 on an empty sale says to scan first; on a weighed line it weighs again', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await user.keyboard('{F3}');
    expect((await screen.findByRole('alert')).textContent).toContain('The cart is empty');
    await act(async () => {
      await services.cart.getState().addProduct({ ...HAM }, 'scan', 500);
    });
    await user.keyboard('{F3}');
    expect(await screen.findByRole('dialog', { name: /Deli ham/ })).toBeTruthy();
  });
});

describe('voiding the sale asks first and says what happened', () => {
  it('Shift+Del: Keep selling keeps the sale; Void sale voids it and the till says “Sale voided.”', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ staff: 'manager' });
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
      await services.cart.getState().addProduct(HONEY, 'scan');
    });
    await user.keyboard('{Shift>}{Delete}{/Shift}');
    const ask = await screen.findByRole('dialog', { name: 'Void the whole sale of €6.69?' });
    // the safe answer has the focus: an Enter out of habit keeps the sale
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep selling' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('cart.void')).toEqual([]);
    expect(screen.getAllByTestId('cart-line')).toHaveLength(2);

    // the action bar's button asks the same
    await user.click(screen.getByRole('button', { name: 'Shift+Del Void sale' }));
    const again = await screen.findByRole('dialog', { name: 'Void the whole sale of €6.69?' });
    await user.click(within(again).getByRole('button', { name: 'Void sale' }));
    await waitFor(() => expect(screen.queryAllByTestId('cart-line')).toHaveLength(0));
    expect(api.call('cart.current', {})).toBeNull();
    expect(screen.getByText('Sale voided.')).toBeTruthy();
    expect(document.activeElement).toBe(search());
  });

  it('Esc on the question keeps the sale too', async () => {
    const user = userEvent.setup();
    const { api, services } = await till({ staff: 'manager' });
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
    });
    fireEvent.keyDown(window, { key: 'Delete', shiftKey: true });
    await screen.findByRole('dialog', { name: 'Void the whole sale of €2.50?' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('cart.void')).toEqual([]);
    expect(screen.queryByText('Sale voided.')).toBeNull();
  });
});

describe('fields typed over, and focus where the work is', () => {
  it('the price field selects its content on focus: 3.50 typed into “4.19” is 3.50', async () => {
    const user = userEvent.setup();
    const { services } = await till({ staff: 'manager' });
    await act(async () => {
      await services.cart.getState().addProduct(HONEY, 'scan');
    });
    await user.click(screen.getByRole('button', { name: 'Price' }));
    const field = (await screen.findByLabelText('New price each')) as HTMLInputElement;
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe('4.19');
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 4]);
    await user.keyboard('3.50');
    expect(field.value).toBe('3.50');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(services.cart.getState().lines[0]?.priceOverrideMinor).toBe(350));

    // a click into the field (focus by the pointer) keeps the selection too
    await user.click(screen.getByRole('button', { name: 'Price' }));
    const again = (await screen.findByLabelText('New price each')) as HTMLInputElement;
    again.blur();
    await user.click(again);
    expect([again.selectionStart, again.selectionEnd]).toEqual([0, again.value.length]);
  });

  it('the Resume dialog puts the focus on the first (oldest) parked sale', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    for (const [label, product] of [
      ['Blue coat', TEA],
      ['Red hat', HONEY],
    ] as const) {
      api.call('cart.addLine', { productId: product.id });
      api.call('cart.park', { label });
    }
    await user.keyboard('{F7}');
    const dialog = await screen.findByRole('dialog', { name: 'Resume a parked sale' });
    const first = await within(dialog).findByRole('button', { name: /Blue coat/ });
    await waitFor(() => expect(document.activeElement).toBe(first));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Tea', { selector: '.cart-line-name' })).toBeTruthy();
  });
});

describe('the search count', () => {
  it('says what is known: the count of a whole list, “First 40 … scroll for more” until the total is counted, then “45 products” (never “40+”)', async () => {
    expect(resultSummary(1200, false, null)).toBe('1,200 products');
    expect(resultSummary(40, true, null, { count: 50_000, capped: false })).toBe('50,000 products');
    expect(resultSummary(40, true, 'a', { count: 100_000, capped: true })).toBe('100,000+ products for “a”');
    expect(resultSummary(1, false, null, { count: 1, capped: false })).toBe('1 product');
    expect(resultSummary(1, false, 'tea')).toBe('1 product for “tea”');
    expect(resultSummary(40, true, null)).toBe('First 40 products · scroll for more');
    expect(resultSummary(0, false, 'xyz')).toBe('0 products for “xyz”');

    const many = Array.from({ length: 45 }, (_, index) => catalogItem(`m${index}`, `Mint ${String(index).padStart(2, '0')}`, 100 + index));
    await till({ catalogue: many });
    const summary = () => document.querySelector('.results-summary')?.textContent;
    await waitFor(() => expect(summary()).toBe('First 40 products · scroll for more'));
    // once the list has stayed a moment, the core counts it all
    await waitFor(() => expect(summary()).toBe('45 products'));
    fireEvent.change(search(), { target: { value: 'Mint 07' } });
    await waitFor(() => expect(summary()).toBe('1 product for “Mint 07”'));
    expect(screen.queryByText(/40\+/)).toBeNull();
  });
});

describe('PIN dots and the keypad', () => {
  it('one dot per digit typed, no empty slots; an error takes the dots’ box (the keypad stays put); typing again clears it', async () => {
    const user = userEvent.setup();
    await till({ staff: 'nobody' });
    await user.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    const box = () => document.querySelector('.pin-feedback');
    expect(box()?.querySelectorAll('.pin-dot')).toHaveLength(0);
    await user.keyboard('12');
    expect(box()?.querySelectorAll('.pin-dot')).toHaveLength(2);
    expect(screen.getByText('2 digits entered')).toBeTruthy();

    await user.keyboard('{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A PIN has 4 to 8 digits.');
    expect(box()?.contains(alert)).toBe(true);
    expect(box()?.querySelectorAll('.pin-dot')).toHaveLength(0);

    await user.keyboard('3');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(box()?.querySelectorAll('.pin-dot')).toHaveLength(3);
    // the keypad's last key says what it does, and that is its name
    const keypad = screen.getByRole('group', { name: 'PIN keypad' });
    expect(within(keypad).getByRole('button', { name: 'Log in' }).textContent).toBe('Log in');
  });
});

/**
 * Every button and field in `root` whose accessible name does not contain the text a person sees
 * on it (WCAG 2.5.3 "label in name"; a symbol alone — ×, −, +, ⌫ — has no words to say).
 */
function labelMismatches(root: HTMLElement): string[] {
  const names = new Map<Element, string>();
  for (const role of ['button', 'textbox', 'combobox', 'checkbox', 'radio', 'spinbutton'] as const) {
    queryAllByRole(root, role, {
      name: (name, element) => {
        names.set(element, name);
        return true;
      },
    });
  }
  const hidden = (node: Node | null): boolean => {
    for (let at = node instanceof Element ? node : (node?.parentElement ?? null); at; at = at.parentElement) {
      if (at.getAttribute('aria-hidden') === 'true' || at.classList.contains('visually-hidden')) return true;
    }
    return false;
  };
  const seen = (element: Element): string => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!hidden(node)) text += ` ${node.textContent ?? ''}`;
    return text.replace(/\s+/g, ' ').trim();
  };
  const problems: string[] = [];
  for (const [element, name] of names) {
    let visible = seen(element);
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
      visible = Array.from(element.labels ?? [])
        .filter((label) => !hidden(label))
        .map(seen)
        .join(' ');
    }
    if (!/[\p{L}\p{N}]/u.test(visible)) continue;
    // without the spaces between words: jsdom has no CSS, so a block caption beside an amount ("Exact" over
    // "€6.69") reads as one word here, where Chromium's name keeps them apart
    const norm = (text: string) => text.replace(/\s+/g, '').toLowerCase();
    if (!norm(name).includes(norm(visible))) problems.push(`${element.tagName.toLowerCase()} shows “${visible}” but is named “${name}”`);
  }
  return problems;
}

describe('visible labels are the accessible names', () => {
  it('on the sale screen with a selected line and in every dialog of a sale', async () => {
    const user = userEvent.setup();
    const { services } = await till();
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'scan');
      await services.cart.getState().addProduct(HONEY, 'scan');
    });
    await user.type(search(), '2*');
    expect(labelMismatches(document.body)).toEqual([]);

    const audit = async (open: () => Promise<void>, dialogName: string | RegExp) => {
      await open();
      const dialog = await screen.findByRole('dialog', { name: dialogName });
      expect(labelMismatches(dialog), String(dialogName)).toEqual([]);
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('dialog', { name: dialogName })).toBeNull());
    };
    await audit(() => user.keyboard('{F9}'), 'Pay');
    await audit(() => user.keyboard('{Shift>}{Delete}{/Shift}'), /Void the whole sale/);
    await audit(() => user.keyboard('{F4}'), /Discount/);
    await audit(() => user.keyboard('{F7}'), 'Resume a parked sale');
    await audit(() => user.keyboard('{F8}'), /Refund/);
    await audit(() => user.keyboard('{F10}'), /No sale/);
    await audit(() => user.click(screen.getByRole('button', { name: /Shift menu/ })), 'Shift');

    // the manager's PIN prompt: a cashier's price change
    await user.click(screen.getByRole('button', { name: 'Price' }));
    const price = await screen.findByRole('dialog', { name: 'Change price' });
    expect(labelMismatches(price)).toEqual([]);
    await user.keyboard('3.00{Enter}');
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(labelMismatches(approval)).toEqual([]);
    expect(within(approval).getByRole('button', { name: 'Approve' })).toBeTruthy();
    await user.keyboard(`${CORE_MANAGER_PIN}{Enter}`);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(services.cart.getState().lines.find((line) => line.productId === HONEY.id)?.priceOverrideMinor).toBe(300);
  });

  it('in the close-shift dialog and on the login and open-shift screens', async () => {
    const user = userEvent.setup();
    await till();
    await user.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Close shift/ }));
    const close = await screen.findByRole('dialog', { name: 'Close the shift' });
    expect(labelMismatches(close)).toEqual([]);
    cleanup();

    await till({ openShift: false });
    await screen.findByRole('heading', { name: 'Open the shift' });
    expect(labelMismatches(document.body)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Count notes and coins' }));
    expect(labelMismatches(document.body)).toEqual([]);
    cleanup();

    await till({ staff: 'nobody' });
    await user.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    expect(labelMismatches(document.body)).toEqual([]);
  });
});
