import { audit } from '../../audit';
import type { HandlerMap } from '../../ipc/handler';
import { createStaff, listStaff, login, staffDirectory, updateStaff } from './staff';

export const authHandlers = {
  'auth.directory': (ctx) => staffDirectory(ctx),
  'auth.login': (ctx, input, session) => login(ctx, session, input.staffId, input.pin),
  'auth.logout': (ctx, _input, session) => {
    const staff = session.staff;
    if (staff) audit(ctx, { action: 'auth.logout', actorStaffId: staff.id, entity: 'staff', entityId: staff.id });
    session.staff = null;
    return { loggedOut: staff !== null };
  },
  'auth.whoami': (_ctx, _input, session) => ({ staff: session.staff, operator: session.operator }),
  'staff.list': (ctx, input) => listStaff(ctx, input.includeInactive ?? false),
  'staff.create': (ctx, input, session) => createStaff(ctx, input, session.staff?.id ?? null),
  'staff.update': (ctx, input, session) => updateStaff(ctx, input, session.staff?.id ?? null),
} satisfies HandlerMap<'auth.directory' | 'auth.login' | 'auth.logout' | 'auth.whoami' | 'staff.list' | 'staff.create' | 'staff.update'>;
