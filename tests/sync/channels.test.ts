import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/session';
import type { Result } from '../../src/shared/result';
import { uuidv7 } from '../../src/shared/uuid';
import { centralQuery, freshCentral, type SyncTerminal, syncTerminal } from './helpers';

// The sync channels through the router, as the Sync page calls them, against a real PostgreSQL:
// a wrong connection string is refused in words and changes nothing; the string is never answered,
// audited or stored in the terminal's database; the store id cannot move once registered.

let url: string;
let t: SyncTerminal;
let manager: Session;
let cashier: Session;

async function call<T>(session: Session, channel: string, input: unknown): Promise<Result<T>> {
  return (await t.terminal.router.invokeAsync(channel, input, session)) as Result<T>;
}
async function ok<T>(session: Session, channel: string, input: unknown): Promise<T> {
  const result = await call<T>(session, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.data;
}

beforeAll(async () => {
  url = await freshCentral('channels');
  // not configured at first: the manager enters the string through sync.configure
  t = await syncTerminal(url, { terminalId: 'T-CH0001', seed: { products: 10, members: 0, sales: 2, seed: 9 } });
  t.service.setConnectionString(null);
  const operator = newSession(true);
  const login = async (role: 'manager' | 'cashier') => {
    const pin = role === 'manager' ? '86420975' : '5731';
    const made = await ok<{ id: string }>(operator, 'staff.create', { name: `Sync ${role}`, pin, roles: [role] });
    const session = newSession();
    await ok(session, 'auth.login', { staffId: made.id, pin });
    return session;
  };
  manager = await login('manager');
  cashier = await login('cashier');
}, 60_000);

afterAll(async () => t?.close());

const wrongPassword = () => {
  const u = new URL(url);
  u.password = 'not-the-password-123';
  return u.toString();
};

describe('sync channels', () => {
  it('off until configured; a cashier may read the status but not run or configure', async () => {
    const status = await ok<{ state: string; waiting: number; configured: boolean }>(cashier, 'sync.status', {});
    expect(status).toMatchObject({ state: 'off', configured: false });
    expect(status.waiting).toBeGreaterThan(0);
    const run = await call(cashier, 'sync.run', { jobId: uuidv7() });
    expect(run.ok ? null : run.error.code).toBe('FORBIDDEN');
    const configure = await call(cashier, 'sync.configure', { connectionString: url });
    expect(configure.ok ? null : configure.error.code).toBe('FORBIDDEN');
  });

  it('a wrong password, checked first, is refused in words and nothing is kept', async () => {
    const result = await call(manager, 'sync.configure', { connectionString: wrongPassword(), test: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CENTRAL_UNAVAILABLE');
    expect(result.error.message).toMatch(/password/i);
    expect(result.error.message).not.toContain('not-the-password-123');
    expect((await ok<{ configured: boolean }>(manager, 'sync.status', {})).configured).toBe(false);
  });

  it('a good string is kept out of sight: not answered, not audited, not in the database file', async () => {
    const status = await ok<Record<string, unknown>>(manager, 'sync.configure', {
      connectionString: url,
      test: true,
      storeId: 'S-CHANNEL1',
    });
    const password = decodeURIComponent(new URL(url).password);
    expect(JSON.stringify(status)).not.toContain(password);
    expect(status).toMatchObject({ configured: true, storeId: 'S-CHANNEL1' });
    expect(String(status.centralDisplay)).toContain(new URL(url).pathname);
    const audit = t.terminal.sqlite.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'sync.%'").all() as {
      action: string;
      details: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['sync.store_id', 'sync.central_set']));
    for (const row of audit) expect(row.details ?? '').not.toContain(password);
    const dump = t.terminal.sqlite.prepare("SELECT group_concat(value, ' ') AS v FROM settings").get() as { v: string };
    expect(dump.v).not.toContain(password);
  });

  it('sync.run pushes with progress as a job, then the status says synced', async () => {
    const jobId = uuidv7();
    const result = await ok<{ pushed: number; status: { state: string; waiting: number } }>(manager, 'sync.run', { jobId });
    expect(result.pushed).toBeGreaterThan(0);
    expect(result.status).toMatchObject({ state: 'synced', waiting: 0 });
    const progress = await ok<{ state: string; channel: string }>(manager, 'job.progress', { jobId });
    expect(progress).toMatchObject({ state: 'done', channel: 'sync.run' });
  });

  it('the store id cannot change once central has registered the terminal', async () => {
    const result = await call(manager, 'sync.configure', { storeId: 'S-ELSEWHERE' });
    expect(result.ok ? null : result.error.code).toBe('CONFLICT');
    expect((await ok<{ storeId: string }>(manager, 'sync.status', {})).storeId).toBe('S-CHANNEL1');
  });

  it('lists central conflicts and settles one (audited here)', async () => {
    await centralQuery(
      url,
      "INSERT INTO sync_conflicts (id, kind, store_id, terminal_id, member_id, details, detected_at) VALUES ('points_overspent:test', 'points_overspent', 'S-CHANNEL1', 'T-CH0001', 'M-1', '{\"memberId\":\"M-1\",\"centralBalance\":-40}', 1)",
    );
    const listed = await ok<{ conflicts: { id: string; summary: string }[] }>(manager, 'sync.conflicts', {});
    expect(listed.conflicts.map((c) => c.id)).toContain('points_overspent:test');
    expect(listed.conflicts[0]?.summary).toMatch(/-40 points/);
    const settled = await ok<{ resolvedBy: string }>(manager, 'sync.resolveConflict', { id: 'points_overspent:test' });
    expect(settled.resolvedBy).toMatch(/\(/);
    expect((await ok<{ conflicts: unknown[] }>(manager, 'sync.conflicts', {})).conflicts).toEqual([]);
    const again = await call(manager, 'sync.resolveConflict', { id: 'points_overspent:test' });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    const missing = await call(manager, 'sync.resolveConflict', { id: 'no-such-conflict' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('stopping the sync clears the string; the status says off', async () => {
    const status = await ok<{ state: string; configured: boolean }>(manager, 'sync.configure', { connectionString: null });
    expect(status).toMatchObject({ state: 'off', configured: false });
  });
});
