import { z } from 'zod';
import { barcodeSchema } from './catalog';
import { idSchema, uuidSchema } from './common';
import { channel } from './define';
import { jobIdSchema } from './jobs';

/**
 * Why stock moved. sale / refund: the till; adjustment: a catalogue edit or a product import;
 * receipt: goods received; damaged, theft, count_correction: stock.adjust and stock counts.
 */
export const stockReasonSchema = z.enum(['sale', 'refund', 'adjustment', 'receipt', 'damaged', 'theft', 'count_correction']);
/** The reasons a manager gives by hand (stock.adjust). */
export const adjustReasonSchema = z.enum(['receipt', 'damaged', 'theft', 'count_correction']);

/** Quantities are in the product's unit: pieces, or grams when it is sold by weight. */
const quantity = z.int().min(1).max(1_000_000_000);
const note = z.string().trim().max(200);

/** A product named by its id or by one of its barcodes (scanned), exactly one of the two. */
const productRef = {
  productId: idSchema.optional(),
  barcode: barcodeSchema.optional(),
};
const oneProduct = (value: { productId?: string | undefined; barcode?: string | undefined }) =>
  (value.productId === undefined) !== (value.barcode === undefined);
const oneProductMessage = { message: 'Name the product by productId or by barcode (one of the two)', path: ['productId'] };

export const stockMovementSchema = z.object({
  id: idSchema,
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  soldByWeight: z.boolean(),
  /** signed, in the product's unit */
  delta: z.int(),
  reason: stockReasonSchema,
  note: z.string().nullable(),
  /** the stock.receive / stock.adjust call or the stock count that wrote it */
  batchId: z.string().nullable(),
  saleId: idSchema.nullable(),
  staffId: idSchema.nullable(),
  staffName: z.string().nullable(),
  createdAt: z.int(),
});

export const stockLevelSchema = z.object({
  id: idSchema,
  sku: z.string(),
  name: z.string(),
  soldByWeight: z.boolean(),
  stockOnHand: z.int(),
  reorderLevel: z.int().nullable(),
});

export const stockCountSchema = z.object({
  id: idSchema,
  status: z.enum(['open', 'applied', 'cancelled']),
  note: z.string().nullable(),
  startedBy: idSchema.nullable(),
  startedAt: z.int(),
  closedBy: idSchema.nullable(),
  closedAt: z.int().nullable(),
  /** products counted so far */
  lines: z.int().min(0),
});

export const stockCountLineSchema = z.object({
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  soldByWeight: z.boolean(),
  counted: z.int(),
  /** stock on hand when this product's count was (re)started */
  expected: z.int(),
  /** counted − expected: what applying moves */
  difference: z.int(),
  /** stock on hand now (sales since the count lower it; applying keeps them) */
  stockOnHand: z.int(),
  recordedAt: z.int(),
});

export const importErrorSchema = z.object({
  /** the line of the file (1 = the header row) */
  line: z.int().min(1),
  column: z.string().optional(),
  message: z.string(),
});

/** The most errors an import answer lists (errorCount has them all). */
export const MAX_IMPORT_ERRORS = 1000;

export const stockChannels = {
  'stock.receive': channel({
    summary:
      'Goods received (a delivery): each line adds its quantity to stock on hand, one stock movement (reason receipt) each, in one transaction. `id` is the delivery’s: a retry adds nothing more. Managers only; audited.',
    input: z.strictObject({
      id: uuidSchema,
      lines: z
        .array(z.strictObject({ ...productRef, quantity }).refine(oneProduct, oneProductMessage))
        .min(1)
        .max(500),
      note: note.optional(),
    }),
    output: z.object({ batchId: idSchema, movements: z.array(stockMovementSchema), products: z.array(stockLevelSchema) }),
    writes: true,
    access: 'manager',
  }),
  'stock.adjust': channel({
    summary:
      'Change the stock of one product by hand with a reason: received, damaged, theft or count correction (damaged and theft take stock off and never below zero). `id` makes a retry change nothing more. Managers only; audited.',
    input: z
      .strictObject({
        id: uuidSchema,
        ...productRef,
        delta: z
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .refine((n) => n !== 0, 'An adjustment moves at least one unit'),
        reason: adjustReasonSchema,
        note: note.optional(),
      })
      .refine(oneProduct, oneProductMessage),
    output: z.object({ movement: stockMovementSchema, product: stockLevelSchema }),
    writes: true,
    access: 'manager',
  }),
  'stock.movements': channel({
    summary:
      'Stock movements, newest first, filtered by product, reason and date range (from inclusive, to exclusive, epoch ms); keyset pagination.',
    input: z.strictObject({
      productId: idSchema.optional(),
      reason: stockReasonSchema.optional(),
      from: z.int().min(0).optional(),
      to: z.int().min(0).optional(),
      limit: z.int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
    }),
    output: z.object({ items: z.array(stockMovementSchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'manager',
  }),
  'stock.low': channel({
    summary:
      'Active products that track stock with stock on hand at or below their reorder level (or `threshold` for those without one), lowest first; keyset pagination.',
    input: z.strictObject({
      threshold: z.int().min(0).max(1_000_000_000).default(5),
      limit: z.int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
    }),
    output: z.object({ items: z.array(stockLevelSchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'manager',
  }),
  'stock.setReorderLevel': channel({
    summary: 'Set (or, with null, remove) the stock level at which stock.low lists a product. Managers only; audited.',
    input: z.strictObject({ productId: idSchema, reorderLevel: z.int().min(0).max(1_000_000_000).nullable() }),
    output: stockLevelSchema,
    writes: true,
    access: 'manager',
  }),
  'stock.countStart': channel({
    summary:
      'Start a stock count (one open at a time). Products counted in it are corrected when it is applied; products not counted are left alone. `id` makes a retry answer the same count.',
    input: z.strictObject({ id: uuidSchema, note: note.optional() }),
    output: stockCountSchema,
    writes: true,
    access: 'manager',
  }),
  'stock.countRecord': channel({
    summary:
      'Record what is on the shelf for one product of an open count: `counted` replaces the count (and takes the expected stock anew), or with `add` is added to it (one scan, one piece). Answers the line.',
    input: z
      .strictObject({
        countId: idSchema,
        ...productRef,
        counted: z.int().min(0).max(1_000_000_000),
        add: z.boolean().default(false),
      })
      .refine(oneProduct, oneProductMessage),
    output: stockCountLineSchema,
    writes: true,
    access: 'manager',
  }),
  'stock.countGet': channel({
    summary: 'A stock count with its lines (counted, expected, difference, stock now); without countId the open one.',
    input: z.strictObject({ countId: idSchema.optional() }),
    output: z.object({ count: stockCountSchema, lines: z.array(stockCountLineSchema) }),
    writes: false,
    access: 'manager',
  }),
  'stock.countApply': channel({
    summary:
      'Apply an open count: each difference between counted and expected becomes a stock movement (reason count_correction), all in one transaction; the count is closed. Managers only; audited.',
    input: z.strictObject({ countId: idSchema }),
    output: z.object({ count: stockCountSchema, movements: z.int().min(0), netDifference: z.int() }),
    writes: true,
    access: 'manager',
  }),
  'stock.countCancel': channel({
    summary: 'Cancel an open count: nothing moves. Managers only; audited.',
    input: z.strictObject({ countId: idSchema }),
    output: stockCountSchema,
    writes: true,
    access: 'manager',
  }),
  'import.products': channel({
    summary:
      'Import products from CSV text (the product export’s format, see README): created or updated by SKU, every row checked first. Any bad row: nothing is applied and every bad line is reported; else (unless dryRun) all rows land in one transaction, stock changes as stock movements. Long: pass a jobId and poll job.progress. Managers only; audited.',
    input: z.strictObject({
      /** the file's text with LF line breaks and no byte-order mark (normaliseCsvText) */
      csv: z.string().min(1, 'The file is empty').max(32_000_000, 'The file is larger than 32 MB: split it'),
      /** true (the default): check and count only, change nothing */
      dryRun: z.boolean().default(true),
      jobId: jobIdSchema.optional(),
    }),
    output: z.object({
      dryRun: z.boolean(),
      applied: z.boolean(),
      rows: z.int().min(0),
      created: z.int().min(0),
      updated: z.int().min(0),
      unchanged: z.int().min(0),
      stockMovements: z.int().min(0),
      categoriesCreated: z.array(z.string()),
      errors: z.array(importErrorSchema),
      /** every error, also those beyond the listed ones */
      errorCount: z.int().min(0),
      elapsedMs: z.int().min(0),
    }),
    writes: true,
    access: 'manager',
    async: true,
    multiline: ['csv'],
  }),
};
