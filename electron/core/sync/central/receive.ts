import { createHash, timingSafeEqual } from 'node:crypto';
import { and, between, eq, sql } from 'drizzle-orm';
import { type ApplyReport, applyEvents, type CentralEvent, receiptCollisions } from './apply';
import { bulkInsert, type CentralDb, type CentralTx } from './db';
import { events, stores, syncConflicts, terminals } from './schema';

/** How central keeps a terminal's secret: `sha256:` + hex (see the terminals table). */
export function secretHash(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who is pushing: the terminal's identity (its secret proves it) and its store. */
export interface TerminalIdentity {
  terminalId: string;
  storeId: string;
  storeName: string;
  secret: string;
}

export type RefusalKind = 'terminal_claimed' | 'history_diverged' | 'receipt_collision' | 'gap' | 'store_mismatch';

/**
 * Central refused a push (or a hello): nothing of it was written but the conflict that says why.
 * Retrying the same batch gets the same answer, so the sync stops and shows `message` until a
 * person has looked (`kind` says what at).
 */
export class PushRefusedError extends Error {
  override name = 'PushRefusedError';
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What central holds from a terminal: where its history there ends (see the restore rule). */
export interface CentralTerminalState {
  registered: boolean;
  lastSeq: number;
  lastReceiptNo: number;
  lastZNumber: number;
  /** the event id central has at the seq asked about (null: none there) */
  idAtProbe: string | null;
}

/**
 * Read what central has from a terminal, checking its secret: the terminal compares `idAtProbe`
 * (asked at min(its own last seq, central's)) with its own event at that seq to know whether its
 * history and central's are one (see the terminals table's comment). Reads only.
 */
export async function terminalState(db: CentralDb, identity: TerminalIdentity, probeSeq: number): Promise<CentralTerminalState> {
  const [row] = await db.select().from(terminals).where(eq(terminals.id, identity.terminalId));
  if (!row) return { registered: false, lastSeq: 0, lastReceiptNo: 0, lastZNumber: 0, idAtProbe: null };
  if (!sameHash(row.secretHash, secretHash(identity.secret))) throw await claimed(db, identity, row.storeId);
  const probe = Math.min(probeSeq, row.lastSeq);
  const [at] =
    probe > 0
      ? await db
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.terminalId, identity.terminalId), eq(events.seq, probe)))
      : [];
  return {
    registered: true,
    lastSeq: row.lastSeq,
    lastReceiptNo: row.lastReceiptNo,
    lastZNumber: row.lastZNumber,
    idAtProbe: at?.id ?? null,
  };
}

async function claimed(db: CentralDb, identity: TerminalIdentity, registeredStore: string): Promise<PushRefusedError> {
  const presented = secretHash(identity.secret);
  await db
    .insert(syncConflicts)
    .values({
      id: `terminal_claimed:${identity.terminalId}:${presented.slice(7, 39)}`,
      kind: 'terminal_claimed',
      storeId: identity.storeId,
      terminalId: identity.terminalId,
      details: { terminalId: identity.terminalId, registeredStoreId: registeredStore, claimedByStoreId: identity.storeId },
      detectedAt: Date.now(),
    })
    .onConflictDoNothing();
  return new PushRefusedError(
    'terminal_claimed',
    `Central already has a terminal ${identity.terminalId} (store ${registeredStore}) registered from another device. This device was refused and nothing it sent was kept: give it its own terminal id, or restore this terminal's own backup on it.`,
    { terminalId: identity.terminalId },
  );
}

export interface PushReceipt {
  /** events central did not have, now applied */
  inserted: number;
  /** events central already had (a batch sent again after a cut): nothing was done twice */
  duplicates: number;
  /** the highest seq central now holds from this terminal */
  lastSeq: number;
  conflicts: ApplyReport['conflicts'];
}

export interface ReceiveOptions {
  now?: () => number;
  /** SET LOCAL statement_timeout of the push transaction (ms) */
  statementTimeoutMs?: number;
}

/**
 * Take one batch of a terminal's events (seq ascending, without holes) in ONE central
 * transaction: register the terminal the first time, check its secret, refuse a gap or another
 * history, insert the events (ON CONFLICT (id) DO NOTHING) and apply only the newly inserted ones.
 * A batch sent again because the terminal did not hear of the commit inserts nothing and applies
 * nothing. The terminal row is locked for the transaction, so two pushes of one terminal id (a
 * second device) never interleave. Only transaction-scoped state: works through PgBouncer in
 * transaction pooling mode.
 */
export async function receivePush(
  db: CentralDb,
  identity: TerminalIdentity,
  batch: readonly CentralEvent[],
  options: ReceiveOptions = {},
): Promise<PushReceipt> {
  const now = (options.now ?? Date.now)();
  const first = batch[0]?.seq ?? 0;
  for (const [i, e] of batch.entries()) {
    if (e.seq !== first + i) throw new Error(`a push batch must be consecutive seqs: ${e.seq} after ${first + i - 1}`);
  }
  let refusal: { error: PushRefusedError; conflict?: typeof syncConflicts.$inferInsert } | null = null;
  const receipt = await db
    .transaction(async (tx) => {
      if (options.statementTimeoutMs)
        await tx.execute(sql.raw(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))}`));
      await tx.insert(stores).values({ id: identity.storeId, name: identity.storeName, createdAt: now }).onConflictDoNothing();
      await tx
        .insert(terminals)
        .values({ id: identity.terminalId, storeId: identity.storeId, secretHash: secretHash(identity.secret), registeredAt: now })
        .onConflictDoNothing();
      const [row] = await tx.select().from(terminals).where(eq(terminals.id, identity.terminalId)).for('update');
      if (!row) throw new Error(`terminal ${identity.terminalId} was not registered`);
      if (!sameHash(row.secretHash, secretHash(identity.secret))) {
        refusal = { error: new PushRefusedError('terminal_claimed', '') };
        throw refusal.error;
      }
      if (row.storeId !== identity.storeId) {
        refusal = {
          error: new PushRefusedError(
            'store_mismatch',
            `Central has terminal ${identity.terminalId} in store ${row.storeId}, but this terminal says store ${identity.storeId}. Set this terminal's store id back to ${row.storeId}.`,
            { registeredStoreId: row.storeId },
          ),
        };
        throw refusal.error;
      }
      if (batch.length === 0) return { inserted: 0, duplicates: 0, lastSeq: row.lastSeq, conflicts: [] };
      const last = first + batch.length - 1;
      if (first > row.lastSeq + 1) {
        refusal = {
          error: new PushRefusedError(
            'gap',
            `Central holds events 1–${row.lastSeq} from terminal ${identity.terminalId}; this batch starts at ${first}, so ${row.lastSeq + 1}–${first - 1} would be missing. Nothing was taken.`,
            { lastSeq: row.lastSeq, first },
          ),
        };
        throw refusal.error;
      }
      // what central already has in the batch's range must be the same events
      if (first <= row.lastSeq) {
        const known = await tx
          .select({ id: events.id, seq: events.seq })
          .from(events)
          .where(and(eq(events.terminalId, identity.terminalId), between(events.seq, first, Math.min(last, row.lastSeq))));
        const byId = new Map(batch.map((e) => [e.seq, e.id]));
        const other = known.find((k) => byId.get(k.seq) !== k.id);
        if (other) {
          const mine = byId.get(other.seq) ?? '';
          refusal = {
            error: new PushRefusedError(
              'history_diverged',
              `Central has another event at number ${other.seq} from terminal ${identity.terminalId} (this terminal was restored from an older backup and sold before syncing, or its disk was copied to another device). Nothing was taken or overwritten; a manager must look at the conflict.`,
              { seq: other.seq, centralEventId: other.id, terminalEventId: mine },
            ),
            conflict: {
              id: `history_diverged:${identity.terminalId}:${other.seq}:${mine}`,
              kind: 'history_diverged',
              storeId: identity.storeId,
              terminalId: identity.terminalId,
              eventId: mine,
              details: { seq: other.seq, centralEventId: other.id, terminalEventId: mine },
              detectedAt: now,
            },
          };
          throw refusal.error;
        }
      }
      const fresh = batch.filter((e) => e.seq > row.lastSeq);
      const inserted = new Set<string>();
      const rows = await bulkInsert<typeof events, { id: string }>(
        tx,
        events,
        fresh.map((e) => ({
          id: e.id,
          terminalId: identity.terminalId,
          seq: e.seq,
          topic: e.topic,
          entityId: e.entityId,
          payload: e.payload,
          createdAt: e.createdAt,
          receivedAt: now,
        })),
        sql`ON CONFLICT (id) DO NOTHING RETURNING id`,
      );
      for (const r of rows) inserted.add(r.id);
      const applied = fresh.filter((e) => inserted.has(e.id));
      await refuseReceiptCollisions(tx, identity, applied, now, (r) => {
        refusal = r;
      });
      const report = await applyEvents(tx, { storeId: identity.storeId, terminalId: identity.terminalId, now }, applied);
      const lastSeq = Math.max(row.lastSeq, last);
      await tx.update(terminals).set({ lastSeq, lastSeenAt: now }).where(eq(terminals.id, identity.terminalId));
      return { inserted: applied.length, duplicates: batch.length - applied.length, lastSeq, conflicts: report.conflicts };
    })
    .catch(async (error: unknown) => {
      const refused = refusal as { error: PushRefusedError; conflict?: typeof syncConflicts.$inferInsert } | null;
      if (!refused || error !== refused.error) throw error;
      if (refused.error.kind === 'terminal_claimed') throw await claimed(db, identity, (await storeOf(db, identity.terminalId)) ?? '?');
      if (refused.conflict) await db.insert(syncConflicts).values(refused.conflict).onConflictDoNothing();
      throw refused.error;
    });
  return receipt;
}

async function storeOf(db: CentralDb, terminalId: string): Promise<string | null> {
  const [row] = await db.select({ storeId: terminals.storeId }).from(terminals).where(eq(terminals.id, terminalId));
  return row?.storeId ?? null;
}

async function refuseReceiptCollisions(
  tx: CentralTx,
  identity: TerminalIdentity,
  applied: readonly CentralEvent[],
  now: number,
  refuse: (r: { error: PushRefusedError; conflict: typeof syncConflicts.$inferInsert }) => void,
): Promise<void> {
  const documents = applied
    .filter((e) => e.topic === 'sale.completed' || e.topic === 'refund.completed')
    .map((e) => ({ id: String(e.payload.id), receiptNo: Number(e.payload.receiptNo), eventId: e.id }));
  const [hit] = await receiptCollisions(tx, identity.terminalId, documents);
  if (!hit) return;
  const eventId = documents.find((d) => d.id === hit.id)?.eventId ?? null;
  const error = new PushRefusedError(
    'receipt_collision',
    `Central already has receipt ${hit.receiptNo} of terminal ${identity.terminalId} on another sale. Nothing was taken or overwritten; a manager must look at the conflict.`,
    { receiptNo: hit.receiptNo, saleId: hit.id, centralSaleId: hit.centralId },
  );
  refuse({
    error,
    conflict: {
      id: `receipt_collision:${identity.terminalId}:${hit.receiptNo}:${hit.id}`,
      kind: 'receipt_collision',
      storeId: identity.storeId,
      terminalId: identity.terminalId,
      eventId,
      details: { receiptNo: hit.receiptNo, saleId: hit.id, centralSaleId: hit.centralId },
      detectedAt: now,
    },
  });
  throw error;
}
