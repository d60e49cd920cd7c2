import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { newSession } from '../../electron/core/session';
import { openTerminal } from '../../electron/core/terminal';
import { uuidv7 } from '../../src/shared/uuid';

let dir: string;
let pristine: string;
const saleIds: string[] = [];

async function verify(file: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['verify', '--db', file], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function tampered(name: string, sql: (db: Database.Database) => void): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(pristine, file);
  const db = new Database(file);
  sql(db);
  db.close();
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringup-tamper-'));
  pristine = join(dir, 'pristine.db');
  const terminal = await openTerminal(pristine);
  const s = newSession();
  terminal.router.invoke('setup.createFirstManager', { name: 'Tess', pin: '8642', storeName: 'Tamper Test' }, s);
  const tax = terminal.router.invoke('catalog.upsertTaxClass', { name: 'Std', rateBp: 2000 }, s) as { ok: true; data: { id: string } };
  const product = terminal.router.invoke(
    'catalog.upsertProduct',
    { sku: 'T1', name: 'Tea', priceMinor: 350, taxClassId: tax.data.id, stockOnHand: 100 },
    s,
  ) as {
    ok: true;
    data: { id: string };
  };
  terminal.router.invoke('shift.open', { openingFloatMinor: 5000 }, s);
  for (let i = 0; i < 3; i++) {
    const id = uuidv7();
    const r = terminal.router.invoke(
      'sale.complete',
      {
        id,
        lines: [{ productId: product.data.id, quantity: i + 1 }],
        payments: [{ method: 'cash', amountMinor: 350 * (i + 1), tenderedMinor: 5000 }],
      },
      s,
    );
    expect(r.ok).toBe(true);
    saleIds.push(id);
  }
  terminal.close();
  // fold the WAL into the main file so copies carry everything
  const db = new Database(pristine);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tamper evidence', () => {
  it('a sound journal verifies', async () => {
    const result = await verify(pristine);
    expect(result.code).toBe(0);
    expect(result.out).toContain('journal chain');
  });

  it('triggers refuse to change or delete journal rows and sales', () => {
    const db = new Database(tampered('guarded', () => {}));
    expect(() => db.prepare('UPDATE journal SET payload = ? WHERE seq = 2').run('{}')).toThrow(/inalterable/);
    expect(() => db.prepare('DELETE FROM journal WHERE seq = 2').run()).toThrow(/inalterable/);
    expect(() => db.prepare('UPDATE sales SET total_minor = 1').run()).toThrow(/inalterable/);
    expect(() => db.prepare('DELETE FROM sale_lines').run()).toThrow(/inalterable/);
    db.close();
  });

  it('an edited journal row is found and named', async () => {
    const file = tampered('edited', (db) => {
      db.exec('DROP TRIGGER journal_no_update');
      const row = db.prepare('SELECT payload FROM journal WHERE seq = 3').get() as { payload: string };
      db.prepare('UPDATE journal SET payload = ? WHERE seq = 3').run(row.payload.replace('"total_minor":700', '"total_minor":1'));
    });
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/journal entry 3 .*was altered/);
  });

  it('a deleted sale is found and named', async () => {
    const file = tampered('deleted', (db) => {
      db.exec('DROP TRIGGER sales_no_delete; DROP TRIGGER sale_lines_no_delete; DROP TRIGGER payments_no_delete');
      db.pragma('foreign_keys = OFF');
      const id = saleIds[1] ?? '';
      db.prepare('DELETE FROM stock_movements WHERE sale_id = ?').run(id);
      db.prepare('DELETE FROM payments WHERE sale_id = ?').run(id);
      db.prepare('DELETE FROM sale_lines WHERE sale_id = ?').run(id);
      db.prepare('DELETE FROM sales WHERE id = ?').run(id);
    });
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`the sale ${saleIds[1]} of journal entry 3 is missing`);
  });

  it('a deleted journal row (a gap) is found and named', async () => {
    const file = tampered('gap', (db) => {
      db.exec('DROP TRIGGER journal_no_delete');
      db.prepare('DELETE FROM journal WHERE seq = 2').run();
    });
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('journal entry 2 is missing');
  });

  it('a sale changed in place is found even when the journal is intact', async () => {
    const file = tampered('changed', (db) => {
      db.exec('DROP TRIGGER sale_lines_no_update');
      db.prepare('UPDATE sale_lines SET unit_price_minor = 1 WHERE sale_id = ?').run(saleIds[0] ?? '');
    });
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`the sale ${saleIds[0]} of journal entry 2 was changed`);
  });
});
