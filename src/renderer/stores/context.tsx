import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { RingupApi } from '../../shared/api';
import type { CartState, CartStore } from './cart';
import type { CatalogState, CatalogStore } from './catalog';
import type { SessionState, SessionStore } from './session';
import type { ShiftState, ShiftStore } from './shift';
import type { UiState, UiStore } from './ui';

export interface Services {
  api: RingupApi;
  session: SessionStore;
  catalog: CatalogStore;
  cart: CartStore;
  shift: ShiftStore;
  ui: UiStore;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesProvider>');
  return services;
}

export function useSession<T>(select: (state: SessionState) => T): T {
  return useStore(useServices().session, select);
}

export function useCatalog<T>(select: (state: CatalogState) => T): T {
  return useStore(useServices().catalog, select);
}

export function useCart<T>(select: (state: CartState) => T): T {
  return useStore(useServices().cart, select);
}

export function useShift<T>(select: (state: ShiftState) => T): T {
  return useStore(useServices().shift, select);
}

export function useUi<T>(select: (state: UiState) => T): T {
  return useStore(useServices().ui, select);
}
