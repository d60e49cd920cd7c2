import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/session';
import { CASHIER_PIN, checksum, countRows, errorOf, MANAGER_PIN, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

// A cashier's till opens the Manager area with a manager's PIN (auth.elevate) and goes back (auth.endElevation).

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
let clock = START;
let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal({ now: () => clock, catalogue: false });
});
afterAll(() => t?.close());

/** A fresh session of the cashier (the router mutates the very session it is given, as in a window). */
function cashierSession(): Session {
  const session = newSession();
  okData(t.router.invoke('auth.login', { staffId: t.cashierId, pin: CASHIER_PIN }, session));
  return session;
}

describe('auth.elevate', () => {
  it('makes the session the manager’s until auth.endElevation gives it back to the cashier; both audited', () => {
    const session = cashierSession();
    errorOf(t.router.invoke('staff.list', {}, session), 'FORBIDDEN');
    const audited = countRows(t.sqlite, 'audit_log', "action LIKE 'auth.elevate%'");

    const manager = okData<{ id: string; roles: string[] }>(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session));
    expect(manager.id).toBe(t.managerId);
    expect(manager.roles).toContain('manager');
    okData(t.router.invoke('staff.list', {}, session));
    expect(okData(t.router.invoke('auth.whoami', {}, session))).toMatchObject({
      staff: { id: t.managerId },
      elevatedFrom: { id: t.cashierId },
    });

    expect(okData(t.router.invoke('auth.endElevation', {}, session))).toEqual({
      staff: { id: t.cashierId, name: expect.any(String), roles: ['cashier'] },
      ended: true,
    });
    errorOf(t.router.invoke('staff.list', {}, session), 'FORBIDDEN');
    const who = okData<{ staff: { id: string }; elevatedFrom?: unknown }>(t.router.invoke('auth.whoami', {}, session));
    expect(who.staff.id).toBe(t.cashierId);
    expect(who.elevatedFrom).toBeUndefined();
    expect(countRows(t.sqlite, 'audit_log', "action = 'auth.elevate' AND actor_staff_id = ?", t.cashierId)).toBe(1);
    expect(countRows(t.sqlite, 'audit_log', "action LIKE 'auth.elevate%'")).toBe(audited + 2);
    // ending twice does nothing
    expect(okData(t.router.invoke('auth.endElevation', {}, session))).toMatchObject({ ended: false, staff: { id: t.cashierId } });
  });

  it('refuses a cashier’s own PIN or a wrong one, counts it, and leaves the session the cashier’s', () => {
    const session = cashierSession();
    const error = errorOf(t.router.invoke('auth.elevate', { pin: CASHIER_PIN }, session), 'UNAUTHENTICATED');
    expect(error.message).toMatch(/not a manager's PIN\. 4 tries left/);
    expect(session.staff?.id).toBe(t.cashierId);
    errorOf(t.router.invoke('staff.list', {}, session), 'FORBIDDEN');
    // a right PIN resets the count
    okData(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session));
    okData(t.router.invoke('auth.endElevation', {}, session));
  });

  it('makes the till wait after 5 wrong PINs, even for the right one', () => {
    const session = cashierSession();
    for (let i = 0; i < 4; i++) errorOf(t.router.invoke('auth.elevate', { pin: '0000' }, session), 'UNAUTHENTICATED');
    errorOf(t.router.invoke('auth.elevate', { pin: '0000' }, session), 'RATE_LIMITED');
    const before = checksum(t.sqlite);
    errorOf(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session), 'RATE_LIMITED');
    expect(checksum(t.sqlite)).toBe(before);
    expect(session.staff?.id).toBe(t.cashierId);
    clock += 31_000;
    okData(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session));
    okData(t.router.invoke('auth.endElevation', {}, session));
  });

  it('is over at logout and at the next login: nobody comes back to the cashier’s rights by it', () => {
    const session = cashierSession();
    okData(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session));
    okData(t.router.invoke('auth.logout', {}, session));
    okData(t.router.invoke('auth.login', { staffId: t.managerId, pin: MANAGER_PIN }, session));
    expect(okData(t.router.invoke('auth.endElevation', {}, session))).toMatchObject({ ended: false, staff: { id: t.managerId } });
    expect(okData<{ elevatedFrom?: unknown }>(t.router.invoke('auth.whoami', {}, session)).elevatedFrom).toBeUndefined();
  });

  it('refuses a second elevation on an elevated session and changes nothing', () => {
    const session = cashierSession();
    okData(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session));
    const before = checksum(t.sqlite);
    errorOf(t.router.invoke('auth.elevate', { pin: MANAGER_PIN }, session), 'CONFLICT');
    expect(checksum(t.sqlite)).toBe(before);
    okData(t.router.invoke('auth.endElevation', {}, session));
  });
});
