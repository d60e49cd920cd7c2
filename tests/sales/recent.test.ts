// sale.recent: the open shift's latest receipts on this terminal, newest first, a keyset page at a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/uuid';
import { makeTill, type Till, tableChecksum } from './fixture';

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

interface Recent {
  id: string;
  kind: 'sale' | 'refund';
  receiptNo: number;
  receiptCode: string;
  createdAt: number;
  totalMinor: number;
  itemCount: number;
  staffName: string;
  refundedMinor: number;
  refundable: boolean;
}

const recent = (input: { limit?: number; before?: number } = {}, session = till.cashier): Recent[] =>
  till.call(session, 'sale.recent', input);
const receiptNos = (rows: Recent[]) => rows.map((row) => row.receiptNo);

/** Sell units of products (tea €3.50, wine €12.99, bread €4.20), paid in cash, as `session`. */
function sell(lines: [product: 'tea' | 'wine' | 'bread', quantity: number][], session = till.cashier) {
  const totalMinor = lines.reduce((sum, [product, quantity]) => sum + till.products[product].priceMinor * quantity, 0);
  return till.call(session, 'sale.complete', {
    id: uuidv7(),
    lines: lines.map(([product, quantity]) => ({ productId: till.products[product].id, quantity })),
    payments: [{ method: 'cash', amountMinor: totalMinor, tenderedMinor: totalMinor }],
  });
}

function refund(sale: { id: string; lines: { id: string }[] }, lineIndex: number, quantity: number, session = till.cashier) {
  return till.call(session, 'sale.refund', {
    id: uuidv7(),
    originalSaleId: sale.id,
    lines: [{ originalLineId: sale.lines[lineIndex]?.id, quantity, restock: true }],
    payBack: 'cash',
  });
}

describe('sale.recent', () => {
  it('lists the shift’s receipts newest first, each with its code, total, items and who rang it', () => {
    const first = sell([
      ['tea', 2],
      ['wine', 1],
    ]);
    const second = sell([['bread', 1]], till.manager);
    const third = sell([['tea', 3]]);
    const rows = recent();
    expect(receiptNos(rows)).toEqual([3, 2, 1]);
    expect(rows.map((row) => row.id)).toEqual([third.id, second.id, first.id]);
    expect(rows[2]).toEqual({
      id: first.id,
      kind: 'sale',
      receiptNo: 1,
      receiptCode: 'T1-000001',
      createdAt: first.createdAt,
      totalMinor: 2 * 350 + 1299,
      itemCount: 3,
      staffName: 'Carl Cashier',
      refundedMinor: 0,
      refundable: true,
    });
    expect(rows.map((row) => [row.staffName, row.itemCount, row.totalMinor])).toEqual([
      ['Carl Cashier', 3, 1050],
      ['Maya Manager', 1, 420],
      ['Carl Cashier', 3, 1999],
    ]);
  });

  it('pages by keyset: limit, then before the last receipt number shown', () => {
    for (let i = 0; i < 5; i++) sell([['tea', 1]]);
    expect(receiptNos(recent())).toEqual([5, 4, 3, 2, 1]);
    const page1 = recent({ limit: 2 });
    expect(receiptNos(page1)).toEqual([5, 4]);
    const page2 = recent({ limit: 2, before: page1.at(-1)?.receiptNo ?? 0 });
    expect(receiptNos(page2)).toEqual([3, 2]);
    const page3 = recent({ limit: 2, before: page2.at(-1)?.receiptNo ?? 0 });
    expect(receiptNos(page3)).toEqual([1]);
    expect(recent({ limit: 2, before: 1 })).toEqual([]);
    // a sale rung while paging does not shift the pages already read (no offset)
    sell([['wine', 1]]);
    expect(receiptNos(recent({ limit: 2, before: 4 }))).toEqual([3, 2]);
    expect(receiptNos(recent({ limit: 1 }))).toEqual([6]);
  });

  it('shows a refund as kind refund, and on its sale what was refunded and whether anything is left', () => {
    const sale = sell([
      ['tea', 2],
      ['wine', 1],
    ]);
    const other = sell([['bread', 1]]);
    const partial = refund(sale, 0, 1);
    let rows = recent();
    expect(rows.map((row) => [row.receiptNo, row.kind])).toEqual([
      [3, 'refund'],
      [2, 'sale'],
      [1, 'sale'],
    ]);
    expect(rows[0]).toMatchObject({ id: partial.id, totalMinor: 350, itemCount: 1, refundedMinor: 0, refundable: false });
    expect(rows[1]).toMatchObject({ id: other.id, refundedMinor: 0, refundable: true });
    expect(rows[2]).toMatchObject({ id: sale.id, refundedMinor: 350, refundable: true });

    // the rest of it goes back: nothing is left to refund
    refund(sale, 0, 1);
    refund(sale, 1, 1);
    rows = recent();
    expect(rows.map((row) => row.kind)).toEqual(['refund', 'refund', 'refund', 'sale', 'sale']);
    expect(rows.find((row) => row.id === sale.id)).toMatchObject({ refundedMinor: 2 * 350 + 1299, refundable: false });
  });

  it('counts a weighed line as one item', () => {
    const reduced = till.call(till.manager, 'catalog.upsertTaxClass', { name: 'Produce', rateBp: 550 });
    const tomatoes = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'TOM-LOOSE',
      name: 'Loose Tomatoes',
      priceMinor: 349,
      taxClassId: reduced.id,
      soldByWeight: true,
      stockOnHand: 5000,
    });
    // 750 g at €3.49/kg is €2.62; and 2 teas
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [
        { productId: tomatoes.id, quantity: 750 },
        { productId: till.products.tea.id, quantity: 2 },
      ],
      payments: [{ method: 'card', amountMinor: 262 + 700 }],
    });
    expect(recent()).toMatchObject([{ id: sale.id, itemCount: 3, totalMinor: 962 }]);
  });

  it('lists only the open shift: not the receipts of shifts closed before, and nothing without an open shift', () => {
    sell([['tea', 1]]);
    sell([['tea', 1]]);
    expect(recent()).toHaveLength(2);
    till.call(till.cashier, 'shift.close', { counted: [] });
    expect(recent()).toEqual([]);

    till.call(till.cashier, 'shift.open', { openingFloatMinor: 5000 });
    expect(recent()).toEqual([]);
    const next = sell([['wine', 1]]);
    expect(recent()).toMatchObject([{ id: next.id, receiptNo: 3 }]);
    // even paging below the new shift's receipts reaches nothing of the old one
    expect(recent({ before: 3 })).toEqual([]);
  });

  it('answers [] on a terminal with no open shift at all', async () => {
    const closed = await makeTill({ openShift: false });
    try {
      expect(closed.call(closed.cashier, 'sale.recent', {})).toEqual([]);
    } finally {
      closed.close();
    }
  });

  it('writes nothing, and refuses bad input with VALIDATION', () => {
    sell([['tea', 1]]);
    const before = tableChecksum(till);
    recent({ limit: 50 });
    for (const input of [{ limit: 0 }, { limit: 51 }, { before: 0 }, { before: 1.5 }, { offset: 10 }, { before: '1' }]) {
      const result = till.raw(till.cashier, 'sale.recent', input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('VALIDATION');
    }
    expect(till.raw(till.anonymous, 'sale.recent', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(tableChecksum(till)).toBe(before);
  });
});
