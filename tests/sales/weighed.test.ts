// Products sold by weight: priced per kg, sold in grams, stock in grams — through the real router.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/barcode';
import { priceCart } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { makeTill, type Till, tableChecksum } from './fixture';

let till: Till;
let tomatoes: { id: string };

beforeEach(async () => {
  till = await makeTill();
  const reduced = till.call(till.manager, 'catalog.upsertTaxClass', { name: 'Produce', rateBp: 550 });
  // €3.49 per kg, 5 kg on hand
  tomatoes = till.call(till.manager, 'catalog.upsertProduct', {
    sku: 'TOM-LOOSE',
    name: 'Loose Tomatoes',
    priceMinor: 349,
    taxClassId: reduced.id,
    soldByWeight: true,
    stockOnHand: 5000,
    barcodes: ['2000000000015'],
  });
});
afterEach(() => till.close());

const stockOf = (id: string) =>
  (till.terminal.sqlite.prepare('SELECT stock_on_hand AS s FROM products WHERE id = ?').get(id) as { s: number }).s;

/** Sell grams of tomatoes (and pieces of other products), paid by card for what the shared pricing says. */
function sellGrams(grams: number, extra: { productId: string; quantity: number; unitPriceMinor: number; taxRateBp: number }[] = []) {
  const cart = priceCart({
    lines: [
      { id: 't', quantity: grams, weighed: true, unitPriceMinor: 349, taxRateBp: 550 },
      ...extra.map((line, i) => ({
        id: String(i),
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        taxRateBp: line.taxRateBp,
      })),
    ],
    pricesIncludeTax: true,
    taxRounding: 'line',
  });
  return till.call(till.cashier, 'sale.complete', {
    id: uuidv7(),
    lines: [{ productId: tomatoes.id, quantity: grams }, ...extra.map(({ productId, quantity }) => ({ productId, quantity }))],
    payments: [{ method: 'card', amountMinor: cart.totalMinor, last4: '4242' }],
  });
}

describe('selling by weight', () => {
  it('the catalogue says so: get, lookup and search carry soldByWeight', () => {
    expect(till.call(till.cashier, 'catalog.get', { id: tomatoes.id }).soldByWeight).toBe(true);
    expect(till.call(till.cashier, 'catalog.lookupBarcode', { code: '2000000000015' }).soldByWeight).toBe(true);
    const hits = till.call(till.cashier, 'catalog.search', { query: 'loose tom' }).items;
    expect(hits[0]).toMatchObject({ id: tomatoes.id, soldByWeight: true });
    expect(till.call(till.cashier, 'catalog.get', { id: till.products.tea.id }).soldByWeight).toBe(false);
  });

  it('0.750 kg at €3.49/kg is €2.62 (2.6175 rounded), stock and its movement in grams', () => {
    const sale = sellGrams(750, [{ productId: till.products.tea.id, quantity: 2, unitPriceMinor: 350, taxRateBp: 550 }]);
    const line = sale.lines.find((l: { productId: string }) => l.productId === tomatoes.id);
    expect(line).toMatchObject({ quantity: 750, weighed: true, unitPriceMinor: 349, totalMinor: 262 });
    expect(sale.lines.find((l: { productId: string }) => l.productId === till.products.tea.id)).toMatchObject({
      quantity: 2,
      weighed: false,
    });
    expect(sale.totalMinor).toBe(262 + 700);
    expect(stockOf(tomatoes.id)).toBe(4250);
    expect(
      till.terminal.sqlite.prepare("SELECT delta FROM stock_movements WHERE product_id = ? AND reason = 'sale'").all(tomatoes.id),
    ).toEqual([{ delta: -750 }]);
    expect(till.call(till.manager, 'journal.verify', {}).ok).toBe(true);
  });

  it('the receipt prints the weight and the kg price', () => {
    const sale = sellGrams(1250);
    const { html } = till.call(till.cashier, 'receipt.render', { saleId: sale.id, format: 'html' });
    expect(html).toContain('1.250 kg × €3.49/kg');
  });

  it('more than is on the scale of the stock: a sentence in kg, nothing written', () => {
    sellGrams(4000);
    const before = tableChecksum(till);
    const result = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: tomatoes.id, quantity: 1500 }],
      payments: [{ method: 'card', amountMinor: 524, last4: '4242' }],
    });
    expect(!result.ok && result.error.code).toBe('INSUFFICIENT_STOCK');
    expect(!result.ok && result.error.message).toBe('Only 1.000 kg left in stock of “Loose Tomatoes”.');
    expect(tableChecksum(till)).toBe(before);
  });

  it('refunds by weight, never more than was weighed, back to stock', () => {
    const sale = sellGrams(800);
    const line = sale.lines[0];
    const refund = till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: line.id, quantity: 300, restock: true }],
      payBack: 'original',
    });
    expect(refund.lines[0]).toMatchObject({ quantity: 300, weighed: true });
    expect(stockOf(tomatoes.id)).toBe(5000 - 800 + 300);
    const tooMuch = till.raw(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: line.id, quantity: 600, restock: true }],
      payBack: 'cash',
    });
    expect(!tooMuch.ok && tooMuch.error.message).toBe('Only 0.500 kg of “Loose Tomatoes” can still be refunded.');
    // the rest, exactly: the two refunds add up to what was charged
    const rest = till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: line.id, quantity: 500, restock: true }],
      payBack: 'original',
    });
    expect(refund.totalMinor + rest.totalMinor).toBe(sale.totalMinor);
    expect(stockOf(tomatoes.id)).toBe(5000);
  });

  it('a refund without a receipt prices the weight per kg (manager)', () => {
    const refund = till.call(till.manager, 'sale.refund', {
      id: uuidv7(),
      lines: [{ productId: tomatoes.id, quantity: 500, restock: false }],
      payBack: 'cash',
    });
    expect(refund.lines[0]).toMatchObject({ quantity: 500, weighed: true, totalMinor: 175 });
  });

  it('switching a product between pieces and weight asks for the stock again, in the new unit', () => {
    const input = {
      id: tomatoes.id,
      sku: 'TOM-LOOSE',
      name: 'Loose Tomatoes',
      priceMinor: 349,
      taxClassId: till.call(till.cashier, 'catalog.get', { id: tomatoes.id }).taxClassId,
    };
    const before = tableChecksum(till);
    const refused = till.raw(till.manager, 'catalog.upsertProduct', { ...input, soldByWeight: false });
    expect(!refused.ok && refused.error.code).toBe('VALIDATION');
    expect(!refused.ok && refused.error.message).toContain('give the stock again (in pieces)');
    expect(tableChecksum(till)).toBe(before);
    const switched = till.call(till.manager, 'catalog.upsertProduct', { ...input, soldByWeight: false, stockOnHand: 20 });
    expect(switched).toMatchObject({ soldByWeight: false, stockOnHand: 20 });
  });
});

describe('weight labels from the store’s scales', () => {
  // the deli's scale prints 28 | item 40213 | grams | check
  const base = withCheckDigit('284021300000');
  const labelFor = (grams: number) => withCheckDigit(`2840213${String(grams).padStart(5, '0')}`);
  let ham: { id: string };
  /** give the piece-sold tea this barcode */
  const teaWithBarcode = (code: string) => {
    const { id, sku, name, priceMinor, taxClassId, soldByWeight } = till.call(till.cashier, 'catalog.get', { id: till.products.tea.id });
    return till.call(till.manager, 'catalog.upsertProduct', { id, sku, name, priceMinor, taxClassId, soldByWeight, barcodes: [code] });
  };

  beforeEach(() => {
    const tax = till.call(till.cashier, 'catalog.get', { id: tomatoes.id }).taxClassId;
    ham = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'DELI-HAM',
      name: 'Smoked Ham (deli)',
      priceMinor: 1990,
      taxClassId: tax,
      soldByWeight: true,
      stockOnHand: 8000,
      barcodes: [base],
    });
  });

  it('are plain unknown codes until the store names its scales’ prefixes', () => {
    const result = till.raw(till.cashier, 'catalog.lookupBarcode', { code: labelFor(750) });
    expect(!result.ok && result.error.code).toBe('NOT_FOUND');
  });

  it('find the item by its base code and carry the weight; a sale of it needs no weighing', () => {
    till.call(till.manager, 'settings.update', { scaleLabelPrefixes: ['28'] });
    const found = till.call(till.cashier, 'catalog.lookupBarcode', { code: labelFor(412) });
    expect(found).toMatchObject({ id: ham.id, soldByWeight: true, scaleGrams: 412 });
    // an ordinary scan answers no weight
    expect(till.call(till.cashier, 'catalog.lookupBarcode', { code: base }).scaleGrams).toBeNull();
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: ham.id, quantity: found.scaleGrams }],
      payments: [{ method: 'card', amountMinor: 820, last4: '4242' }],
    });
    // 0.412 kg × €19.90 = €8.1988 → €8.20
    expect(sale.lines[0]).toMatchObject({ quantity: 412, weighed: true, totalMinor: 820 });
  });

  it('a label for a piece product or an unregistered item is explained', () => {
    till.call(till.manager, 'settings.update', { scaleLabelPrefixes: ['28'] });
    // a label of 0 g is the item's own code: an ordinary scan, weighed at the till
    expect(till.call(till.cashier, 'catalog.lookupBarcode', { code: labelFor(0) })).toMatchObject({ id: ham.id, scaleGrams: null });
    const unknown = till.raw(till.cashier, 'catalog.lookupBarcode', { code: withCheckDigit('289999900500') });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    expect(!unknown.ok && unknown.error.message).toContain('No product is registered for the scale label');
    teaWithBarcode(withCheckDigit('285550000000'));
    const piece = till.raw(till.cashier, 'catalog.lookupBarcode', { code: withCheckDigit('285550000250') });
    expect(!piece.ok && piece.error.message).toBe('“Green Tea” is sold by the piece: a scale label cannot sell it by weight.');
  });

  it('a code registered as it is wins over reading it as a label', () => {
    till.call(till.manager, 'settings.update', { scaleLabelPrefixes: ['28'] });
    const tea = teaWithBarcode(labelFor(300));
    expect(till.call(till.cashier, 'catalog.lookupBarcode', { code: labelFor(300) })).toMatchObject({ id: tea.id, scaleGrams: null });
  });

  it('refuses prefixes that are no restricted-circulation range, or twice the same', () => {
    for (const scaleLabelPrefixes of [['40'], ['2'], ['28', '28']]) {
      const result = till.raw(till.manager, 'settings.update', { scaleLabelPrefixes });
      expect(!result.ok && result.error.code).toBe('VALIDATION');
    }
  });
});

describe('a product that changes unit (pieces ↔ weight)', () => {
  it('a price change alone keeps it weighed (and off sale, and untracked, if it was)', () => {
    const { taxClassId } = till.call(till.cashier, 'catalog.get', { id: tomatoes.id });
    till.call(till.manager, 'catalog.setActive', { id: tomatoes.id, active: false });
    const changed = till.call(till.manager, 'catalog.upsertProduct', {
      id: tomatoes.id,
      sku: 'TOM-LOOSE',
      name: 'Loose Tomatoes',
      priceMinor: 399,
      taxClassId,
    });
    expect(changed).toMatchObject({ priceMinor: 399, soldByWeight: true, active: false, tracksStock: true, stockOnHand: 5000 });
  });

  it('a line the till counted in the other unit is refused, and nothing is written', () => {
    const before = tableChecksum(till);
    const result = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: tomatoes.id, quantity: 2, weighed: false }],
      payments: [{ method: 'card', amountMinor: 1, last4: '4242' }],
    });
    expect(!result.ok && result.error.message).toBe(
      '“Loose Tomatoes” is sold by weight now, not as it was when it was scanned: remove it and scan it again.',
    );
    expect(tableChecksum(till)).toBe(before);
  });

  it('pieces sold before the switch cannot go back to a stock now kept in grams; refunded without restock they can', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 2, weighed: false }],
      payments: [{ method: 'card', amountMinor: 700, last4: '4242' }],
    });
    const { id, sku, name, priceMinor, taxClassId } = till.call(till.cashier, 'catalog.get', { id: till.products.tea.id });
    till.call(till.manager, 'catalog.upsertProduct', { id, sku, name, priceMinor, taxClassId, soldByWeight: true, stockOnHand: 5000 });
    const before = tableChecksum(till);
    const refused = till.raw(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lines[0].id, quantity: 2, restock: true }],
      payBack: 'original',
    });
    expect(!refused.ok && refused.error.message).toContain('was sold by the piece on this receipt but is sold by weight now');
    expect(tableChecksum(till)).toBe(before);
    const refund = till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lines[0].id, quantity: 2, restock: false }],
      payBack: 'original',
    });
    expect(refund.lines[0]).toMatchObject({ quantity: 2, weighed: false, totalMinor: 700 });
    expect(stockOf(till.products.tea.id)).toBe(5000);
  });
});
