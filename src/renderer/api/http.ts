import type { RingupApi } from '../../shared/api';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { JOB_CHANNELS } from '../../shared/contract/names';
import type { Result } from '../../shared/result';
import { asEnvelope, failure } from './errors';

export interface HttpApiOptions {
  /** the bearer token of this run of `ringup serve`, or null when the page was opened without it */
  token: string | null;
  fetch?: typeof fetch;
  /** where `/api/<channel>` lives; same origin by default */
  baseUrl?: string;
  timeoutMs?: number;
}

const NO_TOKEN_MESSAGE =
  'This page was opened without its access token. Open the full address printed by “ringup serve” (the one ending in #token=…).';
const BAD_TOKEN_MESSAGE = 'The terminal service refused this page’s access token. Open the address it printed when it started.';

/** Web mode: POST /api/<channel> with the bearer token; every outcome, even a network failure, is an envelope. */
export function createHttpApi(options: HttpApiOptions): RingupApi {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? 30_000;

  return {
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      if (!options.token) return failure('UNAUTHENTICATED', NO_TOKEN_MESSAGE, { transport: 'token' });
      const controller = new AbortController();
      // long work (a backup, an export) is watched through job.progress, which has its own Cancel:
      // its answer may take as long as the work does (job.progress itself may not)
      const long = JOB_CHANNELS.includes(channel);
      const timer = long ? undefined : setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
          body: JSON.stringify(input ?? {}),
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        const timedOut = controller.signal.aborted;
        return failure(
          'INTERNAL',
          timedOut
            ? 'The terminal service did not answer in time. Try again.'
            : 'Cannot reach the terminal service. Check that Ringup is still running, then try again.',
          { transport: timedOut ? 'timeout' : 'network' },
        );
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 401) return failure('UNAUTHENTICATED', BAD_TOKEN_MESSAGE, { transport: 'token', status: 401 });
      if (response.status === 403) {
        return failure('FORBIDDEN', 'The terminal service only answers pages it served itself. Open the address it printed.', {
          transport: 'origin',
          status: 403,
        });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      return (
        asEnvelope<ChannelOutput<C>>(body) ??
        failure('INTERNAL', `The terminal service gave an unexpected answer (HTTP ${response.status}). Try again.`, {
          transport: 'http',
          status: response.status,
        })
      );
    },
  };
}
