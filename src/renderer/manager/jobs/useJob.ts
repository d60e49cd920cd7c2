import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { JobProgress } from '../../../shared/contract/jobs';
import type { AppErrorData, Result } from '../../../shared/result';
import { useServices } from '../../stores/context';

/** The channels that run as long work: their input takes a caller-made `jobId`. */
export type JobChannel = { [C in Channel]: 'jobId' extends keyof ChannelInput<C> ? C : never }[Channel];

/** What a job's input is without its `jobId` (the hook makes one per run). */
export type JobInput<C extends JobChannel> = Omit<ChannelInput<C>, 'jobId'>;

/** How often a running job's progress is asked for. */
export const JOB_POLL_MS = 250;

export interface JobHandle {
  /** run `channel` as a job; the answer is the channel's own envelope once the work ended */
  start<C extends JobChannel>(channel: C, input: JobInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** true from start until the channel answered */
  running: boolean;
  /** the latest job.progress answer; null before the first one (and after the run ended) */
  progress: JobProgress | null;
  /** ask the core to stop the job (only offered while progress.cancellable) */
  cancel(): Promise<void>;
  /** the core's refusal of a cancel, in its words */
  cancelError: AppErrorData | null;
}

/**
 * Long work as one call of its own channel with a fresh `jobId`, while `job.progress` is polled
 * every 250 ms for the progress bar; `cancel` asks `job.cancel`. One job at a time per hook.
 */
export function useJob(): JobHandle {
  const { api } = useServices();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [cancelError, setCancelError] = useState<AppErrorData | null>(null);
  const jobIdRef = useRef<string | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback(
    async <C extends JobChannel>(channel: C, input: JobInput<C>): Promise<Result<ChannelOutput<C>>> => {
      const jobId = crypto.randomUUID();
      jobIdRef.current = jobId;
      setRunning(true);
      setProgress(null);
      setCancelError(null);
      let finished = false;
      let asking = false;
      const poll = async () => {
        if (finished || asking) return;
        asking = true;
        const answer = await api.invoke('job.progress', { jobId });
        asking = false;
        // NOT_FOUND before the work has registered its job: keep what is shown and ask again
        if (!finished && answer.ok && mounted.current && jobIdRef.current === jobId) setProgress(answer.data);
      };
      const timer = setInterval(() => void poll(), JOB_POLL_MS);
      try {
        return await api.invoke(channel, { ...input, jobId } as ChannelInput<C>);
      } finally {
        finished = true;
        clearInterval(timer);
        if (mounted.current && jobIdRef.current === jobId) {
          jobIdRef.current = null;
          setRunning(false);
          setProgress(null);
        }
      }
    },
    [api],
  );

  const cancel = useCallback(async () => {
    const jobId = jobIdRef.current;
    if (!jobId) return;
    const answer = await api.invoke('job.cancel', { jobId });
    if (!mounted.current || jobIdRef.current !== jobId) return;
    if (answer.ok) {
      setProgress(answer.data);
      setCancelError(null);
    } else setCancelError(answer.error);
  }, [api]);

  return { start, running, progress, cancel, cancelError };
}
