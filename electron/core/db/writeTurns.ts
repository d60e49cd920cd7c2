/**
 * Turns at the file's write lock between the till's thread and a background writer (the sync
 * worker), through two flags in shared memory.
 *
 * SQLite orders two connections that write one file by its lock, and a connection that finds the
 * lock taken sleeps in its busy handler — 1, 2, 5, 10 ms… between tries. A sale arriving while the
 * sync worker committed a batch mark half a millisecond long slept 1 to 8 ms (strace of
 * `npm run bench:sync`, live part): the till's p99 doubled. With these turns:
 * - the background writer never starts a write while the till is in a writing call (it waits for
 *   the call to end, and gives way when both ask at the same moment);
 * - the till, arriving while a background write is under way, waits exactly as long as that write
 *   lasts (Atomics.wait, woken by the writer's notify) rather than sleeping in steps.
 * The SQLite lock still decides what is safe; the flags only order the turns, and every wait is
 * bounded, so a writer that stopped mid-write (a worker that was terminated) never blocks the till
 * for longer than `TILL_MAX_WAIT_MS`.
 */

import type { Sqlite } from './open';

const TILL = 0;
const BACKGROUND = 1;
const PROBE = 2;
/** how many writing calls the till has begun (wraps): a background writer tells from it whether the till was busy */
const TILL_CALLS = 3;

/** How long the till waits for a background write at most before leaving it to SQLite's lock. */
export const TILL_MAX_WAIT_MS = 2_000;
/** How long a background write gives way to the till's calls before it queues on SQLite's lock. */
export const BACKGROUND_MAX_WAIT_MS = 500;

/** Whether this thread may block in Atomics.wait (a browser's main thread may not; Node's may). */
function canBlock(flags: Int32Array): boolean {
  try {
    // the value differs, so this returns 'not-equal' at once where waiting is allowed, and throws where it is not
    Atomics.wait(flags, PROBE, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class WriteTurns {
  readonly buffer: SharedArrayBuffer;
  private readonly flags: Int32Array;
  private readonly blocking: boolean;

  /** New turns, or this thread's view of turns made elsewhere (the buffer passed to a worker). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.flags = new Int32Array(buffer);
    this.blocking = canBlock(this.flags);
  }

  /** The till's writing call: announced, and run once a background write under way has ended. */
  till<T>(run: () => T): T {
    Atomics.add(this.flags, TILL, 1);
    Atomics.add(this.flags, TILL_CALLS, 1);
    try {
      if (this.blocking && Atomics.load(this.flags, BACKGROUND) !== 0) {
        const deadline = performance.now() + TILL_MAX_WAIT_MS;
        for (let left = TILL_MAX_WAIT_MS; left > 0 && Atomics.load(this.flags, BACKGROUND) !== 0; left = deadline - performance.now()) {
          Atomics.wait(this.flags, BACKGROUND, 1, left);
        }
      }
      return run();
    } finally {
      Atomics.sub(this.flags, TILL, 1);
      Atomics.notify(this.flags, TILL);
    }
  }

  /**
   * A background write: started when the till is not in a writing call, the till going first when
   * both ask at once. After `maxWaitMs` of a till that is never idle it goes ahead (SQLite's lock
   * then orders the two), so a busy till slows the sync down but never stops it.
   */
  background<T>(run: () => T, maxWaitMs = BACKGROUND_MAX_WAIT_MS): T {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      const tillCalls = Atomics.load(this.flags, TILL);
      const left = deadline - performance.now();
      if (tillCalls !== 0 && left > 0 && this.blocking) {
        Atomics.wait(this.flags, TILL, tillCalls, left);
        continue;
      }
      Atomics.store(this.flags, BACKGROUND, 1);
      // the till may have announced a call between the load and the store: it goes first
      if (Atomics.load(this.flags, TILL) === 0 || deadline - performance.now() <= 0 || !this.blocking) break;
      this.release();
    }
    try {
      return run();
    } finally {
      this.release();
    }
  }

  /** A count of the till's writing calls so far: two readings differ when the till wrote in between. */
  tillCalls(): number {
    return Atomics.load(this.flags, TILL_CALLS);
  }

  /** Clear the background flag (a writer's end, or a worker that exited, perhaps mid-write). */
  release(): void {
    Atomics.store(this.flags, BACKGROUND, 0);
    Atomics.notify(this.flags, BACKGROUND);
  }
}

/** One IMMEDIATE transaction of a background writer, in its turn when the context has turns, else at once. */
export function backgroundTransaction<T>(ctx: { sqlite: Sqlite; writeTurns?: WriteTurns | undefined }, run: () => T): T {
  const write = () => ctx.sqlite.transaction(run).immediate();
  return ctx.writeTurns ? ctx.writeTurns.background(write) : write();
}
