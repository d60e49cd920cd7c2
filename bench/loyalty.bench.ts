/*
 * Loyalty at chain scale:
 *   node --import tsx bench/loyalty.bench.ts [--members N] [--products N] [--db FILE] [--keep] [--fresh]
 *     [--iterations N] [--sales N] [--warmup N] [--seed S]      (BENCH_SYNC=OFF: no fsync while timing)
 *
 * 1. seeds N members (default 1,000,000) and a small catalogue with seedDatabase (or reuses --db /
 *    a --keep file: $TMPDIR/ringup-bench-loyalty-N.db), timing the members' phase,
 * 2. times loyalty.find by card, by phone and by the start of a name three ways on the same connection:
 *      router  — terminal.router.invoke('loyalty.find', …) with a logged-in cashier (zod, session, envelope),
 *      service — findMembers called directly,
 *      raw     — the same indexed read through a plain better-sqlite3 prepared statement,
 * 3. times a 5-line sale with a member attached against the same sale without, through the router
 *    (cart.addLine × 5, cart.setMember, sale.complete — as bench/scan.bench.ts sells), taking turns,
 * 4. prints a table and writes bench/results/loyalty.json.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { findMembers } from '../electron/core/features/loyalty/members';
import { MEMBERS_PER_STATEMENT } from '../electron/core/seed/members';
import { type SeedReport, seedDatabase } from '../electron/core/seed/seed';
import { newSession, type Session } from '../electron/core/session';
import { openTerminal, type Terminal } from '../electron/core/terminal';
import { prefixUpperBound, searchKey } from '../src/shared/text';
import { fmt, onceInTurns, rng, type Stats, stats } from './stats';

const here = dirname(fileURLToPath(import.meta.url));
// BENCH_SYNC=OFF takes the fsync out of the timed part (as in checkout.bench.ts): what is left is CPU; the figures are FULL's
const SYNC = process.env.BENCH_SYNC ?? 'FULL';

// ---------------------------------------------------------------- arguments

interface Args {
  members: number;
  products: number;
  db: string | null;
  keep: boolean;
  fresh: boolean;
  iterations: number;
  sales: number;
  warmup: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    members: 1_000_000,
    products: 10_000,
    db: null,
    keep: false,
    fresh: false,
    iterations: 20000,
    sales: 500,
    warmup: 50,
    seed: 1,
  };
  const number = (name: string, value: string | undefined): number => {
    const n = Number(String(value).replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, not ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--members') args.members = Math.max(1, number('members', next()));
    else if (arg === '--products') args.products = Math.max(10, number('products', next()));
    else if (arg === '--db') args.db = resolve(next() ?? '');
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--fresh') args.fresh = true;
    else if (arg === '--iterations') args.iterations = Math.max(1, number('iterations', next()));
    else if (arg === '--sales') args.sales = Math.max(1, number('sales', next()));
    else if (arg === '--warmup') args.warmup = number('warmup', next());
    else if (arg === '--seed') args.seed = number('seed', next());
    else throw new Error(`unknown argument ${arg} (see the head of bench/loyalty.bench.ts)`);
  }
  return args;
}

// ---------------------------------------------------------------- timing helpers

/** Time `run(input)` over `inputs` (cycled) `iterations` times, after one warm-up pass over every input. */
/**
 * The ways, each on the same input one after the other (the order turning every input), after one
 * warm-up pass of each: none of them is measured while the JIT or the page cache is colder than
 * for another (timed one block after the other, the first block paid for both).
 */
function timeInTurns<T>(inputs: T[], runs: ((input: T) => unknown)[], iterations: number): Stats[] {
  for (const run of runs) for (const input of inputs) run(input);
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length] as T;
    for (let k = 0; k < runs.length; k++) {
      const way = (i + k) % runs.length;
      const t0 = performance.now();
      runs[way]?.(input);
      samples[way]?.push(performance.now() - t0);
    }
  }
  return samples.map(stats);
}

// ---------------------------------------------------------------- raw replicas of the core's reads

const MEMBER_COLUMNS = 'id, card_number, name, email, phone, tier, tier_since, active, points_balance, joined_at, updated_at, erased_at';

/** The reads findMembers makes, as plain prepared statements: one unique-index read, or the name range on (name_key, id). */
function rawReads(sqlite: Database.Database) {
  const byCard = sqlite.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE card_number = ?`);
  const byPhone = sqlite.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE phone = ?`);
  const byName = sqlite.prepare(
    `SELECT ${MEMBER_COLUMNS}, name_key FROM members
     WHERE name_key >= ? AND name_key < ? AND (name_key > ? OR (name_key = ? AND id > ?)) AND erased_at IS NULL
     ORDER BY name_key, id LIMIT ?`,
  );
  return {
    card: (card: string) => byCard.get(card),
    phone: (phone: string) => byPhone.get(phone),
    /** a first page of 20: the core reads one more to know whether there is a next page */
    name: (query: string) => {
      const key = searchKey(query);
      return byName.all(key, prefixUpperBound(key), '', '', '', 21);
    },
  };
}

// ---------------------------------------------------------------- sessions

const CASHIER = { name: 'Bench Loyalty Cashier', pin: '2468' };

function cashierSession(terminal: Terminal): Session {
  const operator = newSession(true);
  const list = terminal.router.invoke('staff.list', { includeInactive: true }, operator);
  if (!list.ok) throw new Error(`staff.list failed: ${list.error.message}`);
  let staff = (list.data as { id: string; name: string }[]).find((s) => s.name === CASHIER.name);
  if (!staff) {
    const created = terminal.router.invoke('staff.create', { name: CASHIER.name, pin: CASHIER.pin, roles: ['cashier'] }, operator);
    if (!created.ok) throw new Error(`staff.create failed: ${created.error.message}`);
    staff = created.data as { id: string; name: string };
  }
  const session = newSession(false);
  const login = terminal.router.invoke('auth.login', { staffId: staff.id, pin: CASHIER.pin }, session);
  if (!login.ok) throw new Error(`auth.login failed: ${login.error.message}`);
  return session;
}

interface SampleMember {
  id: string;
  card: string;
  phone: string | null;
  name: string;
}

/** `count` distinct active members with a card, picked at random rowids. */
function sampleMembers(sqlite: Database.Database, count: number, random: () => number): SampleMember[] {
  const maxRowid = (sqlite.prepare('SELECT max(rowid) AS m FROM members').get() as { m: number }).m;
  const at = sqlite.prepare(
    'SELECT id, card_number AS card, phone, name FROM members WHERE rowid = ? AND active = 1 AND erased_at IS NULL AND card_number IS NOT NULL',
  );
  const found = new Map<string, SampleMember>();
  for (let tries = 0; found.size < count && tries < count * 20; tries++) {
    const row = at.get(1 + Math.floor(random() * maxRowid)) as SampleMember | undefined;
    if (row) found.set(row.id, row);
  }
  return [...found.values()];
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const file = args.db ?? join(tmpdir(), `ringup-bench-loyalty-${args.members}.db`);
  const keepFile = args.keep || args.db !== null;
  const reuse = !args.fresh && keepFile && existsSync(file);
  if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  console.error(`Database: ${file} (${reuse ? 'reused' : 'new'}), ${args.members.toLocaleString('en')} members`);

  // 1. seeding ------------------------------------------------------------
  let terminal = await openTerminal(file);
  let lastPrint = 0;
  const seedReport: SeedReport = seedDatabase(
    terminal,
    { products: args.products, members: args.members, sales: 0, seed: args.seed },
    (p) => {
      const now = performance.now();
      if (now - lastPrint > 2000 || p.done === p.total) {
        lastPrint = now;
        process.stderr.write(`  seeding ${p.phase}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}\n`);
      }
    },
  );
  // close as the CLI does (PRAGMA optimize), then reopen: the state a till starts from
  terminal.close();
  terminal = await openTerminal(file);
  const { sqlite } = terminal;
  if (SYNC !== 'FULL') sqlite.pragma(`synchronous = ${SYNC === 'OFF' ? 'OFF' : 'NORMAL'}`);
  const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const fileBytes = statSync(file).size;
  const m = seedReport.members;
  console.error(
    `Seeded: ${m.inserted.toLocaleString('en')} members inserted, ${m.existing.toLocaleString('en')} already there, ${(m.elapsedMs / 1000).toFixed(1)} s; file ${(fileBytes / 2 ** 20).toFixed(0)} MiB`,
  );

  // 2. lookups -------------------------------------------------------------
  const session = cashierSession(terminal);
  const random = rng(args.seed + 23);
  const pool = sampleMembers(sqlite, 8000 + args.warmup + args.sales, random);
  const warm = pool.slice(0, 2000);
  const coldSets = [pool.slice(2000, 4000), pool.slice(4000, 6000), pool.slice(6000, 8000)] as const;
  const saleMembers = pool.slice(8000);
  // the router serves reads on the read-only connection: service and raw read through that one too,
  // so the three ways compare the same connection's page cache (the writer's was warmed by the sampling)
  const readCtx = terminal.readCtx ?? terminal.ctx;
  const raw = rawReads(readCtx.sqlite as Database.Database);
  const find = (query: string) => findMembers(readCtx, { query, limit: 20, includeInactive: false });
  const viaRouter = (query: string) => {
    const result = terminal.router.invoke('loyalty.find', { query }, session);
    if (!result.ok) throw new Error(`loyalty.find: ${result.error.message}`);
    return result.data as { items: { id: string }[]; matchedBy: string };
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
  };
  const probe = warm.find((w) => w.phone) as SampleMember;
  check(viaRouter(probe.card).items[0]?.id === probe.id && viaRouter(probe.card).matchedBy === 'card', 'router finds by card');
  check(
    viaRouter(probe.phone ?? '').items[0]?.id === probe.id && viaRouter(probe.phone ?? '').matchedBy === 'phone',
    'router finds by phone',
  );
  check((raw.card(probe.card) as { id: string }).id === probe.id, 'raw finds by card');

  interface Row {
    operation: string;
    router: Stats;
    service: Stats;
    raw: Stats;
    target: number | null;
  }
  const rows: Row[] = [];
  const lookup = (operation: string, inputs: string[], rawRun: (q: string) => unknown, target: number | null) => {
    console.error(`Timing ${operation}…`);
    const [router, service, rawStats] = timeInTurns(inputs, [viaRouter, find, rawRun], args.iterations) as [Stats, Stats, Stats];
    rows.push({ operation, router, service, raw: rawStats, target });
  };
  lookup(
    'loyalty.find by card',
    warm.map((w) => w.card),
    raw.card,
    0.2,
  );
  const phones = warm.flatMap((w) => (w.phone ? [w.phone] : []));
  lookup('loyalty.find by phone', phones, raw.phone, 0.2);
  const [coldRouter, coldService, coldRaw] = onceInTurns(
    coldSets.map((set) => set.map((w) => w.card)),
    [viaRouter, find, raw.card],
  ) as [Stats, Stats, Stats];
  rows.push({ operation: 'loyalty.find by card, first touch (cold)', router: coldRouter, service: coldService, raw: coldRaw, target: 0.2 });

  // the start of a name, as a cashier types it: a first name's first letters, the first name, then the surname's start
  const names = warm.map((w) => searchKey(w.name).split(' ') as [string, string]);
  const nameClasses: { name: string; queries: string[] }[] = [
    { name: '3 letters of a first name ("mar")', queries: names.map(([f]) => f.slice(0, 3)) },
    { name: 'a first name ("maria")', queries: names.map(([f]) => f) },
    { name: 'first name + surname initial ("maria s")', queries: names.map(([f, l]) => `${f} ${l.slice(0, 1)}`) },
    { name: 'first name + 3 letters of the surname', queries: names.map(([f, l]) => `${f} ${l.slice(0, 3)}`) },
  ];
  for (const qc of nameClasses) lookup(`loyalty.find by name: ${qc.name}`, qc.queries, raw.name, 5);

  // 3. a sale with a member vs the same sale without --------------------------------
  const shift = terminal.router.invoke('shift.current', {}, session);
  if (!shift.ok) throw new Error(`shift.current: ${shift.error.message}`);
  if (shift.data === null) {
    const opened = terminal.router.invoke('shift.open', { openingFloatMinor: 0 }, session);
    if (!opened.ok) throw new Error(`shift.open failed: ${opened.error.message}`);
  }
  const products = sqlite
    .prepare('SELECT id FROM products WHERE active = 1 AND sold_by_weight = 0 AND (tracks_stock = 0 OR stock_on_hand >= 20) ORDER BY seq')
    .pluck()
    .all() as string[];
  const LINES = 5;
  const totalSales = args.warmup + args.sales;
  check(saleMembers.length >= totalSales, `${totalSales} members for the sales`);
  check(products.length >= LINES * 4, 'sellable products');
  const invoke = <T>(channel: string, input: unknown): T => {
    const result = terminal.router.invoke(channel, input, session);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.data as T;
  };
  const sell = (lines: string[], memberId: string | null): { wholeMs: number; completeMs: number; id: string } => {
    let wholeMs = 0;
    let open = { id: '', totalMinor: 0 };
    const timed = <T>(run: () => T): T => {
      const t0 = performance.now();
      const value = run();
      wholeMs += performance.now() - t0;
      return value;
    };
    for (const productId of lines) open = timed(() => invoke<typeof open>('cart.addLine', { productId, quantity: 1 }));
    if (memberId) open = timed(() => invoke<typeof open>('cart.setMember', { memberId }));
    const t0 = performance.now();
    invoke('sale.complete', { id: open.id, payments: [{ method: 'card', amountMinor: open.totalMinor, last4: '4242' }] });
    const completeMs = performance.now() - t0;
    return { wholeMs: wholeMs + completeMs, completeMs, id: open.id };
  };
  const whole = { member: [] as number[], none: [] as number[] };
  const completes = { member: [] as number[], none: [] as number[] };
  const memberSaleIds: string[] = [];
  console.error(`Timing ${args.sales} ${LINES}-line sales with a member and as many without (after ${args.warmup} warm-up), taking turns…`);
  const pick = rng(args.seed + 41);
  for (let s = 0; s < totalSales; s++) {
    // the same lines both ways; the way that goes first changes every sale (neither always follows the other's commit)
    const start = Math.floor(pick() * (products.length - LINES));
    const lines = products.slice(start, start + LINES);
    const memberId = (saleMembers[s] as SampleMember).id;
    let withMember: ReturnType<typeof sell>;
    let without: ReturnType<typeof sell>;
    if (s % 2 === 0) {
      withMember = sell(lines, memberId);
      without = sell(lines, null);
    } else {
      without = sell(lines, null);
      withMember = sell(lines, memberId);
    }
    memberSaleIds.push(withMember.id);
    if (s < args.warmup) continue;
    whole.member.push(withMember.wholeMs);
    whole.none.push(without.wholeMs);
    completes.member.push(withMember.completeMs);
    completes.none.push(without.completeMs);
  }
  // the member sales earned through the sale code: a ledger row each, balances still their ledgers
  const earned = sqlite
    .prepare(
      "SELECT count(*) AS n FROM points_ledger l JOIN sales s ON s.id = l.sale_id WHERE l.kind = 'earn' AND s.member_id = l.member_id AND s.id IN (SELECT value FROM json_each(?))",
    )
    .get(JSON.stringify(memberSaleIds)) as { n: number };
  const drift = sqlite
    .prepare(
      `SELECT count(*) AS n FROM members m WHERE m.id IN (SELECT value FROM json_each(?))
       AND m.points_balance <> coalesce((SELECT sum(points) FROM points_ledger l WHERE l.member_id = m.id), 0)`,
    )
    .get(JSON.stringify(saleMembers.slice(0, totalSales).map((s) => s.id))) as { n: number };
  check(earned.n > totalSales * 0.9, `member sales earned points (${earned.n} of ${totalSales})`);
  check(drift.n === 0, 'balances equal their ledgers after the sales');
  const verdict = terminal.router.invoke('journal.verify', {}, newSession(true));
  check(verdict.ok && (verdict.data as { ok: boolean }).ok, 'journal verifies');
  const saleRows = [
    { what: `a ${LINES}-line sale: ${LINES} × cart.addLine (+ cart.setMember) + sale.complete`, key: 'wholeSale', ...whole },
    { what: 'sale.complete of that sale alone', key: 'complete', ...completes },
  ].map((r) => ({ what: r.what, key: r.key, member: stats(r.member), none: stats(r.none) }));
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  terminal.close();
  if (!keepFile) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

  // 4. report --------------------------------------------------------------------
  const lines: string[] = [];
  const pad = (s: string, n: number) => s.padEnd(n);
  const padl = (s: string, n: number) => s.padStart(n);
  lines.push('');
  lines.push(`Ringup loyalty benchmark — ${args.members.toLocaleString('en')} members, ${new Date().toISOString()}`);
  lines.push(
    `${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, SQLite ${sqliteVersion}, synchronous=${(['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[synchronous as number] ?? synchronous}`,
  );
  lines.push('');
  const seeded = m.inserted > 0;
  lines.push(
    `seeding: ${seeded ? `${m.inserted.toLocaleString('en')} members in ${(m.elapsedMs / 1000).toFixed(1)} s = ${m.perSecond.toLocaleString('en')} rows/s (${m.openingBalances.toLocaleString('en')} opening balances, a member.upserted and a points.moved event each)` : `reused (${m.existing.toLocaleString('en')} already there; check took ${m.elapsedMs} ms)`}  target ≤ 60 s ${seeded ? (m.elapsedMs <= 60_000 ? 'OK' : 'MISSED') : ''}`,
  );
  lines.push(
    `    ${MEMBERS_PER_STATEMENT} rows per INSERT statement; file ${(fileBytes / 2 ** 20).toFixed(0)} MiB with ${args.products.toLocaleString('en')} products`,
  );
  lines.push('');
  const header = `${pad('operation (ms)', 58)}${padl('router p50', 11)}${padl('p99', 8)}${padl('service p50', 12)}${padl('p99', 8)}${padl('raw p50', 9)}${padl('p99', 8)}${padl('router/raw p50', 15)}${padl('n', 6)}  target`;
  lines.push(header);
  lines.push('-'.repeat(header.length + 8));
  for (const row of rows) {
    const ratio = row.router.p50 / Math.max(row.raw.p50, 1e-6);
    const ok =
      row.target === null
        ? ''
        : `p99 ≤ ${row.target} ${row.router.p99 <= row.target ? 'OK' : 'MISSED'}${row.target < 1 ? `, ratio ≤ 1.3 ${ratio <= 1.3 ? 'OK' : 'MISSED'}` : ''}`;
    lines.push(
      `${pad(row.operation.slice(0, 57), 58)}${padl(fmt(row.router.p50), 11)}${padl(fmt(row.router.p99), 8)}${padl(fmt(row.service.p50), 12)}${padl(fmt(row.service.p99), 8)}${padl(fmt(row.raw.p50), 9)}${padl(fmt(row.raw.p99), 8)}${padl(`${ratio.toFixed(2)}×`, 15)}${padl(String(row.router.n), 6)}  ${ok}`,
    );
  }
  lines.push('');
  const saleHeader = `${pad(`sales through the router (ms), ${args.sales} each way`, 72)}${padl('member p50', 11)}${padl('p99', 8)}${padl('none p50', 10)}${padl('p99', 8)}${padl('ratio p50', 11)}${padl('p99', 8)}  target`;
  lines.push(saleHeader);
  lines.push('-'.repeat(saleHeader.length + 8));
  for (const row of saleRows) {
    const r50 = row.member.p50 / row.none.p50;
    const r99 = row.member.p99 / row.none.p99;
    lines.push(
      `${pad(row.what, 72)}${padl(fmt(row.member.p50), 11)}${padl(fmt(row.member.p99), 8)}${padl(fmt(row.none.p50), 10)}${padl(fmt(row.none.p99), 8)}${padl(`${r50.toFixed(2)}×`, 11)}${padl(`${r99.toFixed(2)}×`, 8)}  ≤ 1.2× ${r50 <= 1.2 ? 'OK' : 'MISSED'}`,
    );
  }
  lines.push(`(member sales earned through sale.complete: ${earned.n} ledger rows; balances = ledgers; journal verified)`);
  console.log(lines.join('\n'));

  const results = {
    benchmark: 'loyalty',
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? null,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      sqlite: sqliteVersion,
    },
    synchronous,
    database: { file, reused: reuse, bytes: fileBytes, members: args.members, products: args.products },
    seeding: { targetMs: 60_000, members: seedReport.members, report: seedReport },
    operations: rows.map((r) => ({ ...r, ratioRouterRawP50: r.router.p50 / Math.max(r.raw.p50, 1e-6) })),
    sales: {
      lines: LINES,
      count: args.sales,
      warmup: args.warmup,
      targetRatio: 1.2,
      earnRows: earned.n,
      figuresMs: Object.fromEntries(
        saleRows.map((row) => [
          row.key,
          { member: row.member, none: row.none, ratioP50: row.member.p50 / row.none.p50, ratioP99: row.member.p99 / row.none.p99 },
        ]),
      ),
    },
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'loyalty.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.error(`Wrote ${join('bench', 'results', 'loyalty.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
