import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { settingsSchema } from '../../../../src/shared/contract';
import { machineTimeZone } from '../../../../src/shared/timeZone';
import { audit, emitEvent } from '../../audit';
import { type CoreContext, dataVersion, type ReadContext } from '../../context';
import { settings as settingsTable } from '../../db/schema';
import { perConnection } from '../../db/statements';
import { AppError } from '../../errors';

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  storeName: '',
  terminalId: '',
  currency: 'EUR',
  // the machine's zone until a manager sets the store's (see README, Reports)
  timeZone: machineTimeZone(),
  pricesIncludeTax: true,
  taxRounding: 'line',
  cashRoundingStep: 1,
  cashierDiscountLimitBp: 1000,
  allowNegativeStock: false,
  outOfStock: 'manager',
  removalApproval: 'errorCorrect',
  blindCashUp: true,
  sound: { volume: 60, muted: false },
  touchKeypad: 'auto',
  noSaleNeedsApproval: false,
  receiptHeader: '',
  receiptFooter: 'Thank you for shopping with us',
  printer: { kind: 'none' },
  scaleLabelPrefixes: [],
  loyalty: {
    cardPrefix: '27',
    cardBlock: 0,
    earnPointsPerUnit: 1,
    tierMultiplierBp: { bronze: 10_000, silver: 12_500, gold: 15_000, platinum: 20_000 },
    tierThresholdsMinor: { silver: 50_000, gold: 150_000, platinum: 500_000 },
    excludedCategoryIds: [],
    excludedProductIds: [],
    pointValueMinor: 1,
    minRedeemPoints: 100,
    offlineDailyRedeemCap: 5_000,
    transferApprovalAbove: 1_000,
    refundBelowZero: 'cap',
    // points never expire until the store chooses a period (see loyalty/expire.ts)
    pointsExpireAfterMonths: 0,
  },
  backup: { folder: null, schedule: 'daily', hour: 2, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
};

// settings are read on every sale and every scan: keep them per connection until this process
// writes them or another connection commits (dataVersion moves, within 200 ms). A transaction
// that wrote settings reads them afresh and caches nothing until it is over (it may roll back).
// A write through writeSettings also moves `generation`, process-wide: the read connection (whose
// data version the router no longer re-reads on every call — it costs ~4 µs, a third of a member
// lookup) then sees this process's change at once, another process's within 200 ms.
const cache = new WeakMap<object, { dataVersion: number; generation: number; settings: Settings }>();
const writtenInTransaction = new WeakSet<object>();
let generation = 0;

/** The store and terminal settings, with defaults for keys never written (cached; do not mutate). */
export function readSettings(ctx: ReadContext): Settings {
  const uncommitted = writtenInTransaction.has(ctx.sqlite);
  const version = dataVersion(ctx.sqlite);
  const hit = cache.get(ctx.sqlite);
  if (hit && hit.dataVersion === version && hit.generation === generation && !uncommitted) return hit.settings;
  const settings = loadSettings(ctx);
  if (!uncommitted) cache.set(ctx.sqlite, { dataVersion: version, generation, settings });
  return settings;
}

const reads = perConnection((db) => ({
  all: db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable).prepare(),
}));

function loadSettings(ctx: ReadContext): Settings {
  const rows = reads(ctx.db).all.all();
  // a copy: the answer is handed out (the router returns it), the defaults must stay as they are
  const settings: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
  const stored = new Set<string>();
  for (const row of rows) {
    if (!(row.key in DEFAULT_SETTINGS)) continue;
    const value = JSON.parse(row.value);
    // a rule added to the programme later takes its default in a store that saved the others
    settings[row.key] =
      row.key === 'loyalty'
        ? { ...DEFAULT_SETTINGS.loyalty, ...value }
        : row.key === 'backup'
          ? { ...DEFAULT_SETTINGS.backup, ...value }
          : value;
    stored.add(row.key);
  }
  // a store that set allowNegativeStock before outOfStock existed keeps what it chose
  if (!stored.has('outOfStock') && stored.has('allowNegativeStock')) settings.outOfStock = settings.allowNegativeStock ? 'sell' : 'refuse';
  settings.allowNegativeStock = settings.outOfStock === 'sell';
  return settings as Settings;
}

/** Write some settings (inside the caller's transaction); audited with the old and new values. */
export function writeSettings(
  ctx: CoreContext,
  changes: Partial<Omit<Settings, 'loyalty' | 'backup'>> & {
    loyalty?: Partial<Settings['loyalty']> | undefined;
    backup?: Partial<Settings['backup']> | undefined;
  },
  actorStaffId: string | null,
): Settings {
  const before = readSettings(ctx);
  const loyalty = changes.loyalty ? { ...before.loyalty, ...changes.loyalty } : undefined;
  const backup = changes.backup ? { ...before.backup, ...changes.backup } : undefined;
  const scales = changes.scaleLabelPrefixes ?? before.scaleLabelPrefixes;
  const cardPrefix = (loyalty ?? before.loyalty).cardPrefix;
  // a scanned code must be one thing: a weight label or a member card, never both
  if ((loyalty || changes.scaleLabelPrefixes) && scales.includes(cardPrefix))
    throw new AppError(
      'VALIDATION',
      `Member cards and scale labels cannot share the prefix ${cardPrefix}: choose another for one of them.`,
      { field: changes.loyalty ? 'loyalty.cardPrefix' : 'scaleLabelPrefixes' },
    );
  cache.delete(ctx.sqlite);
  generation++;
  if (ctx.sqlite.inTransaction) {
    const sqlite = ctx.sqlite;
    writtenInTransaction.add(sqlite);
    // transactions are synchronous: by the next microtask this one has committed or rolled back
    // (and what any connection cached meanwhile is dropped once more)
    queueMicrotask(() => {
      writtenInTransaction.delete(sqlite);
      generation++;
    });
  }
  const now = ctx.now();
  // allowNegativeStock is outOfStock said the old way: stored as outOfStock
  const { allowNegativeStock, ...rest } = { ...changes, ...(loyalty ? { loyalty } : {}), ...(backup ? { backup } : {}) };
  if (allowNegativeStock !== undefined && rest.outOfStock === undefined) rest.outOfStock = allowNegativeStock ? 'sell' : 'refuse';
  const rows = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]): typeof settingsTable.$inferInsert => ({ key, value: JSON.stringify(value), updatedAt: now }));
  if (rows.length > 0) {
    // one upsert for all keys (drizzle has no `excluded` helper: the new values are named in SQL)
    ctx.db
      .insert(settingsTable)
      .values(rows)
      .onConflictDoUpdate({ target: settingsTable.key, set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } })
      .run();
  }
  cache.delete(ctx.sqlite);
  const after = readSettings(ctx);
  audit(ctx, { action: 'settings.update', actorStaffId, entity: 'settings', details: { before, after } });
  // the settings that matter beyond this terminal travel; the printer and scale labels stay here
  emitEvent(ctx, 'settings.changed', after.terminalId || 'terminal', { v: 1, ...after });
  return after;
}
