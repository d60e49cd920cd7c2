import { audit } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { AppError } from '../../errors';
import type { Session } from '../../session';
import { getSale, receiptCode, type Sale } from '../sales/sale';
import { requireOpenShift, type ShiftReport, shiftReport, storedZReport } from '../sales/shifts';
import { readSettings, type Settings } from '../setup/settings';
import { drawerPulseEscpos, renderReceiptEscpos, renderZReportEscpos } from './escpos';
import { renderReceiptHtml, renderZReportHtml } from './html';
import { PrinterUnavailableError, sendToTcpPrinter } from './printer';

/** What the router gets back from a render: exactly one of the two is set. */
export interface RenderedDocument {
  html: string | null;
  escposBase64: string | null;
}

type EscposPrinter = Extract<Settings['printer'], { kind: 'escpos-tcp' }>;

/** Paper width in characters: the configured ESC/POS printer's, else 80 mm paper. */
function paperColumns(settings: Settings): number {
  return settings.printer.kind === 'escpos-tcp' ? settings.printer.columns : 48;
}

interface ReceiptSource {
  sale: Sale;
  settings: Settings;
  originalReceiptCode: string | null;
}

/** A sale with what its receipt needs besides it: the settings and, for a refund, the original's receipt code. */
function loadReceipt(ctx: CoreContext, saleId: string): ReceiptSource {
  const sale = getSale(ctx, saleId);
  const original = sale.originalSaleId
    ? prepared<[string], { terminal_id: string; receipt_no: number }>(
        ctx.sqlite,
        'SELECT terminal_id, receipt_no FROM sales WHERE id = ?',
      ).get(sale.originalSaleId)
    : undefined;
  return {
    sale,
    settings: readSettings(ctx),
    originalReceiptCode: original ? receiptCode(original.terminal_id, original.receipt_no) : null,
  };
}

/** The ESC/POS bytes a receipt is printed with (drawer pulse per the printer's setting). */
function receiptBytes(source: ReceiptSource, copy: boolean): Uint8Array {
  const { printer } = source.settings;
  return renderReceiptEscpos(source.sale, source.settings, {
    copy,
    originalReceiptCode: source.originalReceiptCode,
    columns: paperColumns(source.settings),
    kickDrawer: printer.kind === 'escpos-tcp' && printer.kickDrawer,
  });
}

function receiptHtml(source: ReceiptSource, copy: boolean): string {
  return renderReceiptHtml(source.sale, source.settings, { copy, originalReceiptCode: source.originalReceiptCode });
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The receipt of a sale as HTML or as the exact ESC/POS bytes `printReceipt` would send. */
export function renderReceipt(ctx: CoreContext, input: { saleId: string; format: 'html' | 'escpos'; copy: boolean }): RenderedDocument {
  const source = loadReceipt(ctx, input.saleId);
  return input.format === 'html'
    ? { html: receiptHtml(source, input.copy), escposBase64: null }
    : { html: null, escposBase64: base64(receiptBytes(source, input.copy)) };
}

async function sendOrExplain(ctx: CoreContext, printer: EscposPrinter, bytes: Uint8Array, what: string): Promise<void> {
  try {
    await sendToTcpPrinter(printer.host, printer.port, bytes);
  } catch (error) {
    if (!(error instanceof PrinterUnavailableError)) throw error;
    ctx.log.warn('printer.unavailable', { what, host: printer.host, port: printer.port, reason: error.reason });
    throw new AppError('PRINTER_UNAVAILABLE', error.message, { host: printer.host, port: printer.port, reason: error.reason });
  }
}

type SystemPrinterSettings = Extract<Settings['printer'], { kind: 'system' }>;

/**
 * The "system" printer: the OS printer prints it where the app has one (Electron), silently on a
 * named printer or through the print dialog; elsewhere (web mode) the HTML goes back to the window.
 */
async function printOnSystem(ctx: CoreContext, printer: SystemPrinterSettings, html: string, what: string): Promise<PrintOutcome> {
  const systemPrinter = ctx.systemPrinter;
  if (!systemPrinter) return { target: 'system', printed: false, html };
  const deviceName = printer.deviceName ?? null;
  let outcome: 'printed' | 'cancelled';
  try {
    outcome = await systemPrinter.print(html, deviceName ? { deviceName } : {});
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.warn('printer.unavailable', { what, deviceName, reason });
    const where = deviceName ? `The printer “${deviceName}”` : 'The printer';
    throw new AppError(
      'PRINTER_UNAVAILABLE',
      `${where} could not print the ${what} (${reason}). Check that it is switched on and has paper, then print again.`,
      { deviceName, reason },
    );
  }
  return { target: 'system', printed: outcome === 'printed', html: null };
}

export interface PrintOutcome {
  target: Settings['printer']['kind'];
  printed: boolean;
  html: string | null;
}

/**
 * Print a receipt on the configured printer. Everything is read before the first await (no
 * transaction is open across the I/O); for a system printer the window prints the returned HTML.
 */
export async function printReceipt(ctx: CoreContext, input: { saleId: string; copy: boolean }): Promise<PrintOutcome> {
  const source = loadReceipt(ctx, input.saleId);
  const { printer } = source.settings;
  switch (printer.kind) {
    case 'none':
      return { target: 'none', printed: false, html: null };
    case 'system':
      return printOnSystem(ctx, printer, receiptHtml(source, input.copy), 'receipt');
    case 'escpos-tcp':
      await sendOrExplain(ctx, printer, receiptBytes(source, input.copy), 'receipt');
      return { target: 'escpos-tcp', printed: true, html: null };
  }
}

/** Open the cash drawer wired to the ESC/POS printer; audited once the pulse was sent. */
export async function kickDrawer(ctx: CoreContext, session: Session): Promise<{ kicked: boolean }> {
  const { printer } = readSettings(ctx);
  if (printer.kind !== 'escpos-tcp' || !printer.kickDrawer) return { kicked: false };
  await sendOrExplain(ctx, printer, drawerPulseEscpos(), 'drawer');
  // its own short transaction, after the I/O: an opened drawer leaves a trace
  ctx.sqlite
    .transaction(() => {
      audit(ctx, { action: 'drawer.kick', actorStaffId: session.staff?.id ?? null, entity: 'drawer' });
    })
    .immediate();
  return { kicked: true };
}

type ReportWanted = { zNumber?: number; shiftId?: string; current?: boolean };

function loadReport(ctx: CoreContext, input: ReportWanted): ShiftReport {
  return input.current
    ? shiftReport(ctx, requireOpenShift(ctx).id)
    : storedZReport(ctx, {
        ...(input.zNumber !== undefined ? { zNumber: input.zNumber } : {}),
        ...(input.shiftId !== undefined ? { shiftId: input.shiftId } : {}),
      });
}

/** Print a Z or X report where the store prints (read before the first await, like receipts). */
export async function printReport(ctx: CoreContext, input: ReportWanted): Promise<PrintOutcome> {
  const settings = readSettings(ctx);
  const report = loadReport(ctx, input);
  const printedAt = ctx.now();
  const { printer } = settings;
  switch (printer.kind) {
    case 'none':
      return { target: 'none', printed: false, html: null };
    case 'system':
      return printOnSystem(ctx, printer, renderZReportHtml(report, settings, { printedAt }), 'report');
    case 'escpos-tcp':
      await sendOrExplain(ctx, printer, renderZReportEscpos(report, settings, { columns: paperColumns(settings), printedAt }), 'report');
      return { target: 'escpos-tcp', printed: true, html: null };
  }
}

/** A stored Z report, or with `current` the X report of the open shift, as HTML or ESC/POS. */
export function renderReport(ctx: CoreContext, input: ReportWanted & { format: 'html' | 'escpos' }): RenderedDocument {
  const settings = readSettings(ctx);
  const report = loadReport(ctx, input);
  const printedAt = ctx.now();
  return input.format === 'html'
    ? { html: renderZReportHtml(report, settings, { printedAt }), escposBase64: null }
    : { html: null, escposBase64: base64(renderZReportEscpos(report, settings, { columns: paperColumns(settings), printedAt })) };
}
