// `npm run bench:report`: a month's and a year's sales report on seeded data (a shift a day,
// BENCH_SALES_PER_DAY sales of 1–5 lines, cash and card, some refunds), computed in the read worker
// through the router (what the app does) and inline on the read connection (the query cost alone);
// then sale.complete p99 with the till idle, and while year reports run in the worker back to back.
// Writes bench/results/report.json.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { salesReport } from '../electron/core/features/reports/salesReport';
import { completeSale, priceSaleCart } from '../electron/core/features/sales/sale';
import { newSession } from '../electron/core/session';
import { openTerminal } from '../electron/core/terminal';
import { cashDue } from '../src/shared/pricing';
import { addDays, startOfLocalDay } from '../src/shared/timeZone';
import { uuidv7 } from '../src/shared/uuid';
import { rng, stats } from './stats';

const PER_DAY = Number(process.env.BENCH_SALES_PER_DAY ?? 150);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const SALE_SAMPLES = Number(process.env.BENCH_SALE_SAMPLES ?? 400);
const ZONE = 'Europe/Berlin';
const FIRST_DAY = '2025-01-01';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-bench-report-'));
  const clock = { now: startOfLocalDay(FIRST_DAY, ZONE) };
  const terminal = await openTerminal(join(dir, 'report.db'), { now: () => clock.now });
  try {
    const manager = newSession();
    const must = <T>(channel: string, input: unknown): T => {
      const r = terminal.router.invoke(channel, input, manager);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as T;
    };
    must('setup.createFirstManager', { name: 'Bench Manager', pin: '5555', storeName: 'Bench', terminalId: 'B1' });
    must('settings.update', { timeZone: ZONE, cashRoundingStep: 5 });
    const std = must<{ id: string }>('catalog.upsertTaxClass', { name: 'Standard', rateBp: 2000 });
    const reduced = must<{ id: string }>('catalog.upsertTaxClass', { name: 'Reduced', rateBp: 700 });
    const categoryIds = ['Food', 'Drinks', 'Household', 'Other'].map((name) => must<{ id: string }>('catalog.upsertCategory', { name }).id);
    const products: string[] = [];
    for (let i = 0; i < 300; i++) {
      products.push(
        must<{ id: string }>('catalog.upsertProduct', {
          sku: `B-${i}`,
          name: `Bench product ${i}`,
          priceMinor: 49 + ((i * 37) % 2500),
          taxClassId: i % 3 === 0 ? std.id : reduced.id,
          categoryId: categoryIds[i % 4],
          stockOnHand: 100_000_000,
        }).id,
      );
    }

    // --- a year of trading: one shift a day, 08:00–20:00 local, sales in batches of 250 a transaction
    const rand = rng(2026);
    const seedStart = performance.now();
    terminal.sqlite.pragma('synchronous = OFF'); // seeding only; the measurements run with FULL
    let saleCount = 0;
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(FIRST_DAY, d);
      const open = startOfLocalDay(day, ZONE) + 8 * 3_600_000;
      clock.now = open;
      must('shift.open', { openingFloatMinor: 10_000 });
      const ids: { id: string; lineId: string }[] = [];
      for (let first = 0; first < PER_DAY; first += 250) {
        terminal.sqlite
          .transaction(() => {
            for (let n = first; n < Math.min(PER_DAY, first + 250); n++) {
              clock.now = open + Math.floor((n * 12 * 3_600_000) / PER_DAY);
              const lines = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => ({
                productId: products[Math.floor(rand() * products.length)] as string,
                quantity: 1 + Math.floor(rand() * 3),
              })).filter((l, i, all) => all.findIndex((o) => o.productId === l.productId) === i);
              const { cart } = priceSaleCart(terminal.ctx, lines, null);
              const payments =
                rand() < 0.6
                  ? [{ method: 'card' as const, amountMinor: cart.totalMinor }]
                  : [
                      {
                        method: 'cash' as const,
                        amountMinor: cashDue(cart.totalMinor, 5),
                        tenderedMinor: Math.ceil(cart.totalMinor / 1000) * 1000 + 1000,
                      },
                    ];
              const sale = completeSale(terminal.ctx, manager, { id: uuidv7(clock.now), lines, payments });
              const line = sale.lines[0];
              if (line && rand() < 0.03) ids.push({ id: sale.id, lineId: line.id });
              saleCount++;
            }
          })
          .immediate();
      }
      for (const refund of ids) {
        must('sale.refund', {
          id: uuidv7(clock.now),
          originalSaleId: refund.id,
          lines: [{ originalLineId: refund.lineId, quantity: 1, restock: true }],
          payBack: 'original',
        });
      }
      clock.now = open + 12 * 3_600_000;
      must('shift.close', { counted: [] });
    }
    terminal.sqlite.pragma('synchronous = FULL');
    terminal.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    terminal.sqlite.exec('ANALYZE');
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const lines = (terminal.sqlite.prepare('SELECT count(*) AS n FROM sale_lines').get() as { n: number }).n;
    console.log(`seeded ${saleCount} sales (${lines} lines) over ${DAYS} days in ${seedSeconds.toFixed(1)} s`);

    const lastDay = addDays(FIRST_DAY, DAYS - 1);
    const month = { from: addDays(lastDay, -30), to: lastDay };
    const year = { from: FIRST_DAY, to: lastDay };
    const readCtx = terminal.readCtx ?? terminal.ctx;
    const timeInline = (range: { from: string; to: string }) => {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        salesReport(readCtx, range);
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    const timeWorker = async (range: { from: string; to: string }) => {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const r = await terminal.router.invokeAsync('report.sales', range, manager);
        if (!r.ok) throw new Error(`report.sales: ${r.error.message}`);
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    // where a year's report spends its time, step by step (the job's progress marks)
    const phases: { phase: string; ms: number }[] = [];
    let mark = performance.now();
    let current = 'start';
    salesReport(readCtx, year, {
      progress: (phase) => {
        const now = performance.now();
        phases.push({ phase: current, ms: Math.round((now - mark) * 10) / 10 });
        mark = now;
        current = phase;
      },
      throwIfCancelled: () => {},
    });
    console.log(`year report by step: ${phases.map((p) => `${p.phase} ${p.ms} ms`).join(', ')}`);
    if (process.env.BENCH_KEEP_DB) copyFileSync(join(dir, 'report.db'), process.env.BENCH_KEEP_DB);
    const monthInline = timeInline(month);
    const yearInline = timeInline(year);
    const monthWorker = await timeWorker(month);
    const yearWorker = await timeWorker(year);
    console.log(
      `month report: inline p50 ${monthInline.p50.toFixed(1)} ms, in the worker (router, start included) p50 ${monthWorker.p50.toFixed(1)} ms`,
    );
    console.log(
      `year report:  inline p50 ${yearInline.p50.toFixed(1)} ms, in the worker (router, start included) p50 ${yearWorker.p50.toFixed(1)} ms`,
    );

    // --- sale.complete at the till: idle, then while year reports run in the worker
    clock.now = startOfLocalDay(addDays(lastDay, 1), ZONE) + 9 * 3_600_000;
    must('shift.open', { openingFloatMinor: 10_000 });
    const sellOne = () => {
      clock.now += 1000;
      const lines = Array.from({ length: 3 }, () => ({
        productId: products[Math.floor(rand() * products.length)] as string,
        quantity: 1,
      })).filter((l, i, all) => all.findIndex((o) => o.productId === l.productId) === i);
      const { cart } = priceSaleCart(terminal.ctx, lines, null);
      const t0 = performance.now();
      const r = terminal.router.invoke(
        'sale.complete',
        { id: uuidv7(clock.now), lines, payments: [{ method: 'card', amountMinor: cart.totalMinor }] },
        manager,
      );
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error(`sale.complete: ${r.error.message}`);
      return ms;
    };
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    for (let i = 0; i < 50; i++) sellOne();
    const idle: number[] = [];
    for (let i = 0; i < SALE_SAMPLES; i++) {
      idle.push(sellOne());
      await tick();
    }
    const busy: number[] = [];
    let reportsRun = 0;
    let running = true;
    const reports = (async () => {
      while (running || busy.length < SALE_SAMPLES) {
        const r = await terminal.router.invokeAsync('report.sales', year, manager);
        if (!r.ok) throw new Error(`report.sales: ${r.error.message}`);
        reportsRun++;
        if (busy.length >= SALE_SAMPLES) break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the worker has started and is reading
    while (busy.length < SALE_SAMPLES) {
      busy.push(sellOne());
      await tick();
    }
    running = false;
    await reports;
    const idleStats = stats(idle);
    const busyStats = stats(busy);
    console.log(
      `sale.complete idle: p50 ${idleStats.p50.toFixed(2)} ms, p99 ${idleStats.p99.toFixed(2)} ms; while year reports run (${reportsRun} of them): p50 ${busyStats.p50.toFixed(2)} ms, p99 ${busyStats.p99.toFixed(2)} ms (${(busyStats.p99 / idleStats.p99).toFixed(2)}× idle; target ≤ 2×)`,
    );
    console.log(`(inline on the till's thread a sale would instead wait up to the whole year report: ${yearInline.p50.toFixed(0)} ms)`);
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    writeFileSync(
      join(import.meta.dirname, 'results', 'report.json'),
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          cpus: cpus().length,
          sales: saleCount,
          lines,
          days: DAYS,
          perDay: PER_DAY,
          seedSeconds,
          monthReportMs: { inline: monthInline, worker: monthWorker },
          yearReportMs: { inline: yearInline, worker: yearWorker, bySteps: phases },
          saleCompleteMs: { idle: idleStats, duringYearReports: busyStats, ratioP99: busyStats.p99 / idleStats.p99, reportsRun },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    terminal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
