import { and, asc, eq, gt, gte, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { memberSchema } from '../../../../src/shared/contract';
import { CARDS_PER_BLOCK, checkMemberCard, memberCardNumber, normaliseEmail, normalisePhone } from '../../../../src/shared/loyalty';
import { prefixUpperBound, searchKey } from '../../../../src/shared/text';
import { uuidv7 } from '../../../../src/shared/uuid';
import { audit, emitEvent } from '../../audit';
import type { CoreContext, ReadContext } from '../../context';
import type { Db } from '../../db/open';
import { members } from '../../db/schema';
import { perConnection, rowDecoder, sqlOnly } from '../../db/statements';
import { AppError, notFound } from '../../errors';
import type { Session } from '../../session';
import { nextNumber } from '../sales/counters';
import { readSettings } from '../setup/settings';

export type Member = z.infer<typeof memberSchema>;
type MemberRow = typeof members.$inferSelect;

const memberFields = {
  id: members.id,
  cardNumber: members.cardNumber,
  name: members.name,
  email: members.email,
  phone: members.phone,
  tier: members.tier,
  tierSince: members.tierSince,
  active: members.active,
  pointsBalance: members.pointsBalance,
  joinedAt: members.joinedAt,
  updatedAt: members.updatedAt,
  erasedAt: members.erasedAt,
};

const placeholder = sql.placeholder;

/** The member lookups, built on a connection to prepare or on sqlOnly to render (query-plan tests). */
function memberQueries(db: Pick<ReadContext['db'], 'select'>) {
  const one = () => db.select(memberFields).from(members);
  return {
    byId: one().where(eq(members.id, placeholder('id'))),
    byCard: one().where(eq(members.cardNumber, placeholder('card'))),
    byEmail: one().where(eq(members.email, placeholder('email'))),
    byPhone: one().where(eq(members.phone, placeholder('phone'))),
    // the name tier: a B-tree range on name_key, in (name_key, id) order, after the cursor
    byName: db
      .select({ ...memberFields, nameKey: members.nameKey })
      .from(members)
      .where(
        and(
          gte(members.nameKey, placeholder('key')),
          lt(members.nameKey, placeholder('upper')),
          or(
            gt(members.nameKey, placeholder('afterKey')),
            and(eq(members.nameKey, placeholder('afterKey')), gt(members.id, placeholder('afterId'))),
          ),
          sql`${members.erasedAt} IS NULL`,
        ),
      )
      .orderBy(asc(members.nameKey), asc(members.id))
      .limit(placeholder('limit')),
  };
}

// the exact lookups read array rows, decoded by rowDecoder (drizzle's row mapper cost ~1 µs of a
// ~9 µs card lookup at a million members): a member scanned at the till is one of them
const decodeMember = rowDecoder<Member>(memberFields);

/** A prepared exact lookup of one member, answered as drizzle's `.get()` would. */
function oneMember<P extends Record<string, unknown>>(query: { prepare(): { values(params: P): unknown[][] } }) {
  const prepared = query.prepare();
  return {
    get(params: P): Member | undefined {
      const values = prepared.values(params)[0];
      return values ? decodeMember(values) : undefined;
    },
  };
}

const reads = perConnection((db) => {
  const q = memberQueries(db);
  return {
    byId: oneMember<{ id: string }>(q.byId),
    byCard: oneMember<{ card: string }>(q.byCard),
    byEmail: oneMember<{ email: string }>(q.byEmail),
    byPhone: oneMember<{ phone: string }>(q.byPhone),
    byName: q.byName.prepare(),
  };
});

/** The SQL of each member lookup as the core prepares it (for the query-plan tests and the benchmark's raw baseline). */
export const MEMBER_SQL = Object.fromEntries(
  Object.entries(memberQueries(sqlOnly)).map(([name, query]) => [name, query.toSQL().sql]),
) as Record<keyof ReturnType<typeof memberQueries>, string>;

const writes = perConnection((db: Db) => ({
  setBalance: db
    .update(members)
    .set({ pointsBalance: sql`${placeholder('balance')}`, updatedAt: sql`${placeholder('at')}` })
    .where(eq(members.id, placeholder('id')))
    .prepare(),
}));

/** The member, or undefined. */
export function memberById(ctx: ReadContext, id: string): Member | undefined {
  return reads(ctx.db).byId.get({ id });
}

/** The member, or NOT_FOUND in words. */
export function requireMember(ctx: ReadContext, id: string): Member {
  const member = memberById(ctx, id);
  if (!member) throw notFound('Member', id);
  return member;
}

/** Set a member's cached balance (inside the ledger's transaction). */
export function writeBalance(ctx: CoreContext, id: string, balance: number): void {
  writes(ctx.db).setBalance.run({ id, balance, at: ctx.now() });
}

/** The member.upserted event of a member as stored now (every change of the record sends one). */
export function emitMember(ctx: CoreContext, member: Member): void {
  emitEvent(ctx, 'member.upserted', member.id, {
    v: 1,
    id: member.id,
    cardNumber: member.cardNumber,
    name: member.name,
    email: member.email,
    phone: member.phone,
    tier: member.tier,
    tierSince: member.tierSince,
    active: member.active,
    joinedAt: member.joinedAt,
    updatedAt: member.updatedAt,
    erasedAt: member.erasedAt,
  });
}

/** Who holds a card, an email or a phone already: the CONFLICT names them (as a cashier would say it). */
function holderConflict(what: string, holder: Member, field: 'email' | 'phone' | 'cardNumber'): AppError {
  return new AppError('CONFLICT', `${what} belongs to ${holder.name} (card ${holder.cardNumber ?? 'none'}) already.`, {
    memberId: holder.id,
    field,
  });
}

interface Contact {
  email: string | null;
  phone: string | null;
}

/** The email and phone as stored (empty text = none), refused in words when they are not valid or taken by another member. */
function contactOf(
  ctx: ReadContext,
  input: { email?: string | null | undefined; phone?: string | null | undefined },
  self: string | null,
  base: Contact,
): Contact {
  const q = reads(ctx.db);
  const out = { ...base };
  if (input.email !== undefined) {
    if (input.email === null || input.email.trim() === '') out.email = null;
    else {
      const email = normaliseEmail(input.email);
      if (!email.ok) throw new AppError('VALIDATION', email.message, { field: 'email' });
      const holder = q.byEmail.get({ email: email.value });
      if (holder && holder.id !== self) throw holderConflict(`The email ${email.value}`, holder, 'email');
      out.email = email.value;
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null || input.phone.trim() === '') out.phone = null;
    else {
      const phone = normalisePhone(input.phone);
      if (!phone.ok) throw new AppError('VALIDATION', phone.message, { field: 'phone' });
      const holder = q.byPhone.get({ phone: phone.value });
      if (holder && holder.id !== self) throw holderConflict(`The phone number ${phone.value}`, holder, 'phone');
      out.phone = phone.value;
    }
  }
  if (out.email === null && out.phone === null)
    throw new AppError('VALIDATION', 'Give an email address or a phone number, so the member can be found without the card.', {
      field: 'email',
    });
  return out;
}

/** The next free card number of this terminal's block (pre-printed cards may have taken some). */
function nextCardNumber(ctx: CoreContext): string {
  const { cardPrefix, cardBlock } = readSettings(ctx).loyalty;
  const q = reads(ctx.db);
  for (;;) {
    const n = nextNumber(ctx, `member_card:${cardPrefix}:${cardBlock}`);
    if (n >= CARDS_PER_BLOCK)
      throw new AppError(
        'CONFLICT',
        `This terminal has issued every card number of its block ${cardBlock}: give it another block in the settings.`,
      );
    const card = memberCardNumber(cardPrefix, cardBlock, n);
    if (!q.byCard.get({ card })) return card;
  }
}

function sameEnrolment(member: Member, name: string, contact: Contact, card: string | null): boolean {
  return (
    member.name === name &&
    member.email === contact.email &&
    member.phone === contact.phone &&
    (card === null || member.cardNumber === card)
  );
}

/** Enrol a customer (see loyalty.enroll). */
export function enrollMember(
  ctx: CoreContext,
  session: Session,
  input: { id?: string | undefined; name: string; email?: string | undefined; phone?: string | undefined; cardNumber?: string | undefined },
): Member {
  const { loyalty } = readSettings(ctx);
  const name = input.name.trim();
  let card: string | null = null;
  if (input.cardNumber) {
    const checked = checkMemberCard(input.cardNumber, loyalty.cardPrefix);
    if (!checked.ok) throw new AppError('VALIDATION', checked.message, { field: 'cardNumber' });
    card = checked.value;
  }
  if (input.id) {
    // a retried enrolment answers the member it made
    const made = memberById(ctx, input.id);
    if (made) {
      const contact = contactOf(ctx, input, made.id, { email: null, phone: null });
      if (sameEnrolment(made, name, contact, card)) return made;
      throw new AppError('CONFLICT', 'That enrolment id was used for another member: start the enrolment again.', { memberId: made.id });
    }
  }
  const contact = contactOf(ctx, input, null, { email: null, phone: null });
  if (card) {
    const holder = reads(ctx.db).byCard.get({ card });
    if (holder) throw holderConflict(`The card ${card}`, holder, 'cardNumber');
  }
  const now = ctx.now();
  const row: typeof members.$inferInsert = {
    id: input.id ?? uuidv7(now),
    cardNumber: card ?? nextCardNumber(ctx),
    name,
    nameKey: searchKey(name),
    email: contact.email,
    phone: contact.phone,
    tier: 'bronze',
    tierSince: now,
    active: true,
    pointsBalance: 0,
    joinedAt: now,
    updatedAt: now,
  };
  ctx.db.insert(members).values(row).run();
  const member = requireMember(ctx, row.id);
  audit(ctx, {
    action: 'member.enroll',
    actorStaffId: session.staff?.id ?? null,
    entity: 'member',
    entityId: member.id,
    details: { cardNumber: member.cardNumber },
  });
  emitMember(ctx, member);
  return member;
}

/** Correct a member's name, email or phone (see loyalty.update). */
export function updateMember(
  ctx: CoreContext,
  session: Session,
  input: { id: string; name?: string | undefined; email?: string | null | undefined; phone?: string | null | undefined },
): Member {
  const before = requireMember(ctx, input.id);
  if (before.erasedAt !== null) throw new AppError('CONFLICT', 'This member was erased: there is nothing left to change.');
  const contact = contactOf(ctx, input, before.id, { email: before.email, phone: before.phone });
  const name = input.name?.trim() ?? before.name;
  const now = ctx.now();
  ctx.db
    .update(members)
    .set({ name, nameKey: searchKey(name), email: contact.email, phone: contact.phone, updatedAt: now })
    .where(eq(members.id, before.id))
    .run();
  const after = requireMember(ctx, before.id);
  const changed = (['name', 'email', 'phone'] as const).filter((key) => before[key] !== after[key]);
  audit(ctx, {
    action: 'member.update',
    actorStaffId: session.staff?.id ?? null,
    entity: 'member',
    entityId: after.id,
    details: { changed },
  });
  emitMember(ctx, after);
  return after;
}

/** Stop (or restart) a member card (see loyalty.deactivate). */
export function setMemberActive(ctx: CoreContext, session: Session, input: { id: string; reason: string; active: boolean }): Member {
  const before = requireMember(ctx, input.id);
  if (before.erasedAt !== null) throw new AppError('CONFLICT', 'This member was erased: the card cannot be used again.');
  if (before.active === input.active) return before;
  ctx.db.update(members).set({ active: input.active, updatedAt: ctx.now() }).where(eq(members.id, before.id)).run();
  const after = requireMember(ctx, before.id);
  audit(ctx, {
    action: input.active ? 'member.reactivate' : 'member.deactivate',
    actorStaffId: session.staff?.id ?? null,
    entity: 'member',
    entityId: after.id,
    details: { reason: input.reason },
  });
  emitMember(ctx, after);
  return after;
}

/** Erase a member's personal data for good (see loyalty.erase); the ledger and sales stay, anonymous. */
export function eraseMember(ctx: CoreContext, session: Session, input: { id: string; reason: string }): Member {
  const before = requireMember(ctx, input.id);
  if (before.erasedAt !== null) return before;
  const now = ctx.now();
  ctx.db
    .update(members)
    .set({ cardNumber: null, name: 'Erased member', nameKey: '', email: null, phone: null, active: false, erasedAt: now, updatedAt: now })
    .where(eq(members.id, before.id))
    .run();
  const after = requireMember(ctx, before.id);
  // the audit row says that it happened and why, never what was erased
  audit(ctx, {
    action: 'member.erase',
    actorStaffId: session.staff?.id ?? null,
    entity: 'member',
    entityId: after.id,
    details: { reason: input.reason },
  });
  emitMember(ctx, after);
  emitEvent(ctx, 'member.erased', after.id, { v: 1, id: after.id, staffId: session.staff?.id ?? null, at: now });
  return after;
}

// --- finding members -----------------------------------------------------------------------------

interface NameCursor {
  k: string;
  i: string;
}

function decodeCursor(text: string): NameCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as NameCursor;
    if (typeof value.k !== 'string' || typeof value.i !== 'string') throw new Error('shape');
    return value;
  } catch {
    throw new AppError('VALIDATION', 'The search cursor is not valid; start the search again.', { field: 'cursor' });
  }
}

type MatchedBy = 'card' | 'email' | 'phone' | 'name';

/**
 * Find members (see loyalty.find): a 13-digit code is a card, text with @ an email, digits (with
 * spaces, +, dashes) a phone; anything else the start of a name. Exact lookups are one index read.
 */
/** A member a lookup found, as a list: none when erased, or stopped and not asked for. */
function shown(member: Member | undefined, includeInactive: boolean): Member[] {
  return member && member.erasedAt === null && (includeInactive || member.active) ? [member] : [];
}

export function findMembers(
  ctx: ReadContext,
  input: { query: string; limit: number; cursor?: string | undefined; includeInactive: boolean },
): { items: Member[]; nextCursor: string | null; matchedBy: MatchedBy } {
  const q = reads(ctx.db);
  const query = input.query.trim();
  const compact = query.replace(/[\s.\-()/]/g, '');
  if (/^\d{13}$/.test(compact) && compact.startsWith(readSettings(ctx).loyalty.cardPrefix))
    return { items: shown(q.byCard.get({ card: compact }), input.includeInactive), nextCursor: null, matchedBy: 'card' };
  if (query.includes('@')) {
    const email = normaliseEmail(query);
    return {
      items: email.ok ? shown(q.byEmail.get({ email: email.value }), input.includeInactive) : [],
      nextCursor: null,
      matchedBy: 'email',
    };
  }
  if (/^\+?[\d\s.\-()/]+$/.test(query) && compact.replace(/^\+/, '').length >= 6) {
    const phone = normalisePhone(query);
    return {
      items: phone.ok ? shown(q.byPhone.get({ phone: phone.value }), input.includeInactive) : [],
      nextCursor: null,
      matchedBy: 'phone',
    };
  }
  const key = searchKey(query);
  const after = input.cursor ? decodeCursor(input.cursor) : { k: '', i: '' };
  const items: Member[] = [];
  let last: { nameKey: string; id: string } | undefined;
  // inactive members are passed over without a query per row: read a little more each time
  for (let round = 0; round < 20 && items.length < input.limit; round++) {
    const want = input.limit - items.length + 1;
    const rows = q.byName.all({
      key,
      upper: prefixUpperBound(key),
      afterKey: last?.nameKey ?? after.k,
      afterId: last?.id ?? after.i,
      limit: want,
    });
    for (const row of rows) {
      if (items.length === input.limit) {
        return { items, nextCursor: encode({ k: last?.nameKey ?? '', i: last?.id ?? '' }), matchedBy: 'name' };
      }
      last = { nameKey: row.nameKey, id: row.id };
      const { nameKey: _key, ...member } = row;
      if (input.includeInactive || member.active) items.push(member);
    }
    if (rows.length < want) return { items, nextCursor: null, matchedBy: 'name' };
  }
  return { items, nextCursor: last ? encode({ k: last.nameKey, i: last.id }) : null, matchedBy: 'name' };
}

function encode(cursor: NameCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export type { MemberRow };
