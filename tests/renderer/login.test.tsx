import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/App';
import { createServices } from '../../src/renderer/services';
import type { ChannelOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { createFakeApi, ok, openShift } from './fakeApi';

type LoginResult = Result<ChannelOutput<'auth.login'>>;

const settings = { storeName: 'Corner Shop', terminalId: 'T1', currency: 'EUR', pricesIncludeTax: true } as ChannelOutput<'settings.get'>;

function renderLogin(login: (pin: string) => LoginResult) {
  const api = createFakeApi({
    'setup.status': () => ok({ needsSetup: false, storeName: 'Corner Shop', currency: 'EUR' }),
    'auth.whoami': () => ok({ staff: null, operator: false }),
    'auth.directory': () =>
      ok([
        { id: 's1', name: 'Ada Lovelace' },
        { id: 's2', name: 'Grace Hopper' },
      ]),
    'auth.login': (input) => login(input.pin),
    'settings.get': () => ok(settings),
    'shift.current': () => ok(openShift),
    'catalog.categories': () => ok([]),
    'catalog.search': () => ok({ items: [], nextCursor: null }),
  });
  const services = createServices(api);
  void services.session.getState().start();
  render(<App services={services} />);
  return api;
}

const wrongPin = (left: number): LoginResult => ({
  ok: false,
  error: { code: 'UNAUTHENTICATED', message: `Wrong PIN. ${left} tries left before the account waits.`, details: { triesLeft: left } },
});

describe('login', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('pick a name, enter the PIN on the keypad, see the server’s message for a wrong PIN', async () => {
    const user = userEvent.setup();
    const api = renderLogin(() => wrongPin(3));
    await user.click(await screen.findByRole('button', { name: /Grace Hopper/ }));
    expect(screen.getByRole('heading', { name: 'Hello, Grace Hopper' })).toBeTruthy();

    const keypad = screen.getByRole('group', { name: 'PIN keypad' });
    for (const digit of ['1', '2', '3', '4']) await user.click(within(keypad).getByRole('button', { name: digit }));
    expect(document.querySelectorAll('.pin-dot-filled')).toHaveLength(4);
    // the PIN is never shown as text: only dots, and "4 digits entered" for screen readers
    expect(document.querySelector('.pin-display')?.textContent).toBe('');
    expect(screen.getByText('4 digits entered')).toBeTruthy();

    await user.click(within(keypad).getByRole('button', { name: 'Log in' }));
    expect(api.callsTo('auth.login')).toEqual([{ staffId: 's2', pin: '1234' }]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong PIN. 3 tries left before the account waits.');
    expect(document.querySelectorAll('.pin-dot-filled')).toHaveLength(0);
  });

  it('the keyboard works too: digits, Backspace, Enter — and a right PIN opens the catalogue', async () => {
    const user = userEvent.setup();
    const api = renderLogin((pin) => (pin === '2468' ? ok({ id: 's1', name: 'Ada Lovelace', roles: ['cashier'] }) : wrongPin(4)));
    await user.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    await user.keyboard('24699{Backspace}{Backspace}8{Enter}');
    expect(api.callsTo('auth.login')).toEqual([{ staffId: 's1', pin: '2468' }]);
    expect(await screen.findByRole('combobox', { name: /Search products/ })).toBeTruthy();
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
  });

  it('Escape goes back to the names', async () => {
    const user = userEvent.setup();
    renderLogin(() => wrongPin(4));
    await user.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    await user.keyboard('{Escape}');
    expect(screen.getByRole('heading', { name: 'Who is working?' })).toBeTruthy();
  });

  it('a locked account shows the message and a countdown, and the keypad waits', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderLogin(() => ({
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many wrong PINs. Try again in 30 seconds or ask a manager.',
        details: { retryAfterMs: 30_000 },
      },
    }));
    fireEvent.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    for (const key of ['9', '9', '9', '9', 'Enter']) fireEvent.keyDown(window, { key });

    expect((await screen.findByRole('alert')).textContent).toContain('Too many wrong PINs. Try again in 30 seconds or ask a manager.');
    expect(screen.getByText(/You can try again in/).textContent).toContain('30 s');
    const keypad = screen.getByRole('group', { name: 'PIN keypad' });
    expect((within(keypad).getByRole('button', { name: '5' }) as HTMLButtonElement).disabled).toBe(true);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
    });
    expect(screen.getByText(/You can try again in/).textContent).toContain('20 s');

    await act(async () => {
      await vi.advanceTimersByTimeAsync(21_000);
    });
    expect(screen.queryByText(/You can try again in/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((within(keypad).getByRole('button', { name: '5' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('first run', () => {
  afterEach(cleanup);

  it('shows setup when the terminal needs it, checks the PINs match, then logs the manager in to the shift gate', async () => {
    const user = userEvent.setup();
    const api = createFakeApi({
      'setup.status': () => ok({ needsSetup: true, storeName: null, currency: null }),
      'setup.createFirstManager': (input) => ok({ id: 'm1', name: input.name, roles: ['manager'] }),
      'settings.get': () => ok({ ...settings, storeName: 'Harbour Deli', currency: 'GBP' }),
      'shift.current': () => ok(null),
      'catalog.categories': () => ok([]),
      'catalog.search': () => ok({ items: [], nextCursor: null }),
    });
    const services = createServices(api);
    void services.session.getState().start();
    render(<App services={services} />);

    await user.type(await screen.findByLabelText('Store name'), 'Harbour Deli');
    const currency = screen.getByLabelText('Currency');
    await user.clear(currency);
    await user.type(currency, 'gbp');
    await user.type(screen.getByLabelText('Your name'), 'Mona Manager');
    await user.type(screen.getByLabelText(/^PIN/, { selector: 'input[id$="-pin"]' }), '4321');
    await user.type(screen.getByLabelText(/PIN again/), '4322');
    await user.click(screen.getByRole('button', { name: 'Create store and log in' }));
    expect(screen.getByText('The two PINs are not the same.')).toBeTruthy();
    expect(api.callsTo('setup.createFirstManager')).toEqual([]);

    await user.clear(screen.getByLabelText(/PIN again/));
    await user.type(screen.getByLabelText(/PIN again/), '4321');
    await user.click(screen.getByRole('button', { name: 'Create store and log in' }));
    expect(api.callsTo('setup.createFirstManager')).toEqual([
      { storeName: 'Harbour Deli', currency: 'GBP', name: 'Mona Manager', pin: '4321' },
    ]);
    // a new till has no open shift: the float is counted before anything is sold
    expect(await screen.findByRole('heading', { name: 'Open the shift' })).toBeTruthy();
    expect(screen.getByText('Harbour Deli')).toBeTruthy();
  });
});

describe('a scanner on the PIN screen', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('does not send the barcode as a PIN', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = renderLogin(() => wrongPin(3));
    fireEvent.click(await screen.findByRole('button', { name: /Ada Lovelace/ }));
    for (const key of [...'4006381333931', 'Enter']) {
      fireEvent.keyDown(window, { key });
      act(() => {
        vi.advanceTimersByTime(4);
      });
    }
    expect(api.callsTo('auth.login')).toEqual([]);
    expect((await screen.findByRole('alert')).textContent).toContain('That was a barcode scan');
    expect(document.querySelectorAll('.pin-dot-filled')).toHaveLength(0);
  });
});
