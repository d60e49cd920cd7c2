import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataVersion } from '../../electron/core/context';
import { makeTill, type Till } from '../sales/fixture';

// Attaching a member changes nothing that is priced: the answer reuses the pricing of the change
// just before it (openSalePricing.ts), but only while nothing can have changed a price since —
// a write on the till's own connection, or a commit by another connection, prices the sale again.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const enroll = (name: string) =>
  till.call(till.cashier, 'loyalty.enroll', { name, email: `${name.replace(/\s/g, '').toLowerCase()}@example.com` });
const totals = (open: { totalMinor: number; lines: { unitPriceMinor: number }[] }) => ({
  totalMinor: open.totalMinor,
  prices: open.lines.map((line) => line.unitPriceMinor),
});

describe('attaching a member to a priced sale', () => {
  it('answers the sale priced as the scan before it did, with the member and what they earn', () => {
    const ana = enroll('Ana Lima');
    till.call(till.cashier, 'cart.addLine', { productId: till.products.tea.id, quantity: 2 });
    const scanned = till.call(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    const attached = till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    const { member, updatedAt: _a, ...rest } = attached;
    const { member: none, updatedAt: _b, ...before } = scanned;
    expect(none).toBeNull();
    expect(rest).toEqual(before);
    // 3.50 × 2 + 12.99 = 19.99: 19 points
    expect(member).toMatchObject({ id: ana.id, earnPoints: 19 });
    // and the same as a sale priced afresh
    expect(totals(till.call(till.cashier, 'cart.current', {}))).toEqual(totals(attached));
  });

  it('prices again after a price change made on this till between the scan and the attach', () => {
    const ana = enroll('Ana Lima');
    const scanned = till.call(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    expect(scanned.totalMinor).toBe(1299);
    const wine = till.call(till.manager, 'catalog.get', { id: till.products.wine.id });
    till.call(till.manager, 'catalog.upsertProduct', {
      id: wine.id,
      sku: wine.sku,
      name: wine.name,
      priceMinor: 1099,
      taxClassId: wine.taxClassId,
      barcodes: wine.barcodes,
    });
    const attached = till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    expect(totals(attached)).toEqual({ totalMinor: 1099, prices: [1099] });
    expect(attached.member.earnPoints).toBe(10);
  });

  it('prices again after another connection (a script, the sync worker) changed a price', () => {
    const ana = enroll('Ana Lima');
    till.call(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    const other = new Database(join(till.dir, 'till.db'));
    try {
      other.prepare('UPDATE products SET price_minor = 899 WHERE id = ?').run(till.products.wine.id);
    } finally {
      other.close();
    }
    const attached = till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    expect(totals(attached)).toEqual({ totalMinor: 899, prices: [899] });
  });

  it('leaves the caches that watch other connections working (settings, staff roles)', async () => {
    const ana = enroll('Ana Lima');
    till.call(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    // (the stamp shares the PRAGMA data_version statement with dataVersion(): it must still answer a number)
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(typeof dataVersion(till.terminal.sqlite)).toBe('number');
    const other = new Database(join(till.dir, 'till.db'));
    try {
      other.prepare("UPDATE settings SET value = '\"Other Store\"' WHERE key = 'storeName'").run();
    } finally {
      other.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(till.call(till.manager, 'settings.get', {}).storeName).toBe('Other Store');
  });

  it('a member taken off and put on again keeps the sale as priced', () => {
    const ana = enroll('Ana Lima');
    const scanned = till.call(till.cashier, 'cart.addLine', { productId: till.products.bread.id, quantity: 3 });
    till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    expect(totals(till.call(till.cashier, 'cart.setMember', { memberId: null }))).toEqual(totals(scanned));
    expect(totals(till.call(till.cashier, 'cart.setMember', { memberId: ana.id }))).toEqual(totals(scanned));
  });
});
