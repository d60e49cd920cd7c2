import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReceiptHtml } from '../../electron/core/features/receipts/html';
import { receiptModel } from '../../electron/core/features/receipts/model';
import type { Sale } from '../../electron/core/features/sales/sale';
import { readSettings } from '../../electron/core/features/setup/settings';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { uuidv7 } from '../../src/shared/uuid';
import { containsBytes, fromBase64, okData, openTill, type Till } from './fixture';

// A member's sale or refund prints who it was for (name, card ****last4) and what it did to their
// points — earned, redeemed and what they paid, taken back and given back by a refund — and the
// balance after, all read from the ledger rows linked to the document. Without a member, nothing.

type Member = ChannelOutput<'loyalty.get'>;

let till: Till;
let ana: Member;

const call = <C extends Channel>(channel: C, input: ChannelInput<C>): ChannelOutput<C> =>
  okData<ChannelOutput<C>>(till.router.invoke(channel, input, till.manager));

function rendered(saleId: string, format: 'html' | 'escpos', copy = false): ChannelOutput<'receipt.render'> {
  return okData(till.router.invoke('receipt.render', { saleId, format, copy }, till.manager));
}
const html = (saleId: string, copy = false) => rendered(saleId, 'html', copy).html ?? '';
const escpos = (saleId: string) => fromBase64(rendered(saleId, 'escpos').escposBase64 ?? '');
/** The text of the HTML's loyalty table, row by row as "label | value". */
function loyaltyRows(page: string): string[] {
  const table = /<table class="loyalty">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
  return Array.from(table.matchAll(/<td>(.*?)<\/td><td class="num">(.*?)<\/td>/g), (m) => `${m[1]} | ${m[2]}`);
}

beforeAll(async () => {
  till = await openTill();
  ana = call('loyalty.enroll', { name: 'Ana Lima', phone: '+44 20 7946 0958' });
});
afterAll(() => till?.close());

describe('the receipt of a member’s sale', () => {
  let earning: Sale;
  let redeeming: Sale;

  it('names the member and card ****last4, the points earned and the balance after', () => {
    // 10 × soap 1.89 = 18.90: 18 points
    earning = till.sell({
      lines: [{ productId: till.products.soap, quantity: 10 }],
      memberId: ana.id,
      payments: [{ method: 'card', amountMinor: 1890 }],
    });
    const page = html(earning.id);
    expect(loyaltyRows(page)).toEqual([
      'Member | Ana Lima',
      `Card | ****${ana.cardNumber?.slice(-4)}`,
      'Tier | Bronze',
      'Points earned | +18',
      'Points balance | 18',
    ]);
    // never the whole card number, the phone or the email
    expect(page).not.toContain(ana.cardNumber ?? 'none');
    expect(page).not.toContain('7946');
    const bytes = escpos(earning.id);
    for (const text of ['Ana Lima', `****${ana.cardNumber?.slice(-4)}`, 'Points earned', '+18', 'Points balance'])
      expect(containsBytes(bytes, Buffer.from(text)), text).toBe(true);
  });

  it('points that pay: redeemed with their value, the points tender, nothing earned on them, the balance after', () => {
    call('loyalty.adjust', { id: uuidv7(), memberId: ana.id, points: 1982, reason: 'Welcome gift' });
    // 2 milk 2.38 + 10 soap 18.90 = 21.28: 2,000 points pay 20.00, 1.28 in cash earns 1 point
    redeeming = till.sell({
      lines: [
        { productId: till.products.milk, quantity: 2 },
        { productId: till.products.soap, quantity: 10 },
      ],
      memberId: ana.id,
      payments: [
        { method: 'points', points: 2000, amountMinor: 2000 },
        { method: 'cash', amountMinor: 128, tenderedMinor: 200 },
      ],
    });
    const page = html(redeeming.id);
    expect(loyaltyRows(page)).toEqual([
      'Member | Ana Lima',
      `Card | ****${ana.cardNumber?.slice(-4)}`,
      'Tier | Bronze',
      'Points redeemed | -2,000 (€20.00)',
      'Points earned | +1',
      'Points balance | 1',
    ]);
    expect(page).toContain('<td>Points</td><td class="num">€20.00</td>');
    // the earlier receipt still says the balance it left, not today's
    expect(loyaltyRows(html(earning.id, true)).at(-1)).toBe('Points balance | 18');
  });

  it('a refund: the earned points taken back, the points that paid given back (as points), the balance after', () => {
    const refund = okData<Sale>(
      till.router.invoke(
        'sale.refund',
        {
          id: uuidv7(),
          originalSaleId: redeeming.id,
          lines: redeeming.lines.map((line) => ({ originalLineId: line.id, quantity: line.quantity, restock: true })),
          payBack: 'original',
        },
        till.manager,
      ),
    );
    const page = html(refund.id);
    expect(loyaltyRows(page)).toEqual([
      'Member | Ana Lima',
      `Card | ****${ana.cardNumber?.slice(-4)}`,
      'Tier | Bronze',
      'Points taken back | -1',
      'Points given back | +2,000',
      'Points balance | 2,000',
    ]);
    expect(page).toContain('<td>Back as points</td><td class="num">€20.00</td>');
    const bytes = escpos(refund.id);
    for (const text of ['Points taken back', 'Points given back', '+2,000', 'Back as points'])
      expect(containsBytes(bytes, Buffer.from(text)), text).toBe(true);
  });

  it('once the member is erased, a reprint names nobody and shows no card', () => {
    const bo = call('loyalty.enroll', { name: 'Bo Berg', email: 'bo@example.com' });
    const sale = till.sell({
      lines: [{ productId: till.products.soap, quantity: 1 }],
      memberId: bo.id,
      payments: [{ method: 'card', amountMinor: 189 }],
    });
    call('loyalty.erase', { id: bo.id, reason: 'Asked to be forgotten' });
    const page = html(sale.id, true);
    expect(loyaltyRows(page)).toEqual(['Member | erased', 'Points earned | +1', 'Points balance | 1']);
    expect(page).not.toContain('Bo Berg');
  });
});

describe('a sale without a member', () => {
  it('prints exactly as it did before loyalty: no member lines, the same document as the model without them', () => {
    const sale = till.sell({
      lines: [{ productId: till.products.milk, quantity: 1 }],
      payments: [{ method: 'cash', amountMinor: 119, tenderedMinor: 200 }],
    });
    const page = html(sale.id);
    expect(page).not.toContain('class="loyalty"');
    expect(page).not.toMatch(/Member|Points/);
    const settings = readSettings(till.terminal.ctx);
    expect(receiptModel(sale, settings, { copy: false }).loyalty).toEqual([]);
    // the render through the core is the renderer's own output with no loyalty given
    expect(page).toBe(renderReceiptHtml(sale, settings, { copy: false, originalReceiptCode: null }));
  });
});
