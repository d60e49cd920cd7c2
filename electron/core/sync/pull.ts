import { eq } from 'drizzle-orm';
import { searchKey } from '../../../src/shared/text';
import { type CoreContext, prepared } from '../context';
import { syncState } from '../db/schema';
import { backgroundTransaction } from '../db/writeTurns';
import { type CentralChanges, changesSince, type PulledMember, type PulledProduct } from './central/changes';
import type { CentralDb } from './central/db';
import { readSyncState } from './state';

export interface PullOptions {
  /** changes per page (one central read, one local transaction) */
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (pulled: number) => void;
}

export interface PullResult {
  taxClasses: number;
  categories: number;
  products: number;
  members: number;
  /** rows that could not be taken here, logged (see applyPage) */
  skipped: number;
  cursor: number;
}

export const DEFAULT_PAGE = 2000;

/**
 * Pull the catalogue (tax classes, categories, products with their barcodes) and members from
 * central, page by page after this terminal's cursor. Each page is applied in one short local
 * transaction together with the new cursor, and WITHOUT events: a pulled change is central's
 * already, so it is not queued to be pushed back (no echo). Central wins for the catalogue;
 * stock stays local (a pulled product keeps this store's stock on hand). Run after a push, so
 * this terminal's points rows central has are already marked sent (see applyMembers).
 */
export async function pullAll(ctx: CoreContext, central: CentralDb, options: PullOptions = {}): Promise<PullResult> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const result: PullResult = { taxClasses: 0, categories: 0, products: 0, members: 0, skipped: 0, cursor: readSyncState(ctx).pullCursor };
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await changesSince(central, result.cursor, pageSize);
    if (page.cursor === result.cursor) break;
    result.skipped += applyPage(ctx, page);
    result.taxClasses += page.taxClasses.length;
    result.categories += page.categories.length;
    result.products += page.products.length;
    result.members += page.members.length;
    result.cursor = page.cursor;
    options.onProgress?.(result.taxClasses + result.categories + result.products + result.members);
    if (!page.more) break;
  }
  return result;
}

// Prepared SQL on the pull's hot path (a first pull of a large catalogue writes every product).
// Last writer wins by updated_at: a change made here and not yet pushed is not overwritten by an
// older central row (the push takes it to central, and the next pull agrees).
const UPSERT_TAX = `INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate_bp = excluded.rate_bp, updated_at = excluded.updated_at
  WHERE tax_classes.updated_at <= excluded.updated_at`;
const DELETE_TAX = 'DELETE FROM tax_classes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM products WHERE tax_class_id = ?)';
const UPSERT_CATEGORY = `INSERT INTO categories (id, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, updated_at = excluded.updated_at
  WHERE categories.updated_at <= excluded.updated_at`;
const DELETE_CATEGORY = `DELETE FROM categories WHERE id = ? AND NOT EXISTS (SELECT 1 FROM products WHERE category_id = ?)
  AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.parent_id = ?)`;
const UPSERT_PRODUCT = `INSERT INTO products (id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, sold_by_weight, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, name_key = excluded.name_key, price_minor = excluded.price_minor,
    tax_class_id = excluded.tax_class_id, category_id = excluded.category_id, active = excluded.active, tracks_stock = excluded.tracks_stock,
    sold_by_weight = excluded.sold_by_weight, updated_at = excluded.updated_at
  WHERE products.updated_at <= excluded.updated_at`;
const PRODUCT_UPDATED = 'SELECT updated_at FROM products WHERE id = ?';
const SKU_HOLDER = 'SELECT id FROM products WHERE sku = ? AND id <> ?';
const GIVE_WAY_SKU = 'UPDATE products SET sku = ?, active = 0 WHERE id = ?';
const CODES_OF = 'SELECT code FROM product_barcodes WHERE product_id = ?';
const DELETE_CODE = 'DELETE FROM product_barcodes WHERE code = ?';
const INSERT_CODE = 'INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)';
const NAME_HOLDER = (table: 'tax_classes' | 'categories') => `SELECT id FROM ${table} WHERE name = ? AND id <> ?`;
const GIVE_WAY_NAME = (table: 'tax_classes' | 'categories') => `UPDATE ${table} SET name = ? WHERE id = ?`;
const LEDGER_SUMS = `SELECT coalesce(sum(points), 0) AS local, coalesce(sum(CASE WHEN seq <= ? THEN points END), 0) AS pushed
  FROM points_ledger WHERE member_id = ?`;
const UPSERT_MEMBER = `INSERT INTO members (id, card_number, name, name_key, email, phone, tier, tier_since, active, points_balance, remote_points, joined_at, updated_at, erased_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET card_number = excluded.card_number, name = excluded.name, name_key = excluded.name_key, email = excluded.email,
    phone = excluded.phone, tier = excluded.tier, tier_since = excluded.tier_since, active = excluded.active, updated_at = excluded.updated_at,
    erased_at = coalesce(members.erased_at, excluded.erased_at)
  WHERE members.updated_at <= excluded.updated_at OR excluded.erased_at IS NOT NULL`;
const SET_BALANCE = 'UPDATE members SET points_balance = ?, remote_points = ? WHERE id = ?';

/** A name or SKU free for a local row giving way to central's: "<name> (local ABCD)". */
function localName(name: string, id: string): string {
  return `${name} (local ${id.slice(-4)})`;
}

/** Apply one page in one IMMEDIATE transaction; returns the rows that had to be skipped (logged). */
function applyPage(ctx: CoreContext, page: CentralChanges): number {
  return backgroundTransaction(ctx, () => {
    let skipped = 0;
    const skip = (what: string, id: string, error: unknown) => {
      skipped += 1;
      ctx.log.warn('sync.pull_skipped', { what, id, error: error instanceof Error ? error.message : String(error) });
    };
    for (const t of page.taxClasses) {
      try {
        if (t.deletedAt !== null) prepared(ctx.sqlite, DELETE_TAX).run(t.id, t.id);
        else {
          // central wins: a local class of the same name (made here, refused there) gives way
          const holder = prepared<[string, string], { id: string }>(ctx.sqlite, NAME_HOLDER('tax_classes')).get(t.name, t.id);
          if (holder) prepared(ctx.sqlite, GIVE_WAY_NAME('tax_classes')).run(localName(t.name, holder.id), holder.id);
          prepared(ctx.sqlite, UPSERT_TAX).run(t.id, t.name, t.rateBp, t.createdAt, t.updatedAt);
        }
      } catch (error) {
        skip('tax class', t.id, error);
      }
    }
    for (const c of page.categories) {
      try {
        if (c.deletedAt !== null) prepared(ctx.sqlite, DELETE_CATEGORY).run(c.id, c.id, c.id);
        else {
          const holder = prepared<[string, string], { id: string }>(ctx.sqlite, NAME_HOLDER('categories')).get(c.name, c.id);
          if (holder) prepared(ctx.sqlite, GIVE_WAY_NAME('categories')).run(localName(c.name, holder.id), holder.id);
          prepared(ctx.sqlite, UPSERT_CATEGORY).run(c.id, c.name, c.parentId, c.createdAt, c.updatedAt);
        }
      } catch (error) {
        skip('category', c.id, error);
      }
    }
    for (const p of page.products) {
      try {
        applyProduct(ctx, p);
      } catch (error) {
        skip('product', p.id, error);
      }
    }
    const pushedLedgerSeq = readSyncState(ctx).pushedLedgerSeq;
    for (const m of page.members) {
      try {
        applyMember(ctx, m, pushedLedgerSeq);
      } catch (error) {
        skip('member', m.id, error);
      }
    }
    ctx.db.update(syncState).set({ pullCursor: page.cursor, lastPullAt: ctx.now() }).where(eq(syncState.id, 1)).run();
    return skipped;
  });
}

function applyProduct(ctx: CoreContext, p: PulledProduct): void {
  const localUpdated = prepared<[string], number>(ctx.sqlite, PRODUCT_UPDATED).pluck().get(p.id);
  if (localUpdated !== undefined && localUpdated > p.updatedAt) return;
  const holder = prepared<[string, string], { id: string }>(ctx.sqlite, SKU_HOLDER).get(p.sku, p.id);
  // central wins: a local product with the same SKU (made here, refused there as a duplicate) is set aside
  if (holder) prepared(ctx.sqlite, GIVE_WAY_SKU).run(`${p.sku}~${holder.id.slice(-6)}`, holder.id);
  prepared(ctx.sqlite, UPSERT_PRODUCT).run(
    p.id,
    p.sku,
    p.name,
    searchKey(p.name),
    p.priceMinor,
    p.taxClassId,
    p.categoryId,
    p.active ? 1 : 0,
    p.tracksStock ? 1 : 0,
    p.soldByWeight ? 1 : 0,
    p.createdAt,
    p.updatedAt,
  );
  const current = prepared<[string], string>(ctx.sqlite, CODES_OF).pluck().all(p.id);
  if (current.length === p.barcodes.length && current.every((code) => p.barcodes.includes(code))) return;
  for (const code of current) if (!p.barcodes.includes(code)) prepared(ctx.sqlite, DELETE_CODE).run(code);
  for (const code of p.barcodes) {
    if (current.includes(code)) continue;
    // a code is one product's: central's product takes it from a local one
    prepared(ctx.sqlite, DELETE_CODE).run(code);
    prepared(ctx.sqlite, INSERT_CODE).run(code, p.id, p.updatedAt);
  }
}

/**
 * A member's record (last writer wins) and balance: central's balance counts this terminal's
 * points rows it has (those up to sync_state.pushed_ledger_seq), so the balance here is central's
 * plus this terminal's rows not sent yet, and the part no local row explains is kept as
 * remote_points (balance = sum of the local ledger + remote_points, which ringup verify checks).
 */
function applyMember(ctx: CoreContext, m: PulledMember, pushedLedgerSeq: number): void {
  const sums = prepared<[number, string], { local: number; pushed: number }>(ctx.sqlite, LEDGER_SUMS).get(pushedLedgerSeq, m.id) ?? {
    local: 0,
    pushed: 0,
  };
  const remote = m.pointsBalance - sums.pushed;
  const balance = sums.local + remote;
  prepared(ctx.sqlite, UPSERT_MEMBER).run(
    m.id,
    m.cardNumber,
    m.name,
    searchKey(m.name),
    m.email,
    m.phone,
    m.tier,
    m.tierSince,
    m.active ? 1 : 0,
    balance,
    remote,
    m.joinedAt,
    m.updatedAt,
    m.erasedAt,
  );
  prepared(ctx.sqlite, SET_BALANCE).run(balance, remote, m.id);
}
