import { z } from 'zod';
import { channel } from './define';
import { jobIdSchema } from './jobs';

/** A backup's file name inside the backup folder (never a path: no folders, no `..`). */
export const backupNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A backup is named by its file name in the backup folder, without a folder')
  .refine((name) => !name.includes('..'), 'A backup is named by its file name in the backup folder, without a folder');

/** Never stored, never logged: it only derives the key (scrypt). */
export const passphraseSchema = z.string().min(8, 'A passphrase has at least 8 characters').max(1024);

export const backupKindSchema = z.enum(['manual', 'scheduled', 'pre-migration', 'pre-restore']);

/** What a verification found in a backup: it opens, passes integrity_check, and its chains hold. */
export const backupFactsSchema = z.object({
  schemaVersion: z.int(),
  /** the schema this app brings databases to */
  appSchemaVersion: z.int(),
  storeName: z.string(),
  terminalId: z.string(),
  /** bytes of the database inside (after decryption) */
  databaseBytes: z.int().min(0),
  counts: z.object({
    sales: z.int().min(0),
    products: z.int().min(0),
    members: z.int().min(0),
    journalEntries: z.int().min(0),
    ledgerEntries: z.int().min(0),
  }),
  /** journal chain and loyalty balances: 'ok', or 'skipped' for a backup of an older schema (checked after a restore migrates it) */
  journal: z.enum(['ok', 'skipped']),
  points: z.enum(['ok', 'skipped']),
  verifiedAt: z.int(),
});

export const backupEntrySchema = z.object({
  name: z.string(),
  bytes: z.int().min(0),
  createdAt: z.int(),
  encrypted: z.boolean(),
  kind: backupKindSchema.nullable(),
  note: z.string().nullable(),
  /** true: verified after writing; false: the verification failed (see problem); null: never verified (a file put there by hand, an old pre-migration copy) */
  verified: z.boolean().nullable(),
  problem: z.string().nullable(),
  facts: backupFactsSchema.nullable(),
});

export const scheduledRunSchema = z.object({ at: z.int(), ok: z.boolean(), error: z.string().nullable(), name: z.string().nullable() });

const passphrase = passphraseSchema.optional();

export const backupChannels = {
  'backup.create': channel({
    summary:
      'Back up the database now, while sales go on (progress through job.progress), optionally encrypted with a passphrase (never stored); the copy is verified and recorded. Managers only; audited.',
    input: z.strictObject({
      jobId: jobIdSchema.optional(),
      passphrase,
      note: z.string().trim().max(200).optional(),
    }),
    output: z.object({ file: z.string(), bytes: z.int().min(0), encrypted: z.boolean(), facts: backupFactsSchema, tookMs: z.int().min(0) }),
    writes: true,
    access: 'manager',
    async: true,
  }),
  'backup.list': channel({
    summary:
      'The backups in the backup folder, newest first, each with its size, age and verification; the folder, and how the last scheduled backup went.',
    input: z.strictObject({}),
    output: z.object({
      folder: z.string(),
      backups: z.array(backupEntrySchema),
      schedule: z.enum(['daily', 'off']),
      lastScheduled: scheduledRunSchema.nullable(),
      /** the last scheduled run that failed (kept after later good ones, for the warning) */
      lastFailure: scheduledRunSchema.nullable(),
    }),
    writes: false,
    access: 'manager',
  }),
  'backup.verify': channel({
    summary: 'Check one backup again (it opens, integrity, counts, journal chain, points balances); a clear reason when it is not usable.',
    input: z.strictObject({ name: backupNameSchema, passphrase, jobId: jobIdSchema.optional() }),
    output: backupFactsSchema,
    writes: false,
    access: 'manager',
    async: true,
  }),
  'backup.restore': channel({
    summary:
      'Replace the database with a backup: verified first (a damaged, foreign, newer or wrongly-decrypted file is refused and nothing changes), the current database backed up, then swapped in one atomic step and migrated. Everyone logs in again afterwards. Managers only; audited.',
    input: z.strictObject({ name: backupNameSchema, passphrase, jobId: jobIdSchema.optional() }),
    output: z.object({
      name: z.string(),
      backupCreatedAt: z.int(),
      schemaVersion: z.int(),
      migratedFrom: z.int().nullable(),
      counts: z.object({ sales: z.int().min(0), products: z.int().min(0), members: z.int().min(0) }),
      /** the backup of the database as it was just before */
      previousBackup: z.string(),
      tookMs: z.int().min(0),
    }),
    writes: true,
    access: 'manager',
    async: true,
  }),
};
