import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { closeSqlite, drizzleOf, openSqlite } from '../core/db/open';
import { createBackup } from '../core/features/backup/create';
import { backupFolderOf, readManifest } from '../core/features/backup/folder';
import { sniffFile } from '../core/features/backup/format';
import { restoreBackup } from '../core/features/backup/restore';
import { openVerifiedBackup } from '../core/features/backup/verify';
import { detachedJob } from '../core/jobs';
import { createConsoleLogger } from '../core/log';
import { openTerminal } from '../core/terminal';
import { type Io, UsageError } from './commands';
import { createProgressBar } from './progress';

function requireDb(value: string | undefined): string {
  const file = value ?? process.env.RINGUP_DB;
  if (!file) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  return resolve(file);
}

/** The passphrase from a file (its first line), never from the command line where `ps` would show it. */
function readPassphrase(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const text = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  if (text.length < 8) throw new UsageError('The passphrase file must hold a passphrase of at least 8 characters on its first line.');
  return text;
}

function withSigint<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  return run(controller.signal).finally(() => process.off('SIGINT', onSignal));
}

/** `ringup backup`: an online, verified backup of the database (into --out, or the backup folder). */
export async function backupCommand(opts: { db?: string; out?: string; passphraseFile?: string; json?: boolean }, io: Io): Promise<number> {
  const file = requireDb(opts.db);
  if (!existsSync(file)) throw new UsageError(`There is no database at ${file}.`);
  const passphrase = readPassphrase(opts.passphraseFile);
  const sqlite = openSqlite(file);
  const ctx = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: createConsoleLogger('warn') };
  try {
    const bar = createProgressBar(process.stderr, !opts.json);
    const created = await withSigint((signal) =>
      createBackup(
        ctx,
        { kind: 'manual', passphrase, note: 'ringup backup', ...(opts.out ? { file: resolve(opts.out) } : {}) },
        detachedJob((phase, done, total) => bar.update(phase, done, total), signal),
      ),
    );
    if (opts.json) io.out(JSON.stringify(created));
    else
      io.out(
        `Backup written and verified: ${created.file} (${(created.bytes / 1e6).toFixed(1)} MB${created.encrypted ? ', encrypted' : ''}, ${created.facts.counts.sales} sales, ${created.tookMs} ms)`,
      );
    return 0;
  } finally {
    closeSqlite(sqlite);
  }
}

/** Whether a database file opens and passes a quick check (a restore onto it can then be done in place). */
function healthyDatabase(file: string): boolean {
  if (!existsSync(file) || sniffFile(file) !== 'sqlite') return false;
  try {
    const sqlite = openSqlite(file, { readonly: true });
    try {
      return sqlite.pragma('quick_check', { simple: true }) === 'ok';
    } finally {
      sqlite.close();
    }
  } catch {
    return false;
  }
}

/**
 * `ringup restore`: replace a (closed) database with a backup — verified first, the current file
 * backed up, then swapped in one transaction and migrated. A database that no longer opens is
 * moved aside (`<db>.damaged-<time>`) and the backup copied in its place.
 */
export async function restoreCommand(
  opts: { db?: string; from?: string; passphraseFile?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const file = requireDb(opts.db);
  if (!opts.from) throw new UsageError('Say which backup: --from FILE.');
  const from = resolve(opts.from);
  if (!existsSync(from)) throw new UsageError(`There is no backup at ${from}.`);
  const passphrase = readPassphrase(opts.passphraseFile);
  const bar = createProgressBar(process.stderr, !opts.json);
  const record = readManifest(dirname(from)).find((r) => r.name === from.split(/[\\/]/).pop()) ?? null;
  return withSigint(async (signal) => {
    const job = detachedJob((phase, done, total) => bar.update(phase, done, total), signal);
    if (healthyDatabase(file)) {
      const sqlite = openSqlite(file);
      const ctx = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: createConsoleLogger('warn') };
      try {
        const report = await restoreBackup(
          ctx,
          {
            file: from,
            name: from,
            passphrase,
            sha256: record?.sha256 ?? null,
            folder: backupFolderOf(file, null),
            createdAt: record?.createdAt ?? 0,
          },
          job,
        );
        io.out(
          opts.json
            ? JSON.stringify(report)
            : `Restored ${from}: ${report.counts.sales} sales, ${report.counts.products} products, ${report.counts.members} members (schema ${report.schemaVersion}). The database as it was is in ${report.previousBackup}.`,
        );
        return 0;
      } finally {
        closeSqlite(sqlite);
      }
    }
    // the database is missing or damaged: verify the backup, move the old file aside, copy the backup in
    const opened = await openVerifiedBackup(from, { passphrase, workDir: dirname(file), job, sha256: record?.sha256 ?? null });
    try {
      let movedAside: string | null = null;
      if (existsSync(file)) {
        movedAside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        for (const suffix of ['-wal', '-shm', '']) if (existsSync(file + suffix)) renameSync(file + suffix, movedAside + suffix);
      }
      const source = openSqlite(opened.plainFile, { readonly: true });
      try {
        await source.backup(file);
      } finally {
        source.close();
      }
      const terminal = await openTerminal(file, { log: createConsoleLogger('warn') });
      terminal.close();
      const result = { restored: from, counts: opened.facts.counts, movedAside };
      io.out(
        opts.json
          ? JSON.stringify(result)
          : `Restored ${from} into ${file}.${movedAside ? ` The damaged file was moved to ${movedAside}.` : ''}`,
      );
      return 0;
    } finally {
      opened.dispose();
    }
  });
}
