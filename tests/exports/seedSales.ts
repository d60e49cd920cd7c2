import { randomUUID } from 'node:crypto';
import type { Sqlite } from '../../electron/core/db/open';

/** One line of a seeded sale. */
export interface SeededLine {
  sku: string;
  name: string;
  quantity: number;
  amountMinor: number;
}

/**
 * A fast raw bulk insert of `sales` sales in one shift (one transaction, prepared statements: the
 * router would take minutes for a hundred thousand lines): sale `s` made at `createdAt(s)`, with
 * the lines `linesOf(s)` and their total.
 */
export function seedSales(
  sqlite: Sqlite,
  staffId: string,
  options: { sales: number; createdAt: (sale: number) => number; linesOf: (sale: number) => SeededLine[] },
): void {
  const shiftId = randomUUID();
  sqlite.transaction(() => {
    sqlite
      .prepare('INSERT INTO shifts (id, terminal_id, opened_by, opened_at, opening_float_minor) VALUES (?, ?, ?, ?, 0)')
      .run(shiftId, 'T-BULK', staffId, options.createdAt(0));
    const sale = sqlite.prepare(
      `INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax,
         subtotal_minor, discount_minor, tax_minor, total_minor) VALUES (?, 'sale', 'T-BULK', ?, ?, ?, ?, 'EUR', 1, ?, 0, 0, ?)`,
    );
    const line = sqlite.prepare(
      `INSERT INTO sale_lines (id, sale_id, line_no, sku, name, quantity, unit_price_minor, tax_class_id, tax_rate_bp,
         gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, 'zero', 0, ?, 0, 0, 0, ?)`,
    );
    for (let s = 0; s < options.sales; s++) {
      const saleId = randomUUID();
      const lines = options.linesOf(s);
      const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
      sale.run(saleId, s + 1, shiftId, staffId, options.createdAt(s), totalMinor, totalMinor);
      lines.forEach((l, i) => {
        line.run(randomUUID(), saleId, i + 1, l.sku, l.name, l.quantity, l.amountMinor, l.amountMinor, l.amountMinor);
      });
    }
  })();
}
