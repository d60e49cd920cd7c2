import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { centralQuery, freshCentral, num, type SyncTerminal, syncTerminal } from './helpers';

// The sync worker (the app and `ringup serve` run push and pull on a worker thread with their own
// connections): the same round trip as in the till's thread, its failures in words, and a clean stop.

let url: string;
const open: SyncTerminal[] = [];

beforeAll(async () => {
  url = await freshCentral('worker');
}, 60_000);

afterAll(async () => {
  for (const t of open) await t.close();
});

describe('sync in a worker thread', () => {
  it('pushes the whole outbox and pulls into another terminal; the till thread sees it at once', async () => {
    const a = await syncTerminal(url, {
      terminalId: 'T-WK0001',
      storeId: 'S-WK1',
      seed: { products: 60, members: 8, sales: 15, seed: 21 },
      service: { worker: true },
    });
    open.push(a);
    const outbox = (a.terminal.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const result = await a.service.runNow();
    expect(result.pushed).toBe(outbox);
    // written by the worker's connection, read by the till's
    expect(a.service.status()).toMatchObject({ state: 'synced', waiting: 0 });
    const [events] = await centralQuery(url, 'SELECT count(*) AS n FROM events');
    expect(num(events?.n)).toBe(outbox);

    const b = await syncTerminal(url, { terminalId: 'T-WK0002', storeId: 'S-WK2', service: { worker: true, pageSize: 25 } });
    open.push(b);
    await b.service.runNow();
    const products = (a.terminal.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
    expect((b.terminal.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n).toBeGreaterThanOrEqual(products);
    expect(b.service.status().state).toBe('synced');
  }, 120_000);

  it('an unreachable central is reported in words from the worker, and the loop stops cleanly', async () => {
    const c = await syncTerminal('postgres://ringup:Hidden-Pass-7@127.0.0.1:9/ringup', {
      terminalId: 'T-WK0003',
      service: { worker: true },
    });
    open.push(c);
    const failure = await c.service.runNow().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('CENTRAL_UNAVAILABLE');
    expect((failure as AppError).message).toMatch(/unreachable/i);
    expect((failure as AppError).message).not.toContain('Hidden-Pass-7');
    expect(c.service.status().state).toBe('offline');
    await c.service.stop();
  }, 60_000);
});
