import type { z } from 'zod';
import type { approvalActionSchema } from '../../../../src/shared/contract';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit } from '../../audit';
import { type CoreContext, prepared } from '../../context';
import { AppError, CommittedFailure } from '../../errors';
import type { Session } from '../../session';
import { lockoutMs, MAX_FREE_ATTEMPTS, verifyPin } from '../auth/pin';

export type ApprovalAction = z.infer<typeof approvalActionSchema>;
const APPROVAL_TTL_MS = 5 * 60_000;

// wrong approval PINs are counted per terminal (no staff member is named), kept in the counters table
const FAILED_KEY = 'approval:failed';
const LOCKED_KEY = 'approval:lockedUntil';

function readCounter(ctx: CoreContext, name: string): number {
  return prepared<[string], { value: number }>(ctx.sqlite, 'SELECT value FROM counters WHERE name = ?').get(name)?.value ?? 0;
}

function writeCounter(ctx: CoreContext, name: string, value: number): void {
  prepared(ctx.sqlite, 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(
    name,
    value,
  );
}

/** A manager types their PIN at the till: returns a one-time approval for `action`, or counts a failure. */
export function approve(ctx: CoreContext, session: Session, pin: string, action: ApprovalAction) {
  const now = ctx.now();
  const lockedUntil = readCounter(ctx, LOCKED_KEY);
  if (lockedUntil > now) {
    return new CommittedFailure(
      new AppError('RATE_LIMITED', `Too many wrong manager PINs. Try again in ${Math.ceil((lockedUntil - now) / 1000)} seconds.`, {
        retryAfterMs: lockedUntil - now,
      }),
    );
  }
  const managers = prepared<[], { id: string; name: string; pin_hash: string }>(
    ctx.sqlite,
    "SELECT s.id, s.name, s.pin_hash FROM staff s JOIN staff_roles r ON r.staff_id = s.id AND r.role_id = 'manager' WHERE s.active = 1",
  ).all();
  const manager = managers.find((m) => verifyPin(pin, m.pin_hash));
  if (!manager) {
    const failed = readCounter(ctx, FAILED_KEY) + 1;
    writeCounter(ctx, FAILED_KEY, failed);
    const waitMs = lockoutMs(failed);
    if (waitMs > 0) writeCounter(ctx, LOCKED_KEY, now + waitMs);
    audit(ctx, { action: 'approval.failed', actorStaffId: session.staff?.id ?? null, details: { action, failedAttempts: failed } });
    const left = Math.max(MAX_FREE_ATTEMPTS - failed, 0);
    return new CommittedFailure(
      waitMs > 0
        ? new AppError('RATE_LIMITED', `Too many wrong manager PINs. Try again in ${Math.ceil(waitMs / 1000)} seconds.`, {
            retryAfterMs: waitMs,
          })
        : new AppError('UNAUTHENTICATED', `That is not a manager's PIN. ${left} ${left === 1 ? 'try' : 'tries'} left.`, {
            triesLeft: left,
          }),
    );
  }
  writeCounter(ctx, FAILED_KEY, 0);
  const id = uuidv7(now);
  const expiresAt = now + APPROVAL_TTL_MS;
  prepared(
    ctx.sqlite,
    'INSERT INTO approvals (id, action, manager_id, requested_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, action, manager.id, session.staff?.id ?? null, now, expiresAt);
  audit(ctx, {
    action: 'approval.granted',
    actorStaffId: session.staff?.id ?? null,
    approverStaffId: manager.id,
    entity: 'approval',
    entityId: id,
    details: { action },
  });
  return { approvalId: id, managerId: manager.id, managerName: manager.name, action, expiresAt };
}

/**
 * What lets this session do a restricted action: the session's own manager role, or a one-time
 * approval given for one of `actions` (consumed here). Returns the approving manager's id.
 */
export function requireApproval(
  ctx: CoreContext,
  session: Session,
  actions: ApprovalAction[],
  approvalId: string | undefined,
  what: string,
): string | null {
  if (session.staff?.roles.includes('manager')) return session.staff.id;
  if (session.operator && !session.staff) return null;
  if (!approvalId) throw new AppError('FORBIDDEN', `${what} needs a manager's approval.`, { needsApproval: actions });
  const approval = prepared<[string], { id: string; action: string; manager_id: string; expires_at: number; used_at: number | null }>(
    ctx.sqlite,
    'SELECT id, action, manager_id, expires_at, used_at FROM approvals WHERE id = ?',
  ).get(approvalId);
  if (!approval || !actions.includes(approval.action as ApprovalAction))
    throw new AppError('FORBIDDEN', `That approval does not cover ${what.toLowerCase()}.`);
  if (approval.used_at !== null) throw new AppError('FORBIDDEN', 'That approval was already used. Ask the manager again.');
  if (approval.expires_at < ctx.now()) throw new AppError('FORBIDDEN', 'That approval has expired. Ask the manager again.');
  prepared(ctx.sqlite, 'UPDATE approvals SET used_at = ? WHERE id = ?').run(ctx.now(), approval.id);
  return approval.manager_id;
}
