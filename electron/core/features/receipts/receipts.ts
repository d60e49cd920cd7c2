import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import type { CoreContext } from '../../context';
import { auditLog, cashMovements, members, pointsLedger, receiptPrints, sales } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import type { Session } from '../../session';
import { getSale, receiptCode, type Sale } from '../sales/sale';
import { type ShiftReport, shiftReport, storedZReport } from '../sales/shiftReport';
import { requireOpenShift } from '../sales/shifts';
import { readSettings, type Settings } from '../setup/settings';
import { drawerPulseEscpos, renderReceiptEscpos, renderZReportEscpos } from './escpos';
import { renderReceiptHtml, renderZReportHtml } from './html';
import type { ReceiptLoyalty } from './model';
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

const reads = perConnection((db) => {
  const id = sql.placeholder('id');
  return {
    receiptOf: db.select({ terminalId: sales.terminalId, receiptNo: sales.receiptNo }).from(sales).where(eq(sales.id, id)).prepare(),
    // (.get() reads the first row only: no LIMIT, which drizzle would bind)
    originalPrint: db
      .select({ id: receiptPrints.id })
      .from(receiptPrints)
      .where(and(eq(receiptPrints.saleId, id), eq(receiptPrints.copy, false)))
      .prepare(),
    drawerKick: db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.entity, sql.placeholder('entity')), eq(auditLog.entityId, id), eq(auditLog.action, 'drawer.kick')))
      .prepare(),
    cashMovement: db
      .select({ shiftId: cashMovements.shiftId, kind: cashMovements.kind })
      .from(cashMovements)
      .where(eq(cashMovements.id, id))
      .prepare(),
    // the receipt's loyalty lines: the member, and the ledger rows the sale or refund wrote
    member: db
      .select({
        name: members.name,
        cardNumber: members.cardNumber,
        tier: members.tier,
        pointsBalance: members.pointsBalance,
        erasedAt: members.erasedAt,
      })
      .from(members)
      .where(eq(members.id, id))
      .prepare(),
    pointsOf: db
      .select({ kind: pointsLedger.kind, points: pointsLedger.points, balanceAfter: pointsLedger.balanceAfter })
      .from(pointsLedger)
      .where(eq(pointsLedger.saleId, id))
      .orderBy(asc(pointsLedger.seq))
      .prepare(),
  };
});

interface ReceiptSource {
  sale: Sale;
  settings: Settings;
  originalReceiptCode: string | null;
  loyalty: ReceiptLoyalty | null;
}

/**
 * What a sale or refund did to its member's points, from the ledger rows linked to it; the balance
 * after is the last of them (the member's balance when it moved none). Null without a member.
 */
function loyaltyOf(ctx: CoreContext, sale: Sale): ReceiptLoyalty | null {
  if (!sale.memberId) return null;
  const q = reads(ctx.db);
  const member = q.member.get({ id: sale.memberId });
  if (!member) return null;
  const rows = q.pointsOf.all({ id: sale.id });
  const sum = (keep: (row: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((total, row) => total + row.points, 0);
  const erased = member.erasedAt !== null;
  return {
    memberName: erased ? null : member.name,
    cardNumber: erased ? null : member.cardNumber,
    tier: erased ? null : member.tier,
    earned: sum((row) => row.kind === 'earn'),
    redeemed: -sum((row) => row.kind === 'redeem'),
    redeemedMinor: sale.payments.filter((p) => p.method === 'points').reduce((total, p) => total + p.amountMinor, 0),
    takenBack: -sum((row) => row.kind === 'refund_reversal' && row.points < 0),
    givenBack: sum((row) => row.kind === 'refund_reversal' && row.points > 0),
    balanceAfter: rows.at(-1)?.balanceAfter ?? member.pointsBalance,
  };
}

/** A sale with what its receipt needs besides it: the settings and, for a refund, the original's receipt code. */
function loadReceipt(ctx: CoreContext, saleId: string): ReceiptSource {
  const sale = getSale(ctx, saleId);
  const original = sale.originalSaleId ? reads(ctx.db).receiptOf.get({ id: sale.originalSaleId }) : undefined;
  return {
    sale,
    settings: readSettings(ctx),
    originalReceiptCode: original ? receiptCode(original.terminalId, original.receiptNo) : null,
    loyalty: loyaltyOf(ctx, sale),
  };
}

/**
 * Whether printing this receipt now also opens the drawer: the original of a document that moved
 * cash, on a printer with a drawer, unless the drawer opened for it already (when it completed).
 */
function receiptOpensDrawer(ctx: CoreContext, source: ReceiptSource, copy: boolean): boolean {
  const { printer } = source.settings;
  return (
    printer.kind === 'escpos-tcp' &&
    printer.kickDrawer &&
    !copy &&
    movesCash(source.sale) &&
    // an original printed long after the sale is paper, not an opening of the drawer
    withinDrawerWindow(ctx, source.sale) &&
    !drawerOpenedFor(ctx, 'sale', source.sale.id)
  );
}

/** The ESC/POS bytes a receipt is printed with now (with a drawer pulse when `receiptOpensDrawer`). */
function receiptBytes(ctx: CoreContext, source: ReceiptSource, copy: boolean): Uint8Array {
  return renderReceiptEscpos(source.sale, source.settings, {
    copy,
    originalReceiptCode: source.originalReceiptCode,
    loyalty: source.loyalty,
    columns: paperColumns(source.settings),
    kickDrawer: receiptOpensDrawer(ctx, source, copy),
  });
}

// One thing at a time per document (one original, one drawer pulse, however many calls race) and
// per network printer (one job per connection): each key's calls run in turn, in call order.
const turns = new WeakMap<object, Map<string, Promise<unknown>>>();

function inTurn<T>(ctx: CoreContext, key: string, run: () => Promise<T>): Promise<T> {
  let queue = turns.get(ctx.sqlite);
  if (!queue) {
    queue = new Map();
    turns.set(ctx.sqlite, queue);
  }
  const result = (queue.get(key) ?? Promise.resolve()).then(run);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  queue.set(key, settled);
  void settled.then(() => {
    if (queue.get(key) === settled) queue.delete(key);
  });
  return result;
}

function receiptHtml(source: ReceiptSource, copy: boolean): string {
  return renderReceiptHtml(source.sale, source.settings, {
    copy,
    originalReceiptCode: source.originalReceiptCode,
    loyalty: source.loyalty,
  });
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The receipt of a sale as HTML or as the exact ESC/POS bytes `printReceipt` would send. */
export function renderReceipt(ctx: CoreContext, input: { saleId: string; format: 'html' | 'escpos'; copy: boolean }): RenderedDocument {
  const source = loadReceipt(ctx, input.saleId);
  return input.format === 'html'
    ? { html: receiptHtml(source, input.copy), escposBase64: null }
    : { html: null, escposBase64: base64(receiptBytes(ctx, source, input.copy)) };
}

function sendOrExplain(ctx: CoreContext, printer: EscposPrinter, bytes: Uint8Array, what: string): Promise<void> {
  return inTurn(ctx, `printer:${printer.host}:${printer.port}`, async () => {
    try {
      await sendToTcpPrinter(printer.host, printer.port, bytes);
    } catch (error) {
      if (!(error instanceof PrinterUnavailableError)) throw error;
      ctx.log.warn('printer.unavailable', { what, host: printer.host, port: printer.port, reason: error.reason });
      throw new AppError('PRINTER_UNAVAILABLE', error.message, { host: printer.host, port: printer.port, reason: error.reason });
    }
  });
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

/** Whether this document's original receipt went out already: every later print is a COPY. */
function originalPrinted(ctx: CoreContext, saleId: string): boolean {
  return reads(ctx.db).originalPrint.get({ id: saleId }) !== undefined;
}

/** Whether the drawer opened for this document or no-sale already (when it was completed, or with its original receipt). */
function drawerOpenedFor(ctx: CoreContext, entity: 'sale' | 'cash_movement', id: string): boolean {
  return reads(ctx.db).drawerKick.get({ entity, id }) !== undefined;
}

const movesCash = (sale: Sale) => sale.payments.some((p) => p.method === 'cash');

/** How long after its completion a cash document still opens the drawer by itself (a slow printer, a retry). */
export const DRAWER_WINDOW_MS = 2 * 60_000;

/** Whether `sale` was completed moments ago by this session's staff member (or the caller is the operator). */
function justCompleted(ctx: CoreContext, session: Session, sale: Sale): boolean {
  if (session.operator && !session.staff) return true;
  return sale.staffId === session.staff?.id && withinDrawerWindow(ctx, sale);
}

function withinDrawerWindow(ctx: Pick<CoreContext, 'now'>, sale: Pick<Sale, 'createdAt'>): boolean {
  return ctx.now() - sale.createdAt <= DRAWER_WINDOW_MS;
}

/** After the I/O, in its own short transaction: the print (and the drawer it opened) leave a trace. */
function recordPrint(ctx: CoreContext, session: Session, sale: Sale, copy: boolean, target: string, openedDrawer: boolean): void {
  const staffId = session.staff?.id ?? null;
  ctx.sqlite
    .transaction(() => {
      const now = ctx.now();
      const id = uuidv7(now);
      ctx.db.insert(receiptPrints).values({ id, saleId: sale.id, copy, target, staffId, printedAt: now }).run();
      emitEvent(ctx, 'receipt.printed', id, { v: 1, id, saleId: sale.id, copy, target, staffId, printedAt: now });
      if (copy) audit(ctx, { action: 'receipt.reprint', actorStaffId: staffId, entity: 'sale', entityId: sale.id, details: { target } });
      if (openedDrawer) {
        audit(ctx, { action: 'drawer.kick', actorStaffId: staffId, entity: 'sale', entityId: sale.id, details: { with: 'receipt' } });
        emitEvent(ctx, 'drawer.opened', sale.id, { v: 1, entity: 'sale', entityId: sale.id, staffId, at: now });
      }
    })
    .immediate();
}

/**
 * Print a receipt on the configured printer. The first print of a document is its original,
 * every later one a COPY (the caller may ask for a copy, never for a second original). The ESC/POS
 * original of a cash document opens the drawer unless it opened when the document was completed.
 * Everything is read before the first await (no transaction is open across the I/O); the print is
 * recorded after it. For a system printer in web mode the window prints the returned HTML.
 */
export async function printReceipt(
  ctx: CoreContext,
  session: Session,
  input: { saleId: string; copy: boolean },
): Promise<PrintOutcome & { copy: boolean }> {
  return inTurn(ctx, `document:${input.saleId}`, () => printReceiptNow(ctx, session, input));
}

async function printReceiptNow(
  ctx: CoreContext,
  session: Session,
  input: { saleId: string; copy: boolean },
): Promise<PrintOutcome & { copy: boolean }> {
  const source = loadReceipt(ctx, input.saleId);
  const { printer } = source.settings;
  const copy = input.copy || originalPrinted(ctx, input.saleId);
  switch (printer.kind) {
    case 'none':
      return { target: 'none', printed: false, html: null, copy };
    case 'system': {
      const outcome = await printOnSystem(ctx, printer, receiptHtml(source, copy), 'receipt');
      // in web mode the HTML goes to the browser's print dialog: counted as printed from here on
      if (outcome.printed || outcome.html) recordPrint(ctx, session, source.sale, copy, 'system', false);
      return { ...outcome, copy };
    }
    case 'escpos-tcp': {
      const openDrawer = receiptOpensDrawer(ctx, source, copy);
      await sendOrExplain(ctx, printer, receiptBytes(ctx, source, copy), 'receipt');
      recordPrint(ctx, session, source.sale, copy, 'escpos-tcp', openDrawer);
      return { target: 'escpos-tcp', printed: true, html: null, copy };
    }
  }
}

type DrawerFor = { saleId?: string | undefined; noSaleId?: string | undefined };

/**
 * Open the cash drawer wired to the ESC/POS printer for one thing of the open shift, once: a sale
 * or refund that moved cash, or a recorded no-sale. Audited once the pulse was sent.
 */
export function kickDrawer(ctx: CoreContext, session: Session, input: DrawerFor): Promise<{ kicked: boolean }> {
  return inTurn(ctx, `document:${input.saleId ?? input.noSaleId ?? ''}`, () => kickDrawerNow(ctx, session, input));
}

async function kickDrawerNow(ctx: CoreContext, session: Session, input: DrawerFor): Promise<{ kicked: boolean }> {
  const shift = requireOpenShift(ctx);
  let entity: 'sale' | 'cash_movement';
  let entityId: string;
  if (input.saleId) {
    const sale = getSale(ctx, input.saleId);
    if (sale.shiftId !== shift.id)
      throw new AppError('VALIDATION', 'That receipt is from another shift: the drawer opens only for this shift’s sales.');
    if (!movesCash(sale)) return { kicked: false };
    // the drawer opens for a document as it is completed, by who completed it; later it is a no-sale
    if (!justCompleted(ctx, session, sale)) {
      throw new AppError(
        'VALIDATION',
        'The drawer opens by itself only when a sale or refund is completed: to open it now, record a no-sale (F10).',
        { saleId: sale.id },
      );
    }
    entity = 'sale';
    entityId = sale.id;
  } else {
    const noSale = reads(ctx.db).cashMovement.get({ id: input.noSaleId ?? '' });
    if (noSale?.kind !== 'no_sale') throw new AppError('NOT_FOUND', 'There is no such no-sale: record it first (F10).');
    if (noSale.shiftId !== shift.id) throw new AppError('VALIDATION', 'That no-sale is from another shift: record a new one.');
    entity = 'cash_movement';
    entityId = input.noSaleId ?? '';
  }
  const { printer } = readSettings(ctx);
  if (printer.kind !== 'escpos-tcp' || !printer.kickDrawer) return { kicked: false };
  if (drawerOpenedFor(ctx, entity, entityId)) return { kicked: false };
  await sendOrExplain(ctx, printer, drawerPulseEscpos(), 'drawer');
  // its own short transaction, after the I/O: an opened drawer leaves a trace
  ctx.sqlite
    .transaction(() => {
      const staffId = session.staff?.id ?? null;
      audit(ctx, { action: 'drawer.kick', actorStaffId: staffId, entity, entityId });
      emitEvent(ctx, 'drawer.opened', entityId, { v: 1, entity, entityId, staffId, at: ctx.now() });
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
