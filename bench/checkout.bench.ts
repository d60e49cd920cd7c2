// `npm run bench:checkout`: a 5-line sale with every side effect, through the core router with
// synchronous=FULL, against hand-written better-sqlite3 statements doing the same writes, in one run.
// Prints p50/p99, the ratio router/raw and sequential sales per second; writes bench/results/checkout.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '../electron/core/features/setup/settings';
import { newSession } from '../electron/core/session';
import { openTerminal } from '../electron/core/terminal';
import { eventSchemas } from '../src/shared/events';
import { uuidv7 } from '../src/shared/uuid';
import { type RawPayment, rawSaleWriter } from './raw-sale';

const SALES = Number(process.env.BENCH_SALES ?? 3000);
const WARMUP = 300;
const LINES = 5;
// BENCH_SYNC=OFF takes the fsync out of both ways: what is left is CPU (for profiling the layers; the figures are FULL's)
const SYNC = process.env.BENCH_SYNC ?? 'FULL';
const SYNC_NAMES: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function prepareTerminal(file: string) {
  const terminal = await openTerminal(file);
  if (SYNC !== 'FULL') terminal.sqlite.pragma(`synchronous = ${SYNC === 'OFF' ? 'OFF' : 'NORMAL'}`);
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

type Till = Awaited<ReturnType<typeof prepareTerminal>>;
/** The shape of a JSON text: its keys at every level, in order, without the values (ids and times differ). */
function shapeOf(json: string): string {
  const walk = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.slice(0, 1).map(walk)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]))
        : typeof value;
  return JSON.stringify(walk(JSON.parse(json)));
}

/**
 * That the raw path did the core's work, checked on the two files: the same rows per table, a
 * journal `journal.verify` accepts (its entries are the stored rows, hashed as the core hashes
 * them), and journal entries and events of the same shape as the router's.
 */
function checkSameWork(routerTill: Till, rawTill: Till): string[] {
  const problems: string[] = [];
  const count = (till: Till, table: string) =>
    (till.terminal.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  for (const table of [
    'sales',
    'sale_lines',
    'payments',
    'stock_movements',
    'journal',
    'outbox',
    'audit_log',
    'request_keys',
    'counters',
  ]) {
    if (count(routerTill, table) !== count(rawTill, table))
      problems.push(`${table}: ${count(routerTill, table)} rows through the router, ${count(rawTill, table)} raw`);
  }
  const verdict = rawTill.terminal.router.invoke('journal.verify', {}, rawTill.manager);
  if (!verdict.ok || !(verdict.data as { ok: boolean }).ok) problems.push(`the raw journal does not verify: ${JSON.stringify(verdict)}`);
  const last = (till: Till, sql: string) => (till.terminal.sqlite.prepare(sql).get() as { payload: string }).payload;
  const journalSql = "SELECT payload FROM journal WHERE kind = 'sale' ORDER BY seq DESC LIMIT 1";
  const eventSql = "SELECT payload FROM outbox WHERE topic = 'sale.completed' ORDER BY seq DESC LIMIT 1";
  if (shapeOf(last(routerTill, journalSql)) !== shapeOf(last(rawTill, journalSql))) problems.push('journal entries differ in shape');
  if (shapeOf(last(routerTill, eventSql)) !== shapeOf(last(rawTill, eventSql))) problems.push('sale.completed events differ in shape');
  const rawEvent = last(rawTill, eventSql);
  if (JSON.stringify(eventSchemas['sale.completed'].parse(JSON.parse(rawEvent))) !== rawEvent)
    problems.push('the raw event breaks its schema');
  return problems;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-bench-checkout-'));
  try {
    const routerTill = await prepareTerminal(join(dir, 'router.db'));
    const rawTill = await prepareTerminal(join(dir, 'raw.db'));
    const rawSale = rawSaleWriter(rawTill.terminal.sqlite, readSettings(rawTill.terminal.ctx), rawTill.cashier.staff?.id ?? '').complete;
    const cartFor = (till: Till, n: number) =>
      Array.from({ length: LINES }, (_, k) => ({
        productId: till.products[(n * 7 + k * 13) % till.products.length]?.id ?? '',
        quantity: 1 + ((n + k) % 3),
      }));
    const totalOf = (till: Till, lines: { productId: string; quantity: number }[]) =>
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
      const rawPayments: RawPayment[] = [{ method: 'card', amountMinor: totalOf(rawTill, rawLines), last4: '4242' }];
      t0 = process.hrtime.bigint();
      rawSale(uuidv7(), rawLines, rawPayments);
      const rawNs = Number(process.hrtime.bigint() - t0);
      if (n >= WARMUP) {
        routerTimes.push(routerNs / 1e6);
        rawTimes.push(rawNs / 1e6);
      }
    }
    const problems = checkSameWork(routerTill, rawTill);
    if (problems.length > 0) throw new Error(`the raw path did not do the core's work: ${problems.join('; ')}`);
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
      `checkout: ${SALES} sales of ${LINES} lines, synchronous=${SYNC_NAMES[result.synchronous as number] ?? result.synchronous}, journal ${journalOk ? 'verified' : 'BROKEN'}, raw path checked to do the same work (rows, journal, events)`,
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
