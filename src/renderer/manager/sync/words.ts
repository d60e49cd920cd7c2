import type { SyncStatus } from '../../../shared/contract/sync';

/** How a sync state looks: calm when all is well, amber when offline, red when a person must look. */
export type SyncTone = 'off' | 'synced' | 'sending' | 'offline' | 'refused';

export interface SyncWords {
  tone: SyncTone;
  /** the short word of the top bar: "Offline" */
  label: string;
  /** how many changes wait, when it is worth saying there ("Offline · 12 waiting"); null: not said */
  count: number | null;
  /** a pointer after the word, where the top bar has room ("— see Manager → Sync") */
  detail: string | null;
  /** the whole sentence (the indicator's accessible name, the Sync page's headline) */
  sentence: string;
}

function waitingWords(waiting: number): string {
  return `${waiting.toLocaleString()} ${waiting === 1 ? 'change' : 'changes'}`;
}

/** A sync status in words, for the cashier's top bar and the manager's Sync page alike. */
export function syncWords(status: SyncStatus): SyncWords {
  const { waiting } = status;
  const count = waiting > 0 ? waiting : null;
  switch (status.state) {
    case 'off':
      return {
        tone: 'off',
        label: 'Not syncing',
        count: null,
        detail: null,
        sentence: 'Not syncing: no central database is set up, this till works on its own.',
      };
    case 'offline':
      return {
        tone: 'offline',
        label: 'Offline',
        count,
        detail: null,
        sentence:
          waiting > 0
            ? `Offline: the central database cannot be reached. ${waitingWords(waiting)} wait here, kept safe, and are sent when it answers.`
            : 'Offline: the central database cannot be reached. Selling goes on; what happens here is sent when it answers.',
      };
    case 'refused':
      return {
        tone: 'refused',
        label: 'Sync stopped',
        count: null,
        detail: 'see Manager → Sync',
        sentence: `Sync stopped: the central database refused this till, a manager must look at Manager → Sync.${waiting > 0 ? ` ${waitingWords(waiting)} wait here, kept safe.` : ''}`,
      };
    default:
      // a routine run while all is sent does not make the pill flicker to Sending
      if (status.state === 'synced')
        return {
          tone: 'synced',
          label: 'Synced',
          count: null,
          detail: null,
          sentence: 'Synced with the central database: nothing is waiting.',
        };
      return {
        tone: 'sending',
        label: 'Sending',
        count,
        detail: null,
        sentence:
          waiting > 0
            ? `Sending to the central database: ${waitingWords(waiting)} waiting to be sent.`
            : 'Sending to the central database: checking for changes.',
      };
  }
}
