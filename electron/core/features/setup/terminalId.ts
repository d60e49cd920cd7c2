import { randomBytes } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { CoreContext, ReadContext } from '../../context';
import { shifts, staff } from '../../db/schema';
import { AppError } from '../../errors';
import { readSettings, writeSettings } from './settings';

/** A new terminal id, `T-` + 6 random upper-case hex digits (e.g. `T-3FA9C2`): what first-run setup picks when none is given. */
export function newTerminalId(): string {
  return `T-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** The terminal id, first giving the terminal a new one (audited settings write) when it has none; call inside a write transaction. */
export function ensureTerminalId(ctx: CoreContext, actorStaffId: string | null = null): string {
  const current = readSettings(ctx).terminalId.trim();
  if (current) return current;
  return writeSettings(ctx, { terminalId: newTerminalId() }, actorStaffId).terminalId;
}

/** The terminal id; throws VALIDATION when the terminal has none, so nothing is sold or shifted under an empty id. */
export function requireTerminalId(ctx: ReadContext): string {
  const terminalId = readSettings(ctx).terminalId.trim();
  if (!terminalId) {
    throw new AppError(
      'VALIDATION',
      'This terminal has no terminal id yet: finish the first-run setup (or run ringup migrate) before selling.',
    );
  }
  return terminalId;
}

/**
 * For a database that has active staff but no terminal id (staff made without the first-run
 * setup, or a seed of an older version): give it one. Returns the new id, or null when none was needed.
 */
export function repairTerminalId(ctx: CoreContext): string | null {
  if (readSettings(ctx).terminalId.trim()) return null;
  const staffed = ctx.db.select({ n: count() }).from(staff).where(eq(staff.active, true)).get()?.n ?? 0;
  if (staffed === 0) return null;
  const terminalId = ensureTerminalId(ctx);
  // a shift opened under the blank id is this terminal's open shift: it carries on under the new
  // id (closed shifts and sold documents keep what they were recorded with)
  ctx.db
    .update(shifts)
    .set({ terminalId })
    .where(and(eq(shifts.terminalId, ''), isNull(shifts.closedAt)))
    .run();
  return terminalId;
}
