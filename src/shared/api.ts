import type { Channel, ChannelInput, ChannelOutput } from './contract';
import type { Result } from './result';

/** The one interface the renderer talks to, whatever carries the call (preload IPC or HTTP). */
export interface RingupApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
}

/** What the preload exposes as `window.ringup`: one function per channel, nothing else. */
export type PreloadApi = { readonly [C in Channel]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>> };
