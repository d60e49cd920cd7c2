// The sales report as one self-contained HTML page for an A4 printer (or the window's print dialog):
// the figures of report.sales in tables, with a bar per day drawn in CSS (no script, no images).
import { localDate, localParts } from '../../../../src/shared/timeZone';
import { escapeHtml as e, formatRate, money, tenderName } from '../receipts/format';
import type { SalesReport } from './salesReport';

// bars are 0–60 mm in 2 mm steps, drawn with classes: the window prints this page under its own
// CSP, which allows this stylesheet by its hash (src/renderer/index.html) and no style attributes
const BAR_STEPS = 30;
export const REPORT_STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:12mm;color:#000;font:10pt/1.35 system-ui,"DejaVu Sans",Arial,sans-serif}
h1{font-size:16pt;margin:0}
h2{font-size:11pt;margin:6mm 0 2mm;border-bottom:1px solid #000}
p{margin:0 0 1mm}
table{width:100%;border-collapse:collapse;page-break-inside:auto}
tr{page-break-inside:avoid}
th,td{padding:1px 4px;text-align:left;vertical-align:top}
th{border-bottom:1px solid #000;font-weight:600}
.num{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:8px;background:#555;print-color-adjust:exact;-webkit-print-color-adjust:exact}
${Array.from({ length: BAR_STEPS + 1 }, (_, i) => `.w${i}{width:${i * 2}mm}`).join('')}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 8mm}
.muted{color:#444;font-size:9pt}
@page{size:A4;margin:10mm}
@media print{body{padding:0}}
`;

/** A cell: text, a right-aligned figure, or markup of ours (a bar; never text from the database). */
type Cell = string | { num: string } | { markup: string };

function table(head: Cell[], rows: Cell[][]): string {
  const cell = (c: Cell, tag: 'td' | 'th') =>
    typeof c === 'string'
      ? `<${tag}>${e(c)}</${tag}>`
      : 'num' in c
        ? `<${tag} class="num">${e(c.num)}</${tag}>`
        : `<${tag}>${c.markup}</${tag}>`;
  if (rows.length === 0) return '<p class="muted">None in this range</p>';
  return `<table><thead><tr>${head.map((c) => cell(c, 'th')).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

function stamp(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${localDate(epochMs, timeZone)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The sales report as a printable HTML page (A4), in the store's time zone and currency. */
export function renderSalesReportHtml(report: SalesReport, storeName: string): string {
  const m = (minor: number) => ({ num: money(minor, report.currency) });
  const n = (value: number) => ({ num: String(value) });
  const { totals, range } = report;
  const title = `Sales report ${range.from}${range.to !== range.from ? ` to ${range.to}` : ''}`;
  const widest = Math.max(1, ...report.byDay.map((d) => Math.abs(d.netSalesMinor)));
  const bar = (minor: number) => `<span class="bar w${Math.round((Math.abs(minor) / widest) * BAR_STEPS)}"></span>`;
  const zNumbers = report.shifts.filter((s) => s.zNumber !== null).map((s) => `Z ${s.zNumber}${s.complete ? '' : ' (in part)'}`);
  const body = [
    `<h1>${e(storeName || 'Sales report')}</h1>`,
    `<p><strong>${e(title)}</strong> · time zone ${e(range.timeZone)} · printed ${e(stamp(report.generatedAt, range.timeZone))}</p>`,
    `<p class="muted">Shifts: ${e(zNumbers.length > 0 ? zNumbers.join(', ') : 'none closed')}</p>`,
    '<div class="grid"><div>',
    '<h2>Totals</h2>',
    table(
      ['', { num: '' }],
      [
        ['Sales', m(totals.salesTotalMinor)],
        ['Number of sales', n(totals.salesCount)],
        ['Refunds', m(-totals.refundsTotalMinor)],
        ['Number of refunds', n(totals.refundsCount)],
        ['Net sales', m(totals.netSalesMinor)],
        ['of which tax', m(totals.taxMinor)],
        ['Net of tax', m(totals.netOfTaxMinor)],
        ['Average sale', m(totals.averageSaleMinor)],
        ['Discounts given', m(report.discounts.totalMinor)],
        ['Cash rounding', m(totals.cashRoundingMinor)],
      ],
    ),
    '<h2>Tenders</h2>',
    table(
      ['Method', { num: 'Taken' }, { num: 'Paid back' }, { num: 'Net' }],
      report.byTender.map((t) => [tenderName(t.method), m(t.salesMinor), m(t.refundsMinor), m(t.netMinor)]),
    ),
    '<h2>Tax per rate</h2>',
    table(
      ['Rate', { num: 'Net' }, { num: 'Tax' }, { num: 'Gross' }],
      report.taxByRate.map((t) => [formatRate(t.taxRateBp), m(t.netMinor), m(t.taxMinor), m(t.totalMinor)]),
    ),
    '</div><div>',
    '<h2>Refunds, voids, discounts</h2>',
    table(
      ['', { num: 'Count' }, { num: 'Amount' }],
      [
        ['Refunds', n(report.refunds.count), m(report.refunds.totalMinor)],
        ['of which without receipt', n(report.refunds.withoutReceipt), { num: '' }],
        ['Line voids', n(report.voids.lineVoids.count), m(report.voids.lineVoids.amountMinor)],
        ['Sales voided', n(report.voids.saleVoids.count), m(report.voids.saleVoids.amountMinor)],
        ['Error corrections', n(report.voids.errorCorrects.count), m(report.voids.errorCorrects.amountMinor)],
        ['Discounts on lines', { num: '' }, m(report.discounts.lineMinor)],
        ['Discounts on carts', { num: '' }, m(report.discounts.cartMinor)],
        ['Sales with a discount', n(report.discounts.discountedSales), { num: '' }],
      ],
    ),
    '<h2>Cash and loyalty</h2>',
    table(
      ['', { num: '' }],
      [
        ['Paid in', m(report.cash.paidInMinor)],
        ['Paid out', m(report.cash.paidOutMinor)],
        ['No-sales', n(report.cash.noSales)],
        ['Points issued', n(report.loyalty.pointsIssued)],
        ['Points redeemed', n(report.loyalty.pointsRedeemed)],
        ['Worth', m(report.loyalty.redeemedMinor)],
        ['Points taken back by refunds', n(report.loyalty.pointsReversed)],
        ['Points given back by refunds', n(report.loyalty.pointsReturned)],
      ],
    ),
    '</div></div>',
    '<h2>By day</h2>',
    table(
      ['Day', { num: 'Sales' }, { num: 'Refunds' }, { num: 'Net' }, ''],
      report.byDay.map((d) => [d.date, n(d.salesCount), n(d.refundsCount), m(d.netSalesMinor), { markup: bar(d.netSalesMinor) }]),
    ),
    '<h2>By hour</h2>',
    table(
      ['Hour', { num: 'Sales' }, { num: 'Net' }],
      report.byHour
        .filter((h) => h.salesCount > 0 || h.refundsCount > 0)
        .map((h) => [`${String(h.hour).padStart(2, '0')}:00`, n(h.salesCount), m(h.netSalesMinor)]),
    ),
    '<h2>By cashier</h2>',
    table(
      ['Cashier', { num: 'Sales' }, { num: 'Refunds' }, { num: 'Net' }, { num: 'Discounts' }],
      report.byCashier.map((c) => [c.name, n(c.salesCount), n(c.refundsCount), m(c.netSalesMinor), m(c.discountsMinor)]),
    ),
    '<h2>Top products</h2>',
    table(
      ['Product', 'SKU', { num: 'Quantity' }, { num: 'Net' }],
      report.topProducts.map((p) => [
        p.name,
        p.sku,
        { num: p.weighed ? `${(p.quantity / 1000).toFixed(3)} kg` : String(p.quantity) },
        m(p.netSalesMinor),
      ]),
    ),
    '<h2>Top categories</h2>',
    table(
      ['Category', { num: 'Lines' }, { num: 'Net' }],
      report.topCategories.map((c) => [c.name, n(c.lines), m(c.netSalesMinor)]),
    ),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
