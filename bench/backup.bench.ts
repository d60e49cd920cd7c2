/*
 * Backups at store scale:
 *   npm run bench:backup -- [--products N] [--sales N] [--db FILE] [--sale-every MS] [--pages N]
 *
 * 1. seeds a database (default 1,000,000 products and 20,000 sales, about 1 GB with its search
 *    index) with seedDatabase, or reuses --db / $TMPDIR/ringup-bench-backup-<products>-<sales>.db,
 * 2. rings up sale.complete through the router, one request every --sale-every ms (default 50),
 *    each timed from the moment it was due to its answer — so a sale waiting behind a backup step
 *    counts the wait — first idle, then while backup.create's work (createBackup) runs,
 * 3. reports the backup's MB/s (copy, verify, whole), and sale.complete p50/p99 idle vs during the
 *    copy and during the verification; writes bench/results/backup.json.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackup } from '../electron/core/features/backup/create';
import { detachedJob } from '../electron/core/jobs';
import { seedDatabase } from '../electron/core/seed/seed';
import { newSession, type Session } from '../electron/core/session';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { fmt, type Stats, stats } from './stats';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(String(process.argv[at + 1]).replace(/_/g, ''));
}
function argText(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? null : (process.argv[at + 1] ?? null);
}

const PRODUCTS = arg('products', 1_000_000);
const SALES = arg('sales', 20_000);
// 20 sales a second: far busier than a till, yet below what one core can serve while it also copies
const SALE_EVERY_MS = arg('sale-every', 50);
const PAGES = arg('pages', 128);
const IDLE_SALES = arg('idle-sales', 300);
const PIN = '97531864';
const file = argText('db') ?? join(tmpdir(), `ringup-bench-backup-${PRODUCTS}-${SALES}.db`);

function must<T>(terminal: Terminal, channel: string, input: unknown, session: Session): T {
  const r = terminal.router.invoke(channel, input, session);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

async function prepare(): Promise<{ terminal: Terminal; manager: Session; productIds: string[]; seedMs: number | null }> {
  const fresh = !existsSync(file);
  const terminal = await openTerminal(file);
  const manager = newSession();
  let seedMs: number | null = null;
  if (fresh) {
    must(terminal, 'setup.createFirstManager', { name: 'Bench Manager', pin: PIN, storeName: 'Bench Store', terminalId: 'BK1' }, manager);
    const started = performance.now();
    let last = '';
    seedDatabase(terminal, { products: PRODUCTS, members: 0, sales: SALES, seed: 1 }, (p) => {
      if (p.phase === last) return;
      last = p.phase;
      process.stderr.write(`seeding: ${last}\n`);
    });
    seedMs = performance.now() - started;
    terminal.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } else {
    const directory = must<{ id: string; name: string }[]>(terminal, 'auth.directory', {}, manager);
    const me = directory.find((s) => s.name === 'Bench Manager');
    if (!me) throw new Error(`${file} has no Bench Manager: delete it to seed afresh`);
    must(terminal, 'auth.login', { staffId: me.id, pin: PIN }, manager);
  }
  must(terminal, 'settings.update', { outOfStock: 'sell' }, manager);
  if (!must<{ id: string } | null>(terminal, 'shift.current', {}, manager))
    must(terminal, 'shift.open', { openingFloatMinor: 10_000 }, manager);
  const productIds = terminal.sqlite.prepare('SELECT id FROM products WHERE active = 1 LIMIT 200').pluck().all() as string[];
  return { terminal, manager, productIds, seedMs };
}

/** Ring up a sale every SALE_EVERY_MS until `until` resolves; each timed from when it was due. */
async function saleStream(
  terminal: Terminal,
  manager: Session,
  productIds: string[],
  stopWhen: { done: boolean; count?: number },
  tag: () => string,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>();
  let n = 0;
  let due = performance.now();
  while (!stopWhen.done && (stopWhen.count === undefined || n < stopWhen.count)) {
    due += SALE_EVERY_MS;
    const wait = due - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    if (stopWhen.done) break;
    const label = tag();
    const productId = productIds[n % productIds.length] ?? '';
    const price = terminal.sqlite.prepare('SELECT price_minor FROM products WHERE id = ?').pluck().get(productId) as number;
    const r = terminal.router.invoke(
      'sale.complete',
      { id: randomUUID(), lines: [{ productId, quantity: 1 }], payments: [{ method: 'card', amountMinor: price }] },
      manager,
    );
    const latency = performance.now() - due;
    if (!r.ok) throw new Error(`sale.complete: ${r.error.message}`);
    const list = samples.get(label) ?? [];
    list.push(latency);
    samples.set(label, list);
    n++;
    // no catching up is forgiven: requests keep their schedule, so those that queued behind a
    // long step all count their wait (as the till's would)
  }
  return samples;
}

async function main() {
  const { terminal, manager, productIds, seedMs } = await prepare();
  const dbBytes = statSync(file).size;
  process.stderr.write(`database ${file}: ${(dbBytes / 1e6).toFixed(0)} MB\n`);
  // warm up, then idle
  await saleStream(terminal, manager, productIds, { done: false, count: 50 }, () => 'warmup');
  const idle = (await saleStream(terminal, manager, productIds, { done: false, count: IDLE_SALES }, () => 'idle')).get('idle') ?? [];

  const folder = join(tmpdir(), `ringup-bench-backup-out-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  let phase = 'Starting';
  const phaseStarts: Record<string, number> = {};
  const started = performance.now();
  const job = detachedJob((p) => {
    if (p !== phase) {
      phase = p;
      phaseStarts[p] = performance.now() - started;
    }
  });
  const stop = { done: false };
  const stream = saleStream(terminal, manager, productIds, stop, () =>
    phase === 'Copying' ? 'copy' : phase === 'Starting' ? 'copy' : 'verify',
  );
  const created = await createBackup(terminal.ctx, { kind: 'manual', folder, pagesPerStep: PAGES }, job);
  const totalMs = performance.now() - started;
  stop.done = true;
  const during = await stream;
  const copyMs = (phaseStarts.Verifying ?? totalMs) - (phaseStarts.Copying ?? 0);
  const verifyMs = totalMs - (phaseStarts.Verifying ?? totalMs);
  const mb = created.bytes / 1e6;
  const s = (list: number[] | undefined): Stats => stats(list ?? []);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '' },
    database: { file, bytes: dbBytes, products: PRODUCTS, sales: SALES, seedMs },
    settings: { saleEveryMs: SALE_EVERY_MS, pagesPerStep: PAGES },
    backup: {
      bytes: created.bytes,
      totalMs: Math.round(totalMs),
      copyMs: Math.round(copyMs),
      verifyMs: Math.round(verifyMs),
      copyMBps: Number((mb / (copyMs / 1000)).toFixed(1)),
      wholeMBps: Number((mb / (totalMs / 1000)).toFixed(1)),
      phases: Object.fromEntries(Object.entries(phaseStarts).map(([k, v]) => [k, Math.round(v)])),
    },
    saleComplete: { idle: s(idle), duringCopy: s(during.get('copy')), duringVerify: s(during.get('verify')) },
  };
  const p99Ratio = (x: Stats) => (result.saleComplete.idle.p99 > 0 ? x.p99 / result.saleComplete.idle.p99 : 0);
  console.log(
    `backup of ${mb.toFixed(0)} MB: ${result.backup.totalMs} ms (copy ${result.backup.copyMs} ms = ${result.backup.copyMBps} MB/s, verify ${result.backup.verifyMs} ms), ${result.backup.wholeMBps} MB/s overall`,
  );
  for (const [name, st] of Object.entries(result.saleComplete))
    console.log(
      `sale.complete ${name.padEnd(12)} n=${String(st.n).padStart(5)}  p50 ${fmt(st.p50)} ms  p99 ${fmt(st.p99)} ms  max ${fmt(st.max)} ms  (p99 ×${p99Ratio(st).toFixed(2)} of idle)`,
    );
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'backup.json'), `${JSON.stringify(result, null, 2)}\n`);
  rmSync(folder, { recursive: true, force: true });
  terminal.close();
}

await main();
