// A cashier's till opens the Manager area with a manager's PIN: the session becomes the manager's
// (the core checks that role on every manager channel) until it goes back to the till, when it is
// the cashier's again — the cashier's sale in progress, kept per staff member, waits untouched.
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import { counters, staffRoles, staff as staffTable } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError, CommittedFailure } from '../../errors';
import type { Session, SessionStaff } from '../../session';
import { lockoutMs, MAX_FREE_ATTEMPTS, verifyPin } from './pin';
import { refreshSession } from './staff';

// wrong PINs at the Manager area's door are counted per terminal (no staff member is named)
const FAILED_KEY = 'elevate:failed';
const LOCKED_KEY = 'elevate:lockedUntil';

/** Who the session belonged to before a manager's PIN opened the Manager area on it. */
const elevations = new WeakMap<Session, SessionStaff>();

const reads = perConnection((db) => ({
  counter: db
    .select({ value: counters.value })
    .from(counters)
    .where(eq(counters.name, sql.placeholder('name')))
    .prepare(),
  managers: db
    .select({ id: staffTable.id, name: staffTable.name, pinHash: staffTable.pinHash })
    .from(staffTable)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staffTable.id), eq(staffRoles.roleId, 'manager')))
    .where(eq(staffTable.active, true))
    .prepare(),
}));

function readCounter(ctx: CoreContext, name: string): number {
  return reads(ctx.db).counter.get({ name })?.value ?? 0;
}

function writeCounter(ctx: CoreContext, name: string, value: number): void {
  ctx.db.insert(counters).values({ name, value }).onConflictDoUpdate({ target: counters.name, set: { value } }).run();
}

/** The staff member this session was before it was elevated, or null when it is not. */
export function elevatedFrom(session: Session): SessionStaff | null {
  return (session.staff && elevations.get(session)) ?? null;
}

/** Forget an elevation (logout, another login): the session is whoever logs in next. */
export function forgetElevation(session: Session): void {
  elevations.delete(session);
}

/**
 * A manager types their PIN on a cashier's session: the session is the manager's until
 * endElevation. Wrong PINs are counted (returned as a CommittedFailure so the counter commits).
 */
export function elevate(ctx: CoreContext, session: Session, pin: string): SessionStaff | CommittedFailure {
  const cashier = session.staff;
  if (!cashier) throw new AppError('UNAUTHENTICATED', 'Log in as a staff member to do this.');
  if (elevations.has(session)) throw new AppError('CONFLICT', 'A manager already has the Manager area open on this till.');
  const now = ctx.now();
  const lockedUntil = readCounter(ctx, LOCKED_KEY);
  if (lockedUntil > now) {
    return new CommittedFailure(
      new AppError('RATE_LIMITED', `Too many wrong manager PINs. Try again in ${Math.ceil((lockedUntil - now) / 1000)} seconds.`, {
        retryAfterMs: lockedUntil - now,
      }),
    );
  }
  const manager = reads(ctx.db)
    .managers.all()
    .find((m) => verifyPin(pin, m.pinHash));
  if (!manager) {
    const failed = readCounter(ctx, FAILED_KEY) + 1;
    writeCounter(ctx, FAILED_KEY, failed);
    const waitMs = lockoutMs(failed);
    if (waitMs > 0) writeCounter(ctx, LOCKED_KEY, now + waitMs);
    audit(ctx, { action: 'auth.elevate_failed', actorStaffId: cashier.id, details: { failedAttempts: failed } });
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
  audit(ctx, { action: 'auth.elevate', actorStaffId: cashier.id, approverStaffId: manager.id, entity: 'staff', entityId: manager.id });
  session.staff = { id: manager.id, name: manager.name, roles: [] };
  delete session.stamp;
  // the roles as stored (a manager may be a cashier too)
  refreshSession(ctx, session);
  if (!session.staff) throw new AppError('NOT_FOUND', 'That manager is not known on this terminal.');
  // a manager's own session needs no elevation: it stays theirs
  if (cashier.id !== manager.id) elevations.set(session, cashier);
  return session.staff;
}

/** Back to the till: the session is the cashier's again (if they are still active); audited. */
export function endElevation(ctx: CoreContext, session: Session): { staff: SessionStaff | null; ended: boolean } {
  const cashier = elevatedFrom(session);
  if (!cashier) return { staff: session.staff, ended: false };
  const manager = session.staff;
  elevations.delete(session);
  session.staff = cashier;
  delete session.stamp;
  refreshSession(ctx, session);
  audit(ctx, { action: 'auth.elevate_end', actorStaffId: manager?.id ?? null, entity: 'staff', entityId: cashier.id });
  return { staff: session.staff, ended: true };
}
