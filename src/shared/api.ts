import type { Channel, ChannelInput, ChannelOutput } from './contract';
import type { Result } from './result';

/** The one interface the renderer talks to, whatever carries the call (preload IPC or HTTP). */
export interface RingupApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
}
