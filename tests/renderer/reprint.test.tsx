import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from './fakeApi';
import { renderTill } from './till';

const SALE = {
  id: '0190a0b0-0000-7000-8000-000000000042',
  kind: 'sale' as const,
  receiptNo: 42,
  receiptCode: 'T1-000042',
  createdAt: 0,
  totalMinor: 1250,
};

describe('reprint a receipt (shift menu)', () => {
  afterEach(cleanup);

  it('finds the receipt, shows it, and prints a copy', async () => {
    const user = userEvent.setup();
    const { api } = await renderTill({
      'sale.find': (input) => ok(input.receipt === 'T1-000042' ? [SALE] : []),
      'receipt.print': () => ok({ target: 'escpos-tcp' as const, printed: true, html: null, copy: true }),
    });
    fireEvent.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Reprint a receipt/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Reprint a receipt' });
    // nothing found is a sentence
    await user.keyboard('T1-000099{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('No receipt T1-000099 on this till.');
    await user.clear(within(dialog).getByLabelText('Receipt'));
    await user.keyboard('T1-000042{Enter}');
    expect(await within(dialog).findByTitle('Receipt T1-000042')).toBeTruthy();
    expect(api.callsTo('receipt.render')).toEqual([{ saleId: SALE.id, format: 'html', copy: true }]);
    await user.click(within(dialog).getByRole('button', { name: 'Print a copy' }));
    expect(await within(dialog).findByText('A copy was printed.')).toBeTruthy();
    expect(api.callsTo('receipt.print')).toEqual([{ saleId: SALE.id, copy: true }]);
  });
});
