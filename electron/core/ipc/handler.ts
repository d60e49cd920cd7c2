import type { Channel, ChannelOutput, ChannelParsedInput } from '../../../src/shared/contract';
import type { CoreContext } from '../context';
import type { CommittedFailure } from '../errors';
import type { Session } from '../session';

/** A channel's implementation: gets the parsed input, returns the output (or throws AppError). */
export type Handler<C extends Channel> = (
  ctx: CoreContext,
  input: ChannelParsedInput<C>,
  session: Session,
) => ChannelOutput<C> | CommittedFailure | Promise<ChannelOutput<C>>;

/** One feature's handlers, typed by the contract. */
export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
