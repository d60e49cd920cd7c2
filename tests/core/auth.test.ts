import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockoutMs } from '../../electron/core/features/auth/pin';
import { newSession, type Session } from '../../electron/core/session';
import {
  CASHIER_PIN,
  checksum,
  copySession,
  countRows,
  errorOf,
  MANAGER_PIN,
  makeTerminal,
  okData,
  type TestTerminal,
} from '../helpers/terminal';

interface StaffRow {
  id: string;
  name: string;
  roles: string[];
  active: boolean;
  locked: boolean;
}

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
let clock = START;
let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal({ now: () => clock, catalogue: false });
});
afterAll(() => t?.close());

/** A new staff member created by the manager (one PIN hash). */
function createStaff(name: string, pin: string, roles: string[] = ['cashier']): StaffRow {
  return okData<StaffRow>(t.call('staff.create', { name, pin, roles }, t.manager));
}

function login(staffId: string, pin: string, session: Session = newSession()) {
  return { result: t.router.invoke('auth.login', { staffId, pin }, session), session };
}

/** The audit rows about one staff member, read through a second connection (so: committed). */
function committedAudit(staffId: string): { action: string; details: string | null }[] {
  const reader = new Database(t.file, { readonly: true });
  try {
    return reader.prepare('SELECT action, details FROM audit_log WHERE entity_id = ? ORDER BY at, id').all(staffId) as {
      action: string;
      details: string | null;
    }[];
  } finally {
    reader.close();
  }
}

function staffRecord(id: string): { failed_attempts: number; locked_until: number | null; pin_hash: string } {
  return t.sqlite.prepare('SELECT failed_attempts, locked_until, pin_hash FROM staff WHERE id = ?').get(id) as {
    failed_attempts: number;
    locked_until: number | null;
    pin_hash: string;
  };
}

describe('login', () => {
  it('logs in with the right PIN, records it and opens the session with the roles', () => {
    const { result, session } = login(t.cashierId, CASHIER_PIN);
    expect(okData(result)).toEqual({ id: t.cashierId, name: 'Cai Cashier', roles: ['cashier'] });
    expect(session.staff?.id).toBe(t.cashierId);
    expect(okData(t.router.invoke('auth.whoami', {}, session))).toEqual({ staff: session.staff, operator: false });
    expect(committedAudit(t.cashierId).some((row) => row.action === 'auth.login')).toBe(true);
  });

  it('refuses an unknown staff member without writing anything', () => {
    const before = checksum(t.sqlite);
    errorOf(login('01900000-0000-7000-8000-000000000000', '1234').result, 'NOT_FOUND');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('counts wrong PINs down, locks on the 5th, and commits every failure to the audit log', () => {
    clock = START;
    const victim = createStaff('Lee Locked', '5555');
    for (let attempt = 1; attempt <= 4; attempt++) {
      const { result, session } = login(victim.id, '0000');
      const error = errorOf(result, 'UNAUTHENTICATED');
      expect(error.details).toEqual({ triesLeft: 5 - attempt });
      expect(session.staff).toBeNull();
      expect(staffRecord(victim.id).failed_attempts).toBe(attempt);
    }
    const fifth = errorOf(login(victim.id, '0000').result, 'RATE_LIMITED');
    expect(fifth.details).toEqual({ retryAfterMs: 30_000 });
    expect(staffRecord(victim.id)).toMatchObject({ failed_attempts: 5, locked_until: START + 30_000 });

    const rows = committedAudit(victim.id);
    expect(rows.filter((row) => row.action === 'auth.failed')).toHaveLength(5);
    const locked = rows.filter((row) => row.action === 'auth.locked');
    expect(locked).toHaveLength(1);
    expect(JSON.parse(locked[0]?.details ?? '{}')).toEqual({ failedAttempts: 5, waitMs: 30_000 });

    const listed = okData<StaffRow[]>(t.call('staff.list', {}, t.manager)).find((s) => s.id === victim.id);
    expect(listed?.locked).toBe(true);
  });

  it('refuses even the right PIN while locked, and says how long is left', () => {
    clock = START;
    const victim = createStaff('Mo Waiting', '6666');
    for (let i = 0; i < 5; i++) login(victim.id, '0000');
    clock = START + 10_000;
    const before = checksum(t.sqlite);
    const { result, session } = login(victim.id, '6666');
    expect(errorOf(result, 'RATE_LIMITED').details).toEqual({ retryAfterMs: 20_000 });
    expect(session.staff).toBeNull();
    // a refused attempt while locked is not another wrong PIN
    expect(checksum(t.sqlite)).toBe(before);
    expect(staffRecord(victim.id).failed_attempts).toBe(5);
  });

  it('makes the wait longer after each further wrong PIN', () => {
    clock = START;
    const victim = createStaff('Kim Slow', '7777');
    for (let i = 0; i < 5; i++) login(victim.id, '0000');
    clock += 30_000; // the first lock is over
    expect(errorOf(login(victim.id, '0000').result, 'RATE_LIMITED').details).toEqual({ retryAfterMs: 60_000 });
    clock += 60_000;
    expect(errorOf(login(victim.id, '0000').result, 'RATE_LIMITED').details).toEqual({ retryAfterMs: 120_000 });
    clock += 120_000;
    // once the wait is over, the right PIN works and clears the counter
    okData(login(victim.id, '7777').result);
    expect(staffRecord(victim.id)).toMatchObject({ failed_attempts: 0, locked_until: null });
    expect(committedAudit(victim.id).filter((row) => row.action === 'auth.locked')).toHaveLength(3);
  });

  it('grows the wait 30 s, 60 s, 120 s … up to one hour', () => {
    expect([1, 2, 3, 4].map(lockoutMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockoutMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockoutMs(12)).toBe(3_600_000);
    expect(lockoutMs(1000)).toBe(3_600_000);
  });

  it('lets a manager unlock the account at once', () => {
    clock = START;
    const victim = createStaff('Ana Unlocked', '8888');
    for (let i = 0; i < 5; i++) login(victim.id, '0000');
    expect(errorOf(login(victim.id, '8888').result, 'RATE_LIMITED'));
    const row = okData<StaffRow>(t.call('staff.update', { id: victim.id, unlock: true }, t.manager));
    expect(row.locked).toBe(false);
    expect(staffRecord(victim.id)).toMatchObject({ failed_attempts: 0, locked_until: null });
    okData(login(victim.id, '8888').result);
  });

  it('forgets earlier wrong PINs after a right one', () => {
    clock = START;
    const person = createStaff('Pat Careless', '9999');
    for (let i = 0; i < 4; i++) login(person.id, '0000');
    okData(login(person.id, '9999').result);
    const again = errorOf(login(person.id, '0000').result, 'UNAUTHENTICATED');
    expect(again.details).toEqual({ triesLeft: 4 });
  });
});

describe('PIN storage', () => {
  it('keeps PINs only as scrypt hashes: the plain PIN is nowhere in the database file', () => {
    const pin = '90817263';
    const changedPin = '56473829';
    const person = createStaff('Sam Secret', pin);
    okData(t.call('staff.update', { id: person.id, pin: changedPin }, t.manager));
    okData(login(person.id, changedPin).result);
    const record = staffRecord(person.id);
    expect(record.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(record.pin_hash).not.toContain(changedPin);

    t.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat([readFileSync(t.file), readFileSync(`${t.file}-wal`, { flag: 'a+' })]);
    // 8-digit PINs only: any 4 digits (the cashier's PIN) turn up by chance among the file's numbers
    // (timestamps in events and audit rows); that one's hash is checked on its own row instead
    expect(CASHIER_PIN.length).toBeLessThan(8);
    for (const secret of [pin, changedPin, MANAGER_PIN]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), `PIN ${secret} found in the file`).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `PIN ${secret} found in the file (UTF-16)`).toBe(false);
    }
  });

  it('salts every hash: the same PIN twice gives two different hashes', () => {
    const a = createStaff('Twin A', '2468');
    const b = createStaff('Twin B', '2468');
    expect(staffRecord(a.id).pin_hash).not.toBe(staffRecord(b.id).pin_hash);
  });
});

describe('setup and staff rules', () => {
  it('refuses setup.createFirstManager once staff exists, and changes nothing', () => {
    const before = checksum(t.sqlite);
    const session = newSession();
    const error = errorOf(
      t.router.invoke('setup.createFirstManager', { name: 'Intruder', pin: '1111', storeName: 'Taken Over' }, session),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/already set up/);
    expect(session.staff).toBeNull();
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a duplicate staff name (any case) with CONFLICT', () => {
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('staff.create', { name: 'cai cashier', pin: '1212', roles: ['cashier'] }, t.manager), 'CONFLICT');
    expect(error.details).toMatchObject({ field: 'name', holderId: t.cashierId });
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('never leaves the terminal without an active manager', () => {
    const before = checksum(t.sqlite);
    // the operator (the CLI's owner of the file) is not a staff member: only this rule stops them
    const operator = newSession(true);
    for (const change of [{ roles: ['cashier'] }, { active: false }, { roles: ['cashier'], active: true }]) {
      const error = errorOf(t.call('staff.update', { id: t.managerId, ...change }, operator), 'CONFLICT');
      expect(error.message).toMatch(/at least one active manager/);
    }
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a manager taking away their own manager role or deactivating themselves, and changes nothing', () => {
    const before = checksum(t.sqlite);
    const audited = countRows(t.sqlite, 'audit_log');
    for (const [change, words] of [
      [{ roles: ['cashier'] }, /your own manager role/],
      [{ active: false }, /cannot deactivate yourself/],
      [{ roles: ['cashier'], active: true }, /your own manager role/],
    ] as const) {
      const error = errorOf(t.call('staff.update', { id: t.managerId, ...change }, t.manager), 'FORBIDDEN');
      expect(error.message).toMatch(words);
    }
    expect(checksum(t.sqlite)).toBe(before);
    expect(countRows(t.sqlite, 'audit_log')).toBe(audited);
    // what is not a step down of their own stays theirs to change
    okData(t.call('staff.update', { id: t.managerId, roles: ['cashier', 'manager'] }, t.manager));
  });

  it('lets a manager step down once another active manager exists', () => {
    const deputy = createStaff('Dee Deputy', '3434', ['manager']);
    const deputySession = newSession();
    okData(login(deputy.id, '3434', deputySession).result);
    okData(t.call('staff.update', { id: deputy.id, roles: ['cashier'] }, t.manager));
    // the only manager left cannot step down now
    errorOf(t.call('staff.update', { id: t.managerId, roles: ['cashier'] }, newSession(true)), 'CONFLICT');
  });

  it('applies a role change at once, also to a session that is already open', () => {
    const person = createStaff('Rui Rising', '4545');
    const session = newSession();
    okData(login(person.id, '4545', session).result);
    errorOf(t.router.invoke('staff.list', {}, copySession(session)), 'FORBIDDEN');

    okData(t.call('staff.update', { id: person.id, roles: ['cashier', 'manager'] }, t.manager));
    okData(t.router.invoke('staff.list', {}, session));
    expect(session.staff?.roles).toEqual(['cashier', 'manager']);

    okData(t.call('staff.update', { id: person.id, roles: ['cashier'] }, t.manager));
    errorOf(t.router.invoke('staff.list', {}, session), 'FORBIDDEN');
    // and a new login carries the new roles
    expect(okData<{ roles: string[] }>(login(person.id, '4545').result).roles).toEqual(['cashier']);
  });

  it('ends the rights of a deactivated staff member, open session included', () => {
    const person = createStaff('Vic Leaving', '5656');
    const session = newSession();
    okData(login(person.id, '5656', session).result);
    okData(t.router.invoke('settings.get', {}, session));
    okData(t.call('staff.update', { id: person.id, active: false }, t.manager));
    errorOf(t.router.invoke('settings.get', {}, session), 'UNAUTHENTICATED');
    errorOf(login(person.id, '5656').result, 'NOT_FOUND');
    const directory = okData<{ id: string }[]>(t.router.invoke('auth.directory', {}, newSession()));
    expect(directory.map((d) => d.id)).not.toContain(person.id);
    const all = okData<StaffRow[]>(t.call('staff.list', { includeInactive: true }, t.manager));
    expect(all.find((s) => s.id === person.id)?.active).toBe(false);
    expect(countRows(t.sqlite, 'audit_log', "action = 'staff.update' AND entity_id = ?", person.id)).toBe(1);
  });
});
