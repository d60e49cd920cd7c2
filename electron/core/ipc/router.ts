import type { z } from 'zod';
import { type Channel, type ChannelOutput, contract, isChannel, type Role } from '../../../src/shared/contract';
import { fail, ok, type Result } from '../../../src/shared/result';
import type { CoreContext } from '../context';
import { AppError, CommittedFailure } from '../errors';
import { refreshSessionIfStale } from '../features/auth/staff';
import type { Session } from '../session';
import type { Handler } from './handler';
import { handlers as defaultHandlers } from './handlers';

export interface RouterOptions {
  /** Parse every output with its schema too (tests and development). */
  validateOutput?: boolean;
  handlers?: { [C in Channel]: Handler<C> };
}

export interface Router {
  /** Validate, authorise and run one call; never throws — every outcome is an envelope. */
  invoke(channel: string, input: unknown, session: Session): Result<unknown>;
  /** The same for every channel, including those whose handlers do I/O (what IPC, web and CLI use). */
  invokeAsync(channel: string, input: unknown, session: Session): Promise<Result<unknown>>;
  invokeTyped<C extends Channel>(channel: C, input: unknown, session: Session): Result<ChannelOutput<C>>;
}

function hasRole(session: Session, role: Role): boolean {
  const roles = session.staff?.roles ?? [];
  // a manager may do everything a cashier may
  return roles.includes(role) || (role === 'cashier' && roles.includes('manager'));
}

function describeIssues(error: z.ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'The request is not valid.';
  return { message, issues };
}

function sqliteErrorToApp(error: unknown): AppError | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return new AppError('CONFLICT', 'That already exists.');
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new AppError('NOT_FOUND', 'Something this refers to does not exist.');
  return new AppError('VALIDATION', 'The request breaks a rule of the database.');
}

/** The one entry point of the core: contract lookup → zod parse → role check → transaction → envelope. */
export function createRouter(ctx: CoreContext, options: RouterOptions = {}): Router {
  const table = options.handlers ?? defaultHandlers;

  const finish = (channel: Channel, output: unknown): Result<unknown> => {
    if (output instanceof CommittedFailure) {
      const { code, message, details } = output.error;
      return fail(code, message, details);
    }
    if (options.validateOutput) {
      const checked = contract[channel].output.safeParse(output);
      if (!checked.success) {
        ctx.log.error('ipc.output_invalid', { channel, issues: checked.error.issues.slice(0, 5) });
        return fail('INTERNAL', 'Something went wrong inside Ringup. The problem was logged.');
      }
    }
    return ok(output);
  };

  const failure = (channel: string, error: unknown): Result<unknown> => {
    const known = error instanceof AppError ? error : sqliteErrorToApp(error);
    if (known) return fail(known.code, known.message, known.details);
    ctx.log.error('ipc.internal', { channel, error });
    return fail('INTERNAL', 'Something went wrong inside Ringup. The problem was logged.');
  };

  /** Validation and access: an envelope to return at once, or the parsed input to run with. */
  const admit = (channel: string, input: unknown, session: Session): { error: Result<unknown> } | { channel: Channel; data: unknown } => {
    if (!isChannel(channel)) return { error: fail('UNKNOWN_CHANNEL', `There is no operation called ${String(channel).slice(0, 80)}.`) };
    const def = contract[channel];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      const { message, issues } = describeIssues(parsed.error);
      return { error: fail('VALIDATION', message, { issues }) };
    }
    // roles and the active flag are read fresh: a manager's change applies to sessions already open
    if (session.staff) {
      try {
        refreshSessionIfStale(ctx, session);
      } catch (error) {
        return { error: failure(channel, error) };
      }
    }
    if (def.access !== 'public' && !session.operator) {
      if (!session.staff) return { error: fail('UNAUTHENTICATED', 'Log in first.') };
      if (def.access !== 'staff' && !hasRole(session, def.access)) {
        return { error: fail('FORBIDDEN', `Only a ${def.access} may do this.`, { required: def.access }) };
      }
    }
    return { channel, data: parsed.data };
  };

  const invokeAsync = async (channel: string, input: unknown, session: Session): Promise<Result<unknown>> => {
    if (!isChannel(channel) || !(contract[channel] as { async?: boolean }).async) return invoke(channel, input, session);
    const admitted = admit(channel, input, session);
    if ('error' in admitted) return admitted.error;
    try {
      const handler = table[admitted.channel] as Handler<Channel>;
      return finish(admitted.channel, await handler(ctx, admitted.data as never, session));
    } catch (error) {
      return failure(channel, error);
    }
  };

  const invoke = (channel: string, input: unknown, session: Session): Result<unknown> => {
    if (isChannel(channel) && (contract[channel] as { async?: boolean }).async) {
      return fail('INTERNAL', `${channel} does I/O: call it with invokeAsync.`);
    }
    const admitted = admit(channel, input, session);
    if ('error' in admitted) return admitted.error;
    const handler = table[admitted.channel] as Handler<Channel>;
    try {
      const run = () => handler(ctx, admitted.data as never, session);
      // a writing call is ONE synchronous IMMEDIATE transaction: all of it lands, or none of it
      const output = contract[admitted.channel].writes ? ctx.sqlite.transaction(run).immediate() : run();
      return finish(admitted.channel, output);
    } catch (error) {
      return failure(channel, error);
    }
  };
  return {
    invoke,
    invokeAsync,
    invokeTyped: <C extends Channel>(channel: C, input: unknown, session: Session) =>
      invoke(channel, input, session) as Result<ChannelOutput<C>>,
  };
}
