import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/barcode';
import { makeTill, type Till, tableChecksum } from '../sales/fixture';

// A member on a sale: attached by id or by scanning the card, points earned when the sale
// completes (in its transaction, excluded products earning none, the tier's multiplier applied),
// the tier moving up with the year's spend, and refunds taking the points back in proportion.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const enroll = (name: string) =>
  till.call(till.cashier, 'loyalty.enroll', { name, email: `${name.replace(/\s/g, '').toLowerCase()}@example.com` });
const card = (amountMinor: number) => ({ method: 'card', amountMinor });
const balance = (id: string) => till.call(till.cashier, 'loyalty.get', { id }).pointsBalance as number;

/** The sale in progress: the given products, the member attached, paid by card. */
function sellTo(memberId: string | null, items: { id: string; quantity?: number }[]) {
  for (const item of items) till.call(till.cashier, 'cart.addLine', { productId: item.id, quantity: item.quantity ?? 1 });
  if (memberId) till.call(till.cashier, 'cart.setMember', { memberId });
  const open = till.call(till.cashier, 'cart.current', {});
  return till.call(till.cashier, 'sale.complete', { id: open.id, payments: [card(open.totalMinor)] });
}

describe('a member on the sale in progress', () => {
  it('is attached by id or by the scanned card, shows what the sale will earn, and is detached again', () => {
    const ana = enroll('Ana Lima');
    const scanned = till.call(till.cashier, 'cart.addLine', { code: ana.cardNumber });
    expect(scanned.lines).toEqual([]);
    expect(scanned.member).toMatchObject({ id: ana.id, name: 'Ana Lima', tier: 'bronze', pointsBalance: 0, earnPoints: 0 });
    // wine 12.99 × 2 = 25.98: 25 points at 1 a euro
    const open = till.call(till.cashier, 'cart.addLine', { productId: till.products.wine.id, quantity: 2 });
    expect(open.member.earnPoints).toBe(25);
    expect(till.call(till.cashier, 'cart.setMember', { memberId: null }).member).toBeNull();
  });

  it('a product registered under a code in the card range is the product, not a card', () => {
    const code = withCheckDigit('270000000123');
    const product = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'IN-STORE-1',
      name: 'In-store coded bun',
      priceMinor: 90,
      taxClassId: 'zero',
      tracksStock: false,
      barcodes: [code],
    });
    const open = till.call(till.cashier, 'cart.addLine', { code });
    expect(open.lines.map((line: { productId: string }) => line.productId)).toEqual([product.id]);
    expect(open.member).toBeNull();
  });

  it('is parked and resumed with the sale', () => {
    const ana = enroll('Ana Lima');
    till.call(till.cashier, 'cart.addLine', { productId: till.products.tea.id });
    till.call(till.cashier, 'cart.setMember', { memberId: ana.id });
    const parked = till.call(till.cashier, 'cart.park', { label: 'Ana' });
    expect(till.call(till.cashier, 'cart.resume', { id: parked.id }).member).toMatchObject({ id: ana.id });
  });

  it('refuses a stopped card, an unknown card and a misread one, and changes nothing', () => {
    const ana = enroll('Ana Lima');
    till.call(till.manager, 'loyalty.deactivate', { id: ana.id, reason: 'Card reported lost' });
    const refused = (input: unknown, code: string) => {
      const before = tableChecksum(till);
      const result = till.raw(till.cashier, 'cart.addLine', input);
      expect(result.ok ? null : result.error.code).toBe(code);
      expect(tableChecksum(till)).toBe(before);
      return result.ok ? '' : result.error.message;
    };
    expect(refused({ code: ana.cardNumber }, 'CONFLICT')).toMatch(/stopped/);
    const misread = `${ana.cardNumber.slice(0, 12)}${(Number(ana.cardNumber[12]) + 1) % 10}`;
    expect(refused({ code: misread }, 'INVALID_BARCODE')).toMatch(/last digit should be/);
    const unknown = enroll('Bo Berg').cardNumber;
    till.call(till.manager, 'loyalty.erase', {
      id: till.call(till.cashier, 'loyalty.find', { query: unknown }).items[0].id,
      reason: 'Asked to be forgotten',
    });
    expect(refused({ code: unknown }, 'NOT_FOUND')).toMatch(/No member has the card/);
  });
});

describe('earning', () => {
  it('earns on sale.complete in the same transaction: the ledger row names the sale, the sale names the member, the journal still verifies', () => {
    const ana = enroll('Ana Lima');
    const sale = sellTo(ana.id, [{ id: till.products.wine.id, quantity: 2 }, { id: till.products.tea.id }]);
    expect(sale.memberId).toBe(ana.id);
    // 25.98 + 3.50 = 29.48: 29 points
    expect(balance(ana.id)).toBe(29);
    const row = till.terminal.sqlite.prepare('SELECT kind, points, sale_id AS saleId FROM points_ledger WHERE member_id = ?').get(ana.id);
    expect(row).toEqual({ kind: 'earn', points: 29, saleId: sale.id });
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
    const event = JSON.parse(
      (till.terminal.sqlite.prepare("SELECT payload FROM outbox WHERE topic = 'sale.completed'").get() as { payload: string }).payload,
    );
    expect(event.memberId).toBe(ana.id);
    // a retry of the same sale earns nothing more
    till.call(till.cashier, 'sale.complete', { id: sale.id, payments: [card(sale.totalMinor)] });
    expect(balance(ana.id)).toBe(29);
  });

  it('a sale without a member is journalled exactly as before loyalty (no member field)', () => {
    const sale = sellTo(null, [{ id: till.products.tea.id }]);
    const payload = (till.terminal.sqlite.prepare('SELECT payload FROM journal WHERE document_id = ?').get(sale.id) as { payload: string })
      .payload;
    expect(payload).not.toContain('member_id');
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true });
  });

  it('excluded products and categories earn nothing; the tier multiplies', () => {
    till.call(till.manager, 'settings.update', {
      loyalty: {
        excludedProductIds: [till.products.wine.id],
        tierMultiplierBp: { bronze: 20_000, silver: 10_000, gold: 10_000, platinum: 10_000 },
      },
    });
    const ana = enroll('Ana Lima');
    sellTo(ana.id, [
      { id: till.products.wine.id, quantity: 3 },
      { id: till.products.bread.id, quantity: 3 },
    ]);
    // only the bread (12.60 → 12 units) earns, doubled for bronze
    expect(balance(ana.id)).toBe(24);
  });

  it('moves the tier up at once when the year’s spend reaches a threshold', () => {
    till.call(till.manager, 'settings.update', { loyalty: { tierThresholdsMinor: { silver: 3000, gold: 10_000, platinum: 1_000_000 } } });
    const ana = enroll('Ana Lima');
    sellTo(ana.id, [{ id: till.products.wine.id, quantity: 2 }]);
    expect(till.call(till.cashier, 'loyalty.get', { id: ana.id }).tier).toBe('bronze');
    sellTo(ana.id, [{ id: till.products.wine.id }]);
    expect(till.call(till.cashier, 'loyalty.get', { id: ana.id }).tier).toBe('silver');
    // central hears of it: the member's record as changed
    const events = till.terminal.sqlite.prepare("SELECT payload FROM outbox WHERE topic = 'member.upserted' ORDER BY seq").all() as {
      payload: string;
    }[];
    expect(JSON.parse(events.at(-1)?.payload ?? '{}')).toMatchObject({ id: ana.id, tier: 'silver' });
  });
});

describe('refunds take points back', () => {
  it('in proportion to what is refunded, all of them once the whole sale is back', () => {
    const ana = enroll('Ana Lima');
    const sale = sellTo(ana.id, [{ id: till.products.wine.id, quantity: 4 }]);
    expect(balance(ana.id)).toBe(51);
    const line = sale.lines[0].id;
    const refund = (quantity: number) =>
      till.call(till.manager, 'sale.refund', {
        id: crypto.randomUUID(),
        originalSaleId: sale.id,
        lines: [{ originalLineId: line, quantity, restock: true }],
        payBack: 'original',
      });
    const first = refund(1);
    expect(first.memberId).toBe(ana.id);
    // a quarter of 51, rounded down: 12
    expect(balance(ana.id)).toBe(39);
    refund(3);
    expect(balance(ana.id)).toBe(0);
    const kinds = till.terminal.sqlite.prepare('SELECT kind, points FROM points_ledger WHERE member_id = ? ORDER BY seq').all(ana.id);
    expect(kinds).toEqual([
      { kind: 'earn', points: 51 },
      { kind: 'refund_reversal', points: -12 },
      { kind: 'refund_reversal', points: -39 },
    ]);
  });

  it('stop at zero when the points were spent (the row says how many could not be taken back), or go below when the store allows', () => {
    const ana = enroll('Ana Lima');
    const bo = enroll('Bo Berg');
    const sale = sellTo(ana.id, [{ id: till.products.wine.id, quantity: 4 }]);
    till.call(till.cashier, 'loyalty.transfer', { id: crypto.randomUUID(), fromMemberId: ana.id, toMemberId: bo.id, points: 45 });
    const refundAll = (s: { id: string; lines: { id: string }[] }) =>
      till.call(till.manager, 'sale.refund', {
        id: crypto.randomUUID(),
        originalSaleId: s.id,
        lines: [{ originalLineId: s.lines[0]?.id, quantity: 4, restock: true }],
        payBack: 'original',
      });
    refundAll(sale);
    expect(balance(ana.id)).toBe(0);
    const reversal = till.terminal.sqlite.prepare("SELECT points, reason FROM points_ledger WHERE kind = 'refund_reversal'").get();
    expect(reversal).toEqual({ points: -6, reason: '45 points already spent could not be taken back' });

    till.call(till.manager, 'settings.update', { loyalty: { refundBelowZero: 'allow' } });
    const second = sellTo(bo.id, [{ id: till.products.wine.id, quantity: 4 }]);
    till.call(till.cashier, 'loyalty.transfer', { id: crypto.randomUUID(), fromMemberId: bo.id, toMemberId: ana.id, points: 90 });
    refundAll(second);
    expect(balance(bo.id)).toBe(-45);
  });
});

describe('tiers over time', () => {
  it('come down only once the tier has been held a full year, after a year of spending less', async () => {
    let now = Date.UTC(2026, 0, 10, 10);
    const timed = await makeTill({ now: () => now });
    try {
      timed.call(timed.manager, 'settings.update', {
        loyalty: { tierThresholdsMinor: { silver: 3000, gold: 100_000, platinum: 1_000_000 } },
      });
      const ana = timed.call(timed.cashier, 'loyalty.enroll', { name: 'Ana Lima', email: 'ana@example.com' });
      const sell = (quantity: number) => {
        timed.call(timed.cashier, 'cart.addLine', { productId: timed.products.wine.id, quantity });
        timed.call(timed.cashier, 'cart.setMember', { memberId: ana.id });
        const open = timed.call(timed.cashier, 'cart.current', {});
        timed.call(timed.cashier, 'sale.complete', { id: open.id, payments: [{ method: 'card', amountMinor: open.totalMinor }] });
      };
      const tier = () => timed.call(timed.cashier, 'loyalty.get', { id: ana.id }).tier;
      sell(3);
      expect(tier()).toBe('silver');
      // eleven months later a small sale: the year's spend is still above silver
      now += 330 * 24 * 3600_000;
      sell(1);
      expect(tier()).toBe('silver');
      // thirteen months after reaching silver, the last twelve months hold one bottle: bronze again
      now += 60 * 24 * 3600_000;
      sell(1);
      expect(tier()).toBe('bronze');
    } finally {
      timed.close();
    }
  });
});
