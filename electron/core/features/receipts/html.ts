import type { Sale } from '../sales/sale';
import type { ShiftReport } from '../sales/shiftReport';
import type { Settings } from '../setup/settings';
import { code128BSvg } from './code128';
import { escapeHtml as e } from './format';
import { type ReceiptOptions, type ReportModel, type Row, receiptModel, reportModel, type TaxRow } from './model';

// One stylesheet for receipts and reports. The content is a strip 72 mm wide (the printable width
// of 80 mm paper) centred on screen and on any page; on a narrower page (58 mm rolls print about
// 48 mm) it takes the full width in a smaller type. @page sets no size: the roll has no fixed
// length, and CSS cannot name a width alone, so the printer (or webContents.print's pageSize)
// decides the page and the media query adapts to it.
const STYLE = `
*{box-sizing:border-box}
html{background:#eceff1}
body{margin:0;padding:16px 0;color:#000;font:13px/1.35 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.doc{width:72mm;margin:0 auto;padding:4mm 3mm;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
h1{font-size:1.25em;margin:0 0 2px;text-align:center}
p{margin:0}
.center{text-align:center}
.banner{margin:2mm 0;padding:1mm 0;border:2px solid #000;text-align:center;font-size:1.6em;font-weight:700;letter-spacing:.3em}
.banner.copy{background:#000;color:#fff;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.ref{text-align:center;font-weight:700}
hr{border:0;border-top:1px dashed #000;margin:2mm 0}
table{width:100%;border-collapse:collapse}
td,th{padding:0;vertical-align:top}
th{text-align:left;font-weight:400;border-bottom:1px solid #000}
.num{text-align:right;white-space:nowrap;padding-left:1ch}
.meta .num{white-space:normal}
.sub td:first-child{padding-left:2ch}
.strong td{font-weight:700;font-size:1.2em;padding-top:1mm}
.item .name{font-weight:600}
.detail{padding-left:2ch}
.taxes{font-size:.9em}
.taxes th.num{text-align:right}
.note{font-size:.85em;text-align:center}
.barcode{display:block;width:100%;max-width:62mm;height:12mm;margin:2mm auto 0}
.code{text-align:center;letter-spacing:.1em}
.footer{text-align:center;margin-top:2mm}
h2{font-size:1em;margin:2mm 0 1mm;border-bottom:1px solid #000}
@page{margin:3mm 4mm}
@media print{
  html{background:none}
  body{padding:0;font-size:9pt}
  .doc{box-shadow:none;padding:0;width:72mm}
}
@media print and (max-width:64mm){
  body{font-size:7.5pt}
  .doc{width:auto}
  .barcode{max-width:none}
}
`;

function page(title: string, body: string): string {
  // a receipt shows catalogue text: the policy keeps it inert even if escaping ever failed
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="doc">
${body}
</main>
</body>
</html>
`;
}

function rowsTable(rows: Row[], className = 'rows'): string {
  const body = rows
    .map((r) => {
      const cls = [r.strong ? 'strong' : '', r.sub ? 'sub' : ''].filter(Boolean).join(' ');
      return `<tr${cls ? ` class="${cls}"` : ''}><td>${e(r.label)}</td><td class="num">${e(r.value)}</td></tr>`;
    })
    .join('\n');
  return `<table class="${className}">\n${body}\n</table>`;
}

function taxTable(taxes: TaxRow[]): string {
  const rows = taxes
    .map(
      (t) =>
        `<tr><td>${e(t.rate)}</td><td class="num">${e(t.net)}</td><td class="num">${e(t.tax)}</td><td class="num">${e(t.gross)}</td></tr>`,
    )
    .join('\n');
  return `<table class="taxes">
<thead><tr><th>Rate</th><th class="num">Net</th><th class="num">Tax</th><th class="num">Gross</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

const lines = (texts: string[], className: string) =>
  texts.length === 0 ? '' : `<div class="${className}">${texts.map((t) => `<p>${e(t) || '&nbsp;'}</p>`).join('')}</div>`;

/** The receipt of a sale or refund as one self-contained HTML document (inline CSS, inline SVG barcode). */
export function renderReceiptHtml(sale: Sale, settings: Settings, options: ReceiptOptions): string {
  const model = receiptModel(sale, settings, options);
  const copyBanner = model.copy ? '<div class="banner copy">COPY</div>' : '';
  const items = model.lines
    .map(
      (line) => `<tbody class="item">
<tr><td class="name" colspan="2">${e(line.name)}</td></tr>
<tr><td class="detail">${e(line.detail)}</td><td class="num">${e(line.amount)}</td></tr>
${line.notes.map((n) => `<tr class="sub"><td>${e(n.label)}</td><td class="num">${e(n.value)}</td></tr>`).join('\n')}
</tbody>`,
    )
    .join('\n');
  const body = [
    copyBanner,
    `<h1>${e(model.storeName)}</h1>`,
    lines(model.header, 'center header'),
    model.refund ? '<div class="banner refund">REFUND</div>' : '',
    model.reference ? `<p class="ref">${e(model.reference)}</p>` : '',
    '<hr>',
    rowsTable(model.meta, 'meta'),
    '<hr>',
    `<table class="lines">\n${items}\n</table>`,
    '<hr>',
    rowsTable(model.totals, 'totals'),
    model.tenders.length > 0 ? `<hr>\n${rowsTable(model.tenders, 'tenders')}` : '',
    model.loyalty.length > 0 ? `<hr>\n${rowsTable(model.loyalty, 'loyalty')}` : '',
    '<hr>',
    taxTable(model.taxes),
    `<p class="note">${e(model.taxNote)}</p>`,
    '<hr>',
    code128BSvg(model.code, { label: `Receipt ${model.code}` }),
    `<p class="code">${e(model.code)}</p>`,
    lines(model.footer, 'footer'),
    copyBanner,
  ]
    .filter(Boolean)
    .join('\n');
  const title = `${model.copy ? 'COPY – ' : ''}${model.refund ? 'Refund' : 'Receipt'} ${model.code}`;
  return page(title, body);
}

/** A Z report (closed shift) or X report (open shift) as one self-contained HTML document. */
export function renderZReportHtml(report: ShiftReport, settings: Settings, options: { printedAt?: number } = {}): string {
  const model: ReportModel = reportModel(report, settings, options.printedAt ?? Date.now());
  const body = [
    `<h1>${e(model.storeName)}</h1>`,
    `<div class="banner">${e(model.title)}</div>`,
    model.interim ? '<p class="ref">Shift still open: running totals</p>' : '',
    rowsTable(model.meta, 'meta'),
    ...model.sections.map((s) => `<h2>${e(s.title)}</h2>\n${rowsTable(s.rows)}`),
    '<h2>Taxes</h2>',
    model.taxes.length > 0 ? taxTable(model.taxes) : '<p>No taxed sales</p>',
    '<hr>',
    `<p class="note">Printed ${e(model.printedAt)}</p>`,
  ]
    .filter(Boolean)
    .join('\n');
  return page(model.title, body);
}
