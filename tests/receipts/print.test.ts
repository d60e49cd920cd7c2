import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { drawerPulseEscpos, renderReceiptEscpos } from '../../electron/core/features/receipts/escpos';
import { PrinterUnavailableError, sendToTcpPrinter } from '../../electron/core/features/receipts/printer';
import type { Sale } from '../../electron/core/features/sales/sale';
import type { Settings } from '../../electron/core/features/setup/settings';
import type { ChannelOutput } from '../../src/shared/contract';
import { closedPort, type FakePrinter, startFakePrinter } from '../helpers/fakePrinter';
import { containsBytes, errorOf, okData, openTill, type Till } from './fixture';

let till: Till;
let printer: FakePrinter;
let cashSale: Sale;
let cardSale: Sale;

function usePrinter(value: Settings['printer']): Settings {
  return okData<Settings>(till.router.invoke('settings.update', { printer: value }, till.manager));
}

beforeAll(async () => {
  till = await openTill();
  printer = await startFakePrinter();
  cashSale = till.sell({
    lines: [
      { productId: till.products.milk, quantity: 3 },
      { productId: till.products.soap, quantity: 1 },
    ],
    payments: [{ method: 'cash', amountMinor: 546, tenderedMinor: 2000 }],
  });
  cardSale = till.sell({
    lines: [{ productId: till.products.soap, quantity: 1 }],
    payments: [{ method: 'card', amountMinor: 189, last4: '9876', approvalCode: 'OK42' }],
  });
});

afterEach(() => {
  usePrinter({ kind: 'none' });
});

afterAll(async () => {
  await printer?.close();
  till?.close();
});

describe('receipt.print', () => {
  it('sends the receipt to an ESC/POS network printer: the printer gets exactly the rendered bytes', async () => {
    const settings = usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const job = printer.nextJob();
    const result = await till.router.invokeAsync('receipt.print', { saleId: cashSale.id }, till.manager);
    expect(okData<ChannelOutput<'receipt.print'>>(result)).toEqual({ target: 'escpos-tcp', printed: true, html: null, copy: false });
    const expected = renderReceiptEscpos(cashSale, settings, { copy: false, columns: 48, kickDrawer: true });
    const received = await job;
    expect(new Uint8Array(received)).toEqual(expected);
    expect(containsBytes(received, [0x1b, 0x70])).toBe(true);
  });

  it('prints a copy marked COPY, without opening the drawer', async () => {
    const settings = usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 32, kickDrawer: true });
    const job = printer.nextJob();
    okData(await till.router.invokeAsync('receipt.print', { saleId: cashSale.id, copy: true }, till.manager));
    const received = await job;
    expect(new Uint8Array(received)).toEqual(renderReceiptEscpos(cashSale, settings, { copy: true, columns: 32, kickDrawer: true }));
    expect(received.includes('COPY')).toBe(true);
    expect(containsBytes(received, [0x1b, 0x70])).toBe(false);
  });

  it('answers PRINTER_UNAVAILABLE quickly, with a message for the cashier, when the printer is off', async () => {
    const port = await closedPort();
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port, columns: 48, kickDrawer: true });
    const started = Date.now();
    const error = errorOf(await till.router.invokeAsync('receipt.print', { saleId: cardSale.id }, till.manager), 'PRINTER_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(4_500); // refused at once, well before the 5 s timeout
    expect(error.message).toContain(`The receipt printer at 127.0.0.1:${port}`);
    expect(error.message).not.toMatch(/ECONNREFUSED|Error:|at .*\.ts/);
    expect(error.details).toMatchObject({ host: '127.0.0.1', port });
  });

  it('prints nothing when no printer is configured', async () => {
    usePrinter({ kind: 'none' });
    expect(okData(await till.router.invokeAsync('receipt.print', { saleId: cashSale.id }, till.manager))).toMatchObject({
      target: 'none',
      printed: false,
      html: null,
    });
  });

  it('hands the HTML to the window for a system printer', async () => {
    usePrinter({ kind: 'system' });
    const result = okData<ChannelOutput<'receipt.print'>>(
      await till.router.invokeAsync('receipt.print', { saleId: cardSale.id, copy: true }, till.manager),
    );
    expect(result.target).toBe('system');
    expect(result.printed).toBe(false);
    expect(result.html).toContain(cardSale.receiptCode);
    expect(result.html).toContain('COPY');
  });

  describe('in the desktop app, with the OS printer (webContents.print in main)', () => {
    const jobs: { html: string; options: { deviceName?: string } }[] = [];
    let answer: () => Promise<'printed' | 'cancelled'> = async () => 'printed';
    beforeAll(() => {
      till.terminal.ctx.systemPrinter = {
        print: (html, options) => {
          jobs.push({ html, options });
          return answer();
        },
      };
    });
    afterEach(() => {
      jobs.length = 0;
      answer = async () => 'printed';
    });
    afterAll(() => {
      delete till.terminal.ctx.systemPrinter;
    });

    it('prints the receipt HTML silently on the named printer', async () => {
      usePrinter({ kind: 'system', deviceName: 'EPSON_TM_T20III' });
      const result = okData<ChannelOutput<'receipt.print'>>(
        await till.router.invokeAsync('receipt.print', { saleId: cashSale.id }, till.manager),
      );
      expect(result).toMatchObject({ target: 'system', printed: true, html: null });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.options).toEqual({ deviceName: 'EPSON_TM_T20III' });
      expect(jobs[0]?.html).toContain(cashSale.receiptCode);
    });

    it('asks with the print dialog when no printer is named; a cancelled dialog is not an error', async () => {
      usePrinter({ kind: 'system' });
      answer = async () => 'cancelled';
      const result = okData<ChannelOutput<'receipt.print'>>(
        await till.router.invokeAsync('receipt.print', { saleId: cashSale.id }, till.manager),
      );
      expect(result).toMatchObject({ target: 'system', printed: false, html: null });
      expect(jobs[0]?.options).toEqual({});
    });

    it('a failing OS printer answers PRINTER_UNAVAILABLE in words a cashier can act on', async () => {
      usePrinter({ kind: 'system', deviceName: 'Back office laser' });
      answer = async () => {
        throw new Error('Invalid printer settings');
      };
      const error = errorOf(await till.router.invokeAsync('receipt.print', { saleId: cashSale.id }, till.manager), 'PRINTER_UNAVAILABLE');
      expect(error.message).toContain('The printer “Back office laser” could not print the receipt (Invalid printer settings)');
      expect(error.details).toMatchObject({ deviceName: 'Back office laser', reason: 'Invalid printer settings' });
    });

    it('prints the X report there too', async () => {
      usePrinter({ kind: 'system' });
      const result = okData<ChannelOutput<'report.print'>>(await till.router.invokeAsync('report.print', { current: true }, till.manager));
      expect(result).toEqual({ target: 'system', printed: true, html: null });
      expect(jobs[0]?.html).toContain('<html');
    });
  });

  it('refuses an empty printer name in the settings', () => {
    const result = till.router.invoke('settings.update', { printer: { kind: 'system', deviceName: '  ' } }, till.manager);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION');
  });

  it('is an I/O channel: the synchronous invoke refuses it', () => {
    const result = till.router.invoke('receipt.print', { saleId: cashSale.id }, till.manager);
    expect(result.ok).toBe(false);
  });
});

describe('originals and copies', () => {
  const printsOf = (saleId: string) =>
    till.terminal.sqlite.prepare('SELECT copy, target FROM receipt_prints WHERE sale_id = ? ORDER BY printed_at, id').all(saleId);
  const auditOf = (saleId: string, action: string) =>
    (
      till.terminal.sqlite.prepare('SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = ?').get(saleId, action) as {
        n: number;
      }
    ).n;

  it('the first print is the original, every later one a COPY whatever is asked; reprints are audited and the record is inalterable', async () => {
    const sale = till.sell({
      lines: [{ productId: till.products.soap, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 189, last4: '1111' }],
    });
    const settings = usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const first = printer.nextJob();
    expect(okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager))).toMatchObject({ copy: false });
    expect(new Uint8Array(await first)).toEqual(renderReceiptEscpos(sale, settings, { copy: false, columns: 48, kickDrawer: false }));
    const second = printer.nextJob();
    expect(okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id, copy: false }, till.manager))).toMatchObject({
      copy: true,
    });
    expect((await second).includes('COPY')).toBe(true);
    expect(printsOf(sale.id)).toEqual([
      { copy: 0, target: 'escpos-tcp' },
      { copy: 1, target: 'escpos-tcp' },
    ]);
    expect(auditOf(sale.id, 'receipt.reprint')).toBe(1);
    expect(() => till.terminal.sqlite.prepare('DELETE FROM receipt_prints WHERE sale_id = ?').run(sale.id)).toThrow(/inalterable/);
    expect(() => till.terminal.sqlite.prepare('UPDATE receipt_prints SET copy = 0 WHERE sale_id = ?').run(sale.id)).toThrow(/inalterable/);
  });

  it('nothing is recorded when nothing was printed: no printer, a cancelled dialog, a printer that is off', async () => {
    const sale = till.sell({
      lines: [{ productId: till.products.soap, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 189, last4: '2222' }],
    });
    usePrinter({ kind: 'none' });
    okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager));
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: await closedPort(), columns: 48, kickDrawer: true });
    errorOf(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager), 'PRINTER_UNAVAILABLE');
    usePrinter({ kind: 'system' });
    till.terminal.ctx.systemPrinter = { print: async () => 'cancelled' };
    try {
      okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager));
    } finally {
      delete till.terminal.ctx.systemPrinter;
    }
    expect(printsOf(sale.id)).toEqual([]);
    // web mode: the HTML handed to the browser's dialog counts as the original
    expect(okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager))).toMatchObject({ copy: false });
    expect(okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager))).toMatchObject({ copy: true });
  });

  it('a cash sale opens the drawer once: when it completes, and then its original receipt carries no pulse', async () => {
    const sale = till.sell({
      lines: [{ productId: till.products.milk, quantity: 1 }],
      payments: [{ method: 'cash', amountMinor: 119, tenderedMinor: 500 }],
    });
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const pulse = printer.nextJob();
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { saleId: sale.id }, till.manager))).toEqual({ kicked: true });
    expect(new Uint8Array(await pulse)).toEqual(drawerPulseEscpos());
    // asked again for the same sale: the drawer is open already
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { saleId: sale.id }, till.manager))).toEqual({ kicked: false });
    const receipt = printer.nextJob();
    okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager));
    expect(containsBytes(await receipt, [0x1b, 0x70])).toBe(false);
    expect(auditOf(sale.id, 'drawer.kick')).toBe(1);
  });

  it('calls that race for one document still give one original and one drawer pulse', async () => {
    const sale = till.sell({
      lines: [{ productId: till.products.milk, quantity: 2 }],
      payments: [{ method: 'cash', amountMinor: 238, tenderedMinor: 500 }],
    });
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const jobs = [printer.nextJob(), printer.nextJob(), printer.nextJob()];
    // the completed-sale screen opens the drawer while the cashier presses Print twice
    const [kick, first, second] = await Promise.all([
      till.router.invokeAsync('receipt.kickDrawer', { saleId: sale.id }, till.manager),
      till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager),
      till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager),
    ]);
    expect(okData(kick)).toEqual({ kicked: true });
    expect([okData<{ copy: boolean }>(first).copy, okData<{ copy: boolean }>(second).copy]).toEqual([false, true]);
    const received = await Promise.all(jobs);
    expect(received.filter((job) => containsBytes(job, [0x1b, 0x70])).length).toBe(1);
    expect(printsOf(sale.id)).toEqual([
      { copy: 0, target: 'escpos-tcp' },
      { copy: 1, target: 'escpos-tcp' },
    ]);
    expect(auditOf(sale.id, 'drawer.kick')).toBe(1);
  });

  it('the X report counts the copies printed and the drawer openings of the shift', async () => {
    const xReport = () =>
      okData<{ receiptCopies?: number; drawerOpenings?: number }>(till.router.invoke('shift.xReport', {}, till.manager));
    const before = xReport();
    const sale = till.sell({
      lines: [{ productId: till.products.milk, quantity: 1 }],
      payments: [{ method: 'cash', amountMinor: 119, tenderedMinor: 200 }],
    });
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const jobs = [printer.nextJob(), printer.nextJob(), printer.nextJob()];
    okData(await till.router.invokeAsync('receipt.kickDrawer', { saleId: sale.id }, till.manager));
    okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager));
    okData(await till.router.invokeAsync('receipt.print', { saleId: sale.id }, till.manager));
    await Promise.all(jobs);
    const after = xReport();
    expect((after.receiptCopies ?? 0) - (before.receiptCopies ?? 0)).toBe(1);
    expect((after.drawerOpenings ?? 0) - (before.drawerOpenings ?? 0)).toBe(1);
    const { html } = okData<{ html: string }>(till.router.invoke('report.render', { current: true, format: 'html' }, till.manager));
    expect(html).toContain('Receipt copies printed');
    expect(html).toContain('Drawer openings');
  });

  it('a card sale does not open the drawer; an unknown document is NOT_FOUND', async () => {
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { saleId: cardSale.id }, till.manager))).toEqual({ kicked: false });
    errorOf(
      await till.router.invokeAsync('receipt.kickDrawer', { saleId: '0190a0b0-0000-7000-8000-00000000dead' }, till.manager),
      'NOT_FOUND',
    );
  });
});

describe('receipt.kickDrawer', () => {
  const noSale = () => okData<{ id: string }>(till.router.invoke('shift.noSale', { reason: 'Change for a customer' }, till.manager)).id;

  it('opens the drawer for a recorded no-sale, once: the pulse goes to the printer and the audit log names the no-sale', async () => {
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const noSaleId = noSale();
    const job = printer.nextJob();
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId }, till.manager))).toEqual({ kicked: true });
    const received = await job;
    expect(new Uint8Array(received)).toEqual(drawerPulseEscpos());
    expect(containsBytes(received, [0x1b, 0x70, 0x00])).toBe(true);
    const audited = till.terminal.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'drawer.kick' AND entity = 'cash_movement' AND entity_id = ?")
      .get(noSaleId) as { n: number };
    expect(audited.n).toBe(1);
    // the same no-sale does not open it twice
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId }, till.manager))).toEqual({ kicked: false });
  });

  it('never opens the drawer for nothing: without a document or a no-sale it is refused, and nothing is sent', async () => {
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const kicksBefore = till.terminal.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'drawer.kick'").get();
    errorOf(await till.router.invokeAsync('receipt.kickDrawer', {}, till.manager), 'VALIDATION');
    errorOf(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId: 'no-such-no-sale' }, till.manager), 'NOT_FOUND');
    expect(till.terminal.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'drawer.kick'").get()).toEqual(kicksBefore);
  });

  it('does nothing without an ESC/POS printer or a drawer on it', async () => {
    usePrinter({ kind: 'system' });
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId: noSale() }, till.manager))).toEqual({ kicked: false });
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: false });
    expect(okData(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId: noSale() }, till.manager))).toEqual({ kicked: false });
  });

  it('answers PRINTER_UNAVAILABLE when the printer is off', async () => {
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: await closedPort(), columns: 48, kickDrawer: true });
    errorOf(await till.router.invokeAsync('receipt.kickDrawer', { noSaleId: noSale() }, till.manager), 'PRINTER_UNAVAILABLE');
  });
});

describe('sendToTcpPrinter', () => {
  it('never hangs: a printer that stops reading times out with a clear error', async () => {
    const sockets: Socket[] = [];
    // accepts the connection but never reads: the job cannot be flushed
    const stuck = createServer((socket) => {
      socket.pause();
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    const address = stuck.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const started = Date.now();
      const big = new Uint8Array(64 * 1024 * 1024);
      const error = await sendToTcpPrinter('127.0.0.1', address.port, big, { timeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PrinterUnavailableError);
      expect((error as Error).message).toBe(
        `The receipt printer at 127.0.0.1:${address.port} did not answer. Check that it is switched on, has paper and is connected to the network.`,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stuck.close(() => resolve()));
    }
  });

  it('explains a refused connection', async () => {
    const port = await closedPort();
    await expect(sendToTcpPrinter('127.0.0.1', port, new Uint8Array([0x1b, 0x40]))).rejects.toThrow(
      `The receipt printer at 127.0.0.1:${port} refused the connection`,
    );
  });
});

describe('report.print', () => {
  it('sends the X report of the open shift to the ESC/POS printer, and hands HTML to a system printer', async () => {
    usePrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port: printer.port, columns: 48, kickDrawer: true });
    const job = printer.nextJob();
    expect(okData(await till.router.invokeAsync('report.print', { current: true }, till.manager))).toEqual({
      target: 'escpos-tcp',
      printed: true,
      html: null,
    });
    const received = await job;
    expect(received.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(received.includes('X REPORT') || received.includes('X report')).toBe(true);
    expect(containsBytes(received, [0x1b, 0x70])).toBe(false);
    usePrinter({ kind: 'system' });
    const system = okData<ChannelOutput<'report.print'>>(await till.router.invokeAsync('report.print', { current: true }, till.manager));
    expect(system.target).toBe('system');
    expect(system.html).toContain('<html');
  });
});
