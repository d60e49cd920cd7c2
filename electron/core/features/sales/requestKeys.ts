import { createHash } from 'node:crypto';
import { type CoreContext, prepared } from '../../context';
import { AppError } from '../../errors';
import { canonicalJson } from './journal';

/** The kinds of document a client-made id can make; an id belongs to one of them for good. */
export type DocumentKind = 'sale' | 'refund';

const KIND_NAME: Record<DocumentKind, string> = { sale: 'a sale', refund: 'a refund' };

/** sha256 of the canonical JSON of a parsed request: the same request always hashes the same. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** A multiset key of (a, b) pairs, order-free. */
const pairs = (rows: [unknown, unknown][]) =>
  rows
    .map(([a, b]) => `${String(a)}\u0000${String(b)}`)
    .sort()
    .join('\n');

/**
 * For a document made before request hashes were kept: whether this request is the one that made
 * it, as far as the stored rows tell — the same staff member, products and quantities (or sold
 * lines) and, for a sale, the same tenders.
 */
function legacyMatches(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown, staffId: string | null): boolean {
  const doc = prepared<[string], { staff_id: string; original_sale_id: string | null }>(
    ctx.sqlite,
    'SELECT staff_id, original_sale_id FROM sales WHERE id = ?',
  ).get(id);
  if (!doc || (staffId !== null && doc.staff_id !== staffId)) return false;
  const lines = prepared<[string], { product_id: string | null; original_line_id: string | null; quantity: number }>(
    ctx.sqlite,
    'SELECT product_id, original_line_id, quantity FROM sale_lines WHERE sale_id = ?',
  ).all(id);
  const asked = request as {
    lines?: { productId?: string; originalLineId?: string; quantity: number }[];
    payments?: { method: string; amountMinor: number }[];
    originalSaleId?: string;
  };
  if (kind === 'refund') {
    if ((asked.originalSaleId ?? null) !== doc.original_sale_id) return false;
    return (
      pairs(lines.map((l) => [l.original_line_id ?? l.product_id, l.quantity])) ===
      pairs((asked.lines ?? []).map((l) => [l.originalLineId ?? l.productId, l.quantity]))
    );
  }
  const paid = prepared<[string], { method: string; amount_minor: number }>(
    ctx.sqlite,
    'SELECT method, amount_minor FROM payments WHERE sale_id = ?',
  ).all(id);
  return (
    pairs(lines.map((l) => [l.product_id, l.quantity])) === pairs((asked.lines ?? []).map((l) => [l.productId, l.quantity])) &&
    pairs(paid.map((p) => [p.method, p.amount_minor])) === pairs((asked.payments ?? []).map((p) => [p.method, p.amountMinor]))
  );
}

/**
 * Idempotency (Stripe style), inside the caller's transaction: 'replay' when `id` already made a
 * document of this kind from this very request by this staff member (answer the stored document,
 * write nothing), 'new' when the id is unused. The same id for another kind of document, by
 * someone else, or with any other request, is a CONFLICT naming the document it made (details:
 * id, kind, receiptCode), and nothing is written.
 */
export function replayOrNew(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown, staffId: string | null): 'replay' | 'new' {
  const key = prepared<[string], { kind: DocumentKind; request_hash: string | null }>(
    ctx.sqlite,
    'SELECT kind, request_hash FROM request_keys WHERE id = ?',
  ).get(id);
  if (!key) return 'new';
  const made = prepared<[string], { terminal_id: string; receipt_no: number }>(
    ctx.sqlite,
    'SELECT terminal_id, receipt_no FROM sales WHERE id = ?',
  ).get(id);
  const receiptCode = made ? `${made.terminal_id}-${String(made.receipt_no).padStart(6, '0')}` : null;
  const details = { id, kind: key.kind, receiptCode };
  if (key.kind !== kind) {
    throw new AppError(
      'CONFLICT',
      `This id already belongs to ${KIND_NAME[key.kind]}${receiptCode ? ` (receipt ${receiptCode})` : ''}, not ${KIND_NAME[kind]}. Start again with a new one.`,
      details,
    );
  }
  const same =
    key.request_hash === null ? legacyMatches(ctx, kind, id, request, staffId) : key.request_hash === requestHash({ request, staffId });
  if (same) return 'replay';
  throw new AppError(
    'CONFLICT',
    `${kind === 'sale' ? 'This sale' : 'This refund'} was already recorded${receiptCode ? ` as receipt ${receiptCode}` : ''}, with other contents: nothing more was recorded. Look it up by its receipt, or start a new one.`,
    details,
  );
}

/** Remember which request, by which staff member, made document `id` (in the transaction that writes the document). */
export function recordRequestKey(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown, staffId: string | null): void {
  prepared(ctx.sqlite, 'INSERT INTO request_keys (id, kind, request_hash, created_at) VALUES (?, ?, ?, ?)').run(
    id,
    kind,
    requestHash({ request, staffId }),
    ctx.now(),
  );
}

/** Whether `id` made a document already (of any kind). */
export function documentIdTaken(ctx: CoreContext, id: string): boolean {
  return prepared<[string], { one: number }>(ctx.sqlite, 'SELECT 1 AS one FROM request_keys WHERE id = ?').get(id) !== undefined;
}
