import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreContext } from '../../electron/core/context';
import { drizzleOf } from '../../electron/core/db/open';
import { completeSale } from '../../electron/core/features/sales/complete';
import { readDocument, readWrittenDocument, saleDocument } from '../../electron/core/features/sales/document';
import { canonicalJson } from '../../electron/core/features/sales/journal';
import { expectedCash, shiftReport } from '../../electron/core/features/sales/shiftReport';
import { requireOpenShift } from '../../electron/core/features/sales/shifts';
import { uuidv7 } from '../../src/shared/uuid';
import { MANAGER_PIN, makeTill, type Till } from './fixture';

// What the checkout reads once and hashes: the one read of a written document gives the journalled
// form saleDocument's SQL gives (byte for byte once canonical), the drawer's cash is the X report's,
// and canonicalJson is the same function it always was.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const cash = (amountMinor: number, tenderedMinor = amountMinor) => ({ method: 'cash' as const, amountMinor, tenderedMinor });
const card = (amountMinor: number) => ({ method: 'card', amountMinor, last4: '4242', approvalCode: 'A1B2' });

/** Sales and refunds of every kind: override, discounts, cash with change, card, receipt refunds (restocked or not), one without receipt. */
function sellAndRefund(): void {
  const { tea, wine, bread, card: giftCard } = till.products;
  const a = till.call(till.manager, 'sale.complete', {
    id: uuidv7(),
    lines: [
      { productId: tea.id, quantity: 2, discount: { kind: 'percent', bp: 1500 } },
      { productId: wine.id, quantity: 1, priceOverrideMinor: 999 },
      { productId: giftCard.id, quantity: 1 },
    ],
    cartDiscount: { kind: 'amount', minor: 100 },
    payments: [card(1000), cash(2994, 3000)],
  });
  const b = till.call(till.cashier, 'sale.complete', {
    id: uuidv7(),
    lines: [{ productId: bread.id, quantity: 2 }],
    payments: [card(840)],
  });
  till.call(till.cashier, 'sale.refund', {
    id: uuidv7(),
    originalSaleId: a.id,
    lines: [{ originalLineId: a.lines[0].id, quantity: 1, restock: true }],
    payBack: 'original',
  });
  till.call(till.cashier, 'sale.refund', {
    id: uuidv7(),
    originalSaleId: b.id,
    lines: [{ originalLineId: b.lines[0].id, quantity: 2, restock: false }],
    payBack: 'card',
  });
  till.call(till.manager, 'sale.refund', { id: uuidv7(), lines: [{ productId: tea.id, quantity: 1, restock: true }], payBack: 'cash' });
}

describe('the one read of a written document', () => {
  it('gives the journalled form of saleDocument, and the rows of readDocument', () => {
    sellAndRefund();
    const ctx = till.terminal.ctx;
    const ids = (till.terminal.sqlite.prepare('SELECT id FROM sales ORDER BY created_at').all() as { id: string }[]).map((r) => r.id);
    expect(ids).toHaveLength(5);
    for (const id of ids) {
      const written = readWrittenDocument(ctx, id);
      expect(canonicalJson(written.journalled)).toBe(canonicalJson(saleDocument(ctx, id)));
      const journalled = till.terminal.sqlite.prepare('SELECT payload FROM journal WHERE document_id = ?').get(id) as { payload: string };
      expect(canonicalJson(written.journalled)).toBe(journalled.payload);
      // (read where it is written, when nothing can have refunded it yet)
      expect(written.rows).toEqual({ ...readDocument(ctx, id), refundIds: [] });
    }
    expect(till.call(till.manager, 'journal.verify', {})).toMatchObject({ ok: true, entries: 6 });
  });

  it('sale.complete reads each table of the document once, and walks no growing table', () => {
    // a second writer connection to the same file that logs every statement it runs
    const statements: string[] = [];
    const sqlite = new Database(till.terminal.sqlite.name, { verbose: (sql) => statements.push(String(sql)) });
    try {
      sqlite.pragma('foreign_keys = ON');
      const ctx: CoreContext = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: till.terminal.ctx.log };
      const { tea, wine } = till.products;
      const sell = () =>
        sqlite
          .transaction(() =>
            completeSale(ctx, till.cashier, {
              id: uuidv7(),
              lines: [
                { productId: tea.id, quantity: 1 },
                { productId: wine.id, quantity: 1 },
              ],
              payments: [cash(1649)],
            }),
          )
          .immediate();
      sell(); // the first sale prepares the statements
      statements.length = 0;
      sell();
      // (quoted by drizzle, bare in hand-written SQL)
      const reads = (table: string) => statements.filter((s) => new RegExp(`^\\s*select\\b.*\\bfrom\\s+"?${table}"?(\\s|$)`, 'is').test(s));
      for (const table of ['sales', 'sale_lines', 'payments', 'stock_movements']) expect(reads(table), table).toHaveLength(1);
      // and nothing it runs walks a whole table that grows (the settings are a handful of rows)
      const plans = statements
        .filter((s) => !/^\s*(pragma|begin|commit|rollback|savepoint|release)\b/i.test(s))
        .map((s) => ({ s, plan: (sqlite.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail) }));
      for (const { s, plan } of plans) {
        const scans = plan.filter((step) => /^SCAN /.test(step) && !/ USING /.test(step) && !/^SCAN settings\b/.test(step));
        expect(scans, `${s}\n${plan.join('\n')}`).toEqual([]);
      }
    } finally {
      sqlite.close();
    }
  });
});

describe('the cash in the drawer', () => {
  it('is the X report’s expected cash, after every sale, refund, paid-in and paid-out', () => {
    const ctx = till.terminal.ctx;
    const shiftId = requireOpenShift(ctx).id;
    const same = () => expect(expectedCash(ctx, shiftId)).toBe(shiftReport(ctx, shiftId).expectedCashMinor);
    same();
    sellAndRefund();
    same();
    till.call(till.cashier, 'shift.cashMovement', { kind: 'paid_in', amountMinor: 500, reason: 'Change from the bank' });
    same();
    const approval = till.call(till.cashier, 'auth.approve', { pin: MANAGER_PIN, action: 'paidOut', terms: { maxAmountMinor: 300 } });
    till.call(till.cashier, 'shift.cashMovement', {
      kind: 'paid_out',
      amountMinor: 300,
      reason: 'Window',
      approvalId: approval.approvalId,
    });
    till.call(till.cashier, 'shift.noSale', { reason: 'Change' });
    same();
    expect(() => expectedCash(ctx, 'no-such-shift')).toThrow(/does not exist/);
  });
});

/** canonicalJson as it was first written: the journal's hashes of existing data depend on it. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly what the first version wrote, for any JSON with undefined and any keys', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant(undefined),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
      }),
      { numRuns: 2000 },
    );
  });
});
