import { z } from 'zod';
import { idSchema, nameSchema, uuidSchema } from './common';
import { channel } from './define';

export const memberTierSchema = z.enum(['bronze', 'silver', 'gold', 'platinum']);
export const ledgerKindSchema = z.enum(['earn', 'redeem', 'transfer_out', 'transfer_in', 'refund_reversal', 'adjust', 'expire']);

export const memberSchema = z.object({
  id: idSchema,
  /** null once erased */
  cardNumber: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  tier: memberTierSchema,
  tierSince: z.int(),
  active: z.boolean(),
  pointsBalance: z.int(),
  joinedAt: z.int(),
  updatedAt: z.int(),
  erasedAt: z.int().nullable(),
});

export const ledgerEntrySchema = z.object({
  seq: z.int(),
  id: idSchema,
  memberId: idSchema,
  kind: ledgerKindSchema,
  points: z.int(),
  balanceAfter: z.int(),
  saleId: idSchema.nullable(),
  transferId: idSchema.nullable(),
  reason: z.string().nullable(),
  staffId: idSchema.nullable(),
  approvedBy: idSchema.nullable(),
  terminalId: z.string(),
  at: z.int(),
});

/** A member's email or phone as typed; empty text is "none". */
const contactText = (max: number) => z.string().trim().max(max);
const points = z.int().min(1).max(1_000_000_000);
const reason = z.string().trim().min(2, 'Say why, in a few words').max(200);

export const loyaltyChannels = {
  'loyalty.enroll': channel({
    summary:
      'Enrol a customer: a name, and an email or a phone; a pre-printed card scanned in, or the next card number of this terminal. `id` makes a retry answer the same member.',
    input: z.strictObject({
      id: uuidSchema.optional(),
      name: nameSchema,
      email: contactText(254).optional(),
      phone: contactText(32).optional(),
      cardNumber: z.string().trim().max(20).optional(),
    }),
    output: memberSchema,
    writes: true,
    access: 'cashier',
  }),
  'loyalty.find': channel({
    summary:
      'Find members by card number (scanned or typed), email, phone, or the start of the name (keyset pagination, name order). Erased members are never found; inactive ones only when asked.',
    input: z.strictObject({
      query: z.string().trim().min(1).max(100),
      limit: z.int().min(1).max(50).default(20),
      cursor: z.string().max(500).optional(),
      includeInactive: z.boolean().default(false),
    }),
    output: z.object({
      items: z.array(memberSchema),
      nextCursor: z.string().nullable(),
      matchedBy: z.enum(['card', 'email', 'phone', 'name']),
    }),
    writes: false,
    access: 'cashier',
  }),
  'loyalty.get': channel({
    summary: 'One member, with the current balance and tier.',
    input: z.strictObject({ id: idSchema }),
    output: memberSchema,
    writes: false,
    access: 'cashier',
  }),
  'loyalty.update': channel({
    summary: "Correct a member's name, email or phone (null or empty removes it; one of them stays). Audited.",
    input: z.strictObject({
      id: idSchema,
      name: nameSchema.optional(),
      email: contactText(254).nullable().optional(),
      phone: contactText(32).nullable().optional(),
    }),
    output: memberSchema,
    writes: true,
    access: 'cashier',
  }),
  'loyalty.deactivate': channel({
    summary:
      'Stop a member card (lost, stolen, on request): it earns and redeems no more, its points stay. `active: true` restarts it. Managers only.',
    input: z.strictObject({ id: idSchema, reason, active: z.boolean().default(false) }),
    output: memberSchema,
    writes: true,
    access: 'manager',
  }),
  'loyalty.adjust': channel({
    summary:
      "Add or take off points by hand with a reason (a goodwill gesture, a correction): one ledger row, journalled and audited. `id` is the row's: a retry writes nothing more. Managers only.",
    input: z.strictObject({
      id: uuidSchema,
      memberId: idSchema,
      points: z
        .int()
        .min(-1_000_000_000)
        .max(1_000_000_000)
        .refine((n) => n !== 0, 'An adjustment adds or takes off at least one point'),
      reason,
    }),
    output: z.object({ member: memberSchema, entry: ledgerEntrySchema }),
    writes: true,
    access: 'manager',
  }),
  'loyalty.transfer': channel({
    summary:
      'Move points from one member to another (a family pooling points): both ledger rows in one transaction under one transfer id (`id`: a retry writes nothing more). Never to oneself, between inactive members or beyond the balance; above the store limit a manager approves (FORBIDDEN with details.needsApproval).',
    input: z.strictObject({
      id: uuidSchema,
      fromMemberId: idSchema,
      toMemberId: idSchema,
      points,
      reason: z.string().trim().max(200).optional(),
      approvalId: idSchema.optional(),
    }),
    output: z.object({ transferId: idSchema, from: memberSchema, to: memberSchema }),
    writes: true,
    access: 'cashier',
  }),
  'loyalty.history': channel({
    summary:
      "A member's points movements, newest first, each with the sale or refund that caused it (receipt, total) and a transfer's other member; keyset pagination.",
    input: z.strictObject({
      memberId: idSchema,
      limit: z.int().min(1).max(100).default(30),
      cursor: z.string().max(100).optional(),
    }),
    output: z.object({
      items: z.array(
        ledgerEntrySchema.extend({
          sale: z
            .object({ id: idSchema, kind: z.enum(['sale', 'refund']), receiptCode: z.string(), totalMinor: z.int(), createdAt: z.int() })
            .nullable(),
          /** a transfer's other member (null when erased) */
          counterpart: z.object({ id: idSchema, name: z.string() }).nullable(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
    writes: false,
    access: 'cashier',
  }),
  'loyalty.export': channel({
    summary:
      'Everything stored about a member (the right of access): the record, every ledger row and the sales made for them. Managers only; audited.',
    input: z.strictObject({ id: idSchema }),
    output: z.object({
      exportedAt: z.int(),
      member: memberSchema,
      ledger: z.array(ledgerEntrySchema),
      sales: z.array(
        z.object({ id: idSchema, kind: z.enum(['sale', 'refund']), receiptCode: z.string(), createdAt: z.int(), totalMinor: z.int() }),
      ),
    }),
    writes: true,
    access: 'manager',
  }),
  'loyalty.erase': channel({
    summary:
      'Erase a member on request: name, email, phone and card are removed for good; the ledger and the sales stay, anonymous, so the books still add up. Managers only; audited.',
    input: z.strictObject({ id: idSchema, reason }),
    output: memberSchema,
    writes: true,
    access: 'manager',
  }),
  'loyalty.expire': channel({
    summary:
      'Expire the points of members with no points activity and no purchase for `loyalty.pointsExpireAfterMonths` months (0: points never expire, nothing changes): each one loses its whole balance as one `expire` ledger row, journalled; erased members are left alone. Runs by itself daily; committed in short batches, so the till keeps selling. `dryRun` counts only. Managers only; audited once per run.',
    input: z.strictObject({ dryRun: z.boolean().optional() }),
    output: z.object({
      /** members whose points expired (or would, on a dry run) */
      members: z.int().min(0),
      /** the points they lost together */
      points: z.int().min(0),
      /** activity since this moment (the start of the day that many months ago) keeps points; null when points never expire */
      cutoff: z.int().nullable(),
    }),
    // each batch of members commits in its own short transaction: the handler runs them itself
    writes: true,
    async: true,
    access: 'manager',
  }),
};
