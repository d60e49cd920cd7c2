import { z } from 'zod';
import { emptyInput, idSchema, nameSchema, pinSchema } from './common';
import { channel, ROLES } from './define';

export const roleSchema = z.enum(ROLES);

export const sessionStaffSchema = z.object({
  id: idSchema,
  name: z.string(),
  roles: z.array(roleSchema),
});

export const whoamiSchema = z.object({
  staff: sessionStaffSchema.nullable(),
  operator: z.boolean(),
  /** a manager's PIN opened the Manager area on this cashier's session: the cashier it goes back to */
  elevatedFrom: sessionStaffSchema.nullable().optional(),
});

export const staffRowSchema = z.object({
  id: idSchema,
  name: z.string(),
  roles: z.array(roleSchema),
  active: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.int().nullable(),
  createdAt: z.int(),
});

export const authChannels = {
  'auth.directory': channel({
    summary: 'Names of active staff for the login screen (no roles, no secrets).',
    input: emptyInput,
    output: z.array(z.object({ id: idSchema, name: z.string() })),
    writes: false,
    access: 'public',
  }),
  'auth.login': channel({
    summary: 'Log a staff member in with their PIN; after 5 wrong PINs the account waits, longer each time.',
    input: z.strictObject({ staffId: idSchema, pin: pinSchema }),
    output: sessionStaffSchema,
    writes: true,
    access: 'public',
  }),
  'auth.logout': channel({
    summary: 'End the current session.',
    input: emptyInput,
    output: z.object({ loggedOut: z.boolean() }),
    writes: true,
    access: 'public',
  }),
  'auth.whoami': channel({
    summary: 'Who is logged in on this terminal session.',
    input: emptyInput,
    output: whoamiSchema,
    writes: false,
    access: 'public',
  }),
  'auth.elevate': channel({
    summary:
      "A cashier's till opens the Manager area with a manager's PIN: the session is the manager's until auth.endElevation (wrong PINs are counted; after 5 the till waits).",
    input: z.strictObject({ pin: pinSchema }),
    output: sessionStaffSchema,
    writes: true,
    access: 'staff',
  }),
  'auth.endElevation': channel({
    summary: 'Back to the till after auth.elevate: the session is the cashier’s again. Does nothing on a session that was not elevated.',
    input: emptyInput,
    output: z.object({ staff: sessionStaffSchema.nullable(), ended: z.boolean() }),
    writes: true,
    access: 'staff',
  }),
  'staff.list': channel({
    summary: 'All staff members with their roles.',
    input: z.strictObject({ includeInactive: z.boolean().optional() }),
    output: z.array(staffRowSchema),
    writes: false,
    access: 'manager',
  }),
  'staff.create': channel({
    summary: 'Add a staff member with a PIN and roles.',
    input: z.strictObject({ name: nameSchema, pin: pinSchema, roles: z.array(roleSchema).min(1).max(2) }),
    output: staffRowSchema,
    writes: true,
    access: 'manager',
  }),
  'staff.update': channel({
    summary:
      'Rename, change roles, set a new PIN, unlock or deactivate a staff member. A manager cannot take away their own manager role or deactivate themselves.',
    input: z.strictObject({
      id: idSchema,
      name: nameSchema.optional(),
      pin: pinSchema.optional(),
      roles: z.array(roleSchema).min(1).max(2).optional(),
      active: z.boolean().optional(),
      unlock: z.boolean().optional(),
    }),
    output: staffRowSchema,
    writes: true,
    access: 'manager',
  }),
};
