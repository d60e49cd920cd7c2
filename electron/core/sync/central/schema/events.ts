import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { sqlList } from './checks';
import { terminals } from './terminals';

/**
 * The append-only event log: every outbox event of every terminal, exactly once. The primary key
 * is the terminal-made event id, so a re-sent batch inserts nothing (INSERT … ON CONFLICT (id)
 * DO NOTHING RETURNING id gives the newly inserted ones, and only those are applied to the
 * tables below). `seq` is the terminal's own sequence number: UNIQUE (terminal_id, seq) refuses a
 * second, different event at a number already taken (a diverged history), and is also the index
 * that reads a terminal's events in order.
 *
 * At chain scale this table is partitioned by month (PARTITION BY RANGE on created_at). PostgreSQL
 * wants the partition key in every unique key, so then the id dedup moves to a narrow
 * `event_ids (id PRIMARY KEY)` table inserted first, and (terminal_id, seq) is checked against
 * `terminals.last_seq` (a batch must continue it) instead of a global unique index.
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    terminalId: text('terminal_id')
      .notNull()
      .references(() => terminals.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    topic: text('topic').notNull(),
    entityId: text('entity_id').notNull(),
    /** the event as the terminal wrote it (src/shared/events: versioned, camelCase) */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** terminal time */
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** central time, when the push inserted it */
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [unique('events_terminal_seq_uq').on(t.terminalId, t.seq), check('events_seq_ck', sql`${t.seq} > 0`)],
);

export const SYNC_CONFLICT_KINDS = [
  /** a member's central balance went below zero: points spent at two terminals while both were offline */
  'points_overspent',
  /** a member enrolled offline with a card, email or phone another member already holds */
  'member_duplicate',
  /** a terminal-made product, category or tax class whose SKU, barcode or name central has on another id: central's is kept */
  'catalog_duplicate',
  /** a second device presented a registered terminal id with another secret: refused */
  'terminal_claimed',
  /** an event at a (terminal_id, seq) central holds with another id (sold after a restore before syncing, or a cloned disk): refused */
  'history_diverged',
  /** a sale at a (terminal_id, receipt_no) central already has: refused */
  'receipt_collision',
] as const;

/**
 * What needs a person: found centrally while applying events (or refusing them), never settled by
 * silently dropping or doubling anything. `details` says what was found, in the event's terms
 * (the event ids, the amounts, the balances). Recording is idempotent (INSERT … ON CONFLICT (id)
 * DO NOTHING): a conflict found while applying an event takes an id derived from that event, one
 * found while refusing a push (which the terminal will retry) an id derived from what was refused
 * (the terminal id and the presented secret's hash, or the colliding seq).
 */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: SYNC_CONFLICT_KINDS }).notNull(),
    storeId: text('store_id'),
    terminalId: text('terminal_id'),
    memberId: text('member_id'),
    /** the event that revealed it, when one did */
    eventId: text('event_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    detectedAt: bigint('detected_at', { mode: 'number' }).notNull(),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    /** who resolved it (a manager's name or staff id), with resolved_at */
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    // the Sync page lists what is open, newest first
    index('sync_conflicts_open_idx').on(t.detectedAt).where(sql`${t.resolvedAt} IS NULL`),
    index('sync_conflicts_member_idx').on(t.memberId).where(sql`${t.memberId} IS NOT NULL`),
    index('sync_conflicts_terminal_idx').on(t.terminalId).where(sql`${t.terminalId} IS NOT NULL`),
    check('sync_conflicts_kind_ck', sql`${t.kind} IN ${sqlList(SYNC_CONFLICT_KINDS)}`),
    check('sync_conflicts_resolved_ck', sql`(${t.resolvedAt} IS NULL) = (${t.resolvedBy} IS NULL)`),
  ],
);
