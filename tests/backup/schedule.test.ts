import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readScheduleState } from '../../electron/core/features/backup/folder';
import { applyRetention, runScheduledBackup, startBackupSchedule } from '../../electron/core/features/backup/schedule';
import { openTerminal } from '../../electron/core/terminal';
import type { ChannelOutput } from '../../src/shared/contract';
import { countRows, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

type Listed = ChannelOutput<'backup.list'>;
const DAY = 86_400_000;

let t: TestTerminal | null = null;
afterEach(() => t?.close());

describe('scheduled backups', () => {
  it('runs a missed backup at start, records it beside the database (it survives a restart), and not twice', async () => {
    let now = new Date(2027, 3, 1, 9, 0).getTime();
    t = await makeTerminal({ now: () => now, catalogue: false });
    const runs: unknown[] = [];
    const stop = startBackupSchedule(t.terminal.ctx, { checkEveryMs: 20, onRun: (run) => runs.push(run) });
    for (let i = 0; i < 200 && runs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await stop();
    expect(runs).toHaveLength(1);
    const list = okData<Listed>(t.call('backup.list', {}, t.manager));
    expect(list.lastScheduled).toMatchObject({ ok: true, error: null });
    expect(list.backups.filter((b) => b.kind === 'scheduled')).toHaveLength(1);
    expect(countRows(t.sqlite, 'audit_log', "action = 'backup.create'")).toBe(1);
    // after a restart the schedule knows it ran today
    t.terminal.close();
    const reopened = await openTerminal(t.file, { now: () => now });
    try {
      expect(readScheduleState(t.file).lastScheduled?.at).toBe(new Date(2027, 3, 1, 9, 0).getTime());
      const stopAgain = startBackupSchedule(reopened.ctx, { checkEveryMs: 20, onRun: (run) => runs.push(run) });
      await new Promise((r) => setTimeout(r, 150));
      await stopAgain();
      expect(runs).toHaveLength(1);
      now += DAY;
      expect((await runScheduledBackup(reopened.ctx))?.ok).toBe(true);
    } finally {
      reopened.close();
      t.temp.cleanup();
      t = null;
    }
  });

  it('records a failure (an unreachable folder) for the warning, kept after later good runs', async () => {
    const now = new Date(2027, 3, 1, 9, 0).getTime();
    t = await makeTerminal({ now: () => now, catalogue: false });
    const blocker = t.temp.path('not-a-folder');
    writeFileSync(blocker, 'x');
    okData(t.call('settings.update', { backup: { folder: join(blocker, 'backups') } }, t.manager));
    const failed = await runScheduledBackup(t.terminal.ctx);
    expect(failed).toMatchObject({ ok: false });
    expect(failed?.error).toMatch(/cannot be written/);
    okData(t.call('settings.update', { backup: { folder: t.temp.path('stick') } }, t.manager));
    expect((await runScheduledBackup(t.terminal.ctx))?.ok).toBe(true);
    const list = okData<Listed>(t.call('backup.list', {}, t.manager));
    expect(list.folder).toBe(t.temp.path('stick'));
    expect(list.lastScheduled?.ok).toBe(true);
    expect(list.lastFailure?.error).toMatch(/cannot be written/);
    // settings kept the other backup keys
    expect(okData<{ backup: { hour: number; keepDaily: number } }>(t.call('settings.get', {}, t.manager)).backup).toMatchObject({
      hour: 2,
      keepDaily: 7,
    });
  });

  it('prunes scheduled backups by retention and leaves manual ones alone', async () => {
    let now = Date.UTC(2027, 0, 1, 2);
    t = await makeTerminal({ now: () => now, catalogue: false });
    okData(await t.router.invokeAsync('backup.create', {}, t.manager));
    for (let day = 0; day < 20; day++) {
      now = Date.UTC(2027, 0, 1, 2) + day * DAY;
      expect((await runScheduledBackup(t.terminal.ctx))?.ok).toBe(true);
    }
    const list = okData<Listed>(t.call('backup.list', {}, t.manager));
    const scheduled = list.backups.filter((b) => b.kind === 'scheduled').map((b) => new Date(b.createdAt).toISOString().slice(0, 10));
    // 2027-01-20 is a Wednesday: the last 7 days, and the Sundays of the 3 weeks before (01-03, 01-10; 01-17 is daily)
    expect(scheduled.sort()).toEqual([
      '2027-01-03',
      '2027-01-10',
      '2027-01-14',
      '2027-01-15',
      '2027-01-16',
      '2027-01-17',
      '2027-01-18',
      '2027-01-19',
      '2027-01-20',
    ]);
    expect(list.backups.filter((b) => b.kind === 'manual')).toHaveLength(1);
    expect(applyRetention(t.terminal.ctx, list.folder, now)).toEqual([]);
  });
});
