import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { changeSeqColumn } from './catalog';
import { sqlList } from './checks';

export const MEMBER_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export const LEDGER_KINDS = ['earn', 'redeem', 'transfer_out', 'transfer_in', 'refund_reversal', 'adjust', 'expire'] as const;

/**
 * One record per member for the whole chain (`member.upserted`, `member.erased`), pulled by every
 * terminal (change_seq: see catalog.ts). `points_balance` is the central balance, the sum of the
 * member's `points_ledger` rows, kept by the push in the same transaction as each row: a terminal
 * shows it plus its own rows not yet sent (it marks rows sent before it pulls, so none counts
 * twice). Card, email and phone are indexed but not unique here, unlike on the terminal: two
 * stores may enrol the same person while offline, and both records — with their ledgers — must be
 * kept; the second raises a `member_duplicate` conflict, and the pull holds it back until a person
 * has merged them.
 */
export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    cardNumber: text('card_number'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    tier: text('tier', { enum: MEMBER_TIERS }).notNull().default('bronze'),
    tierSince: bigint('tier_since', { mode: 'number' }).notNull(),
    active: boolean('active').notNull().default(true),
    pointsBalance: bigint('points_balance', { mode: 'number' }).notNull().default(0),
    joinedAt: bigint('joined_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    erasedAt: bigint('erased_at', { mode: 'number' }),
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    index('members_card_idx').on(t.cardNumber).where(sql`${t.cardNumber} IS NOT NULL`),
    index('members_email_idx').on(t.email).where(sql`${t.email} IS NOT NULL`),
    index('members_phone_idx').on(t.phone).where(sql`${t.phone} IS NOT NULL`),
    uniqueIndex('members_change_seq_uq').on(t.changeSeq),
    check('members_tier_ck', sql`${t.tier} IN ${sqlList(MEMBER_TIERS)}`),
  ],
);

/**
 * The points ledger of the chain: every `points.moved` of every terminal, append-only. `points` is
 * signed; `balance_after` is the balance the terminal saw when it wrote the row (its local view),
 * not the central one. A redeem that takes the central balance below zero (the same points spent
 * at two stores while both were offline) is kept — it happened — and recorded as a
 * `points_overspent` conflict for a manager, never silently dropped or doubled.
 */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    points: bigint('points', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    saleId: text('sale_id'),
    transferId: text('transfer_id'),
    reason: text('reason'),
    staffId: text('staff_id'),
    approvedBy: text('approved_by'),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('points_ledger_member_idx').on(t.memberId, t.at),
    index('points_ledger_sale_idx').on(t.saleId).where(sql`${t.saleId} IS NOT NULL`),
    index('points_ledger_transfer_idx').on(t.transferId).where(sql`${t.transferId} IS NOT NULL`),
    check('points_ledger_points_ck', sql`${t.points} <> 0`),
    check('points_ledger_kind_ck', sql`${t.kind} IN ${sqlList(LEDGER_KINDS)}`),
  ],
);
