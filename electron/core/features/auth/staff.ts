import { and, count, eq, exists, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Role, staffRowSchema } from '../../../../src/shared/contract';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, dataVersion, type ReadContext } from '../../context';
import { staffRoles, staff as staffTable } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError, CommittedFailure, notFound } from '../../errors';
import type { Session, SessionStaff } from '../../session';
import { hashPin, lockoutMs, MAX_FREE_ATTEMPTS, verifyPin } from './pin';

type StaffRow = z.infer<typeof staffRowSchema>;

// a staff member with the ids of their roles: one relational query (staff → staff_roles)
const withRoles = { staffRoles: { columns: { roleId: true } } } as const;

// (drizzle has no COLLATE: the name orders and the name match are SQL)
const reads = perConnection((db) => ({
  // findMany, not findFirst: findFirst binds LIMIT ?, which SQLite prepares again on every call
  // (17.8 µs against 7 µs a staff read); the id is the primary key, so there is one row at most
  byId: db.query.staff.findMany({ where: eq(staffTable.id, sql.placeholder('id')), with: withRoles }).prepare(),
  all: db.query.staff.findMany({ orderBy: sql`${staffTable.name} COLLATE NOCASE`, with: withRoles }).prepare(),
  active: db.query.staff.findMany({ where: eq(staffTable.active, true), with: withRoles }).prepare(),
  directory: db
    .select({ id: staffTable.id, name: staffTable.name })
    .from(staffTable)
    .where(eq(staffTable.active, true))
    .orderBy(sql`${staffTable.name} COLLATE NOCASE`)
    .prepare(),
  activeManagers: db
    .select({ n: count() })
    .from(staffTable)
    .where(
      and(
        eq(staffTable.active, true),
        exists(
          db
            .select({ one: sql`1` })
            .from(staffRoles)
            .where(and(eq(staffRoles.staffId, staffTable.id), eq(staffRoles.roleId, 'manager'))),
        ),
      ),
    )
    .prepare(),
}));

type StaffRecord = ReturnType<ReturnType<typeof reads>['byId']['all']>[number];

function rolesOf(record: StaffRecord): Role[] {
  return record.staffRoles
    .map((r) => r.roleId)
    .filter((r): r is Role => r === 'cashier' || r === 'manager')
    .sort();
}

function toRow(ctx: ReadContext, record: StaffRecord): StaffRow {
  return {
    id: record.id,
    name: record.name,
    roles: rolesOf(record),
    active: record.active,
    locked: (record.lockedUntil ?? 0) > ctx.now(),
    lastLoginAt: record.lastLoginAt,
    createdAt: record.createdAt,
  };
}

function findStaff(ctx: ReadContext, id: string): StaffRecord | undefined {
  return reads(ctx.db).byId.all({ id })[0];
}

/** How many active managers exist (0 means the terminal still needs its first manager). */
export function countStaff(ctx: ReadContext): number {
  return reads(ctx.db).activeManagers.get()?.n ?? 0;
}

/** Active staff names for the login screen. */
export function staffDirectory(ctx: ReadContext): { id: string; name: string }[] {
  return reads(ctx.db).directory.all();
}

/** All staff members with their roles. */
export function listStaff(ctx: ReadContext, includeInactive: boolean): StaffRow[] {
  return reads(ctx.db)
    .all.all()
    .filter((r) => includeInactive || r.active)
    .map((r) => toRow(ctx, r));
}

function assertNameFree(ctx: CoreContext, name: string, exceptId?: string): void {
  const holder = ctx.db
    .select({ id: staffTable.id })
    .from(staffTable)
    .where(eq(staffTable.name, sql`${name} COLLATE NOCASE`))
    .get();
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', `There is already a staff member called ${name}.`, { field: 'name', holderId: holder.id });
  }
}

function setRoles(ctx: CoreContext, staffId: string, roles: Role[]): void {
  ctx.db.delete(staffRoles).where(eq(staffRoles.staffId, staffId)).run();
  const rows = [...new Set(roles)].map((roleId) => ({ staffId, roleId }));
  if (rows.length > 0) ctx.db.insert(staffRoles).values(rows).run();
}

/** Create a staff member (PIN hashed with scrypt); audited. */
export function createStaff(ctx: CoreContext, input: { name: string; pin: string; roles: Role[] }, actorStaffId: string | null): StaffRow {
  assertNameFree(ctx, input.name);
  const now = ctx.now();
  const id = uuidv7(now);
  ctx.db
    .insert(staffTable)
    .values({ id, name: input.name, pinHash: hashPin(input.pin), active: true, createdAt: now, updatedAt: now })
    .run();
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

/** Change a staff member; refuses to leave the terminal without an active manager. Audited. */
export function updateStaff(ctx: CoreContext, changes: StaffChanges, actorStaffId: string | null): StaffRow {
  const record = findStaff(ctx, changes.id);
  if (!record) throw notFound('Staff member', changes.id);
  if (actorStaffId === record.id) {
    // a manager locking themselves out by mistake: another manager does it, on purpose
    if (changes.active === false)
      throw new AppError('FORBIDDEN', 'You cannot deactivate yourself. Another manager can do it.', { field: 'active' });
    if (changes.roles !== undefined && !changes.roles.includes('manager') && rolesOf(record).includes('manager'))
      throw new AppError('FORBIDDEN', 'You cannot take away your own manager role. Another manager can do it.', { field: 'roles' });
  }
  const now = ctx.now();
  const set: Partial<typeof staffTable.$inferInsert> = {};
  if (changes.name !== undefined && changes.name !== record.name) {
    assertNameFree(ctx, changes.name, record.id);
    set.name = changes.name;
  }
  // a new PIN, like an unlock, forgets the wrong PINs counted so far
  if (changes.pin !== undefined) set.pinHash = hashPin(changes.pin);
  if (changes.pin !== undefined || changes.unlock) Object.assign(set, { failedAttempts: 0, lockedUntil: null });
  if (changes.active !== undefined) set.active = changes.active;
  if (Object.keys(set).length > 0)
    ctx.db
      .update(staffTable)
      .set({ ...set, updatedAt: now })
      .where(eq(staffTable.id, record.id))
      .run();
  if (changes.roles !== undefined) setRoles(ctx, record.id, changes.roles);
  bumpStaffVersion(ctx);
  if (countStaff(ctx) === 0) {
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
  if (!record?.active) {
    throw new AppError('NOT_FOUND', 'That staff member is not known on this terminal.', { staffId });
  }
  const now = ctx.now();
  if (record.lockedUntil !== null && record.lockedUntil > now) {
    const retryAfterMs = record.lockedUntil - now;
    return new CommittedFailure(
      new AppError('RATE_LIMITED', `Too many wrong PINs. Try again in ${Math.ceil(retryAfterMs / 1000)} seconds or ask a manager.`, {
        retryAfterMs,
      }),
    );
  }
  if (!verifyPin(pin, record.pinHash)) {
    const failed = record.failedAttempts + 1;
    const waitMs = lockoutMs(failed);
    ctx.db
      .update(staffTable)
      .set({ failedAttempts: failed, lockedUntil: waitMs > 0 ? now + waitMs : null })
      .where(eq(staffTable.id, record.id))
      .run();
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
  ctx.db.update(staffTable).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now }).where(eq(staffTable.id, record.id)).run();
  audit(ctx, { action: 'auth.login', actorStaffId: record.id, entity: 'staff', entityId: record.id });
  session.staff = { id: record.id, name: record.name, roles: rolesOf(record) };
  delete session.stamp;
  return session.staff;
}

/** Find the active staff member whose PIN this is (CLI `--pin` without `--staff`; not rate limited). */
export function identifyByPin(ctx: ReadContext, pin: string): SessionStaff | null {
  for (const record of reads(ctx.db).active.all()) {
    if ((record.lockedUntil ?? 0) <= ctx.now() && verifyPin(pin, record.pinHash)) {
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
export function refreshSessionIfStale(ctx: ReadContext, session: Session): void {
  if (!session.staff) return;
  const stamp = `${staffVersions.get(ctx.sqlite) ?? 0}:${dataVersion(ctx.sqlite)}`;
  if (session.stamp === stamp) return;
  refreshSession(ctx, session);
  session.stamp = stamp;
}

/** Refresh a session's roles from the database (a manager may have changed them meanwhile). */
export function refreshSession(ctx: ReadContext, session: Session): void {
  if (!session.staff) return;
  const record = findStaff(ctx, session.staff.id);
  session.staff = record?.active ? { id: record.id, name: record.name, roles: rolesOf(record) } : null;
}
