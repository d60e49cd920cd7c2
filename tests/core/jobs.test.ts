import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { cancelJob, detachedJob, jobProgress, runJob } from '../../electron/core/jobs';
import { newSession, type Session } from '../../electron/core/session';

function staffSession(id: string): Session {
  return { staff: { id, name: id, roles: ['manager'] }, operator: false };
}

describe('jobs: long work seen through job.progress and stopped by job.cancel', () => {
  it('shows the phase and done/total while it runs, and done once it is over', async () => {
    const jobId = randomUUID();
    const session = staffSession('m1');
    let step: () => void = () => {};
    const running = runJob({ jobId, channel: 'test.work', session }, async (job) => {
      job.progress('Copying', 3, 10);
      await new Promise<void>((resolve) => {
        step = resolve;
      });
      job.progress('Verifying', 10, 10);
      return 'result';
    });
    expect(jobProgress(jobId, session)).toMatchObject({ state: 'running', phase: 'Copying', done: 3, total: 10, finishedAt: null });
    step();
    await expect(running).resolves.toBe('result');
    expect(jobProgress(jobId, session)).toMatchObject({ state: 'done', phase: 'Verifying', done: 10, total: 10, error: null });
  });

  it('is cancelled only while it says it may be, and then says so', async () => {
    const jobId = randomUUID();
    const session = staffSession('m1');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = runJob({ jobId, channel: 'test.work', session }, async (job) => {
      await gate;
      job.setCancellable(true);
      await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      job.throwIfCancelled();
      return 'never';
    });
    expect(() => cancelJob(jobId, session)).toThrow(AppError);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    cancelJob(jobId, session);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(jobProgress(jobId, session)).toMatchObject({ state: 'cancelled', error: expect.stringContaining('Stopped') });
  });

  it('records a failure in words, refuses the same id twice at once, and hides one person’s job from another', async () => {
    const jobId = randomUUID();
    const owner = staffSession('m1');
    let release: () => void = () => {};
    const running = runJob({ jobId, channel: 'test.work', session: owner }, async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      throw new AppError('VALIDATION', 'The file is not a Ringup backup.');
    });
    await expect(runJob({ jobId, channel: 'test.work', session: owner }, () => 1)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(() => jobProgress(jobId, staffSession('someone-else'))).toThrow(/no such job/);
    expect(jobProgress(jobId, newSession(true)).state).toBe('running'); // the operator sees every job
    release();
    await expect(running).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(jobProgress(jobId, owner)).toMatchObject({ state: 'failed', error: 'The file is not a Ringup backup.' });
  });

  it('runs untracked without an id, and a detached job reports to its callback and its signal', async () => {
    await expect(runJob({ jobId: undefined, channel: 'test.work', session: newSession() }, () => 7)).resolves.toBe(7);
    const seen: string[] = [];
    const controller = new AbortController();
    const job = detachedJob((phase, done, total) => seen.push(`${phase} ${done}/${total}`), controller.signal);
    job.progress('Rows', 5, 9);
    job.throwIfCancelled();
    controller.abort();
    expect(() => job.throwIfCancelled()).toThrow(/Stopped/);
    expect(seen).toEqual(['Rows 5/9']);
  });
});
