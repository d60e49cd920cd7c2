import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../electron/core/features/sales/sale';
import { newSession } from '../../electron/core/session';
import { contract, receiptChannels } from '../../src/shared/contract';
import { errorOf, okData, openTill, type Till } from './fixture';

type ReceiptChannel = keyof typeof receiptChannels;

let till: Till;
let sale: Sale;

// a valid call and inputs its schema must refuse, for every channel of the feature
const CASES: Record<ReceiptChannel, { valid: () => unknown; invalid: unknown[] }> = {
  'receipt.render': {
    valid: () => ({ saleId: sale.id, format: 'html' }),
    invalid: [
      {},
      { saleId: '', format: 'html' },
      { saleId: 'x', format: 'pdf' },
      { saleId: 'x', format: 'html', copy: 'yes' },
      { saleId: 'x', format: 'html', extra: 1 },
    ],
  },
  'receipt.print': {
    valid: () => ({ saleId: sale.id }),
    invalid: [{}, { saleId: 42 }, { saleId: 'x', copy: 1 }, { saleId: 'x', printer: 'other' }],
  },
  'receipt.kickDrawer': {
    valid: () => ({ noSaleId: okData<{ id: string }>(till.router.invoke('shift.noSale', { reason: 'Change' }, till.manager)).id }),
    invalid: [{ open: true }, { pulseMs: 100 }, {}, { saleId: 'a', noSaleId: 'b' }],
  },
  'report.print': {
    valid: () => ({ current: true }),
    invalid: [{ zNumber: 0 }, { current: true, zNumber: 1 }, { format: 'html' }, { shiftId: '' }],
  },
  'report.render': {
    valid: () => ({ current: true, format: 'escpos' }),
    invalid: [
      {},
      { format: 'txt' },
      { zNumber: 0, format: 'html' },
      { zNumber: 1.5, format: 'html' },
      { shiftId: '', format: 'html' },
      { current: true, zNumber: 1, format: 'html' },
      { current: 'yes', format: 'html' },
    ],
  },
};

const channels = Object.keys(receiptChannels) as ReceiptChannel[];

beforeAll(async () => {
  till = await openTill();
  sale = till.sell({
    lines: [{ productId: till.products.milk, quantity: 1 }],
    payments: [{ method: 'cash', amountMinor: 119, tenderedMinor: 200 }],
  });
});

afterAll(() => till?.close());

describe('receipt channels through the router', () => {
  it('are all in the contract, with a summary, needing a cashier; I/O ones are async', () => {
    for (const channel of channels) {
      const def = contract[channel];
      expect(def.summary.length, channel).toBeGreaterThan(20);
      expect(def.access, channel).toBe('cashier');
    }
    expect(contract['receipt.print'].async).toBe(true);
    expect(contract['receipt.kickDrawer'].async).toBe(true);
    expect(contract['receipt.render'].async).toBeUndefined();
    expect(contract['report.render'].async).toBeUndefined();
  });

  describe.each(channels)('%s', (channel) => {
    it('answers a valid call with an ok envelope', async () => {
      okData(await till.router.invokeAsync(channel, CASES[channel].valid(), till.manager));
    });

    it('refuses invalid input with VALIDATION', async () => {
      for (const input of CASES[channel].invalid) {
        const error = errorOf(await till.router.invokeAsync(channel, input, till.manager), 'VALIDATION');
        expect(error.message.length).toBeGreaterThan(0);
      }
    });

    it('refuses a session nobody is logged in on with UNAUTHENTICATED', async () => {
      errorOf(await till.router.invokeAsync(channel, CASES[channel].valid(), newSession()), 'UNAUTHENTICATED');
      const loggedOut = structuredClone(till.manager);
      okData(till.router.invoke('auth.logout', {}, loggedOut));
      errorOf(await till.router.invokeAsync(channel, CASES[channel].valid(), loggedOut), 'UNAUTHENTICATED');
    });
  });
});
