import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { type backupEntrySchema, backupFactsSchema, backupKindSchema, scheduledRunSchema } from '../../../../src/shared/contract/backup';
import { AppError } from '../../errors';

export type BackupFacts = z.infer<typeof backupFactsSchema>;
export type BackupKind = z.infer<typeof backupKindSchema>;
export type BackupEntry = z.infer<typeof backupEntrySchema>;
export type ScheduledRun = z.infer<typeof scheduledRunSchema>;

export const MANIFEST = 'ringup-backups.json';
/** files being written (a backup or a manifest); never listed, removed when stale */
export const PARTIAL_SUFFIX = '.partial';

const recordSchema = z.object({
  name: z.string(),
  createdAt: z.int(),
  bytes: z.int(),
  encrypted: z.boolean(),
  kind: backupKindSchema,
  note: z.string().nullable(),
  verified: z.boolean(),
  problem: z.string().nullable(),
  facts: backupFactsSchema.nullable(),
  /** of the file as written: a later change (a flipped bit) is noticed before it is trusted */
  sha256: z.string().nullable().default(null),
});
export type BackupRecord = z.infer<typeof recordSchema>;
const manifestSchema = z.object({ v: z.literal(1), backups: z.array(recordSchema) });

const stateSchema = z.object({ v: z.literal(1), lastScheduled: scheduledRunSchema.nullable(), lastFailure: scheduledRunSchema.nullable() });
export type ScheduleState = z.infer<typeof stateSchema>;

/** The backup folder of a database: the configured one, or `backups` beside the database. */
export function backupFolderOf(databaseFile: string, configured: string | null): string {
  return resolve(configured ?? join(dirname(resolve(databaseFile)), 'backups'));
}

/** The path of the backup `name` inside `folder`; a name that would leave the folder is refused. */
export function backupPath(folder: string, name: string): string {
  const path = resolve(folder, name);
  if (dirname(path) !== resolve(folder) || basename(path) !== name || name.startsWith('.') || name === MANIFEST)
    throw new AppError('VALIDATION', 'A backup is named by its file name in the backup folder, without a folder.');
  return path;
}

function slug(text: string, fallback: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  return s || fallback;
}

/** `ringup-<store>-<terminal>-<YYYYMMDD-HHMMSS>Z[-kind].db` (`.db.enc` when encrypted): store, terminal and UTC time. */
export function backupFileName(storeName: string, terminalId: string, at: number, kind: BackupKind, encrypted: boolean): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = kind === 'manual' ? '' : `-${kind}`;
  return `ringup-${slug(storeName, 'store')}-${slug(terminalId, 'terminal')}-${stamp}Z${suffix}.db${encrypted ? '.enc' : ''}`;
}

/** Write a file so that a crash leaves the old one or the new one: temp file, fsync, rename, fsync the folder. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
  writeFileSync(temp, text);
  const fd = openSync(temp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncFolder(dirname(file));
}

/** fsync a folder, so a rename in it is on disk (a no-op where folders cannot be opened: Windows). */
export function fsyncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; NTFS journals the rename itself
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The recorded backups of a folder (an unreadable or damaged manifest reads as none: the files still list). */
export function readManifest(folder: string): BackupRecord[] {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')));
    return parsed.success ? parsed.data.backups : [];
  } catch {
    return [];
  }
}

/** Add or replace records (by name) and drop those of files that are gone. */
export function updateManifest(folder: string, change: (records: BackupRecord[]) => BackupRecord[]): void {
  const next = change(readManifest(folder)).filter((r) => existsSync(join(folder, r.name)));
  writeFileAtomic(join(folder, MANIFEST), `${JSON.stringify({ v: 1, backups: next }, null, 1)}\n`);
}

// a pre-migration copy made by migrate.ts: `<db>.v<from>.<ISO stamp with - for : and .>.bak`
const PRE_MIGRATION = /\.v\d+\.(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.bak$/;

function preMigrationTime(name: string): number | null {
  const m = PRE_MIGRATION.exec(name);
  if (!m?.[1]) return null;
  const iso = m[1].replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : at;
}

/** Every backup file of the folder, newest first: the manifest's facts where it has them, the file's own where not. */
export function listBackups(folder: string): BackupEntry[] {
  if (!existsSync(folder)) return [];
  const records = new Map(readManifest(folder).map((r) => [r.name, r]));
  const entries: BackupEntry[] = [];
  for (const name of readdirSync(folder)) {
    if (name === MANIFEST || name.startsWith('.') || name.endsWith(PARTIAL_SUFFIX)) continue;
    if (!/\.(db|db\.enc|bak|sqlite)$/.test(name)) continue;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(join(folder, name));
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const record = records.get(name);
    const preMigration = preMigrationTime(name);
    entries.push({
      name,
      bytes: stat.size,
      createdAt: record?.createdAt ?? preMigration ?? Math.floor(stat.mtimeMs),
      encrypted: record?.encrypted ?? name.endsWith('.enc'),
      kind: record?.kind ?? (preMigration !== null ? 'pre-migration' : null),
      note: record?.note ?? null,
      verified: record ? record.verified : null,
      problem: record?.problem ?? null,
      facts: record?.facts ?? null,
    });
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

/** Remove `.partial` files older than an hour (left by a crash mid-backup). */
export function removeStalePartials(folder: string, now: number): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(PARTIAL_SUFFIX)) continue;
    const path = join(folder, name);
    try {
      if (now - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}

/** Where the schedule keeps its last runs: beside the database (it survives a restart, and an unplugged backup stick). */
export function scheduleStatePath(databaseFile: string): string {
  return `${resolve(databaseFile)}.backup-schedule.json`;
}

export function readScheduleState(databaseFile: string): ScheduleState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(scheduleStatePath(databaseFile), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // none yet
  }
  return { v: 1, lastScheduled: null, lastFailure: null };
}

export function writeScheduleState(databaseFile: string, state: ScheduleState): void {
  writeFileAtomic(scheduleStatePath(databaseFile), `${JSON.stringify(state)}\n`);
}

/** A folder path in words for messages (the last two parts are enough to recognise it). */
export function shortFolder(folder: string): string {
  return folder.split(sep).slice(-2).join(sep);
}

/**
 * The configured backup folder read straight from the settings table, before the database is
 * migrated (the pre-migration copy goes there too); null when none is set or it cannot be read.
 */
export function configuredFolderBeforeMigration(sqlite: { prepare(sql: string): { get(...params: unknown[]): unknown } }): string | null {
  try {
    // raw SQL: the schema may be older than the one drizzle knows
    const row = sqlite.prepare("SELECT value FROM settings WHERE key = 'backup'").get() as { value: string } | undefined;
    const folder = row ? (JSON.parse(row.value) as { folder?: unknown }).folder : null;
    return typeof folder === 'string' && folder.trim() ? folder : null;
  } catch {
    return null;
  }
}
