import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../electron/core/features/reports/salesReport';
import type { ShiftReport } from '../../electron/core/features/sales/shiftReport';
import { addDays } from '../../src/shared/timeZone';
import { okData } from '../helpers/terminal';
import { callAsync, makeReportTerminal, prng, type ReportTerminal, randomShift, reportFigures, sumOfZ } from './fixture';

// The sales report over some days equals the sum of the Z reports of the shifts closed in them:
// random seeded activity (sales, refunds, voids, error corrections, discounts, cash, card, points,
// paid-ins and outs) over several days of two shifts each, across the spring DST change in Berlin.

let t: ReportTerminal | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

const FIRST_DAY = '2026-03-27';
const DAYS = 4; // 27–30 March 2026: the 29th has 23 hours in Europe/Berlin

async function seededTerminal(seed: number): Promise<{ t: ReportTerminal; zs: ShiftReport[]; zByDay: Map<string, ShiftReport[]> }> {
  const terminal = await makeReportTerminal('Europe/Berlin');
  t = terminal;
  okData(terminal.call('settings.update', { loyalty: { minRedeemPoints: 1, offlineDailyRedeemCap: 1_000_000_000 } }, terminal.manager));
  const member = okData<{ id: string }>(terminal.call('loyalty.enroll', { name: 'Ana Lima', email: 'ana@example.com' }, terminal.manager));
  okData(
    terminal.call('loyalty.adjust', { id: randomUUID(), memberId: member.id, points: 5_000_000, reason: 'Test balance' }, terminal.manager),
  );
  const rand = prng(seed);
  const zs: ShiftReport[] = [];
  const zByDay = new Map<string, ShiftReport[]>();
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(FIRST_DAY, d);
    // an early shift and a late one (0:30–2:59 local on the DST day is the hour that does not exist at 2:00)
    for (const [from, until] of [
      [terminal.at(day, 0, 30), terminal.at(day, 11, 0)],
      [terminal.at(day, 11, 30), terminal.at(day, 23, 30)],
    ] as const) {
      const z = randomShift(terminal, rand, from, until, member);
      zs.push(z);
      zByDay.set(day, [...(zByDay.get(day) ?? []), z]);
    }
  }
  return { t: terminal, zs, zByDay };
}

describe('report.sales reconciles with the Z reports', () => {
  for (const seed of [1, 7, 2026]) {
    it(`over every day and over the whole range (seed ${seed})`, async () => {
      const { t, zs, zByDay } = await seededTerminal(seed);
      const lastDay = addDays(FIRST_DAY, DAYS - 1);
      const report = await callAsync<SalesReport>(t, 'report.sales', { from: FIRST_DAY, to: lastDay }, t.manager);
      // the data exercises every figure
      expect(report.totals.salesCount).toBeGreaterThan(0);
      expect(report.totals.refundsCount).toBeGreaterThan(0);
      expect(report.voids.lineVoids.count + report.voids.saleVoids.count).toBeGreaterThan(0);
      expect(report.voids.errorCorrects.count).toBeGreaterThan(0);
      expect(report.loyalty.pointsRedeemed).toBeGreaterThan(0);
      expect(report.loyalty.pointsIssued).toBeGreaterThan(0);
      expect(report.discounts.totalMinor).toBeGreaterThan(0);
      expect(report.totals.cashRoundingMinor).not.toBe(0);
      expect(reportFigures(report)).toEqual(sumOfZ(zs));
      expect(report.shifts.map((s) => s.zNumber)).toEqual(zs.map((z) => z.zNumber));
      expect(report.shifts.every((s) => s.complete)).toBe(true);
      // each day alone equals its own two Z reports; the days add up to the range
      for (const [day, dayZs] of zByDay) {
        const one = await callAsync<SalesReport>(t, 'report.sales', { from: day, to: day }, t.manager);
        expect(reportFigures(one), day).toEqual(sumOfZ(dayZs));
        const row = report.byDay.find((d) => d.date === day);
        expect(row?.netSalesMinor).toBe(one.totals.netSalesMinor);
        expect(row?.salesCount).toBe(one.totals.salesCount);
      }
      const sumDays = (k: 'netSalesMinor' | 'salesCount' | 'refundsCount' | 'discountsMinor' | 'taxMinor') =>
        report.byDay.reduce((a, d) => a + d[k], 0);
      const sumHours = (k: 'netSalesMinor' | 'salesCount') => report.byHour.reduce((a, h) => a + h[k], 0);
      const sumCashiers = (k: 'netSalesMinor' | 'salesCount') => report.byCashier.reduce((a, c) => a + c[k], 0);
      for (const k of ['netSalesMinor', 'salesCount', 'refundsCount', 'discountsMinor', 'taxMinor'] as const)
        expect(sumDays(k)).toBe(report.totals[k]);
      for (const k of ['netSalesMinor', 'salesCount'] as const) {
        expect(sumHours(k)).toBe(report.totals[k]);
        expect(sumCashiers(k)).toBe(report.totals[k]);
      }
      // tenders net to net sales less cash rounding (the cash customers paid the rounded amount)
      expect(report.byTender.reduce((a, m) => a + m.netMinor, 0)).toBe(report.totals.netSalesMinor + report.totals.cashRoundingMinor);
      expect(report.taxByRate.reduce((a, r) => a + r.totalMinor, 0)).toBe(report.totals.netSalesMinor);
      expect(report.taxByRate.reduce((a, r) => a + r.taxMinor, 0)).toBe(report.totals.taxMinor);
      expect(report.discounts.lineMinor + report.discounts.cartMinor).toBe(report.discounts.totalMinor);
      // points: what was spent is the points tender (1 point is worth 1 minor unit here)
      expect(report.loyalty.pointsRedeemed).toBe(report.byTender.find((m) => m.method === 'points')?.salesMinor ?? 0);
      expect(report.byHour).toHaveLength(24);
      expect(report.byDay.map((d) => d.date)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    }, 60_000);
  }

  it('puts a document of 23:30 local into its local day, not the UTC one', async () => {
    const terminal = await makeReportTerminal('America/New_York');
    t = terminal;
    const day = '2026-06-10';
    const z = randomShift(terminal, prng(3), terminal.at(day, 20, 0), terminal.at(day, 23, 59), null);
    const report = await callAsync<SalesReport>(terminal, 'report.sales', { from: day, to: day }, terminal.manager);
    expect(report.totals.salesCount).toBe(z.salesCount);
    expect(report.byHour.slice(0, 20).every((h) => h.salesCount === 0)).toBe(true);
    const next = await callAsync<SalesReport>(terminal, 'report.sales', { from: addDays(day, 1), to: addDays(day, 1) }, terminal.manager);
    expect(next.totals.salesCount).toBe(0);
  }, 30_000);
});
