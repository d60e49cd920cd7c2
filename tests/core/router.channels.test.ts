import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../electron/core/jobs';
import { silentLogger } from '../../electron/core/log';
import { newSession, type Session } from '../../electron/core/session';
import { attachSyncService, memorySecretStore } from '../../electron/core/sync/service';
import { type Channel, contract } from '../../src/shared/contract';
import {
  CASHIER_PIN,
  checksum,
  copySession,
  countRows,
  ean13,
  errorOf,
  MANAGER_PIN,
  makeEmptyTerminal,
  makeTerminal,
  okData,
  type TestTerminal,
} from '../helpers/terminal';

type SessionName = 'manager' | 'cashier' | 'anonymous';

interface ChannelCase {
  /** a valid input, built from the fixture (it may first bring the terminal into the state the call needs) */
  valid: (t: TestTerminal) => unknown;
  /** who makes the valid call (default: the least role the channel allows) */
  as?: SessionName;
  /** run the valid call on a fresh, empty terminal instead (first-run channels) */
  freshTerminal?: boolean;
  /** inputs the channel's schema must refuse */
  invalid: unknown[];
  /** the typed error a valid call answers here (sync: this test's central is a closed port) */
  answers?: 'CENTRAL_UNAVAILABLE';
}

// --- bringing the terminal into the state a selling channel needs (as the manager) ---

function currentShift(t: TestTerminal): { id: string } | null {
  return okData<{ id: string } | null>(t.call('shift.current', {}, t.manager));
}

function ensureShiftOpen(t: TestTerminal): void {
  if (!currentShift(t)) okData(t.call('shift.open', { openingFloatMinor: 10_000 }, t.manager));
}

function ensureShiftClosed(t: TestTerminal): void {
  if (currentShift(t)) okData(t.call('shift.close', { counted: [{ denominationMinor: 1000, count: 10 }] }, t.manager));
}

/** The number of a closed shift's Z report (opens and closes one if there is none yet). */
function closedZNumber(t: TestTerminal): number {
  const row = t.sqlite.prepare('SELECT z_number AS z FROM shifts WHERE z_number IS NOT NULL ORDER BY z_number LIMIT 1').get() as
    | { z: number }
    | undefined;
  if (row) return row.z;
  ensureShiftOpen(t);
  return okData<{ zNumber: number }>(t.call('shift.close', { counted: [] }, t.manager)).zNumber;
}

function giftCardId(t: TestTerminal): string {
  const product = t.catalogue.bySku.get('SKU-029');
  if (!product) expect.fail('the fixture has no gift card');
  return product.id;
}

/** A cart of one gift card: zero tax, no stock tracking, 20.00 whatever the settings. */
function giftCardCart(t: TestTerminal) {
  return { lines: [{ productId: giftCardId(t), quantity: 1 }] };
}

function completedSale(t: TestTerminal): { id: string; receiptNo: number; lines: { id: string }[] } {
  ensureShiftOpen(t);
  return okData(
    t.call(
      'sale.complete',
      { id: randomUUID(), ...giftCardCart(t), payments: [{ method: 'cash', amountMinor: 2000, tenderedMinor: 5000 }] },
      t.manager,
    ),
  );
}

/** The sale in progress starts afresh (tests build it through the core, never by hand). */
function clearOpenSales(t: TestTerminal): void {
  t.sqlite.prepare('DELETE FROM open_sales').run();
}

/** A sale in progress of `who` (the cashier by default) with one gift card line: its line id. */
function openLineId(t: TestTerminal, who: 'cashier' | 'manager' = 'cashier'): string {
  ensureShiftOpen(t);
  clearOpenSales(t);
  const open = okData<{ lines: { lineId: string }[] }>(t.router.invoke('cart.addLine', { productId: giftCardId(t) }, t[who]));
  return open.lines[0]?.lineId ?? '';
}

function parkedCartId(t: TestTerminal): string {
  const id = randomUUID();
  okData(t.call('sale.park', { id, label: 'Table 4', ...giftCardCart(t) }, t.manager));
  return id;
}

/** A cancellable job the cashier is running (it ends when cancelled, or after a second): its id. */
function runningJobId(t: TestTerminal): string {
  const jobId = randomUUID();
  const work = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  void runJob({ jobId, channel: 'test.job', session: t.cashier, cancellable: true }, (job) => work(job.signal));
  return jobId;
}

/** A fresh loyalty member (enrolled by the manager), with points when asked: its id. */
function memberId(t: TestTerminal, points = 0): string {
  const n = t.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number };
  const member = okData<{ id: string }>(
    t.call('loyalty.enroll', { name: `Member ${n.n + 1}`, email: `member${n.n + 1}.${randomUUID().slice(0, 8)}@example.com` }, t.manager),
  );
  if (points > 0) okData(t.call('loyalty.adjust', { id: randomUUID(), memberId: member.id, points, reason: 'Opening balance' }, t.manager));
  return member.id;
}

/** A product of the fixture that tracks stock. */
function stockedProductId(t: TestTerminal): string {
  const product = t.catalogue.bySku.get('SKU-001');
  if (!product) expect.fail('the fixture has no SKU-001');
  return product.id;
}

/** The open stock count (started by the manager when there is none): its id. */
function openCountId(t: TestTerminal): string {
  const open = t.router.invoke('stock.countGet', {}, t.manager);
  if (open.ok) return (open.data as { count: { id: string } }).count.id;
  return okData<{ id: string }>(t.call('stock.countStart', { id: randomUUID() }, t.manager)).id;
}

// One entry per channel of the contract: a channel added without an entry fails the test below.
const CASES: Record<Channel, ChannelCase> = {
  'setup.status': { valid: () => ({}), invalid: [{ verbose: true }] },
  'setup.createFirstManager': {
    valid: () => ({ name: 'Olu Owner', pin: '13579', storeName: 'Kiosk', currency: 'EUR' }),
    freshTerminal: true,
    invalid: [{ name: 'Olu', pin: '12', storeName: 'Kiosk' }, { name: 'Olu', pin: '1234', storeName: 'Kiosk', currency: 'euro' }, {}],
  },
  'settings.get': { valid: () => ({}), invalid: [{ key: 'storeName' }] },
  'settings.update': {
    valid: () => ({ storeName: 'Corner Shop & Co', pricesIncludeTax: false }),
    invalid: [{ currency: 'eur' }, { storeName: '' }, { storeName: 42 }, { touchKeypad: 'sometimes' }],
  },
  'auth.directory': { valid: () => ({}), invalid: [{ all: true }] },
  'auth.login': {
    valid: (t) => ({ staffId: t.cashierId, pin: CASHIER_PIN }),
    as: 'anonymous',
    invalid: [{ staffId: 'x', pin: 'abcd' }, { staffId: '', pin: '1234' }, { staffId: 'x', pin: 1234 }, { staffId: 'x' }],
  },
  'auth.logout': { valid: () => ({}), as: 'cashier', invalid: [{ everywhere: true }] },
  'auth.whoami': { valid: () => ({}), invalid: [{ deep: 1 }] },
  'auth.elevate': {
    valid: () => ({ pin: MANAGER_PIN }),
    as: 'cashier',
    invalid: [{ pin: '12' }, { pin: 'abcd' }, { pin: 1234 }, {}],
  },
  'auth.endElevation': { valid: () => ({}), as: 'cashier', invalid: [{ to: 'till' }] },
  'staff.list': { valid: () => ({ includeInactive: true }), invalid: [{ includeInactive: 'yes' }] },
  'staff.create': {
    valid: () => ({ name: 'Noor Newcomer', pin: '4826', roles: ['cashier'] }),
    invalid: [
      { name: 'Noor', pin: '4826', roles: [] },
      { name: 'Noor', pin: '4826', roles: ['owner'] },
      { name: ' ', pin: '4826', roles: ['cashier'] },
      { name: 'Noor', pin: '123456789', roles: ['cashier'] },
    ],
  },
  'staff.update': {
    valid: (t) => ({ id: t.cashierId, name: 'Cai C.' }),
    invalid: [{ name: 'x' }, { id: 'x', roles: [] }, { id: 'x', active: 'no' }, { id: 'x', pin: '12a4' }],
  },
  'catalog.search': {
    valid: () => ({ query: 'choc', limit: 5 }),
    invalid: [{ limit: 0 }, { limit: 201 }, { query: 'x'.repeat(201) }, { active: 'some' }, { limit: 1.5 }],
  },
  'catalog.count': {
    valid: () => ({ query: 'choc' }),
    invalid: [{ query: 'x'.repeat(201) }, { active: 'some' }, { categoryId: 7 }, { query: 7 }, { limit: 5 }],
  },
  'catalog.lookupBarcode': {
    valid: () => ({ code: ean13(1) }),
    invalid: [{ code: '' }, { code: 4006381333931 }, { code: 'x'.repeat(49) }, {}],
  },
  'catalog.get': { valid: (t) => ({ id: t.catalogue.products[0]?.id }), invalid: [{ id: '' }, {}, { id: 7 }] },
  'catalog.upsertProduct': {
    valid: (t) => ({
      sku: 'NEW-001',
      name: 'Sourdough loaf',
      priceMinor: 450,
      taxClassId: t.catalogue.taxClassIds.reduced,
      categoryId: t.catalogue.categoryIds.Bakery,
      barcodes: [ean13(901)],
    }),
    invalid: [
      { sku: 'A', name: 'A', priceMinor: -1, taxClassId: 'zero' },
      { sku: 'A', name: 'A', priceMinor: 1.5, taxClassId: 'zero' },
      { sku: 'A B', name: 'A', priceMinor: 1, taxClassId: 'zero' },
      { sku: 'A', name: 'A', priceMinor: 1, taxClassId: 'zero', barcodes: ['12'] },
      { sku: 'A', name: 'A', priceMinor: 1 },
    ],
  },
  'catalog.setActive': {
    valid: (t) => ({ id: t.catalogue.products[1]?.id, active: false }),
    invalid: [{ id: 'x' }, { id: 'x', active: 1 }],
  },
  'catalog.categories': { valid: () => ({}), invalid: [{ parentId: 'x' }] },
  'catalog.taxClasses': { valid: () => ({}), invalid: [{ rateBp: 0 }] },
  'catalog.upsertCategory': { valid: () => ({ name: 'Frozen' }), invalid: [{ name: '' }, { name: 'x'.repeat(121) }, {}] },
  'catalog.upsertTaxClass': {
    valid: () => ({ name: 'Super reduced', rateBp: 210 }),
    invalid: [
      { name: 'Bad', rateBp: -1 },
      { name: 'Bad', rateBp: 100001 },
      { name: 'Bad', rateBp: 2.5 },
    ],
  },
  // each valid call deletes a category (tax class) of its own, made empty for it
  'catalog.deleteCategory': {
    valid: (t) => ({
      id: okData<{ id: string }>(t.call('catalog.upsertCategory', { name: `Empty ${randomUUID().slice(0, 8)}` }, t.manager)).id,
    }),
    invalid: [{}, { id: '' }, { id: 7 }, { id: 'x'.repeat(65) }, { id: 'x', force: true }],
  },
  'catalog.deleteTaxClass': {
    valid: (t) => ({
      id: okData<{ id: string }>(t.call('catalog.upsertTaxClass', { name: `Unused ${randomUUID().slice(0, 8)}`, rateBp: 10 }, t.manager))
        .id,
    }),
    invalid: [{}, { id: '' }, { id: null }, { ids: ['x'] }],
  },
  'auth.approve': {
    valid: () => ({ pin: MANAGER_PIN, action: 'discount', targetId: randomUUID(), terms: { maxDiscountBp: 2000, maxAmountMinor: 500 } }),
    invalid: [
      { pin: MANAGER_PIN, action: 'anything' },
      { pin: '12', action: 'discount' },
      { action: 'discount' },
      // an approval states what it allows
      { pin: MANAGER_PIN, action: 'discount', targetId: randomUUID() },
      { pin: MANAGER_PIN, action: 'priceOverride', targetId: randomUUID(), terms: { productId: 'p' } },
      { pin: MANAGER_PIN, action: 'voidCart', terms: { maxAmountMinor: 100 } },
      { pin: MANAGER_PIN, action: 'discount', targetId: randomUUID(), terms: { maxDiscountBp: 2000, price: 1 } },
    ],
  },
  'shift.current': { valid: () => ({}), invalid: [{ terminalId: 'T-01' }] },
  'shift.open': {
    valid: (t) => {
      ensureShiftClosed(t);
      return { openingFloatMinor: 15_000 };
    },
    invalid: [{ openingFloatMinor: -1 }, { openingFloatMinor: 10.5 }, {}],
  },
  'shift.join': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { shiftId: currentShift(t)?.id };
    },
    invalid: [{}, { shiftId: '' }, { shiftId: 7 }, { shiftId: randomUUID(), extra: 1 }],
  },
  'shift.cashMovement': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { kind: 'paid_in', amountMinor: 500, reason: 'Float top-up' };
    },
    invalid: [
      { kind: 'paid_in', amountMinor: 0, reason: 'Float' },
      { kind: 'refund', amountMinor: 5, reason: 'Float' },
      { kind: 'paid_in', amountMinor: 5, reason: 'x' },
    ],
  },
  'shift.noSale': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { reason: 'Change for a customer' };
    },
    invalid: [{ reason: '' }, { reason: 'x'.repeat(201) }, {}],
  },
  'shift.xReport': {
    valid: (t) => {
      ensureShiftOpen(t);
      return {};
    },
    invalid: [{ shiftId: 'x' }],
  },
  'shift.close': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { counted: [{ denominationMinor: 1000, count: 12 }] };
    },
    invalid: [{ counted: [{ denominationMinor: 0, count: 1 }] }, { counted: [{ denominationMinor: 100, count: -1 }] }, {}],
  },
  'shift.zReport': { valid: (t) => ({ zNumber: closedZNumber(t) }), invalid: [{ zNumber: 0 }, { zNumber: 'one' }] },
  'sale.complete': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { id: randomUUID(), ...giftCardCart(t), payments: [{ method: 'card', amountMinor: 2000, last4: '4242' }] };
    },
    invalid: [
      { id: 'not-a-uuid', lines: [{ productId: 'p', quantity: 1 }], payments: [{ method: 'card', amountMinor: 1 }] },
      { id: randomUUID(), lines: [], payments: [{ method: 'card', amountMinor: 1 }] },
      { id: randomUUID(), lines: [{ productId: 'p', quantity: 1 }], payments: [{ method: 'cheque', amountMinor: 1 }] },
      {
        id: randomUUID(),
        lines: [{ productId: 'p', quantity: 1 }],
        payments: [{ method: 'card', amountMinor: 1, last4: '4242424242424242' }],
      },
    ],
  },
  'sale.park': {
    valid: (t) => ({ id: randomUUID(), label: 'Mrs Lee', ...giftCardCart(t) }),
    invalid: [
      { id: randomUUID(), lines: [] },
      { id: randomUUID(), lines: [{ productId: 'p', quantity: 0 }] },
    ],
  },
  'sale.listParked': { valid: () => ({}), invalid: [{ staffId: 'x' }] },
  'sale.resume': { valid: (t) => ({ id: parkedCartId(t) }), invalid: [{ id: 'not-a-uuid' }, {}] },
  'sale.void': {
    valid: (t) => ({ cartId: randomUUID(), scope: 'line', productId: giftCardId(t), quantity: 1, ...giftCardCart(t) }),
    as: 'manager',
    invalid: [
      { cartId: randomUUID(), scope: 'all', lines: [{ productId: 'p', quantity: 1 }] },
      { cartId: randomUUID(), scope: 'line', productId: 'p', lines: [] },
      // the amount is the core's to compute, never the caller's
      { cartId: randomUUID(), scope: 'cart', lines: [{ productId: 'p', quantity: 1 }], amountMinor: 1 },
    ],
  },
  'sale.find': { valid: (t) => ({ receipt: String(completedSale(t).receiptNo) }), invalid: [{ receipt: '' }, { receipt: 42 }] },
  'sale.recent': {
    valid: (t) => ({ limit: 5, before: completedSale(t).receiptNo + 1 }),
    invalid: [
      { limit: 0 },
      { limit: 51 },
      { limit: 2.5 },
      { before: 0 },
      { before: '12' },
      // keyset, not offset
      { offset: 20 },
      { limit: 5, before: 3, shiftId: 'x' },
    ],
  },
  'sale.get': { valid: (t) => ({ id: completedSale(t).id }), invalid: [{ id: '' }, {}] },
  'sale.refund': {
    valid: (t) => {
      const sale = completedSale(t);
      return {
        id: randomUUID(),
        originalSaleId: sale.id,
        lines: [{ originalLineId: sale.lines[0]?.id, quantity: 1, restock: true }],
        payBack: 'original',
        reason: 'Changed their mind',
      };
    },
    as: 'manager',
    invalid: [
      { id: randomUUID(), lines: [], payBack: 'original' },
      { id: randomUUID(), lines: [{ quantity: 1, restock: true }], payBack: 'bitcoin' },
      { id: randomUUID(), lines: [{ quantity: 0, restock: true }], payBack: 'cash' },
    ],
  },
  'journal.verify': { valid: () => ({}), invalid: [{ from: 1 }] },
  // the sale in progress: each case starts from the cashier's own, emptied first
  'cart.current': { valid: () => ({}), invalid: [{ id: 'x' }] },
  'cart.addLine': {
    valid: (t) => {
      ensureShiftOpen(t);
      clearOpenSales(t);
      return { productId: giftCardId(t) };
    },
    invalid: [{}, { productId: 'p', code: '123' }, { productId: 'p', quantity: 0 }, { code: '' }],
  },
  'cart.setQuantity': {
    valid: (t) => ({ lineId: openLineId(t), quantity: 3 }),
    invalid: [{ lineId: 'x', quantity: 0 }, { quantity: 2 }, { lineId: 'x', quantity: 1.5 }],
  },
  'cart.removeLine': { valid: (t) => ({ lineId: openLineId(t, 'manager') }), as: 'manager', invalid: [{}, { lineId: '' }] },
  'cart.setDiscount': {
    valid: (t) => {
      openLineId(t);
      return { discount: { kind: 'percent', bp: 500 } };
    },
    invalid: [{ discount: { kind: 'percent', bp: 10001 } }, { lineId: 'x' }, {}],
  },
  'cart.overridePrice': {
    valid: (t) => ({ lineId: openLineId(t), priceMinor: 1500 }),
    invalid: [{ lineId: 'x', priceMinor: -1 }, { lineId: 'x' }, { priceMinor: 5 }],
  },
  'cart.setMember': {
    valid: (t) => {
      ensureShiftOpen(t);
      clearOpenSales(t);
      return { memberId: memberId(t) };
    },
    invalid: [{}, { memberId: 7 }, { memberId: '' }, { memberId: 'x', points: 5 }],
  },
  'cart.void': {
    valid: (t) => {
      openLineId(t, 'manager');
      return {};
    },
    as: 'manager',
    invalid: [{ approvalId: '' }, { reason: 'x' }],
  },
  'cart.park': {
    valid: (t) => {
      openLineId(t);
      return { label: 'Table 9' };
    },
    invalid: [{ label: 'x'.repeat(61) }, { label: 5 }],
  },
  'cart.resume': {
    valid: (t) => {
      clearOpenSales(t);
      return { id: parkedCartId(t) };
    },
    invalid: [{ id: 'not-a-uuid' }, {}],
  },
  'receipt.render': {
    valid: (t) => ({ saleId: completedSale(t).id, format: 'html' }),
    invalid: [{ saleId: 'x', format: 'pdf' }, { format: 'html' }, { saleId: 'x', format: 'html', copy: 'yes' }],
  },
  'receipt.print': { valid: (t) => ({ saleId: completedSale(t).id, copy: true }), invalid: [{ saleId: '' }, { saleId: 'x', copy: 1 }] },
  'receipt.kickDrawer': {
    valid: (t) => {
      ensureShiftOpen(t);
      return { noSaleId: okData<{ id: string }>(t.call('shift.noSale', { reason: 'Change for a customer' }, t.manager)).id };
    },
    // the drawer never opens for nothing
    invalid: [{ force: true }, {}, { saleId: 'x', noSaleId: 'y' }],
  },
  'report.print': {
    valid: (t) => ({ zNumber: closedZNumber(t) }),
    invalid: [{ zNumber: 0 }, { current: true, zNumber: 1 }, { format: 'html' }],
  },
  'report.render': {
    valid: (t) => ({ zNumber: closedZNumber(t), format: 'escpos' }),
    invalid: [{ format: 'pdf' }, { current: true, zNumber: 1, format: 'html' }, { zNumber: 0, format: 'html' }],
  },
  'report.sales': {
    valid: () => ({ from: '2026-01-01', to: '2026-01-31', topN: 5 }),
    invalid: [
      {},
      { from: '2026-01-31', to: '2026-01-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2020-01-01', to: '2026-01-01' },
    ],
  },
  'report.salesRender': {
    valid: () => ({ from: '2026-01-01', to: '2026-01-07' }),
    invalid: [{ from: '2026-01-01' }, { from: '1.1.2026', to: '2.1.2026' }, { from: '2026-01-01', to: '2026-01-02', topN: 0 }],
  },
  'sale.search': {
    valid: (t) => ({ receiptNo: completedSale(t).receiptNo, limit: 10 }),
    invalid: [{ limit: 0 }, { minAmountMinor: 5, maxAmountMinor: 1 }, { from: '2026-13-01' }, { amount: 5 }],
  },
  'shift.zReports': {
    valid: (t) => {
      closedZNumber(t);
      return { limit: 5 };
    },
    invalid: [{ limit: 101 }, { cursor: 5 }, { zNumber: 1 }],
  },
  'audit.list': {
    valid: () => ({ action: 'sale.', limit: 20 }),
    invalid: [{ limit: 0 }, { action: '' }, { action: 'sale %' }, { from: '2026-01-02', to: '2026-01-01' }],
  },
  'loyalty.enroll': {
    valid: () => ({ id: randomUUID(), name: 'Nina Novak', phone: `+44 7700 ${String(Math.floor(Math.random() * 900_000) + 100_000)}` }),
    invalid: [{}, { name: '' }, { name: 'Ana', email: 7 }, { name: 'Ana', id: 'not-a-uuid' }, { name: 'Ana', phone: 'x'.repeat(33) }],
  },
  'loyalty.find': {
    valid: () => ({ query: 'Member' }),
    invalid: [
      {},
      { query: '' },
      { query: 'x'.repeat(101) },
      { query: 'a', limit: 0 },
      { query: 'a', limit: 51 },
      { query: 'a', offset: 3 },
    ],
  },
  'loyalty.get': { valid: (t) => ({ id: memberId(t) }), invalid: [{}, { id: '' }, { id: 3 }] },
  'loyalty.update': {
    valid: (t) => ({ id: memberId(t), name: 'Nina N.' }),
    invalid: [{}, { id: 'x', name: '' }, { id: 'x', email: 5 }, { id: 'x', tier: 'gold' }, { id: 'x', pointsBalance: 5 }],
  },
  'loyalty.deactivate': {
    valid: (t) => ({ id: memberId(t), reason: 'Card reported lost' }),
    invalid: [{ id: 'x' }, { id: 'x', reason: 'x' }, { id: 'x', reason: 'Lost card', active: 'no' }],
  },
  'loyalty.adjust': {
    valid: (t) => ({ id: randomUUID(), memberId: memberId(t), points: 250, reason: 'Goodwill for a late delivery' }),
    invalid: [
      { id: randomUUID(), memberId: 'x', points: 0, reason: 'Zero is nothing' },
      { id: randomUUID(), memberId: 'x', points: 1.5, reason: 'Half a point' },
      { id: 'not-a-uuid', memberId: 'x', points: 5, reason: 'Bad id' },
      { id: randomUUID(), memberId: 'x', points: 5 },
    ],
  },
  'loyalty.transfer': {
    valid: (t) => ({ id: randomUUID(), fromMemberId: memberId(t, 500), toMemberId: memberId(t), points: 200 }),
    invalid: [
      { id: randomUUID(), fromMemberId: 'a', toMemberId: 'b', points: 0 },
      { id: randomUUID(), fromMemberId: 'a', toMemberId: 'b', points: -5 },
      { id: randomUUID(), fromMemberId: 'a', points: 5 },
      { id: 'x', fromMemberId: 'a', toMemberId: 'b', points: 5 },
    ],
  },
  'loyalty.history': {
    valid: (t) => ({ memberId: memberId(t, 100), limit: 10 }),
    invalid: [{}, { memberId: 'x', limit: 0 }, { memberId: 'x', limit: 101 }, { memberId: 'x', offset: 10 }],
  },
  'loyalty.export': { valid: (t) => ({ id: memberId(t, 10) }), invalid: [{}, { id: '' }, { id: 'x', format: 'csv' }] },
  'job.progress': {
    valid: (t) => ({ jobId: runningJobId(t) }),
    invalid: [{}, { jobId: 'not-a-uuid' }, { jobId: randomUUID(), extra: 1 }],
  },
  'job.cancel': {
    valid: (t) => ({ jobId: runningJobId(t) }),
    invalid: [{}, { jobId: 42 }],
  },
  'loyalty.erase': {
    valid: (t) => ({ id: memberId(t, 10), reason: 'Asked to be forgotten' }),
    invalid: [{ id: 'x' }, { id: 'x', reason: '' }, { reason: 'No id given' }],
  },
  'loyalty.expire': {
    valid: () => ({}),
    invalid: [{ dryRun: 'yes' }, { dryRun: 1 }, { dryRun: null }, { dryRun: true, months: 12 }],
  },
  'export.csv': {
    valid: () => ({ what: 'sales', from: '2026-01-01', to: '2026-12-31', bom: true, jobId: randomUUID() }),
    invalid: [
      {},
      { what: 'receipts' },
      { what: 'sales', from: '2026-13-01' },
      { what: 'sales', from: '2026-02-30' },
      { what: 'sales', from: '2026-03-02', to: '2026-03-01' },
      { what: 'products', from: '2026-01-01' },
      { what: 'sales', jobId: 'not-a-uuid' },
      { what: 'sales', bom: 'yes' },
    ],
  },
  'backup.create': { valid: () => ({ note: 'Router test' }), invalid: [{ passphrase: 'short' }, { note: 3 }, { jobId: 'x' }] },
  'backup.list': { valid: () => ({}), invalid: [{ folder: '/etc' }] },
  'backup.verify': {
    valid: (t) => ({ name: sqliteBackupOf(t) }),
    invalid: [{}, { name: '../terminal.db' }, { name: '/etc/passwd' }, { name: 'a/b.db' }, { name: 'x.db', passphrase: 'short' }],
  },
  'backup.restore': {
    valid: (t) => ({ name: sqliteBackupOf(t) }),
    invalid: [{}, { name: '..' }, { name: '../../terminal.db' }, { name: 'sub/x.db' }, { name: 'x.db', jobId: 'nope' }],
  },
  'stock.receive': {
    valid: (t) => ({
      id: randomUUID(),
      lines: [
        { productId: stockedProductId(t), quantity: 12 },
        { barcode: ean13(2), quantity: 6 },
      ],
    }),
    invalid: [
      { id: randomUUID(), lines: [] },
      { id: randomUUID(), lines: [{ productId: 'p', quantity: 0 }] },
      { id: randomUUID(), lines: [{ productId: 'p', barcode: ean13(2), quantity: 1 }] },
      { id: randomUUID(), lines: [{ quantity: 1 }] },
      { id: 'x', lines: [{ productId: 'p', quantity: 1 }] },
    ],
  },
  'stock.adjust': {
    valid: (t) => ({ id: randomUUID(), productId: stockedProductId(t), delta: -1, reason: 'damaged', note: 'Dropped' }),
    invalid: [
      { id: randomUUID(), productId: 'p', delta: 0, reason: 'damaged' },
      { id: randomUUID(), productId: 'p', delta: 1, reason: 'sale' },
      { id: randomUUID(), productId: 'p', delta: 1.5, reason: 'theft' },
      { id: randomUUID(), delta: -1, reason: 'theft' },
      { id: randomUUID(), productId: 'p', delta: -1 },
    ],
  },
  'stock.movements': {
    valid: (t) => ({ productId: stockedProductId(t), limit: 10 }),
    invalid: [{ limit: 0 }, { limit: 201 }, { reason: 'gift' }, { from: -1 }, { offset: 10 }],
  },
  'stock.low': { valid: () => ({ threshold: 10 }), invalid: [{ threshold: -1 }, { limit: 0 }, { threshold: 1.5 }] },
  'stock.setReorderLevel': {
    valid: (t) => ({ productId: stockedProductId(t), reorderLevel: 4 }),
    invalid: [{ productId: 'p' }, { productId: 'p', reorderLevel: -1 }, { reorderLevel: 3 }],
  },
  'stock.countStart': {
    valid: (t) => {
      const open = t.router.invoke('stock.countGet', {}, t.manager);
      if (open.ok) okData(t.call('stock.countCancel', { countId: (open.data as { count: { id: string } }).count.id }, t.manager));
      return { id: randomUUID(), note: 'Dairy aisle' };
    },
    invalid: [{}, { id: 'x' }, { id: randomUUID(), note: 'x'.repeat(201) }],
  },
  'stock.countRecord': {
    valid: (t) => ({ countId: openCountId(t), productId: stockedProductId(t), counted: 8 }),
    invalid: [
      { countId: 'c', productId: 'p', counted: -1 },
      { countId: 'c', counted: 1 },
      { productId: 'p', counted: 1 },
      { countId: 'c', productId: 'p', counted: 1, add: 'yes' },
    ],
  },
  'stock.countGet': { valid: (t) => ({ countId: openCountId(t) }), invalid: [{ countId: '' }, { countId: 7 }] },
  'stock.countApply': {
    valid: (t) => {
      const countId = openCountId(t);
      okData(t.call('stock.countRecord', { countId, barcode: ean13(3), counted: 7 }, t.manager));
      return { countId };
    },
    invalid: [{}, { countId: '' }, { countId: 'c', force: true }],
  },
  'stock.countCancel': { valid: (t) => ({ countId: openCountId(t) }), invalid: [{}, { countId: 3 }] },
  'sync.status': { valid: () => ({}), invalid: [{ verbose: true }] },
  'sync.configure': {
    valid: () => ({ storeId: 'S-ROUTER01' }),
    invalid: [{ storeId: 'has space' }, { storeId: '' }, { connectionString: 'mysql://x' }, { test: 'yes' }],
  },
  'sync.run': { valid: () => ({ jobId: randomUUID() }), answers: 'CENTRAL_UNAVAILABLE', invalid: [{ jobId: 'x' }, { now: true }] },
  'sync.conflicts': { valid: () => ({}), answers: 'CENTRAL_UNAVAILABLE', invalid: [{ includeResolved: 'yes' }] },
  'sync.resolveConflict': {
    valid: () => ({ id: 'points_overspent:x' }),
    answers: 'CENTRAL_UNAVAILABLE',
    invalid: [{}, { id: '' }, { id: 5 }],
  },
  'import.products': {
    valid: () => ({
      csv: `sku,name,price_minor,tax_class,category,barcodes,stock_on_hand\nIMP-${randomUUID().slice(0, 8)},Imported tea,350,Zero rate,Tea,,5\n`,
      dryRun: false,
      jobId: randomUUID(),
    }),
    invalid: [{}, { csv: '' }, { csv: 'sku', dryRun: 'no' }, { csv: 'sku', jobId: 'job-1' }, { csv: 7 }],
  },
};

/** A plain copy of the test terminal in its backup folder (VACUUM INTO: synchronous, as valid() must be). */
function sqliteBackupOf(t: TestTerminal): string {
  const folder = join(dirname(t.file), 'backups');
  mkdirSync(folder, { recursive: true });
  const name = `router-test-${randomUUID().slice(0, 8)}.db`;
  t.sqlite.prepare('VACUUM INTO ?').run(join(folder, name));
  return name;
}

const channels = Object.keys(contract) as Channel[];

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
  // a sync service whose central is a closed port on this machine: its channels answer in words
  attachSyncService(t.terminal, {
    secrets: memorySecretStore('postgres://ringup@127.0.0.1:9/ringup'),
    log: silentLogger,
    pool: { connectionTimeoutMs: 2_000 },
  });
});

/** The paths of every string in a value (the texts a payload carries). */
function textPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => textPaths(item, [...path, Array.isArray(value) ? Number(key) : key]));
}

/** A copy of `value` whose text at `path` has `bad` in its middle. */
function withText(value: unknown, path: (string | number)[], bad: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  const text = node[last] as string;
  node[last] = text.slice(0, 1) + bad + text.slice(1);
  return copy;
}
afterAll(() => t?.close());

/** Every channel through the entry point the edges use (async channels run there too). */
function invoke(channel: string, input: unknown, session: Session) {
  return t.router.invokeAsync(channel, input, session);
}

function sessionFor(name: SessionName): Session {
  return copySession(t[name]);
}

function defaultCaller(channel: Channel): SessionName {
  const access = contract[channel].access;
  return access === 'public' ? 'anonymous' : access === 'manager' ? 'manager' : 'cashier';
}

describe('router: every channel of the contract', () => {
  it('has a test case for every channel, and none for a channel that does not exist', () => {
    const missing = channels.filter((channel) => !(channel in CASES));
    expect(missing, `channels without a test case in router.channels.test.ts: ${missing.join(', ')}`).toEqual([]);
    expect(Object.keys(CASES).filter((name) => !(name in contract))).toEqual([]);
  });

  describe.each(channels)('%s', (channel) => {
    const def = contract[channel];
    const entry = (): ChannelCase => {
      const found = CASES[channel];
      if (!found) expect.fail(`no test case for channel ${channel}`);
      return found;
    };

    it('answers a valid call with an ok envelope whose data matches the output schema', async () => {
      const c = entry();
      if (c.freshTerminal) {
        const fresh = await makeEmptyTerminal();
        try {
          const before = checksum(fresh.terminal.sqlite);
          const result = await fresh.terminal.router.invokeAsync(channel, c.valid(t), newSession());
          expect(def.output.safeParse(okData(result)).success).toBe(true);
          expect(checksum(fresh.terminal.sqlite) !== before).toBe(def.writes);
        } finally {
          fresh.close();
        }
        return;
      }
      const input = c.valid(t);
      const before = checksum(t.sqlite);
      const result = await invoke(channel, input, sessionFor(c.as ?? defaultCaller(channel)));
      if (c.answers) {
        expect(errorOf(result, c.answers).message.length).toBeGreaterThan(0);
        return;
      }
      const data = okData(result);
      const parsed = def.output.safeParse(data);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      // a channel that says it does not write must not change the database
      if (!def.writes) expect(checksum(t.sqlite)).toBe(before);
    });

    it('refuses invalid payloads with VALIDATION and changes nothing', async () => {
      const c = entry();
      const payloads = [...c.invalid, 42, 'text', [], true, JSON.parse('{"__proto__": {"polluted": true}}'), { unexpectedKey: 1 }];
      const before = checksum(t.sqlite);
      for (const payload of payloads) {
        // the most privileged session: VALIDATION must come from the schema, not from a missing role
        const result = await invoke(channel, payload, sessionFor('manager'));
        const error = errorOf(result, 'VALIDATION');
        expect(error.message.length).toBeGreaterThan(0);
        expect(error.details?.issues).toBeInstanceOf(Array);
      }
      expect(checksum(t.sqlite)).toBe(before);
    });

    it('refuses control and bidi-control characters in every text of its input and changes nothing', async () => {
      const c = entry();
      const input = (c.freshTerminal ? null : c.valid(t)) as unknown;
      const texts = textPaths(input);
      const before = checksum(t.sqlite);
      for (const path of texts) {
        for (const bad of ['\u0000', '\u202E', '\u0007', '\u2066']) {
          const result = await invoke(channel, withText(input, path, bad), sessionFor('manager'));
          errorOf(result, 'VALIDATION');
        }
      }
      expect(checksum(t.sqlite)).toBe(before);
    });

    // public channels have no right to lack: they get no forbidden case
    if (def.access !== 'public')
      it(`refuses a caller without the ${def.access} right and changes nothing`, async () => {
        const c = entry();
        const input = c.valid(t);
        const before = checksum(t.sqlite);
        errorOf(await invoke(channel, input, newSession()), 'UNAUTHENTICATED');
        if (def.access === 'manager') {
          const error = errorOf(await invoke(channel, input, sessionFor('cashier')), 'FORBIDDEN');
          expect(error.details).toEqual({ required: 'manager' });
        }
        expect(checksum(t.sqlite)).toBe(before);
      });
  });

  it('answers an unknown channel with UNKNOWN_CHANNEL', async () => {
    const before = checksum(t.sqlite);
    for (const name of ['catalog.nope', '', 'toString', '__proto__', 'constructor', 'catalog.search '.repeat(20)]) {
      const error = errorOf(await invoke(name, {}, sessionFor('manager')), 'UNKNOWN_CHANNEL');
      errorOf(t.router.invoke(name, {}, sessionFor('manager')), 'UNKNOWN_CHANNEL');
      expect(error.message.length).toBeLessThan(200);
    }
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('records a logout in the audit log and ends only that session', () => {
    const session = sessionFor('cashier');
    const audited = countRows(t.sqlite, 'audit_log', "action = 'auth.logout'");
    expect(okData(t.router.invoke('auth.logout', {}, session))).toEqual({ loggedOut: true });
    expect(session.staff).toBeNull();
    expect(countRows(t.sqlite, 'audit_log', "action = 'auth.logout'")).toBe(audited + 1);
    expect(okData(t.router.invoke('auth.logout', {}, session))).toEqual({ loggedOut: false });
    expect(t.cashier.staff).not.toBeNull();
  });
});
