import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadContext } from '../../electron/core/context';
import { AppError } from '../../electron/core/errors';
import { handlers } from '../../electron/core/ipc/handlers';
import { createRouter } from '../../electron/core/ipc/router';
import { contract } from '../../src/shared/contract';
import { makeTill, type Till } from '../sales/fixture';

// Changes of the sale in progress commit with synchronous=NORMAL (no fsync: an app crash loses
// nothing, a power cut at most the last scans); everything else — a sale above all — with FULL.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const synchronous = () => till.terminal.ctx.sqlite.pragma('synchronous', { simple: true });

describe('durability of a write', () => {
  it('is FULL for every write but the sale in progress, which commits at NORMAL and puts FULL back', () => {
    const seen = new Map<string, unknown>();
    // each handler notes the level its transaction runs at, then refuses (nothing is written)
    const spy = (channel: string) => (ctx: { sqlite: { pragma(s: string, o: { simple: true }): unknown } }) => {
      seen.set(channel, ctx.sqlite.pragma('synchronous', { simple: true }));
      throw new AppError('NOT_FOUND', 'noted');
    };
    const calls: [string, unknown][] = [
      ['cart.addLine', { productId: till.products.tea.id, quantity: 1 }],
      ['cart.setMember', { memberId: null }],
      ['cart.void', {}],
      ['sale.complete', { id: '0190d6a4-3c8e-7000-8000-000000000001', payments: [{ method: 'card', amountMinor: 100, last4: '4242' }] }],
    ];
    const table = { ...handlers } as Record<string, unknown>;
    for (const [channel] of calls) table[channel] = spy(channel);
    const router = createRouter(till.terminal.ctx, { handlers: table as never, readCtx: till.terminal.readCtx as ReadContext });
    expect(synchronous()).toBe(2);
    for (const [channel, input] of calls) {
      const result = router.invoke(channel, input, till.cashier);
      expect(result.ok ? null : result.error.message, channel).toBe('noted');
      expect(synchronous()).toBe(2);
    }
    expect([...seen]).toEqual([
      ['cart.addLine', 1],
      ['cart.setMember', 1],
      ['cart.void', 1],
      ['sale.complete', 2],
    ]);
  });

  it('flags exactly the cart channels that write', () => {
    const flagged = Object.entries(contract)
      .filter(([, def]) => (def as { openSaleOnly?: boolean }).openSaleOnly)
      .map(([name]) => name);
    expect(flagged.sort()).toEqual(
      Object.entries(contract)
        .filter(([name, def]) => name.startsWith('cart.') && def.writes)
        .map(([name]) => name)
        .sort(),
    );
  });

  it('sells as before: a scanned line survives a reopen, and the sale is there after it', async () => {
    const tea = till.products.tea;
    const open = till.call<{ id: string; totalMinor: number }>(till.cashier, 'cart.addLine', { productId: tea.id, quantity: 2 });
    expect(synchronous()).toBe(2);
    till.call(till.cashier, 'sale.complete', { id: open.id, payments: [{ method: 'card', amountMinor: open.totalMinor, last4: '4242' }] });
    expect(till.terminal.ctx.sqlite.prepare('SELECT count(*) AS n FROM sales WHERE id = ?').get(open.id)).toEqual({ n: 1 });
  });
});
