import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { approvalCovers } from '../../../../src/shared/approvals';
import { APPROVAL_TERMS, type approvalActionSchema, type approvalTermsSchema } from '../../../../src/shared/contract';
import { formatMoney } from '../../../../src/shared/money';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit } from '../../audit';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { approvals, counters, staff, staffRoles } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError, CommittedFailure } from '../../errors';
import type { Session } from '../../session';
import { lockoutMs, MAX_FREE_ATTEMPTS, verifyPin } from '../auth/pin';
import { readSettings } from '../setup/settings';
import { canonicalJson } from './journal';

export type ApprovalAction = z.infer<typeof approvalActionSchema>;
export type ApprovalTerms = z.infer<typeof approvalTermsSchema>;
const APPROVAL_TTL_MS = 5 * 60_000;

/** One approval an operation needs: the action, its document, and exactly what it would allow. */
export interface ApprovalNeed {
  action: ApprovalAction;
  targetId?: string;
  terms: ApprovalTerms;
  /** what the cashier is told, e.g. "A discount above your limit" */
  what: string;
}

// wrong approval PINs are counted per terminal (no staff member is named), kept in the counters table
const FAILED_KEY = 'approval:failed';
const LOCKED_KEY = 'approval:lockedUntil';

const reads = perConnection((db) => ({
  counter: db
    .select({ value: counters.value })
    .from(counters)
    .where(eq(counters.name, sql.placeholder('name')))
    .prepare(),
  managers: db
    .select({ id: staff.id, name: staff.name, pinHash: staff.pinHash })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.roleId, 'manager')))
    .where(eq(staff.active, true))
    .prepare(),
  approval: db
    .select({
      id: approvals.id,
      action: approvals.action,
      managerId: approvals.managerId,
      requestedBy: approvals.requestedBy,
      expiresAt: approvals.expiresAt,
      usedAt: approvals.usedAt,
      targetId: approvals.targetId,
      terms: approvals.terms,
    })
    .from(approvals)
    .where(eq(approvals.id, sql.placeholder('id')))
    .prepare(),
}));

const writes = perConnection((db: Db) => ({
  setCounter: db
    .insert(counters)
    .values({ name: sql.placeholder('name'), value: sql.placeholder('value') })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`excluded.value` } })
    .prepare(),
  grant: db
    .insert(approvals)
    .values({
      id: sql.placeholder('id'),
      action: sql.placeholder('action'),
      managerId: sql.placeholder('managerId'),
      requestedBy: sql.placeholder('requestedBy'),
      createdAt: sql.placeholder('createdAt'),
      expiresAt: sql.placeholder('expiresAt'),
      targetId: sql.placeholder('targetId'),
      terms: sql.placeholder('terms'),
    })
    .prepare(),
  use: db
    .update(approvals)
    .set({ usedAt: sql`${sql.placeholder('at')}` })
    .where(eq(approvals.id, sql.placeholder('id')))
    .prepare(),
}));

function readCounter(ctx: CoreContext, name: string): number {
  return reads(ctx.db).counter.get({ name })?.value ?? 0;
}

function writeCounter(ctx: CoreContext, name: string, value: number): void {
  writes(ctx.db).setCounter.run({ name, value });
}

/** The terms an action states, and nothing else (an approval says exactly what it allows). */
// (that each action states its document and terms is the contract's rule: auth.approve's input checks it)
function termsOf(action: ApprovalAction, terms: ApprovalTerms): ApprovalTerms {
  return Object.fromEntries(APPROVAL_TERMS[action].terms.map((key) => [key, terms[key]])) as ApprovalTerms;
}

/**
 * A manager types their PIN at the till: returns a one-time approval of one action, for the
 * cashier logged in, for one document and within its terms — or counts a failure.
 */
export function approve(
  ctx: CoreContext,
  session: Session,
  input: { pin: string; action: ApprovalAction; targetId?: string | undefined; terms: ApprovalTerms },
) {
  const { pin, action } = input;
  const terms = termsOf(action, input.terms);
  const targetId = APPROVAL_TERMS[action].target ? (input.targetId ?? null) : null;
  const now = ctx.now();
  const lockedUntil = readCounter(ctx, LOCKED_KEY);
  if (lockedUntil > now) {
    return new CommittedFailure(
      new AppError('RATE_LIMITED', `Too many wrong manager PINs. Try again in ${Math.ceil((lockedUntil - now) / 1000)} seconds.`, {
        retryAfterMs: lockedUntil - now,
      }),
    );
  }
  const managers = reads(ctx.db).managers.all();
  const manager = managers.find((m) => verifyPin(pin, m.pinHash));
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
  writes(ctx.db).grant.run({
    id,
    action,
    managerId: manager.id,
    requestedBy: session.staff?.id ?? null,
    createdAt: now,
    expiresAt,
    targetId,
    terms: canonicalJson(terms),
  });
  audit(ctx, {
    action: 'approval.granted',
    actorStaffId: session.staff?.id ?? null,
    approverStaffId: manager.id,
    entity: 'approval',
    entityId: id,
    details: { action, targetId, terms },
  });
  return { approvalId: id, managerId: manager.id, managerName: manager.name, action, targetId, terms, expiresAt };
}

/** An approval as stored, its terms read (an action of the contract's: only those are ever granted). */
type StoredApproval = Omit<typeof approvals.$inferSelect, 'createdAt' | 'action' | 'terms'> & {
  action: ApprovalAction;
  terms: ApprovalTerms;
};

function loadApproval(ctx: CoreContext, id: string): StoredApproval | null {
  const row = reads(ctx.db).approval.get({ id });
  if (!row) return null;
  return {
    ...row,
    action: row.action as ApprovalAction,
    // approvals given before terms were kept allow nothing
    terms: row.terms ? (JSON.parse(row.terms) as ApprovalTerms) : { maxAmountMinor: -1, maxDiscountBp: -1 },
  };
}

/** Why a given approval does not do for a need, in words the cashier can act on. */
function whyNot(ctx: CoreContext, given: StoredApproval, need: ApprovalNeed): string {
  const what = need.what.charAt(0).toLowerCase() + need.what.slice(1);
  if (given.action !== need.action) return `That approval does not cover ${what}.`;
  if (APPROVAL_TERMS[need.action].target && given.targetId !== need.targetId) return 'That approval was given for another sale.';
  const currency = readSettings(ctx).currency;
  const t = given.terms;
  switch (need.action) {
    case 'discount':
      return `That approval allows a discount of up to ${(t.maxDiscountBp ?? 0) / 100} %; this sale gives ${(need.terms.maxDiscountBp ?? 0) / 100} %. Ask the manager again.`;
    case 'priceOverride':
      return t.productId !== need.terms.productId
        ? 'That approval was given for the price of another line.'
        : `That approval allows a price of ${formatMoney(t.priceMinor ?? 0, currency)}, not ${formatMoney(need.terms.priceMinor ?? 0, currency)}. Ask the manager again.`;
    case 'voidLine':
      if (t.productId !== need.terms.productId) return 'That approval was given for removing another line.';
      return `That approval allows up to ${formatMoney(t.maxAmountMinor ?? 0, currency)}; this comes to ${formatMoney(need.terms.maxAmountMinor ?? 0, currency)}. Ask the manager again.`;
    default:
      return `That approval allows up to ${formatMoney(Math.max(t.maxAmountMinor ?? 0, 0), currency)}; this comes to ${formatMoney(need.terms.maxAmountMinor ?? 0, currency)}. Ask the manager again.`;
  }
}

/** Why a given approval cannot be used by this session now, or null when it can. */
function unusable(ctx: CoreContext, session: Session, approval: StoredApproval | null): string | null {
  if (!approval) return 'That approval does not exist. Ask the manager again.';
  if (approval.requestedBy !== (session.staff?.id ?? null)) return 'That approval was given to another cashier. Ask the manager again.';
  if (approval.usedAt !== null) return 'That approval was already used. Ask the manager again.';
  if (approval.expiresAt < ctx.now()) return 'That approval has expired. Ask the manager again.';
  return null;
}

/**
 * What lets this session do what `needs` lists: the session's own manager role, or for each need a
 * distinct one-time approval given to this cashier, for this document, unexpired, whose terms cover
 * it (all consumed here, in the caller's transaction). Approvals that cannot be used (expired, used,
 * another cashier's) are passed over, so a fresh one sent beside a stale one still works. Returns
 * the approving manager's id (the first need's), or null when nothing was needed. FORBIDDEN names
 * what is still missing (details.needsApproval, each with the sentence the manager is shown).
 */
export function requireApprovals(ctx: CoreContext, session: Session, needs: ApprovalNeed[], approvalIds: readonly string[]): string | null {
  if (needs.length === 0) return null;
  if (session.staff?.roles.includes('manager')) return session.staff.id;
  if (session.operator && !session.staff) return null;
  const usable: StoredApproval[] = [];
  const refusals: { approval: StoredApproval | null; reason: string }[] = [];
  for (const id of new Set(approvalIds)) {
    const approval = loadApproval(ctx, id);
    const reason = unusable(ctx, session, approval);
    if (reason) refusals.push({ approval, reason });
    else if (approval) usable.push(approval);
  }
  const used = new Set<string>();
  let approver: string | null = null;
  needs.forEach((need, i) => {
    const match = usable.find((g) => !used.has(g.id) && approvalCovers(g, need));
    if (match) {
      used.add(match.id);
      approver ??= match.managerId;
      return;
    }
    const left = needs.slice(i).filter((other) => other === need || !usable.some((g) => !used.has(g.id) && approvalCovers(g, other)));
    // the most telling reason: an approval of this very action that cannot be used, or one whose terms fall short
    const stale = refusals.find((r) => r.approval?.action === need.action) ?? (usable.length === 0 ? refusals[0] : undefined);
    const near = usable.find((g) => !used.has(g.id) && g.action === need.action) ?? usable.find((g) => !used.has(g.id));
    const message = stale ? stale.reason : near ? whyNot(ctx, near, need) : `${need.what} needs a manager's approval.`;
    throw new AppError('FORBIDDEN', message, {
      needsApproval: left.map(({ action, targetId, terms, what }) => ({ action, ...(targetId ? { targetId } : {}), terms, what })),
    });
  });
  const now = ctx.now();
  for (const id of used) writes(ctx.db).use.run({ id, at: now });
  return approver;
}

/** The same for one need (a paid-out, a void, a refund without a receipt). */
export function requireApproval(ctx: CoreContext, session: Session, need: ApprovalNeed, approvalId: string | undefined): string | null {
  return requireApprovals(ctx, session, [need], approvalId ? [approvalId] : []);
}

/**
 * The needs that `approvalIds` do not cover yet for this session (none for a manager or the
 * operator) — what the till shows as still to approve; nothing is consumed.
 */
export function pendingApprovals(
  ctx: CoreContext,
  session: Session,
  needs: ApprovalNeed[],
  approvalIds: readonly string[],
): ApprovalNeed[] {
  if (needs.length === 0 || session.staff?.roles.includes('manager') || (session.operator && !session.staff)) return [];
  const usable = [...new Set(approvalIds)].flatMap((id) => {
    const approval = loadApproval(ctx, id);
    return approval && unusable(ctx, session, approval) === null ? [approval] : [];
  });
  const used = new Set<string>();
  return needs.filter((need) => {
    const match = usable.find((g) => !used.has(g.id) && approvalCovers(g, need));
    if (match) used.add(match.id);
    return !match;
  });
}
