import type { z } from 'zod';
import type { Role, staffRowSchema } from '../../../../src/shared/contract';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, dataVersion, prepared } from '../../context';
import { AppError, CommittedFailure, notFound } from '../../errors';
import type { Session, SessionStaff } from '../../session';
import { hashPin, lockoutMs, MAX_FREE_ATTEMPTS, verifyPin } from './pin';

type StaffRow = z.infer<typeof staffRowSchema>;

interface StaffRecord {
  id: string;
  name: string;
  pin_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: number | null;
  last_login_at: number | null;
  created_at: number;
  roles: string | null;
}

const STAFF_SELECT = `SELECT s.*, (SELECT group_concat(role_id, ',') FROM staff_roles r WHERE r.staff_id = s.id) AS roles FROM staff s`;

function rolesOf(record: StaffRecord): Role[] {
  return (record.roles ?? '')
    .split(',')
    .filter((r): r is Role => r === 'cashier' || r === 'manager')
    .sort();
}

function toRow(ctx: CoreContext, record: StaffRecord): StaffRow {
  return {
    id: record.id,
    name: record.name,
    roles: rolesOf(record),
    active: record.active === 1,
    locked: (record.locked_until ?? 0) > ctx.now(),
    lastLoginAt: record.last_login_at,
    createdAt: record.created_at,
  };
}

function findStaff(ctx: CoreContext, id: string): StaffRecord | undefined {
  return prepared<[string], StaffRecord>(ctx.sqlite, `${STAFF_SELECT} WHERE s.id = ?`).get(id);
}

/** How many active managers exist (0 means the terminal still needs its first manager). */
export function countStaff(ctx: CoreContext): number {
  return (
    prepared(
      ctx.sqlite,
      "SELECT count(*) AS n FROM staff s WHERE s.active = 1 AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.role_id = 'manager')",
    ).get() as { n: number }
  ).n;
}

/** Active staff names for the login screen. */
export function staffDirectory(ctx: CoreContext): { id: string; name: string }[] {
  return prepared<[], { id: string; name: string }>(
    ctx.sqlite,
    'SELECT id, name FROM staff WHERE active = 1 ORDER BY name COLLATE NOCASE',
  ).all();
}

/** All staff members with their roles. */
export function listStaff(ctx: CoreContext, includeInactive: boolean): StaffRow[] {
  const records = prepared<[], StaffRecord>(ctx.sqlite, `${STAFF_SELECT} ORDER BY s.name COLLATE NOCASE`).all();
  return records.filter((r) => includeInactive || r.active === 1).map((r) => toRow(ctx, r));
}

function assertNameFree(ctx: CoreContext, name: string, exceptId?: string): void {
  const holder = prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM staff WHERE name = ? COLLATE NOCASE').get(name);
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', `There is already a staff member called ${name}.`, { field: 'name', holderId: holder.id });
  }
}

function setRoles(ctx: CoreContext, staffId: string, roles: Role[]): void {
  prepared(ctx.sqlite, 'DELETE FROM staff_roles WHERE staff_id = ?').run(staffId);
  for (const role of new Set(roles)) prepared(ctx.sqlite, 'INSERT INTO staff_roles (staff_id, role_id) VALUES (?, ?)').run(staffId, role);
}

/** Create a staff member (PIN hashed with scrypt); audited. */
export function createStaff(ctx: CoreContext, input: { name: string; pin: string; roles: Role[] }, actorStaffId: string | null): StaffRow {
  assertNameFree(ctx, input.name);
  const now = ctx.now();
  const id = uuidv7(now);
  prepared(ctx.sqlite, 'INSERT INTO staff (id, name, pin_hash, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)').run(
    id,
    input.name,
    hashPin(input.pin),
    now,
    now,
  );
  setRoles(ctx, id, input.roles);
  bumpStaffVersion(ctx);
  audit(ctx, { action: 'staff.create', actorStaffId, entity: 'staff', entityId: id, details: { name: input.name, roles: input.roles } });
  const record = findStaff(ctx, id);
  if (!record) throw notFound('Staff member', id);
  return emitStaff(ctx, toRow(ctx, record));
}

/** The staff.upserted event: name, roles, active — never the PIN or its hash. */
function emitStaff(ctx: CoreContext, row: StaffRow): StaffRow {
  emitEvent(ctx, 'staff.upserted', row.id, { v: 1, id: row.id, name: row.name, roles: row.roles, active: row.active });
  return row;
}

export interface StaffChanges {
  id: string;
  name?: string;
  pin?: string;
  roles?: Role[];
  active?: boolean;
  unlock?: boolean;
}

function activeManagerCount(ctx: CoreContext): number {
  return (
    prepared(
      ctx.sqlite,
      "SELECT count(*) AS n FROM staff s JOIN staff_roles r ON r.staff_id = s.id AND r.role_id = 'manager' WHERE s.active = 1",
    ).get() as { n: number }
  ).n;
}

/** Change a staff member; refuses to leave the terminal without an active manager. Audited. */
export function updateStaff(ctx: CoreContext, changes: StaffChanges, actorStaffId: string | null): StaffRow {
  const record = findStaff(ctx, changes.id);
  if (!record) throw notFound('Staff member', changes.id);
  const now = ctx.now();
  if (changes.name !== undefined && changes.name !== record.name) {
    assertNameFree(ctx, changes.name, record.id);
    prepared(ctx.sqlite, 'UPDATE staff SET name = ?, updated_at = ? WHERE id = ?').run(changes.name, now, record.id);
  }
  if (changes.pin !== undefined) {
    prepared(ctx.sqlite, 'UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(
      hashPin(changes.pin),
      now,
      record.id,
    );
  }
  if (changes.roles !== undefined) setRoles(ctx, record.id, changes.roles);
  if (changes.active !== undefined)
    prepared(ctx.sqlite, 'UPDATE staff SET active = ?, updated_at = ? WHERE id = ?').run(changes.active ? 1 : 0, now, record.id);
  if (changes.unlock)
    prepared(ctx.sqlite, 'UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(now, record.id);
  bumpStaffVersion(ctx);
  if (activeManagerCount(ctx) === 0) {
    throw new AppError('CONFLICT', 'The terminal must keep at least one active manager.', { field: 'roles' });
  }
  audit(ctx, {
    action: 'staff.update',
    actorStaffId,
    entity: 'staff',
    entityId: record.id,
    details: {
      name: changes.name,
      roles: changes.roles,
      active: changes.active,
      unlock: changes.unlock,
      pinChanged: changes.pin !== undefined,
    },
  });
  const updated = findStaff(ctx, record.id);
  if (!updated) throw notFound('Staff member', record.id);
  return emitStaff(ctx, toRow(ctx, updated));
}

/**
 * Check a PIN and open the session. Wrong PINs are counted and audited even though the call
 * fails (returned as a CommittedFailure so the counter commits); from the 5th on the account waits.
 */
export function login(ctx: CoreContext, session: Session, staffId: string, pin: string): SessionStaff | CommittedFailure {
  const record = findStaff(ctx, staffId);
  if (record?.active !== 1) {
    throw new AppError('NOT_FOUND', 'That staff member is not known on this terminal.', { staffId });
  }
  const now = ctx.now();
  if (record.locked_until !== null && record.locked_until > now) {
    const retryAfterMs = record.locked_until - now;
    return new CommittedFailure(
      new AppError('RATE_LIMITED', `Too many wrong PINs. Try again in ${Math.ceil(retryAfterMs / 1000)} seconds or ask a manager.`, {
        retryAfterMs,
      }),
    );
  }
  if (!verifyPin(pin, record.pin_hash)) {
    const failed = record.failed_attempts + 1;
    const waitMs = lockoutMs(failed);
    prepared(ctx.sqlite, 'UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(
      failed,
      waitMs > 0 ? now + waitMs : null,
      record.id,
    );
    audit(ctx, { action: 'auth.failed', entity: 'staff', entityId: record.id, details: { failedAttempts: failed } });
    if (waitMs > 0) {
      audit(ctx, { action: 'auth.locked', entity: 'staff', entityId: record.id, details: { failedAttempts: failed, waitMs } });
      return new CommittedFailure(
        new AppError('RATE_LIMITED', `Too many wrong PINs. Try again in ${Math.ceil(waitMs / 1000)} seconds or ask a manager.`, {
          retryAfterMs: waitMs,
        }),
      );
    }
    const left = MAX_FREE_ATTEMPTS - failed;
    return new CommittedFailure(
      new AppError('UNAUTHENTICATED', `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before the account waits.`, {
        triesLeft: left,
      }),
    );
  }
  prepared(ctx.sqlite, 'UPDATE staff SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(now, record.id);
  audit(ctx, { action: 'auth.login', actorStaffId: record.id, entity: 'staff', entityId: record.id });
  session.staff = { id: record.id, name: record.name, roles: rolesOf(record) };
  delete session.stamp;
  return session.staff;
}

/** Find the active staff member whose PIN this is (CLI `--pin` without `--staff`; not rate limited). */
export function identifyByPin(ctx: CoreContext, pin: string): SessionStaff | null {
  const records = prepared<[], StaffRecord>(ctx.sqlite, `${STAFF_SELECT} WHERE s.active = 1`).all();
  for (const record of records) {
    if ((record.locked_until ?? 0) <= ctx.now() && verifyPin(pin, record.pin_hash)) {
      return { id: record.id, name: record.name, roles: rolesOf(record) };
    }
  }
  return null;
}

// bumped by every staff change in this process; PRAGMA data_version covers commits by other connections
const staffVersions = new WeakMap<object, number>();

function bumpStaffVersion(ctx: CoreContext): void {
  staffVersions.set(ctx.sqlite, (staffVersions.get(ctx.sqlite) ?? 0) + 1);
}

/**
 * Refresh a session's roles only when staff may have changed since it was last read: no query on
 * the hot path when nothing changed; a change made in this process applies at once, one made by
 * another connection within 200 ms.
 */
export function refreshSessionIfStale(ctx: CoreContext, session: Session): void {
  if (!session.staff) return;
  const stamp = `${staffVersions.get(ctx.sqlite) ?? 0}:${dataVersion(ctx.sqlite)}`;
  if (session.stamp === stamp) return;
  refreshSession(ctx, session);
  session.stamp = stamp;
}

/** Refresh a session's roles from the database (a manager may have changed them meanwhile). */
export function refreshSession(ctx: CoreContext, session: Session): void {
  if (!session.staff) return;
  const record = findStaff(ctx, session.staff.id);
  session.staff = record && record.active === 1 ? { id: record.id, name: record.name, roles: rolesOf(record) } : null;
}
