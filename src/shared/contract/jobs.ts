import { z } from 'zod';
import { uuidSchema } from './common';
import { channel } from './define';

/**
 * Long work (backup, restore, export, import, a stock count) runs as one call of its own channel
 * carrying a `jobId` the caller made; while that call is pending the caller asks `job.progress`
 * with the same id (a progress bar), and may ask `job.cancel` where the work says it is safe.
 */
export const jobIdSchema = uuidSchema;

export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const jobProgressSchema = z.object({
  jobId: jobIdSchema,
  /** the channel doing the work, e.g. "backup.create" */
  channel: z.string(),
  state: jobStateSchema,
  /** what it is doing now, in words ("Copying", "Verifying", "Sales lines") */
  phase: z.string(),
  done: z.int().min(0),
  /** 0 while the size is not known yet */
  total: z.int().min(0),
  /** whether job.cancel may stop it now */
  cancellable: z.boolean(),
  startedAt: z.int(),
  finishedAt: z.int().nullable(),
  /** a failed job's reason, in words */
  error: z.string().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobChannels = {
  'job.progress': channel({
    summary: 'How far long work (a backup, an export, an import) has come: its phase, done of total, and whether it ended.',
    input: z.strictObject({ jobId: jobIdSchema }),
    output: jobProgressSchema,
    writes: false,
    access: 'staff',
  }),
  'job.cancel': channel({
    summary: 'Ask long work to stop where that is safe; answers its progress (state "cancelled" once it has stopped).',
    input: z.strictObject({ jobId: jobIdSchema }),
    output: jobProgressSchema,
    writes: false,
    access: 'staff',
  }),
};
