import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_KINDS, type ExportCsvResult } from '../../src/shared/contract/exports';
import { makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

// The exact bytes of every kind's file, on a fixture of texts that need quoting (quotes, commas, a
// lone LF, CRLF, a leading formula sign, emoji) in every free-text column the router lets us fill,
// at a fixed clock in a zone with DST. The other export tests parse the file back; this one
// catches a change of quoting, a cell formatted another way or a column moved, which parsing
// forgives. Ids are random (UUIDv7): they are numbered in order of first appearance.
const TRICKY = '=Crème "fraîche", 20 cl, 🍦';

let t: TestTerminal;
let clock = Date.UTC(2026, 2, 29, 0, 30);

function normalized(text: string): string {
  const ids = new Map<string, string>();
  const named = text.replaceAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    let name = ids.get(id);
    if (!name) {
      name = `<id ${ids.size + 1}>`;
      ids.set(id, name);
    }
    return name;
  });
  // one JSON string per record line: CR, LF and the BOM stay visible in the snapshot
  return (
    named
      .split(/(?<=\r\n)/)
      // a settings change audits the whole settings object, whose shape is other features' business
      .map((line) => (line.includes(',settings.update,') ? '<a settings.update record>' : JSON.stringify(line)))
      .join('\n')
  );
}

beforeAll(async () => {
  t = await makeTerminal({ now: () => (clock += 250) });
  okData(t.call('settings.update', { timeZone: 'Europe/Berlin' }, t.manager));
  const product = okData<{ id: string }>(
    t.call(
      'catalog.upsertProduct',
      {
        sku: 'TRICKY-1',
        name: '=Crème "fraîche", 20 cl 🍦',
        priceMinor: 1999,
        taxClassId: t.catalogue.taxClassIds.standard,
        categoryId: null,
        stockOnHand: 50,
        barcodes: ['4006381333931', '5901234123457'],
      },
      t.manager,
    ),
  );
  okData(t.call('staff.create', { name: '+Ann "The Till", Jr.', pin: '91827364', roles: ['manager'] }, t.manager));
  okData(t.call('shift.open', { openingFloatMinor: 10_000 }, t.manager));
  const member = okData<{ id: string }>(
    t.call('loyalty.enroll', { name: '@Zoë "Zo" O\'Brien, 🎉', email: 'zoe@example.com', phone: '+44 20 7946 0000' }, t.manager),
  );
  const first = okData<{ id: string; lines: { id: string }[] }>(
    t.call(
      'sale.complete',
      {
        id: randomUUID(),
        memberId: member.id,
        lines: [{ productId: product.id, quantity: 2 }],
        payments: [{ method: 'card', amountMinor: 3998, approvalCode: '-A1B2', last4: '4242' }],
      },
      t.manager,
    ),
  );
  okData(
    t.call(
      'sale.complete',
      {
        id: randomUUID(),
        lines: [{ productId: product.id, quantity: 1 }],
        payments: [{ method: 'cash', amountMinor: 1999, tenderedMinor: 5000 }],
      },
      t.manager,
    ),
  );
  okData(
    t.call(
      'sale.refund',
      {
        id: randomUUID(),
        originalSaleId: first.id,
        lines: [{ originalLineId: first.lines[0]?.id, quantity: 1, restock: true }],
        payBack: 'original',
        reason: '-Broken, "badly", really',
      },
      t.manager,
    ),
  );
  okData(t.call('shift.cashMovement', { kind: 'paid_in', amountMinor: 500, reason: '=1+1, "float"' }, t.manager));
  okData(t.call('stock.adjust', { id: randomUUID(), productId: product.id, delta: -1, reason: 'damaged', note: TRICKY }, t.manager));
  okData(t.call('loyalty.adjust', { id: randomUUID(), memberId: member.id, points: 5, reason: '=Sorry, "again", 🎉' }, t.manager));
  okData(t.call('shift.close', { counted: [{ denominationMinor: 1000, count: 14 }] }, t.manager));
  // the router keeps free text on one line; older data or a raw import may not: a lone LF, CRLF, a lone CR
  t.sqlite
    .prepare(
      `INSERT INTO stock_movements (id, product_id, delta, reason, staff_id, created_at, note)
       VALUES ('00000000-0000-7000-8000-000000000001', ?, 3, 'receipt', NULL, ?, ?)`,
    )
    .run(product.id, clock, 'Two\nlines, "one" CRLF\r\nand a lone CR\rend');
});
afterAll(() => t?.close());

describe('export.csv bytes', () => {
  it.each(EXPORT_KINDS)('%s', async (what) => {
    const result = okData<ExportCsvResult>(await t.router.invokeAsync('export.csv', { what, bom: true }, t.manager));
    expect(normalized(readFileSync(result.savedTo, 'utf8'))).toMatchSnapshot();
  });
});
