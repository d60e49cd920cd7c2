import { audit } from '../../audit';
import type { HandlerMap } from '../../ipc/handler';
import { elevate, elevatedFrom, endElevation, forgetElevation } from './elevation';
import { createStaff, listStaff, login, staffDirectory, updateStaff } from './staff';

export const authHandlers = {
  'auth.directory': (ctx) => staffDirectory(ctx),
  'auth.login': (ctx, input, session) => {
    // whoever logs in owns the session: an elevation on it is over
    forgetElevation(session);
    return login(ctx, session, input.staffId, input.pin);
  },
  'auth.logout': (ctx, _input, session) => {
    const staff = session.staff;
    if (staff) audit(ctx, { action: 'auth.logout', actorStaffId: staff.id, entity: 'staff', entityId: staff.id });
    session.staff = null;
    forgetElevation(session);
    return { loggedOut: staff !== null };
  },
  'auth.whoami': (_ctx, _input, session) => {
    // named only when there is one (scripts reading whoami see what they always saw)
    const from = elevatedFrom(session);
    return { staff: session.staff, operator: session.operator, ...(from ? { elevatedFrom: from } : {}) };
  },
  'auth.elevate': (ctx, input, session) => elevate(ctx, session, input.pin),
  'auth.endElevation': (ctx, _input, session) => endElevation(ctx, session),
  'staff.list': (ctx, input) => listStaff(ctx, input.includeInactive ?? false),
  'staff.create': (ctx, input, session) => createStaff(ctx, input, session.staff?.id ?? null),
  'staff.update': (ctx, input, session) => updateStaff(ctx, input, session.staff?.id ?? null),
} satisfies HandlerMap<
  | 'auth.directory'
  | 'auth.login'
  | 'auth.logout'
  | 'auth.whoami'
  | 'auth.elevate'
  | 'auth.endElevation'
  | 'staff.list'
  | 'staff.create'
  | 'staff.update'
>;
