import { createHash } from 'node:crypto';
import { type CoreContext, prepared } from '../../context';
import type { Sqlite } from '../../db/open';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same document always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, payload: string): string {
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
}

/** The sequence number the next journal entry will get (inside the writing transaction). */
export function nextJournalSeq(ctx: CoreContext): number {
  const last = prepared<[], { seq: number }>(ctx.sqlite, 'SELECT seq FROM journal ORDER BY seq DESC LIMIT 1').get();
  return (last?.seq ?? 0) + 1;
}

export type JournalKind = 'sale' | 'refund' | 'cash_movement' | 'shift_open' | 'shift_close';

/** Append a document to the hash-chained journal (inside the caller's transaction). */
export function appendJournal(ctx: CoreContext, kind: JournalKind, documentId: string, document: unknown): { seq: number; hash: string } {
  const last = prepared<[], { seq: number; hash: string }>(ctx.sqlite, 'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const payload = canonicalJson(document);
  const hash = chainHash(prevHash, payload);
  prepared(ctx.sqlite, 'INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    seq,
    ctx.now(),
    kind,
    documentId,
    payload,
    prevHash,
    hash,
  );
  return { seq, hash };
}

export interface JournalVerdict {
  ok: boolean;
  entries: number;
  lastHash: string | null;
  problem: { seq: number; reason: string } | null;
}

/**
 * Walk the chain from the first entry: every sequence number present, every link pointing at
 * the one before, every hash matching its payload, and every document still in the database
 * exactly as it was journalled. Stops at the first problem and names it.
 */
export function verifyJournal(
  sqlite: Sqlite,
  documentOf: (kind: string, documentId: string) => unknown | null,
  /** what is wrong with a document that matches its journal entry (amounts that do not add up, out of bounds), or null */
  checkDocument: (kind: string, document: unknown) => string | null = () => null,
): JournalVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const rows = sqlite
    .prepare('SELECT seq, kind, document_id, payload, prev_hash, hash FROM journal ORDER BY seq')
    .iterate() as IterableIterator<{
    seq: number;
    kind: string;
    document_id: string;
    payload: string;
    prev_hash: string;
    hash: string;
  }>;
  for (const row of rows) {
    const fail = (reason: string): JournalVerdict => ({ ok: false, entries, lastHash: prevHash, problem: { seq: row.seq, reason } });
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        entries,
        lastHash: prevHash,
        problem: { seq: expectedSeq, reason: `journal entry ${expectedSeq} is missing (the next one is ${row.seq})` },
      };
    }
    if (row.prev_hash !== prevHash)
      return fail(`journal entry ${row.seq} does not follow entry ${row.seq - 1} (its previous hash differs)`);
    if (chainHash(row.prev_hash, row.payload) !== row.hash)
      return fail(`journal entry ${row.seq} (${row.kind} ${row.document_id}) was altered: its hash does not match its content`);
    const current = documentOf(row.kind, row.document_id);
    if (current === null)
      return fail(`the ${row.kind.replace('_', ' ')} ${row.document_id} of journal entry ${row.seq} is missing from the database`);
    if (current !== undefined && canonicalJson(current) !== row.payload) {
      return fail(`the ${row.kind.replace('_', ' ')} ${row.document_id} of journal entry ${row.seq} was changed after it was journalled`);
    }
    const wrong = current === undefined ? null : checkDocument(row.kind, current);
    if (wrong) return fail(`the ${row.kind.replace('_', ' ')} ${row.document_id} of journal entry ${row.seq} ${wrong}`);
    prevHash = row.hash;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, lastHash: entries > 0 ? prevHash : null, problem: null };
}
