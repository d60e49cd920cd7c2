import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { priceSaleCart } from '../../electron/core/features/sales/sale';
import { seedDatabase } from '../../electron/core/seed/seed';
import { seedDemoStaff } from '../../electron/core/seed/staff';
import { newSession, type Session } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { type EventPayload, type EventTopic, eventSchemas, isEventTopic } from '../../src/shared/events';
import { cashDue } from '../../src/shared/pricing';
import type { Result } from '../../src/shared/result';
import { uuidv7 } from '../../src/shared/uuid';

// The events-are-enough test: a seeded terminal sells, refunds, voids, moves cash and closes
// shifts; replaying its outbox alone — through the event schemas, never its tables — gives the
// figures of every stored Z report and the stock on hand of every product.

let dir: string;
let t: Terminal;
let manager: Session;
let cashier: Session;

function call<T = any>(session: Session, channel: string, input: unknown): T {
  const result = t.router.invoke(channel, input, session) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.data;
}

async function callAsync<T = any>(session: Session, channel: string, input: unknown): Promise<T> {
  const result = (await t.router.invokeAsync(channel, input, session)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.data;
}

type Line = { productId: string; quantity: number; discount?: { kind: 'percent'; bp: number } };

/** Sell `lines`, `cardShare` of it by card and the rest in cash (rounded as the store rounds). */
function sell(session: Session, lines: Line[], cardShare: number, cartDiscount?: { kind: 'percent'; bp: number }) {
  const total = priceSaleCart(t.ctx, lines, cartDiscount ?? null).cart.totalMinor;
  const card = Math.floor(total * cardShare);
  const step = call(manager, 'settings.get', {}).cashRoundingStep as number;
  const cash = total - card > 0 ? cashDue(total - card, step) : 0;
  const payments = [
    ...(card > 0 ? [{ method: 'card', amountMinor: card, last4: '4242' }] : []),
    ...(cash > 0 ? [{ method: 'cash', amountMinor: cash, tenderedMinor: cash + 500 }] : []),
  ];
  return call(session, 'sale.complete', { id: uuidv7(), lines, ...(cartDiscount ? { cartDiscount } : {}), payments });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-events-'));
  t = await openTerminal(join(dir, 'till.db'), { validateOutput: true });
  const staff = seedDemoStaff(t);
  seedDatabase(t, { products: 300, members: 0, sales: 25, seed: 11 });
  const login = (name: string) => {
    const session = newSession();
    const member = staff.find((s) => s.name === name);
    const id = (t.sqlite.prepare('SELECT id FROM staff WHERE name = ?').get(name) as { id: string }).id;
    call(session, 'auth.login', { staffId: id, pin: member?.pin });
    return session;
  };
  manager = login('Demo Manager');
  cashier = login('Demo Cashier');
  call(manager, 'settings.update', { cashRoundingStep: 5, allowNegativeStock: true, printer: { kind: 'system' } });

  const products = t.sqlite
    .prepare('SELECT id FROM products WHERE active = 1 AND sold_by_weight = 0 AND tracks_stock = 1 ORDER BY seq LIMIT 6')
    .all() as { id: string }[];
  const weighed = t.sqlite.prepare('SELECT id FROM products WHERE active = 1 AND sold_by_weight = 1 ORDER BY seq LIMIT 1').get() as
    | { id: string }
    | undefined;
  const [a, b, c, d, e, f] = products.map((p) => p.id) as [string, string, string, string, string, string];

  // shift 1, the cashier: cash, card and split sales, a discount within the limit, refunds in parts, a void, cash in and out
  call(cashier, 'shift.open', { openingFloatMinor: 15_000 });
  const first = sell(
    cashier,
    [
      { productId: a, quantity: 3 },
      { productId: b, quantity: 1 },
    ],
    0.5,
  );
  sell(cashier, [{ productId: c, quantity: 2, discount: { kind: 'percent', bp: 500 } }], 0);
  sell(
    cashier,
    [
      { productId: d, quantity: 1 },
      { productId: e, quantity: 4 },
    ],
    1,
    { kind: 'percent', bp: 800 },
  );
  if (weighed) sell(cashier, [{ productId: weighed.id, quantity: 750 }], 0);
  for (const quantity of [1, 2]) {
    call(cashier, 'sale.refund', {
      id: uuidv7(),
      originalSaleId: first.id,
      lines: [{ originalLineId: first.lines[0].id, quantity: quantity === 1 ? 1 : 1, restock: quantity === 1 }],
      payBack: 'original',
    });
  }
  const cartId = uuidv7();
  call(manager, 'sale.void', { cartId, scope: 'line', productId: f, quantity: 1, lines: [{ productId: f, quantity: 2 }] });
  // the cashier scans one too many and takes it off again (an error correction), then parks the rest
  const open = call(cashier, 'cart.addLine', { productId: f, quantity: 2 }) as { lines: { lineId: string }[] };
  call(cashier, 'cart.setQuantity', { lineId: open.lines[0]?.lineId, quantity: 1 });
  call(cashier, 'cart.park', { label: 'Back soon' });
  call(cashier, 'shift.cashMovement', { kind: 'paid_in', amountMinor: 2_000, reason: 'Change from the bank' });
  call(manager, 'shift.cashMovement', { kind: 'paid_out', amountMinor: 750, reason: 'Window cleaner' });
  call(cashier, 'shift.noSale', { reason: 'Customer needed change' });
  await callAsync(cashier, 'receipt.print', { saleId: first.id });
  await callAsync(cashier, 'receipt.print', { saleId: first.id, copy: true });
  call(cashier, 'shift.close', {
    counted: [
      { denominationMinor: 1000, count: 17 },
      { denominationMinor: 5, count: 3 },
    ],
  });

  // shift 2, the manager: a refund of shift 1's sale, a stock count, more sales, a void of a whole cart
  call(manager, 'shift.open', { openingFloatMinor: 10_000 });
  call(manager, 'sale.refund', {
    id: uuidv7(),
    originalSaleId: first.id,
    lines: [{ originalLineId: first.lines[1].id, quantity: 1, restock: true }],
    payBack: 'cash',
  });
  const counted = call(manager, 'catalog.get', { id: b });
  const { taxRateBp: _rate, categoryName: _category, updatedAt: _updated, ...product } = counted;
  call(manager, 'catalog.upsertProduct', { ...product, stockOnHand: 42 });
  sell(manager, [{ productId: b, quantity: 5 }], 0.3);
  call(manager, 'sale.void', { cartId: uuidv7(), scope: 'cart', lines: [{ productId: a, quantity: 1 }] });
  call(manager, 'shift.close', { counted: [{ denominationMinor: 2000, count: 6 }] });
});

afterAll(() => {
  t?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Event<T extends EventTopic = EventTopic> {
  topic: T;
  payload: EventPayload<T>;
}

/** The outbox, oldest first, each payload read through its topic's schema — the only thing the replay may use. */
function outboxEvents(): Event[] {
  const rows = t.sqlite.prepare('SELECT topic, payload FROM outbox ORDER BY seq').all() as { topic: string; payload: string }[];
  return rows.map((row) => {
    if (!isEventTopic(row.topic)) throw new Error(`unknown topic ${row.topic}`);
    return { topic: row.topic, payload: eventSchemas[row.topic].parse(JSON.parse(row.payload)) } as Event;
  });
}

type Doc = EventPayload<'sale.completed'>;

/** Z figures of one shift, from events alone. */
function figures(
  opened: EventPayload<'shift.opened'>,
  closed: EventPayload<'shift.closed'>,
  docs: { kind: 'sale' | 'refund'; doc: Doc }[],
  events: Event[],
) {
  const mine = docs.filter(({ doc }) => doc.shiftId === opened.shiftId);
  const sales = mine.filter((x) => x.kind === 'sale').map((x) => x.doc);
  const refunds = mine.filter((x) => x.kind === 'refund').map((x) => x.doc);
  const sum = (list: Doc[], f: (d: Doc) => number) => list.reduce((s, d) => s + f(d), 0);
  const methods = [...new Set(mine.flatMap(({ doc }) => doc.payments.map((p) => p.method)))].sort();
  const tender = (list: Doc[], method: string) =>
    sum(list, (d) => d.payments.filter((p) => p.method === method).reduce((s, p) => s + p.amountMinor, 0));
  const rates = new Map<number, { taxRateBp: number; netMinor: number; taxMinor: number; totalMinor: number }>();
  for (const { kind, doc } of mine) {
    const sign = kind === 'sale' ? 1 : -1;
    for (const line of doc.lines) {
      const row = rates.get(line.taxRateBp) ?? { taxRateBp: line.taxRateBp, netMinor: 0, taxMinor: 0, totalMinor: 0 };
      row.netMinor += sign * (line.totalMinor - line.taxMinor);
      row.taxMinor += sign * line.taxMinor;
      row.totalMinor += sign * line.totalMinor;
      rates.set(line.taxRateBp, row);
    }
  }
  const moves = events
    .filter((e): e is Event<'cash.movement'> => e.topic === 'cash.movement')
    .map((e) => e.payload)
    .filter((m) => m.shiftId === opened.shiftId);
  const moved = (kind: string) => moves.filter((m) => m.kind === kind).reduce((s, m) => s + m.amountMinor, 0);
  const within = (time: number) => time >= opened.openedAt && time <= closed.closedAt;
  const removals = events
    .filter((e): e is Event<'sale.voided'> => e.topic === 'sale.voided')
    .map((e) => e.payload)
    .filter((v) => within(v.at));
  const removed = (pick: (v: EventPayload<'sale.voided'>) => boolean) => {
    const list = removals.filter(pick);
    return { count: list.length, amountMinor: list.reduce((s, v) => s + v.amountMinor, 0) };
  };
  const cashSales = tender(sales, 'cash');
  const cashRefunds = tender(refunds, 'cash');
  return {
    salesCount: sales.length,
    salesTotalMinor: sum(sales, (d) => d.totalMinor),
    refundsCount: refunds.length,
    refundsTotalMinor: sum(refunds, (d) => d.totalMinor),
    discountsMinor: sum(sales, (d) => d.discountMinor) - sum(refunds, (d) => d.discountMinor),
    tenders: methods.map((method) => ({ method, salesMinor: tender(sales, method), refundsMinor: tender(refunds, method) })),
    taxes: [...rates.values()].sort((x, y) => y.taxRateBp - x.taxRateBp),
    paidInMinor: moved('paid_in'),
    paidOutMinor: moved('paid_out'),
    noSales: moves.filter((m) => m.kind === 'no_sale').length,
    receiptCopies: events.filter(
      (e) =>
        e.topic === 'receipt.printed' &&
        (e as Event<'receipt.printed'>).payload.copy &&
        within((e as Event<'receipt.printed'>).payload.printedAt),
    ).length,
    drawerOpenings: events.filter((e) => e.topic === 'drawer.opened' && within((e as Event<'drawer.opened'>).payload.at)).length,
    lineVoids: removed((v) => v.scope === 'line' && v.errorCorrect !== true),
    saleVoids: removed((v) => v.scope === 'cart'),
    errorCorrects: removed((v) => v.errorCorrect === true),
    cashRoundingMinor: sum(sales, (d) => d.cashRoundingMinor) - sum(refunds, (d) => d.cashRoundingMinor),
    expectedCashMinor: opened.openingFloatMinor + cashSales - cashRefunds + moved('paid_in') - moved('paid_out'),
  };
}

describe('the outbox is enough to rebuild the terminal', () => {
  it('holds only events of the contract, each valid under its versioned schema', () => {
    const rows = t.sqlite.prepare('SELECT topic, payload FROM outbox').all() as { topic: string; payload: string }[];
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect(isEventTopic(row.topic), row.topic).toBe(true);
      const payload = JSON.parse(row.payload) as { v: number };
      expect(payload.v).toBe(1);
      if (isEventTopic(row.topic)) expect(eventSchemas[row.topic].safeParse(payload).success, row.topic).toBe(true);
    }
    // never a PIN or its hash
    expect(rows.some((row) => /"pin(_?hash)?"\s*:/i.test(row.payload))).toBe(false);
  });

  it('gives every stored Z report’s figures', () => {
    const events = outboxEvents();
    const docs = events.flatMap((e): { kind: 'sale' | 'refund'; doc: Doc }[] =>
      e.topic === 'sale.completed' || e.topic === 'refund.completed'
        ? [{ kind: e.topic === 'sale.completed' ? 'sale' : 'refund', doc: (e as Event<'sale.completed'>).payload }]
        : [],
    );
    const opened = new Map(
      events.filter((e): e is Event<'shift.opened'> => e.topic === 'shift.opened').map((e) => [e.payload.shiftId, e.payload]),
    );
    const closed = events.filter((e): e is Event<'shift.closed'> => e.topic === 'shift.closed').map((e) => e.payload);
    const stored = t.sqlite.prepare('SELECT id, z_report FROM shifts WHERE z_report IS NOT NULL').all() as {
      id: string;
      z_report: string;
    }[];
    // the seed's demo shift and the two above
    expect(stored.length).toBe(3);
    expect(closed.length).toBe(stored.length);
    for (const { id, z_report } of stored) {
      const open = opened.get(id);
      const close = closed.find((c) => c.shiftId === id);
      if (!open || !close) throw new Error(`shift ${id} has no opening or closing event`);
      const z = JSON.parse(z_report) as Record<string, unknown>;
      const rebuilt = figures(open, close, docs, events);
      for (const [key, value] of Object.entries(rebuilt)) expect({ shift: id, [key]: value }).toEqual({ shift: id, [key]: z[key] });
      // what was counted at close travels with the close
      expect(close.report.countedCashMinor).toBe(z.countedCashMinor);
      expect(close.report.overShortMinor).toBe((z.countedCashMinor as number) - rebuilt.expectedCashMinor);
    }
  });

  it('gives every product’s stock on hand', () => {
    const stock = new Map<string, number>();
    const add = (productId: string, delta: number) => stock.set(productId, (stock.get(productId) ?? 0) + delta);
    for (const e of outboxEvents()) {
      if (e.topic === 'catalog.imported') for (const p of (e as Event<'catalog.imported'>).payload.products) stock.set(p.id, p.stockOnHand);
      else if (e.topic === 'stock.moved') add((e as Event<'stock.moved'>).payload.productId, (e as Event<'stock.moved'>).payload.delta);
      else if (e.topic === 'sale.completed' || e.topic === 'refund.completed')
        for (const m of (e as Event<'sale.completed'>).payload.stockMovements) add(m.productId, m.delta);
    }
    const products = t.sqlite.prepare('SELECT id, stock_on_hand AS s FROM products').all() as { id: string; s: number }[];
    expect(products.length).toBeGreaterThanOrEqual(300);
    for (const p of products) expect({ id: p.id, stock: stock.get(p.id) ?? 0 }).toEqual({ id: p.id, stock: p.s });
  });

  it('lists the events with `ringup outbox`, for people and (one per line) for scripts', async () => {
    const file = t.sqlite.name;
    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text) };
    expect(await runCli(['outbox', '--db', file, '--pending', '--limit', '5'], io)).toBe(0);
    expect(out[0]).toMatch(/^\d+ events waiting \(the last 5 shown\)$/);
    expect(out.slice(1).some((line) => line.includes('shift.closed'))).toBe(true);
    out.length = 0;
    expect(await runCli(['outbox', '--db', file, '--json'], io)).toBe(0);
    const lines = out.map((line) => JSON.parse(line) as { topic: string; payload: { v: number } });
    expect(lines.length).toBe((t.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
    expect(lines.every((line) => line.payload.v === 1)).toBe(true);
  });
});
