import { z } from 'zod';
import { channel } from './define';
import { jobIdSchema } from './jobs';

/**
 * Central sync, seen from the till: whether it is configured, how it went last, and what waits.
 * - off: no central database configured (the terminal works alone, as before sync existed)
 * - synced: the last run reached central and nothing is waiting
 * - waiting: events are waiting and the next run is due (or running)
 * - offline: the last run could not reach central (events wait here, safe, and go when it can)
 * - refused: central refused this terminal (a second device with its id, another history, a
 *   wrong password, a central database not set up): a person must look; retried anyway, slowly
 */
export const syncStateSchema = z.enum(['off', 'synced', 'waiting', 'offline', 'refused']);

export const syncStatusSchema = z.object({
  state: syncStateSchema,
  /** a run is going on now */
  running: z.boolean(),
  /** whether a central database is configured (the connection string itself never leaves the core) */
  configured: z.boolean(),
  /** where it points, password masked (host, port, database) — null when not configured */
  centralDisplay: z.string().nullable(),
  terminalId: z.string(),
  storeId: z.string(),
  /** when central first accepted this terminal (null: never synced) */
  registeredAt: z.int().nullable(),
  /** events recorded here that central does not have yet */
  waiting: z.int().min(0),
  /** when the oldest of them was recorded */
  oldestWaitingAt: z.int().nullable(),
  lastPushAt: z.int().nullable(),
  lastPullAt: z.int().nullable(),
  /** the last failure in words (never a password), and when; null after a success */
  lastError: z.string().nullable(),
  lastErrorAt: z.int().nullable(),
  /** when the loop tries next (null: not scheduled) */
  nextAttemptAt: z.int().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncRunResultSchema = z.object({
  pushed: z.int().min(0),
  duplicates: z.int().min(0),
  pulled: z.int().min(0),
  conflicts: z.int().min(0),
  status: syncStatusSchema,
});

export const syncConflictSchema = z.object({
  id: z.string(),
  kind: z.string(),
  storeId: z.string().nullable(),
  terminalId: z.string().nullable(),
  memberId: z.string().nullable(),
  eventId: z.string().nullable(),
  /** what was found, in words */
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  detectedAt: z.int(),
  resolvedAt: z.int().nullable(),
  resolvedBy: z.string().nullable(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

const storeIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'A store id is 2 to 40 letters, digits, - or _, such as S-3FA9C2A1.');

export const syncChannels = {
  'sync.status': channel({
    summary:
      'Whether this till reaches the central database: off, synced, waiting, offline or refused, how many events wait and since when, the last success and the last error in words.',
    input: z.strictObject({}),
    output: syncStatusSchema,
    writes: false,
    access: 'staff',
  }),
  'sync.run': channel({
    summary:
      'Push every waiting event to central and pull catalogue and member changes now (progress through job.progress); answers what moved and the status. Managers only.',
    input: z.strictObject({ jobId: jobIdSchema.optional() }),
    output: syncRunResultSchema,
    writes: true,
    async: true,
    access: 'manager',
  }),
  'sync.configure': channel({
    summary:
      "Set (or clear, with null) the central database's connection string — kept encrypted by the operating system, never in the settings, never shown again — and this terminal's store id (only before central has registered it). Checks the connection first when `test` is true. Managers only; audited without the string.",
    input: z.strictObject({
      connectionString: z
        .string()
        .trim()
        .max(2000)
        .regex(
          /^(postgres(ql)?:\/\/|host=)/i,
          'A connection string starts with postgres:// (or postgresql://), such as postgres://ringup:secret@db.example.com:5432/ringup.',
        )
        .nullable()
        .optional(),
      storeId: storeIdSchema.optional(),
      test: z.boolean().optional(),
    }),
    output: syncStatusSchema,
    writes: true,
    async: true,
    access: 'manager',
  }),
  'sync.conflicts': channel({
    summary:
      'What central found that needs a person (points spent twice while two stores were offline, a member enrolled twice, a second device with this terminal id, another history after a restore), open first. Reads central; managers only.',
    input: z.strictObject({ includeResolved: z.boolean().optional() }),
    output: z.object({ conflicts: z.array(syncConflictSchema) }),
    writes: false,
    async: true,
    access: 'manager',
  }),
  'sync.resolveConflict': channel({
    summary:
      'Mark a conflict as settled by this manager (after looking at it); a member held back by a duplicate is pulled again. Managers only; audited.',
    input: z.strictObject({ id: z.string().min(1).max(300) }),
    output: syncConflictSchema,
    writes: true,
    async: true,
    access: 'manager',
  }),
};
