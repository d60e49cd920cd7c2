import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SalesReport } from '../../electron/core/features/reports/salesReport';
import type { ShiftReport } from '../../electron/core/features/sales/shiftReport';
import type { Session } from '../../electron/core/session';
import { cashDue } from '../../src/shared/pricing';
import { startOfLocalDay } from '../../src/shared/timeZone';
import { makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

/** mulberry32: a small seeded PRNG, so a failing seed replays exactly. */
export function prng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number] };
}

export interface ReportTerminal extends TestTerminal {
  /** the clock every call sees */
  clock: { now: number };
  /** local wall time → epoch ms in the store's zone */
  at(date: string, hour: number, minute?: number): number;
  timeZone: string;
}

/** A terminal with a clock the test moves, selling past stock, cash rounded to 5, in `timeZone`. */
export async function makeReportTerminal(timeZone = 'Europe/Berlin'): Promise<ReportTerminal> {
  const clock = { now: Date.UTC(2026, 2, 1, 8) };
  const t = await makeTerminal({ now: () => clock.now });
  okData(t.call('settings.update', { timeZone, outOfStock: 'sell', cashRoundingStep: 5 }, t.manager));
  return Object.assign(t, {
    clock,
    timeZone,
    at: (date: string, hour: number, minute = 0) => startOfLocalDay(date, timeZone) + (hour * 60 + minute) * 60_000,
  });
}

/** Call through the async entry point (what IPC and the web bridge use); fails the test on an error envelope. */
export async function callAsync<T>(t: TestTerminal, channel: string, input: unknown, session: Session): Promise<T> {
  return okData<T>(await t.router.invokeAsync(channel, input, structuredClone(session)));
}

/**
 * One random shift of activity between `openAt` and `closeAt`: sales through the cart (cash,
 * card, points, split, with line and cart discounts), refunds of some of them, voids of lines and
 * of whole carts, error corrections by the cashier, paid-ins, paid-outs and no-sales; closed with a Z.
 */
export function randomShift(
  t: ReportTerminal,
  rand: ReturnType<typeof prng>,
  openAt: number,
  closeAt: number,
  member: { id: string } | null,
): ShiftReport {
  const span = closeAt - openAt;
  const steps = rand.int(4, 9);
  const tick = (i: number) => {
    t.clock.now = openAt + Math.floor(((i + 1) * span) / (steps + 2));
  };
  t.clock.now = openAt;
  okData(t.call('shift.open', { openingFloatMinor: 10_000 }, t.manager));
  const products = t.catalogue.products.filter((p) => p.active);
  const sold: { id: string; lines: { id: string; quantity: number }[] }[] = [];
  for (let i = 0; i < steps; i++) {
    tick(i);
    const roll = rand.next();
    if (roll < 0.12) {
      // an error correction: the cashier scans and takes the item off at once (no sale follows)
      const open = okData<{ lines: { lineId: string }[] }>(
        t.call('cart.addLine', { productId: rand.pick(products).id, quantity: 1, sellPastStock: true }, t.cashier),
      );
      const line = open.lines.at(-1);
      if (line) okData(t.call('cart.removeLine', { lineId: line.lineId }, t.cashier));
      okData(t.call('cart.void', {}, t.cashier));
      continue;
    }
    if (roll < 0.18) {
      okData(
        t.call(
          'shift.cashMovement',
          { kind: rand.pick(['paid_in', 'paid_out'] as const), amountMinor: rand.int(100, 2000), reason: 'Float change' },
          t.manager,
        ),
      );
      continue;
    }
    if (roll < 0.22) {
      okData(t.call('shift.noSale', { reason: 'Change for a customer' }, t.manager));
      continue;
    }
    // a sale through the sale in progress, as the manager (who needs no approvals)
    const lineCount = rand.int(1, 4);
    let open = okData<{ id: string; totalMinor: number; lines: { lineId: string }[] }>(
      t.call('cart.addLine', { productId: rand.pick(products).id, quantity: rand.int(1, 3), sellPastStock: true }, t.manager),
    );
    for (let k = 1; k < lineCount; k++)
      open = okData(
        t.call('cart.addLine', { productId: rand.pick(products).id, quantity: rand.int(1, 3), sellPastStock: true }, t.manager),
      );
    if (rand.next() < 0.25 && open.lines.length > 1) {
      const line = open.lines[0];
      if (line) open = okData(t.call('cart.removeLine', { lineId: line.lineId }, t.manager));
    }
    if (rand.next() < 0.3) {
      const line = open.lines.at(-1);
      if (line)
        open = okData(
          t.call('cart.setDiscount', { lineId: line.lineId, discount: { kind: 'percent', bp: rand.pick([500, 1000, 2500]) } }, t.manager),
        );
    }
    if (rand.next() < 0.2) open = okData(t.call('cart.setDiscount', { discount: { kind: 'amount', minor: rand.int(1, 50) } }, t.manager));
    if (rand.next() < 0.1) {
      okData(t.call('cart.void', {}, t.manager));
      continue;
    }
    if (member && rand.next() < 0.3) okData(t.call('cart.setMember', { memberId: member.id }, t.manager));
    open = okData(t.call('cart.current', {}, t.manager));
    const total = open.totalMinor;
    const how = rand.next();
    const payments =
      total === 0
        ? []
        : how < 0.35
          ? [{ method: 'cash', amountMinor: cashDue(total, 5), tenderedMinor: Math.ceil(cashDue(total, 5) / 1000) * 1000 + 1000 }]
          : how < 0.75 || total < 2
            ? [{ method: 'card', amountMinor: total }]
            : how < 0.9 && member
              ? [
                  { method: 'points', amountMinor: Math.floor(total / 2), points: Math.floor(total / 2) },
                  { method: 'card', amountMinor: total - Math.floor(total / 2) },
                ]
              : [
                  { method: 'card', amountMinor: Math.floor(total / 3) },
                  { method: 'cash', amountMinor: cashDue(total - Math.floor(total / 3), 5), tenderedMinor: 10_000 },
                ];
    if (member && payments.some((p) => p.method === 'points')) okData(t.call('cart.setMember', { memberId: member.id }, t.manager));
    const sale = okData<{ id: string; lines: { id: string; quantity: number }[] }>(
      t.call('sale.complete', { id: open.id, payments }, t.manager),
    );
    sold.push(sale);
    // now and then a refund of part of an earlier sale of this shift
    if (rand.next() < 0.3) {
      const original = rand.pick(sold);
      const line = rand.pick(original.lines);
      const result = t.call(
        'sale.refund',
        {
          id: randomUUID(),
          originalSaleId: original.id,
          lines: [{ originalLineId: line.id, quantity: 1, restock: rand.next() < 0.5 }],
          payBack: rand.pick(['original', 'cash', 'card'] as const),
          reason: 'Changed their mind',
        },
        t.manager,
      );
      // a line refunded in full already is refused: that is the core's rule, not this test's
      if (!result.ok) expect(result.error.code).toMatch(/VALIDATION|CONFLICT/);
    }
  }
  t.clock.now = closeAt;
  const expected = okData<ShiftReport>(t.call('shift.xReport', {}, t.manager)).expectedCashMinor;
  return okData<ShiftReport>(
    t.call('shift.close', { counted: expected > 0 ? [{ denominationMinor: 1, count: expected }] : [] }, t.manager),
  );
}

/** The figures a sales report and the Z reports both have, summed over the Z reports. */
export function sumOfZ(zs: ShiftReport[]) {
  const byMethod = new Map<string, { salesMinor: number; refundsMinor: number }>();
  const byRate = new Map<number, { netMinor: number; taxMinor: number; totalMinor: number }>();
  const sum = (f: (z: ShiftReport) => number) => zs.reduce((a, z) => a + f(z), 0);
  for (const z of zs) {
    for (const tender of z.tenders) {
      const m = byMethod.get(tender.method) ?? { salesMinor: 0, refundsMinor: 0 };
      byMethod.set(tender.method, { salesMinor: m.salesMinor + tender.salesMinor, refundsMinor: m.refundsMinor + tender.refundsMinor });
    }
    for (const tax of z.taxes) {
      const r = byRate.get(tax.taxRateBp) ?? { netMinor: 0, taxMinor: 0, totalMinor: 0 };
      byRate.set(tax.taxRateBp, {
        netMinor: r.netMinor + tax.netMinor,
        taxMinor: r.taxMinor + tax.taxMinor,
        totalMinor: r.totalMinor + tax.totalMinor,
      });
    }
  }
  return {
    salesCount: sum((z) => z.salesCount),
    salesTotalMinor: sum((z) => z.salesTotalMinor),
    refundsCount: sum((z) => z.refundsCount),
    refundsTotalMinor: sum((z) => z.refundsTotalMinor),
    discountsMinor: sum((z) => z.discountsMinor),
    cashRoundingMinor: sum((z) => z.cashRoundingMinor),
    paidInMinor: sum((z) => z.paidInMinor),
    paidOutMinor: sum((z) => z.paidOutMinor),
    noSales: sum((z) => z.noSales),
    lineVoids: { count: sum((z) => z.lineVoids?.count ?? 0), amountMinor: sum((z) => z.lineVoids?.amountMinor ?? 0) },
    saleVoids: { count: sum((z) => z.saleVoids?.count ?? 0), amountMinor: sum((z) => z.saleVoids?.amountMinor ?? 0) },
    errorCorrects: { count: sum((z) => z.errorCorrects?.count ?? 0), amountMinor: sum((z) => z.errorCorrects?.amountMinor ?? 0) },
    tenders: [...byMethod.entries()]
      .filter(([, m]) => m.salesMinor !== 0 || m.refundsMinor !== 0)
      .map(([method, m]) => ({ method, ...m }))
      .sort((a, b) => a.method.localeCompare(b.method)),
    taxes: [...byRate.entries()].map(([taxRateBp, r]) => ({ taxRateBp, ...r })).sort((a, b) => b.taxRateBp - a.taxRateBp),
  };
}

/** The same figures read off a sales report. */
export function reportFigures(report: SalesReport): ReturnType<typeof sumOfZ> {
  return {
    salesCount: report.totals.salesCount,
    salesTotalMinor: report.totals.salesTotalMinor,
    refundsCount: report.totals.refundsCount,
    refundsTotalMinor: report.totals.refundsTotalMinor,
    discountsMinor: report.totals.discountsMinor,
    cashRoundingMinor: report.totals.cashRoundingMinor,
    paidInMinor: report.cash.paidInMinor,
    paidOutMinor: report.cash.paidOutMinor,
    noSales: report.cash.noSales,
    lineVoids: report.voids.lineVoids,
    saleVoids: report.voids.saleVoids,
    errorCorrects: report.voids.errorCorrects,
    tenders: report.byTender
      .filter((m) => m.salesMinor !== 0 || m.refundsMinor !== 0)
      .map(({ method, salesMinor, refundsMinor }) => ({ method, salesMinor, refundsMinor })),
    taxes: report.taxByRate.map(({ taxRateBp, netMinor, taxMinor, totalMinor }) => ({ taxRateBp, netMinor, taxMinor, totalMinor })),
  };
}
