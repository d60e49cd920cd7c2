import { randomBytes } from 'node:crypto';
import { ensureTerminalId } from '../features/setup/terminalId';
import { newSession } from '../session';
import type { Terminal } from '../terminal';

/** A demo staff member made by this run, with the PIN it was given (shown once, never stored in clear). */
export interface SeedStaffMember {
  name: string;
  pin: string;
  roles: string[];
}

const DEMO_STAFF = [
  { name: 'Demo Manager', roles: ['manager', 'cashier'] },
  { name: 'Demo Cashier', roles: ['cashier'] },
] as const;

/**
 * `ringup seed --staff`: a demo manager and cashier with random 6-digit PINs (skipped when a
 * staff member of that name exists), a store name when there is none, and a terminal id when
 * there is none — everything the first-run setup would have given, so the database can sell.
 */
export function seedDemoStaff(terminal: Pick<Terminal, 'sqlite' | 'ctx' | 'router'>): SeedStaffMember[] {
  terminal.sqlite.transaction(() => ensureTerminalId(terminal.ctx)).immediate();
  const operator = newSession(true);
  const existing = terminal.router.invokeTyped('staff.list', { includeInactive: true }, operator);
  const names = new Set(existing.ok ? existing.data.map((s) => s.name) : []);
  const created: SeedStaffMember[] = [];
  for (const demo of DEMO_STAFF) {
    if (names.has(demo.name)) continue;
    const pin = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0');
    const roles = [...demo.roles];
    const result = terminal.router.invokeTyped('staff.create', { name: demo.name, pin, roles }, operator);
    if (result.ok) created.push({ name: demo.name, pin, roles });
  }
  const settings = terminal.router.invokeTyped('settings.get', {}, operator);
  if (settings.ok && !settings.data.storeName) terminal.router.invokeTyped('settings.update', { storeName: 'Ringup Demo Store' }, operator);
  return created;
}
