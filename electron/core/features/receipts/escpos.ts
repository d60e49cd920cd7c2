import ReceiptPrinterEncoder, { type TableCell, type TableColumn, type TableRow } from '@point-of-sale/receipt-printer-encoder';
import type { Sale } from '../sales/sale';
import type { ShiftReport } from '../sales/shiftReport';
import type { Settings } from '../setup/settings';
import { code128BWidths } from './code128';
import { type ReceiptOptions, type Row, receiptModel, reportModel, type TaxRow } from './model';

/** The paper widths (characters of font A) the encoder can lay out. */
const ENCODER_COLUMNS = [32, 35, 42, 44, 48] as const;

/**
 * The encoder's width for the configured one: the widest it supports that still fits the paper
 * (a 40-column setting prints at 35); below 32 there is nothing narrower, so 32.
 */
export function encoderColumns(columns: number): number {
  let best: number = ENCODER_COLUMNS[0];
  for (const c of ENCODER_COLUMNS) if (c <= columns) best = c;
  return best;
}

/** Lines fed before the cut, so the last printed line clears the cutter. */
const FEED_BEFORE_CUT = 4;

function newEncoder(columns: number): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', columns: encoderColumns(columns), feedBeforeCut: FEED_BEFORE_CUT });
}

const bold =
  (text: string): TableCell =>
  (encoder) => {
    encoder.bold(true).text(text).bold(false);
  };

/** Label/value rows as a two-column table, values right-aligned in a column as wide as the widest. */
function rows(encoder: ReceiptPrinterEncoder, items: Row[]): void {
  if (items.length === 0) return;
  const width = Math.min(Math.max(...items.map((r) => r.value.length), 1), Math.floor(encoder.columns / 2));
  const columns: TableColumn[] = [{ width: 'auto' }, { width, align: 'right', marginLeft: 1 }];
  const data: TableRow[] = items.map((r) => {
    const label = r.sub ? `  ${r.label}` : r.label;
    return r.strong ? [bold(label), bold(r.value)] : [label, r.value];
  });
  encoder.table(columns, data);
}

/** Taxes per rate: a four-column table when the amounts fit the paper, else one block per rate. */
function taxes(encoder: ReceiptPrinterEncoder, items: TaxRow[]): void {
  if (items.length === 0) return;
  const rateWidth = Math.max(4, ...items.map((t) => t.rate.length));
  const width = Math.max(5, ...items.flatMap((t) => [t.net.length, t.tax.length, t.gross.length]));
  if (rateWidth + 3 * (width + 1) <= encoder.columns) {
    const amount: TableColumn = { width, align: 'right', marginLeft: 1 };
    encoder.table(
      [{ width: 'auto' }, amount, amount, amount],
      [['Rate', 'Net', 'Tax', 'Gross'], ...items.map((t) => [t.rate, t.net, t.tax, t.gross])],
    );
    return;
  }
  rows(
    encoder,
    items.flatMap((t) => [
      { label: `Tax ${t.rate}`, value: '', strong: true },
      { label: 'Net', value: t.net, sub: true },
      { label: 'Tax', value: t.tax, sub: true },
      { label: 'Gross', value: t.gross, sub: true },
    ]),
  );
}

function centred(encoder: ReceiptPrinterEncoder, texts: string[]): void {
  if (texts.length === 0) return;
  encoder.align('center');
  for (const text of texts) encoder.line(text);
  encoder.align('left');
}

function banner(encoder: ReceiptPrinterEncoder, text: string): void {
  encoder.align('center').size(2, 2).bold(true).line(text).bold(false).size(1, 1).align('left');
}

/**
 * The receipt barcode, printed by the printer itself (GS k, Code 128 set B) at the widest module
 * that fits the paper: 384 dots on 58 mm paper, 576 on 80 mm. A code too long for the paper is
 * left out (the text below it still identifies the receipt).
 */
function barcode(encoder: ReceiptPrinterEncoder, code: string): void {
  const modules = code128BWidths(code).reduce((sum, w) => sum + w, 0);
  const dots = encoder.columns <= 35 ? 384 : 576;
  // the encoder's width option n prints n + 1 dots per module
  const width = [3, 2, 1].find((n) => modules * (n + 1) <= dots);
  encoder.align('center');
  if (width !== undefined) encoder.barcode(code, 'code128', { height: 60, width, text: 'none' });
  encoder.line(code).align('left');
}

export interface EscposReceiptOptions extends ReceiptOptions {
  /** paper width in characters (58 mm ≈ 32, 80 mm ≈ 48) */
  columns: number;
  /** a cash drawer is wired to the printer and opens on cash sales */
  kickDrawer: boolean;
}

/** Whether printing this receipt opens the drawer: a cash movement, on the original only (never a reprint). */
export function opensDrawer(sale: Sale, options: Pick<EscposReceiptOptions, 'copy' | 'kickDrawer'>): boolean {
  return options.kickDrawer && !options.copy && sale.payments.some((p) => p.method === 'cash');
}

/** The receipt of a sale or refund as ESC/POS bytes: initialise, content, barcode, drawer pulse (cash only), cut. */
export function renderReceiptEscpos(sale: Sale, settings: Settings, options: EscposReceiptOptions): Uint8Array {
  const model = receiptModel(sale, settings, options);
  const encoder = newEncoder(options.columns).initialize().codepage('auto');
  if (model.copy) banner(encoder, '** COPY **');
  encoder.align('center').bold(true).line(model.storeName).bold(false).align('left');
  centred(encoder, model.header);
  if (model.refund) banner(encoder, 'REFUND');
  if (model.reference) centred(encoder, [model.reference]);
  encoder.rule();
  rows(encoder, model.meta);
  encoder.rule();
  const amountWidth = Math.min(
    Math.max(1, ...model.lines.flatMap((l) => [l.amount.length, ...l.notes.map((n) => n.value.length)])),
    Math.floor(encoder.columns / 2),
  );
  const lineRows: TableRow[] = model.lines.flatMap((line) => [
    [{ span: 2, content: line.name }],
    [`  ${line.detail}`, line.amount],
    ...line.notes.map((n): TableRow => [`  ${n.label}`, n.value]),
  ]);
  if (lineRows.length > 0) encoder.table([{ width: 'auto' }, { width: amountWidth, align: 'right', marginLeft: 1 }], lineRows);
  encoder.rule();
  rows(encoder, model.totals);
  if (model.tenders.length > 0) {
    encoder.rule();
    rows(encoder, model.tenders);
  }
  if (model.loyalty.length > 0) {
    encoder.rule();
    rows(encoder, model.loyalty);
  }
  encoder.rule();
  taxes(encoder, model.taxes);
  centred(encoder, [model.taxNote]);
  encoder.rule();
  barcode(encoder, model.code);
  if (model.footer.length > 0) {
    encoder.newline();
    centred(encoder, model.footer);
  }
  if (model.copy) banner(encoder, '** COPY **');
  if (opensDrawer(sale, options)) encoder.pulse();
  return encoder.cut().encode();
}

/** A Z report (closed shift) or X report (open shift) as ESC/POS bytes, ending with a cut. */
export function renderZReportEscpos(
  report: ShiftReport,
  settings: Settings,
  options: { columns: number; printedAt?: number } = { columns: 48 },
): Uint8Array {
  const model = reportModel(report, settings, options.printedAt ?? Date.now());
  const encoder = newEncoder(options.columns).initialize().codepage('auto');
  encoder.align('center').bold(true).line(model.storeName).bold(false).align('left');
  banner(encoder, model.title);
  if (model.interim) centred(encoder, ['Shift still open: running totals']);
  encoder.rule();
  rows(encoder, model.meta);
  for (const section of model.sections) {
    encoder.rule();
    encoder.bold(true).line(section.title).bold(false);
    rows(encoder, section.rows);
  }
  encoder.rule();
  encoder.bold(true).line('Taxes').bold(false);
  if (model.taxes.length > 0) taxes(encoder, model.taxes);
  else encoder.line('No taxed sales');
  encoder.rule();
  centred(encoder, [`Printed ${model.printedAt}`]);
  return encoder.cut().encode();
}

/** Just the drawer pulse (ESC p), for opening the drawer without printing. */
export function drawerPulseEscpos(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48 }).initialize().pulse().encode();
}
