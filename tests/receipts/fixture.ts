import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Sale } from '../../electron/core/features/sales/sale';
import type { Router } from '../../electron/core/ipc/router';
import { newSession, type Session } from '../../electron/core/session';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import type { ChannelInput } from '../../src/shared/contract';
import type { ErrorCode, Result } from '../../src/shared/result';
import { uuidv7 } from '../../src/shared/uuid';

export const MANAGER_PIN = '73519468';
export const STORE_NAME = 'Corner Shop';
export const TERMINAL_ID = 'T-01';

/** The data of an ok envelope; fails the test with the error otherwise. */
export function okData<T>(result: Result<unknown>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

/** The error of a failed envelope, checked against `code`. */
export function errorOf(result: Result<unknown>, code: ErrorCode) {
  if (result.ok) expect.fail(`expected ${code}, got ok`);
  expect(result.error.code, result.error.message).toBe(code);
  return result.error;
}

export interface Till {
  terminal: Terminal;
  router: Router;
  /** the first manager, logged in (a manager may do what a cashier may) */
  manager: Session;
  products: { milk: string; soap: string; evil: string };
  /** complete a sale as the manager */
  sell(input: Omit<ChannelInput<'sale.complete'>, 'id'>): Sale;
  close(): void;
}

/**
 * A terminal on a real SQLite file in a temp folder: first manager, tax classes 20 % and 5.5 %,
 * three products (one whose name is an HTML and ESC/POS injection attempt), an open shift.
 */
export async function openTill(): Promise<Till> {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-receipts-'));
  const terminal = await openTerminal(join(dir, 'terminal.db'), { validateOutput: true });
  const close = () => {
    terminal.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const router = terminal.router;
    const manager = newSession();
    okData(
      router.invoke(
        'setup.createFirstManager',
        { name: 'Mara Manager', pin: MANAGER_PIN, storeName: STORE_NAME, currency: 'EUR', terminalId: TERMINAL_ID },
        manager,
      ),
    );
    okData(router.invoke('settings.update', { receiptHeader: 'Rue du Marché 1\nOpen 8–20', receiptFooter: 'Merci & à bientôt' }, manager));
    const standard = okData<{ id: string }>(router.invoke('catalog.upsertTaxClass', { name: 'Standard', rateBp: 2000 }, manager));
    const reduced = okData<{ id: string }>(router.invoke('catalog.upsertTaxClass', { name: 'Reduced', rateBp: 550 }, manager));
    const product = (sku: string, name: string, priceMinor: number, taxClassId: string) =>
      okData<{ id: string }>(
        router.invoke('catalog.upsertProduct', { sku, name, priceMinor, taxClassId, stockOnHand: 100, barcodes: [] }, manager),
      ).id;
    const products = {
      milk: product('MILK', 'Whole Milk 1L', 119, reduced.id),
      soap: product('SOAP', 'Dish Soap', 189, standard.id),
      evil: product('EVIL', '<script>alert(1)</script> Crème', 250, standard.id),
    };
    // the contract refuses control characters in names now; a name written before that rule (or by
    // another program) may still hold them, so the renderers must still defuse them
    terminal.sqlite
      .prepare('UPDATE products SET name = ? WHERE id = ?')
      .run('<script>alert(1)</script> \u001bp\u0000\u0019\u00fa Crème', products.evil);
    okData(router.invoke('shift.open', { openingFloatMinor: 10000 }, manager));
    const sell = (input: Omit<ChannelInput<'sale.complete'>, 'id'>) =>
      okData<Sale>(router.invoke('sale.complete', { id: uuidv7(), ...input }, manager));
    return { terminal, router, manager, products, sell, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Decode base64 into bytes. */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Whether `needle` occurs in `haystack`, byte for byte. */
export function containsBytes(haystack: Uint8Array, needle: ArrayLike<number>): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(Array.from(needle))) !== -1;
}

/** How often `needle` occurs in `haystack`. */
export function countBytes(haystack: Uint8Array, needle: ArrayLike<number>): number {
  const hay = Buffer.from(haystack);
  const pattern = Buffer.from(Array.from(needle));
  let count = 0;
  for (let at = hay.indexOf(pattern); at !== -1; at = hay.indexOf(pattern, at + 1)) count++;
  return count;
}
