import { asc, eq, gt, max, sql } from 'drizzle-orm';
import { type CoreContext, prepared, type ReadContext } from '../context';
import { outbox, syncState } from '../db/schema';
import { backgroundTransaction } from '../db/writeTurns';
import { AppError } from '../errors';
import { readSettings } from '../features/setup/settings';
import type { TerminalIdentity } from './central/receive';

export type SyncStateRow = typeof syncState.$inferSelect;

/** The terminal's one sync_state row (made by migration 0013). */
export function readSyncState(ctx: ReadContext): SyncStateRow {
  const row = ctx.db.select().from(syncState).where(eq(syncState.id, 1)).get();
  if (!row) throw new Error('sync_state has no row: the database was not migrated by this version');
  return row;
}

/** Who this terminal is toward central: terminal id and store name from the settings, store id and secret from sync_state. */
export function terminalIdentity(ctx: ReadContext): TerminalIdentity {
  const settings = readSettings(ctx);
  const state = readSyncState(ctx);
  const terminalId = settings.terminalId.trim();
  if (!terminalId) throw new AppError('VALIDATION', 'This terminal has no terminal id yet: finish the first-run setup before syncing.');
  return { terminalId, storeId: state.storeId, storeName: settings.storeName.trim() || state.storeId, secret: state.secret };
}

/** The highest outbox seq central has: the rows up to it are sent, none after (sync_state.pushed_seq). */
export function pushedSeq(ctx: ReadContext): number {
  return ctx.db.select({ seq: syncState.pushedSeq }).from(syncState).where(eq(syncState.id, 1)).get()?.seq ?? 0;
}

/**
 * What the outbox holds that central does not have yet: how many, and since when. The rows sent
 * are a prefix of the outbox (up to pushed_seq), so this is two probes of the primary key — the
 * first unsent row and the last row — not a count, however long the till was offline (the top
 * bar asks every few seconds).
 */
export function waitingEvents(ctx: ReadContext): { waiting: number; oldestAt: number | null } {
  const first = ctx.db
    .select({ seq: outbox.seq, createdAt: outbox.createdAt })
    .from(outbox)
    .where(gt(outbox.seq, pushedSeq(ctx)))
    .orderBy(asc(outbox.seq))
    .limit(1)
    .get();
  if (!first) return { waiting: 0, oldestAt: null };
  const last =
    ctx.db
      .select({ seq: max(outbox.seq) })
      .from(outbox)
      .get()?.seq ?? first.seq;
  return { waiting: last - first.seq + 1, oldestAt: first.createdAt };
}

export interface OutboxRow {
  seq: number;
  id: string;
  createdAt: number;
  topic: string;
  entityId: string;
  payload: string;
}

/** The next unsent events in order (a short read: nothing is held while the network is waited for). */
export function nextUnsent(ctx: ReadContext, limit: number): OutboxRow[] {
  return ctx.db
    .select({
      seq: outbox.seq,
      id: outbox.id,
      createdAt: outbox.createdAt,
      topic: outbox.topic,
      entityId: outbox.entityId,
      payload: outbox.payload,
    })
    .from(outbox)
    .where(gt(outbox.seq, pushedSeq(ctx)))
    .orderBy(asc(outbox.seq))
    .limit(limit)
    .all();
}

/** The highest outbox seq, and the event id there (0 / null on an empty outbox). */
export function lastOutboxEvent(ctx: ReadContext): { seq: number; id: string | null } {
  const seq =
    ctx.db
      .select({ seq: max(outbox.seq) })
      .from(outbox)
      .get()?.seq ?? 0;
  return { seq, id: seq > 0 ? outboxIdAt(ctx, seq) : null };
}

export function outboxIdAt(ctx: ReadContext, seq: number): string | null {
  return ctx.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.seq, seq)).get()?.id ?? null;
}

/**
 * After central committed a batch (seqs fromSeq…upToSeq): the batch marked sent, in one short local
 * transaction that writes one row — pushed_seq moved to the batch's end, and the ledger watermark
 * (see sync_state.pushed_ledger_seq) to the batch's last points row. Returns how many events that
 * newly marked.
 */
export function markSent(ctx: CoreContext, fromSeq: number, upToSeq: number, at: number): number {
  return backgroundTransaction(ctx, () => {
    const before = pushedSeq(ctx);
    moveLedgerWatermark(ctx, fromSeq, upToSeq);
    ctx.db
      .update(syncState)
      .set({
        pushedSeq: sql`max(${syncState.pushedSeq}, ${upToSeq})`,
        lastPushAt: at,
        registeredAt: sql`coalesce(${syncState.registeredAt}, ${at})`,
        lastError: null,
        lastErrorAt: null,
      })
      .where(eq(syncState.id, 1))
      .run();
    return Math.max(0, upToSeq - before);
  });
}

/**
 * Move sync_state.pushed_ledger_seq to the last points row among the outbox events fromSeq…upToSeq
 * (now at central): the ledger's seq order is the outbox's, so the rows up to it are exactly this
 * terminal's rows in central's balance. The events by the outbox key, each ledger row by its id;
 * call inside the write transaction that marks them sent.
 */
export function moveLedgerWatermark(ctx: CoreContext, fromSeq: number, upToSeq: number): void {
  const ledgerSeq =
    prepared<[number, number], number | null>(
      ctx.sqlite,
      `SELECT max(l.seq) FROM outbox o JOIN points_ledger l ON l.id = o.entity_id
        WHERE o.seq BETWEEN ? AND ? AND o.topic = 'points.moved'`,
    )
      .pluck()
      .get(fromSeq, upToSeq) ?? 0;
  if (ledgerSeq > 0)
    ctx.db
      .update(syncState)
      .set({ pushedLedgerSeq: sql`max(${syncState.pushedLedgerSeq}, ${ledgerSeq})` })
      .where(eq(syncState.id, 1))
      .run();
}

/** A failure, in words, kept with its time (shown on the Sync page and by sync.status). */
export function recordSyncError(ctx: CoreContext, message: string, at: number): void {
  backgroundTransaction(ctx, () => ctx.db.update(syncState).set({ lastError: message, lastErrorAt: at }).where(eq(syncState.id, 1)).run());
}
