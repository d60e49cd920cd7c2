import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CartNotice, PastStockRequest, Product } from './cart';
import type { StaffSession } from './session';

/** The dialogs of the working day; one at a time (a manager's PIN prompt may sit on top). */
export type DialogRequest =
  | { kind: 'pay' }
  | { kind: 'discount'; productId: string | null }
  | { kind: 'price'; productId: string }
  /** a product sold by weight, scanned or picked: its weight is added to its line */
  | { kind: 'weigh'; product: Product; source: CartNotice['source'] }
  /** a weighed line weighed again: the new weight replaces the line's */
  | { kind: 'reweigh'; productId: string }
  /** a scan beyond the stock count: sell anyway, or ask a manager */
  | { kind: 'pastStock'; request: PastStockRequest }
  | { kind: 'park' }
  | { kind: 'resume' }
  | { kind: 'refund' }
  | { kind: 'noSale' }
  | { kind: 'cashMovement'; direction: 'paid_in' | 'paid_out' }
  | { kind: 'xReport' }
  | { kind: 'reprint' }
  | { kind: 'closeShift' }
  | { kind: 'shiftMenu' }
  | { kind: 'logout' }
  /** the loyalty programme: find or enrol a member, a member's page and what is done from it */
  | { kind: 'loyalty'; view: LoyaltyView };

/** Which loyalty dialog is open, and for which member. */
export type LoyaltyView =
  | { screen: 'find' }
  /** `query`: what was typed into the find dialog (a phone, an email or a name to start the form with) */
  | { screen: 'enrol'; query?: string }
  | { screen: 'member' | 'edit' | 'transfer' | 'adjust' | 'stop' | 'export' | 'erase'; memberId: string };

/** Where the working day is shown: the till, or the Manager area (managers only). */
export type Area = 'till' | 'manager';

/** The key of a section of the Manager area (see manager/sections.tsx: one entry per key). */
export type ManagerSectionKey =
  | 'shift'
  | 'products'
  | 'categories'
  | 'taxClasses'
  | 'staff'
  | 'settings'
  | 'backups'
  | 'export'
  | 'import'
  | 'reports'
  | 'pastSales'
  | 'zReports'
  | 'audit'
  | 'stock'
  | 'sync';

export interface UiState {
  dialog: DialogRequest | null;
  area: Area;
  /** which section of the Manager area is shown */
  managerSection: ManagerSectionKey;
  /** a cashier asked for the Manager area: the manager's PIN prompt is open, for this section */
  managerDoor: ManagerSectionKey | null;
  /** a manager's PIN opened the Manager area on this cashier's session: the cashier the till goes back to */
  elevatedFrom: StaffSession | null;
  open(dialog: DialogRequest): void;
  close(): void;
  setArea(area: Area): void;
  /** the Manager area, at this section */
  showManager(section: ManagerSectionKey): void;
  setManagerSection(section: ManagerSectionKey): void;
  setManagerDoor(section: ManagerSectionKey | null): void;
  setElevatedFrom(staff: StaffSession | null): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()((set) => ({
    dialog: null,
    area: 'till',
    managerSection: 'shift',
    managerDoor: null,
    elevatedFrom: null,
    open(dialog) {
      set({ dialog });
    },
    close() {
      set({ dialog: null });
    },
    setArea(area) {
      set(area === 'till' ? { area, dialog: null, managerDoor: null, elevatedFrom: null } : { area, dialog: null });
    },
    showManager(managerSection) {
      set({ area: 'manager', managerSection, dialog: null, managerDoor: null });
    },
    setManagerSection(managerSection) {
      set({ managerSection });
    },
    setManagerDoor(managerDoor) {
      set({ managerDoor });
    },
    setElevatedFrom(elevatedFrom) {
      set({ elevatedFrom });
    },
  }));
}
