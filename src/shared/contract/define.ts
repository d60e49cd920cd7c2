import type { z } from 'zod';

/** Who may call a channel: anyone (before login), any logged-in staff member, or a role. */
export type Access = 'public' | 'staff' | 'cashier' | 'manager';

export const ROLES = ['cashier', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** true when the handler writes: it then runs inside one synchronous transaction */
  writes: boolean;
  access: Access;
  summary: string;
  /** the handler does I/O (a printer, the network) and returns a promise; it runs its own short transactions */
  async?: boolean;
  /**
   * the call changes only the sale in progress (or a parked one): its transaction commits without
   * waiting for the disk (synchronous=NORMAL in WAL mode). An app crash loses nothing; a power cut
   * may lose the last scans, never a completed sale — the next FULL commit (a sale, a refund, any
   * other write) makes every commit before it durable too.
   */
  openSaleOnly?: boolean;
  /** input fields (top-level keys) whose text may hold line breaks; every other text is one line */
  multiline?: readonly string[];
}

/** Declare one channel (keeps the literal types of the schemas). */
export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}
