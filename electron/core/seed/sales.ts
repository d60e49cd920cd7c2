import { randomBytes } from 'node:crypto';
import { cashDue } from '../../../src/shared/pricing';
import { uuidv7 } from '../../../src/shared/uuid';
import { type CoreContext, prepared } from '../context';
import { hashPin } from '../features/auth/pin';
import { completeSale, priceSaleCart } from '../features/sales/sale';
import { shiftReport } from '../features/sales/shiftReport';
import { closeShift, currentShift, openShift } from '../features/sales/shifts';
import { readSettings } from '../features/setup/settings';
import type { Session } from '../session';
import { hash32, seedIdRandomBytes } from './keys';

// demo sales are made by an inactive staff member (nobody can log in as it) in a shift of their own
const SEED_STAFF_ID = '00000000-0000-7000-8000-5eed5a1e5000';
const SEED_STAFF_NAME = 'Demo data (seed)';
const SALES_BASE_TIME = Date.UTC(2024, 6, 1);
const SALES_PER_TRANSACTION = 250;
/** the share of demo sales (in %) rung up for a loyalty member, when the database has members */
const MEMBER_SALES_PERCENT = 55;

export interface SeedSalesResult {
  requested: number;
  inserted: number;
  /** of them, sales for a loyalty member (who earned points through completeSale) */
  forMembers: number;
  existing: number;
  skipped: boolean;
  reason: string | null;
}

/** The id of demo sale `n` of a seed: the same every run, so a second run sells nothing twice. */
export function seedSaleId(seed: number, n: number): string {
  return uuidv7(SALES_BASE_TIME + n, seedIdRandomBytes(hash32(seed, 0x5a1e), n));
}

function ensureSeedStaff(ctx: CoreContext): Session {
  const now = ctx.now();
  prepared(ctx.sqlite, 'INSERT OR IGNORE INTO staff (id, name, pin_hash, active, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)').run(
    SEED_STAFF_ID,
    SEED_STAFF_NAME,
    hashPin(String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')),
    now,
    now,
  );
  prepared(ctx.sqlite, "INSERT OR IGNORE INTO staff_roles (staff_id, role_id) VALUES (?, 'cashier')").run(SEED_STAFF_ID);
  return { staff: { id: SEED_STAFF_ID, name: SEED_STAFF_NAME, roles: ['cashier'] }, operator: false };
}

/**
 * Demo sales through the real `completeSale` (so stock, journal, outbox and audit are all right):
 * 1–5 lines of random in-stock products, ~60 % card, the rest cash with change; when the database
 * has loyalty members, ~55 % of the sales are for a random member, who earns the points the
 * sale code gives. They go into a shift of their own, closed with an exact count at the end.
 * Refused while a real shift is open.
 */
export function seedSales(
  ctx: CoreContext,
  count: number,
  seed: number,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): SeedSalesResult {
  const result: SeedSalesResult = { requested: count, inserted: 0, forMembers: 0, existing: 0, skipped: false, reason: null };
  if (count === 0) return result;
  const open = currentShift(ctx);
  if (open && open.openedBy !== SEED_STAFF_ID) {
    return { ...result, skipped: true, reason: 'a shift is open on this terminal: close it before seeding sales' };
  }
  const maxSeq = (prepared(ctx.sqlite, 'SELECT coalesce(max(seq), 0) AS m FROM products').get() as { m: number }).m;
  if (maxSeq === 0) return { ...result, skipped: true, reason: 'there are no products to sell' };
  const session = ctx.sqlite.transaction(() => ensureSeedStaff(ctx)).immediate();
  if (!open) ctx.sqlite.transaction(() => openShift(ctx, session, 20000)).immediate();
  const pick = prepared<[number], { id: string; stock_on_hand: number; tracks_stock: number; sold_by_weight: number }>(
    ctx.sqlite,
    'SELECT id, stock_on_hand, tracks_stock, sold_by_weight FROM products WHERE seq >= ? AND active = 1 ORDER BY seq LIMIT 1',
  );
  const exists = prepared<[string], { id: string }>(ctx.sqlite, 'SELECT id FROM sales WHERE id = ?');
  // a member whose card works (active, not erased), picked like the products: the first from a random rowid on
  const maxMemberRowid = (prepared(ctx.sqlite, 'SELECT coalesce(max(rowid), 0) AS m FROM members').get() as { m: number }).m;
  const pickMember = prepared<[number], { id: string }>(
    ctx.sqlite,
    'SELECT id FROM members WHERE rowid >= ? AND active = 1 AND erased_at IS NULL ORDER BY rowid LIMIT 1',
  );
  const { cashRoundingStep } = readSettings(ctx);

  for (let first = 0; first < count && !signal?.aborted; first += SALES_PER_TRANSACTION) {
    const last = Math.min(count, first + SALES_PER_TRANSACTION);
    ctx.sqlite
      .transaction(() => {
        for (let n = first; n < last; n++) {
          const id = seedSaleId(seed, n);
          if (exists.get(id)) {
            result.existing++;
            continue;
          }
          const lineCount = 1 + (hash32(seed, n * 7 + 1) % 5);
          const lines: { productId: string; quantity: number }[] = [];
          for (let k = 0; k < lineCount; k++) {
            const product = pick.get(1 + (hash32(n, k + seed) % maxSeq));
            // pieces, or 0.150–1.649 kg of something weighed
            const quantity = product?.sold_by_weight === 1 ? 150 + (hash32(n + k, seed) % 1500) : 1 + (hash32(n + k, seed) % 3);
            if (!product || lines.some((l) => l.productId === product.id)) continue;
            if (product.tracks_stock === 1 && product.stock_on_hand < quantity) continue;
            lines.push({ productId: product.id, quantity });
          }
          if (lines.length === 0) continue;
          const { cart } = priceSaleCart(ctx, lines, null);
          const byCard = hash32(seed, n) % 10 < 6;
          const cash = cashDue(cart.totalMinor, cashRoundingStep);
          const payments = byCard
            ? [{ method: 'card' as const, amountMinor: cart.totalMinor, last4: String(hash32(n, 4242) % 10000).padStart(4, '0') }]
            : [{ method: 'cash' as const, amountMinor: cash, tenderedMinor: Math.ceil(cash / 1000) * 1000 }];
          if (cart.totalMinor === 0) continue;
          // the member earns through completeSale itself: the ledger row, the balance, the tier, the events
          const member =
            maxMemberRowid > 0 && hash32(seed, n * 13 + 5) % 100 < MEMBER_SALES_PERCENT
              ? pickMember.get(1 + (hash32(n, seed + 0x3e3b) % maxMemberRowid))
              : undefined;
          completeSale(ctx, session, { id, lines, payments, ...(member ? { memberId: member.id } : {}) });
          result.inserted++;
          if (member) result.forMembers++;
        }
      })
      .immediate();
    onProgress?.(last, count);
  }
  if (!signal?.aborted) {
    ctx.sqlite
      .transaction(() => {
        const shift = currentShift(ctx);
        if (!shift) return;
        const expected = shiftReport(ctx, shift.id).expectedCashMinor;
        closeShift(ctx, session, expected > 0 ? [{ denominationMinor: 1, count: expected }] : []);
      })
      .immediate();
  }
  return result;
}
