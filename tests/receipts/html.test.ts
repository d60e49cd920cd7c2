import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../electron/core/features/sales/sale';
import type { ChannelOutput } from '../../src/shared/contract';
import { formatMoney } from '../../src/shared/money';
import { cashDue } from '../../src/shared/pricing';
import { uuidv7 } from '../../src/shared/uuid';
import { decodeCode128Svg } from './decode';
import { errorOf, okData, openTill, STORE_NAME, type Till } from './fixture';

const eur = (minor: number) => formatMoney(minor, 'EUR', 'en');

let till: Till;
let cashSale: Sale;
let cardSale: Sale;

function html(saleId: string, copy = false): string {
  const rendered = okData<ChannelOutput<'receipt.render'>>(
    till.router.invoke('receipt.render', { saleId, format: 'html', copy }, till.manager),
  );
  expect(rendered.escposBase64).toBeNull();
  if (rendered.html === null) expect.fail('no html');
  return rendered.html;
}

beforeAll(async () => {
  till = await openTill();
  const { milk, soap } = till.products;
  cashSale = till.sell({
    lines: [
      { productId: milk, quantity: 2, discount: { kind: 'percent', bp: 1000 } },
      { productId: soap, quantity: 1 },
    ],
    payments: [{ method: 'cash', amountMinor: 403, tenderedMinor: 1000 }],
  });
  cardSale = till.sell({
    lines: [{ productId: soap, quantity: 3 }],
    payments: [{ method: 'card', amountMinor: 567, last4: '4242', approvalCode: 'AB12-99' }],
  });
});

afterAll(() => till?.close());

describe('HTML receipt', () => {
  it('is one self-contained document: inline CSS, no scripts, no external resources, print rules', () => {
    const page = html(cashSale.id);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toMatch(/@media print/);
    expect(page).toMatch(/@page\s*\{/);
    expect(page).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(|@import/i);
    // the only URL is the SVG namespace
    expect(page.match(/https?:\/\/[^"\s]+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('shows store, header, receipt data, lines with quantity × price, discounts, totals, change and footer', () => {
    const page = html(cashSale.id);
    expect(page).toContain(`<h1>${STORE_NAME}</h1>`);
    expect(page).toContain('Rue du Marché 1');
    expect(page).toContain('Open 8–20');
    expect(page).toContain(String(cashSale.receiptNo));
    expect(page).toContain('T-01');
    expect(page).toContain('Mara Manager');
    expect(page).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(page).toContain('Whole Milk 1L');
    expect(page).toContain(`2 × ${eur(119)}`);
    expect(page).toContain(eur(238));
    const milk = cashSale.lines.find((l) => l.sku === 'MILK');
    expect(milk?.lineDiscountMinor).toBeGreaterThan(0);
    expect(page).toContain(eur(-(milk?.lineDiscountMinor ?? 0)));
    expect(page).toContain('Dish Soap');
    expect(page).toContain(`1 × ${eur(189)}`);
    expect(page).toContain(eur(cashSale.subtotalMinor));
    expect(page).toContain(eur(cashSale.totalMinor));
    expect(page).toContain('Tendered');
    expect(page).toContain(eur(1000));
    expect(page).toContain('Change');
    expect(cashSale.changeMinor).toBe(597);
    expect(page).toContain(eur(597));
    // escaped like all text
    expect(page).toContain('Merci &#38; à bientôt');
    expect(page).not.toContain('Cash rounding');
  });

  it('lists the taxes per rate with net, tax and gross', () => {
    const page = html(cashSale.id);
    expect(cashSale.taxes).toHaveLength(2);
    for (const [rate, t] of [
      ['20%', cashSale.taxes.find((x) => x.taxRateBp === 2000)],
      ['5.5%', cashSale.taxes.find((x) => x.taxRateBp === 550)],
    ] as const) {
      if (!t) expect.fail(`no tax row for ${rate}`);
      const row = `<tr><td>${rate}</td><td class="num">${eur(t.netMinor)}</td><td class="num">${eur(t.taxMinor)}</td><td class="num">${eur(t.totalMinor)}</td></tr>`;
      expect(page).toContain(row);
    }
    expect(page).toContain('Prices include tax');
  });

  it('shows a card payment with last 4 and approval code only, no change', () => {
    const page = html(cardSale.id);
    expect(page).toContain('Card ****4242');
    expect(page).toContain('AB12-99');
    expect(page).not.toContain('Tendered');
    expect(page).not.toContain('Change');
  });

  it('carries the receipt code as a Code 128 SVG that decodes back, with the code below it', () => {
    const page = html(cashSale.id);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page)?.[0];
    if (!svg) expect.fail('no svg');
    expect(decodeCode128Svg(svg)).toBe(cashSale.receiptCode);
    expect(cashSale.receiptCode).toBe('T-01-000001');
    expect(page).toContain(`<p class="code">${cashSale.receiptCode}</p>`);
  });

  it('marks a reprint COPY prominently, and only a reprint', () => {
    expect(html(cashSale.id)).not.toContain('COPY');
    const copy = html(cashSale.id, true);
    expect(copy.match(/<div class="banner copy">COPY<\/div>/g)).toHaveLength(2);
    expect(copy).toMatch(/<title>COPY/);
  });

  it('says REFUND on a refund and names the original receipt', () => {
    const soap = cashSale.lines.find((l) => l.sku === 'SOAP');
    const refund = okData<Sale>(
      till.router.invoke(
        'sale.refund',
        {
          id: uuidv7(),
          originalSaleId: cashSale.id,
          lines: [{ originalLineId: soap?.id, quantity: 1, restock: true }],
          payBack: 'original',
        },
        till.manager,
      ),
    );
    const page = html(refund.id);
    expect(page).toContain('REFUND');
    expect(page).toContain(`Refund of receipt ${cashSale.receiptCode}`);
    expect(page).toContain('TOTAL REFUNDED');
    expect(page).toContain('Cash paid back');
    expect(page).toContain(eur(189));
    expect(html(cashSale.id)).not.toContain('REFUND');
  });

  it('escapes catalogue text: a product named <script> stays text', () => {
    const sale = till.sell({
      lines: [{ productId: till.products.evil, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 250 }],
    });
    const page = html(sale.id);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('Crème');
    // no control character reaches the page
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(page).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('shows cash rounding when there is some', () => {
    okData(till.router.invoke('settings.update', { cashRoundingStep: 5 }, till.manager));
    try {
      const due = cashDue(119, 5);
      expect(due).not.toBe(119);
      const sale = till.sell({
        lines: [{ productId: till.products.milk, quantity: 1 }],
        payments: [{ method: 'cash', amountMinor: due, tenderedMinor: 500 }],
      });
      expect(sale.cashRoundingMinor).toBe(due - 119);
      const page = html(sale.id);
      expect(page).toContain('Cash rounding');
      expect(page).toContain(`${due > 119 ? '+' : ''}${eur(due - 119)}`);
    } finally {
      okData(till.router.invoke('settings.update', { cashRoundingStep: 1 }, till.manager));
    }
  });

  it('answers NOT_FOUND for a sale that does not exist', () => {
    errorOf(till.router.invoke('receipt.render', { saleId: 'nope', format: 'html' }, till.manager), 'NOT_FOUND');
  });
});
