import { type MigrateReport, migrateDatabase } from '../../electron/core/db/migrate';
import { embeddedMigrations } from '../../electron/core/db/migrations.generated';
import { openSqlite, type Sqlite } from '../../electron/core/db/open';
import { withCheckDigit } from '../../src/shared/barcode';
import { searchKey } from '../../src/shared/text';
import { makeTempDir, type TempDir } from './db';

/** The position of a migration in the embedded list (= the schema version just before it). */
export function versionBefore(tag: string): number {
  const index = embeddedMigrations.findIndex((m) => m.tag === tag);
  if (index < 0) throw new Error(`no embedded migration ${tag}`);
  return index;
}

export const LATEST = embeddedMigrations.length;

export interface OldDatabase {
  temp: TempDir;
  file: string;
  sqlite: Sqlite;
  /** migrate the rest of the way with the app's embedded migrations */
  migrateToLatest(): Promise<MigrateReport>;
  close(): void;
}

/** A real database file migrated to schema `version` (the first `version` embedded migrations). */
export async function databaseAt(version: number): Promise<OldDatabase> {
  const temp = makeTempDir('ringup-migration-');
  const file = temp.path('terminal.db');
  const sqlite = openSqlite(file);
  if (version > 0) await migrateDatabase(sqlite, embeddedMigrations.slice(0, version), { backupDir: temp.path('backups-setup') });
  return {
    temp,
    file,
    sqlite,
    migrateToLatest: () => migrateDatabase(sqlite, embeddedMigrations, { backupDir: temp.path('backups') }),
    close: () => {
      if (sqlite.open) sqlite.close();
      temp.cleanup();
    },
  };
}

export const V1_PRODUCTS = [
  { seq: 1, id: 'p-0001', sku: 'MILK-1L', name: 'Whole Milk 1L', category: 'c-dairy', code: withCheckDigit('200000000001') },
  { seq: 2, id: 'p-0002', sku: 'CHOC-70', name: 'Dark Chocolate 70%', category: 'c-sweets', code: withCheckDigit('200000000002') },
  { seq: 3, id: 'p-0003', sku: 'CREME-20', name: 'Crème fraîche 20cl', category: 'c-dairy', code: withCheckDigit('200000000003') },
  { seq: 5, id: 'p-0005', sku: 'PAIN-CH', name: 'Pain au chocolat', category: null, code: withCheckDigit('200000000005') },
];

/**
 * What a terminal at schema 1 (just 0000_init) holds: tax classes, categories, products with
 * barcodes, a manager with roles, settings, audit and outbox rows — written with that schema's SQL.
 */
export function seedSchemaV1(sqlite: Sqlite): void {
  const at = Date.UTC(2025, 5, 1);
  sqlite.transaction(() => {
    sqlite.exec(`
      INSERT INTO tax_classes (id, name, rate_bp, created_at, updated_at) VALUES ('t-std', 'Standard', 2000, ${at}, ${at}), ('t-red', 'Reduced', 550, ${at}, ${at});
      INSERT INTO categories (id, name, parent_id, created_at, updated_at) VALUES ('c-food', 'Food', NULL, ${at}, ${at});
      INSERT INTO categories (id, name, parent_id, created_at, updated_at) VALUES ('c-dairy', 'Dairy', 'c-food', ${at}, ${at}), ('c-sweets', 'Sweets', 'c-food', ${at}, ${at});
      INSERT OR IGNORE INTO roles (id, name) VALUES ('cashier', 'Cashier'), ('manager', 'Manager');
      INSERT INTO staff (id, name, pin_hash, active, failed_attempts, locked_until, last_login_at, created_at, updated_at)
        VALUES ('s-ola', 'Ola', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 1, 0, NULL, ${at}, ${at}, ${at});
      INSERT INTO staff_roles (staff_id, role_id) VALUES ('s-ola', 'manager'), ('s-ola', 'cashier');
      INSERT INTO settings (key, value, updated_at) VALUES ('storeName', '"Corner Shop"', ${at}), ('currency', '"EUR"', ${at});
      INSERT INTO audit_log (id, at, action, actor_staff_id, entity, entity_id, details) VALUES ('a-1', ${at}, 'staff.create', 's-ola', 'staff', 's-ola', '{"name":"Ola"}');
      INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES ('o-1', ${at}, 'product.upsert', 'p-0001', '{}');
    `);
    const insertProduct = sqlite.prepare(
      `INSERT INTO products (seq, id, sku, name, name_key, price_minor, tax_class_id, category_id, active, tracks_stock, stock_on_hand, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 't-red', ?, 1, 1, 12, ?, ?)`,
    );
    const insertCode = sqlite.prepare('INSERT INTO product_barcodes (code, product_id, created_at) VALUES (?, ?, ?)');
    for (const p of V1_PRODUCTS) {
      insertProduct.run(p.seq, p.id, p.sku, p.name, searchKey(p.name), 100 + p.seq, p.category, at, at);
      insertCode.run(p.code, p.id, at);
    }
  })();
}

/** The rows of a table in a fixed order, for before/after comparisons. */
export function rowsOf(sqlite: Sqlite, table: string, orderBy = '1'): unknown[] {
  return sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${orderBy}`).all();
}

/** Columns a later migration removed on purpose, by table (each migration's own test checks what became of them). */
const REMOVED_COLUMNS: Record<string, string[]> = {
  // 0014_outbox_watermark: the per-row mark became sync_state.pushed_seq
  outbox: ['pushed_at'],
};

/** Rows as a later schema keeps them: without the columns a later migration removed. */
export function keptOf(table: string, rows: unknown[]): unknown[] {
  const removed = REMOVED_COLUMNS[table] ?? [];
  return rows.map((row) => Object.fromEntries(Object.entries(row as object).filter(([column]) => !removed.includes(column))));
}

/**
 * The rows of a table now, with only the columns the `before` rows had (less those a later
 * migration removed, see keptOf): what a migration must keep as it was, whatever columns later
 * migrations added.
 */
export function keptRowsOf(sqlite: Sqlite, table: string, before: unknown[], orderBy = '1'): unknown[] {
  const removed = REMOVED_COLUMNS[table] ?? [];
  const columns = before.length > 0 ? Object.keys(before[0] as object).filter((column) => !removed.includes(column)) : null;
  return rowsOf(sqlite, table, orderBy).map((row) =>
    columns ? Object.fromEntries(columns.map((column) => [column, (row as Record<string, unknown>)[column]])) : row,
  );
}

/** Names of the schema objects of one type. */
export function schemaNames(sqlite: Sqlite, type: 'table' | 'index' | 'trigger'): string[] {
  return (sqlite.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map((r) => r.name);
}

/** Rowids of the FTS rows matching an FTS5 query (raw: the migrations tests do not need the router). */
export function ftsMatch(sqlite: Sqlite, query: string): number[] {
  return (sqlite.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ? ORDER BY rowid').all(query) as { rowid: number }[]).map(
    (r) => r.rowid,
  );
}
