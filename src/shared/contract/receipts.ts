import { z } from 'zod';
import { idSchema } from './common';
import { channel } from './define';

export const RECEIPT_FORMATS = ['html', 'escpos'] as const;
export const receiptFormatSchema = z.enum(RECEIPT_FORMATS);

export const PRINT_TARGETS = ['none', 'system', 'escpos-tcp'] as const;

/** A rendered document: exactly one of the two is set, per the format asked for. */
export const renderedDocumentSchema = z.object({
  html: z.string().nullable(),
  /** the ESC/POS bytes, base64 (what would be sent to the printer) */
  escposBase64: z.string().nullable(),
});

export const receiptChannels = {
  'receipt.render': channel({
    summary:
      'Render the receipt of a sale or refund as a self-contained HTML page or as the ESC/POS bytes the printer would get; copy marks a reprint.',
    input: z.strictObject({ saleId: idSchema, format: receiptFormatSchema, copy: z.boolean().default(false) }),
    output: renderedDocumentSchema,
    writes: false,
    access: 'cashier',
  }),
  'receipt.print': channel({
    summary:
      'Print a receipt on the configured printer. The first print of a document is its original, every later one a COPY (copy asks for a copy; a second original is never printed); each print is recorded, reprints audited. none prints nothing; system prints on the OS printer in the desktop app (silently on its deviceName, else through the print dialog; printed is false when the cashier cancels) and in web mode returns the HTML for the window to print; escpos-tcp sends it to the network printer (and opens the drawer for cash, not for copies). A printer that does not answer returns PRINTER_UNAVAILABLE.',
    input: z.strictObject({ saleId: idSchema, copy: z.boolean().default(false) }),
    output: z.object({
      target: z.enum(PRINT_TARGETS),
      /** true when it was printed (network or OS printer); html is set when the window must print it itself (web mode) */
      printed: z.boolean(),
      html: z.string().nullable(),
      /** whether it went out marked COPY */
      copy: z.boolean(),
    }),
    writes: true,
    access: 'cashier',
    async: true,
  }),
  'receipt.kickDrawer': channel({
    summary:
      'Open the cash drawer wired to the ESC/POS printer for one thing of the open shift, once (audited): a sale or refund just completed that moved cash (saleId), or a no-sale recorded with shift.noSale (noSaleId). kicked is false when no such printer or drawer is configured. The drawer never opens without one of them.',
    input: z
      .strictObject({ saleId: idSchema.optional(), noSaleId: idSchema.optional() })
      .refine((input) => (input.saleId === undefined) !== (input.noSaleId === undefined), {
        message: 'Say which sale, refund or no-sale the drawer opens for (saleId or noSaleId): opening it for nothing is a no-sale.',
      }),
    output: z.object({ kicked: z.boolean() }),
    writes: true,
    access: 'cashier',
    async: true,
  }),
  'report.print': channel({
    summary:
      'Print a stored Z report (by number, by shift, or the latest) or, with current, the X report on the configured printer, like receipt.print: none prints nothing; system prints on the OS printer (desktop) or returns the HTML for the window (web mode); escpos-tcp sends it to the network printer.',
    input: z
      .strictObject({ zNumber: z.int().min(1).optional(), shiftId: idSchema.optional(), current: z.boolean().optional() })
      .refine((input) => !(input.current && (input.zNumber !== undefined || input.shiftId !== undefined)), {
        message: 'Ask for the current X report or for a stored Z report, not both.',
        path: ['current'],
      }),
    output: z.object({ target: z.enum(PRINT_TARGETS), printed: z.boolean(), html: z.string().nullable() }),
    writes: false,
    access: 'cashier',
    async: true,
  }),
  'report.render': channel({
    summary:
      'Render a stored Z report (by number, by shift, or the latest) or, with current, the X report of the open shift, as HTML or ESC/POS.',
    input: z
      .strictObject({
        zNumber: z.int().min(1).optional(),
        shiftId: idSchema.optional(),
        current: z.boolean().optional(),
        format: receiptFormatSchema,
      })
      .refine((input) => !(input.current && (input.zNumber !== undefined || input.shiftId !== undefined)), {
        message: 'Ask for the current X report or for a stored Z report, not both.',
        path: ['current'],
      }),
    output: renderedDocumentSchema,
    writes: false,
    access: 'cashier',
  }),
};
