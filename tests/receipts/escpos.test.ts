import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoderColumns, renderReceiptEscpos, renderZReportEscpos } from '../../electron/core/features/receipts/escpos';
import type { Sale } from '../../electron/core/features/sales/sale';
import type { ShiftReport } from '../../electron/core/features/sales/shiftReport';
import type { Settings } from '../../electron/core/features/setup/settings';
import type { ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { containsBytes, countBytes, fromBase64, okData, openTill, type Till } from './fixture';

const ESC_INIT = [0x1b, 0x40];
const PULSE = [0x1b, 0x70];
const CUT = [0x1d, 0x56];
const ascii = (text: string) => Array.from(Buffer.from(text, 'ascii'));

/** The bytes end with a cut: nothing but line feeds after the last GS V. */
function endsWithCut(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return bytes[end - 3] === CUT[0] && bytes[end - 2] === CUT[1];
}

let till: Till;
let cashSale: Sale;
let cardSale: Sale;
let settings: Settings;

function escpos(saleId: string, copy = false): Uint8Array {
  const rendered = okData<ChannelOutput<'receipt.render'>>(
    till.router.invoke('receipt.render', { saleId, format: 'escpos', copy }, till.manager),
  );
  expect(rendered.html).toBeNull();
  if (rendered.escposBase64 === null) expect.fail('no bytes');
  return fromBase64(rendered.escposBase64);
}

beforeAll(async () => {
  till = await openTill();
  // an ESC/POS printer on 58 mm paper with a drawer (nothing listens: rendering sends nothing)
  settings = okData<Settings>(
    till.router.invoke(
      'settings.update',
      { printer: { kind: 'escpos-tcp', host: '127.0.0.1', port: 9100, columns: 32, kickDrawer: true } },
      till.manager,
    ),
  );
  cashSale = till.sell({
    lines: [{ productId: till.products.milk, quantity: 2 }],
    payments: [{ method: 'cash', amountMinor: 238, tenderedMinor: 500 }],
  });
  cardSale = till.sell({
    lines: [{ productId: till.products.soap, quantity: 1 }],
    payments: [{ method: 'card', amountMinor: 189, last4: '1234' }],
  });
});

afterAll(() => till?.close());

describe('ESC/POS receipt', () => {
  it('starts with ESC @, carries the receipt code (barcode and text) and ends with a cut', () => {
    const bytes = escpos(cashSale.id);
    expect(Array.from(bytes.slice(0, 2))).toEqual(ESC_INIT);
    expect(countBytes(bytes, ascii(cashSale.receiptCode))).toBe(2);
    // GS k 73 (Code 128), length, then the data in code set B
    expect(containsBytes(bytes, [0x1d, 0x6b, 0x49, cashSale.receiptCode.length + 2, ...ascii(`{B${cashSale.receiptCode}`)])).toBe(true);
    expect(endsWithCut(bytes)).toBe(true);
    expect(containsBytes(bytes, ascii('Whole Milk 1L'))).toBe(true);
    expect(containsBytes(bytes, ascii('Change'))).toBe(true);
  });

  it('is exactly what renderReceiptEscpos makes from the sale and settings', () => {
    const direct = renderReceiptEscpos(cashSale, settings, { copy: false, columns: 32, kickDrawer: true });
    expect(escpos(cashSale.id)).toEqual(direct);
  });

  it('pulses the drawer for a cash sale, never for a card sale or a copy', () => {
    expect(countBytes(escpos(cashSale.id), PULSE)).toBe(1);
    expect(countBytes(escpos(cardSale.id), PULSE)).toBe(0);
    expect(countBytes(escpos(cashSale.id, true), PULSE)).toBe(0);
    // and not when no drawer is wired to the printer
    expect(countBytes(renderReceiptEscpos(cashSale, settings, { copy: false, columns: 32, kickDrawer: false }), PULSE)).toBe(0);
  });

  it('puts the pulse before the cut, so every receipt still ends with the cut', () => {
    const bytes = escpos(cashSale.id);
    expect(Buffer.from(bytes).indexOf(Buffer.from(PULSE))).toBeLessThan(Buffer.from(bytes).lastIndexOf(Buffer.from(CUT)));
    expect(endsWithCut(bytes)).toBe(true);
  });

  it('marks a copy COPY (top and bottom), and only a copy', () => {
    expect(countBytes(escpos(cashSale.id, true), ascii('COPY'))).toBe(2);
    expect(countBytes(escpos(cashSale.id), ascii('COPY'))).toBe(0);
  });

  it('cannot be made to run printer commands by a product name', () => {
    // the fixture's product name holds ESC p 0 25 250 (a drawer kick) and other control characters
    const sale = till.sell({
      lines: [{ productId: till.products.evil, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 250 }],
    });
    const bytes = escpos(sale.id);
    expect(countBytes(bytes, PULSE)).toBe(0);
    expect(containsBytes(bytes, ascii('<script>alert(1)</script>'))).toBe(true);
  });

  it('says REFUND on a refund and names the original receipt', () => {
    const line = cashSale.lines[0];
    const refund = okData<Sale>(
      till.router.invoke(
        'sale.refund',
        {
          id: crypto.randomUUID(),
          originalSaleId: cashSale.id,
          lines: [{ originalLineId: line?.id, quantity: 1, restock: true }],
          payBack: 'cash',
        },
        till.manager,
      ),
    );
    const bytes = escpos(refund.id);
    expect(containsBytes(bytes, ascii('REFUND'))).toBe(true);
    expect(containsBytes(bytes, ascii(`Refund of receipt ${cashSale.receiptCode}`))).toBe(true);
    // cash goes back out of the drawer
    expect(countBytes(bytes, PULSE)).toBe(1);
  });

  it('lays out on every configured paper width (the encoder knows 32, 35, 42, 44, 48 columns)', () => {
    expect([24, 32, 34, 35, 40, 42, 44, 47, 48, 64].map(encoderColumns)).toEqual([32, 32, 32, 35, 35, 42, 44, 44, 48, 48]);
    for (const columns of [24, 40, 48, 64]) {
      const bytes = renderReceiptEscpos(cashSale, settings, { copy: false, columns, kickDrawer: false });
      expect(Array.from(bytes.slice(0, 2))).toEqual(ESC_INIT);
      expect(endsWithCut(bytes)).toBe(true);
    }
  });
});

describe('Z and X reports', () => {
  it('render the X report of the open shift and, after close, the stored Z report', () => {
    okData(till.router.invoke('shift.cashMovement', { kind: 'paid_in', amountMinor: 1500, reason: 'Change from bank' }, till.manager));
    okData(till.router.invoke('shift.cashMovement', { kind: 'paid_out', amountMinor: 700, reason: 'Window cleaner' }, till.manager));

    const x = okData<ChannelOutput<'report.render'>>(
      till.router.invoke('report.render', { current: true, format: 'html' }, till.manager),
    ).html;
    expect(x).toContain('X REPORT');
    expect(x).toContain('Shift still open');

    const report = okData<ShiftReport>(
      till.router.invoke(
        'shift.close',
        {
          counted: [
            { denominationMinor: 5000, count: 2 },
            { denominationMinor: 200, count: 3 },
          ],
        },
        till.manager,
      ),
    );
    const html = okData<ChannelOutput<'report.render'>>(
      till.router.invoke('report.render', { zNumber: 1, format: 'html' }, till.manager),
    ).html;
    if (html === null) expect.fail('no html');
    expect(html).toContain('Z REPORT #1');
    expect(html).toContain(`Sales (${report.salesCount})`);
    expect(html).toContain(`Refunds (${report.refundsCount})`);
    expect(html).toContain('<td>Cash</td>');
    expect(html).toContain('<td>Card</td>');
    expect(html).toContain('<td>20%</td>');
    expect(html).toContain('<td>5.5%</td>');
    expect(html).toContain('<td>Paid in</td><td class="num">€15.00</td>');
    expect(html).toContain('<td>Paid out</td><td class="num">-€7.00</td>');
    expect(html).toContain(`<td>Expected in drawer</td><td class="num">${formatEur(report.expectedCashMinor)}</td>`);
    expect(html).toContain('<td>€50.00 × 2</td><td class="num">€100.00</td>');
    expect(html).toContain('<td>€2.00 × 3</td><td class="num">€6.00</td>');
    expect(html).toContain(`<td>Counted</td><td class="num">€106.00</td>`);
    const overShort = report.overShortMinor ?? 0;
    expect(html).toContain(overShort < 0 ? '<td>Short</td>' : overShort > 0 ? '<td>Over</td>' : '<td>Balanced</td>');

    const bytes = fromBase64(
      okData<ChannelOutput<'report.render'>>(
        till.router.invoke('report.render', { shiftId: report.shiftId, format: 'escpos' }, till.manager),
      ).escposBase64 ?? '',
    );
    expect(Array.from(bytes.slice(0, 2))).toEqual(ESC_INIT);
    expect(containsBytes(bytes, ascii('Z REPORT #1'))).toBe(true);
    expect(endsWithCut(bytes)).toBe(true);
    expect(countBytes(bytes, PULSE)).toBe(0);
    // the same bytes as the renderer makes from the stored report (up to the "Printed" time)
    const direct = renderZReportEscpos(report, settings, { columns: 32, printedAt: 0 });
    expect(bytes.length).toBe(direct.length);

    // the latest Z report without a number; no X report without an open shift
    expect(okData<ChannelOutput<'report.render'>>(till.router.invoke('report.render', { format: 'html' }, till.manager)).html).toContain(
      'Z REPORT #1',
    );
    const closed = till.router.invoke('report.render', { current: true, format: 'html' }, till.manager);
    expect(closed.ok ? null : closed.error.code).toBe('SHIFT_CLOSED');
    const missing = till.router.invoke('report.render', { zNumber: 99, format: 'escpos' }, till.manager);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});

function formatEur(minor: number): string {
  return formatMoney(minor, 'EUR', 'en');
}
