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
  /** the open shift the logged-in person chose to sell on though someone else opened it (shift.join, recorded by the core) */
  joinedShiftId: string | null;

  load(): Promise<void>;
  /** sell on the open shift someone else opened: the core records it */
  join(): Promise<Result<Shift>>;
  open(openingFloatMinor: number): Promise<Result<Shift>>;
  close(counted: ChannelInput<'shift.close'>['counted']): Promise<Result<ShiftReport>>;
  /** leave the Z report: the next shift can be opened */
  dismissReport(): void;
  reset(): void;
}

export type ShiftStore = StoreApi<ShiftState>;

export function createShiftStore(api: RingupApi): ShiftStore {
  return createStore<ShiftState>()((set, get) => ({
    status: 'unknown',
    shift: null,
    closedReport: null,
    error: null,
    joinedShiftId: null,

    async load() {
      set({ status: 'loading', error: null });
      const result = await api.invoke('shift.current', {});
      if (result.ok) set({ status: result.data ? 'open' : 'none', shift: result.data });
      else set({ status: 'error', error: result.error });
    },

    async join() {
      const current = get().shift;
      if (!current) return { ok: false, error: { code: 'SHIFT_CLOSED', message: 'No shift is open on this till.' } };
      const result = await api.invoke('shift.join', { shiftId: current.id });
      if (result.ok) set({ shift: result.data, joinedShiftId: result.data.id });
      // closed meanwhile: read again what is open now
      else if (result.error.code === 'CONFLICT') await get().load();
      return result;
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
      set({ status: 'unknown', shift: null, closedReport: null, error: null, joinedShiftId: null });
    },
  }));
}
