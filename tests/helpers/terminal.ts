import { expect } from 'vitest';
import type { Sqlite } from '../../electron/core/db/open';
import type { Product } from '../../electron/core/features/catalog/products';
import type { Router } from '../../electron/core/ipc/router';
import { newSession, type Session } from '../../electron/core/session';
import { type OpenTerminalOptions, openTerminal, type Terminal } from '../../electron/core/terminal';
import { withCheckDigit } from '../../src/shared/barcode';
import type { ChannelOutput } from '../../src/shared/contract';
import type { ErrorCode, Result } from '../../src/shared/result';
import { makeTempDir, type TempDir } from './db';

export const MANAGER_PIN = '73519468';
export const CASHIER_PIN = '2684';

/** The data of one catalogue product as the fixture creates it (barcodes are valid GS1 codes unless `other`). */
export interface ProductSpec {
  sku: string;
  name: string;
  priceMinor: number;
  category: CategoryName | null;
  tax: 'standard' | 'reduced' | 'zero';
  barcodes: string[];
  active?: boolean;
  tracksStock?: boolean;
}

export const CATEGORY_NAMES = ['Dairy', 'Bakery', 'Drinks', 'Sweets', 'Household'] as const;
export type CategoryName = (typeof CATEGORY_NAMES)[number];

/** An EAN-13 in the in-store range 20…: `200000` + 6 digits of `n` + check digit. */
export function ean13(n: number): string {
  return withCheckDigit(`200000${String(n).padStart(6, '0')}`);
}

// known real codes used by the barcode tests: an EAN-8, and a UPC-A stored as its EAN-13 spelling
export const EAN8_CODE = '96385074';
export const UPCA_CODE = '036000291452';
export const UPCA_AS_EAN13 = `0${UPCA_CODE}`;

const spec = (
  n: number,
  name: string,
  category: CategoryName | null,
  priceMinor: number,
  extra: Partial<ProductSpec> = {},
): ProductSpec => ({
  sku: `SKU-${String(n).padStart(3, '0')}`,
  name,
  priceMinor,
  category,
  tax: category === 'Household' || category === null ? 'standard' : 'reduced',
  barcodes: [ean13(n)],
  ...extra,
});

/** A small but realistic catalogue: accents, several words, shared words across tiers, extra codes. */
export const CATALOGUE: ProductSpec[] = [
  spec(1, 'Whole Milk 1L', 'Dairy', 119),
  spec(2, 'Semi-skimmed Milk 1L', 'Dairy', 109),
  spec(3, 'Crème fraîche 20cl', 'Dairy', 189),
  spec(4, 'Greek Yoghurt', 'Dairy', 249),
  spec(5, 'Butter unsalted 250g', 'Dairy', 299, { barcodes: [ean13(5), ean13(505)] }),
  spec(6, 'Comté cheese 200g', 'Dairy', 459),
  spec(7, 'Emmental râpé', 'Dairy', 229),
  spec(8, 'Pain de campagne', 'Bakery', 320),
  spec(9, 'Baguette', 'Bakery', 110),
  spec(10, 'Croissant', 'Bakery', 95),
  spec(11, 'Pain au chocolat', 'Bakery', 105),
  spec(12, 'Brioche', 'Bakery', 349),
  spec(13, 'Orange Juice 1L', 'Drinks', 279),
  spec(14, 'Apple Juice 1L', 'Drinks', 259),
  spec(15, 'Sparkling Water 1.5L', 'Drinks', 69, { barcodes: [UPCA_AS_EAN13] }),
  spec(16, 'Still Water 1.5L', 'Drinks', 59),
  spec(17, 'Café moulu 250g', 'Drinks', 429),
  spec(18, 'Thé vert', 'Drinks', 379, { active: false }),
  spec(19, 'Chocolate Milk', 'Drinks', 149),
  spec(20, 'Dark Chocolate 70%', 'Sweets', 219, { barcodes: [EAN8_CODE] }),
  spec(21, 'Milk Chocolate', 'Sweets', 199),
  spec(22, 'Chocolate Cookies', 'Sweets', 249),
  spec(23, 'Crêpes sucrées', 'Sweets', 299),
  spec(24, 'Gummy Bears', 'Sweets', 129),
  spec(25, 'Dish Soap', 'Household', 189),
  spec(26, 'Paper Towels', 'Household', 349, { barcodes: [ean13(26), 'PT-CASE-6'] }),
  spec(27, 'Trash Bags 30L', 'Household', 279),
  spec(28, 'Sponges x3', 'Household', 149),
  spec(29, 'Gift Card 20', null, 2000, { tax: 'zero', barcodes: [], tracksStock: false }),
  spec(30, 'Carrier Bag', null, 15, { active: false }),
];

export interface Catalogue {
  taxClassIds: { standard: string; reduced: string; zero: string };
  categoryIds: Record<CategoryName, string>;
  /** created products by SKU */
  bySku: Map<string, Product>;
  products: Product[];
}

export interface TestTerminal {
  temp: TempDir;
  file: string;
  terminal: Terminal;
  router: Router;
  sqlite: Sqlite;
  /** the logged-in first manager (also has the cashier role) */
  manager: Session;
  /** a logged-in cashier */
  cashier: Session;
  anonymous: Session;
  managerId: string;
  cashierId: string;
  catalogue: Catalogue;
  /** Invoke on a copy of `session`, so a call that changes the session (logout) leaves the fixture as it was. */
  call(channel: string, input: unknown, session: Session): Result<unknown>;
  close(): void;
}

export interface MakeTerminalOptions {
  now?: () => number;
  /** create the catalogue (default true) */
  catalogue?: boolean;
  log?: OpenTerminalOptions['log'];
}

/** Copy a session deeply (sessions are plain data). */
export function copySession(session: Session): Session {
  return structuredClone(session);
}

/** The data of an ok envelope; fails the test with the error otherwise. */
export function okData<T = unknown>(result: Result<unknown>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

/** The error of a failed envelope; fails the test when the call succeeded or the code differs. */
export function errorOf(result: Result<unknown>, code?: ErrorCode) {
  if (result.ok) expect.fail(`expected an error${code ? ` ${code}` : ''}, got ok`);
  if (code) expect(result.error.code, result.error.message).toBe(code);
  return result.error;
}

/** Open an empty terminal (migrated, no staff) in a fresh temp folder. */
export async function makeEmptyTerminal(options: MakeTerminalOptions = {}): Promise<{
  temp: TempDir;
  file: string;
  terminal: Terminal;
  close(): void;
}> {
  const temp = makeTempDir();
  const file = temp.path('terminal.db');
  const terminal = await openTerminal(file, {
    validateOutput: true,
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    temp,
    file,
    terminal,
    close: () => {
      terminal.close();
      temp.cleanup();
    },
  };
}

/** Create the catalogue through the router as the manager. */
export function createCatalogue(router: Router, manager: Session, products: ProductSpec[] = CATALOGUE): Catalogue {
  const taxClasses = okData<ChannelOutput<'catalog.taxClasses'>>(router.invoke('catalog.taxClasses', {}, manager));
  const zero = taxClasses.find((t) => t.id === 'zero');
  if (!zero) expect.fail('the built-in zero tax class is missing');
  const standard = okData<{ id: string }>(router.invoke('catalog.upsertTaxClass', { name: 'Standard', rateBp: 2000 }, manager));
  const reduced = okData<{ id: string }>(router.invoke('catalog.upsertTaxClass', { name: 'Reduced', rateBp: 550 }, manager));
  const taxClassIds = { standard: standard.id, reduced: reduced.id, zero: zero.id };
  const categoryIds = {} as Record<CategoryName, string>;
  for (const name of CATEGORY_NAMES) {
    categoryIds[name] = okData<{ id: string }>(router.invoke('catalog.upsertCategory', { name }, manager)).id;
  }
  const bySku = new Map<string, Product>();
  for (const p of products) {
    const product = okData<Product>(
      router.invoke(
        'catalog.upsertProduct',
        {
          sku: p.sku,
          name: p.name,
          priceMinor: p.priceMinor,
          taxClassId: taxClassIds[p.tax],
          categoryId: p.category ? categoryIds[p.category] : null,
          active: p.active ?? true,
          tracksStock: p.tracksStock ?? true,
          stockOnHand: 10,
          barcodes: p.barcodes,
        },
        manager,
      ),
    );
    bySku.set(p.sku, product);
  }
  return { taxClassIds, categoryIds, bySku, products: [...bySku.values()] };
}

/**
 * A terminal in a temp folder with a manager, a cashier (each logged in on its own session), an
 * anonymous session and, unless turned off, the catalogue. Costs four PIN hashes (~160 ms).
 */
export async function makeTerminal(options: MakeTerminalOptions = {}): Promise<TestTerminal> {
  const empty = await makeEmptyTerminal(options);
  const { terminal, temp, file } = empty;
  try {
    const router = terminal.router;
    const manager = newSession();
    const first = okData<{ id: string }>(
      router.invoke(
        'setup.createFirstManager',
        { name: 'Mara Manager', pin: MANAGER_PIN, storeName: 'Corner Shop', terminalId: 'T-01' },
        manager,
      ),
    );
    const created = okData<{ id: string }>(
      router.invoke('staff.create', { name: 'Cai Cashier', pin: CASHIER_PIN, roles: ['cashier'] }, manager),
    );
    const cashier = newSession();
    okData(router.invoke('auth.login', { staffId: created.id, pin: CASHIER_PIN }, cashier));
    const catalogue =
      options.catalogue === false
        ? {
            taxClassIds: { standard: '', reduced: '', zero: 'zero' },
            categoryIds: {} as Record<CategoryName, string>,
            bySku: new Map<string, Product>(),
            products: [],
          }
        : createCatalogue(router, manager);
    return {
      temp,
      file,
      terminal,
      router,
      sqlite: terminal.sqlite,
      manager,
      cashier,
      anonymous: newSession(),
      managerId: first.id,
      cashierId: created.id,
      catalogue,
      call: (channel, input, session) => router.invoke(channel, input, copySession(session)),
      close: empty.close,
    };
  } catch (error) {
    empty.close();
    throw error;
  }
}

export { checksum, countRows, makeTempDir, queryPlan, type TempDir } from './db';
