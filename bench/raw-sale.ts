// The hand-written baseline of sale.complete that the benchmarks compare the router with
// (bench/checkout.bench.ts, bench/scan.bench.ts): plain better-sqlite3, the core's SQL work.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../electron/core/features/sales/journal';
import type { Settings } from '../electron/core/features/setup/settings';
import { MAX_SHIFT_TURNOVER_MINOR, priceCart, settleTenders } from '../src/shared/pricing';
import { uuidv7 } from '../src/shared/uuid';

export type RawLine = { productId: string; quantity: number };
export type RawPayment = { method: 'card'; amountMinor: number; last4: string };

/**
 * What sale.complete does, by hand: the same reads and writes in one IMMEDIATE transaction, and the
 * same full payloads — the journal entry is the canonical JSON of the stored rows (snake_case, as
 * SQLite returns them: what `ringup verify` recomputes), the outbox event the whole document in
 * camelCase with the stock it moved. Shared pure code is shared (uuidv7 ids, priceCart and
 * settleTenders, canonicalJson, sha256): what it leaves out is the router (zod input and output,
 * session, envelope), drizzle, and the core's structure.
 */
export function rawSaleWriter(db: Database.Database, settings: Settings, staffId: string) {
  const now = () => Date.now();
  const st = {
    // the idempotency key, the open shift, the products, a parked cart of this id: what the core checks
    key: db.prepare('SELECT kind, request_hash FROM request_keys WHERE id = ?'),
    shift: db.prepare('SELECT id FROM shifts WHERE terminal_id = ? AND closed_at IS NULL'),
    product: db.prepare(
      `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.active, p.tracks_stock, p.stock_on_hand, p.sold_by_weight
       FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id = ?`,
    ),
    parked: db.prepare('SELECT resumed_at, resumed_by, staff_id FROM parked_carts WHERE id = ?'),
    turnover: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
    ),
    counter: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    requestKey: db.prepare('INSERT INTO request_keys (id, kind, request_hash, created_at) VALUES (?, ?, ?, ?)'),
    lastJournal: db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
    sale: db.prepare(
      `INSERT INTO sales (id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, approved_by, created_at, currency, prices_include_tax,
         subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor, journal_seq) VALUES (?, 'sale', ?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    line: db.prepare(
      `INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp,
         gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor, original_line_id, restock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    ),
    stock: db.prepare('UPDATE products SET stock_on_hand = stock_on_hand + ? WHERE id = ?'),
    movement: db.prepare(
      "INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at) VALUES (?, ?, ?, 'sale', ?, ?, ?, ?)",
    ),
    payment: db.prepare(
      'INSERT INTO payments (id, sale_id, method, amount_minor, tendered_minor, change_minor, approval_code, card_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    unpark: db.prepare('DELETE FROM parked_carts WHERE id = ?'),
    unopen: db.prepare('DELETE FROM open_sales WHERE id = ?'),
    // the document as stored, read back once: the journal hashes exactly these rows
    header: db.prepare(
      `SELECT id, kind, terminal_id, receipt_no, original_sale_id, shift_id, staff_id, approved_by, created_at, currency, prices_include_tax,
         subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor FROM sales WHERE id = ?`,
    ),
    lines: db.prepare(
      `SELECT id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, list_price_minor, tax_class_id, tax_rate_bp, gross_minor,
         line_discount_minor, cart_discount_minor, tax_minor, total_minor, original_line_id, restock FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
    ),
    payments: db.prepare(
      'SELECT id, method, amount_minor, tendered_minor, change_minor, approval_code, card_last4 FROM payments WHERE sale_id = ? ORDER BY id',
    ),
    movements: db.prepare(
      'SELECT id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at FROM stock_movements WHERE sale_id = ? ORDER BY id',
    ),
    journal: db.prepare('INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    outbox: db.prepare('INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES (?, ?, ?, ?, ?)'),
    audit: db.prepare(
      'INSERT INTO audit_log (id, at, action, actor_staff_id, approver_staff_id, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  type Row = Record<string, number | string | null>;
  /** `request`: what the core hashes for the idempotency key (the parsed sale.complete input) */
  const complete = (id: string, items: RawLine[], tenders: RawPayment[], request: unknown = { id, lines: items, payments: tenders }) => {
    if (st.key.get(id)) return;
    const shift = st.shift.get(settings.terminalId) as { id: string } | undefined;
    if (!shift) throw new Error('no open shift');
    const products = items.map((item) => st.product.get(item.productId) as Row);
    if (st.parked.get(id)) throw new Error('parked');
    const cart = priceCart({
      lines: items.map((item, i) => ({
        id: String(i + 1),
        quantity: item.quantity,
        weighed: products[i]?.sold_by_weight === 1,
        unitPriceMinor: products[i]?.price_minor as number,
        taxRateBp: products[i]?.rate_bp as number,
      })),
      cartDiscount: null,
      pricesIncludeTax: settings.pricesIncludeTax,
      taxRounding: settings.taxRounding,
    });
    const settlement = settleTenders(cart.totalMinor, tenders, settings.cashRoundingStep);
    if (!settlement.ok) throw new Error('tenders');
    products.forEach((p, i) => {
      if (p.tracks_stock === 1 && (p.stock_on_hand as number) < (items[i]?.quantity ?? 0)) throw new Error('stock');
    });
    const turnover = (st.turnover.get(`turnover:${shift.id}`, cart.totalMinor) as { value: number }).value;
    if (turnover > MAX_SHIFT_TURNOVER_MINOR) throw new Error('turnover');
    const receiptNo = (st.counter.get(`receipt:${settings.terminalId}`) as { value: number }).value;
    const at = now();
    st.requestKey.run(id, 'sale', createHash('sha256').update(canonicalJson({ request, staffId })).digest('hex'), at);
    const last = st.lastJournal.get() as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    st.sale.run(
      id,
      settings.terminalId,
      receiptNo,
      shift.id,
      staffId,
      at,
      settings.currency,
      settings.pricesIncludeTax ? 1 : 0,
      cart.subtotalMinor,
      cart.discountMinor,
      cart.taxMinor,
      cart.totalMinor,
      settlement.roundingMinor,
      seq,
    );
    products.forEach((p, i) => {
      const priced = cart.lines[i];
      const item = items[i];
      if (!priced || !item) return;
      const lineId = uuidv7(now());
      st.line.run(
        lineId,
        id,
        i + 1,
        p.id,
        p.sku,
        p.name,
        item.quantity,
        p.sold_by_weight,
        p.price_minor,
        p.tax_class_id,
        p.rate_bp,
        priced.grossMinor,
        priced.lineDiscountMinor,
        priced.cartDiscountMinor,
        priced.taxMinor,
        priced.totalMinor,
      );
      if (p.tracks_stock === 1) {
        st.stock.run(-item.quantity, p.id);
        st.movement.run(uuidv7(now()), p.id, -item.quantity, id, lineId, staffId, now());
      }
    });
    for (const t of settlement.payments)
      st.payment.run(uuidv7(now()), id, t.method, t.amountMinor, t.tenderedMinor, t.changeMinor, t.approvalCode, t.cardLast4);
    st.unpark.run(id);
    st.unopen.run(id);
    const header = st.header.get(id) as Row;
    const lines = st.lines.all(id) as Row[];
    const paid = st.payments.all(id) as Row[];
    const moved = st.movements.all(id) as Row[];
    const payload = canonicalJson({ ...header, lines, payments: paid });
    const prevHash = last?.hash ?? '0'.repeat(64);
    st.journal.run(seq, now(), 'sale', id, payload, prevHash, createHash('sha256').update(prevHash).update(payload).digest('hex'));
    // the event: the document whole, camelCase and booleans, in the order of its schema
    const event = {
      v: 1,
      id: header.id,
      terminalId: header.terminal_id,
      receiptNo: header.receipt_no,
      originalSaleId: header.original_sale_id,
      shiftId: header.shift_id,
      staffId: header.staff_id,
      approvedBy: header.approved_by,
      createdAt: header.created_at,
      currency: header.currency,
      pricesIncludeTax: header.prices_include_tax === 1,
      subtotalMinor: header.subtotal_minor,
      discountMinor: header.discount_minor,
      taxMinor: header.tax_minor,
      totalMinor: header.total_minor,
      cashRoundingMinor: header.cash_rounding_minor,
      lines: lines.map((l) => ({
        id: l.id,
        lineNo: l.line_no,
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        weighed: l.weighed === 1,
        unitPriceMinor: l.unit_price_minor,
        listPriceMinor: l.list_price_minor,
        taxClassId: l.tax_class_id,
        taxRateBp: l.tax_rate_bp,
        grossMinor: l.gross_minor,
        lineDiscountMinor: l.line_discount_minor,
        cartDiscountMinor: l.cart_discount_minor,
        taxMinor: l.tax_minor,
        totalMinor: l.total_minor,
        originalLineId: l.original_line_id,
        restock: l.restock === null ? null : l.restock === 1,
      })),
      payments: paid.map((p) => ({
        id: p.id,
        method: p.method,
        amountMinor: p.amount_minor,
        tenderedMinor: p.tendered_minor,
        changeMinor: p.change_minor,
        approvalCode: p.approval_code,
        cardLast4: p.card_last4,
      })),
      stockMovements: moved.map((m) => ({
        id: m.id,
        productId: m.product_id,
        delta: m.delta,
        reason: m.reason,
        saleId: m.sale_id,
        saleLineId: m.sale_line_id,
        staffId: m.staff_id,
        createdAt: m.created_at,
      })),
    };
    const eventAt = now();
    st.outbox.run(uuidv7(eventAt), eventAt, 'sale.completed', id, JSON.stringify(event));
    const auditAt = now();
    st.audit.run(
      uuidv7(auditAt),
      auditAt,
      'sale.complete',
      staffId,
      null,
      'sale',
      id,
      JSON.stringify({ receiptNo, totalMinor: cart.totalMinor }),
    );
  };
  return {
    /** one sale, in its own IMMEDIATE transaction */
    complete: db.transaction(complete).immediate as unknown as typeof complete,
    /** the same inside the caller's transaction */
    completeInTransaction: complete,
  };
}
