// The last pricing of the sale in progress, kept so that a change that does not touch what is
// priced (attaching or taking off a member) answers without pricing every line again. It is used
// only when provably current: the same sale, the same stored cart, and nothing written since on
// the writer connection (SQLite's total_changes(): any insert, update or delete there, even one
// rolled back, moves it) nor committed by another connection (PRAGMA data_version, read fresh).
import { type CoreContext, prepared } from '../../context';
import type { Sqlite } from '../../db/open';
import type { priceSaleCart } from './cartPricing';
import type { OpenRow } from './openSaleStore';

type Priced = ReturnType<typeof priceSaleCart>;

interface Kept {
  rowId: string;
  /** the stored cart's JSON the pricing was made for */
  cart: string;
  stamp: string;
  priced: Priced;
}

const kept = new WeakMap<Sqlite, Kept>();

/** What has changed the database as this connection sees it: its own writes, and other connections' commits. */
function writeStamp(sqlite: Sqlite): string {
  // (rows as objects: the data_version statement is shared through prepared() with dataVersion(),
  // and pluck() would change what it answers there too)
  const { changes } = prepared<[], { changes: number }>(sqlite, 'SELECT total_changes() AS changes').get() as { changes: number };
  const { data_version: version } = prepared<[], { data_version: number }>(sqlite, 'PRAGMA data_version').get() as {
    data_version: number;
  };
  return `${changes}:${version}`;
}

/** Keep the pricing of `row` as just stored (the last write of the change). The read connection keeps nothing. */
export function keepPricing(ctx: CoreContext, row: OpenRow, priced: Priced | null): void {
  if (ctx.sqlite.readonly) return;
  if (!priced) {
    kept.delete(ctx.sqlite);
    return;
  }
  kept.set(ctx.sqlite, { rowId: row.id, cart: row.cart, stamp: writeStamp(ctx.sqlite), priced });
}

/** The pricing kept for `row` when nothing it depends on can have changed since, else undefined. */
export function keptPricing(ctx: CoreContext, row: OpenRow): Priced | undefined {
  if (ctx.sqlite.readonly) return undefined;
  const entry = kept.get(ctx.sqlite);
  if (!entry || entry.rowId !== row.id || entry.cart !== row.cart) return undefined;
  return entry.stamp === writeStamp(ctx.sqlite) ? entry.priced : undefined;
}
