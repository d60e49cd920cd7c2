import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { payments, requestKeys, saleLines, sales } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';
import { receiptCode } from './document';
import { canonicalJson } from './journal';

/** The kinds of document a client-made id can make; an id belongs to one of them for good. */
export type DocumentKind = 'sale' | 'refund';

const KIND_NAME: Record<DocumentKind, string> = { sale: 'a sale', refund: 'a refund' };

/** sha256 of the canonical JSON of a parsed request: the same request always hashes the same. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

const reads = perConnection((db) => {
  const id = sql.placeholder('id');
  return {
    key: db
      .select({ kind: requestKeys.kind, requestHash: requestKeys.requestHash })
      .from(requestKeys)
      .where(eq(requestKeys.id, id))
      .prepare(),
    receipt: db.select({ terminalId: sales.terminalId, receiptNo: sales.receiptNo }).from(sales).where(eq(sales.id, id)).prepare(),
    // what a document made before request hashes were kept is compared by
    document: db.select({ staffId: sales.staffId, originalSaleId: sales.originalSaleId }).from(sales).where(eq(sales.id, id)).prepare(),
    lines: db
      .select({ productId: saleLines.productId, originalLineId: saleLines.originalLineId, quantity: saleLines.quantity })
      .from(saleLines)
      .where(eq(saleLines.saleId, id))
      .prepare(),
    payments: db
      .select({ method: payments.method, amountMinor: payments.amountMinor })
      .from(payments)
      .where(eq(payments.saleId, id))
      .prepare(),
  };
});

const writes = perConnection((db: Db) => ({
  record: db
    .insert(requestKeys)
    .values({
      id: sql.placeholder('id'),
      kind: sql.placeholder('kind'),
      requestHash: sql.placeholder('requestHash'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare(),
}));

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
  const q = reads(ctx.db);
  const doc = q.document.get({ id });
  if (!doc || (staffId !== null && doc.staffId !== staffId)) return false;
  const lines = q.lines.all({ id });
  const asked = request as {
    lines?: { productId?: string; originalLineId?: string; quantity: number }[];
    payments?: { method: string; amountMinor: number }[];
    originalSaleId?: string;
  };
  if (kind === 'refund') {
    if ((asked.originalSaleId ?? null) !== doc.originalSaleId) return false;
    return (
      pairs(lines.map((l) => [l.originalLineId ?? l.productId, l.quantity])) ===
      pairs((asked.lines ?? []).map((l) => [l.originalLineId ?? l.productId, l.quantity]))
    );
  }
  const paid = q.payments.all({ id });
  return (
    pairs(lines.map((l) => [l.productId, l.quantity])) === pairs((asked.lines ?? []).map((l) => [l.productId, l.quantity])) &&
    pairs(paid.map((p) => [p.method, p.amountMinor])) === pairs((asked.payments ?? []).map((p) => [p.method, p.amountMinor]))
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
  const q = reads(ctx.db);
  const key = q.key.get({ id });
  if (!key) return 'new';
  const made = q.receipt.get({ id });
  const code = made ? receiptCode(made.terminalId, made.receiptNo) : null;
  const details = { id, kind: key.kind, receiptCode: code };
  if (key.kind !== kind) {
    throw new AppError(
      'CONFLICT',
      `This id already belongs to ${KIND_NAME[key.kind]}${code ? ` (receipt ${code})` : ''}, not ${KIND_NAME[kind]}. Start again with a new one.`,
      details,
    );
  }
  const same =
    key.requestHash === null ? legacyMatches(ctx, kind, id, request, staffId) : key.requestHash === requestHash({ request, staffId });
  if (same) return 'replay';
  throw new AppError(
    'CONFLICT',
    `${kind === 'sale' ? 'This sale' : 'This refund'} was already recorded${code ? ` as receipt ${code}` : ''}, with other contents: nothing more was recorded. Look it up by its receipt, or start a new one.`,
    details,
  );
}

/** Remember which request, by which staff member, made document `id` (in the transaction that writes the document). */
export function recordRequestKey(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown, staffId: string | null): void {
  writes(ctx.db).record.run({ id, kind, requestHash: requestHash({ request, staffId }), createdAt: ctx.now() });
}

/** Whether `id` made a document already (of any kind). */
export function documentIdTaken(ctx: CoreContext, id: string): boolean {
  return reads(ctx.db).key.get({ id }) !== undefined;
}
