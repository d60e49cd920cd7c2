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

/**
 * Idempotency (Stripe style), inside the caller's transaction: 'replay' when `id` already made a
 * document of this kind from this very request (answer the stored document, write nothing),
 * 'new' when the id is unused. The same id for another kind of document, or with any other
 * request, is a CONFLICT in words, and nothing is written.
 */
export function replayOrNew(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown): 'replay' | 'new' {
  const key = prepared<[string], { kind: DocumentKind; request_hash: string | null }>(
    ctx.sqlite,
    'SELECT kind, request_hash FROM request_keys WHERE id = ?',
  ).get(id);
  if (!key) return 'new';
  if (key.kind !== kind) {
    throw new AppError(
      'CONFLICT',
      `This id already belongs to ${KIND_NAME[key.kind]}, not ${KIND_NAME[kind]}. Start again with a new one.`,
      {
        id,
        kind: key.kind,
      },
    );
  }
  // made before Ringup kept request hashes: the stored document is all there is to answer
  if (key.request_hash === null || key.request_hash === requestHash(request)) return 'replay';
  throw new AppError(
    'CONFLICT',
    `This id was already used for ${KIND_NAME[kind]} with other contents; nothing was recorded for this one. Start again with a new id.`,
    { id, kind },
  );
}

/** Remember which request made document `id` (in the transaction that writes the document). */
export function recordRequestKey(ctx: CoreContext, kind: DocumentKind, id: string, request: unknown): void {
  prepared(ctx.sqlite, 'INSERT INTO request_keys (id, kind, request_hash, created_at) VALUES (?, ?, ?, ?)').run(
    id,
    kind,
    requestHash(request),
    ctx.now(),
  );
}

/** Whether `id` made a document already (of any kind). */
export function documentIdTaken(ctx: CoreContext, id: string): boolean {
  return prepared<[string], { one: number }>(ctx.sqlite, 'SELECT 1 AS one FROM request_keys WHERE id = ?').get(id) !== undefined;
}
