import { z } from 'zod';
import { emptyInput, idSchema, moneyMinor, nameSchema } from './common';
import { channel } from './define';

export const barcodeSchema = z
  .string()
  .trim()
  .min(4, 'A barcode has at least 4 characters')
  .max(48)
  .regex(/^[\x21-\x7E]+$/, 'A barcode is printable ASCII without spaces');

export const skuSchema = z
  .string()
  .trim()
  .min(1, 'A SKU is needed')
  .max(48)
  .regex(/^[\x21-\x7E]+$/, 'A SKU is printable ASCII without spaces');

export const productSchema = z.object({
  id: idSchema,
  sku: z.string(),
  name: z.string(),
  priceMinor: z.int(),
  taxClassId: idSchema,
  taxRateBp: z.int(),
  categoryId: idSchema.nullable(),
  categoryName: z.string().nullable(),
  active: z.boolean(),
  tracksStock: z.boolean(),
  /** pieces, or grams when sold by weight */
  stockOnHand: z.int(),
  /** priced per kg (priceMinor is the kg price); sale quantities are grams */
  soldByWeight: z.boolean(),
  barcodes: z.array(z.string()),
  updatedAt: z.int(),
});

export const searchHitSchema = z.object({
  id: idSchema,
  sku: z.string(),
  name: z.string(),
  priceMinor: z.int(),
  categoryName: z.string().nullable(),
  active: z.boolean(),
  tracksStock: z.boolean(),
  stockOnHand: z.int(),
  soldByWeight: z.boolean(),
  /** why it matched: the scanned/typed code, the start of the name, or words of it */
  match: z.enum(['code', 'name', 'words', 'browse']),
});

export const catalogChannels = {
  'catalog.search': channel({
    summary: 'As-you-type search over name, SKU, barcode and category, ranked, with keyset pagination.',
    input: z.strictObject({
      query: z.string().max(200).default(''),
      categoryId: idSchema.optional(),
      active: z.enum(['active', 'inactive', 'all']).default('active'),
      limit: z.int().min(1).max(200).default(20),
      cursor: z.string().max(500).optional(),
    }),
    output: z.object({ items: z.array(searchHitSchema), nextCursor: z.string().nullable() }),
    writes: false,
    access: 'staff',
  }),
  'catalog.count': channel({
    summary:
      'How many products catalog.search finds for a query and filter, counted up to 100,000 (capped: true beyond). Asked apart from the page, once typing settles.',
    input: z.strictObject({
      query: z.string().max(200).default(''),
      categoryId: idSchema.optional(),
      active: z.enum(['active', 'inactive', 'all']).default('active'),
    }),
    output: z.object({ count: z.int().min(0), capped: z.boolean() }),
    writes: false,
    access: 'staff',
  }),
  'catalog.lookupBarcode': channel({
    summary:
      "Exact barcode lookup (EAN-13/EAN-8/UPC-A check digits validated). A weight label of the store's scales (settings.scaleLabelPrefixes) finds its item and carries the weight in scaleGrams.",
    input: z.strictObject({ code: z.string().trim().min(1).max(48) }),
    output: productSchema.extend({ scaleGrams: z.int().min(1).nullable() }),
    writes: false,
    access: 'staff',
  }),
  'catalog.get': channel({
    summary: 'One product with its barcodes.',
    input: z.strictObject({ id: idSchema }),
    output: productSchema,
    writes: false,
    access: 'staff',
  }),
  'catalog.upsertProduct': channel({
    summary:
      'Create or change a product; SKU and barcodes must be unique. Flags left out keep their stored value (new products: active, tracks stock, sold by the piece).',
    input: z.strictObject({
      id: idSchema.optional(),
      sku: skuSchema,
      name: nameSchema,
      priceMinor: moneyMinor,
      taxClassId: idSchema,
      categoryId: idSchema.nullable().optional(),
      /** left out: true for a new product, unchanged for an existing one (likewise tracksStock, soldByWeight) */
      active: z.boolean().optional(),
      tracksStock: z.boolean().optional(),
      /** priced per kg and weighed at the till; stock and sale quantities are then grams */
      soldByWeight: z.boolean().optional(),
      stockOnHand: z.int().min(-1_000_000_000).max(1_000_000_000).optional(),
      barcodes: z.array(barcodeSchema).max(20).default([]),
    }),
    output: productSchema,
    writes: true,
    access: 'manager',
  }),
  'catalog.setActive': channel({
    summary: 'Take a product off sale or put it back.',
    input: z.strictObject({ id: idSchema, active: z.boolean() }),
    output: productSchema,
    writes: true,
    access: 'manager',
  }),
  'catalog.categories': channel({
    summary: 'All categories, by name.',
    input: emptyInput,
    output: z.array(z.object({ id: idSchema, name: z.string(), parentId: idSchema.nullable() })),
    writes: false,
    access: 'staff',
  }),
  'catalog.taxClasses': channel({
    summary: 'All tax classes with their rates in basis points.',
    input: emptyInput,
    output: z.array(z.object({ id: idSchema, name: z.string(), rateBp: z.int() })),
    writes: false,
    access: 'staff',
  }),
  'catalog.upsertCategory': channel({
    summary: 'Create or rename a category.',
    input: z.strictObject({ id: idSchema.optional(), name: nameSchema, parentId: idSchema.nullable().optional() }),
    output: z.object({ id: idSchema, name: z.string(), parentId: idSchema.nullable() }),
    writes: true,
    access: 'manager',
  }),
  'catalog.upsertTaxClass': channel({
    summary: 'Create or change a tax class (rate in basis points: 2000 = 20 %).',
    input: z.strictObject({ id: idSchema.optional(), name: nameSchema, rateBp: z.int().min(0).max(100000) }),
    output: z.object({ id: idSchema, name: z.string(), rateBp: z.int() }),
    writes: true,
    access: 'manager',
  }),
  'catalog.deleteCategory': channel({
    summary:
      'Delete a category no product and no other category is in (CONFLICT, in words, otherwise); it also leaves the loyalty exclusions. Managers only; audited.',
    input: z.strictObject({ id: idSchema }),
    output: z.object({ id: idSchema, name: z.string() }),
    writes: true,
    access: 'manager',
  }),
  'catalog.deleteTaxClass': channel({
    summary: 'Delete a tax class no product is taxed at (CONFLICT, in words, otherwise). Managers only; audited.',
    input: z.strictObject({ id: idSchema }),
    output: z.object({ id: idSchema, name: z.string() }),
    writes: true,
    access: 'manager',
  }),
};
