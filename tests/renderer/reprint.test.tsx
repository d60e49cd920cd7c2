import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/barcode';
import { uuidv7 } from '../../src/shared/uuid';
import type { CoreApi } from './coreApi';
import { ok } from './fakeApi';
import { catalogItem, renderCoreTill } from './till';

const SOAP = catalogItem('p-soap', 'Dish soap', 1250, 2000, { barcodes: [withCheckDigit('400000000201')] });

let opened: CoreApi | null = null;
afterEach(() => {
  cleanup();
  opened?.close();
  opened = null;
});

describe('reprint a receipt (shift menu)', () => {
  it('finds the receipt the core stored, shows it marked COPY, and prints a copy', async () => {
    const user = userEvent.setup();
    const { api } = await renderCoreTill({
      catalogue: [SOAP],
      // the receipt printer
      handlers: { 'receipt.print': () => ok({ target: 'escpos-tcp' as const, printed: true, html: null, copy: true }) },
    });
    opened = api;
    const sale = api.call('sale.complete', {
      id: uuidv7(Date.now()),
      lines: [{ productId: SOAP.id, quantity: 1 }],
      payments: [{ method: 'cash', amountMinor: 1250, tenderedMinor: 1250 }],
    });

    fireEvent.click(screen.getByRole('button', { name: /Shift menu/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Shift' })).getByRole('button', { name: /Reprint a receipt/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Reprint a receipt' });
    // nothing found is a sentence
    await user.keyboard('T1-000099{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('No receipt T1-000099 on this till.');
    await user.clear(within(dialog).getByLabelText('Receipt'));
    await user.keyboard(`${sale.receiptCode}{Enter}`);
    const receipt = await within(dialog).findByTitle(`Receipt ${sale.receiptCode}`);
    // the core rendered the sale it stored, as a copy
    expect(api.callsTo('receipt.render')).toEqual([{ saleId: sale.id, format: 'html', copy: true }]);
    expect(receipt.getAttribute('srcdoc')).toContain('COPY');
    expect(receipt.getAttribute('srcdoc')).toContain('Dish soap');
    await user.click(within(dialog).getByRole('button', { name: 'Print a copy' }));
    expect(await within(dialog).findByText('A copy was printed.')).toBeTruthy();
    expect(api.callsTo('receipt.print')).toEqual([{ saleId: sale.id, copy: true }]);
  });
});
