import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { TILL_MAX_WAIT_MS, WriteTurns } from '../../electron/core/db/writeTurns';

// The till's thread and a background writer on another thread (a real worker, as the sync worker
// is), ordering their writes through WriteTurns. Every check is on the order of things, never on
// how fast they went: a slow machine only widens the windows.

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

async function startWorker(turns: WriteTurns) {
  const log = new Int32Array(new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT));
  worker = new Worker(new URL('../helpers/writeTurnsWorker.mjs', import.meta.url), {
    workerData: { turns: turns.buffer, log: log.buffer },
  });
  const [ready] = await once(worker, 'message');
  expect(ready).toBe('ready');
  return { worker, log };
}

describe('WriteTurns', () => {
  it('keeps a background write from starting while the till is in a writing call, and lets it in after', async () => {
    const turns = new WriteTurns();
    const { worker: w, log } = await startWorker(turns);
    const done = once(w, 'message');
    let insideDuringCall = -1;
    turns.till(() => {
      w.postMessage('background');
      // the worker has asked for its turn…
      expect(Atomics.wait(log, 0, 0, 10_000)).not.toBe('timed-out');
      // …and, a while later, is still waiting for the call to end
      Atomics.wait(log, 7, 0, 30);
      insideDuringCall = Atomics.load(log, 1);
    });
    expect(insideDuringCall).toBe(0);
    await done;
    expect(Atomics.load(log, 1)).toBe(1);
  });

  it('makes a till call that arrives during a background write wait until that write has ended', async () => {
    const turns = new WriteTurns();
    const { worker: w, log } = await startWorker(turns);
    const done = once(w, 'message');
    w.postMessage('hold');
    expect(Atomics.wait(log, 2, 0, 10_000)).not.toBe('timed-out');
    // the background write is under way: the call runs only once it is over
    const endedBefore = turns.till(() => Atomics.load(log, 3));
    expect(endedBefore).toBe(1);
    await done;
  });

  it('never keeps the till waiting longer than TILL_MAX_WAIT_MS on a writer that stopped mid-write, and release() frees it', () => {
    const turns = new WriteTurns();
    // a writer that took its turn and never gave it back (a terminated worker)
    new Int32Array(turns.buffer)[1] = 1;
    const t0 = performance.now();
    expect(turns.till(() => 'ran')).toBe('ran');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(TILL_MAX_WAIT_MS - 50);
    turns.release();
    const t1 = performance.now();
    turns.till(() => {});
    expect(performance.now() - t1).toBeLessThan(TILL_MAX_WAIT_MS);
  });

  it("runs a background write at once on the till's own thread between calls, and lets a call nest", () => {
    const turns = new WriteTurns();
    expect(turns.background(() => 1)).toBe(1);
    expect(turns.till(() => turns.till(() => 2))).toBe(2);
    expect(new Int32Array(turns.buffer).slice(0, 2)).toEqual(new Int32Array([0, 0]));
  });
});
