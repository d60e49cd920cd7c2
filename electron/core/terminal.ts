import type { CoreContext, FilePort, ReadContext, SystemPrinter } from './context';
import { type MigrateReport, migrateDatabase } from './db/migrate';
import { embeddedMigrations } from './db/migrations.generated';
import { closeSqlite, type Db, drizzleOf, type OpenOptions, openSqlite, type Sqlite } from './db/open';
import { WriteTurns } from './db/writeTurns';
import { backupFolderOf, configuredFolderBeforeMigration } from './features/backup/folder';
import { guardDuringRestore, onRestored, type RestoredInfo, setNativeBinding } from './features/backup/host';
import { repairTerminalId } from './features/setup/terminalId';
import { createRouter, type Router, type RouterOptions } from './ipc/router';
import { type Logger, silentLogger } from './log';

export interface Terminal {
  ctx: CoreContext;
  /**
   * What reading channels run on: a second, read-only connection to the same file (WAL lets it
   * read every committed write at once), or — for an in-memory database, which cannot be opened
   * twice — null, and the router runs reads on the writer under PRAGMA query_only.
   */
  readCtx: ReadContext | null;
  sqlite: Sqlite;
  db: Db;
  router: Router;
  migration: MigrateReport;
  /** the terminal id given at this opening to a staffed database that had none (see repairTerminalId), else null */
  terminalIdAssigned: string | null;
  /**
   * Hear about a restore (backup.restore replaced the file in place: same connections, new data).
   * The edges drop their sessions there, so everyone logs in again. Returns the unsubscribe.
   */
  onRestored(listener: (info: RestoredInfo) => void): () => void;
  close(): void;
}

export interface OpenTerminalOptions extends OpenOptions, Pick<RouterOptions, 'validateOutput'> {
  log?: Logger;
  backupDir?: string;
  now?: () => number;
  /** the OS printers (Electron main passes one); without it "system" prints return HTML for the window */
  systemPrinter?: SystemPrinter;
  /** the OS save dialog (Electron main passes one); without it exports go beside the database */
  files?: FilePort;
}

/**
 * A connection that cannot write: opened read-only and with PRAGMA query_only on, with the
 * pragmas of the writer (busy_timeout, foreign keys, cache). Null where a second connection to
 * `writer` cannot be had (an in-memory or temporary database, or a writer that is read-only itself).
 */
export function openReadSqlite(writer: Sqlite, options: OpenOptions = {}): Sqlite | null {
  if (writer.memory || writer.readonly) return null;
  const reader = openSqlite(writer.name, { ...options, readonly: true });
  try {
    reader.pragma('query_only = ON');
    return reader;
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** Open (and migrate) a terminal database and build the router over it: the core, ready to serve. */
export async function openTerminal(file: string, options: OpenTerminalOptions = {}): Promise<Terminal> {
  const log = options.log ?? silentLogger;
  const sqlite = openSqlite(file, options);
  // backups open their own connections (a verified copy, a restore's source) with the same build
  setNativeBinding(options.nativeBinding);
  let reader: Sqlite | null = null;
  try {
    // the copy before a migration goes to the configured backup folder when there is one
    const configuredFolder = options.backupDir ? null : configuredFolderBeforeMigration(sqlite);
    const backupDir = options.backupDir ?? (configuredFolder ? backupFolderOf(file, configuredFolder) : undefined);
    const migration = await migrateDatabase(sqlite, embeddedMigrations, {
      ...(backupDir ? { backupDir } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    if (migration.applied.length > 0)
      log.info('db.migrated', { from: migration.from, to: migration.to, applied: migration.applied, backup: migration.backupFile });
    const db = drizzleOf(sqlite);
    const base = {
      now: options.now ?? Date.now,
      log,
      ...(options.systemPrinter ? { systemPrinter: options.systemPrinter } : {}),
      ...(options.files ? { files: options.files } : {}),
    };
    // the sync worker, when one starts, writes this file in turns with the router (see db/writeTurns.ts)
    const ctx: CoreContext = { sqlite, db, ...base, writeTurns: new WriteTurns() };
    // a database that can sell has a terminal id, however it was made (an older seed made staff without one)
    const terminalIdAssigned = sqlite.transaction(() => repairTerminalId(ctx)).immediate();
    if (terminalIdAssigned) log.warn('terminal.id_assigned', { terminalId: terminalIdAssigned });
    // opened after the migration, so it never sees a half-migrated schema
    reader = openReadSqlite(sqlite, options);
    const readCtx: ReadContext | null = reader ? { sqlite: reader, db: drizzleOf(reader), ...base } : null;
    const router = guardDuringRestore(
      createRouter(ctx, { validateOutput: options.validateOutput ?? false, ...(readCtx ? { readCtx } : {}) }),
      sqlite,
    );
    const readerToClose = reader;
    const close = () => {
      // the reader first: the writer, closing last, checkpoints the WAL and removes it
      try {
        if (readerToClose?.open) readerToClose.close();
      } finally {
        closeSqlite(sqlite);
      }
    };
    return {
      ctx,
      readCtx,
      sqlite,
      db,
      router,
      migration,
      terminalIdAssigned,
      onRestored: (listener) => onRestored(sqlite, listener),
      close,
    };
  } catch (error) {
    reader?.close();
    sqlite.close();
    throw error;
  }
}
