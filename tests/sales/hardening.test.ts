import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../electron/core/features/sales/journal';
import { saleDocument } from '../../electron/core/features/sales/sale';
import { writeSettings } from '../../electron/core/features/setup/settings';
import { handlers } from '../../electron/core/ipc/handlers';
import { createRouter } from '../../electron/core/ipc/router';
import { newSession, type Session } from '../../electron/core/session';
import { MAX_AMOUNT_MINOR, MAX_SHIFT_TURNOVER_MINOR } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { MANAGER_PIN, makeTill, type Till, tableChecksum } from './fixture';

// Each defect found by testing the till as an auditor and an attacker would, with the test that
// would have caught it: the request is refused in words and the database is exactly as it was.

let till: Till;
let clock = Date.UTC(2026, 11, 1, 9);
beforeEach(async () => {
  clock = Date.UTC(2026, 11, 1, 9);
  till = await makeTill({ now: () => clock });
});
afterEach(() => till.close());

const cash = (amountMinor: number, tenderedMinor = amountMinor) => ({ method: 'cash', amountMinor, tenderedMinor });
const card = (amountMinor: number) => ({ method: 'card', amountMinor });

/** The error of a refused call, after checking that it changed nothing. */
function refused(session: Session, channel: string, input: unknown, code: string) {
  const before = tableChecksum(till);
  const result = till.raw(session, channel, input);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(10);
  expect(tableChecksum(till)).toBe(before);
  return result.error;
}

function secondCashier(): Session {
  till.call(till.manager, 'staff.create', { name: 'Cora Cashier', pin: '5813', roles: ['cashier'] });
  const cora = (till.call(till.manager, 'staff.list', {}) as { id: string; name: string }[]).find((s) => s.name === 'Cora Cashier');
  const session = newSession();
  till.call(session, 'auth.login', { staffId: cora?.id, pin: '5813' });
  return session;
}

describe('idempotency compares the request', () => {
  it('answers the stored sale for the same id and the same request, and CONFLICT for the same id with another cart', () => {
    const { bread, wine } = till.products;
    const id = uuidv7();
    const loaf = { id, lines: [{ productId: bread.id, quantity: 1 }], payments: [cash(420, 500)] };
    const first = till.call(till.cashier, 'sale.complete', loaf);
    expect(till.call(till.cashier, 'sale.complete', loaf)).toEqual(first);
    const error = refused(
      till.cashier,
      'sale.complete',
      { id, lines: [{ productId: wine.id, quantity: 5 }], payments: [card(5 * 1299)] },
      'CONFLICT',
    );
    expect(error.message).toContain('other contents');
  });

  it('keeps ids unique across kinds of document: a sale id is no refund, a refund id is no sale', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 2 }],
      payments: [cash(700)],
    });
    const refundInput = (id: string) => ({
      id,
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lines[0].id, quantity: 1, restock: true }],
      payBack: 'cash',
    });
    expect(refused(till.cashier, 'sale.refund', refundInput(sale.id), 'CONFLICT').message).toContain('belongs to a sale');
    const refund = till.call(till.cashier, 'sale.refund', refundInput(uuidv7()));
    expect(
      refused(
        till.cashier,
        'sale.complete',
        { id: refund.id, lines: [{ productId: till.products.tea.id, quantity: 1 }], payments: [cash(350)] },
        'CONFLICT',
      ).message,
    ).toContain('belongs to a refund');
    // the same refund again is the same refund; with other lines, pay-back or sale it is a conflict
    expect(till.call(till.cashier, 'sale.refund', refundInput(refund.id))).toEqual(refund);
    refused(till.cashier, 'sale.refund', { ...refundInput(refund.id), payBack: 'card' }, 'CONFLICT');
    refused(
      till.cashier,
      'sale.refund',
      { ...refundInput(refund.id), lines: [{ originalLineId: sale.lines[0].id, quantity: 1, restock: false }] },
      'CONFLICT',
    );
  });
});

describe('amounts are bounded and exact', () => {
  function expensive(priceMinor: number) {
    return till.call(till.manager, 'catalog.upsertProduct', {
      sku: `GOLD-${priceMinor}`,
      name: 'Gold bar',
      priceMinor,
      taxClassId: 'zero',
      tracksStock: false,
      stockOnHand: 0,
    }).id as string;
  }

  it('refuses a line of 999,999 × 999,999,999.99 with VALIDATION, in a sale and in a refund without a receipt', () => {
    const gold = expensive(MAX_AMOUNT_MINOR);
    const error = refused(
      till.manager,
      'sale.complete',
      { id: uuidv7(), lines: [{ productId: gold, quantity: 999_999 }], payments: [card(1)] },
      'VALIDATION',
    );
    expect(error.message).toContain('Gold bar');
    expect(error.message).toContain('largest amount');
    refused(
      till.manager,
      'sale.refund',
      { id: uuidv7(), lines: [{ productId: gold, quantity: 999_999, restock: false }], payBack: 'cash' },
      'VALIDATION',
    );
  });

  it('accepts a document of exactly the largest amount and refuses one minor unit more', () => {
    const gold = expensive(MAX_AMOUNT_MINOR);
    const sale = till.call(till.manager, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: gold, quantity: 1 }],
      payments: [card(MAX_AMOUNT_MINOR)],
    });
    expect(sale.totalMinor).toBe(MAX_AMOUNT_MINOR);
    const penny = expensive(1);
    refused(
      till.manager,
      'sale.complete',
      {
        id: uuidv7(),
        lines: [
          { productId: gold, quantity: 1 },
          { productId: penny, quantity: 1 },
        ],
        payments: [card(MAX_AMOUNT_MINOR)],
      },
      'VALIDATION',
    );
    // a price beyond the largest amount cannot even be entered
    refused(
      till.manager,
      'catalog.upsertProduct',
      { sku: 'GOLD-X', name: 'Gold bar', priceMinor: MAX_AMOUNT_MINOR + 1, taxClassId: 'zero', tracksStock: false, stockOnHand: 0 },
      'VALIDATION',
    );
  });

  it('refuses a document that would take the shift past the largest turnover, and the X report stays exact', () => {
    const shift = till.call(till.cashier, 'shift.current', {});
    till.terminal.sqlite
      .prepare('UPDATE counters SET value = ? WHERE name = ?')
      .run(MAX_SHIFT_TURNOVER_MINOR - 500, `turnover:${shift.id}`);
    till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [cash(350)],
    });
    const error = refused(
      till.cashier,
      'sale.complete',
      { id: uuidv7(), lines: [{ productId: till.products.tea.id, quantity: 1 }], payments: [cash(350)] },
      'VALIDATION',
    );
    expect(error.message).toContain('close it');
    expect(Number.isSafeInteger(till.call(till.cashier, 'shift.xReport', {}).expectedCashMinor)).toBe(true);
  });

  it('checks a writing call’s result against the contract before the commit: an invalid result rolls back', async () => {
    const router = createRouter(till.terminal.ctx, {
      handlers: {
        ...handlers,
        // a handler that writes, then answers something the contract does not allow
        'shift.cashMovement': (ctx) => {
          ctx.sqlite.prepare("INSERT INTO counters (name, value) VALUES ('rolled-back', 1)").run();
          return { id: 'x', kind: 'paid_in', amountMinor: -5, journalSeq: 'one' } as never;
        },
      },
    });
    const before = tableChecksum(till);
    const result = router.invoke('shift.cashMovement', { kind: 'paid_in', amountMinor: 100, reason: 'Float' }, till.cashier);
    expect(!result.ok && result.error.code).toBe('INTERNAL');
    expect(tableChecksum(till)).toBe(before);
  });

  it('makes verify name a document whose lines do not add up (written behind the core’s back)', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [cash(350)],
    });
    expect(till.call(till.manager, 'journal.verify', {}).ok).toBe(true);
    // the row and its journal entry tampered together, the hash chain recomputed by hand (as an
    // attacker holding the file could): only the check that the document adds up can see it
    const db = till.terminal.sqlite;
    db.exec('DROP TRIGGER IF EXISTS sale_lines_no_update; DROP TRIGGER IF EXISTS journal_no_update');
    db.prepare('UPDATE sale_lines SET total_minor = ? WHERE sale_id = ?').run(999_999_999_999, sale.id);
    let prevHash = GENESIS_HASH;
    for (const row of db.prepare('SELECT seq, kind, document_id FROM journal ORDER BY seq').all() as {
      seq: number;
      kind: string;
      document_id: string;
    }[]) {
      const payload =
        row.document_id === sale.id
          ? canonicalJson(saleDocument(till.terminal.ctx, sale.id))
          : (db.prepare('SELECT payload FROM journal WHERE seq = ?').get(row.seq) as { payload: string }).payload;
      const hash = chainHash(prevHash, payload);
      db.prepare('UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(payload, prevHash, hash, row.seq);
      prevHash = hash;
    }
    const verdict = till.call(till.manager, 'journal.verify', {});
    expect(verdict.ok).toBe(false);
    expect(verdict.problem.reason).toMatch(/beyond the largest amount|do not add up/);
  });
});

describe('refunds pay back what was paid, in words when the drawer cannot', () => {
  it('refuses a cash refund the drawer cannot pay, and says to pay back by card', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.wine.id, quantity: 12 }],
      payments: [card(12 * 1299)],
    });
    // float 100.00 in the drawer; 155.88 in cash cannot come out of it
    const error = refused(
      till.cashier,
      'sale.refund',
      {
        id: uuidv7(),
        originalSaleId: sale.id,
        lines: [{ originalLineId: sale.lines[0].id, quantity: 12, restock: true }],
        payBack: 'cash',
      },
      'VALIDATION',
    );
    expect(error.message).toContain('drawer');
    expect(error.message).toContain('card');
  });
});

describe('pay-back in another tender than as paid', () => {
  it('needs a manager: card-paid money handed out as cash is the classic refund fraud', () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 2 }],
      payments: [card(700)],
    });
    const input = (approvalId?: string) => ({
      id: refundId,
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lines[0].id, quantity: 1, restock: true }],
      payBack: 'cash',
      ...(approvalId ? { approvalId } : {}),
    });
    const refundId = uuidv7();
    const need = refused(till.cashier, 'sale.refund', input(), 'FORBIDDEN');
    expect(need.details?.needsApproval).toMatchObject([{ action: 'refundTender', targetId: refundId, terms: { maxAmountMinor: 350 } }]);
    // as paid (to the card) a cashier needs nobody
    expect(
      till
        .call(till.cashier, 'sale.refund', { ...input(), id: uuidv7(), payBack: 'original' })
        .payments.map((p: { method: string }) => p.method),
    ).toEqual(['card']);
    const approval = till.call(till.cashier, 'auth.approve', {
      pin: MANAGER_PIN,
      action: 'refundTender',
      targetId: refundId,
      terms: { maxAmountMinor: 350 },
    });
    const refund = till.call(till.cashier, 'sale.refund', input(approval.approvalId));
    expect(refund.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([['cash', 350]]);
    expect(refund.approvedBy).toBe(approval.managerId);
  });
});

describe('approvals are bound to what they approve', () => {
  const wineLine = (extra: Record<string, unknown> = {}) => ({ productId: till.products.wine.id, quantity: 1, ...extra });
  const approve = (session: Session, input: Record<string, unknown>) =>
    till.call(session, 'auth.approve', { pin: MANAGER_PIN, ...input }).approvalId as string;

  it('an approval asked by one cashier cannot be used by another', () => {
    const cora = secondCashier();
    const id = uuidv7();
    const approvalId = approve(till.cashier, {
      action: 'priceOverride',
      targetId: id,
      terms: { productId: till.products.wine.id, priceMinor: 1, maxQuantity: 1 },
    });
    const error = refused(
      cora,
      'sale.complete',
      { id, lines: [wineLine({ priceOverrideMinor: 1 })], payments: [cash(1)], approvalId },
      'FORBIDDEN',
    );
    expect(error.message).toContain('another cashier');
  });

  it('a discount approval does not allow a price override, nor a bigger discount, nor another sale', () => {
    const id = uuidv7();
    const discount = approve(till.cashier, { action: 'discount', targetId: id, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    refused(
      till.cashier,
      'sale.complete',
      { id, lines: [wineLine({ priceOverrideMinor: 1 })], payments: [cash(1)], approvalId: discount },
      'FORBIDDEN',
    );
    const hundred = refused(
      till.cashier,
      'sale.complete',
      { id, lines: [wineLine({ discount: { kind: 'percent', bp: 10000 } })], payments: [], approvalId: discount },
      'FORBIDDEN',
    );
    expect(hundred.message).toContain('20 %');
    expect(hundred.details?.needsApproval).toMatchObject([{ action: 'discount', targetId: id, terms: { maxDiscountBp: 10000 } }]);
    refused(
      till.cashier,
      'sale.complete',
      { id: uuidv7(), lines: [wineLine({ discount: { kind: 'percent', bp: 2000 } })], payments: [cash(1039)], approvalId: discount },
      'FORBIDDEN',
    );
    // what it was given for goes through, once
    expect(
      till.call(till.cashier, 'sale.complete', {
        id,
        lines: [wineLine({ discount: { kind: 'percent', bp: 2000 } })],
        payments: [cash(1039)],
        approvalId: discount,
      }).discountMinor,
    ).toBe(260);
  });

  it('a price override approved for one bottle does not sell twelve, and a discount approved on a loaf does not cover the whole sale', () => {
    const id = uuidv7();
    const override = approve(till.cashier, {
      action: 'priceOverride',
      targetId: id,
      terms: { productId: till.products.wine.id, priceMinor: 1, maxQuantity: 1 },
    });
    const twelve = refused(
      till.cashier,
      'sale.complete',
      { id, lines: [wineLine({ quantity: 12, priceOverrideMinor: 1 })], payments: [cash(12)], approvalId: override },
      'FORBIDDEN',
    );
    expect(twelve.details?.needsApproval).toMatchObject([{ action: 'priceOverride', terms: { maxQuantity: 12 } }]);
    // 50 % off the bread: 2.10; the same 50 % on the whole sale, wine included, takes off far more
    const loaf = uuidv7();
    const half = approve(till.cashier, { action: 'discount', targetId: loaf, terms: { maxDiscountBp: 5000, maxAmountMinor: 210 } });
    refused(
      till.cashier,
      'sale.complete',
      {
        id: loaf,
        lines: [{ productId: till.products.bread.id, quantity: 1 }, wineLine({ quantity: 12 })],
        cartDiscount: { kind: 'percent', bp: 5000 },
        payments: [card(Math.round((420 + 12 * 1299) / 2))],
        approvalId: half,
      },
      'FORBIDDEN',
    );
  });

  it('the cashier’s limit applies to the combined discount of a line and the sale', () => {
    // 9 % on the line and 9 % on the sale: 17.19 % off the wine, above the 10 % limit
    const error = refused(
      till.cashier,
      'sale.complete',
      {
        id: uuidv7(),
        lines: [wineLine({ discount: { kind: 'percent', bp: 900 } })],
        cartDiscount: { kind: 'percent', bp: 900 },
        payments: [cash(1075)],
      },
      'FORBIDDEN',
    );
    expect(error.details?.needsApproval).toMatchObject([{ action: 'discount' }]);
  });

  it('passes over an approval that cannot be used when a fresh one sent beside it covers the sale', () => {
    const id = uuidv7();
    const input = (approvalIds: string[]) => ({
      id,
      lines: [wineLine({ discount: { kind: 'percent', bp: 2000 } })],
      payments: [cash(1039)],
      approvalIds,
    });
    const stale = approve(till.cashier, { action: 'discount', targetId: id, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    clock += 6 * 60_000;
    const fresh = approve(till.cashier, { action: 'discount', targetId: id, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    expect(till.call(till.cashier, 'sale.complete', input([stale, fresh])).discountMinor).toBe(260);
  });

  it('expires', () => {
    const id = uuidv7();
    const approvalId = approve(till.cashier, { action: 'discount', targetId: id, terms: { maxDiscountBp: 2000, maxAmountMinor: 100_000 } });
    clock += 6 * 60_000;
    expect(
      refused(
        till.cashier,
        'sale.complete',
        { id, lines: [wineLine({ discount: { kind: 'percent', bp: 2000 } })], payments: [cash(1039)], approvalId },
        'FORBIDDEN',
      ).message,
    ).toContain('expired');
  });

  it('voids are checked against the cart and priced by the core', () => {
    const cartId = uuidv7();
    const lines = [
      { productId: till.products.tea.id, quantity: 3 },
      { productId: till.products.wine.id, quantity: 1 },
    ];
    refused(till.manager, 'sale.void', { cartId, scope: 'line', productId: till.products.soap.id, quantity: 1, lines }, 'NOT_FOUND');
    refused(till.manager, 'sale.void', { cartId, scope: 'line', productId: 'no-such-product', quantity: 1, lines }, 'NOT_FOUND');
    refused(till.manager, 'sale.void', { cartId, scope: 'cart', lines: [{ productId: 'no-such-product', quantity: 1 }] }, 'NOT_FOUND');
    refused(till.manager, 'sale.void', { cartId, scope: 'line', productId: till.products.tea.id, quantity: 4, lines }, 'VALIDATION');
    // a cashier is told exactly what the manager must approve: this cart, this line, this amount
    const need = refused(
      till.cashier,
      'sale.void',
      { cartId, scope: 'line', productId: till.products.tea.id, quantity: 2, lines },
      'FORBIDDEN',
    );
    expect(need.details?.needsApproval).toMatchObject([
      { action: 'voidLine', targetId: cartId, terms: { productId: till.products.tea.id, maxAmountMinor: 700 } },
    ]);
    // an approval for less, or for another line, does not do
    const small = approve(till.cashier, {
      action: 'voidLine',
      targetId: cartId,
      terms: { productId: till.products.tea.id, maxAmountMinor: 350 },
    });
    refused(
      till.cashier,
      'sale.void',
      { cartId, scope: 'line', productId: till.products.tea.id, quantity: 2, lines, approvalId: small },
      'FORBIDDEN',
    );
    const approvalId = approve(till.cashier, {
      action: 'voidLine',
      targetId: cartId,
      terms: { productId: till.products.tea.id, maxAmountMinor: 700 },
    });
    expect(
      till.call(till.cashier, 'sale.void', { cartId, scope: 'line', productId: till.products.tea.id, quantity: 2, lines, approvalId }),
    ).toEqual({ recorded: true, amountMinor: 700 });
  });

  it('a resumed parked cart completed with fewer lines asks a manager; a recorded void lets it through', () => {
    const { tea, wine } = till.products;
    const id = uuidv7();
    const lines = [
      { productId: tea.id, quantity: 2 },
      { productId: wine.id, quantity: 1 },
    ];
    till.call(till.cashier, 'sale.park', { id, lines });
    till.call(till.cashier, 'sale.resume', { id });
    const teaOnly = { id, lines: [{ productId: tea.id, quantity: 2 }], payments: [cash(700)] };
    expect(refused(till.cashier, 'sale.complete', teaOnly, 'FORBIDDEN').message).toContain('Red Wine');
    const approvalId = approve(till.cashier, { action: 'voidLine', targetId: id, terms: { productId: wine.id, maxAmountMinor: 1299 } });
    till.call(till.cashier, 'sale.void', { cartId: id, scope: 'line', productId: wine.id, quantity: 1, lines, approvalId });
    expect(till.call(till.cashier, 'sale.complete', teaOnly).totalMinor).toBe(700);
    // sold: the parked cart is gone for good
    expect(till.terminal.sqlite.prepare('SELECT count(*) AS n FROM parked_carts WHERE id = ?').get(id)).toEqual({ n: 0 });
  });

  it('a parked cart is sold, voided or parked again only by the cashier who took it back, with nothing parked gone missing', () => {
    const { tea, wine } = till.products;
    const cora = secondCashier();
    const id = uuidv7();
    const lines = [
      { productId: tea.id, quantity: 1 },
      { productId: wine.id, quantity: 3 },
    ];
    till.call(till.cashier, 'sale.park', { id, label: 'Mr Brown', lines });
    const teaOnly = { id, lines: [{ productId: tea.id, quantity: 1 }], payments: [cash(350)] };
    // not taken back yet: it cannot be paid, voided or refunded under its id
    expect(refused(cora, 'sale.complete', teaOnly, 'CONFLICT').message).toContain('parked');
    refused(till.cashier, 'sale.void', { cartId: id, scope: 'cart', lines }, 'CONFLICT');
    refused(till.cashier, 'sale.refund', { id, lines: [{ productId: tea.id, quantity: 1, restock: false }], payBack: 'cash' }, 'CONFLICT');
    till.call(till.cashier, 'sale.resume', { id });
    // taken back by Carl: Cora cannot finish it
    refused(cora, 'sale.complete', teaOnly, 'CONFLICT');
    // parked again without the wine, no void recorded: refused
    refused(till.cashier, 'sale.park', { id, lines: [{ productId: tea.id, quantity: 1 }] }, 'FORBIDDEN');
    expect(refused(till.cashier, 'sale.complete', teaOnly, 'FORBIDDEN').message).toContain('Red Wine');
  });

  it('an identical request by another cashier is no replay of the first cashier’s sale', () => {
    const cora = secondCashier();
    const input = { id: uuidv7(), lines: [{ productId: till.products.tea.id, quantity: 1 }], payments: [cash(350)] };
    till.call(till.cashier, 'sale.complete', input);
    refused(cora, 'sale.complete', input, 'CONFLICT');
  });

  it('a sale made before request hashes were kept still refuses another cart under its id', () => {
    const input = { id: uuidv7(), lines: [{ productId: till.products.bread.id, quantity: 1 }], payments: [cash(420)] };
    const first = till.call(till.cashier, 'sale.complete', input);
    // as migration 0008 leaves the sales it finds
    till.terminal.sqlite.prepare('UPDATE request_keys SET request_hash = NULL WHERE id = ?').run(input.id);
    expect(till.call(till.cashier, 'sale.complete', input)).toEqual(first);
    refused(
      till.cashier,
      'sale.complete',
      { ...input, lines: [{ productId: till.products.wine.id, quantity: 5 }], payments: [card(5 * 1299)] },
      'CONFLICT',
    );
  });

  it('the drawer opens by itself only as a cash sale completes, for who completed it', async () => {
    const sale = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [cash(350)],
    });
    const kick = (session: Session) => till.terminal.router.invokeAsync('receipt.kickDrawer', { saleId: sale.id }, session);
    const cora = secondCashier();
    const other = await kick(cora);
    expect(!other.ok && other.error.code).toBe('VALIDATION');
    clock += 10 * 60_000;
    const late = await kick(till.cashier);
    expect(!late.ok && late.error.message).toContain('no-sale');
  });

  it('a paid-out larger than the drawer is refused before any manager is asked', () => {
    const error = refused(till.cashier, 'shift.cashMovement', { kind: 'paid_out', amountMinor: 50_000, reason: 'Supplier' }, 'VALIDATION');
    expect(error.message).toContain('Only €100.00 is in the drawer');
  });

  it('another cashier cannot overwrite a parked cart, nor park a completed sale', () => {
    const cora = secondCashier();
    const id = uuidv7();
    till.call(till.cashier, 'sale.park', { id, label: 'Mr Brown', lines: [{ productId: till.products.tea.id, quantity: 1 }] });
    refused(cora, 'sale.park', { id, label: 'Mine now', lines: [{ productId: till.products.wine.id, quantity: 9 }] }, 'CONFLICT');
    // the cashier who parked it may update it
    till.call(till.cashier, 'sale.park', { id, label: 'Mr Brown', lines: [{ productId: till.products.tea.id, quantity: 2 }] });
    const sold = till.call(till.cashier, 'sale.complete', {
      id: uuidv7(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [cash(350)],
    });
    refused(till.cashier, 'sale.park', { id: sold.id, lines: [{ productId: till.products.tea.id, quantity: 1 }] }, 'CONFLICT');
  });

  it('a no-sale needs a manager when the store says so, and is recorded with who approved it', () => {
    till.call(till.manager, 'settings.update', { noSaleNeedsApproval: true });
    const need = refused(till.cashier, 'shift.noSale', { reason: 'Change for a customer' }, 'FORBIDDEN');
    expect(need.details?.needsApproval).toMatchObject([{ action: 'noSale', terms: {} }]);
    const approval = till.call(till.cashier, 'auth.approve', { pin: MANAGER_PIN, action: 'noSale', terms: {} });
    const { id } = till.call(till.cashier, 'shift.noSale', { reason: 'Change for a customer', approvalId: approval.approvalId });
    expect(till.terminal.sqlite.prepare('SELECT approved_by AS a FROM cash_movements WHERE id = ?').get(id)).toEqual({
      a: approval.managerId,
    });
    expect(till.call(till.cashier, 'shift.xReport', {}).noSales).toBe(1);
  });
});

describe('texts and terminal id', () => {
  it('refuses NUL and bidi-override characters in names, in words', () => {
    const product = { sku: 'EVIL', priceMinor: 100, taxClassId: 'zero', stockOnHand: 1 };
    for (const name of ['Bad\u0000name', 'Cheap \u202Eoge\u202C wine', 'Tab\tbed', 'Two\nlines']) {
      const error = refused(till.manager, 'catalog.upsertProduct', { ...product, name }, 'VALIDATION');
      expect(error.message).toMatch(/^name: /);
    }
    refused(till.manager, 'staff.create', { name: 'Eve\u2066', pin: '4444', roles: ['cashier'] }, 'VALIDATION');
    for (const name of ['Zero\u200Bwidth', 'B\uFEFFom', 'Line\u2028separator', 'Soft\u00ADhyphen']) {
      refused(till.manager, 'catalog.upsertProduct', { ...product, name }, 'VALIDATION');
    }
    // a receipt header may have several lines, but no control characters
    till.call(till.manager, 'settings.update', { receiptHeader: 'Rue du Marché 1\nOpen 8–20' });
    refused(till.manager, 'settings.update', { receiptHeader: 'Rue\u0007 du Marché' }, 'VALIDATION');
  });

  it('refuses to sell without a terminal id (one the app could not give: no staff yet when it opened)', () => {
    // what opening the terminal repairs (see tests/core/terminalId.test.ts); here the id is taken away under the core
    till.terminal.sqlite.transaction(() => writeSettings(till.terminal.ctx, { terminalId: '' }, null)).immediate();
    const error = refused(
      till.cashier,
      'sale.complete',
      { id: uuidv7(), lines: [{ productId: till.products.tea.id, quantity: 1 }], payments: [cash(350)] },
      'VALIDATION',
    );
    expect(error.message).toContain('terminal id');
  });
});
