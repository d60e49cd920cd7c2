import { eq } from 'drizzle-orm';
import type { syncChannels } from '../../../src/shared/contract/sync';
import { audit } from '../audit';
import type { ReadContext } from '../context';
import { syncState } from '../db/schema';
import { AppError } from '../errors';
import { readSettings } from '../features/setup/settings';
import { type HandlerMap, readHandlers } from '../ipc/handler';
import { runJob } from '../jobs';
import { maskConnectionString } from './central/connection';
import type { SyncService } from './service';
import { readSyncState, waitingEvents } from './state';

type SyncChannel = keyof typeof syncChannels;

function serviceOf(ctx: ReadContext): SyncService {
  if (!ctx.sync)
    throw new AppError('VALIDATION', 'Sync does not run in this mode: start the app, or `ringup serve`, to sync with a central database.');
  return ctx.sync;
}

/** The status where no sync runs (a bare core in tests, `ringup call`): from the terminal alone. */
function offStatus(ctx: ReadContext) {
  const state = readSyncState(ctx);
  const { waiting, oldestAt } = waitingEvents(ctx);
  return {
    state: 'off' as const,
    running: false,
    configured: false,
    centralDisplay: null,
    terminalId: readSettings(ctx).terminalId,
    storeId: state.storeId,
    registeredAt: state.registeredAt,
    waiting,
    oldestWaitingAt: oldestAt,
    lastPushAt: state.lastPushAt,
    lastPullAt: state.lastPullAt,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt,
    nextAttemptAt: null,
  };
}

export const syncHandlers = {
  ...readHandlers({
    'sync.status': (ctx) => (ctx.sync ? ctx.sync.status(ctx) : offStatus(ctx)),
    'sync.conflicts': async (ctx, input) => ({ conflicts: await serviceOf(ctx).conflicts(input.includeResolved === true) }),
  }),
  'sync.run': async (ctx, input, session) => {
    const service = serviceOf(ctx);
    if (!service.configured())
      throw new AppError('VALIDATION', 'No central database is configured: enter its connection string in Manager → Sync.');
    const result = await runJob({ jobId: input.jobId, channel: 'sync.run', session, cancellable: true }, (job) => service.runNow(job));
    return { ...result, status: service.status() };
  },
  'sync.configure': async (ctx, input, session) => {
    const service = serviceOf(ctx);
    const actorStaffId = session.staff?.id ?? null;
    if (input.storeId !== undefined) {
      const state = readSyncState(ctx);
      if (input.storeId !== state.storeId) {
        if (state.registeredAt !== null)
          throw new AppError(
            'CONFLICT',
            `Central has registered this terminal in store ${state.storeId}: its store id can no longer change.`,
            { storeId: state.storeId },
          );
        ctx.sqlite
          .transaction(() => {
            ctx.db.update(syncState).set({ storeId: input.storeId }).where(eq(syncState.id, 1)).run();
            audit(ctx, { action: 'sync.store_id', actorStaffId, details: { from: state.storeId, to: input.storeId } });
          })
          .immediate();
      }
    }
    if (input.connectionString !== undefined) {
      const next = input.connectionString;
      if (next && input.test) await service.test(next);
      const kept = service.setConnectionString(next);
      // the audit row names the host, never the string
      ctx.sqlite
        .transaction(() =>
          audit(ctx, {
            action: next ? 'sync.central_set' : 'sync.central_cleared',
            actorStaffId,
            details: next ? { central: maskConnectionString(next).replace(/\?.*$/, ''), kept } : {},
          }),
        )
        .immediate();
      await service.reconfigure();
    }
    return service.status();
  },
  'sync.resolveConflict': async (ctx, input, session) => {
    const service = serviceOf(ctx);
    const by = session.staff ? `${session.staff.name} (${session.staff.id})` : 'operator';
    const resolved = await service.resolveConflict(input.id, by);
    ctx.sqlite
      .transaction(() =>
        audit(ctx, {
          action: 'sync.conflict_resolved',
          actorStaffId: session.staff?.id ?? null,
          entity: 'sync_conflict',
          entityId: input.id,
          details: { kind: resolved.kind },
        }),
      )
      .immediate();
    return resolved;
  },
} satisfies HandlerMap<SyncChannel>;
