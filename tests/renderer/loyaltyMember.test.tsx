// A loyalty member on the sale, against a real core: a scanned card attaches them (the notice says
// "Member: …", a refused card reads as the core's sentence with the error tone), F5 finds them by
// phone, email, card or name (arrows and Enter, or a tap), Detach takes them off; and the
// enrolment form — name, phone, Enter — with the core's refusals shown at the field they are about.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TONE_EVENT, type ToneDetail } from '../../src/renderer/sound';
import { withCheckDigit } from '../../src/shared/barcode';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

const TEA = catalogItem('p-tea', 'Green tea', 350, 2000, { barcodes: [withCheckDigit('400000000201')] });
const KETTLE = catalogItem('p-kettle', 'Kettle', 2999, 2000, { barcodes: [withCheckDigit('400000000202')] });

let opened: CoreApi[] = [];
let tones: ToneDetail[] = [];
const hear = (event: CustomEvent<ToneDetail>) => tones.push(event.detail);
beforeEach(() => {
  tones = [];
  window.addEventListener(TONE_EVENT, hear);
});
afterEach(() => {
  window.removeEventListener(TONE_EVENT, hear);
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function till(staff: 'cashier' | 'manager' = 'cashier') {
  const rendered = await renderCoreTill({ catalogue: [TEA, KETTLE], staff });
  opened.push(rendered.api);
  return rendered;
}

const enrol = (api: CoreApi, name: string, contact: { email?: string; phone?: string }) => api.call('loyalty.enroll', { name, ...contact });
const held = (api: CoreApi) => api.call('cart.current', {});
const strip = () => screen.getByRole('region', { name: 'Member on this sale' });
const notice = () => screen.getAllByRole('status').find((element) => element.classList.contains('toast'));

describe('a member card scanned into the sale', () => {
  it('attaches the member (no line added): the notice says “Member: Ana Lima”, the strip shows tier, card, balance and what the sale earns', async () => {
    const { api, services } = await till();
    const ana = enrol(api, 'Ana Lima', { phone: '+44 20 7946 0958' });
    await act(() => services.cart.getState().scan(TEA.barcodes[0] as string));
    await act(() => services.cart.getState().scan(ana.cardNumber as string));
    expect(notice()?.textContent).toBe('✓Member: Ana Lima');
    expect(notice()?.textContent).not.toContain('Scanned');
    expect(held(api)?.lines).toHaveLength(1);
    expect(held(api)?.member?.id).toBe(ana.id);
    const shown = strip();
    expect(within(shown).getByRole('button', { name: /Ana Lima/ }).textContent).toContain('Bronze');
    expect(shown.textContent).toContain(`Card ****${ana.cardNumber?.slice(-4)}`);
    expect(within(shown).getByTestId('member-balance').textContent).toBe('0 points');
    // 3.50: 3 points, as the core says; a kettle more and the core says 33
    expect(within(shown).getByTestId('member-earns').textContent).toBe('This sale earns 3 points');
    await act(() => services.cart.getState().scan(KETTLE.barcodes[0] as string));
    expect(within(strip()).getByTestId('member-earns').textContent).toBe('This sale earns 33 points');
    expect(tones.map((tone) => tone.kind)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a stopped card, an unknown card and a misread one: the core’s sentence, the error tone, no member', async () => {
    const { api, services } = await till();
    const ana = enrol(api, 'Ana Lima', { email: 'ana@example.com' });
    const bo = enrol(api, 'Bo Berg', { email: 'bo@example.com' });
    api.call('loyalty.deactivate', { id: ana.id, reason: 'Card reported lost' }, api.manager);
    api.call('loyalty.erase', { id: bo.id, reason: 'Asked to be forgotten' }, api.manager);
    const card = ana.cardNumber as string;
    const misread = `${card.slice(0, 12)}${(Number(card[12]) + 1) % 10}`;
    for (const [code, sentence] of [
      [card, /stopped/],
      [bo.cardNumber as string, /No member has the card/],
      [misread, /last digit should be/],
    ] as const) {
      tones = [];
      await act(() => services.cart.getState().scan(code));
      expect(screen.getByRole('alert').textContent).toMatch(sentence);
      expect(tones.map((tone) => tone.kind)).toEqual(['error']);
      expect(screen.queryByRole('region', { name: 'Member on this sale' })).toBeNull();
    }
  });

  it('Detach takes the member off the sale (the core holds none)', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    const ana = enrol(api, 'Ana Lima', { email: 'ana@example.com' });
    await act(() => services.cart.getState().scan(ana.cardNumber as string));
    await user.click(within(strip()).getByRole('button', { name: 'Detach' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Member on this sale' })).toBeNull());
    expect(held(api)?.member).toBeNull();
  });
});

describe('F5: find a member', () => {
  it('by the start of the name: ↓ and Enter attach the second of two', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    enrol(api, 'Ana Lima', { email: 'ana@example.com' });
    const anabel = enrol(api, 'Anabel Costa', { phone: '0612345678' });
    await user.keyboard('{F5}');
    const dialog = await screen.findByRole('dialog', { name: 'Find a member' });
    await user.keyboard('ana');
    const results = await within(dialog).findAllByRole('option');
    await waitFor(() => expect(within(dialog).getAllByRole('option')).toHaveLength(2));
    expect(results[0]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(held(api)?.member?.id).toBe(anabel.id);
    expect(within(strip()).getByRole('button', { name: /Anabel Costa/ })).toBeTruthy();
  });

  it('by phone as typed, by email, or by tapping a result; Enter on a phone no one has says so', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const ana = enrol(api, 'Ana Lima', { phone: '+44 20 7946 0958', email: 'ana@example.com' });
    await user.click(screen.getByRole('button', { name: /F5 Member/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Find a member' });
    const field = within(dialog).getByRole('combobox', { name: 'Phone, email, card or name' });
    await user.type(field, '0799 999 999{Enter}');
    await within(dialog).findByText('No member found by phone.');
    await user.clear(field);
    await user.type(field, '+44 20 7946 0958');
    await user.click(await within(dialog).findByRole('option', { name: /Ana Lima/ }));
    await waitFor(() => expect(held(api)?.member?.id).toBe(ana.id));

    // the member is on the sale: F5 opens their page, and from there another search
    await user.keyboard('{F5}');
    const page = await screen.findByRole('dialog', { name: 'Ana Lima' });
    await user.click(within(page).getByRole('button', { name: 'Find another member' }));
    const again = await screen.findByRole('dialog', { name: 'Find a member' });
    expect(again.textContent).toContain('On this sale: Ana Lima');
    await user.type(within(again).getByRole('combobox'), 'ANA@example.com{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(held(api)?.member?.id).toBe(ana.id);
  });
});

describe('enrolment at the till', () => {
  it('name, phone, Enter: the member is enrolled, attached to the sale, and the card number shown big', async () => {
    const user = userEvent.setup();
    const { api, services } = await till();
    await act(() => services.cart.getState().scan(KETTLE.barcodes[0] as string));
    await user.keyboard('{F5}');
    const find = await screen.findByRole('dialog', { name: 'Find a member' });
    await user.click(within(find).getByRole('button', { name: 'Enrol new member' }));
    const form = await screen.findByRole('dialog', { name: 'Enrol a new member' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'));
    await user.keyboard('Cleo Park{Tab}020 7946 0000{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Member enrolled' });
    const member = api.call('loyalty.find', { query: '02079460000' }).items[0];
    expect(member).toMatchObject({ name: 'Cleo Park', phone: '02079460000' });
    // the next card number of this terminal's block, grouped as on the card
    const card = member?.cardNumber as string;
    expect(card).toMatch(/^27000\d{8}$/);
    expect(within(done).getByTestId('enrolled-card').textContent).toBe(`${card.slice(0, 1)} ${card.slice(1, 7)} ${card.slice(7)}`);
    expect(done.textContent).toContain('On this sale: it earns Cleo Park 29 points.');
    expect(held(api)?.member?.id).toBe(member?.id);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(strip()).getByRole('button', { name: /Cleo Park/ })).toBeTruthy();
  });

  it('starts with what was typed into the find dialog; a pre-printed card scanned into the form is used', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    await user.keyboard('{F5}');
    const find = await screen.findByRole('dialog', { name: 'Find a member' });
    await user.type(within(find).getByRole('combobox'), 'dan@example.com');
    await user.click(within(find).getByRole('button', { name: 'Enrol new member' }));
    const form = await screen.findByRole('dialog', { name: 'Enrol a new member' });
    expect((within(form).getByLabelText('Email') as HTMLInputElement).value).toBe('dan@example.com');
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'));
    await user.keyboard('Dan Ito');
    // a person pauses; then a scanner: the card's digits in a burst, then Enter (taken by the form's scanner, not a submit)
    const preprinted = withCheckDigit('270990000001');
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const key of preprinted) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitFor(() => expect((within(form).getByLabelText(/Pre-printed card/) as HTMLInputElement).value).toBe(preprinted));
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('Dan Ito');
    await user.click(within(form).getByRole('button', { name: /Enrol/ }));
    await screen.findByRole('dialog', { name: 'Member enrolled' });
    expect(api.call('loyalty.find', { query: preprinted }).items[0]?.name).toBe('Dan Ito');
  });

  it('the core’s refusals at the field they are about: no name, a bad phone, a misread card, a phone and an email someone has', async () => {
    const user = userEvent.setup();
    const { api } = await till();
    const ana = enrol(api, 'Ana Lima', { phone: '+44 20 7946 0958', email: 'ana@example.com' });
    await user.keyboard('{F5}');
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Find a member' })).getByRole('button', { name: 'Enrol new member' }),
    );
    const form = await screen.findByRole('dialog', { name: 'Enrol a new member' });
    const field = (label: string | RegExp) => within(form).getByLabelText(label) as HTMLInputElement;
    const errorOf = (input: HTMLInputElement) => input.closest('.field')?.querySelector('.field-error')?.textContent ?? null;
    const submit = () => user.click(within(form).getByRole('button', { name: /Enrol/ }));
    const errorTones = () => tones.filter((tone) => tone.kind === 'error').length;

    await user.type(field('Phone'), '12{Enter}');
    await waitFor(() => expect(errorOf(field('Name'))).toBe('A name is needed'));
    await waitFor(() => expect(document.activeElement).toBe(field('Name')));
    expect(errorTones()).toBe(1);

    await user.type(field('Name'), 'Eva Ruiz');
    await submit();
    await waitFor(() => expect(errorOf(field('Phone'))).toMatch(/^“12” is not a phone number/));
    expect(field('Phone').getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(field('Name'))).toBeNull();

    await user.clear(field('Phone'));
    await user.type(field('Phone'), '020 7946 0958');
    const card = withCheckDigit('270990000002');
    await user.type(field(/Pre-printed card/), `${card.slice(0, 12)}${(Number(card[12]) + 1) % 10}`);
    await submit();
    await waitFor(() => expect(errorOf(field(/Pre-printed card/))).toMatch(/misread or mistyped/));

    // the phone as typed is Ana's once normalised: the core names her, the till puts it at the phone
    await user.clear(field(/Pre-printed card/));
    await user.clear(field('Phone'));
    await user.type(field('Phone'), '+44 (20) 7946-0958');
    await submit();
    await waitFor(() =>
      expect(errorOf(field('Phone'))).toBe(`The phone number +442079460958 belongs to Ana Lima (card ${ana.cardNumber}) already.`),
    );
    await waitFor(() => expect(document.activeElement).toBe(field('Phone')));

    await user.clear(field('Phone'));
    await user.type(field('Email'), 'Ana@Example.com');
    await submit();
    await waitFor(() => expect(errorOf(field('Email'))).toMatch(/^The email ana@example.com belongs to Ana Lima/));
    expect(errorOf(field('Phone'))).toBeNull();
    // nothing was written by any of it
    expect(api.call('loyalty.find', { query: 'Eva' }).items).toEqual([]);

    await user.clear(field('Email'));
    await user.type(field('Email'), 'eva@example.com{Enter}');
    await screen.findByRole('dialog', { name: 'Member enrolled' });
    expect(api.call('loyalty.find', { query: 'Eva' }).items.map((member) => member.email)).toEqual(['eva@example.com']);
  });
});
