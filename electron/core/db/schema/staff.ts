import { relations } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const roles = sqliteTable('roles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

/** Staff members. The PIN is stored only as an scrypt hash (`scrypt$N$r$p$salt$hash`). */
export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    pinHash: text('pin_hash').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: integer('locked_until'),
    lastLoginAt: integer('last_login_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('staff_name_uq').on(t.name)],
);

export const staffRoles = sqliteTable(
  'staff_roles',
  {
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.roleId] }), index('staff_roles_role_idx').on(t.roleId)],
);

// staff ↔ roles through staff_roles (relational queries go staff → staffRoles → role)

export const rolesRelations = relations(roles, ({ many }) => ({
  staffRoles: many(staffRoles),
}));

export const staffRelations = relations(staff, ({ many }) => ({
  staffRoles: many(staffRoles),
}));

export const staffRolesRelations = relations(staffRoles, ({ one }) => ({
  staff: one(staff, { fields: [staffRoles.staffId], references: [staff.id] }),
  role: one(roles, { fields: [staffRoles.roleId], references: [roles.id] }),
}));
