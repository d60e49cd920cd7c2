import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../src/shared/contract';
import { eventSchemas } from '../../src/shared/events';
import { checksum, countRows, ean13, errorOf, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
});
afterAll(() => t?.close());

function productId(sku: string): string {
  const product = t.catalogue.bySku.get(sku);
  if (!product) expect.fail(`no product ${sku}`);
  return product.id;
}

function stockOf(sku: string): number {
  return (t.sqlite.prepare('SELECT stock_on_hand AS s FROM products WHERE sku = ?').get(sku) as { s: number }).s;
}

function stockEvents(): { v: number; productId: string; delta: number; reason: string; batchId?: string | null; stockAfter: number }[] {
  return (t.sqlite.prepare("SELECT payload FROM outbox WHERE topic = 'stock.moved' ORDER BY seq").all() as { payload: string }[]).map(
    (row) => eventSchemas['stock.moved'].parse(JSON.parse(row.payload)),
  );
}

/** Sell one piece of a product (opens a shift when there is none). */
function sellOne(sku: string): void {
  const shift = okData<{ id: string } | null>(t.call('shift.current', {}, t.manager));
  if (!shift) okData(t.call('shift.open', { openingFloatMinor: 0 }, t.manager));
  const product = t.catalogue.bySku.get(sku);
  if (!product) expect.fail(`no product ${sku}`);
  okData(
    t.call(
      'sale.complete',
      {
        id: randomUUID(),
        lines: [{ productId: product.id, quantity: 1 }],
        payments: [{ method: 'card', amountMinor: product.priceMinor, last4: '4242' }],
      },
      t.manager,
    ),
  );
}

describe('stock.receive', () => {
  it('adds each line to stock with a receipt movement, an event and one audit row; a retry adds nothing more', () => {
    const id = randomUUID();
    const before = { a: stockOf('SKU-004'), b: stockOf('SKU-005') };
    const input = {
      id,
      lines: [
        { productId: productId('SKU-004'), quantity: 24 },
        { barcode: ean13(505), quantity: 6 },
      ],
      note: 'Delivery 118',
    };
    const result = okData<ChannelOutput<'stock.receive'>>(t.call('stock.receive', input, t.manager));
    expect(result.movements.map((m) => [m.sku, m.delta, m.reason, m.batchId, m.note])).toEqual([
      ['SKU-004', 24, 'receipt', id, 'Delivery 118'],
      ['SKU-005', 6, 'receipt', id, 'Delivery 118'],
    ]);
    expect(stockOf('SKU-004')).toBe(before.a + 24);
    expect(stockOf('SKU-005')).toBe(before.b + 6);
    expect(result.products.find((p) => p.sku === 'SKU-005')?.stockOnHand).toBe(before.b + 6);
    const events = stockEvents().filter((e) => e.batchId === id);
    expect(events.map((e) => [e.v, e.delta, e.reason, e.stockAfter])).toEqual([
      [2, 24, 'receipt', before.a + 24],
      [2, 6, 'receipt', before.b + 6],
    ]);
    expect(countRows(t.sqlite, 'audit_log', "action = 'stock.receive' AND entity_id = ?", id)).toBe(1);

    const sum = checksum(t.sqlite);
    expect(okData<ChannelOutput<'stock.receive'>>(t.call('stock.receive', input, t.manager)).movements).toHaveLength(2);
    expect(checksum(t.sqlite)).toBe(sum);
    // the same id for another delivery is refused, and changes nothing
    errorOf(t.call('stock.receive', { ...input, lines: [{ productId: productId('SKU-004'), quantity: 25 }] }, t.manager), 'CONFLICT');
    expect(checksum(t.sqlite)).toBe(sum);
  });

  it('refuses a product that does not track stock, a product twice and an unknown barcode, changing nothing', () => {
    const sum = checksum(t.sqlite);
    errorOf(
      t.call('stock.receive', { id: randomUUID(), lines: [{ productId: productId('SKU-029'), quantity: 1 }] }, t.manager),
      'VALIDATION',
    );
    const twice = [
      { productId: productId('SKU-004'), quantity: 1 },
      { barcode: ean13(4), quantity: 2 },
    ];
    errorOf(t.call('stock.receive', { id: randomUUID(), lines: twice }, t.manager), 'VALIDATION');
    errorOf(t.call('stock.receive', { id: randomUUID(), lines: [{ barcode: ean13(777), quantity: 1 }] }, t.manager), 'NOT_FOUND');
    errorOf(
      t.call('stock.receive', { id: randomUUID(), lines: [{ productId: productId('SKU-004'), quantity: 1 }] }, t.cashier),
      'FORBIDDEN',
    );
    expect(checksum(t.sqlite)).toBe(sum);
  });
});

describe('stock.adjust', () => {
  it('takes damaged and stolen stock off, never below zero, and checks the sign of each reason', () => {
    const id = productId('SKU-006');
    const before = stockOf('SKU-006');
    const damaged = okData<ChannelOutput<'stock.adjust'>>(
      t.call('stock.adjust', { id: randomUUID(), productId: id, delta: -2, reason: 'damaged', note: 'Crushed' }, t.manager),
    );
    expect(damaged.movement).toMatchObject({ delta: -2, reason: 'damaged', note: 'Crushed', staffName: 'Mara Manager' });
    expect(damaged.product.stockOnHand).toBe(before - 2);
    const sum = checksum(t.sqlite);
    const refused = errorOf(
      t.call('stock.adjust', { id: randomUUID(), productId: id, delta: -(before + 1), reason: 'theft' }, t.manager),
      'INSUFFICIENT_STOCK',
    );
    expect(refused.message).toContain(`Only ${before - 2}`);
    errorOf(t.call('stock.adjust', { id: randomUUID(), productId: id, delta: 3, reason: 'theft' }, t.manager), 'VALIDATION');
    errorOf(t.call('stock.adjust', { id: randomUUID(), productId: id, delta: -3, reason: 'receipt' }, t.manager), 'VALIDATION');
    errorOf(t.call('stock.adjust', { id: randomUUID(), productId: 'nope', delta: -1, reason: 'theft' }, t.manager), 'NOT_FOUND');
    expect(checksum(t.sqlite)).toBe(sum);
    const corrected = okData<ChannelOutput<'stock.adjust'>>(
      t.call('stock.adjust', { id: randomUUID(), barcode: ean13(6), delta: 5, reason: 'count_correction' }, t.manager),
    );
    expect(corrected.product.stockOnHand).toBe(before + 3);
    expect(countRows(t.sqlite, 'audit_log', "action = 'stock.adjust' AND entity_id = ?", id)).toBe(2);
  });

  it('keeps a product sold by weight in grams', () => {
    const product = okData<{ id: string }>(
      t.call(
        'catalog.upsertProduct',
        {
          sku: 'CHEESE-KG',
          name: 'Comté by weight',
          priceMinor: 2490,
          taxClassId: t.catalogue.taxClassIds.reduced,
          soldByWeight: true,
          stockOnHand: 5000,
        },
        t.manager,
      ),
    );
    const result = okData<ChannelOutput<'stock.adjust'>>(
      t.call('stock.adjust', { id: randomUUID(), productId: product.id, delta: -250, reason: 'damaged' }, t.manager),
    );
    expect(result.product).toMatchObject({ soldByWeight: true, stockOnHand: 4750 });
    const refused = errorOf(t.call('stock.adjust', { id: randomUUID(), productId: product.id, delta: -5000, reason: 'theft' }, t.manager));
    expect(refused.message).toContain('4.750 kg');
  });
});

describe('stock counts', () => {
  it('applies counted − expected (taken when the product was counted), so a sale made meanwhile still counts', () => {
    const countId = randomUUID();
    const count = okData<ChannelOutput<'stock.countStart'>>(t.call('stock.countStart', { id: countId, note: 'Sweets' }, t.manager));
    expect(count).toMatchObject({ id: countId, status: 'open', lines: 0 });
    // a retry answers the same count; a second count is refused while this one is open
    expect(okData<{ id: string }>(t.call('stock.countStart', { id: countId }, t.manager)).id).toBe(countId);
    errorOf(t.call('stock.countStart', { id: randomUUID() }, t.manager), 'CONFLICT');

    const sweets = { a: stockOf('SKU-021'), b: stockOf('SKU-022') };
    const line = okData<ChannelOutput<'stock.countRecord'>>(
      t.call('stock.countRecord', { countId, productId: productId('SKU-021'), counted: 7 }, t.manager),
    );
    expect(line).toMatchObject({ counted: 7, expected: sweets.a, difference: 7 - sweets.a });
    // scanning piece by piece adds up
    for (let i = 0; i < 3; i++) okData(t.call('stock.countRecord', { countId, barcode: ean13(22), counted: 1, add: true }, t.manager));
    // one of SKU-021 is sold after it was counted: it was no longer on the shelf the count saw
    sellOne('SKU-021');
    expect(stockOf('SKU-021')).toBe(sweets.a - 1);

    const got = okData<ChannelOutput<'stock.countGet'>>(t.call('stock.countGet', {}, t.manager));
    expect(got.lines.map((l) => [l.sku, l.counted, l.expected, l.stockOnHand])).toEqual([
      ['SKU-022', 3, sweets.b, sweets.b],
      ['SKU-021', 7, sweets.a, sweets.a - 1],
    ]);

    const applied = okData<ChannelOutput<'stock.countApply'>>(t.call('stock.countApply', { countId }, t.manager));
    expect(applied).toMatchObject({ movements: 2, netDifference: 7 - sweets.a + (3 - sweets.b) });
    expect(applied.count.status).toBe('applied');
    // central's shrinkage report: every counted line with what was expected when it was counted
    const counted = t.sqlite.prepare("SELECT entity_id, payload FROM outbox WHERE topic = 'stock.counted'").all() as {
      entity_id: string;
      payload: string;
    }[];
    expect(counted.map((row) => row.entity_id)).toEqual([countId]);
    expect(JSON.parse(counted[0]?.payload ?? '{}')).toMatchObject({
      v: 1,
      countId,
      lines: expect.arrayContaining([
        { productId: productId('SKU-021'), counted: 7, expected: sweets.a },
        { productId: productId('SKU-022'), counted: 3, expected: sweets.b },
      ]),
    });
    expect(stockOf('SKU-021')).toBe(6);
    expect(stockOf('SKU-022')).toBe(3);
    const movements = okData<ChannelOutput<'stock.movements'>>(t.call('stock.movements', { reason: 'count_correction' }, t.manager));
    expect(
      movements.items
        .filter((m) => m.batchId === countId)
        .map((m) => m.sku)
        .sort(),
    ).toEqual(['SKU-021', 'SKU-022']);

    // applied is final: no more lines, no second apply, no cancel
    const sum = checksum(t.sqlite);
    errorOf(t.call('stock.countRecord', { countId, productId: productId('SKU-021'), counted: 1 }, t.manager), 'CONFLICT');
    errorOf(t.call('stock.countApply', { countId }, t.manager), 'CONFLICT');
    errorOf(t.call('stock.countCancel', { countId }, t.manager), 'CONFLICT');
    expect(checksum(t.sqlite)).toBe(sum);
    expect(countRows(t.sqlite, 'audit_log', "action IN ('stock.countStart', 'stock.countApply') AND entity_id = ?", countId)).toBe(2);
  });

  it('moves nothing when a count is cancelled, and refuses products that do not track stock', () => {
    const countId = okData<{ id: string }>(t.call('stock.countStart', { id: randomUUID() }, t.manager)).id;
    const before = stockOf('SKU-024');
    okData(t.call('stock.countRecord', { countId, productId: productId('SKU-024'), counted: 0 }, t.manager));
    const sum = checksum(t.sqlite);
    errorOf(t.call('stock.countRecord', { countId, productId: productId('SKU-029'), counted: 1 }, t.manager), 'VALIDATION');
    expect(checksum(t.sqlite)).toBe(sum);
    expect(okData<{ status: string }>(t.call('stock.countCancel', { countId }, t.manager)).status).toBe('cancelled');
    expect(stockOf('SKU-024')).toBe(before);
    errorOf(t.call('stock.countGet', {}, t.manager), 'NOT_FOUND');
  });
});

describe('stock.movements and stock.low', () => {
  it('pages the movements newest first and filters them by product, reason and dates', () => {
    const id = productId('SKU-027');
    for (let i = 1; i <= 5; i++) okData(t.call('stock.receive', { id: randomUUID(), lines: [{ productId: id, quantity: i }] }, t.manager));
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = okData<ChannelOutput<'stock.movements'>>(
        t.call('stock.movements', { productId: id, reason: 'receipt', limit: 2, ...(cursor ? { cursor } : {}) }, t.manager),
      );
      seen.push(...page.items.map((m) => m.delta));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    const all = okData<ChannelOutput<'stock.movements'>>(t.call('stock.movements', { productId: id }, t.manager)).items;
    // the fixture's opening stock (adjustment) comes last
    expect(all.map((m) => m.reason)).toEqual(['receipt', 'receipt', 'receipt', 'receipt', 'receipt', 'adjustment']);
    const last = all[0]?.createdAt ?? 0;
    expect(okData<ChannelOutput<'stock.movements'>>(t.call('stock.movements', { productId: id, from: last + 1 }, t.manager)).items).toEqual(
      [],
    );
    expect(
      okData<ChannelOutput<'stock.movements'>>(t.call('stock.movements', { productId: id, to: last + 1 }, t.manager)).items.length,
    ).toBe(6);
    errorOf(t.call('stock.movements', { cursor: 'made-up' }, t.manager), 'VALIDATION');
  });

  it('lists tracked, active products at or below their reorder level or the threshold, lowest first', () => {
    okData(t.call('stock.adjust', { id: randomUUID(), productId: productId('SKU-028'), delta: -9, reason: 'damaged' }, t.manager));
    okData(t.call('stock.setReorderLevel', { productId: productId('SKU-025'), reorderLevel: 12 }, t.manager));
    const low = (threshold: number) => {
      const items: { sku: string; stockOnHand: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = okData<ChannelOutput<'stock.low'>>(
          t.call('stock.low', { threshold, limit: 3, ...(cursor ? { cursor } : {}) }, t.manager),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    };
    const items = low(1);
    expect(items.map((i) => i.sku)).toEqual(expect.arrayContaining(['SKU-028', 'SKU-025']));
    // SKU-018 and SKU-030 are off sale, SKU-029 tracks no stock
    expect(items.some((i) => ['SKU-018', 'SKU-029', 'SKU-030'].includes(i.sku))).toBe(false);
    expect(items.map((i) => i.stockOnHand)).toEqual([...items.map((i) => i.stockOnHand)].sort((a, b) => a - b));
    expect(low(10).length).toBeGreaterThan(items.length);
    expect(countRows(t.sqlite, 'audit_log', "action = 'stock.setReorderLevel'")).toBeGreaterThanOrEqual(1);
    const event = t.sqlite
      .prepare("SELECT payload FROM outbox WHERE topic = 'stock.reorderLevelSet' AND entity_id = ? ORDER BY seq DESC")
      .get(productId('SKU-025')) as { payload: string };
    expect(JSON.parse(event.payload)).toMatchObject({ v: 1, productId: productId('SKU-025'), reorderLevel: 12 });
  });

  it('gives every product’s stock on hand from the outbox events alone', () => {
    const stock = new Map<string, number>();
    const rows = t.sqlite.prepare('SELECT topic, payload FROM outbox ORDER BY seq').all() as { topic: string; payload: string }[];
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as {
        productId: string;
        delta: number;
        stockMovements?: { productId: string; delta: number }[];
      };
      if (row.topic === 'stock.moved') stock.set(payload.productId, (stock.get(payload.productId) ?? 0) + payload.delta);
      if (row.topic === 'sale.completed' || row.topic === 'refund.completed')
        for (const m of payload.stockMovements ?? []) stock.set(m.productId, (stock.get(m.productId) ?? 0) + m.delta);
    }
    const products = t.sqlite.prepare('SELECT id, stock_on_hand AS s FROM products').all() as { id: string; s: number }[];
    for (const p of products) expect({ id: p.id, stock: stock.get(p.id) ?? 0 }).toEqual({ id: p.id, stock: p.s });
  });
});
