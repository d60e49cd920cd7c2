// Pricing a cart from the catalogue for a sale, a void or a parked cart (never from the caller's totals).

import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { cartLineInput, discountSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { AmountLimitError, MAX_AMOUNT_MINOR, type PricingLine, priceCart } from '../../../../src/shared/pricing';
import type { CoreContext, ReadContext } from '../../context';
import { products, taxClasses } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { readSettings } from '../setup/settings';

export type CartLineInput = z.infer<typeof cartLineInput>;

// one prepared join per connection: the product with its tax rate, typed by the schema
const reads = perConnection((db) => ({
  product: db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      priceMinor: products.priceMinor,
      taxClassId: products.taxClassId,
      rateBp: taxClasses.rateBp,
      active: products.active,
      tracksStock: products.tracksStock,
      stockOnHand: products.stockOnHand,
      soldByWeight: products.soldByWeight,
      categoryId: products.categoryId,
    })
    .from(products)
    .innerJoin(taxClasses, eq(taxClasses.id, products.taxClassId))
    .where(eq(products.id, sql.placeholder('id')))
    .prepare(),
}));

/** A product as a sale prices it: catalogue price, tax rate, stock and unit. */
export type ProductForSale = NonNullable<ReturnType<ReturnType<typeof reads>['product']['get']>>;

export function loadProduct(ctx: ReadContext, id: string): ProductForSale {
  const product = reads(ctx.db).product.get({ id });
  if (!product) throw new AppError('NOT_FOUND', 'A product in the cart no longer exists. Remove it and scan it again.', { productId: id });
  return product;
}

export interface PricedSaleLine extends PricingLine {
  product: ProductForSale;
  listPriceMinor: number | null;
}

/**
 * Price a cart from the catalogue (never from totals the renderer sent). `forRemoval` prices a
 * cart whose lines are being taken off: a product taken off sale since may still be removed.
 */
export function priceSaleCart(
  ctx: CoreContext,
  lines: CartLineInput[],
  cartDiscount: z.infer<typeof discountSchema> | null | undefined,
  options: { forRemoval?: boolean } = {},
) {
  const settings = readSettings(ctx);
  const pricingLines: PricedSaleLine[] = lines.map((line, i) => {
    const product = loadProduct(ctx, line.productId);
    if (!product.active && !options.forRemoval)
      throw new AppError('VALIDATION', `“${product.name}” is not on sale any more.`, { productId: product.id });
    if (line.weighed !== undefined && line.weighed !== product.soldByWeight) {
      throw new AppError(
        'VALIDATION',
        `“${product.name}” is ${product.soldByWeight ? 'sold by weight' : 'sold by the piece'} now, not as it was when it was scanned: remove it and scan it again.`,
        { productId: product.id },
      );
    }
    const overridden = line.priceOverrideMinor !== undefined && line.priceOverrideMinor !== product.priceMinor;
    return {
      id: String(i + 1),
      // grams of a product sold by weight, priced per kg
      quantity: line.quantity,
      weighed: product.soldByWeight,
      unitPriceMinor: overridden ? (line.priceOverrideMinor as number) : product.priceMinor,
      taxRateBp: product.rateBp,
      taxClassId: product.taxClassId,
      discount: line.discount ?? null,
      product,
      listPriceMinor: overridden ? product.priceMinor : null,
    };
  });
  const cart = withAmountLimit(
    () =>
      priceCart({
        lines: pricingLines,
        cartDiscount: cartDiscount ?? null,
        pricesIncludeTax: settings.pricesIncludeTax,
        taxRounding: settings.taxRounding,
      }),
    (lineId) => pricingLines[Number(lineId) - 1]?.product.name,
    settings.currency,
  );
  return { settings, pricingLines, cart };
}

/** Run a pricing; an amount beyond what Ringup records is refused in words (VALIDATION), naming the line. */
export function withAmountLimit<T>(run: () => T, lineName: (lineId: string) => string | undefined, currency: string): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AmountLimitError)) throw error;
    const name = error.lineId !== undefined ? lineName(error.lineId) : undefined;
    const most = formatMoney(MAX_AMOUNT_MINOR, currency, 'en');
    throw new AppError(
      'VALIDATION',
      name
        ? `The line “${name}” comes to more than ${most}, the largest amount Ringup records: check its quantity and price.`
        : `This comes to more than ${most}, the largest amount Ringup records: split it into several sales.`,
      { maxAmountMinor: MAX_AMOUNT_MINOR },
    );
  }
}
