import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { staff } from './staff';

/** Store and terminal settings as JSON values under well-known keys. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Who did what, when, and who approved it. Append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: integer('at').notNull(),
    action: text('action').notNull(),
    actorStaffId: text('actor_staff_id').references(() => staff.id),
    approverStaffId: text('approver_staff_id').references(() => staff.id),
    entity: text('entity'),
    entityId: text('entity_id'),
    details: text('details'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorStaffId),
    index('audit_log_approver_idx').on(t.approverStaffId),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
  ],
);

/**
 * Every versioned event this terminal wrote, in order (seq), for the central database. What
 * central has is a prefix of it: the rows up to sync_state.pushed_seq (migration 0014 replaced a
 * pushed_at mark on every row, which made each batch sent rewrite its rows' pages).
 */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  topic: text('topic').notNull(),
  entityId: text('entity_id').notNull(),
  payload: text('payload').notNull(),
});

/**
 * This terminal's identity toward the central database and the sync's progress: one row (id 1),
 * made by migration 0013 with a random store id and a random 256-bit secret, so every backup
 * carries them and a terminal restored from its own backup is still the same terminal. The secret
 * never leaves the terminal except to prove its identity to central, which keeps only its SHA-256.
 * The store id may be changed (to the id of the store's first till) until central has registered
 * this terminal.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  storeId: text('store_id').notNull(),
  /** 64 hex digits */
  secret: text('secret').notNull(),
  /** when central first accepted this terminal (null: never synced) */
  registeredAt: integer('registered_at'),
  /** the highest central change_seq applied here by the pull */
  pullCursor: integer('pull_cursor').notNull().default(0),
  /**
   * the highest points_ledger seq whose points.moved event central has: ledger rows and their
   * events are written in one transaction each, in the same order, and the outbox is pushed in
   * order, so the rows up to here are exactly this terminal's rows in central's balance
   */
  pushedLedgerSeq: integer('pushed_ledger_seq').notNull().default(0),
  /**
   * the highest outbox seq central has: pushed in order and refused with a gap, so the rows up to
   * here are all there and none after (a batch marked sent moves this one value, never its rows)
   */
  pushedSeq: integer('pushed_seq').notNull().default(0),
  lastPushAt: integer('last_push_at'),
  lastPullAt: integer('last_pull_at'),
  /**
   * when a run last pushed everything waiting and pulled to the end (null: never): while it is
   * recent the till counts as synced with central, and the offline daily cap on points is lifted
   */
  lastSyncedAt: integer('last_synced_at'),
  /** the last failure in words (never a connection string or password), and when; cleared by a success */
  lastError: text('last_error'),
  lastErrorAt: integer('last_error_at'),
});
