// The sales report of a range of local days: the Z report's figures (same definitions, shared from
// shiftReport.ts) over documents by time instead of by shift, plus the breakdowns a manager reads.
import { and, count, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { salesReportSchema } from '../../../../src/shared/contract';
import { type LocalDayRange, localDayHourIn, localDayRange, QUARTER_HOUR_MS } from '../../../../src/shared/timeZone';
import type { ReadContext, ReadDb } from '../../context';
import { auditLog, cashMovements, categories, payments, pointsLedger, products, saleLines, sales, shifts, staff } from '../../db/schema';
import { perConnection, sqlOnly } from '../../db/statements';
import { AppError } from '../../errors';
import { removalsDuring, signed, sumOf } from '../sales/shiftReport';
import { readSettings } from '../setup/settings';

export type SalesReport = z.infer<typeof salesReportSchema>;

export interface SalesReportInput {
  from: string;
  to: string;
  topN?: number | undefined;
}

/** What long work sees of its job (a JobControl, or the read worker's report): progress and cancel. */
export interface ReportProgress {
  progress(phase: string, done: number, total: number): void;
  throwIfCancelled(): void;
}

// the documents of the range, by their time: [fromMs, untilMs) on sales_created_idx
const inRange = and(gte(sales.createdAt, sql.placeholder('fromMs')), lt(sales.createdAt, sql.placeholder('untilMs')));
const sumSigned = (amount: Parameters<typeof signed>[0]) => sql<number>`coalesce(sum(${signed(amount)}), 0)`;
// 15-minute buckets (see QUARTER_HOUR_MS): integer division of epoch ms, named to local day and hour after
const quarter = sql<number>`${sales.createdAt} / 900000`;

/**
 * Pass over the documents of the range (placeholders fromMs, untilMs): sales and refunds per
 * quarter hour and cashier. The totals, the days, the hours and the cashiers all come from it.
 */
export function salesByQuarterQuery(db: ReadDb) {
  return db
    .select({
      bucket: quarter,
      kind: sales.kind,
      staffId: sales.staffId,
      n: count(),
      total: sumOf(sales.totalMinor),
      discount: sumOf(sales.discountMinor),
      tax: sumOf(sales.taxMinor),
      rounding: sumOf(sales.cashRoundingMinor),
      discounted: sql<number>`coalesce(sum(${sales.discountMinor} > 0), 0)`,
      withoutReceipt: sql<number>`coalesce(sum(${sales.originalSaleId} IS NULL), 0)`,
    })
    .from(sales)
    .where(inRange)
    .groupBy(quarter, sales.kind, sales.staffId);
}

/** Its SQL, for the query-plan test (the range is read on sales_created_idx). */
export const SALES_BY_QUARTER_SQL = salesByQuarterQuery(sqlOnly as unknown as ReadDb).toSQL().sql;

/**
 * Pass over the lines of the range's documents: per product (as sold), rate and the product's
 * category now, signed like the Z report's taxes. Tax per rate, the line and cart discounts, the
 * top products and the top categories all come from it.
 */
export function linesByProductQuery(db: ReadDb) {
  return db
    .select({
      productId: saleLines.productId,
      sku: saleLines.sku,
      weighed: saleLines.weighed,
      taxRateBp: saleLines.taxRateBp,
      categoryId: products.categoryId,
      name: sql<string>`max(${saleLines.name})`,
      lines: count(),
      quantity: sumSigned(saleLines.quantity),
      netMinor: sumSigned(sql`(${saleLines.totalMinor} - ${saleLines.taxMinor})`),
      taxMinor: sumSigned(saleLines.taxMinor),
      totalMinor: sumSigned(saleLines.totalMinor),
      lineDiscount: sumSigned(saleLines.lineDiscountMinor),
      cartDiscount: sumSigned(saleLines.cartDiscountMinor),
    })
    .from(saleLines)
    .innerJoin(sales, eq(sales.id, saleLines.saleId))
    .leftJoin(products, eq(products.id, saleLines.productId))
    .where(inRange)
    .groupBy(saleLines.productId, saleLines.sku, saleLines.weighed, saleLines.taxRateBp);
}

const reads = perConnection((db) => ({
  buckets: salesByQuarterQuery(db).prepare(),
  lines: linesByProductQuery(db).prepare(),
  staffNames: db.select({ id: staff.id, name: staff.name }).from(staff).prepare(),
  categoryNames: db.select({ id: categories.id, name: categories.name }).from(categories).prepare(),
  tenders: db
    .select({
      method: payments.method,
      salesMinor: sumOf(sql`CASE WHEN ${sales.kind} = 'sale' THEN ${payments.amountMinor} END`),
      refundsMinor: sumOf(sql`CASE WHEN ${sales.kind} = 'refund' THEN ${payments.amountMinor} END`),
    })
    .from(payments)
    .innerJoin(sales, eq(sales.id, payments.saleId))
    .where(inRange)
    .groupBy(payments.method)
    .orderBy(payments.method)
    .prepare(),
  // what the Z report reads from the audit log during a shift, over the range
  removals: db
    .select({
      action: auditLog.action,
      n: count(),
      total: sql<number>`coalesce(sum(json_extract(${auditLog.details}, '$.amountMinor')), 0)`.mapWith(Number),
    })
    .from(auditLog)
    .where(
      and(
        inArray(auditLog.action, ['sale.voidLine', 'sale.voidCart', 'sale.errorCorrect']),
        gte(auditLog.at, sql.placeholder('fromMs')),
        lt(auditLog.at, sql.placeholder('untilMs')),
      ),
    )
    .groupBy(auditLog.action)
    .prepare(),
  // cash_movements has no index on its time: a scan, of a table of a few rows a shift
  cashMovements: db
    .select({ kind: cashMovements.kind, n: count(), total: sumOf(cashMovements.amountMinor) })
    .from(cashMovements)
    .where(and(gte(cashMovements.createdAt, sql.placeholder('fromMs')), lt(cashMovements.createdAt, sql.placeholder('untilMs'))))
    .groupBy(cashMovements.kind)
    .prepare(),
  // points by the documents of the range: earned and spent on sales, taken and given back by refunds
  points: db
    .select({
      kind: pointsLedger.kind,
      gained: sql<number>`coalesce(sum(CASE WHEN ${pointsLedger.points} > 0 THEN ${pointsLedger.points} END), 0)`,
      lost: sql<number>`coalesce(-sum(CASE WHEN ${pointsLedger.points} < 0 THEN ${pointsLedger.points} END), 0)`,
    })
    .from(pointsLedger)
    .innerJoin(sales, eq(sales.id, pointsLedger.saleId))
    .where(inRange)
    .groupBy(pointsLedger.kind)
    .prepare(),
  // the shifts open at some time in the range (a small table: scanned)
  shifts: db
    .select({ shiftId: shifts.id, zNumber: shifts.zNumber, openedAt: shifts.openedAt, closedAt: shifts.closedAt })
    .from(shifts)
    .where(
      and(
        lt(shifts.openedAt, sql.placeholder('untilMs')),
        or(isNull(shifts.closedAt), gte(shifts.closedAt, sql.placeholder('fromMs'))),
        eq(shifts.terminalId, sql.placeholder('terminalId')),
      ),
    )
    .orderBy(shifts.openedAt)
    .prepare(),
}));

type Figures = {
  salesCount: number;
  salesTotalMinor: number;
  refundsCount: number;
  refundsTotalMinor: number;
  netSalesMinor: number;
  discountsMinor: number;
  taxMinor: number;
};

const emptyFigures = (): Figures => ({
  salesCount: 0,
  salesTotalMinor: 0,
  refundsCount: 0,
  refundsTotalMinor: 0,
  netSalesMinor: 0,
  discountsMinor: 0,
  taxMinor: 0,
});

/** Add one grouped row (sales or refunds) to a slice's figures, with the Z report's signs. */
function addTo(f: Figures, kind: 'sale' | 'refund', n: number, total: number, discount: number, tax: number): void {
  const sign = kind === 'sale' ? 1 : -1;
  if (kind === 'sale') {
    f.salesCount += n;
    f.salesTotalMinor += total;
  } else {
    f.refundsCount += n;
    f.refundsTotalMinor += total;
  }
  f.netSalesMinor += sign * total;
  f.discountsMinor += sign * discount;
  f.taxMinor += sign * tax;
}

const STEPS = 6;

/** The range's epoch-ms bounds in the store's zone, or a VALIDATION error a manager understands. */
export function reportRange(from: string, to: string, timeZone: string): LocalDayRange {
  try {
    return localDayRange(from, to, timeZone);
  } catch {
    throw new AppError('VALIDATION', `The dates ${from} to ${to} are not a range of days.`);
  }
}

/**
 * The sales report of local days `from`–`to` in the store's time zone: a pure read of the database
 * (any ReadContext: the read worker's own connection, or the router's), on the Z report's definitions.
 */
export function salesReport(ctx: ReadContext, input: SalesReportInput, job?: ReportProgress): SalesReport {
  const settings = readSettings(ctx);
  const range = reportRange(input.from, input.to, settings.timeZone);
  const q = reads(ctx.db);
  const bounds = { fromMs: range.fromMs, untilMs: range.untilMs };
  let step = 0;
  const next = (phase: string) => {
    job?.throwIfCancelled();
    job?.progress(phase, step++, STEPS);
  };

  next('Sales');
  const totals = emptyFigures();
  let rounding = 0;
  let discountedSales = 0;
  let withoutReceipt = 0;
  const days = new Map(range.days.map((d) => [d.date, emptyFigures()]));
  const hours = Array.from({ length: 24 }, emptyFigures);
  const cashiers = new Map<string, Figures>();
  const dayHourOf = localDayHourIn(range);
  for (const row of q.buckets.all(bounds)) {
    const add = (f: Figures | undefined) => f && addTo(f, row.kind, row.n, row.total, row.discount, row.tax);
    add(totals);
    rounding += row.kind === 'sale' ? row.rounding : -row.rounding;
    if (row.kind === 'sale') discountedSales += row.discounted;
    else withoutReceipt += row.withoutReceipt;
    let cashier = cashiers.get(row.staffId);
    if (!cashier) {
      cashier = emptyFigures();
      cashiers.set(row.staffId, cashier);
    }
    add(cashier);
    // a quarter hour lies in one local hour of one day (see QUARTER_HOUR_MS)
    const local = dayHourOf(row.bucket * QUARTER_HOUR_MS);
    if (!local) continue;
    add(days.get(local.date));
    add(hours[local.hour]);
  }
  const staffNames = new Map(q.staffNames.all().map((r) => [r.id, r.name]));

  next('Lines');
  const taxes = new Map<number, { taxRateBp: number; netMinor: number; taxMinor: number; totalMinor: number }>();
  const productRows = new Map<string, SalesReport['topProducts'][number]>();
  const categoryRows = new Map<string | null, { net: number; lines: number }>();
  let lineDiscountMinor = 0;
  let cartDiscountMinor = 0;
  for (const row of q.lines.all(bounds)) {
    const rate = taxes.get(row.taxRateBp) ?? { taxRateBp: row.taxRateBp, netMinor: 0, taxMinor: 0, totalMinor: 0 };
    rate.netMinor += row.netMinor;
    rate.taxMinor += row.taxMinor;
    rate.totalMinor += row.totalMinor;
    taxes.set(row.taxRateBp, rate);
    lineDiscountMinor += row.lineDiscount;
    cartDiscountMinor += row.cartDiscount;
    const key = `${row.productId ?? ''}\u0000${row.sku}\u0000${row.weighed ? 1 : 0}`;
    const product = productRows.get(key) ?? {
      productId: row.productId,
      sku: row.sku,
      name: row.name,
      quantity: 0,
      weighed: row.weighed,
      netSalesMinor: 0,
    };
    product.quantity += row.quantity;
    product.netSalesMinor += row.totalMinor;
    if (row.name > product.name) product.name = row.name;
    productRows.set(key, product);
    const category = categoryRows.get(row.categoryId) ?? { net: 0, lines: 0 };
    category.net += row.totalMinor;
    category.lines += row.lines;
    categoryRows.set(row.categoryId, category);
  }
  const topN = input.topN ?? 10;
  const categoryNames = new Map(q.categoryNames.all().map((r) => [r.id, r.name]));
  const byNet = (a: { net: number; name: string }, b: { net: number; name: string }) =>
    b.net - a.net || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const topProducts = [...productRows.values()]
    .sort((a, b) => byNet({ net: a.netSalesMinor, name: a.sku }, { net: b.netSalesMinor, name: b.sku }))
    .slice(0, topN);
  const topCategories = [...categoryRows.entries()]
    .map(([categoryId, c]) => ({
      categoryId,
      name: (categoryId && categoryNames.get(categoryId)) || 'No category',
      netSalesMinor: c.net,
      lines: c.lines,
    }))
    .sort((a, b) => byNet({ net: a.netSalesMinor, name: a.name }, { net: b.netSalesMinor, name: b.name }))
    .slice(0, topN);
  const taxByRate = [...taxes.values()].sort((a, b) => b.taxRateBp - a.taxRateBp);

  next('Tenders');
  const tenders = q.tenders.all(bounds).map((t) => ({ ...t, netMinor: t.salesMinor - t.refundsMinor }));
  next('Voids and cash');
  const removals = removalsDuring(q.removals.all(bounds));
  const moves = q.cashMovements.all(bounds);
  next('Loyalty');
  const points = q.points.all(bounds);
  const pointsOf = (kind: string) => points.find((p) => p.kind === kind);
  const pointsTender = tenders.find((t) => t.method === 'points');
  next('Shifts');
  const shiftRows = q.shifts.all({ ...bounds, terminalId: settings.terminalId });
  job?.progress('Done', STEPS, STEPS);

  return {
    range: { from: range.from, to: range.to, timeZone: range.timeZone, fromMs: range.fromMs, untilMs: range.untilMs },
    currency: settings.currency,
    generatedAt: ctx.now(),
    totals: {
      ...totals,
      cashRoundingMinor: rounding,
      netOfTaxMinor: totals.netSalesMinor - totals.taxMinor,
      averageSaleMinor: totals.salesCount > 0 ? Math.round(totals.netSalesMinor / totals.salesCount) : 0,
    },
    byDay: range.days.map((d) => ({ date: d.date, ...(days.get(d.date) ?? emptyFigures()) })),
    byHour: hours.map((h, hour) => ({ hour, ...h })),
    byTender: tenders,
    byCashier: [...cashiers.entries()]
      .map(([staffId, f]) => ({ staffId, name: staffNames.get(staffId) ?? 'Unknown', ...f }))
      .sort((a, b) => b.netSalesMinor - a.netSalesMinor || a.name.localeCompare(b.name)),
    topProducts,
    topCategories,
    taxByRate,
    refunds: { count: totals.refundsCount, totalMinor: totals.refundsTotalMinor, withoutReceipt },
    voids: removals,
    discounts: {
      totalMinor: totals.discountsMinor,
      lineMinor: lineDiscountMinor,
      cartMinor: cartDiscountMinor,
      discountedSales,
    },
    cash: {
      paidInMinor: moves.find((m) => m.kind === 'paid_in')?.total ?? 0,
      paidOutMinor: moves.find((m) => m.kind === 'paid_out')?.total ?? 0,
      noSales: moves.find((m) => m.kind === 'no_sale')?.n ?? 0,
    },
    loyalty: {
      pointsIssued: pointsOf('earn')?.gained ?? 0,
      pointsRedeemed: pointsOf('redeem')?.lost ?? 0,
      redeemedMinor: pointsTender?.netMinor ?? 0,
      pointsReversed: pointsOf('refund_reversal')?.lost ?? 0,
      pointsReturned: pointsOf('refund_reversal')?.gained ?? 0,
    },
    shifts: shiftRows.map((s) => ({
      ...s,
      complete: s.openedAt >= range.fromMs && s.closedAt !== null && s.closedAt < range.untilMs,
    })),
  };
}
