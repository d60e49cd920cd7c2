import type { ChannelOutput } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { formatQuantity } from '../../../shared/quantity';
import { moneyText, percentText } from '../fields';
import { dayLabel } from './ranges';

export type SalesReport = ChannelOutput<'report.sales'>;

/** One cell of a report table: words, a count, or an amount (formatted for the screen, plain in the CSV). */
export type ReportCell = string | { count: number } | { money: number } | { quantity: number; weighed: boolean };

export interface ReportTable {
  key: string;
  title: string;
  head: string[];
  /** which columns hold figures (right-aligned) */
  numeric: boolean[];
  rows: ReportCell[][];
  /** what the table says when the range has none */
  empty: string;
}

/** The way a payment method reads on screen: the core's names for the usual ones. */
export function tenderLabel(method: string): string {
  if (method === 'cash') return 'Cash';
  if (method === 'card') return 'Card';
  if (method === 'points') return 'Loyalty points';
  return method.charAt(0).toUpperCase() + method.slice(1).replaceAll('_', ' ');
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** Whether the report is of one day (its chart and table go by hour, not by day). */
export function singleDay(report: SalesReport): boolean {
  return report.range.from === report.range.to;
}

/**
 * Every table of the report as the core answered it: what the screen shows under the charts
 * and what Export writes, so the two never differ. Hours and days without trade are left out.
 */
export function reportTables(report: SalesReport): ReportTable[] {
  const oneDay = singleDay(report);
  const slices = oneDay
    ? report.byHour.filter((h) => h.salesCount > 0 || h.refundsCount > 0).map((h) => ({ label: hourLabel(h.hour), ...h }))
    : report.byDay.map((d) => ({ label: dayLabel(d.date), ...d }));
  const { loyalty, voids, discounts, cash } = report;
  return [
    {
      key: 'time',
      title: oneDay ? 'By hour' : 'By day',
      head: [oneDay ? 'Hour' : 'Day', 'Sales', 'Sales total', 'Refunds', 'Refunds total', 'Net sales'],
      numeric: [false, true, true, true, true, true],
      rows: slices.map((s) => [
        s.label,
        { count: s.salesCount },
        { money: s.salesTotalMinor },
        { count: s.refundsCount },
        { money: s.refundsTotalMinor },
        { money: s.netSalesMinor },
      ]),
      empty: 'No sales in this range.',
    },
    {
      key: 'tender',
      title: 'By payment method',
      head: ['Method', 'Taken', 'Paid back', 'Net'],
      numeric: [false, true, true, true],
      rows: report.byTender.map((t) => [tenderLabel(t.method), { money: t.salesMinor }, { money: t.refundsMinor }, { money: t.netMinor }]),
      empty: 'No payments in this range.',
    },
    {
      key: 'cashier',
      title: 'By cashier',
      head: ['Cashier', 'Sales', 'Refunds', 'Discounts', 'Net sales'],
      numeric: [false, true, true, true, true],
      rows: report.byCashier.map((c) => [
        c.name,
        { count: c.salesCount },
        { count: c.refundsCount },
        { money: c.discountsMinor },
        { money: c.netSalesMinor },
      ]),
      empty: 'Nobody sold in this range.',
    },
    {
      key: 'products',
      title: 'Top products',
      head: ['Product', 'SKU', 'Quantity', 'Net sales'],
      numeric: [false, false, true, true],
      rows: report.topProducts.map((p) => [p.name, p.sku, { quantity: p.quantity, weighed: p.weighed }, { money: p.netSalesMinor }]),
      empty: 'No products sold in this range.',
    },
    {
      key: 'categories',
      title: 'Top categories',
      head: ['Category', 'Lines', 'Net sales'],
      numeric: [false, true, true],
      rows: report.topCategories.map((c) => [c.name, { count: c.lines }, { money: c.netSalesMinor }]),
      empty: 'No products sold in this range.',
    },
    {
      key: 'tax',
      title: 'Tax by rate',
      head: ['Rate', 'Net of tax', 'Tax', 'Total'],
      numeric: [false, true, true, true],
      rows: report.taxByRate.map((t) => [
        `${percentText(t.taxRateBp)} %`,
        { money: t.netMinor },
        { money: t.taxMinor },
        { money: t.totalMinor },
      ]),
      empty: 'No taxed sales in this range.',
    },
    {
      key: 'removals',
      title: 'Voids, discounts and cash',
      head: ['What', 'Count', 'Amount'],
      numeric: [false, true, true],
      rows: [
        ['Lines voided', { count: voids.lineVoids.count }, { money: voids.lineVoids.amountMinor }],
        ['Sales voided', { count: voids.saleVoids.count }, { money: voids.saleVoids.amountMinor }],
        ['Error corrections', { count: voids.errorCorrects.count }, { money: voids.errorCorrects.amountMinor }],
        ['Refunds without a receipt', { count: report.refunds.withoutReceipt }, ''],
        ['Discounts on lines', '', { money: discounts.lineMinor }],
        ['Discounts on whole sales', '', { money: discounts.cartMinor }],
        ['Sales with a discount', { count: discounts.discountedSales }, ''],
        ['Paid in', '', { money: cash.paidInMinor }],
        ['Paid out', '', { money: cash.paidOutMinor }],
        ['No sales (drawer opened)', { count: cash.noSales }, ''],
        ['Cash rounding', '', { money: report.totals.cashRoundingMinor }],
      ],
      empty: '',
    },
    {
      key: 'loyalty',
      title: 'Loyalty points',
      head: ['What', 'Points', 'Amount'],
      numeric: [false, true, true],
      rows: [
        ['Issued on sales', { count: loyalty.pointsIssued }, ''],
        ['Redeemed on sales', { count: loyalty.pointsRedeemed }, { money: loyalty.redeemedMinor }],
        ['Taken back by refunds', { count: loyalty.pointsReversed }, ''],
        ['Given back by refunds', { count: loyalty.pointsReturned }, ''],
      ],
      empty: '',
    },
  ];
}

/** A cell as the screen shows it. */
export function cellText(cell: ReportCell, currency: string): string {
  if (typeof cell === 'string') return cell;
  if ('money' in cell) return formatMoney(cell.money, currency);
  if ('quantity' in cell) return formatQuantity(cell.quantity, cell.weighed);
  return cell.count.toLocaleString();
}

/** A cell as the CSV holds it: plain amounts ("12.34") and counts, for a spreadsheet to add up. */
function cellCsv(cell: ReportCell, exponent: number): string {
  if (typeof cell === 'string') return cell;
  if ('money' in cell) return moneyText(cell.money, exponent);
  if ('quantity' in cell) return cell.weighed ? formatQuantity(cell.quantity, true).replace(' kg', '') : String(cell.quantity);
  return String(cell.count);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report's tables as one CSV file (RFC 4180, CRLF): the headline figures first, then each
 * table under its title, a blank line between. Amounts are plain numbers in the store's currency.
 */
export function reportCsv(report: SalesReport, exponent: number): string {
  const lines: string[][] = [
    ['Sales report', report.range.from, report.range.to, report.range.timeZone, report.currency],
    [],
    ['Figure', 'Value'],
    ...headlineFigures(report).map((f): string[] => [f.label, 'money' in f ? moneyText(f.money, exponent) : String(f.count)]),
  ];
  for (const table of reportTables(report)) {
    lines.push([], [table.title], table.head, ...table.rows.map((row) => row.map((cell) => cellCsv(cell, exponent))));
  }
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export type HeadlineFigure = { key: string; label: string; detail?: string } & ({ money: number } | { count: number });

/** The figures at the top of the report, in the order a manager reads them. */
export function headlineFigures(report: SalesReport): HeadlineFigure[] {
  const { totals, voids } = report;
  const voidCount = voids.lineVoids.count + voids.saleVoids.count + voids.errorCorrects.count;
  const voidMinor = voids.lineVoids.amountMinor + voids.saleVoids.amountMinor + voids.errorCorrects.amountMinor;
  return [
    { key: 'net', label: 'Net sales', money: totals.netSalesMinor },
    { key: 'transactions', label: 'Transactions', count: totals.salesCount },
    { key: 'average', label: 'Average sale', money: totals.averageSaleMinor },
    {
      key: 'refunds',
      label: 'Refunds',
      money: totals.refundsTotalMinor,
      detail: `${totals.refundsCount} refund${totals.refundsCount === 1 ? '' : 's'}`,
    },
    { key: 'voids', label: 'Voids', money: voidMinor, detail: `${voidCount} void${voidCount === 1 ? '' : 's'}` },
    { key: 'discounts', label: 'Discounts', money: totals.discountsMinor },
    { key: 'tax', label: 'Tax', money: totals.taxMinor },
  ];
}
