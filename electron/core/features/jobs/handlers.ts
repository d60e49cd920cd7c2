import type { jobChannels } from '../../../../src/shared/contract';
import { type HandlerMap, readHandlers } from '../../ipc/handler';
import { cancelJob, jobProgress } from '../../jobs';

type JobChannel = keyof typeof jobChannels;

export const jobHandlers = readHandlers({
  'job.progress': (_ctx, input, session) => jobProgress(input.jobId, session),
  'job.cancel': (_ctx, input, session) => cancelJob(input.jobId, session),
}) satisfies HandlerMap<JobChannel>;
