import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppErrorData, Result } from '../../shared/result';

export type Shift = NonNullable<ChannelOutput<'shift.current'>>;
export type ShiftReport = ChannelOutput<'shift.close'>;

/** Where the working day is: which screen follows from this alone (with `closedReport`). */
export type ShiftStatus = 'unknown' | 'loading' | 'open' | 'none' | 'error';

export interface ShiftState {
  status: ShiftStatus;
  shift: Shift | null;
  /** the Z report of the shift just closed, shown until the cashier moves on */
  closedReport: ShiftReport | null;
  error: AppErrorData | null;

  load(): Promise<void>;
  open(openingFloatMinor: number): Promise<Result<Shift>>;
  close(counted: ChannelInput<'shift.close'>['counted']): Promise<Result<ShiftReport>>;
  /** leave the Z report: the next shift can be opened */
  dismissReport(): void;
  reset(): void;
}

export type ShiftStore = StoreApi<ShiftState>;

export function createShiftStore(api: RingupApi): ShiftStore {
  return createStore<ShiftState>()((set) => ({
    status: 'unknown',
    shift: null,
    closedReport: null,
    error: null,

    async load() {
      set({ status: 'loading', error: null });
      const result = await api.invoke('shift.current', {});
      if (result.ok) set({ status: result.data ? 'open' : 'none', shift: result.data });
      else set({ status: 'error', error: result.error });
    },

    async open(openingFloatMinor) {
      const result = await api.invoke('shift.open', { openingFloatMinor });
      if (result.ok) set({ status: 'open', shift: result.data, closedReport: null, error: null });
      return result;
    },

    async close(counted) {
      const result = await api.invoke('shift.close', { counted });
      if (result.ok) set({ status: 'none', shift: null, closedReport: result.data });
      return result;
    },

    dismissReport() {
      set({ closedReport: null });
    },

    reset() {
      set({ status: 'unknown', shift: null, closedReport: null, error: null });
    },
  }));
}
