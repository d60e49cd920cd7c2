// What a receipt or a shift report says, decided once: the HTML and the ESC/POS renderers only lay
// this out, so a printed receipt and the one on screen can never disagree.

import { formatQuantity } from '../../../../src/shared/quantity';
import type { Sale } from '../sales/sale';
import type { ShiftReport } from '../sales/shiftReport';
import type { Settings } from '../setup/settings';
import { formatDateTime, formatRate, money, printable, tenderName, textLines } from './format';

/** A label and an amount (or any value) on one row. */
export interface Row {
  label: string;
  value: string;
  /** printed larger / bold */
  strong?: boolean;
  /** printed indented under the row above */
  sub?: boolean;
}

export interface TaxRow {
  rate: string;
  net: string;
  tax: string;
  gross: string;
}

export interface ReceiptLine {
  name: string;
  /** "2 × €1.19" */
  detail: string;
  amount: string;
  /** discounts and price changes under the line */
  notes: Row[];
}

export interface ReceiptModel {
  copy: boolean;
  refund: boolean;
  storeName: string;
  header: string[];
  /** for refunds: which sale it refunds */
  reference: string | null;
  meta: Row[];
  lines: ReceiptLine[];
  totals: Row[];
  tenders: Row[];
  /** the loyalty member's lines (name, card, points moved, balance); empty without a member */
  loyalty: Row[];
  taxes: TaxRow[];
  taxNote: string;
  /** what the barcode encodes */
  code: string;
  footer: string[];
}

/**
 * What a document did to its loyalty member's points, from the ledger rows linked to it: earned,
 * redeemed (and what they paid), taken back and given back by a refund, and the balance after.
 */
export interface ReceiptLoyalty {
  /** null once the member was erased (a reprint then names nobody) */
  memberName: string | null;
  cardNumber: string | null;
  /** the member's tier as it stands (null once erased) */
  tier: 'bronze' | 'silver' | 'gold' | 'platinum' | null;
  earned: number;
  redeemed: number;
  /** what the redeemed points paid (the sale's points tenders) */
  redeemedMinor: number;
  /** a refund: earned points it took back */
  takenBack: number;
  /** a refund: points that paid for the goods, given back */
  givenBack: number;
  balanceAfter: number;
}

export interface ReceiptOptions {
  /** a reprint: marked COPY */
  copy: boolean;
  /** for a refund: the receipt code of the sale it refunds (null: a refund without receipt) */
  originalReceiptCode?: string | null;
  /** the document's loyalty member and points (absent or null: no member, nothing printed for it) */
  loyalty?: ReceiptLoyalty | null;
}

const signed = (minor: number, currency: string) => (minor > 0 ? `+${money(minor, currency)}` : money(minor, currency));

const points = (n: number) => n.toLocaleString('en');

/** The member's lines of a receipt: who (card ****last4), what the document moved, the balance after. */
function loyaltyRows(loyalty: ReceiptLoyalty, refund: boolean, currency: string): Row[] {
  const rows: Row[] = [{ label: 'Member', value: loyalty.memberName === null ? 'erased' : printable(loyalty.memberName) }];
  if (loyalty.cardNumber) rows.push({ label: 'Card', value: `****${printable(loyalty.cardNumber.slice(-4))}` });
  if (loyalty.tier) rows.push({ label: 'Tier', value: loyalty.tier[0]?.toUpperCase() + loyalty.tier.slice(1) });
  if (loyalty.redeemed > 0)
    rows.push({ label: 'Points redeemed', value: `-${points(loyalty.redeemed)} (${money(loyalty.redeemedMinor, currency)})` });
  if (!refund) rows.push({ label: 'Points earned', value: `+${points(loyalty.earned)}` });
  if (loyalty.takenBack > 0) rows.push({ label: 'Points taken back', value: `-${points(loyalty.takenBack)}` });
  if (loyalty.givenBack > 0) rows.push({ label: 'Points given back', value: `+${points(loyalty.givenBack)}` });
  rows.push({ label: 'Points balance', value: points(loyalty.balanceAfter), strong: true });
  return rows;
}

/** The content of the receipt of a sale or refund. */
export function receiptModel(sale: Sale, settings: Settings, options: ReceiptOptions): ReceiptModel {
  const cur = sale.currency;
  const refund = sale.kind === 'refund';
  const lines: ReceiptLine[] = sale.lines.map((line) => {
    const notes: Row[] = [];
    if (line.listPriceMinor !== null && line.listPriceMinor !== line.unitPriceMinor)
      notes.push({ label: `Price changed from ${money(line.listPriceMinor, cur)}`, value: '', sub: true });
    if (line.lineDiscountMinor > 0) notes.push({ label: 'Discount', value: money(-line.lineDiscountMinor, cur), sub: true });
    const unit = `${money(line.unitPriceMinor, cur)}${line.weighed ? '/kg' : ''}`;
    return {
      name: printable(line.name),
      detail: `${formatQuantity(line.quantity, line.weighed)} × ${unit}`,
      amount: money(line.grossMinor, cur),
      notes,
    };
  });

  const totals: Row[] = [{ label: 'Subtotal', value: money(sale.subtotalMinor, cur) }];
  if (sale.discountMinor > 0) totals.push({ label: 'Discount', value: money(-sale.discountMinor, cur) });
  if (!sale.pricesIncludeTax) totals.push({ label: 'Tax', value: money(sale.taxMinor, cur) });
  totals.push({ label: refund ? 'TOTAL REFUNDED' : 'TOTAL', value: money(sale.totalMinor, cur), strong: true });
  if (sale.cashRoundingMinor !== 0) totals.push({ label: 'Cash rounding', value: signed(sale.cashRoundingMinor, cur) });

  const tenders: Row[] = [];
  for (const p of sale.payments) {
    if (p.method === 'card') {
      tenders.push({
        label: `${refund ? 'Back to card' : 'Card'}${p.cardLast4 ? ` ****${p.cardLast4}` : ''}`,
        value: money(p.amountMinor, cur),
      });
      if (p.approvalCode) tenders.push({ label: 'Approval', value: printable(p.approvalCode), sub: true });
    } else if (p.method === 'cash') {
      tenders.push({ label: refund ? 'Cash paid back' : 'Cash', value: money(p.amountMinor, cur) });
      if (p.tenderedMinor !== null) tenders.push({ label: 'Tendered', value: money(p.tenderedMinor, cur), sub: true });
      if (p.changeMinor !== null) tenders.push({ label: 'Change', value: money(p.changeMinor, cur), sub: true });
    } else if (p.method === 'points') {
      tenders.push({ label: refund ? 'Back as points' : 'Points', value: money(p.amountMinor, cur) });
    } else {
      tenders.push({ label: tenderName(p.method), value: money(p.amountMinor, cur) });
    }
  }

  const reference = !refund
    ? null
    : options.originalReceiptCode
      ? `Refund of receipt ${printable(options.originalReceiptCode)}`
      : sale.originalSaleId
        ? 'Refund of an earlier sale'
        : 'Refund without a receipt';

  return {
    copy: options.copy,
    refund,
    storeName: printable(settings.storeName),
    header: textLines(settings.receiptHeader),
    reference,
    meta: [
      { label: refund ? 'Refund no.' : 'Receipt no.', value: String(sale.receiptNo) },
      { label: 'Date', value: formatDateTime(sale.createdAt) },
      { label: 'Terminal', value: printable(sale.terminalId) },
      { label: 'Cashier', value: printable(sale.staffName) },
    ],
    lines,
    totals,
    tenders,
    loyalty: options.loyalty ? loyaltyRows(options.loyalty, refund, cur) : [],
    taxes: sale.taxes.map((t) => ({
      rate: formatRate(t.taxRateBp),
      net: money(t.netMinor, cur),
      tax: money(t.taxMinor, cur),
      gross: money(t.totalMinor, cur),
    })),
    taxNote: sale.pricesIncludeTax ? 'Prices include tax' : 'Tax is added to prices',
    code: sale.receiptCode,
    footer: textLines(settings.receiptFooter),
  };
}

export interface ReportSection {
  title: string;
  rows: Row[];
}

export interface ReportModel {
  /** "Z REPORT #12" or "X REPORT" */
  title: string;
  /** an X report is a reading of an open shift, not the closing document */
  interim: boolean;
  storeName: string;
  meta: Row[];
  sections: ReportSection[];
  taxes: TaxRow[];
  printedAt: string;
}

/** The content of a Z report (closed shift) or X report (open shift, running totals). */
export function reportModel(report: ShiftReport, settings: Settings, printedAt: number): ReportModel {
  const cur = report.currency;
  const m = (minor: number) => money(minor, cur);
  const closed = report.zNumber !== null && report.closedAt !== null;
  const meta: Row[] = [
    { label: 'Terminal', value: printable(report.terminalId) },
    { label: 'Opened', value: formatDateTime(report.openedAt) },
    { label: 'Opened by', value: printable(report.openedBy) },
  ];
  if (report.closedAt !== null) {
    meta.push({ label: 'Closed', value: formatDateTime(report.closedAt) });
    if (report.closedBy) meta.push({ label: 'Closed by', value: printable(report.closedBy) });
  }

  const sections: ReportSection[] = [
    {
      title: 'Sales',
      rows: [
        { label: `Sales (${report.salesCount})`, value: m(report.salesTotalMinor) },
        { label: `Refunds (${report.refundsCount})`, value: m(-report.refundsTotalMinor) },
        { label: 'Net sales', value: m(report.salesTotalMinor - report.refundsTotalMinor), strong: true },
        { label: 'Discounts given', value: m(report.discountsMinor) },
      ],
    },
    {
      title: 'Tenders',
      rows:
        report.tenders.length === 0
          ? [{ label: 'No payments', value: '' }]
          : report.tenders.flatMap((t) => [
              { label: tenderName(t.method), value: m(t.salesMinor - t.refundsMinor), strong: true },
              { label: 'Sales', value: m(t.salesMinor), sub: true },
              { label: 'Refunds', value: m(-t.refundsMinor), sub: true },
            ]),
    },
  ];

  const cash: Row[] = [
    { label: 'Opening float', value: m(report.openingFloatMinor) },
    { label: 'Paid in', value: m(report.paidInMinor) },
    { label: 'Paid out', value: m(-report.paidOutMinor) },
    { label: 'No sales (drawer opened)', value: String(report.noSales) },
  ];
  // counted since receipt prints are recorded: Z reports closed before show neither line
  if (report.drawerOpenings !== undefined) cash.push({ label: 'Drawer openings', value: String(report.drawerOpenings) });
  if (report.receiptCopies !== undefined) cash.push({ label: 'Receipt copies printed', value: String(report.receiptCopies) });
  // counted since error corrections are told apart: Z reports closed before show none of these lines
  const removals: [string, { count: number; amountMinor: number } | undefined][] = [
    ['Lines voided', report.lineVoids],
    ['Sales voided', report.saleVoids],
    ['Error corrections', report.errorCorrects],
  ];
  const taken: Row[] = removals.flatMap(([label, removal]) =>
    removal ? [{ label: `${label} (${removal.count})`, value: m(removal.amountMinor) }] : [],
  );
  if (report.cashRoundingMinor !== 0) cash.push({ label: 'Cash rounding', value: signed(report.cashRoundingMinor, cur) });
  cash.push({ label: 'Expected in drawer', value: m(report.expectedCashMinor), strong: true });
  sections.push({ title: 'Cash', rows: cash });
  if (taken.length > 0) sections.push({ title: 'Taken off before payment', rows: taken });

  if (report.countedCashMinor !== null) {
    const counted: Row[] = (report.counted ?? []).map((c) => ({
      label: `${m(c.denominationMinor)} × ${c.count}`,
      value: m(c.denominationMinor * c.count),
      sub: true,
    }));
    counted.push({ label: 'Counted', value: m(report.countedCashMinor), strong: true });
    const overShort = report.overShortMinor ?? report.countedCashMinor - report.expectedCashMinor;
    counted.push({
      label: overShort === 0 ? 'Balanced' : overShort > 0 ? 'Over' : 'Short',
      value: signed(overShort, cur),
      strong: true,
    });
    sections.push({ title: 'Counted', rows: counted });
  }

  return {
    title: closed ? `Z REPORT #${report.zNumber}` : 'X REPORT',
    interim: !closed,
    storeName: printable(settings.storeName),
    meta,
    sections,
    taxes: report.taxes.map((t) => ({
      rate: formatRate(t.taxRateBp),
      net: m(t.netMinor),
      tax: m(t.taxMinor),
      gross: m(t.totalMinor),
    })),
    printedAt: formatDateTime(printedAt),
  };
}
