import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceProblem } from '../../electron/core/features/loyalty/ledger';
import { centralQuery, freshCentral, num } from './helpers';
import { centralBalances, newTill, openTill, sellable, sleep, syncAll, type Till, tick, waiting } from './scenarioHelpers';

// Whole-chain scenarios with real parts: each terminal a SQLite file of its own in a temp folder,
// selling through the router, and one real PostgreSQL central database per scenario.

const sum = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

/** A drawer holding exactly `minor`, in 1.00 coins and cents. */
const counted = (minor: number) => [
  { denominationMinor: 100, count: Math.floor(minor / 100) },
  { denominationMinor: 1, count: minor % 100 },
];

describe('three terminals selling into one central at once', () => {
  let url: string;
  let t1: Till;
  let t2: Till;
  let t3: Till;
  const tills = () => [t1, t2, t3];

  beforeAll(async () => {
    url = await freshCentral('three');
    // S-1 has two tills, S-2 one; terminal 1 brings the catalogue and the members
    t1 = await newTill(url, {
      terminalId: 'T-100001',
      storeId: 'S-1',
      cardBlock: 1,
      seed: { products: 60, members: 12, sales: 0, seed: 7 },
    });
    await t1.service.runNow();
    t2 = await newTill(url, { terminalId: 'T-100002', storeId: 'S-1', cardBlock: 2 });
    t3 = await newTill(url, { terminalId: 'T-200001', storeId: 'S-2', cardBlock: 3 });
    await Promise.all([t2.service.runNow(), t3.service.runNow()]);
  }, 120_000);

  afterAll(async () => {
    for (const t of [t1, t2, t3]) await t?.close();
  });

  it('the second and third till pulled the catalogue and the members first', () => {
    const ids = (t: Till, table: string) => t.all<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`).map((r) => r.id);
    for (const t of [t2, t3]) {
      expect(ids(t, 'products')).toEqual(ids(t1, 'products'));
      expect(ids(t, 'members')).toEqual(ids(t1, 'members'));
    }
  });

  it('sell at once while all three sync; central adds up to every till’s own books', async () => {
    const products = sellable(t1, 12);
    expect(products.length).toBe(12);
    const members = t1.all<{ id: string; balance: number }>('SELECT id, points_balance AS balance FROM members ORDER BY id');
    const rich = members.filter((m) => m.balance >= 300);
    expect(rich.length).toBeGreaterThan(2);
    for (const t of tills()) t.call('shift.open', { openingFloatMinor: 10_000 });
    // one member enrolled at T-3 while it sells: the others get it from central
    const newcomer = t3.call('loyalty.enroll', { name: 'Nora Newcomer', email: 'nora@example.com' });

    const firstSales = new Map<Till, { id: string; lines: { id: string; quantity: number }[] }>();
    let n = 0;
    for (let round = 0; round < 4; round += 1) {
      const selling = (async () => {
        for (let i = 0; i < 3; i += 1) {
          for (const [k, t] of tills().entries()) {
            n += 1;
            const product = products[(n * 5 + k) % products.length]!;
            const other = products[(n * 7 + 3) % products.length]!;
            const lines = [
              { productId: product.id, quantity: 1 + (n % 3) },
              ...(other.id !== product.id ? [{ productId: other.id, quantity: 1 }] : []),
            ];
            const member = n % 2 === 0 ? members[n % members.length]!.id : k === 2 && n % 3 === 0 ? newcomer.id : undefined;
            const sale = t.sell(lines, { ...(member ? { memberId: member } : {}), cardShare: (n % 4) / 3 });
            if (!firstSales.has(t) && member) firstSales.set(t, sale);
            await tick();
          }
        }
      })();
      await Promise.all([...tills().map((t) => t.service.runNow()), selling]);
    }
    // points paid at T-3 and at T-2 (different members, within their balance and the daily cap)
    const [r1, r2] = rich as [{ id: string; balance: number }, { id: string; balance: number }];
    t3.sell([{ productId: products[0]!.id, quantity: 30 }], { memberId: r1.id, points: 200 });
    t2.sell([{ productId: products[1]!.id, quantity: 30 }], { memberId: r2.id, points: 150 });
    // a member's sale refunded in full at each till of S-1 (its points go back), then every shift closes
    for (const t of [t1, t2]) {
      const sale = firstSales.get(t);
      if (!sale) throw new Error(`no member sale at ${t.terminalId}`);
      t.call('sale.refund', {
        id: crypto.randomUUID(),
        originalSaleId: sale.id,
        lines: sale.lines.map((l) => ({ originalLineId: l.id, quantity: l.quantity, restock: true })),
        payBack: 'original',
      });
    }
    const closing = Promise.all(tills().map((t) => t.service.runNow()));
    for (const t of tills()) {
      const expected = t.call('shift.xReport', {}).expectedCashMinor as number;
      t.call('shift.close', { counted: counted(expected) });
    }
    await closing;
    await syncAll(tills());
    for (const t of tills()) expect(waiting(t), t.terminalId).toBe(0);

    // sales and refunds per terminal and per store: central has exactly each till's
    const localSales = (t: Till) =>
      t.all<{ kind: string; n: number; total: number }>(
        'SELECT kind, count(*) AS n, sum(total_minor) AS total FROM sales GROUP BY kind ORDER BY kind',
      );
    const centralSales = async (where: string, value: string) =>
      (
        await centralQuery<{ kind: string; n: string; total: string }>(
          url,
          `SELECT kind, count(*) AS n, sum(total_minor) AS total FROM sales WHERE ${where} = $1 GROUP BY kind ORDER BY kind`,
          [value],
        )
      ).map((r) => ({ kind: r.kind, n: num(r.n), total: num(r.total) }));
    for (const t of tills()) {
      const mine = localSales(t);
      expect(mine.map((r) => r.kind)).toEqual(t === t3 ? ['sale'] : ['refund', 'sale']);
      expect(await centralSales('terminal_id', t.terminalId)).toEqual(mine);
    }
    const storeTotal = (list: Till[], kind: string) =>
      list.flatMap(localSales).reduce((acc, r) => (r.kind === kind ? { n: acc.n + r.n, total: acc.total + r.total } : acc), {
        n: 0,
        total: 0,
      });
    const s1 = await centralSales('store_id', 'S-1');
    expect(s1).toEqual([
      { kind: 'refund', ...storeTotal([t1, t2], 'refund') },
      { kind: 'sale', ...storeTotal([t1, t2], 'sale') },
    ]);
    expect(await centralSales('store_id', 'S-2')).toEqual([{ kind: 'sale', ...storeTotal([t3], 'sale') }]);
    const lineCount = (t: Till) => t.get<{ n: number }>('SELECT count(*) AS n FROM sale_lines').n;
    const [lines] = await centralQuery(url, 'SELECT count(*) AS n FROM sale_lines');
    expect(num(lines?.n)).toBe(tills().reduce((s, t) => s + lineCount(t), 0));

    // every Z report: central's shift row carries the till's stored report, and its sales add up to it
    for (const t of tills()) {
      const stored = t.all<{ id: string; z_number: number; z_report: string }>(
        'SELECT id, z_number, z_report FROM shifts WHERE z_report IS NOT NULL',
      );
      expect(stored.length, t.terminalId).toBe(1);
      const central = await centralQuery<{ id: string; z_number: string; z_report: unknown; terminal_id: string }>(
        url,
        'SELECT id, z_number, z_report, terminal_id FROM shifts WHERE terminal_id = $1 AND z_report IS NOT NULL',
        [t.terminalId],
      );
      expect(central.map((s) => ({ id: s.id, z: num(s.z_number) }))).toEqual(stored.map((s) => ({ id: s.id, z: s.z_number })));
      // central keeps the event's figures: every one of them as the till's stored Z report has it (the
      // till's also has the shift's columns and the void counts, which the event does not carry)
      const z = t.call('shift.zReport', { shiftId: stored[0]!.id });
      const figures = central[0]?.z_report as Record<string, unknown>;
      expect(Object.keys(figures).length).toBeGreaterThanOrEqual(16);
      expect(JSON.parse(stored[0]!.z_report)).toMatchObject(figures);
      expect(z).toMatchObject(figures);
      const [totals] = await centralQuery(
        url,
        `SELECT coalesce(sum(total_minor) FILTER (WHERE kind = 'sale'), 0) AS sales, count(*) FILTER (WHERE kind = 'sale') AS n,
                coalesce(sum(total_minor) FILTER (WHERE kind = 'refund'), 0) AS refunds FROM sales WHERE shift_id = $1`,
        [z.shiftId],
      );
      expect({ n: num(totals?.n), sales: num(totals?.sales), refunds: num(totals?.refunds) }).toEqual({
        n: z.salesCount,
        sales: z.salesTotalMinor,
        refunds: z.refundsTotalMinor,
      });
    }

    // Stock: each till keeps its own stock_on_hand. T-1's started at the seeded stock (central has it
    // as the catalogue import's starting movements, in S-1); T-2 and T-3 pulled the products with
    // none (a pull never brings stock), so their stock_on_hand is the sum of their own movements.
    // Central's on_hand of a store is every movement of its tills, so:
    //   S-1 = T-1's stock_on_hand + T-2's stock_on_hand,   S-2 = T-3's stock_on_hand.
    const stock = (t: Till) =>
      new Map(
        t
          .all<{ id: string; onHand: number }>('SELECT id, stock_on_hand AS onHand FROM products WHERE tracks_stock = 1')
          .map((p) => [p.id, p.onHand]),
      );
    for (const t of [t2, t3]) {
      const moved = new Map(
        t
          .all<{ id: string; n: number }>('SELECT product_id AS id, sum(delta) AS n FROM stock_movements GROUP BY product_id')
          .map((r) => [r.id, r.n]),
      );
      for (const [id, onHand] of stock(t)) expect(onHand, `${t.terminalId} ${id}`).toBe(moved.get(id) ?? 0);
    }
    const levels = async (store: string) =>
      new Map(
        (
          await centralQuery<{ product_id: string; on_hand: string }>(
            url,
            'SELECT product_id, on_hand FROM stock_levels WHERE store_id = $1',
            [store],
          )
        ).map((r) => [r.product_id, num(r.on_hand)]),
      );
    const [c1, c2] = [await levels('S-1'), await levels('S-2')];
    const [k1, k2, k3] = [stock(t1), stock(t2), stock(t3)];
    let movedSomewhere = 0;
    for (const [id, onHand] of k1) {
      expect(c1.get(id) ?? 0, `S-1 ${id}`).toBe(onHand + (k2.get(id) ?? 0));
      expect(c2.get(id) ?? 0, `S-2 ${id}`).toBe(k3.get(id) ?? 0);
      if ((k2.get(id) ?? 0) !== 0) movedSomewhere += 1;
    }
    expect(movedSomewhere).toBeGreaterThan(0);

    // points: central's balance of each member is the sum of every till's ledger rows for it
    const ledger = new Map<string, number>();
    for (const t of tills())
      for (const r of t.all<{ id: string; n: number }>('SELECT member_id AS id, sum(points) AS n FROM points_ledger GROUP BY member_id'))
        ledger.set(r.id, (ledger.get(r.id) ?? 0) + r.n);
    const central = await centralBalances(url);
    expect(central.size).toBe(members.length + 1);
    for (const [id, balance] of central) expect(balance, id).toBe(ledger.get(id) ?? 0);
    const [rows] = await centralQuery(url, 'SELECT count(*) AS n FROM points_ledger');
    expect(num(rows?.n)).toBe(sum(tills().map((t) => t.get<{ n: number }>('SELECT count(*) AS n FROM points_ledger'))));
    // points moved at more than one till for some member
    const shared = await centralQuery(url, 'SELECT member_id FROM points_ledger GROUP BY member_id HAVING count(DISTINCT terminal_id) > 1');
    expect(shared.length).toBeGreaterThan(0);

    // after the last pull every till shows central's balance for every member (the newcomer too)
    for (const t of tills()) {
      const local = t.all<{ id: string; balance: number }>('SELECT id, points_balance AS balance FROM members');
      expect(local.length, t.terminalId).toBe(central.size);
      for (const m of local) expect(m.balance, `${t.terminalId} ${m.id}`).toBe(central.get(m.id));
      expect(balanceProblem(t.terminal.ctx), t.terminalId).toBeNull();
    }
    // the tills earned at the till, gave points back on a refund, and pushed while they sold (many pushes each)
    const kinds = await centralQuery<{ terminal_id: string; kind: string }>(
      url,
      'SELECT DISTINCT terminal_id, kind FROM points_ledger ORDER BY 1, 2',
    );
    for (const t of tills()) expect(kinds.filter((k) => k.terminal_id === t.terminalId).map((k) => k.kind)).toContain('earn');
    expect(kinds.filter((k) => k.kind === 'refund_reversal').length).toBe(2);
    expect(kinds.filter((k) => k.kind === 'redeem').length).toBe(2);
    for (const t of tills()) {
      const [pushes] = await centralQuery(url, 'SELECT count(DISTINCT received_at) AS n FROM events WHERE terminal_id = $1', [
        t.terminalId,
      ]);
      expect(num(pushes?.n), t.terminalId).toBeGreaterThanOrEqual(4);
    }
    // nothing needed a person
    expect(await centralQuery(url, 'SELECT kind, details FROM sync_conflicts')).toEqual([]);
  });
});

describe('a terminal restored from an older backup', () => {
  let url: string;
  let t: Till;
  let restored: Till | undefined;
  let again: Till | undefined;
  let oldCopy: string;
  let oldCopy2: string;
  let products: { id: string; priceMinor: number }[];
  let memberId: string;

  const centralOf = async (terminalId: string) => {
    const [row] = await centralQuery(
      url,
      `SELECT last_seq, last_receipt_no, last_z_number, (SELECT count(*) FROM events WHERE terminal_id = $1) AS events,
              (SELECT max(receipt_no) FROM sales WHERE terminal_id = $1) AS receipt, (SELECT max(z_number) FROM shifts WHERE terminal_id = $1) AS z
         FROM terminals WHERE id = $1`,
      [terminalId],
    );
    return {
      lastSeq: num(row?.last_seq),
      lastReceiptNo: num(row?.last_receipt_no),
      lastZNumber: num(row?.last_z_number),
      events: num(row?.events),
      receipt: num(row?.receipt),
      z: num(row?.z),
    };
  };
  const salesOf = (terminalId: string) =>
    centralQuery(url, 'SELECT * FROM sales WHERE terminal_id = $1 ORDER BY receipt_no', [terminalId]).then((rows) =>
      rows.map((r) => JSON.stringify(r)),
    );
  const shiftWithSales = (till: Till, count: number) => {
    till.call('shift.open', { openingFloatMinor: 5_000 });
    const sold = [];
    for (let i = 0; i < count; i += 1)
      sold.push(till.sell([{ productId: products[i % products.length]!.id, quantity: 1 + i }], i % 2 ? { memberId } : {}));
    const expected = till.call('shift.xReport', {}).expectedCashMinor as number;
    const z = till.call('shift.close', { counted: counted(expected) });
    return { sold, z };
  };

  beforeAll(async () => {
    url = await freshCentral('restore');
    t = await newTill(url, { terminalId: 'T-300001', storeId: 'S-3', seed: { products: 30, members: 4, sales: 0, seed: 3 } });
    products = sellable(t, 6);
    memberId = t.get<{ id: string }>('SELECT id FROM members ORDER BY id LIMIT 1').id;
    // sells and syncs; a goodwill adjustment is made, and the backup taken before it is sent (no transaction open)
    shiftWithSales(t, 3);
    await t.service.runNow();
    t.call('loyalty.adjust', { id: crypto.randomUUID(), memberId, points: 50, reason: 'Goodwill' });
    oldCopy = `${t.dir}/old.db`;
    oldCopy2 = `${t.dir}/old-2.db`;
    await t.terminal.sqlite.backup(oldCopy);
    await t.terminal.sqlite.backup(oldCopy2);
    // sells more and syncs: central has more than the copy
    shiftWithSales(t, 4);
    await t.service.runNow();
    await t.shut();
  }, 120_000);

  afterAll(async () => {
    await restored?.shut();
    await again?.shut();
    await t?.close();
  });

  it('resends nothing, skips nothing, and numbers past what central has; a new sale then syncs', async () => {
    const before = await centralOf('T-300001');
    const centralSales = await salesOf('T-300001');
    expect(before.z).toBe(2);
    restored = await openTill(url, oldCopy, t.dir);
    const localSeq = restored.get<{ n: number }>('SELECT max(seq) AS n FROM outbox').n;
    expect(localSeq).toBeLessThan(before.lastSeq);
    // the adjustment is unsent in the copy; central has it (the till sent it after the backup)
    expect(waiting(restored)).toBeGreaterThan(0);

    const first = await restored.service.runNow();
    expect(first.pushed).toBe(0);
    expect(first.duplicates).toBe(0);
    expect(first.conflicts).toBe(0);
    expect(waiting(restored)).toBe(0);
    expect(await centralOf('T-300001')).toEqual(before);
    expect(restored.service.status().state).toBe('synced');

    // the next event is numbered after central's last; the next receipt and Z after central's highest
    const { sold, z } = shiftWithSales(restored, 2);
    const seqs = restored.all<{ seq: number }>('SELECT seq FROM outbox WHERE seq > ? ORDER BY seq', localSeq).map((r) => r.seq);
    expect(seqs[0]).toBe(before.lastSeq + 1);
    expect(seqs).toEqual(seqs.map((_, i) => before.lastSeq + 1 + i));
    expect(sold[0].receiptNo).toBe(before.receipt + 1);
    expect(z.zNumber).toBe(before.z + 1);

    const second = await restored.service.runNow();
    expect(second.pushed).toBe(seqs.length);
    expect(second.conflicts).toBe(0);
    const after = await centralOf('T-300001');
    expect(after).toMatchObject({ lastSeq: before.lastSeq + seqs.length, events: before.events + seqs.length, z: before.z + 1 });
    expect(after.receipt).toBe(sold.at(-1).receiptNo);
    // central's earlier rows are untouched, and the new sales are there
    const now = await salesOf('T-300001');
    expect(now.slice(0, centralSales.length)).toEqual(centralSales);
    expect(now.length).toBe(centralSales.length + 2);
    expect(await centralQuery(url, 'SELECT kind FROM sync_conflicts')).toEqual([]);
    // the member's balance here is central's (the sales the copy never saw included)
    const [m] = await centralQuery(url, 'SELECT points_balance FROM members WHERE id = $1', [memberId]);
    expect(restored.get<{ b: number }>('SELECT points_balance AS b FROM members WHERE id = ?', memberId).b).toBe(num(m?.points_balance));
    expect(balanceProblem(restored.terminal.ctx)).toBeNull();
    await restored.shut();
  });

  it('restored and sold before syncing: refused as another history, a conflict recorded, nothing overwritten', async () => {
    const before = await centralOf('T-300001');
    const centralSales = await salesOf('T-300001');
    again = await openTill(url, oldCopy2, t.dir);
    again.call('shift.open', { openingFloatMinor: 5_000 });
    const sale = again.sell([{ productId: products[0]!.id, quantity: 1 }]);
    // the copy's counter gives a receipt number central already has on another sale
    expect(sale.receiptNo).toBeLessThanOrEqual(before.receipt);

    const refusal = await again.service.runNow().catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', message: expect.stringMatching(/another event at number/) });
    expect(again.service.status()).toMatchObject({ state: 'refused', lastError: expect.stringMatching(/restored from an older backup/) });
    await expect(again.service.runNow()).rejects.toMatchObject({ code: 'CENTRAL_UNAVAILABLE' });

    const conflicts = await centralQuery<{ kind: string; terminal_id: string; details: { seq: number } }>(
      url,
      'SELECT kind, terminal_id, details FROM sync_conflicts',
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'history_diverged', terminal_id: 'T-300001' });
    expect(conflicts[0]?.details.seq).toBeLessThanOrEqual(before.lastSeq);
    expect(await centralOf('T-300001')).toEqual(before);
    expect(await salesOf('T-300001')).toEqual(centralSales);
    // the till's sale waits here, not lost
    expect(waiting(again)).toBeGreaterThan(0);
    const listed = await again.service.conflicts(false);
    expect(listed.map((c) => c.kind)).toEqual(['history_diverged']);
    expect(listed[0]?.summary).toMatch(/nothing was overwritten/);
  });
});

describe('a second device claiming a registered terminal id', () => {
  let url: string;
  let real: Till;
  let intruder: Till;

  beforeAll(async () => {
    url = await freshCentral('claimed');
    real = await newTill(url, { terminalId: 'T-400001', storeId: 'S-4', seed: { products: 10, members: 2, sales: 0, seed: 4 } });
    real.call('shift.open', { openingFloatMinor: 1_000 });
    real.sell([{ productId: sellable(real, 1)[0]!.id, quantity: 1 }]);
    await real.service.runNow();
    // another database (its own secret) given the same terminal id and store
    intruder = await newTill(url, { terminalId: 'T-400001', storeId: 'S-4', seed: { products: 5, members: 1, sales: 0, seed: 40 } });
  }, 120_000);

  afterAll(async () => {
    await real?.close();
    await intruder?.close();
  });

  const snapshot = () =>
    centralQuery(
      url,
      `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM members) AS members,
              (SELECT count(*) FROM sales) AS sales, (SELECT secret_hash FROM terminals WHERE id = 'T-400001') AS hash,
              (SELECT last_seq FROM terminals WHERE id = 'T-400001') AS last_seq`,
    ).then(([row]) => row);

  it('is refused with a terminal_claimed conflict (once), central unchanged; the real terminal syncs on', async () => {
    const before = await snapshot();
    const error = await intruder.service.runNow().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', message: expect.stringMatching(/registered from another device/) });
    expect(intruder.service.status().state).toBe('refused');
    await expect(intruder.service.runNow()).rejects.toMatchObject({ code: 'CENTRAL_UNAVAILABLE' });
    const conflicts = await centralQuery(url, 'SELECT kind, terminal_id FROM sync_conflicts');
    expect(conflicts).toEqual([{ kind: 'terminal_claimed', terminal_id: 'T-400001' }]);
    expect(await snapshot()).toEqual(before);
    expect(waiting(intruder)).toBeGreaterThan(0);

    real.sell([{ productId: sellable(real, 1)[0]!.id, quantity: 2 }]);
    const result = await real.service.runNow();
    expect(result.pushed).toBeGreaterThan(0);
    expect(real.service.status().state).toBe('synced');
    const [sales] = await centralQuery(url, "SELECT count(*) AS n FROM sales WHERE terminal_id = 'T-400001'");
    expect(num(sales?.n)).toBe(2);
    expect(await centralQuery(url, 'SELECT count(*)::int AS n FROM sync_conflicts')).toEqual([{ n: 1 }]);
    const listed = await real.service.conflicts(false);
    expect(listed[0]?.summary).toMatch(/second device claimed terminal id T-400001/);
  });
});

describe('points spent twice offline at two terminals', () => {
  let url: string;
  let t1: Till;
  let t2: Till;
  let memberId: string;
  let product: { id: string; priceMinor: number };

  beforeAll(async () => {
    url = await freshCentral('overspent');
    t1 = await newTill(url, {
      terminalId: 'T-500001',
      storeId: 'S-5',
      cardBlock: 1,
      seed: { products: 10, members: 0, sales: 0, seed: 5 },
    });
    const member = t1.call('loyalty.enroll', { name: 'Olga Offline', phone: '+33 6 12 34 56 78' });
    memberId = member.id;
    t1.call('loyalty.adjust', { id: crypto.randomUUID(), memberId, points: 1_000, reason: 'Opening balance' });
    await t1.service.runNow();
    t2 = await newTill(url, { terminalId: 'T-500002', storeId: 'S-6', cardBlock: 2 });
    await t2.service.runNow();
    product = sellable(t1, 1)[0]!;
    for (const t of [t1, t2]) t.call('shift.open', { openingFloatMinor: 1_000 });
  }, 120_000);

  afterAll(async () => {
    await t1?.close();
    await t2?.close();
  });

  const balance = (t: Till) =>
    t.get<{ b: number; r: number }>('SELECT points_balance AS b, remote_points AS r FROM members WHERE id = ?', memberId);

  it('each till lets the member redeem; central goes below zero with one points_overspent conflict; both ledgers kept', async () => {
    expect(balance(t2).b).toBe(1_000);
    // "offline": neither syncs while both redeem most of the points (card for the rest earns a few)
    const quantity = Math.ceil(1_000 / product.priceMinor);
    const sales = [t1, t2].map((t) => t.sell([{ productId: product.id, quantity }], { memberId, points: 900, cardShare: 1 }));
    for (const [i, t] of [t1, t2].entries()) {
      expect(sales[i].payments.find((p: { method: string }) => p.method === 'points')).toMatchObject({ amountMinor: 900 });
      expect(balance(t).b).toBeGreaterThanOrEqual(100);
    }
    await t1.service.runNow();
    const second = await t2.service.runNow();
    expect(second.conflicts).toBe(1);
    // and again: nothing more
    for (const t of [t1, t2]) await t.service.runNow();

    const [central] = await centralQuery(url, 'SELECT points_balance FROM members WHERE id = $1', [memberId]);
    const centralBalance = num(central?.points_balance);
    const ledgers = [t1, t2].map((t) => t.get<{ n: number }>('SELECT sum(points) AS n FROM points_ledger WHERE member_id = ?', memberId).n);
    expect(centralBalance).toBeLessThan(0);
    // the opening 1,000 (T-1's row), both redemptions, and what the card part of each sale earned
    expect(centralBalance).toBe(ledgers[0]! + ledgers[1]!);
    const earned = [t1, t2].reduce(
      (s, t) => s + t.get<{ n: number }>("SELECT coalesce(sum(points), 0) AS n FROM points_ledger WHERE kind = 'earn'").n,
      0,
    );
    expect(centralBalance).toBe(1_000 - 900 - 900 + earned);
    const rows = await centralQuery<{ terminal_id: string; kind: string; points: string }>(
      url,
      'SELECT terminal_id, kind, points FROM points_ledger WHERE member_id = $1 ORDER BY terminal_id, at, kind',
      [memberId],
    );
    expect(rows.filter((r) => r.kind === 'redeem').map((r) => [r.terminal_id, num(r.points)])).toEqual([
      ['T-500001', -900],
      ['T-500002', -900],
    ]);
    const conflicts = await centralQuery<{ id: string; kind: string; member_id: string; terminal_id: string }>(
      url,
      'SELECT id, kind, member_id, terminal_id FROM sync_conflicts',
    );
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'points_overspent', member_id: memberId, terminal_id: 'T-500002' })]);

    // the Sync page lists it in words; a manager settles it
    const listed = await t1.service.conflicts(false);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ kind: 'points_overspent', memberId, resolvedAt: null });
    expect(listed[0]?.summary).toBe(
      `Member ${memberId} spent points at two stores while offline: central balance is ${centralBalance} points.`,
    );
    const resolved = await t1.service.resolveConflict(listed[0]!.id, 'Mara');
    expect(resolved).toMatchObject({ resolvedBy: 'Mara', resolvedAt: expect.any(Number) });
    expect(await t1.service.conflicts(false)).toEqual([]);
    expect((await t1.service.conflicts(true)).map((c) => c.resolvedBy)).toEqual(['Mara']);
    await expect(t2.service.resolveConflict(listed[0]!.id, 'Sam')).rejects.toMatchObject({ code: 'CONFLICT' });

    // after a pull each till shows central's balance — below zero, not clamped — and verify agrees
    for (const t of [t1, t2]) await t.service.runNow();
    for (const t of [t1, t2]) {
      expect(balance(t).b, t.terminalId).toBe(centralBalance);
      expect(balanceProblem(t.terminal.ctx), t.terminalId).toBeNull();
      expect(t.call('loyalty.get', { id: memberId }).pointsBalance).toBe(centralBalance);
    }
  });

  it('the till still copes with the member below zero: verify passes, redeeming is refused, a sale without points goes through', () => {
    for (const t of [t1, t2]) expect(t.call('journal.verify', {})).toMatchObject({ ok: true });
    const refused = t1.raw('sale.complete', {
      id: crypto.randomUUID(),
      lines: [{ productId: product.id, quantity: 1 }],
      memberId,
      payments: [{ method: 'points', points: product.priceMinor, amountMinor: product.priceMinor }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    const plain = t1.sell([{ productId: product.id, quantity: 1 }], { cardShare: 1 });
    expect(plain.memberId).toBeNull();
  });

  // KNOWN BUG, outside the sync code: postPoints (electron/core/features/loyalty/ledger.ts) refuses
  // every movement that leaves the balance below zero, also a POSITIVE one — so once a pulled
  // balance is negative, a sale for the member that earns points fails ("has -796 points: -6
  // cannot be taken off") and so does a goodwill adjustment that does not bring it back to zero.
  // Only a movement that takes points off should be refused there. Remove `.fails` once fixed.
  it('a sale for the member below zero earns its points (the balance moves up, still below zero)', () => {
    const before = balance(t2).b;
    const sale = t2.sell([{ productId: product.id, quantity: 3 }], { memberId, cardShare: 1 });
    expect(sale.memberId).toBe(memberId);
    expect(balance(t2).b).toBeGreaterThan(before);
  });
});

describe('pull without echo, last writer wins', () => {
  let url: string;
  let t1: Till;
  let t2: Till;
  let memberId: string;

  beforeAll(async () => {
    url = await freshCentral('lww');
    t1 = await newTill(url, {
      terminalId: 'T-600001',
      storeId: 'S-6',
      cardBlock: 1,
      seed: { products: 12, members: 3, sales: 0, seed: 6 },
    });
    await t1.service.runNow();
    t2 = await newTill(url, { terminalId: 'T-600002', storeId: 'S-6', cardBlock: 2 });
    await t2.service.runNow();
    memberId = t1.get<{ id: string }>('SELECT id FROM members ORDER BY id LIMIT 1').id;
  }, 120_000);

  afterAll(async () => {
    await t1?.close();
    await t2?.close();
  });

  const outbox = (t: Till) => t.get<{ n: number }>('SELECT count(*) AS n FROM outbox').n;
  const memberAt = (t: Till) => t.call('loyalty.get', { id: memberId }) as { name: string; email: string | null; updatedAt: number };

  it('a member edited at T-1, then later at T-2: both tills and central end with T-2’s version, whatever order they sync in', async () => {
    t1.call('loyalty.update', { id: memberId, name: 'Version One', email: 'one@example.com' });
    await t1.service.runNow();
    const before = outbox(t2);
    const pulled = await t2.service.runNow();
    expect(pulled.pulled).toBeGreaterThanOrEqual(1);
    expect(memberAt(t2)).toMatchObject({ name: 'Version One', email: 'one@example.com' });
    expect(outbox(t2)).toBe(before);

    // both edit while apart: T-1 first, T-2 a little later (the later edit is the one kept)
    await sleep(5);
    t1.call('loyalty.update', { id: memberId, name: 'Version Two (T-1)' });
    await sleep(5);
    t2.call('loyalty.update', { id: memberId, name: 'Version Three (T-2)', email: 'three@example.com' });
    expect(memberAt(t2).updatedAt).toBeGreaterThan(memberAt(t1).updatedAt);
    // the later edit reaches central first; the older one after it changes nothing
    await t2.service.runNow();
    await t1.service.runNow();
    await t2.service.runNow();
    for (const t of [t1, t2]) expect(memberAt(t), t.terminalId).toMatchObject({ name: 'Version Three (T-2)', email: 'three@example.com' });
    const [central] = await centralQuery(url, 'SELECT name, email FROM members WHERE id = $1', [memberId]);
    expect(central).toEqual({ name: 'Version Three (T-2)', email: 'three@example.com' });
    expect(await centralQuery(url, 'SELECT kind FROM sync_conflicts')).toEqual([]);
  });

  it('a price changed at T-1 reaches T-2, and T-2’s outbox does not grow from the pull', async () => {
    const { id } = sellable(t1, 1)[0]!;
    const { taxRateBp: _r, categoryName: _c, updatedAt: _u, stockOnHand: _s, ...product } = t1.call('catalog.get', { id });
    t1.call('catalog.upsertProduct', { ...product, priceMinor: product.priceMinor + 111 });
    await t1.service.runNow();
    const before = outbox(t2);
    const result = await t2.service.runNow();
    expect(result.pushed).toBe(0);
    expect(result.pulled).toBeGreaterThanOrEqual(1);
    expect(t2.call('catalog.get', { id })).toMatchObject({ priceMinor: product.priceMinor + 111 });
    expect(outbox(t2)).toBe(before);
    // and the next run sends nothing back
    expect((await t2.service.runNow()).pushed).toBe(0);
    const [central] = await centralQuery(url, 'SELECT price_minor FROM products WHERE id = $1', [id]);
    expect(num(central?.price_minor)).toBe(product.priceMinor + 111);
  });
});

describe('a member enrolled twice offline (member_duplicate)', () => {
  let url: string;
  let t1: Till;
  let t2: Till;
  let a: { id: string };
  let b: { id: string };

  beforeAll(async () => {
    url = await freshCentral('duplicate');
    t1 = await newTill(url, { terminalId: 'T-700001', storeId: 'S-7', cardBlock: 1, seed: { products: 5, members: 0, sales: 0, seed: 8 } });
    t2 = await newTill(url, { terminalId: 'T-700002', storeId: 'S-8', cardBlock: 2 });
    await t1.service.runNow();
    await t2.service.runNow();
    // both enrol the same person while apart
    a = t1.call('loyalty.enroll', { name: 'Dora Double', email: 'dora@example.com' });
    b = t2.call('loyalty.enroll', { name: 'Dora Double', email: 'dora@example.com' });
  }, 120_000);

  afterAll(async () => {
    await t1?.close();
    await t2?.close();
  });

  const has = (t: Till, id: string) => t.get<{ n: number }>('SELECT count(*) AS n FROM members WHERE id = ?', id).n === 1;

  it('keeps both records, records one conflict, and holds the newcomer back from the other till', async () => {
    await t1.service.runNow();
    const second = await t2.service.runNow();
    expect(second.conflicts).toBe(1);
    for (const t of [t1, t2]) expect((await t.service.runNow()).conflicts).toBe(0);

    const central = await centralQuery(url, 'SELECT id, email FROM members ORDER BY id');
    expect(central).toEqual(
      [
        { id: a.id, email: 'dora@example.com' },
        { id: b.id, email: 'dora@example.com' },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    const conflicts = await t1.service.conflicts(false);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      kind: 'member_duplicate',
      memberId: b.id,
      details: { field: 'email', value: 'dora@example.com', otherMemberId: a.id },
    });
    expect(conflicts[0]?.summary).toBe(`Member ${b.id} has the same email (dora@example.com) as member ${a.id}: merge them.`);
    expect(has(t1, b.id)).toBe(false);
  });

  it('once a manager has corrected the newcomer and resolved the conflict, the other till pulls it', async () => {
    t2.call('loyalty.update', { id: b.id, email: 'dora.b@example.com' });
    await t2.service.runNow();
    await t1.service.runNow();
    // still held back: the conflict is open
    expect(has(t1, b.id)).toBe(false);
    const [open] = await t1.service.conflicts(false);
    await t1.service.resolveConflict(open!.id, 'Mara');
    const before = t1.get<{ n: number }>('SELECT count(*) AS n FROM outbox').n;
    await t1.service.runNow();
    expect(t1.call('loyalty.get', { id: b.id })).toMatchObject({ name: 'Dora Double', email: 'dora.b@example.com' });
    expect(t1.get<{ n: number }>('SELECT count(*) AS n FROM outbox').n).toBe(before);
  });

  // T-2 pulled the original (A) in the same run that pushed its duplicate (B): SQLite's UNIQUE
  // (email) index refused A next to B and the pull passed over it. Settling the conflict gives both
  // a new change_seq, so A comes again once B no longer clashes.
  it('the original reaches the till that enrolled the duplicate once the conflict is settled', async () => {
    await t2.service.runNow();
    expect(has(t2, a.id)).toBe(true);
  });
});

describe('restored from a backup taken while a shift was open', () => {
  it('closing that shift again does not overwrite central’s Z report: a conflict says so, the sales still arrive', async () => {
    const url = await freshCentral('openshift');
    const t = await newTill(url, { terminalId: 'T-310001', storeId: 'S-31', seed: { products: 5, members: 0, sales: 0, seed: 9 } });
    let r: Till | undefined;
    try {
      const p = sellable(t, 1)[0]!;
      const shift = t.call('shift.open', { openingFloatMinor: 1_000 });
      t.sell([{ productId: p.id, quantity: 1 }]);
      await t.service.runNow();
      await t.terminal.sqlite.backup(`${t.dir}/old.db`);
      t.sell([{ productId: p.id, quantity: 2 }]);
      const z1 = t.call('shift.close', { counted: counted(t.call('shift.xReport', {}).expectedCashMinor) });
      await t.service.runNow();
      await t.shut();
      const shiftRow = () =>
        centralQuery(url, 'SELECT z_number, closed_at, z_report FROM shifts WHERE id = $1', [shift.id]).then(([row]) => row);
      const before = await shiftRow();
      expect(num(before?.z_number)).toBe(z1.zNumber);

      r = await openTill(url, `${t.dir}/old.db`, t.dir);
      await r.service.runNow();
      // the copy has the shift open still: it sells in it and closes it again, as Z 2
      expect(r.call('shift.current', {})).toMatchObject({ id: shift.id, closedAt: null });
      const late = r.sell([{ productId: p.id, quantity: 3 }]);
      const z2 = r.call('shift.close', { counted: counted(r.call('shift.xReport', {}).expectedCashMinor) });
      expect(z2.zNumber).toBe(z1.zNumber + 1);
      const result = await r.service.runNow();
      expect(result.conflicts).toBe(1);
      expect(await shiftRow()).toEqual(before);
      const [sale] = await centralQuery(url, 'SELECT shift_id FROM sales WHERE id = $1', [late.id]);
      expect(sale?.shift_id).toBe(shift.id);
      const conflicts = await r.service.conflicts(false);
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        kind: 'history_diverged',
        terminalId: 'T-310001',
        details: { shiftId: shift.id, centralZNumber: z1.zNumber, terminalZNumber: z2.zNumber },
      });
      expect((await r.service.runNow()).conflicts).toBe(0);
      expect(await r.service.conflicts(false)).toHaveLength(1);
    } finally {
      await r?.shut();
      await t.close();
    }
  });
});

describe('a push cut after central committed (the terminal never heard)', () => {
  it('the events are marked sent without sending them again, and the points they moved are not counted twice', async () => {
    const url = await freshCentral('cut');
    const t = await newTill(url, { terminalId: 'T-320001', storeId: 'S-32', seed: { products: 5, members: 2, sales: 0, seed: 9 } });
    try {
      await t.service.runNow();
      const product = sellable(t, 1)[0]!;
      const memberId = t.get<{ id: string }>('SELECT id FROM members ORDER BY id LIMIT 1').id;
      t.call('shift.open', { openingFloatMinor: 1_000 });
      const sale = t.sell([{ productId: product.id, quantity: 5 }], { memberId, cardShare: 1 });
      const earned = t.get<{ n: number }>("SELECT sum(points) AS n FROM points_ledger WHERE sale_id = ? AND kind = 'earn'", sale.id).n;
      expect(earned).toBeGreaterThan(0);
      const state = t.get<{ l: number; c: number }>('SELECT pushed_ledger_seq AS l, pull_cursor AS c FROM sync_state');
      const sentSeq = t.get<{ n: number }>('SELECT pushed_seq AS n FROM sync_state').n;
      await t.service.runNow();
      // as if the connection was cut after central's COMMIT: nothing marked sent here, nothing pulled
      t.terminal.sqlite.prepare('UPDATE sync_state SET pushed_seq = ? WHERE id = 1').run(sentSeq);
      t.terminal.sqlite.prepare('UPDATE sync_state SET pushed_ledger_seq = ?, pull_cursor = ? WHERE id = 1').run(state.l, state.c);
      const result = await t.service.runNow();
      expect(result).toMatchObject({ pushed: 0, duplicates: 0 });
      expect(waiting(t)).toBe(0);
      const [central] = await centralQuery(url, 'SELECT points_balance FROM members WHERE id = $1', [memberId]);
      expect(t.get('SELECT points_balance AS balance, remote_points AS remote FROM members WHERE id = ?', memberId)).toEqual({
        balance: num(central?.points_balance),
        remote: 0,
      });
      expect(balanceProblem(t.terminal.ctx)).toBeNull();
    } finally {
      await t.close();
    }
  });
});
