import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralQuery, freshCentral, num, type SyncTerminal, syncTerminal } from './helpers';

// Push and pull round trips against a real PostgreSQL: a seeded terminal pushes its whole history,
// central's tables add up to the terminal's, a batch sent again does nothing twice, and a second
// terminal pulls the catalogue and members without pushing any of it back.

let url: string;
let a: SyncTerminal;
let b: SyncTerminal | undefined;

beforeAll(async () => {
  url = await freshCentral('roundtrip');
  a = await syncTerminal(url, { terminalId: 'T-A00001', storeId: 'S-STORE01', seed: { products: 150, members: 25, sales: 40, seed: 5 } });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

const local = (t: SyncTerminal, sql: string) => t.terminal.sqlite.prepare(sql).get() as { n: number; total: number };

describe('push', () => {
  it('sends the whole outbox once; central tables add up to the terminal’s', async () => {
    const outbox = local(a, 'SELECT count(*) AS n FROM outbox').n;
    expect(outbox).toBeGreaterThan(100);
    const result = await a.service.runNow();
    expect(result.pushed).toBe(outbox);
    expect(local(a, 'SELECT count(*) AS n FROM outbox WHERE seq > (SELECT pushed_seq FROM sync_state)').n).toBe(0);

    const [events] = await centralQuery(url, 'SELECT count(*) AS n, max(seq) AS last FROM events');
    expect(num(events?.n)).toBe(outbox);
    const [terminal] = await centralQuery(url, "SELECT last_seq, store_id, secret_hash FROM terminals WHERE id = 'T-A00001'");
    expect(num(terminal?.last_seq)).toBe(local(a, 'SELECT max(seq) AS n FROM outbox').n);
    expect(terminal?.store_id).toBe('S-STORE01');
    expect(String(terminal?.secret_hash)).toMatch(/^sha256:[0-9a-f]{64}$/);

    const sales = local(a, "SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales WHERE kind = 'sale'");
    const [centralSales] = await centralQuery(
      url,
      "SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales WHERE kind = 'sale'",
    );
    expect(num(centralSales?.n)).toBe(sales.n);
    expect(num(centralSales?.total)).toBe(sales.total);
    const lines = local(a, 'SELECT count(*) AS n FROM sale_lines').n;
    const [centralLines] = await centralQuery(url, 'SELECT count(*) AS n FROM sale_lines');
    expect(num(centralLines?.n)).toBe(lines);

    // stock per store equals the terminal's stock of every product that keeps stock
    const stock = a.terminal.sqlite.prepare('SELECT id, stock_on_hand AS onHand FROM products WHERE tracks_stock = 1').all() as {
      id: string;
      onHand: number;
    }[];
    const levels = new Map(
      (
        await centralQuery<{ product_id: string; on_hand: string }>(
          url,
          "SELECT product_id, on_hand FROM stock_levels WHERE store_id = 'S-STORE01'",
        )
      ).map((r) => [r.product_id, num(r.on_hand)]),
    );
    for (const p of stock) expect(levels.get(p.id) ?? 0, p.id).toBe(p.onHand);

    // member balances equal the terminal's
    const balances = a.terminal.sqlite.prepare('SELECT id, points_balance AS balance FROM members').all() as {
      id: string;
      balance: number;
    }[];
    const central = new Map(
      (await centralQuery<{ id: string; points_balance: string }>(url, 'SELECT id, points_balance FROM members')).map((r) => [
        r.id,
        num(r.points_balance),
      ]),
    );
    expect(central.size).toBe(balances.length);
    for (const m of balances) expect(central.get(m.id), m.id).toBe(m.balance);
  });

  it('sends nothing the second time', async () => {
    const result = await a.service.runNow();
    expect(result.pushed).toBe(0);
    expect(result.duplicates).toBe(0);
  });

  it('a batch sent again after a cut (central committed, the terminal never heard) creates nothing twice', async () => {
    const [before] = await centralQuery(
      url,
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM sales) AS s, (SELECT sum(on_hand) FROM stock_levels) AS st',
    );
    // the terminal forgets the last 30 were sent
    a.terminal.sqlite.prepare('UPDATE sync_state SET pushed_seq = (SELECT max(seq) - 30 FROM outbox) WHERE id = 1').run();
    const result = await a.service.runNow();
    expect(result.pushed).toBe(0);
    const [after] = await centralQuery(
      url,
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM sales) AS s, (SELECT sum(on_hand) FROM stock_levels) AS st',
    );
    expect(after).toEqual(before);
    expect(local(a, 'SELECT count(*) AS n FROM outbox WHERE seq > (SELECT pushed_seq FROM sync_state)').n).toBe(0);
  });
});

describe('pull', () => {
  it('a new terminal of another store pulls the catalogue and the members, and pushes none of it back', async () => {
    b = await syncTerminal(url, { terminalId: 'T-B00001', storeId: 'S-STORE02' });
    const ownEvents = local(b, 'SELECT count(*) AS n FROM outbox').n;
    const result = await b.service.runNow();
    expect(result.pushed).toBe(ownEvents);
    const products = local(a, 'SELECT count(*) AS n FROM products').n;
    // b has its own built-in rows too (the zero tax class): every product of a is there
    const missing = b.terminal.sqlite
      .prepare('SELECT count(*) AS n FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = j.value)')
      .get(JSON.stringify((a.terminal.sqlite.prepare('SELECT id FROM products').all() as { id: string }[]).map((p) => p.id))) as {
      n: number;
    };
    expect(missing.n).toBe(0);
    expect(local(b, 'SELECT count(*) AS n FROM products').n).toBeGreaterThanOrEqual(products);
    // no echo: the pull wrote no events
    expect(local(b, 'SELECT count(*) AS n FROM outbox').n).toBe(ownEvents);
    // a member's balance here is central's
    const member = a.terminal.sqlite
      .prepare('SELECT id, points_balance AS balance FROM members WHERE points_balance > 0 LIMIT 1')
      .get() as {
      id: string;
      balance: number;
    };
    const pulled = b.terminal.sqlite
      .prepare('SELECT points_balance AS balance, remote_points AS remote FROM members WHERE id = ?')
      .get(member.id) as {
      balance: number;
      remote: number;
    };
    expect(pulled).toEqual({ balance: member.balance, remote: member.balance });
    // barcodes came along: a scanned code finds the product
    const code = a.terminal.sqlite.prepare('SELECT code, product_id AS productId FROM product_barcodes LIMIT 1').get() as {
      code: string;
      productId: string;
    };
    expect(b.terminal.sqlite.prepare('SELECT product_id AS productId FROM product_barcodes WHERE code = ?').get(code.code)).toEqual({
      productId: code.productId,
    });
  });

  it('a price changed centrally reaches the terminal without an event going back', async () => {
    const product = a.terminal.sqlite.prepare('SELECT id, price_minor AS price FROM products LIMIT 1').get() as {
      id: string;
      price: number;
    };
    await centralQuery(url, 'UPDATE products SET price_minor = $1, updated_at = $2 WHERE id = $3', [
      product.price + 100,
      Date.now() + 1000,
      product.id,
    ]);
    const outbox = local(a, 'SELECT count(*) AS n FROM outbox').n;
    const result = await a.service.runNow();
    expect(result.pulled).toBeGreaterThanOrEqual(1);
    expect(local(a, `SELECT price_minor AS n FROM products WHERE id = '${product.id}'`).n).toBe(product.price + 100);
    expect(local(a, 'SELECT count(*) AS n FROM outbox').n).toBe(outbox);
  });
});
