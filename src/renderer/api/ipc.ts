import type { PreloadApi, RingupApi } from '../../shared/api';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { asEnvelope, failure } from './errors';

/** Electron: call the preload's function for the channel; a rejected IPC call becomes an envelope. */
export function createIpcApi(preload: PreloadApi): RingupApi {
  return {
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      const call = preload[channel] as ((input: ChannelInput<C>) => Promise<unknown>) | undefined;
      if (typeof call !== 'function') return failure('UNKNOWN_CHANNEL', `There is no operation called ${channel}.`);
      try {
        const answer = await call(input);
        return (
          asEnvelope<ChannelOutput<C>>(answer) ??
          failure('INTERNAL', 'Ringup answered with something unexpected. Try again; if it keeps happening, restart the app.')
        );
      } catch {
        return failure('INTERNAL', 'Ringup could not complete the request. Try again; if it keeps happening, restart the app.', {
          transport: 'ipc',
        });
      }
    },
  };
}
