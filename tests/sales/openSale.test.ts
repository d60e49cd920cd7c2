import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/session';
import { MANAGER_PIN, makeTill, type Till, tableChecksum } from './fixture';

// The sale in progress lives in the core: every scan is one short transaction, the answer is the
// whole priced sale, and a crash or restart finds it as it was.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const cash = (amountMinor: number) => ({ method: 'cash', amountMinor, tenderedMinor: amountMinor });
type Open = {
  id: string;
  lines: { lineId: string; productId: string; quantity: number; totalMinor: number; listPriceMinor: number | null }[];
  totalMinor: number;
  discountMinor: number;
  needsApproval: { action: string; terms: Record<string, unknown> }[];
};

/** A manager's approval of `action` for the cashier's sale in progress. */
function approve(action: string, terms: Record<string, unknown>): string {
  const open = till.call<Open | null>(till.cashier, 'cart.current', {});
  return till.call(till.cashier, 'auth.approve', { pin: MANAGER_PIN, action, targetId: open?.id, terms }).approvalId;
}

function refusedWith(session: Session, channel: string, input: unknown, code: string) {
  const before = tableChecksum(till);
  const result = till.raw(session, channel, input);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(tableChecksum(till)).toBe(before);
  return result.error;
}

describe('the sale in progress', () => {
  it('adds by id and by scanned code, counts up the same product, and answers the priced sale', () => {
    const { tea, wine } = till.products;
    const first = till.call<Open>(till.cashier, 'cart.addLine', { productId: tea.id });
    expect(first.lines).toMatchObject([{ productId: tea.id, quantity: 1, totalMinor: 350 }]);
    const scanned = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'HNY',
      name: 'Honey',
      priceMinor: 590,
      taxClassId: 'zero',
      tracksStock: false,
      stockOnHand: 0,
      barcodes: ['4006381333931'],
    });
    expect(till.call<Open>(till.cashier, 'cart.addLine', { code: '4006381333931' }).lines.at(-1)).toMatchObject({ productId: scanned.id });
    refusedWith(till.cashier, 'cart.addLine', { code: '4006381333932' }, 'INVALID_BARCODE');
    till.call<Open>(till.cashier, 'cart.addLine', { productId: tea.id, quantity: 2 });
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: wine.id });
    expect(open.id).toBe(first.id);
    expect(open.lines.find((l) => l.productId === tea.id)?.quantity).toBe(3);
    expect(open.totalMinor).toBe(open.lines.reduce((sum, l) => sum + l.totalMinor, 0));
    expect(till.call<Open>(till.cashier, 'cart.current', {})).toEqual(open);
  });

  it('survives a restart: the reopened terminal has the same sale, lines and all, and completes it once', async () => {
    const { tea, wine } = till.products;
    till.call(till.cashier, 'cart.addLine', { productId: tea.id, quantity: 2 });
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: wine.id });
    const file = till.terminal.sqlite.name;
    till.terminal.close();
    const { openTerminal } = await import('../../electron/core/terminal');
    till.terminal = await openTerminal(file, { validateOutput: true });
    expect(till.call<Open>(till.cashier, 'cart.current', {})).toEqual(open);
    const sale = till.call(till.cashier, 'sale.complete', { id: open.id, payments: [cash(open.totalMinor)] });
    expect(sale.totalMinor).toBe(open.totalMinor);
    expect(sale.lines.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity])).toEqual([
      [tea.id, 2],
      [wine.id, 1],
    ]);
    expect(till.call(till.cashier, 'cart.current', {})).toBeNull();
    // the same payment again is the same sale
    expect(till.call(till.cashier, 'sale.complete', { id: open.id, payments: [cash(open.totalMinor)] }).id).toBe(sale.id);
  });

  it('keeps one sale in progress per staff member, and completes only one’s own', () => {
    const mine = till.call<Open>(till.cashier, 'cart.addLine', { productId: till.products.tea.id });
    const theirs = till.call<Open>(till.manager, 'cart.addLine', { productId: till.products.wine.id });
    expect(theirs.id).not.toBe(mine.id);
    refusedWith(till.manager, 'sale.complete', { id: mine.id, payments: [cash(350)] }, 'NOT_FOUND');
    expect(till.call<Open>(till.cashier, 'cart.current', {}).lines).toHaveLength(1);
  });

  it('a cashier removing a line or lowering it needs a manager, for the amount the core priced, recorded as a void', () => {
    const { tea, wine } = till.products;
    till.call(till.cashier, 'cart.addLine', { productId: tea.id, quantity: 3 });
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: wine.id });
    const teaLine = open.lines[0]?.lineId ?? '';
    const need = refusedWith(till.cashier, 'cart.setQuantity', { lineId: teaLine, quantity: 1 }, 'FORBIDDEN');
    expect(need.details?.needsApproval).toMatchObject([
      { action: 'voidLine', targetId: open.id, terms: { productId: tea.id, maxAmountMinor: 700 } },
    ]);
    // more is free
    expect(till.call<Open>(till.cashier, 'cart.setQuantity', { lineId: teaLine, quantity: 4 }).lines[0]?.quantity).toBe(4);
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'voidLine',
      targetId: open.id,
      terms: { productId: wine.id, maxAmountMinor: 1299 },
    });
    const after = till.call<Open>(till.cashier, 'cart.removeLine', { lineId: open.lines[1]?.lineId, approvalId: approval.approvalId });
    expect(after.lines.map((l) => l.productId)).toEqual([tea.id]);
    const audited = till.terminal.sqlite
      .prepare("SELECT approver_staff_id AS a, details FROM audit_log WHERE action = 'sale.voidLine' AND entity_id = ?")
      .get(open.id) as { a: string; details: string };
    expect(audited.a).toBe(approval.managerId);
    expect(JSON.parse(audited.details)).toMatchObject({ productId: wine.id, quantity: 1, amountMinor: 1299 });
    expect(
      till.terminal.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE topic = 'sale.voided' AND entity_id = ?").get(open.id),
    ).toEqual({
      n: 1,
    });
  });

  it('shows what a manager must still approve, and pays only once it is approved', () => {
    const { wine } = till.products;
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: wine.id });
    const discounted = till.call<Open>(till.cashier, 'cart.setDiscount', { discount: { kind: 'percent', bp: 2500 } });
    expect(discounted.needsApproval).toMatchObject([{ action: 'discount', terms: { maxDiscountBp: 2499 } }]);
    const total = discounted.totalMinor;
    refusedWith(till.cashier, 'sale.complete', { id: open.id, payments: [cash(total)] }, 'FORBIDDEN');
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'discount',
      targetId: open.id,
      terms: { maxDiscountBp: 2500, maxAmountMinor: discounted.discountMinor },
    });
    const approved = till.call<Open>(till.cashier, 'cart.setDiscount', {
      discount: { kind: 'percent', bp: 2500 },
      approvalId: approval.approvalId,
    });
    expect(approved.needsApproval).toEqual([]);
    expect(till.call(till.cashier, 'sale.complete', { id: open.id, payments: [cash(total)] }).discountMinor).toBe(discounted.discountMinor);
  });

  it('a price override is a manager’s decision before payment', () => {
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    const cheap = till.call<Open>(till.cashier, 'cart.overridePrice', { lineId: open.lines[0]?.lineId, priceMinor: 999 });
    expect(cheap.lines[0]).toMatchObject({ listPriceMinor: 1299, totalMinor: 999 });
    expect(cheap.needsApproval).toMatchObject([{ action: 'priceOverride', terms: { priceMinor: 999, maxQuantity: 1 } }]);
    refusedWith(till.cashier, 'sale.complete', { id: open.id, payments: [cash(999)] }, 'FORBIDDEN');
  });

  it('parks, is taken back as the sale in progress with the same id, and completes', () => {
    const { tea } = till.products;
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: tea.id, quantity: 2 });
    const parked = till.call(till.cashier, 'cart.park', { label: 'Mrs Lee' });
    expect(parked).toMatchObject({ id: open.id, label: 'Mrs Lee', totalMinor: 700 });
    expect(till.call(till.cashier, 'cart.current', {})).toBeNull();
    // a new customer in the meantime, then back to Mrs Lee once that one is paid
    const other = till.call<Open>(till.cashier, 'cart.addLine', { productId: till.products.wine.id });
    refusedWith(till.cashier, 'cart.resume', { id: open.id }, 'CONFLICT');
    till.call(till.cashier, 'sale.complete', { id: other.id, payments: [cash(1299)] });
    const resumed = till.call<Open>(till.cashier, 'cart.resume', { id: open.id });
    expect(resumed).toMatchObject({ id: open.id, totalMinor: 700 });
    expect(till.call(till.cashier, 'sale.complete', { id: open.id, payments: [cash(700)] }).totalMinor).toBe(700);
  });

  it('asks for the weight of a product sold by weight, and voids the whole sale only with a manager', () => {
    const loose = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'APL',
      name: 'Apples',
      priceMinor: 299,
      taxClassId: 'zero',
      soldByWeight: true,
      tracksStock: false,
      stockOnHand: 0,
    });
    const error = refusedWith(till.cashier, 'cart.addLine', { productId: loose.id }, 'VALIDATION');
    expect(error.details).toMatchObject({ needsWeight: true });
    const open = till.call<Open>(till.cashier, 'cart.addLine', { productId: loose.id, quantity: 750 });
    expect(open.lines[0]).toMatchObject({ quantity: 750, totalMinor: 224 });
    refusedWith(till.cashier, 'cart.void', {}, 'FORBIDDEN');
    expect(till.call(till.manager, 'cart.current', {})).toBeNull();
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'voidCart',
      targetId: open.id,
      terms: { maxAmountMinor: 224 },
    });
    expect(till.call(till.cashier, 'cart.void', { approvalId: approval.approvalId })).toBeNull();
    expect(till.call(till.cashier, 'cart.current', {})).toBeNull();
  });

  it('a quantity keyed before a scan (3 ×) counts pieces; a weighed product takes its grams from the label or the scale, never from it', () => {
    till.call(till.manager, 'settings.update', { scaleLabelPrefixes: ['28'] });
    const honey = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'HNY',
      name: 'Honey',
      priceMinor: 590,
      taxClassId: 'zero',
      tracksStock: false,
      barcodes: ['4006381333931'],
    });
    const ham = till.call(till.manager, 'catalog.upsertProduct', {
      sku: 'HAM',
      name: 'Deli ham',
      priceMinor: 1990,
      taxClassId: 'zero',
      soldByWeight: true,
      tracksStock: false,
      barcodes: ['2840213000002'],
    });
    const three = till.call<Open>(till.cashier, 'cart.addLine', { code: '4006381333931', quantity: 3 });
    expect(three.lines).toMatchObject([{ productId: honey.id, quantity: 3 }]);
    // a label of 412 g with 3 keyed before it: the label's grams
    const labelled = till.call<Open>(till.cashier, 'cart.addLine', { code: '2840213004123', quantity: 3 });
    expect(labelled.lines.find((l) => l.productId === ham.id)?.quantity).toBe(412);
    // its base code without grams, with 3 keyed: weigh it (3 is no weight)
    const error = refusedWith(till.cashier, 'cart.addLine', { code: '2840213000002', quantity: 3 }, 'VALIDATION');
    expect(error.details).toMatchObject({ needsWeight: true, productId: ham.id });
  });

  it('stock is answered at the scan, as the store decides: refuse, sell once confirmed, or a manager approves', () => {
    const { soap } = till.products; // 2 in stock
    const twice = () => {
      till.call(till.cashier, 'cart.addLine', { productId: soap.id, quantity: 2 });
    };
    // refuse: the third is refused at the scan, and nothing changes
    till.call(till.manager, 'settings.update', { outOfStock: 'refuse' });
    twice();
    const refused = refusedWith(till.cashier, 'cart.addLine', { productId: soap.id }, 'INSUFFICIENT_STOCK');
    expect(refused.message).toBe('Only 2 left of “Olive Soap”: it cannot be sold.');
    till.call(till.cashier, 'cart.void', { approvalId: approve('voidCart', { maxAmountMinor: 550 }) });

    // sell: the scan asks; confirmed, it goes on, and the payment goes through past the count
    till.call(till.manager, 'settings.update', { outOfStock: 'sell' });
    twice();
    const ask = refusedWith(till.cashier, 'cart.addLine', { productId: soap.id }, 'INSUFFICIENT_STOCK');
    expect(ask.message).toBe('Only 2 left of “Olive Soap”: sell anyway?');
    expect(ask.details).toMatchObject({ canSellAnyway: true, available: 2, wanted: 3 });
    const sold = till.call<Open>(till.cashier, 'cart.addLine', { productId: soap.id, sellPastStock: true });
    expect(sold.lines[0]?.quantity).toBe(3);
    till.call(till.cashier, 'sale.complete', { id: sold.id, payments: [cash(825)] });
    expect(till.call(till.manager, 'catalog.get', { id: soap.id }).stockOnHand).toBe(-1);

    // manager: the scan names the approval; with it, the line goes on and is paid
    till.call(till.manager, 'settings.update', { outOfStock: 'manager' });
    const needs = refusedWith(till.cashier, 'cart.addLine', { productId: soap.id }, 'FORBIDDEN');
    expect(needs.details).toMatchObject({ needsApproval: [{ action: 'oversell', terms: { productId: soap.id, maxQuantity: 1 } }] });
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'oversell',
      terms: { productId: soap.id, maxQuantity: 1 },
    });
    const approved = till.call<Open>(till.cashier, 'cart.addLine', { productId: soap.id, approvalId: approval.approvalId });
    till.call(till.cashier, 'sale.complete', { id: approved.id, payments: [cash(275)] });
    const audits = till.terminal.sqlite.prepare("SELECT approver_staff_id FROM audit_log WHERE action = 'sale.oversell'").all();
    expect(audits).toHaveLength(2);
  });

  it('needs someone logged in', () => {
    refusedWith(newSession(), 'cart.addLine', { productId: till.products.tea.id }, 'UNAUTHENTICATED');
  });
});
