// `npm run bench:checkout`: a 5-line sale with every side effect, through the core router with
// synchronous=FULL, against hand-written better-sqlite3 statements doing the same writes, in one run.
// Prints p50/p99, the ratio router/raw and sequential sales per second; writes bench/results/checkout.json.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSession } from '../electron/core/session';
import { openTerminal } from '../electron/core/terminal';
import { uuidv7 } from '../src/shared/uuid';

const SALES = Number(process.env.BENCH_SALES ?? 3000);
const WARMUP = 300;
const LINES = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function prepareTerminal(file: string) {
  const terminal = await openTerminal(file);
  const manager = newSession();
  const must = <T>(channel: string, input: unknown, session = manager): T => {
    const r = terminal.router.invoke(channel, input, session);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  must('setup.createFirstManager', { name: 'Bench Manager', pin: '5555', storeName: 'Bench', terminalId: 'B1' });
  must('staff.create', { name: 'Bench Cashier', pin: '6666', roles: ['cashier'] });
  const cashierId = must<{ id: string; name: string }[]>('staff.list', {}).find((s) => s.name === 'Bench Cashier')?.id;
  const cashier = newSession();
  must('auth.login', { staffId: cashierId, pin: '6666' }, cashier);
  const tax = must<{ id: string }>('catalog.upsertTaxClass', { name: 'Standard', rateBp: 2000 });
  const products: { id: string; sku: string; name: string; priceMinor: number; taxClassId: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const priceMinor = 99 + ((i * 37) % 1900);
    const p = must<{ id: string }>('catalog.upsertProduct', {
      sku: `B-${i}`,
      name: `Bench product ${i}`,
      priceMinor,
      taxClassId: tax.id,
      stockOnHand: 10_000_000,
    });
    products.push({ id: p.id, sku: `B-${i}`, name: `Bench product ${i}`, priceMinor, taxClassId: tax.id });
  }
  must('shift.open', { openingFloatMinor: 10000 }, cashier);
  return { terminal, manager, cashier, products, taxId: tax.id };
}

/** The same writes as sale.complete, by hand: what the router's way of doing it is compared with. */
function rawSaleWriter(ctx: Awaited<ReturnType<typeof prepareTerminal>>) {
  const db = ctx.terminal.sqlite;
  const shift = db.prepare('SELECT id FROM shifts WHERE closed_at IS NULL').get() as { id: string };
  const staffId = ctx.cashier.staff?.id ?? '';
  const product = db.prepare(
    'SELECT p.id, p.sku, p.name, p.price_minor, p.tax_class_id, t.rate_bp, p.tracks_stock, p.stock_on_hand FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id = ?',
  );
  // the same idempotency key and shift turnover the core keeps
  const exists = db.prepare('SELECT kind, request_hash FROM request_keys WHERE id = ?');
  const requestKey = db.prepare("INSERT INTO request_keys (id, kind, request_hash, created_at) VALUES (?, 'sale', ?, ?)");
  const turnover = db.prepare(
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
  );
  const counter = db.prepare(
    "INSERT INTO counters (name, value) VALUES ('receipt:raw', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
  );
  const lastJournal = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
  const sale = db.prepare(
    `INSERT INTO sales (id, kind, terminal_id, receipt_no, shift_id, staff_id, created_at, currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor, cash_rounding_minor, journal_seq)
     VALUES (?, 'sale', 'RAW', ?, ?, ?, ?, 'EUR', 1, ?, 0, ?, ?, 0, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, weighed, unit_price_minor, tax_class_id, tax_rate_bp, gross_minor, line_discount_minor, cart_discount_minor, tax_minor, total_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0, ?, ?)`,
  );
  const payment = db.prepare("INSERT INTO payments (id, sale_id, method, amount_minor, card_last4) VALUES (?, ?, 'card', ?, '4242')");
  const stock = db.prepare('UPDATE products SET stock_on_hand = stock_on_hand - ? WHERE id = ?');
  const movement = db.prepare(
    "INSERT INTO stock_movements (id, product_id, delta, reason, sale_id, sale_line_id, staff_id, created_at) VALUES (?, ?, ?, 'sale', ?, ?, ?, ?)",
  );
  const journal = db.prepare('INSERT INTO journal (seq, at, kind, document_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const outbox = db.prepare("INSERT INTO outbox (id, created_at, topic, entity_id, payload) VALUES (?, ?, 'sale.completed', ?, ?)");
  const audit = db.prepare(
    "INSERT INTO audit_log (id, at, action, actor_staff_id, entity, entity_id, details) VALUES (?, ?, 'sale.complete', ?, 'sale', ?, ?)",
  );
  return db
    .transaction((id: string, items: { productId: string; quantity: number }[]) => {
      if (exists.get(id)) return;
      const now = Date.now();
      const rows = items.map((item) => ({ item, p: product.get(item.productId) as Record<string, number | string> }));
      let total = 0;
      let tax = 0;
      const priced = rows.map(({ item, p }) => {
        const gross = item.quantity * (p.price_minor as number);
        const t = Math.round((gross * (p.rate_bp as number)) / (10000 + (p.rate_bp as number)));
        total += gross;
        tax += t;
        return { item, p, gross, t };
      });
      turnover.get(`turnover:${shift.id}`, total);
      const receipt = (counter.get() as { value: number }).value;
      requestKey.run(id, createHash('sha256').update(JSON.stringify({ id, items })).digest('hex'), now);
      const last = lastJournal.get() as { seq: number; hash: string } | undefined;
      const seq = (last?.seq ?? 0) + 1;
      sale.run(id, receipt, shift.id, staffId, now, total, tax, total, seq);
      const lineDocs: unknown[] = [];
      priced.forEach(({ item, p, gross, t }, i) => {
        const lineId = randomUUID();
        line.run(lineId, id, i + 1, p.id, p.sku, p.name, item.quantity, p.price_minor, p.tax_class_id, p.rate_bp, gross, t, gross);
        stock.run(item.quantity, p.id);
        movement.run(randomUUID(), p.id, -item.quantity, id, lineId, staffId, now);
        lineDocs.push({ lineId, p: p.id, q: item.quantity, gross, t });
      });
      payment.run(randomUUID(), id, total);
      const payload = JSON.stringify({ id, receipt, total, tax, lines: lineDocs });
      const prev = last?.hash ?? '0'.repeat(64);
      journal.run(seq, now, 'sale', id, payload, prev, createHash('sha256').update(prev).update(payload).digest('hex'));
      outbox.run(randomUUID(), now, id, payload);
      audit.run(randomUUID(), now, staffId, id, JSON.stringify({ receipt, total }));
    })
    .immediate.bind(null) as unknown as (id: string, items: { productId: string; quantity: number }[]) => void;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-bench-checkout-'));
  try {
    const routerTill = await prepareTerminal(join(dir, 'router.db'));
    const rawTill = await prepareTerminal(join(dir, 'raw.db'));
    const rawSale = rawSaleWriter(rawTill);
    const cartFor = (till: typeof routerTill, n: number) =>
      Array.from({ length: LINES }, (_, k) => ({
        productId: till.products[(n * 7 + k * 13) % till.products.length]?.id ?? '',
        quantity: 1 + ((n + k) % 3),
      }));
    const totalOf = (till: typeof routerTill, lines: { productId: string; quantity: number }[]) =>
      lines.reduce((s, l) => s + l.quantity * (till.products.find((p) => p.id === l.productId)?.priceMinor ?? 0), 0);

    const routerTimes: number[] = [];
    const rawTimes: number[] = [];
    // interleave the two ways so both see the same machine noise
    for (let n = 0; n < SALES + WARMUP; n++) {
      const lines = cartFor(routerTill, n);
      const input = { id: uuidv7(), lines, payments: [{ method: 'card', amountMinor: totalOf(routerTill, lines), last4: '4242' }] };
      let t0 = process.hrtime.bigint();
      const result = routerTill.terminal.router.invoke('sale.complete', input, routerTill.cashier);
      const routerNs = Number(process.hrtime.bigint() - t0);
      if (!result.ok) throw new Error(result.error.message);
      const rawLines = cartFor(rawTill, n);
      t0 = process.hrtime.bigint();
      rawSale(uuidv7(), rawLines);
      const rawNs = Number(process.hrtime.bigint() - t0);
      if (n >= WARMUP) {
        routerTimes.push(routerNs / 1e6);
        rawTimes.push(rawNs / 1e6);
      }
    }
    // sequential throughput through the router alone
    const seqStart = process.hrtime.bigint();
    const SEQ = 1000;
    for (let n = 0; n < SEQ; n++) {
      const lines = cartFor(routerTill, n);
      routerTill.terminal.router.invoke(
        'sale.complete',
        { id: uuidv7(), lines, payments: [{ method: 'card', amountMinor: totalOf(routerTill, lines) }] },
        routerTill.cashier,
      );
    }
    const salesPerSecond = SEQ / (Number(process.hrtime.bigint() - seqStart) / 1e9);
    const router = summary(routerTimes);
    const raw = summary(rawTimes);
    const journalOk = (routerTill.terminal.router.invoke('journal.verify', {}, routerTill.manager) as { ok: true; data: { ok: boolean } })
      .data.ok;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      sales: SALES,
      linesPerSale: LINES,
      synchronous: routerTill.terminal.sqlite.pragma('synchronous', { simple: true }),
      routerMs: router,
      rawMs: raw,
      ratioP50: router.p50 / raw.p50,
      ratioP99: router.p99 / raw.p99,
      salesPerSecond,
    };
    const f = (x: number) => x.toFixed(3);
    console.log(
      `checkout: ${SALES} sales of ${LINES} lines, synchronous=${result.synchronous === 2 ? 'FULL' : result.synchronous}, journal ${journalOk ? 'verified' : 'BROKEN'}`,
    );
    console.log('| path | p50 ms | p99 ms | mean ms |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| sale.complete through the router | ${f(router.p50)} | ${f(router.p99)} | ${f(router.mean)} |`);
    console.log(`| same writes, raw better-sqlite3 | ${f(raw.p50)} | ${f(raw.p99)} | ${f(raw.mean)} |`);
    console.log(`| ratio router/raw | ${result.ratioP50.toFixed(2)} | ${result.ratioP99.toFixed(2)} | |`);
    console.log(`sequential sales per second through the router: ${salesPerSecond.toFixed(0)}`);
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    writeFileSync(join(import.meta.dirname, 'results', 'checkout.json'), `${JSON.stringify(result, null, 2)}\n`);
    routerTill.terminal.close();
    rawTill.terminal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
