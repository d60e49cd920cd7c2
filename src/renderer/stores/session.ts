import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RingupApi } from '../../shared/api';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppErrorData, Result } from '../../shared/result';

export type StaffSession = ChannelOutput<'auth.login'>;
export type DirectoryEntry = ChannelOutput<'auth.directory'>[number];
export type Settings = ChannelOutput<'settings.get'>;

/** Where the app is: which screen to show follows from this alone. */
export type Phase = 'starting' | 'unreachable' | 'setup' | 'login' | 'ready';

export interface SessionState {
  phase: Phase;
  /** store name and currency as known before login (setup.status) and after (settings.get) */
  storeName: string | null;
  currency: string;
  /** the store settings read at login (pricing, cash rounding, the cashier's discount limit) */
  settings: Settings | null;
  staff: StaffSession | null;
  directory: DirectoryEntry[];
  directoryLoading: boolean;
  /** a problem that blocks the current screen (start-up, directory, settings) */
  error: AppErrorData | null;
  /** a calm explanation shown on the login screen (e.g. the session ended elsewhere) */
  notice: string | null;

  start(): Promise<void>;
  createFirstManager(input: ChannelInput<'setup.createFirstManager'>): Promise<Result<StaffSession>>;
  loadDirectory(): Promise<void>;
  login(staffId: string, pin: string): Promise<Result<StaffSession>>;
  logout(): Promise<void>;
  /** the other side no longer knows us: back to login without calling anything */
  sessionLost(): void;
}

export type SessionStore = StoreApi<SessionState>;

/** A manager approves their own restricted actions: no PIN prompt for them. */
export function isManager(staff: StaffSession | null): boolean {
  return staff?.roles.includes('manager') ?? false;
}

const DEFAULT_CURRENCY = 'EUR';

export function createSessionStore(api: RingupApi): SessionStore {
  return createStore<SessionState>()((set, get) => {
    /** After a successful login or setup: read the store settings, then open the app. */
    const enter = async (staff: StaffSession) => {
      set({ staff, error: null, notice: null });
      const settings = await api.invoke('settings.get', {});
      if (settings.ok) {
        set({ storeName: settings.data.storeName, currency: settings.data.currency, settings: settings.data, phase: 'ready' });
      } else {
        // the catalogue still works with the currency known from setup.status; say what failed
        set({ phase: 'ready', error: settings.error });
      }
    };

    const toLogin = async (notice: string | null) => {
      set({ phase: 'login', staff: null, settings: null, notice });
      await get().loadDirectory();
    };

    return {
      phase: 'starting',
      storeName: null,
      currency: DEFAULT_CURRENCY,
      settings: null,
      staff: null,
      directory: [],
      directoryLoading: false,
      error: null,
      notice: null,

      async start() {
        set({ phase: 'starting', error: null });
        const status = await api.invoke('setup.status', {});
        if (!status.ok) {
          set({ phase: 'unreachable', error: status.error });
          return;
        }
        set({ storeName: status.data.storeName, currency: status.data.currency ?? DEFAULT_CURRENCY });
        if (status.data.needsSetup) {
          set({ phase: 'setup' });
          return;
        }
        const who = await api.invoke('auth.whoami', {});
        if (who.ok && who.data.staff) {
          // a reload during a visit to the Manager area with a manager's PIN ends the visit: the
          // till is the cashier's again, with their sale (the core ends it, audited)
          if (who.data.elevatedFrom) {
            const back = await api.invoke('auth.endElevation', {});
            if (back.ok && back.data.staff) {
              await enter(back.data.staff);
              return;
            }
          }
          await enter(who.data.staff);
          return;
        }
        await toLogin(null);
      },

      async createFirstManager(input) {
        const result = await api.invoke('setup.createFirstManager', input);
        if (result.ok) {
          set({ storeName: input.storeName.trim(), currency: input.currency ?? DEFAULT_CURRENCY });
          await enter(result.data);
        }
        return result;
      },

      async loadDirectory() {
        set({ directoryLoading: true });
        const result = await api.invoke('auth.directory', {});
        if (result.ok) set({ directory: result.data, directoryLoading: false, error: null });
        else set({ directoryLoading: false, error: result.error });
      },

      async login(staffId, pin) {
        const result = await api.invoke('auth.login', { staffId, pin });
        if (result.ok) await enter(result.data);
        return result;
      },

      async logout() {
        const result = await api.invoke('auth.logout', {});
        await toLogin(null);
        if (!result.ok) set({ error: result.error });
      },

      sessionLost() {
        if (get().phase !== 'ready') return;
        void toLogin('Your session has ended. Please log in again.');
      },
    };
  });
}
