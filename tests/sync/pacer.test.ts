import { describe, expect, it } from 'vitest';
import { WriteTurns } from '../../electron/core/db/writeTurns';
import { BUSY_TILL_SHARE, tillPacer } from '../../electron/core/sync/push';

// Between two push batches: a till that wrote during the batch gets the machine back for a while,
// a till at rest costs the push nothing. Checked by lower bounds only (a timer never fires early).

const busyFor = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the batch's work
  }
};

describe('tillPacer', () => {
  it('rests (1 − share) / share of the batch when the till wrote during it, and not when it did not', async () => {
    const turns = new WriteTurns();
    const pace = tillPacer(turns, BUSY_TILL_SHARE);
    busyFor(20);
    let t0 = performance.now();
    await pace();
    const restIdle = performance.now() - t0;

    busyFor(20);
    turns.till(() => {});
    t0 = performance.now();
    await pace();
    const restBusy = performance.now() - t0;
    // a 20 ms batch at a quarter of the time: 60 ms of rest
    expect(restBusy).toBeGreaterThanOrEqual((20 * (1 - BUSY_TILL_SHARE)) / BUSY_TILL_SHARE - 2);
    expect(restIdle).toBeLessThan(restBusy);
  });
});
