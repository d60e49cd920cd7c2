import { type EventPayload, type EventTopic, eventSchemas } from '../../src/shared/events';
import { uuidv7 } from '../../src/shared/uuid';
import { type CoreContext, prepared } from './context';

export interface AuditEntry {
  action: string;
  actorStaffId?: string | null;
  approverStaffId?: string | null;
  entity?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/** Append one row to the audit log (inside the caller's transaction). */
export function audit(ctx: CoreContext, entry: AuditEntry): void {
  const now = ctx.now();
  prepared(
    ctx.sqlite,
    'INSERT INTO audit_log (id, at, action, actor_staff_id, approver_staff_id, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    uuidv7(now),
    now,
    entry.action,
    entry.actorStaffId ?? null,
    entry.approverStaffId ?? null,
    entry.entity ?? null,
    entry.entityId ?? null,
    entry.details ? JSON.stringify(entry.details) : null,
  );
}

/**
 * Record a business event for the central database (inside the caller's transaction, so it lands
 * with the change it describes or not at all). The payload is checked against the topic's
 * versioned schema (src/shared/events): a payload that breaks the contract rolls the change back.
 */
export function emitEvent<T extends EventTopic>(
  ctx: Pick<CoreContext, 'sqlite' | 'now'>,
  topic: T,
  entityId: string,
  payload: EventPayload<T>,
): void {
  const now = ctx.now();
  const checked = eventSchemas[topic].parse(payload);
  prepared(ctx.sqlite, 'INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES (?, ?, ?, ?, ?)').run(
    uuidv7(now),
    now,
    topic,
    entityId,
    JSON.stringify(checked),
  );
}
