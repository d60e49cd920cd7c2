// What the crash tests share: a terminal file ready to sell (manager, products, open shift) made by
// the parent, and the child's side of it (open the file, log in as that manager).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSession } from '../../electron/core/session';
import { openTerminal } from '../../electron/core/terminal';

export const CRASH_PIN = '4321';

export interface CrashTerminal {
  dir: string;
  file: string;
  staffId: string;
  productIds: string[];
}

/** A terminal file with a first manager, `products` products (every fourth untracked) and an open shift; closed again. */
export async function prepareCrashTerminal(options: {
  prefix: string;
  products: number;
  sku: string;
  name: string;
}): Promise<CrashTerminal> {
  const dir = mkdtempSync(join(tmpdir(), `ringup-${options.prefix}-`));
  const file = join(dir, 'crash.db');
  const terminal = await openTerminal(file);
  const session = newSession();
  const invoke = <T>(channel: string, input: unknown): T => {
    const result = terminal.router.invoke(channel, input, session);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result)}`);
    return result.data as T;
  };
  const manager = invoke<{ id: string }>('setup.createFirstManager', { name: 'Crash Manager', pin: CRASH_PIN, storeName: 'Crash Store' });
  const tax = invoke<{ id: string }>('catalog.upsertTaxClass', { name: 'Std', rateBp: 2000 });
  const productIds: string[] = [];
  for (let i = 0; i < options.products; i++) {
    const product = invoke<{ id: string }>('catalog.upsertProduct', {
      sku: `${options.sku}-${i}`,
      name: `${options.name} ${i}`,
      priceMinor: 199 + i * 37,
      taxClassId: tax.id,
      stockOnHand: 1_000_000,
      tracksStock: i % 4 !== 3,
    });
    productIds.push(product.id);
  }
  invoke('shift.open', { openingFloatMinor: 10000 });
  terminal.close();
  return { dir, file, staffId: manager.id, productIds };
}

/** The arguments the parent passes to a crash child. */
export function crashChildArgs(terminal: CrashTerminal): string[] {
  return [terminal.file, terminal.staffId, CRASH_PIN, JSON.stringify(terminal.productIds)];
}

/** In the child: open the parent's file and log in as its manager. */
export async function openCrashChild() {
  const [file, staffId, pin, productsJson] = process.argv.slice(2);
  const productIds = JSON.parse(productsJson ?? '[]') as string[];
  const terminal = await openTerminal(file ?? '');
  const session = newSession();
  const login = terminal.router.invoke('auth.login', { staffId, pin }, session);
  if (!login.ok) throw new Error(JSON.stringify(login));
  return { terminal, session, productIds };
}
