// Pricing a cart from the catalogue for a sale, a void or a parked cart (never from the caller's totals).
import type { z } from 'zod';
import type { cartLineInput, discountSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { AmountLimitError, MAX_AMOUNT_MINOR, type PricingLine, priceCart } from '../../../../src/shared/pricing';
import { type CoreContext, prepared } from '../../context';
import { AppError } from '../../errors';
import { readSettings } from '../setup/settings';

export type CartLineInput = z.infer<typeof cartLineInput>;

export interface ProductForSale {
  id: string;
  sku: string;
  name: string;
  price_minor: number;
  tax_class_id: string;
  rate_bp: number;
  active: number;
  tracks_stock: number;
  stock_on_hand: number;
  sold_by_weight: number;
}

export function loadProduct(ctx: CoreContext, id: string): ProductForSale {
  const product = prepared<[string], ProductForSale>(
    ctx.sqlite,
    `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight
     FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id = ?`,
  ).get(id);
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
    if (product.active !== 1 && !options.forRemoval)
      throw new AppError('VALIDATION', `“${product.name}” is not on sale any more.`, { productId: product.id });
    if (line.weighed !== undefined && line.weighed !== (product.sold_by_weight === 1)) {
      throw new AppError(
        'VALIDATION',
        `“${product.name}” is ${product.sold_by_weight === 1 ? 'sold by weight' : 'sold by the piece'} now, not as it was when it was scanned: remove it and scan it again.`,
        { productId: product.id },
      );
    }
    const overridden = line.priceOverrideMinor !== undefined && line.priceOverrideMinor !== product.price_minor;
    return {
      id: String(i + 1),
      // grams of a product sold by weight, priced per kg
      quantity: line.quantity,
      weighed: product.sold_by_weight === 1,
      unitPriceMinor: overridden ? (line.priceOverrideMinor as number) : product.price_minor,
      taxRateBp: product.rate_bp,
      taxClassId: product.tax_class_id,
      discount: line.discount ?? null,
      product,
      listPriceMinor: overridden ? product.price_minor : null,
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
