import { relations, sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sales } from './sales';
import { staff } from './staff';

export const MEMBER_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export const LEDGER_KINDS = ['earn', 'redeem', 'transfer_out', 'transfer_in', 'refund_reversal', 'adjust', 'expire'] as const;

/**
 * A loyalty member. The balance is a cache of the member's ledger, written in the same
 * transaction as every ledger row (`ringup verify` checks it equals the sum). Erasing a member
 * (on request) removes the personal data — name, email, phone, card — and keeps the row, its
 * ledger and its sales, anonymous, so the books still add up.
 */
export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    /** EAN-13 in the store's member range, with its check digit; null once erased */
    cardNumber: text('card_number'),
    name: text('name').notNull(),
    /** searchKey(name): the name-prefix search reads a B-tree range on it */
    nameKey: text('name_key').notNull(),
    /** lower-cased, trimmed */
    email: text('email'),
    /** digits with a leading + and country code when given (normalisePhone) */
    phone: text('phone'),
    tier: text('tier', { enum: MEMBER_TIERS }).notNull().default('bronze'),
    /** when the current tier was reached: a downgrade waits for the end of its 12-month period */
    tierSince: integer('tier_since').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    pointsBalance: integer('points_balance').notNull().default(0),
    /**
     * the part of the balance this terminal's ledger does not hold: the points the member earned
     * and spent at other terminals, as of the last pull from central (central's balance minus this
     * terminal's rows central had then). The balance is the sum of the ledger plus this.
     */
    remotePoints: integer('remote_points').notNull().default(0),
    joinedAt: integer('joined_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    erasedAt: integer('erased_at'),
  },
  (t) => [
    uniqueIndex('members_card_uq').on(t.cardNumber),
    uniqueIndex('members_email_uq').on(t.email),
    uniqueIndex('members_phone_uq').on(t.phone),
    index('members_name_key_idx').on(t.nameKey, t.id),
    check('members_tier_ck', sql`${t.tier} IN ('bronze', 'silver', 'gold', 'platinum')`),
  ],
);

/**
 * The points ledger: append-only (triggers forbid UPDATE and DELETE), one row per movement, each
 * linked to what caused it. `points` is signed (+ earned, transferred in, adjusted up; − redeemed,
 * transferred out, reversed, expired); `balanceAfter` is the member's balance once it was written.
 */
export const pointsLedger = sqliteTable(
  'points_ledger',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    points: integer('points').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    /** the sale that earned or redeemed, or the refund that reversed */
    saleId: text('sale_id').references(() => sales.id),
    /** both rows of one transfer share it */
    transferId: text('transfer_id'),
    reason: text('reason'),
    staffId: text('staff_id').references(() => staff.id),
    approvedBy: text('approved_by').references(() => staff.id),
    terminalId: text('terminal_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('points_ledger_id_uq').on(t.id),
    index('points_ledger_member_idx').on(t.memberId, t.seq),
    index('points_ledger_sale_idx').on(t.saleId),
    // partial where most rows have none: an earn adds no entry (and dirties no page) in them
    index('points_ledger_transfer_idx').on(t.transferId).where(sql`${t.transferId} IS NOT NULL`),
    // (no index on staff_id: nothing looks rows up by staff, and staff rows are never deleted — every earn wrote a page of it)
    index('points_ledger_approved_by_idx').on(t.approvedBy).where(sql`${t.approvedBy} IS NOT NULL`),
    // today's redemptions of a member on this terminal (the offline daily cap), read at every member scan
    index('points_ledger_redeem_idx').on(t.memberId, t.terminalId, t.at).where(sql`${t.kind} = 'redeem'`),
    check('points_ledger_points_ck', sql`${t.points} <> 0`),
  ],
);

export const membersRelations = relations(members, ({ many }) => ({
  ledger: many(pointsLedger),
}));

export const pointsLedgerRelations = relations(pointsLedger, ({ one }) => ({
  member: one(members, { fields: [pointsLedger.memberId], references: [members.id] }),
  sale: one(sales, { fields: [pointsLedger.saleId], references: [sales.id] }),
}));
