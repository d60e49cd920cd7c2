import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The central database's schema (PostgreSQL, drizzle `pg-core`), apart from the terminal's SQLite
 * schema in electron/core/db/schema. Names, units and ids read as on the terminal: snake_case
 * columns, money as bigint minor units (`*_minor`), times as bigint epoch milliseconds (`*_at`),
 * ids as the text the terminal made (UUIDv7 strings; terminals `T-XXXXXX`), so an owner's SQL
 * reads the same on both sides. Every row beyond stores and terminals is built from the events
 * (`events`) alone, never from a terminal's tables.
 */

/** A store of the chain. Its id is made at a terminal's first run and sent when the terminal registers. */
export const stores = pgTable('stores', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/**
 * A registered terminal. How the rules of the sync use these columns:
 *
 * - **Registration and a second device.** A terminal makes a random 256-bit secret at first run
 *   and keeps it; central keeps only `secret_hash` (`sha256:` + hex of SHA-256 of the secret — a
 *   fast hash is enough for a random 256-bit secret and costs nothing per push; a PIN-like low
 *   entropy secret would need scrypt). The first push registers the id (INSERT … ON CONFLICT (id)
 *   DO NOTHING); every later push must present a secret of the same hash (compared in constant
 *   time). A second device claiming a registered id with another secret is refused and recorded as
 *   a `terminal_claimed` conflict (one row per intruding secret: its id is derived from the hash).
 *   A terminal restored from its own backup carries its secret, so it is the same terminal.
 * - **Order and gaps.** `last_seq` is the highest event `seq` applied from this terminal; a batch
 *   must start at `last_seq + 1` (a gap is refused) and moves it in the same transaction.
 * - **Restored from an older backup.** At connect the terminal reads `last_seq`, `last_receipt_no`
 *   and `last_z_number` (the highest central holds from it) and the event id central has at its
 *   own highest seq. Same id: its own history, only shorter — it marks what central already has
 *   as sent, moves its outbox numbering past `last_seq` and its receipt and Z counters past these
 *   numbers, so it neither resends, skips, nor reissues a number. Another id (it sold before it
 *   synced, or a cloned disk): its history diverged; the UNIQUE (terminal_id, seq) and
 *   (terminal_id, receipt_no) keys refuse the colliding rows, nothing is overwritten, and a
 *   `history_diverged` / `receipt_collision` conflict is recorded for a person.
 */
export const terminals = pgTable(
  'terminals',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    secretHash: text('secret_hash').notNull(),
    registeredAt: bigint('registered_at', { mode: 'number' }).notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    /** the highest receipt number and Z number central holds from this terminal (kept by the push with last_seq) */
    lastReceiptNo: bigint('last_receipt_no', { mode: 'number' }).notNull().default(0),
    lastZNumber: bigint('last_z_number', { mode: 'number' }).notNull().default(0),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }),
  },
  (t) => [
    index('terminals_store_idx').on(t.storeId),
    check('terminals_secret_hash_ck', sql`${t.secretHash} ~ '^sha256:[0-9a-f]{64}$'`),
    check('terminals_last_seq_ck', sql`${t.lastSeq} >= 0`),
  ],
);

/** Staff of a terminal (from `staff.upserted`: never a PIN or its hash), so reports can name cashiers. */
export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull(),
    terminalId: text('terminal_id').notNull(),
    name: text('name').notNull(),
    /** role ids, e.g. ["cashier"] */
    roles: jsonb('roles').$type<string[]>().notNull(),
    active: boolean('active').notNull(),
    /** terminal time of the event that last changed it */
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('staff_terminal_idx').on(t.terminalId)],
);
