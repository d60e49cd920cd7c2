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

/** Changes waiting to be pushed to the central database (the sync module drains it). */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    topic: text('topic').notNull(),
    entityId: text('entity_id').notNull(),
    payload: text('payload').notNull(),
    pushedAt: integer('pushed_at'),
  },
  (t) => [index('outbox_pending_idx').on(t.pushedAt, t.seq)],
);
