import type { Channel, ChannelOutput, ChannelParsedInput } from '../../../src/shared/contract';
import type { CoreContext, ReadContext } from '../context';
import type { CommittedFailure } from '../errors';
import type { Session } from '../session';

/**
 * A channel's implementation: gets the parsed input, returns the output (or throws AppError).
 * Writing channels get the writer (inside one IMMEDIATE transaction). Reading channels
 * (`writes: false`) get a context that cannot write at run time — a read-only connection, or the
 * writer under PRAGMA query_only — even where their handler is still typed with CoreContext: the
 * contract's `writes` flag is a plain boolean, so this type cannot tell the two apart yet. New
 * reading handlers are written with `readHandlers({...})` (typed ReadContext: no write surface offered).
 */
export type Handler<C extends Channel> = (
  ctx: CoreContext,
  input: ChannelParsedInput<C>,
  session: Session,
) => ChannelOutput<C> | CommittedFailure | Promise<ChannelOutput<C>>;

/** A reading channel's implementation: its context offers no way to write (see ReadContext). */
export type ReadHandler<C extends Channel> = (
  ctx: ReadContext,
  input: ChannelParsedInput<C>,
  session: Session,
) => ChannelOutput<C> | CommittedFailure | Promise<ChannelOutput<C>>;

/**
 * Declare reading handlers: `readHandlers({ 'report.sales': (ctx, input) => salesReport(ctx, input) })`
 * types each `ctx` as ReadContext, so calling a function that wants the writer does not compile.
 * A ReadHandler is a Handler (a CoreContext is a ReadContext), so the result sits in any HandlerMap.
 */
export function readHandlers<C extends Channel>(map: { [K in C]: ReadHandler<K> }): { [K in C]: ReadHandler<K> } {
  return map;
}

/** One feature's handlers, typed by the contract. */
export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
