import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/uuid';
import { MANAGER_PIN, makeTill, type Till, tableChecksum } from './fixture';

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const cash = (amountMinor: number, tenderedMinor = amountMinor) => ({ method: 'cash', amountMinor, tenderedMinor });
const card = (amountMinor: number) => ({ method: 'card', amountMinor, last4: '4242', approvalCode: 'A1B2' });

describe('sale.complete', () => {
  it('writes the sale, lines, payments, stock movements, receipt number, journal, outbox and audit in one go', () => {
    const { tea, wine } = till.products;
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [
        { productId: tea.id, quantity: 2 },
        { productId: wine.id, quantity: 1 },
      ],
      payments: [card(1000), cash(999, 2000)],
    });
    expect(sale.totalMinor).toBe(2 * 350 + 1299);
    expect(sale.receiptNo).toBe(1);
    expect(sale.receiptCode).toBe('T1-000001');
    expect(sale.changeMinor).toBe(1001);
    expect(sale.taxes.map((t: { taxRateBp: number }) => t.taxRateBp)).toEqual([2000, 550]);
    const db = till.terminal.sqlite;
    expect(db.prepare('SELECT stock_on_hand AS s FROM products WHERE id = ?').get(tea.id)).toEqual({ s: 48 });
    expect(db.prepare('SELECT count(*) AS n FROM stock_movements WHERE sale_id = ?').get(sale.id)).toEqual({ n: 2 });
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE topic = 'sale.completed' AND entity_id = ?").get(sale.id)).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'sale' AND document_id = ?").get(sale.id)).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sale.complete' AND entity_id = ?").get(sale.id)).toEqual({
      n: 1,
    });
    expect(
      till.call(till.cashier, 'sale.complete', { id: uuidv7(), lines: [{ productId: tea.id, quantity: 1 }], payments: [cash(350)] })
        .receiptNo,
    ).toBe(2);
  });

  it('is idempotent: the same id again returns the same sale and writes nothing', () => {
    const id = uuidv7();
    const input = { id, lines: [{ productId: till.products.tea.id, quantity: 1 }], payments: [cash(350, 500)] };
    const first = till.call(till.cashier, 'sale.complete', input);
    const before = tableChecksum(till);
    const second = till.call(till.cashier, 'sale.complete', input);
    expect(second).toEqual(first);
    expect(tableChecksum(till)).toBe(before);
  });

  it('never trusts totals: a payment that does not match the catalogue price is refused and nothing changes', () => {
    const before = tableChecksum(till);
    const result = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.wine.id, quantity: 1 }],
      payments: [cash(100)],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toContain('€12.99');
    }
    expect(tableChecksum(till)).toBe(before);
  });

  it('refuses to sell more than is in stock, with a sentence a cashier understands', () => {
    const before = tableChecksum(till);
    const result = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.soap.id, quantity: 3 }],
      payments: [cash(825)],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INSUFFICIENT_STOCK');
      expect(result.error.message).toBe('Only 2 left in stock of “Olive Soap”.');
    }
    expect(tableChecksum(till)).toBe(before);
    till.call(till.manager, 'settings.update', { allowNegativeStock: true });
    expect(
      till.raw(till.cashier, 'sale.complete', {
        id: uuidv7(),
        lines: [{ productId: till.products.soap.id, quantity: 3 }],
        payments: [cash(825)],
      }).ok,
    ).toBe(true);
  });

  it('needs an open shift', async () => {
    const closed = await makeTill({ openShift: false });
    try {
      const result = closed.raw(closed.cashier, 'sale.complete', {
        id: uuidv7(),
        lines: [{ productId: closed.products.tea.id, quantity: 1 }],
        payments: [cash(350)],
      });
      expect(!result.ok && result.error.code).toBe('SHIFT_CLOSED');
    } finally {
      closed.close();
    }
  });

  it('rounds cash to the smallest coin, cash only', () => {
    till.call(till.manager, 'settings.update', { cashRoundingStep: 5 });
    const { tea, wine } = till.products;
    // 3.50 + 12.99 = 16.49 → 16.50 in cash
    const cashSale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [
        { productId: tea.id, quantity: 1 },
        { productId: wine.id, quantity: 1 },
      ],
      payments: [cash(1650, 2000)],
    });
    expect(cashSale.totalMinor).toBe(1649);
    expect(cashSale.cashRoundingMinor).toBe(1);
    expect(cashSale.changeMinor).toBe(350);
    const cardSale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: wine.id, quantity: 1 }],
      payments: [card(1299)],
    });
    expect(cardSale.cashRoundingMinor).toBe(0);
  });

  it('stores no card number: only the last four digits are accepted', () => {
    const result = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 350, last4: '4111111111111111' }],
    });
    expect(!result.ok && result.error.code).toBe('VALIDATION');
  });

  it('needs a manager for a discount above the cashier limit and for a price override, and audits who approved', () => {
    const { wine } = till.products;
    let saleId = uuidv7();
    const sale = (approvalId?: string) =>
      till.raw(till.cashier, 'sale.complete', {
        id: saleId,
        lines: [{ productId: wine.id, quantity: 1, discount: { kind: 'percent', bp: 2500 } }],
        payments: [cash(974)],
        ...(approvalId ? { approvalId } : {}),
      });
    const refused = sale();
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    // the core says exactly what it needs approved: 24.99 % is the smallest percentage that takes 3.25 off 12.99
    expect(!refused.ok && refused.error.details?.needsApproval).toMatchObject([
      { action: 'discount', targetId: saleId, terms: { maxDiscountBp: 2499 } },
    ]);
    // within the limit (10 %) a cashier may discount alone
    expect(
      till.raw(till.cashier, 'sale.complete', {
        id: uuidv7(),
        lines: [{ productId: wine.id, quantity: 1, discount: { kind: 'percent', bp: 1000 } }],
        payments: [cash(1169)],
      }).ok,
    ).toBe(true);
    const terms = { maxDiscountBp: 2500, maxAmountMinor: 325 };
    const wrong = till.raw(till.cashier, 'auth.approve', { pin: '0000', action: 'discount', targetId: saleId, terms });
    expect(!wrong.ok && wrong.error.code).toBe('UNAUTHENTICATED');
    const approval = till.call(till.cashier, 'auth.approve', { pin: MANAGER_PIN, action: 'discount', targetId: saleId, terms });
    const approved = sale(approval.approvalId);
    expect(approved.ok).toBe(true);
    // an approval is used once
    saleId = uuidv7();
    const reused = sale(approval.approvalId);
    expect(!reused.ok && reused.error.code).toBe('FORBIDDEN');
    const audit = till.terminal.sqlite
      .prepare("SELECT approver_staff_id AS a FROM audit_log WHERE action = 'sale.discount' ORDER BY at DESC LIMIT 1")
      .get() as { a: string };
    expect(audit.a).toBe(approval.managerId);

    const overrideId = uuidv7();
    const override = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'priceOverride',
      targetId: overrideId,
      terms: { productId: wine.id, priceMinor: 999, maxQuantity: 1 },
    });
    const overridden = till.call(till.cashier, 'sale.complete', {
      id: overrideId,
      lines: [{ productId: wine.id, quantity: 1, priceOverrideMinor: 999 }],
      payments: [cash(999)],
      approvalId: override.approvalId,
    });
    expect(overridden.lines[0].listPriceMinor).toBe(1299);
    expect(overridden.lines[0].unitPriceMinor).toBe(999);
  });

  it('completes a zero-total sale (100 % discount by a manager) with no payment, and refuses that for a non-zero total', () => {
    const free = till.call(till.manager, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1, discount: { kind: 'percent', bp: 10000 } }],
      payments: [],
    });
    expect(free.totalMinor).toBe(0);
    expect(free.payments).toEqual([]);
    const unpaid = till.raw(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [],
    });
    expect(!unpaid.ok && unpaid.error.code).toBe('VALIDATION');
  });

  it('parks a cart in the database and resumes it, even after a restart', async () => {
    const id = uuidv7();
    till.call(till.cashier, 'sale.park', { id, label: 'Lady with the dog', lines: [{ productId: till.products.tea.id, quantity: 3 }] });
    const file = till.terminal.sqlite.name;
    till.terminal.close();
    const { openTerminal } = await import('../../electron/core/terminal');
    till.terminal = await openTerminal(file, { validateOutput: true });
    const parked = till.call(till.manager, 'sale.listParked', {});
    expect(parked).toMatchObject([{ id, label: 'Lady with the dog', totalMinor: 1050, lineCount: 1 }]);
    const resumed = till.call(till.manager, 'sale.resume', { id });
    expect(resumed.lines).toEqual([{ productId: till.products.tea.id, quantity: 3 }]);
    expect(till.call(till.manager, 'sale.listParked', {})).toEqual([]);
    expect(!till.raw(till.manager, 'sale.resume', { id }).ok).toBe(true);
  });

  it('records voids only with a manager approval', () => {
    const cartId = uuidv7();
    const lines = [{ productId: till.products.tea.id, quantity: 2 }];
    const refused = till.raw(till.cashier, 'sale.void', { cartId, scope: 'cart', lines });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'voidCart',
      targetId: cartId,
      terms: { maxAmountMinor: 700 },
    });
    expect(till.call(till.cashier, 'sale.void', { cartId, scope: 'cart', lines, approvalId: approval.approvalId })).toEqual({
      recorded: true,
      amountMinor: 700,
    });
    const row = till.terminal.sqlite
      .prepare("SELECT actor_staff_id, approver_staff_id FROM audit_log WHERE action = 'sale.voidCart'")
      .get() as Record<string, string>;
    expect(row.approver_staff_id).toBe(approval.managerId);
    expect(row.actor_staff_id).toBe(till.cashier.staff?.id);
  });
});

describe('refunds', () => {
  function sellTwoTeasAndWine() {
    return till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [
        { productId: till.products.tea.id, quantity: 2 },
        { productId: till.products.wine.id, quantity: 1 },
      ],
      payments: [cash(1999, 2000)],
    });
  }

  it('finds a sale by receipt code or number and refunds part of it, back to stock', () => {
    const sale = sellTwoTeasAndWine();
    expect(till.call(till.cashier, 'sale.find', { receipt: sale.receiptCode })[0].id).toBe(sale.id);
    expect(till.call(till.cashier, 'sale.find', { receipt: String(sale.receiptNo) })[0].id).toBe(sale.id);
    const teaLine = sale.lines[0];
    const refund = till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: teaLine.id, quantity: 1, restock: true }],
      payBack: 'original',
    });
    expect(refund.kind).toBe('refund');
    expect(refund.originalSaleId).toBe(sale.id);
    expect(refund.totalMinor).toBe(350);
    expect(refund.receiptNo).toBe(2);
    expect(till.terminal.sqlite.prepare('SELECT stock_on_hand AS s FROM products WHERE id = ?').get(till.products.tea.id)).toEqual({
      s: 49,
    });
    const again = till.call(till.cashier, 'sale.get', { id: sale.id });
    expect(again.lines[0].refundedQuantity).toBe(1);
    expect(again.refundIds).toEqual([refund.id]);
  });

  it('never refunds more than was sold, counting earlier refunds', () => {
    const sale = sellTwoTeasAndWine();
    const teaLine = sale.lines[0];
    till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: teaLine.id, quantity: 1, restock: false }],
      payBack: 'cash',
    });
    const before = tableChecksum(till);
    const tooMany = till.raw(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: sale.id,
      lines: [{ originalLineId: teaLine.id, quantity: 2, restock: false }],
      payBack: 'cash',
    });
    expect(!tooMany.ok && tooMany.error.message).toBe('Only 1 of “Green Tea” can still be refunded.');
    expect(tableChecksum(till)).toBe(before);
  });

  it('a full refund in parts pays back exactly what was charged', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 3, discount: { kind: 'amount', minor: 100 } }],
      payments: [cash(950)],
    });
    let paidBack = 0;
    for (const q of [1, 1, 1]) {
      paidBack += till.call(till.cashier, 'sale.refund', {
        id: uuidv7(),
        originalSaleId: sale.id,
        lines: [{ originalLineId: sale.lines[0].id, quantity: q, restock: true }],
        payBack: 'cash',
      }).totalMinor;
    }
    expect(paidBack).toBe(sale.totalMinor);
  });

  it('a refund without a receipt is for managers (or with an approval)', () => {
    const input = { id: uuidv7(), lines: [{ productId: till.products.tea.id, quantity: 1, restock: true }], payBack: 'cash' };
    const refused = till.raw(till.cashier, 'sale.refund', input);
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    expect(till.call(till.manager, 'sale.refund', input).totalMinor).toBe(350);
  });
});

describe('shifts and the Z report', () => {
  it('reconciles cash, tenders, taxes and stock with the Z report, over/short shown', () => {
    const { tea, wine, bread } = till.products;
    const a = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [
        { productId: tea.id, quantity: 2 },
        { productId: bread.id, quantity: 1 },
      ],
      payments: [cash(1120, 2000)],
    });
    till.call(till.cashier, 'sale.complete', { id: uuidv7(), lines: [{ productId: wine.id, quantity: 2 }], payments: [card(2598)] });
    till.call(till.cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: a.id,
      lines: [{ originalLineId: a.lines[1].id, quantity: 1, restock: true }],
      payBack: 'original',
    });
    till.call(till.cashier, 'shift.cashMovement', { kind: 'paid_in', amountMinor: 500, reason: 'Change from the bank' });
    const noApproval = till.raw(till.cashier, 'shift.cashMovement', { kind: 'paid_out', amountMinor: 300, reason: 'Window cleaner' });
    expect(!noApproval.ok && noApproval.error.code).toBe('FORBIDDEN');
    const approval = till.call(till.cashier, 'auth.approve', { pin: MANAGER_PIN, action: 'paidOut', terms: { maxAmountMinor: 300 } });
    till.call(till.cashier, 'shift.cashMovement', {
      kind: 'paid_out',
      amountMinor: 300,
      reason: 'Window cleaner',
      approvalId: approval.approvalId,
    });
    till.call(till.cashier, 'shift.noSale', { reason: 'Customer needed change' });

    const x = till.call(till.cashier, 'shift.xReport', {});
    // float 100.00 + cash sale 11.20 − cash refund 4.20 + paid in 5.00 − paid out 3.00
    expect(x.expectedCashMinor).toBe(10000 + 1120 - 420 + 500 - 300);
    expect(x.salesCount).toBe(2);
    expect(x.refundsTotalMinor).toBe(420);
    expect(x.noSales).toBe(1);
    expect(x.taxes.reduce((s: number, t: { totalMinor: number }) => s + t.totalMinor, 0)).toBe(1120 + 2598 - 420);

    const z = till.call(till.cashier, 'shift.close', {
      counted: [
        { denominationMinor: 5000, count: 2 },
        { denominationMinor: 500, count: 1 },
        { denominationMinor: 200, count: 2 },
        { denominationMinor: 50, count: 1 },
      ],
    });
    expect(z.zNumber).toBe(1);
    expect(z.countedCashMinor).toBe(10950);
    expect(z.overShortMinor).toBe(10950 - x.expectedCashMinor);
    expect(till.call(till.cashier, 'shift.zReport', { zNumber: 1 })).toEqual(z);
    expect(till.call(till.cashier, 'shift.current', {})).toBeNull();
    const stock = till.terminal.sqlite.prepare('SELECT stock_on_hand AS s FROM products WHERE id = ?');
    expect(stock.get(bread.id)).toEqual({ s: 5 });
    expect(stock.get(tea.id)).toEqual({ s: 48 });
    expect(till.call(till.manager, 'journal.verify', {}).ok).toBe(true);
    // a closed shift cannot be changed
    expect(() => till.terminal.sqlite.prepare('UPDATE shifts SET counted_cash_minor = 0').run()).toThrow(/inalterable/);
  });

  it('allows one open shift per terminal', () => {
    const again = till.raw(till.manager, 'shift.open', { openingFloatMinor: 0 });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });
});
