import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings, writeSettings } from '../../electron/core/features/setup/settings';
import { openTerminal, type Terminal } from '../../electron/core/terminal';

let terminal: Terminal | undefined;
let dir = '';
afterEach(() => {
  terminal?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Terminal> {
  dir = mkdtempSync(join(tmpdir(), 'ringup-settings-'));
  terminal = await openTerminal(join(dir, 'till.db'));
  return terminal;
}

describe('the settings cache', () => {
  it('serves every read of a writing transaction from the cache while nothing wrote settings', async () => {
    const { ctx, sqlite } = await open();
    const first = readSettings(ctx);
    sqlite
      .transaction(() => {
        expect(readSettings(ctx)).toBe(first);
        expect(readSettings(ctx)).toBe(first);
      })
      .immediate();
  });

  it('a settings write that rolls back does not stick, inside or after its transaction', async () => {
    const { ctx, sqlite } = await open();
    writeSettings(ctx, { storeName: 'Before' }, null);
    expect(() =>
      sqlite
        .transaction(() => {
          writeSettings(ctx, { storeName: 'Rolled back' }, null);
          // the transaction sees its own write
          expect(readSettings(ctx).storeName).toBe('Rolled back');
          throw new Error('roll back');
        })
        .immediate(),
    ).toThrow('roll back');
    expect(readSettings(ctx).storeName).toBe('Before');
    sqlite
      .transaction(() => {
        expect(readSettings(ctx).storeName).toBe('Before');
      })
      .immediate();
    await Promise.resolve();
    sqlite
      .transaction(() => {
        expect(readSettings(ctx).storeName).toBe('Before');
      })
      .immediate();
  });
});
