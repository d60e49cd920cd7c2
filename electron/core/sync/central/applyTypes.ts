import type { EventPayload, EventTopic } from '../../../../src/shared/events';
import type { members, products, syncConflicts } from './schema';

// The shapes the apply modules share: an event as central receives it, what applying found, and
// the fold's per-id map (apply.ts folds, applyPulled.ts and applyMovements.ts write).

/** One outbox event as central receives it (the terminal's row, payload parsed). */
export interface CentralEvent {
  id: string;
  seq: number;
  topic: string;
  entityId: string;
  payload: Record<string, unknown>;
  createdAt: number;
}

export interface ApplyScope {
  storeId: string;
  terminalId: string;
  now: number;
}

export type Conflict = typeof syncConflicts.$inferInsert;

/** What applying one batch found that needs a person (also written to sync_conflicts). */
export interface ApplyReport {
  conflicts: Conflict[];
}

export const payloadOf = <T extends EventTopic>(event: CentralEvent) => event.payload as unknown as EventPayload<T>;

/** Keeps the last value per key (events arrive in seq order, so the last is the newest state). */
export class Latest<T> extends Map<string, T> {
  put(key: string, value: T): void {
    this.delete(key);
    this.set(key, value);
  }
}

export type ProductRow = typeof products.$inferInsert & { barcodes: string[] };
export type MemberRow = typeof members.$inferInsert;

/** Records one conflict of the batch (its store, terminal and time are the batch's). */
export type RecordConflict = (c: Omit<Conflict, 'detectedAt' | 'storeId' | 'terminalId'>) => void;
