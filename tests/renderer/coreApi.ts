import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSession, type Session } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import type { Product } from '../../src/renderer/stores/cart';
import type { Settings } from '../../src/renderer/stores/session';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import type { FakeApi, FakeHandlers } from './fakeApi';

export const CORE_MANAGER_PIN = '9999';
export const CORE_CASHIER_PIN = '2468';

export interface CoreApiOptions {
  /** the products the core sells: their ids, prices, tax rates, barcodes and flags are kept as given */
  catalogue?: Product[];
  /** the store settings (anything settings.update takes) */
  settings?: Partial<Omit<Settings, 'terminalId'>>;
  /** who is logged in at the till (default: the cashier) */
  staff?: 'cashier' | 'manager' | 'nobody';
  /** open a shift for the logged-in staff member (default true) */
  openShift?: boolean;
  /** who opened that shift, when not the one logged in (a manager logging in on the cashier's shift) */
  shiftBy?: 'cashier' | 'manager';
  /** channels answered here instead of by the core (a printer, a fault) */
  handlers?: FakeHandlers;
}

export interface CoreApi extends FakeApi {
  terminal: Terminal;
  /** the session the window's calls run in */
  session: Session;
  manager: Session;
  staffIds: { cashier: string; manager: string };
  /** a call as another window or script would make it: straight to the core, not recorded */
  call<C extends Channel>(channel: C, input: ChannelInput<C>, session?: Session): ChannelOutput<C>;
  close(): void;
}

/**
 * The renderer's edge wired to a real core: a terminal on a temporary SQLite file, a manager
 * "Mara Manager" (PIN 9999) and a cashier "Ada Lovelace", the given catalogue, and the window's
 * session logged in. Every call is recorded (as the fake api does) and answered by the core's
 * router, unless a handler answers it (a printer, an injected fault).
 */
export async function createCoreApi(options: CoreApiOptions = {}): Promise<CoreApi> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-renderer-'));
  const terminal = await openTerminal(join(dir, 'till.db'), { validateOutput: true });
  const manager = newSession();
  const direct = <C extends Channel>(channel: C, input: ChannelInput<C>, session: Session = manager): ChannelOutput<C> => {
    const result = terminal.router.invoke(channel, input, session) as Result<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  direct('setup.createFirstManager', {
    name: 'Mara Manager',
    pin: CORE_MANAGER_PIN,
    storeName: 'Corner Shop',
    currency: 'EUR',
    terminalId: 'T1',
  });
  direct('staff.create', { name: 'Ada Lovelace', pin: CORE_CASHIER_PIN, roles: ['cashier'] });
  const directory = direct('staff.list', {});
  const staffIds = {
    cashier: directory.find((entry) => entry.name === 'Ada Lovelace')?.id ?? '',
    manager: directory.find((entry) => entry.name === 'Mara Manager')?.id ?? '',
  };
  direct('settings.update', { cashRoundingStep: 1, ...options.settings });
  seedCatalogue(terminal, direct, options.catalogue ?? []);

  const staff = options.staff ?? 'cashier';
  const session = staff === 'manager' ? manager : newSession();
  if (staff === 'cashier') direct('auth.login', { staffId: staffIds.cashier, pin: CORE_CASHIER_PIN }, session);
  if (options.shiftBy && options.shiftBy !== staff) {
    const opener = options.shiftBy === 'manager' ? manager : newSession();
    if (options.shiftBy === 'cashier') direct('auth.login', { staffId: staffIds.cashier, pin: CORE_CASHIER_PIN }, opener);
    direct('shift.open', { openingFloatMinor: 15000 }, opener);
  } else if (staff !== 'nobody' && options.openShift !== false) direct('shift.open', { openingFloatMinor: 15000 }, session);

  const api: CoreApi = {
    calls: [],
    handlers: options.handlers ?? {},
    terminal,
    session,
    manager,
    staffIds,
    callsTo: (channel) => api.calls.filter((entry) => entry.channel === channel).map((entry) => entry.input),
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      api.calls.push({ channel, input });
      const handler = api.handlers[channel] as
        | ((input: ChannelInput<C>) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>)
        | undefined;
      if (handler) return handler(input);
      // a JSON round trip, as over IPC or HTTP: nothing shared by reference with the core
      const result = await terminal.router.invokeAsync(channel, JSON.parse(JSON.stringify(input ?? {})), session);
      return JSON.parse(JSON.stringify(result)) as Result<ChannelOutput<C>>;
    },
    call: (channel, input, as = session) => direct(channel, input, as),
    close() {
      terminal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}

/** The fixture products with their own ids (tests name them), tax classes per rate, barcodes and stock. */
function seedCatalogue(
  terminal: Terminal,
  direct: <C extends Channel>(c: C, i: ChannelInput<C>) => ChannelOutput<C>,
  catalogue: Product[],
) {
  const taxClassIds = new Set<string>();
  const sqlite = terminal.sqlite;
  for (const product of catalogue) {
    const taxClassId = product.taxClassId;
    if (!taxClassIds.has(taxClassId)) {
      const created = direct('catalog.upsertTaxClass', { name: `VAT ${product.taxRateBp / 100} %`, rateBp: product.taxRateBp }).id;
      // the test's id for it too: nothing refers to it yet
      sqlite.prepare('UPDATE tax_classes SET id = ? WHERE id = ?').run(taxClassId, created);
      taxClassIds.add(taxClassId);
    }
    const created = direct('catalog.upsertProduct', {
      sku: product.sku,
      name: product.name,
      priceMinor: product.priceMinor,
      taxClassId,
      soldByWeight: product.soldByWeight,
      tracksStock: product.tracksStock,
    });
    // the test's id for it: renamed before anything refers to it (no barcodes, no stock movement yet)
    sqlite.prepare('UPDATE products SET id = ? WHERE id = ?').run(product.id, created.id);
    direct('catalog.upsertProduct', {
      id: product.id,
      sku: product.sku,
      name: product.name,
      priceMinor: product.priceMinor,
      taxClassId,
      active: product.active,
      stockOnHand: product.stockOnHand,
      barcodes: product.barcodes,
    });
  }
}
