import { eq, sql } from 'drizzle-orm';
import type { CoreContext } from '../context';
import { counters, syncState } from '../db/schema';
import { backgroundTransaction, type WriteTurns } from '../db/writeTurns';
import type { CentralEvent } from './central/apply';
import type { CentralDb } from './central/db';
import { type PushReceipt, receivePush, type TerminalIdentity, terminalState } from './central/receive';
import {
  lastOutboxEvent,
  markSent,
  moveLedgerWatermark,
  nextUnsent,
  outboxIdAt,
  pushedSeq,
  terminalIdentity,
  waitingEvents,
} from './state';

export interface PushOptions {
  /** events per central transaction */
  batchSize?: number;
  now?: () => number;
  statementTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (sent: number, total: number) => void;
}

export interface PushResult {
  /** events central took for the first time */
  sent: number;
  /** events central already had (sent again after a cut): nothing was done twice */
  duplicates: number;
  batches: number;
  conflicts: PushReceipt['conflicts'];
  /** what the restore rule did before pushing, when it did anything */
  reconciled: Reconciled | null;
}

export interface Reconciled {
  /** outbox rows central already had, marked sent without sending them */
  markedSent: number;
  /** the outbox numbering, and the receipt and Z counters, moved past what central has */
  movedTo: { seq: number; receiptNo: number; zNumber: number } | null;
}

export const DEFAULT_BATCH = 200;
/**
 * The share of the time a push takes while the till is selling (see tillPacer). On the build VM's
 * 2 cores any other work beside the till (a CPU hog, even at nice 10) stretches a sale's tail by a
 * third; a push at a quarter of the time keeps sale.complete's p99 within 1.3× of idle and still
 * sends ~500 events/s, more than a till selling flat out writes (bench:sync, live part).
 */
export const BUSY_TILL_SHARE = 0.25;

/**
 * The restore rule, before a push: ask central where this terminal's history there ends, and
 * when that history and the local one are the same (same event id at the last seq both have):
 * - events central has are marked sent here (the terminal crashed after central's commit, or was
 *   restored from a backup taken before they were marked);
 * - a terminal restored from an OLDER backup (central has more than the outbox) moves its outbox
 *   numbering, its receipt counter and its Z counter past what central has from it, so it neither
 *   resends, skips, nor issues a number twice.
 * A different event id there is another history (it sold after a restore before syncing, or the
 * disk was copied): nothing is changed here, and the push is refused centrally with a conflict.
 */
export async function reconcile(ctx: CoreContext, central: CentralDb, identity: TerminalIdentity): Promise<Reconciled | null> {
  const local = lastOutboxEvent(ctx);
  const remote = await terminalState(central, identity, local.seq);
  if (!remote.registered || remote.lastSeq === 0) return null;
  const probe = Math.min(local.seq, remote.lastSeq);
  if (probe > 0 && outboxIdAt(ctx, probe) !== remote.idAtProbe) return null;
  const terminalId = identity.terminalId;
  return backgroundTransaction(ctx, (): Reconciled | null => {
    const sentHere = pushedSeq(ctx);
    // what central has is sent (as far as this outbox goes; past its end after an older backup, see below)
    const markedSent = Math.max(0, Math.min(local.seq, remote.lastSeq) - sentHere);
    if (remote.lastSeq > sentHere) ctx.db.update(syncState).set({ pushedSeq: remote.lastSeq }).where(eq(syncState.id, 1)).run();
    // the points rows of those events are in central's balance too (as markSent moves it for a batch)
    if (markedSent > 0) moveLedgerWatermark(ctx, sentHere + 1, remote.lastSeq);
    let movedTo: Reconciled['movedTo'] = null;
    if (local.seq < remote.lastSeq) {
      // AUTOINCREMENT's high-water mark: the next event takes lastSeq + 1
      const seqRow = ctx.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined;
      if (seqRow) ctx.sqlite.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'").run(remote.lastSeq);
      else ctx.sqlite.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(remote.lastSeq);
      const bump = (name: string, value: number) =>
        ctx.db
          .insert(counters)
          .values({ name, value })
          .onConflictDoUpdate({ target: counters.name, set: { value: sql`max(${counters.value}, excluded.value)` } })
          .run();
      if (remote.lastReceiptNo > 0) bump(`receipt:${terminalId}`, remote.lastReceiptNo);
      if (remote.lastZNumber > 0) bump(`z:${terminalId}`, remote.lastZNumber);
      // every points row here is in central's balance (the whole outbox is)
      ctx.sqlite.prepare('UPDATE sync_state SET pushed_ledger_seq = (SELECT coalesce(max(seq), 0) FROM points_ledger) WHERE id = 1').run();
      movedTo = { seq: remote.lastSeq, receiptNo: remote.lastReceiptNo, zNumber: remote.lastZNumber };
      ctx.log.warn('sync.restored_terminal_resumed', { terminalId, localSeq: local.seq, centralSeq: remote.lastSeq, ...movedTo });
    }
    ctx.db
      .update(syncState)
      .set({ registeredAt: sql`coalesce(${syncState.registeredAt}, ${ctx.now()})` })
      .where(eq(syncState.id, 1))
      .run();
    return markedSent > 0 || movedTo ? { markedSent, movedTo } : null;
  });
}

/**
 * Push every waiting event, batch by batch in terminal order: each batch is one central
 * transaction (receivePush), then its rows are marked sent here in a short local transaction. No
 * local transaction is open while the network is waited for, so the till sells on. A cut
 * connection leaves the batch unmarked; sending it again inserts nothing twice.
 */
export async function pushAll(ctx: CoreContext, central: CentralDb, options: PushOptions = {}): Promise<PushResult> {
  const now = options.now ?? ctx.now;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const identity = terminalIdentity(ctx);
  const reconciled = await reconcile(ctx, central, identity);
  const result: PushResult = { sent: 0, duplicates: 0, batches: 0, conflicts: [], reconciled };
  const pace = tillPacer(ctx.writeTurns, BUSY_TILL_SHARE);
  let total = waitingEvents(ctx).waiting;
  options.onProgress?.(0, total);
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = nextUnsent(ctx, batchSize);
    const [head] = rows;
    if (!head) break;
    const batch: CentralEvent[] = rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      topic: r.topic,
      entityId: r.entityId,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      createdAt: r.createdAt,
    }));
    const receipt = await receivePush(central, identity, batch, {
      now,
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    });
    const last = head.seq + rows.length - 1;
    markSent(ctx, head.seq, last, now());
    await pace();
    result.sent += receipt.inserted;
    result.duplicates += receipt.duplicates;
    result.batches += 1;
    result.conflicts.push(...receipt.conflicts);
    // events written while pushing join the total
    total = Math.max(total, result.sent + result.duplicates + waitingEvents(ctx).waiting);
    options.onProgress?.(result.sent + result.duplicates, total);
  }
  return result;
}

/**
 * What the push does between two batches. When the till made a writing call (a scan, a sale)
 * during the last batch, it rests so that the push takes at most `share` of the time — the batch
 * took t, the rest is t × (1 − share) / share — and the till has the machine's CPU and disk the rest
 * of the time; a till at rest costs the push nothing but an event-loop turn (the till's calls
 * waiting on the loop go first).
 */
export function tillPacer(turns: WriteTurns | undefined, share: number): () => Promise<void> {
  let mark = turns?.tillCalls() ?? 0;
  let started = performance.now();
  return async () => {
    const took = performance.now() - started;
    const busy = turns !== undefined && turns.tillCalls() !== mark;
    if (busy && share < 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, (took * (1 - share)) / share)));
    else await new Promise((resolve) => setImmediate(resolve));
    mark = turns?.tillCalls() ?? 0;
    started = performance.now();
  };
}
