import { z } from 'zod';
import { isLocalDate, LOCAL_DATE_PATTERN } from '../timeZone';
import { channel } from './define';
import { jobIdSchema } from './jobs';

/** What can be exported, one CSV file each (README, "Exporting data", lists the columns). */
export const EXPORT_KINDS = [
  'sales',
  'sale_lines',
  'payments',
  'refunds',
  'shifts',
  'stock_movements',
  'products',
  'members',
  'points_ledger',
  'audit_log',
] as const;
export const exportKindSchema = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof exportKindSchema>;

/** The kinds that are lists rather than history: exported whole, they take no dates. */
export const UNDATED_EXPORT_KINDS: readonly ExportKind[] = ['products'];

const localDate = z.string().regex(LOCAL_DATE_PATTERN, 'A date is written YYYY-MM-DD').refine(isLocalDate, 'There is no such day');

export const exportCsvInputSchema = z
  .strictObject({
    what: exportKindSchema,
    /** first day included, in the store's time zone */
    from: localDate.optional(),
    /** last day included, in the store's time zone */
    to: localDate.optional(),
    /** start the file with a UTF-8 byte order mark (spreadsheet programs then read accents right) */
    bom: z.boolean().default(false),
    jobId: jobIdSchema.optional(),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { message: 'The range ends before it starts', path: ['to'] })
  .refine((input) => !UNDATED_EXPORT_KINDS.includes(input.what) || (!input.from && !input.to), {
    message: 'This list is exported whole: leave out the dates',
    path: ['from'],
  });

export const exportCsvOutputSchema = z.object({
  /** the file's own name (what a download is saved as) */
  fileName: z.string(),
  /** where it was written on this computer */
  savedTo: z.string(),
  /** records written (the header row not counted) */
  rows: z.int().min(0),
  bytes: z.int().min(0),
  tookMs: z.int().min(0),
  /** web mode: the path the bridge serves the file at (GET, with the token); null when saved through the dialog */
  download: z.string().nullable(),
});
export type ExportCsvResult = z.infer<typeof exportCsvOutputSchema>;

export const exportChannels = {
  'export.csv': channel({
    summary:
      'Export one kind of record (sales, sale lines, payments, refunds, shifts with their Z figures, stock movements, products, members, the points ledger, the audit log) as RFC 4180 CSV, dates in the store time zone, optionally limited to days `from`–`to`. Read off the main thread from a read-only connection; long work with progress and cancel (`jobId`). In the app a save dialog chooses the file (closing it is CANCELLED); otherwise it lands in the exports folder beside the database and `download` names it. Managers only; audited (what, range, rows — never the data).',
    input: exportCsvInputSchema,
    output: exportCsvOutputSchema,
    // the records are only read (in a worker, on its own read-only connection); the one write is the audit row
    writes: true,
    async: true,
    access: 'manager',
  }),
};
