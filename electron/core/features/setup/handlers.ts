import { AppError } from '../../errors';
import { type HandlerMap, readHandlers } from '../../ipc/handler';
import { countStaff, createStaff, login } from '../auth/staff';
import { readSettings, writeSettings } from './settings';
import { ensureTerminalId } from './terminalId';

export const setupHandlers = {
  ...readHandlers({
    'setup.status': (ctx) => {
      const settings = readSettings(ctx);
      return {
        needsSetup: countStaff(ctx) === 0,
        storeName: settings.storeName || null,
        currency: settings.storeName ? settings.currency : null,
      };
    },
    'settings.get': (ctx) => readSettings(ctx),
  }),
  'setup.createFirstManager': (ctx, input, session) => {
    if (countStaff(ctx) > 0) {
      throw new AppError('FORBIDDEN', 'This terminal is already set up. Ask a manager to add you.');
    }
    // a terminal id given here wins; else keep the one a seed (or migrate) already gave, or make one
    writeSettings(ctx, { storeName: input.storeName, currency: input.currency, terminalId: input.terminalId }, null);
    ensureTerminalId(ctx);
    const manager = createStaff(ctx, { name: input.name, pin: input.pin, roles: ['manager', 'cashier'] }, null);
    const result = login(ctx, session, manager.id, input.pin);
    if (!('id' in result)) throw result.error;
    return result;
  },
  'settings.update': (ctx, input, session) => writeSettings(ctx, input, session.staff?.id ?? null),
} satisfies HandlerMap<'setup.status' | 'setup.createFirstManager' | 'settings.get' | 'settings.update'>;
