import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import type { ReadDb } from '../../electron/core/context';
import { sqlOnly } from '../../electron/core/db/statements';
import { linesByProductQuery, SALES_BY_QUARTER_SQL, type SalesReport } from '../../electron/core/features/reports/salesReport';
import type { ShiftReport } from '../../electron/core/features/sales/shiftReport';
import type { ChannelOutput } from '../../src/shared/contract';
import { checksum, errorOf, okData, queryPlan } from '../helpers/terminal';
import { callAsync, makeReportTerminal, prng, type ReportTerminal, randomShift } from './fixture';

// The look-back channels (sale.search, shift.zReports, audit.list), the report as a job and as a
// printable page, the timeZone setting, and what every one of them refuses.

let t: ReportTerminal;
const zs: ShiftReport[] = [];
const DAYS = ['2026-05-04', '2026-05-05', '2026-05-06'];

beforeAll(async () => {
  t = await makeReportTerminal('Europe/Berlin');
  const rand = prng(42);
  for (const day of DAYS) zs.push(randomShift(t, rand, t.at(day, 8), t.at(day, 18), null));
}, 60_000);
afterAll(() => t.close());

type Search = ChannelOutput<'sale.search'>;
type Audit = ChannelOutput<'audit.list'>;

/** Every page of a keyset listing, following nextCursor. */
function allPages<T extends { items: unknown[]; nextCursor: string | null }>(channel: string, input: Record<string, unknown>): T['items'] {
  const items: T['items'] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = okData<T>(t.call(channel, { ...input, ...(cursor ? { cursor } : {}) }, t.manager));
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('no end of pages');
}

describe('sale.search', () => {
  it('pages through every document newest first, each once, with the link to sale.get', () => {
    const all = allPages<Search>('sale.search', { limit: 7 });
    const count = (t.sqlite.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    expect(all).toHaveLength(count);
    const numbers = all.map((s) => s.receiptNo);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    const first = all[0];
    if (!first) throw new Error('no sales');
    expect(first.receiptCode).toBe(`T-01-${String(first.receiptNo).padStart(6, '0')}`);
    expect(okData<{ id: string }>(t.call('sale.get', { id: first.id }, t.manager)).id).toBe(first.id);
  });

  it('filters by receipt number, local day, cashier, kind and amount', () => {
    const all = allPages<Search>('sale.search', { limit: 100 });
    const one = all[3];
    if (!one) throw new Error('too few sales');
    expect(okData<Search>(t.call('sale.search', { receiptNo: one.receiptNo, limit: 5 }, t.manager)).items.map((s) => s.id)).toEqual([
      one.id,
    ]);
    const day = allPages<Search>('sale.search', { from: DAYS[1], to: DAYS[1], limit: 100 });
    const [dayStart, dayEnd] = [t.at(DAYS[1] as string, 0), t.at(DAYS[2] as string, 0)];
    expect(day.length).toBe(all.filter((s) => s.createdAt >= dayStart && s.createdAt < dayEnd).length);
    expect(day.length).toBeGreaterThan(0);
    expect(allPages<Search>('sale.search', { staffId: t.cashierId, limit: 100 })).toEqual([]);
    expect(allPages<Search>('sale.search', { staffId: t.managerId, limit: 100 })).toHaveLength(all.length);
    const refunds = allPages<Search>('sale.search', { kind: 'refund', limit: 100 });
    expect(refunds.every((s) => s.kind === 'refund' && s.originalSaleId !== null)).toBe(true);
    const band = allPages<Search>('sale.search', { minAmountMinor: 300, maxAmountMinor: 900, limit: 100 });
    expect(band.map((s) => s.id)).toEqual(all.filter((s) => s.totalMinor >= 300 && s.totalMinor <= 900).map((s) => s.id));
  });
});

describe('shift.zReports', () => {
  it('lists the Z reports newest first with the figures stored at close, page by page', () => {
    const all = allPages<ChannelOutput<'shift.zReports'>>('shift.zReports', { limit: 2 });
    expect(all.map((z) => z.zNumber)).toEqual(zs.map((z) => z.zNumber).reverse());
    for (const item of all) {
      const z = zs.find((s) => s.zNumber === item.zNumber);
      expect(item).toMatchObject({
        shiftId: z?.shiftId,
        salesTotalMinor: z?.salesTotalMinor,
        refundsTotalMinor: z?.refundsTotalMinor,
        netSalesMinor: (z?.salesTotalMinor ?? 0) - (z?.refundsTotalMinor ?? 0),
        overShortMinor: z?.overShortMinor,
        openedBy: 'Mara Manager',
      });
    }
  });
});

describe('audit.list', () => {
  it('filters by exact action, by a prefix, by staff member and by day, newest first, every row once', () => {
    const all = allPages<Audit>('audit.list', { limit: 13 });
    const total = (t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(all).toHaveLength(total);
    expect(new Set(all.map((a) => a.id)).size).toBe(total);
    const voids = allPages<Audit>('audit.list', { action: 'sale.voidLine', limit: 50 });
    expect(voids.every((a) => a.action === 'sale.voidLine')).toBe(true);
    const sale = allPages<Audit>('audit.list', { action: 'sale.', limit: 50 });
    expect(sale.length).toBe(all.filter((a) => a.action.startsWith('sale.')).length);
    expect(sale.length).toBeGreaterThan(voids.length);
    const corrections = allPages<Audit>('audit.list', { staffId: t.cashierId, limit: 50 });
    expect(corrections.length).toBeGreaterThan(0);
    expect(corrections.every((a) => a.actorStaffId === t.cashierId || a.approverStaffId === t.cashierId)).toBe(true);
    expect(corrections[0]?.actorName).toBe('Cai Cashier');
    const day = allPages<Audit>('audit.list', { from: DAYS[0], to: DAYS[0], limit: 50 });
    expect(day.every((a) => a.at >= t.at(DAYS[0] as string, 0) && a.at < t.at(DAYS[1] as string, 0))).toBe(true);
    expect(day.length).toBeGreaterThan(0);
  });
});

describe('report.sales as a job, and printable', () => {
  it('reports its progress under the jobId the caller made', async () => {
    const jobId = randomUUID();
    const report = await callAsync<SalesReport>(t, 'report.sales', { from: DAYS[0], to: DAYS[2], jobId, topN: 3 }, t.manager);
    expect(report.topProducts.length).toBeLessThanOrEqual(3);
    expect(report.range).toMatchObject({ from: DAYS[0], to: DAYS[2], timeZone: 'Europe/Berlin' });
    const progress = okData<{ state: string; channel: string; done: number; total: number }>(t.call('job.progress', { jobId }, t.manager));
    expect(progress).toMatchObject({ state: 'done', channel: 'report.sales' });
    expect(progress.done).toBe(progress.total);
  });

  it('stops when cancelled, answering CANCELLED and changing nothing', async () => {
    const before = checksum(t.sqlite);
    const jobId = randomUUID();
    const pending = t.router.invokeAsync('report.sales', { from: DAYS[0], to: DAYS[2], jobId }, structuredClone(t.manager));
    okData(t.call('job.cancel', { jobId }, t.manager));
    errorOf(await pending, 'CANCELLED');
    expect(okData<{ state: string }>(t.call('job.progress', { jobId }, t.manager)).state).toBe('cancelled');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('prints from the command line, as JSON equal to the channel', async () => {
    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text) };
    expect(await runCli(['report', '--db', t.file, '--from', DAYS[0] as string, '--to', DAYS[2] as string, '--json'], io)).toBe(0);
    const fromCli = JSON.parse(out.join('')) as SalesReport;
    const fromChannel = await callAsync<SalesReport>(t, 'report.sales', { from: DAYS[0], to: DAYS[2] }, t.manager);
    expect({ ...fromCli, generatedAt: 0 }).toEqual({ ...fromChannel, generatedAt: 0 });
    out.length = 0;
    expect(await runCli(['report', '--db', t.file, '--from', DAYS[0] as string], io)).toBe(0);
    expect(out.join('\n')).toMatch(/Sales report 2026-05-04 to 2026-05-04 \(Europe\/Berlin\)/);
    expect(await runCli(['report', '--db', t.file, '--from', '2026-05-09', '--to', '2026-05-01'], io)).toBe(2);
  });

  it('renders as a self-contained HTML page with the figures', async () => {
    const page = await callAsync<{ html: string }>(t, 'report.salesRender', { from: DAYS[0], to: DAYS[2] }, t.manager);
    expect(page.html).toContain('Sales report 2026-05-04 to 2026-05-06');
    expect(page.html).toContain("default-src 'none'");
    expect(page.html).not.toMatch(/<script|<img|https?:/);
    for (const z of zs) expect(page.html).toContain(`Z ${z.zNumber}`);
  });

  it('reads the range on sales_created_idx (documents and lines)', () => {
    const plan = queryPlan(t.sqlite, SALES_BY_QUARTER_SQL, [0, Date.now()]).join('\n');
    expect(plan).toMatch(/SEARCH sales USING INDEX sales_created_idx/);
    const lines = queryPlan(t.sqlite, linesByProductQuery(sqlOnly as unknown as ReadDb).toSQL().sql, [0, Date.now()]).join('\n');
    expect(lines).toMatch(/SEARCH sales USING INDEX sales_created_idx/);
    expect(lines).toMatch(/SEARCH sale_lines USING INDEX sale_lines_no_uq/);
  });
});

describe('refusals change nothing', () => {
  const cases: [string, unknown][] = [
    ['report.sales', { from: '2026-05-04', to: '2026-05-06' }],
    ['report.salesRender', { from: '2026-05-04', to: '2026-05-06' }],
    ['sale.search', { limit: 10 }],
    ['shift.zReports', {}],
    ['audit.list', {}],
  ];

  it('gives a cashier none of them', async () => {
    const before = checksum(t.sqlite);
    for (const [channel, input] of cases) errorOf(await t.router.invokeAsync(channel, input, structuredClone(t.cashier)), 'FORBIDDEN');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses ranges that are not ranges, bad cursors and impossible amounts', async () => {
    const before = checksum(t.sqlite);
    const invalid: [string, unknown][] = [
      ['report.sales', { from: '2026-05-06', to: '2026-05-04' }],
      ['report.sales', { from: '2026-02-30', to: '2026-03-01' }],
      ['report.sales', { from: '2020-01-01', to: '2026-01-01' }],
      ['report.sales', { from: '2026-05-04', to: '2026-05-06', jobId: 'x' }],
      ['sale.search', { minAmountMinor: 10, maxAmountMinor: 5 }],
      ['sale.search', { cursor: 'drop table' }],
      ['audit.list', { cursor: '12' }],
      ['audit.list', { action: "sale.%' OR 1=1" }],
      ['shift.zReports', { limit: 0 }],
      ['settings.update', { timeZone: 'Mars/Olympus' }],
    ];
    for (const [channel, input] of invalid) errorOf(await t.router.invokeAsync(channel, input, structuredClone(t.manager)), 'VALIDATION');
    expect(checksum(t.sqlite)).toBe(before);
  });
});

describe('the timeZone setting', () => {
  it('is a valid IANA name, travels in settings.changed, and moves the report days', async () => {
    const berlin = await callAsync<SalesReport>(t, 'report.sales', { from: DAYS[0], to: DAYS[0] }, t.manager);
    okData(t.call('settings.update', { timeZone: 'Pacific/Kiritimati' }, t.manager));
    const row = t.sqlite.prepare("SELECT payload FROM outbox WHERE topic = 'settings.changed' ORDER BY seq DESC LIMIT 1").get() as {
      payload: string;
    };
    expect(JSON.parse(row.payload).timeZone).toBe('Pacific/Kiritimati');
    const kiritimati = await callAsync<SalesReport>(t, 'report.sales', { from: DAYS[0], to: DAYS[0] }, t.manager);
    // +14:00 against +02:00: the same local day is twelve hours earlier
    expect(berlin.range.fromMs - kiritimati.range.fromMs).toBe(12 * 3_600_000);
    okData(t.call('settings.update', { timeZone: 'Europe/Berlin' }, t.manager));
  });
});
