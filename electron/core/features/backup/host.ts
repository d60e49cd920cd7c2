import { fail, type Result } from '../../../../src/shared/result';
import type { ReadSqlite } from '../../context';
import { AppError } from '../../errors';
import type { Router } from '../../ipc/router';

// What the backup feature keeps per open database (keyed by the writer connection): whether a
// backup or restore is running (one at a time), whether the file is being replaced (the terminal
// then answers every call but job.* with "wait"), and who wants to hear that a restore happened.

let binding: string | undefined;

/** The better-sqlite3 build the terminal opened with (Electron's own): backup connections use it too. */
export function setNativeBinding(nativeBinding: string | undefined): void {
  binding = nativeBinding;
}

export function nativeBindingOption(): { nativeBinding?: string } {
  return binding ? { nativeBinding: binding } : {};
}

const busy = new WeakMap<ReadSqlite, string>();
const restoring = new WeakSet<ReadSqlite>();
const listeners = new WeakMap<ReadSqlite, Set<(info: RestoredInfo) => void>>();

export interface RestoredInfo {
  name: string;
  backupCreatedAt: number;
}

/** Run `work` as the one backup/restore of this database; a second one at once is a CONFLICT. */
export async function withBackupTurn<T>(sqlite: ReadSqlite, what: string, work: () => Promise<T>): Promise<T> {
  const running = busy.get(sqlite);
  if (running) throw new AppError('CONFLICT', `A ${running} is running on this terminal: wait for it to finish.`);
  busy.set(sqlite, what);
  try {
    return await work();
  } finally {
    busy.delete(sqlite);
  }
}

/** Whether the database behind this connection is being replaced by a restore right now. */
export function isRestoring(sqlite: ReadSqlite): boolean {
  return restoring.has(sqlite);
}

export function setRestoring(sqlite: ReadSqlite, on: boolean): void {
  if (on) restoring.add(sqlite);
  else restoring.delete(sqlite);
}

/** Hear about every restore into this database (the edges log everyone out); returns the unsubscribe. */
export function onRestored(sqlite: ReadSqlite, listener: (info: RestoredInfo) => void): () => void {
  let set = listeners.get(sqlite);
  if (!set) {
    set = new Set();
    listeners.set(sqlite, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

export function notifyRestored(sqlite: ReadSqlite, info: RestoredInfo): void {
  for (const listener of listeners.get(sqlite) ?? []) {
    try {
      listener(info);
    } catch {
      // a listener's failure must not turn a finished restore into an error
    }
  }
}

/**
 * The router the edges call, closed while a restore replaces the file: every call but job.*
 * (the restore's own progress) is answered "wait" instead of meeting a locked database.
 */
export function guardDuringRestore(router: Router, sqlite: ReadSqlite): Router {
  const refused = (channel: string): Result<never> | null =>
    isRestoring(sqlite) && !channel.startsWith('job.')
      ? fail('CONFLICT', 'A backup is being restored on this terminal: wait a moment, then log in again.')
      : null;
  return {
    invoke: (channel, input, session) => refused(channel) ?? router.invoke(channel, input, session),
    invokeAsync: async (channel, input, session) => refused(channel) ?? router.invokeAsync(channel, input, session),
    invokeTyped: (channel, input, session) => refused(channel) ?? router.invokeTyped(channel, input, session),
  };
}
