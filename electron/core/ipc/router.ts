import { DrizzleQueryError } from 'drizzle-orm';
import type { z } from 'zod';
import { type Channel, type ChannelOutput, contract, isChannel, type Role } from '../../../src/shared/contract';
import { AmountLimitError, MAX_AMOUNT_MINOR } from '../../../src/shared/pricing/limits';
import { fail, ok, type Result } from '../../../src/shared/result';
import { textProblem } from '../../../src/shared/text';
import type { CoreContext, ReadContext } from '../context';
import type { Sqlite } from '../db/open';
import { AppError, CommittedFailure } from '../errors';
import { refreshSessionIfStale } from '../features/auth/staff';
import type { Session } from '../session';
import type { Handler } from './handler';
import { handlers as defaultHandlers } from './handlers';

export interface RouterOptions {
  /** Parse the output of reading channels with its schema too (tests and development); writing channels' always are. */
  validateOutput?: boolean;
  handlers?: { [C in Channel]: Handler<C> };
  /**
   * What `writes: false` handlers run on: a read-only connection to the same file (openReadSqlite).
   * Without one (an in-memory database, a router built by hand) they run on the writer with
   * PRAGMA query_only on for the call, restored after it: either way a read cannot write.
   */
  readCtx?: ReadContext;
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

/** The SQLite error code of an error, also when drizzle wrapped it (DrizzleQueryError's cause). */
function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof DrizzleQueryError ? sqliteCode(error.cause) : null;
}

function sqliteErrorToApp(error: unknown): AppError | null {
  const code = sqliteCode(error);
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return new AppError('CONFLICT', 'That already exists.');
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new AppError('NOT_FOUND', 'Something this refers to does not exist.');
  return new AppError('VALIDATION', 'The request breaks a rule of the database.');
}

/** The first text of `value` (walked in full) that breaks the text rule, with its path. */
function findTextProblem(value: unknown, multiline: readonly string[], path: string[] = []): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value, path.length > 0 && multiline.includes(path[0] ?? ''));
    return problem ? { path: path.join('.'), message: problem } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  // (for…in, no entries array, and a field's path built only for a problem: this walks every call's input)
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      const problem = textProblem(item, multiline.length > 0 && multiline.includes(path[0] ?? key));
      if (problem) return { path: [...path, key].join('.'), message: problem };
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    const found = findTextProblem(item, multiline, [...path, key]);
    if (found) return found;
  }
  return null;
}

// PRAGMA synchronous of a connection, read at its first write (a pragma is prepared afresh at each
// call, ~6 µs): openDatabase sets it, nothing else does but writeWithDurability, which puts it back.
// A script that lowers it later only gets FULL back after the sale-in-progress writes — never less.
const synchronousLevels = new WeakMap<Sqlite, number>();
function synchronousOf(sqlite: Sqlite): number {
  let level = synchronousLevels.get(sqlite);
  if (level === undefined) {
    level = sqlite.pragma('synchronous', { simple: true }) as number;
    synchronousLevels.set(sqlite, level);
  }
  return level;
}

/**
 * Run a write. A change of the sale in progress only (`openSaleOnly`) commits with synchronous=NORMAL
 * when the connection is at FULL, and FULL is put back however it ends: the scan does not wait for
 * the disk (an fsync, ~0.4 ms here, several on a till's eMMC), a process crash still loses nothing,
 * and the next FULL commit — every sale, refund and other write — flushes it with its own.
 */
function writeWithDurability<T>(sqlite: Sqlite, openSaleOnly: boolean, run: () => T): T {
  if (!openSaleOnly || synchronousOf(sqlite) !== 2) return run();
  sqlite.pragma('synchronous = NORMAL');
  try {
    return run();
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

/** Thrown inside the transaction when a writing handler's result breaks its schema: it rolls back. */
class InvalidOutput extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('output does not match the contract');
  }
}

/**
 * Runs `run` with PRAGMA query_only on (unless it already was), and puts it back however `run`
 * ends. Through pragma() each time, not a cached statement: SQLite applies a flag pragma when the
 * statement is prepared, so re-running a prepared `query_only = ON` would not switch it again.
 */
function withQueryOnly<T>(sqlite: Sqlite, run: () => T): T {
  const already = sqlite.pragma('query_only', { simple: true }) === 1;
  if (!already) sqlite.pragma('query_only = ON');
  try {
    return run();
  } finally {
    if (!already) sqlite.pragma('query_only = OFF');
  }
}

/** The one entry point of the core: contract lookup → zod parse → role check → transaction → envelope. */
export function createRouter(ctx: CoreContext, options: RouterOptions = {}): Router {
  const table = options.handlers ?? defaultHandlers;
  const reader = options.readCtx && options.readCtx.sqlite !== ctx.sqlite ? options.readCtx : null;
  // one transaction function for every call: better-sqlite3 builds its four wrappers at each
  // transaction() (~15 µs, a tenth of a scan); this one runs the call it is given
  const inTransaction = ctx.sqlite.transaction((run: () => unknown) => run());
  if (reader && !reader.sqlite.readonly) throw new Error('createRouter: readCtx must be a read-only connection (see openReadSqlite)');

  /**
   * A reading handler's call. On the read connection when there is one — a CoreContext at run time
   * (handlers still typed with it work), which SQLite refuses to write through; the caches it keeps
   * (settings) also move with this process's own writes, and another's within 200 ms. Otherwise, and for
   * async reads (their per-printer turns are keyed by the writer), on the writer under query_only:
   * an async handler's database work happens before its first await, which is what is guarded.
   */
  const runRead = <T>(handler: (ctx: CoreContext) => T, async: boolean): T => {
    if (reader && !async) {
      return handler(reader as unknown as CoreContext);
    }
    return withQueryOnly(ctx.sqlite, () => handler(ctx));
  };

  /** Throws InvalidOutput when `output` breaks the channel's output schema (CommittedFailures are not results). */
  const checkOutput = (channel: Channel, output: unknown): void => {
    if (output instanceof CommittedFailure) return;
    const checked = contract[channel].output.safeParse(output);
    if (!checked.success) throw new InvalidOutput(checked.error.issues);
  };

  const finish = (output: unknown): Result<unknown> => {
    if (output instanceof CommittedFailure) {
      const { code, message, details } = output.error;
      return fail(code, message, details);
    }
    return ok(output);
  };

  const failure = (channel: string, error: unknown): Result<unknown> => {
    if (error instanceof InvalidOutput) {
      ctx.log.error('ipc.output_invalid', { channel, issues: error.issues.slice(0, 5) });
      return fail('INTERNAL', 'Something went wrong inside Ringup. Nothing was saved; the problem was logged.');
    }
    if (error instanceof AmountLimitError) {
      return fail('VALIDATION', `That comes to more than the largest amount Ringup records (${MAX_AMOUNT_MINOR} in minor units).`, {
        maxAmountMinor: MAX_AMOUNT_MINOR,
      });
    }
    if (sqliteCode(error) === 'SQLITE_READONLY' && isChannel(channel) && !contract[channel].writes) {
      // a reading handler tried to write: a bug of ours, refused by SQLite before anything changed
      ctx.log.error('ipc.read_wrote', { channel, error });
      return fail('INTERNAL', 'Something went wrong inside Ringup. Nothing was saved; the problem was logged.');
    }
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
    const badText = findTextProblem(parsed.data, def.multiline ?? []);
    if (badText) {
      return {
        error: fail('VALIDATION', badText.path ? `${badText.path}: ${badText.message}` : badText.message, { issues: [badText] }),
      };
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
      const run = (context: CoreContext) => handler(context, admitted.data as never, session);
      const output = await (contract[admitted.channel].writes ? run(ctx) : runRead(run, true));
      // an async handler commits its own short transactions: its result is checked, not rolled back
      if (options.validateOutput) checkOutput(admitted.channel, output);
      return finish(output);
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
      const def = contract[admitted.channel];
      if (!def.writes) {
        const output = runRead((context) => handler(context, admitted.data as never, session), false);
        if (options.validateOutput) checkOutput(admitted.channel, output);
        return finish(output);
      }
      // a writing call is ONE synchronous IMMEDIATE transaction: all of it lands, or none of it —
      // and its result is checked against the contract before the commit, so a wrong one rolls back
      // (built only for a write: a read's call does not pay for the closure)
      const write = () =>
        writeWithDurability(ctx.sqlite, def.openSaleOnly === true, () =>
          inTransaction.immediate(() => {
            const result = handler(ctx, admitted.data as never, session);
            checkOutput(admitted.channel, result);
            return result;
          }),
        );
      // in the till's turn: a background writer (the sync worker) waits for the call, and the call for its short write
      return finish(ctx.writeTurns ? ctx.writeTurns.till(write) : write());
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
