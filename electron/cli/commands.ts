import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { contract } from '../../src/shared/contract';
import { resultSchema } from '../../src/shared/result';
import { DatabaseTooNewError, schemaVersion } from '../core/db/migrate';
import { embeddedMigrations } from '../core/db/migrations.generated';
import { closeSqlite, drizzleOf, openSqlite } from '../core/db/open';
import { identifyByPin } from '../core/features/auth/staff';
import { balanceProblem } from '../core/features/loyalty/ledger';
import { verifyTerminalJournal } from '../core/features/sales/verify';
import { createConsoleLogger, silentLogger } from '../core/log';
import { seedDatabase } from '../core/seed/seed';
import { seedDemoStaff } from '../core/seed/staff';
import { newSession } from '../core/session';
import { attachSyncService, memorySecretStore } from '../core/sync/service';
import { openTerminal } from '../core/terminal';
import { startWebServer } from '../web/server';
import { createProgressBar } from './progress';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export class UsageError extends Error {}

function requireDb(value: string | undefined): string {
  const file = value ?? process.env.RINGUP_DB;
  if (!file) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  return resolve(file);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, not "${value}".`);
  return n;
}

/**
 * `ringup migrate`: bring the database to the latest schema (backup first when it holds data);
 * a database with staff but no terminal id (never through first-run setup) is given one.
 */
export async function migrateCommand(opts: { db?: string; json?: boolean }, io: Io): Promise<number> {
  // opening the terminal migrates it and gives a staffed database without a terminal id one
  const terminal = await openTerminal(requireDb(opts.db), { log: createConsoleLogger('error') });
  const report = terminal.migration;
  const { terminalIdAssigned } = terminal;
  terminal.close();
  if (opts.json) io.out(JSON.stringify(terminalIdAssigned ? { ...report, terminalIdAssigned } : report));
  else {
    if (report.applied.length === 0) io.out(`Database is up to date (schema ${report.to}).`);
    else
      io.out(
        `Migrated schema ${report.from} → ${report.to}: ${report.applied.join(', ')}${report.backupFile ? `\nBackup: ${report.backupFile}` : ''}`,
      );
    if (terminalIdAssigned) io.out(`This terminal had no terminal id; it is now ${terminalIdAssigned}.`);
  }
  return 0;
}

/** `ringup seed`: deterministic demo data; running it twice adds nothing. */
export async function seedCommand(
  opts: { db?: string; products?: string; members?: string; sales?: string; seed?: string; staff?: boolean; json?: boolean },
  io: Io,
): Promise<number> {
  const terminal = await openTerminal(requireDb(opts.db), { log: createConsoleLogger('warn') });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const bar = createProgressBar(process.stderr, !opts.json);
    const report = seedDatabase(
      terminal,
      {
        products: intOption(opts.products, 'products', 1000),
        members: intOption(opts.members, 'members', 0),
        sales: intOption(opts.sales, 'sales', 0),
        seed: intOption(opts.seed, 'seed', 1),
      },
      (p) => bar.update(p.phase, p.done, p.total),
      controller.signal,
    );
    const staff = opts.staff ? seedDemoStaff(terminal) : [];
    if (opts.json) io.out(JSON.stringify({ ...report, staff }));
    else {
      io.out(JSON.stringify(report, null, 2));
      for (const s of staff) io.out(`Demo staff: ${s.name} (${s.roles.join(', ')}) — PIN ${s.pin}`);
      if (opts.staff && staff.length === 0) io.out('Demo staff already exist; their PINs were printed when they were made.');
    }
    return controller.signal.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    terminal.close();
  }
}

/** `ringup verify`: integrity, foreign keys, schema version and search index; exit 1 on any problem. */
/**
 * `ringup outbox`: the events waiting for (or already pushed to) the central database, oldest
 * first. People get a table (the last --limit, 50 by default); --json prints one event per line,
 * payload parsed, for scripts (all of them unless --limit).
 */
export function outboxCommand(opts: { db?: string; pending?: boolean; json?: boolean; limit?: string }, io: Io): number {
  const sqlite = openSqlite(requireDb(opts.db));
  try {
    const limit = opts.limit !== undefined ? intOption(opts.limit, 'limit', 0) : opts.json ? Number.MAX_SAFE_INTEGER : 50;
    // central has the rows up to sync_state.pushed_seq (see the outbox's schema)
    const sent = Number(sqlite.prepare('SELECT pushed_seq FROM sync_state WHERE id = 1').pluck().get() ?? 0);
    const after = opts.pending ? sent : 0;
    const total = (sqlite.prepare('SELECT count(*) AS n FROM outbox WHERE seq > ?').get(after) as { n: number }).n;
    const rows = sqlite
      .prepare(
        `SELECT * FROM (SELECT seq, id, created_at, topic, entity_id, payload FROM outbox WHERE seq > ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      )
      .all(after, Math.min(limit, Number.MAX_SAFE_INTEGER)) as {
      seq: number;
      id: string;
      created_at: number;
      topic: string;
      entity_id: string;
      payload: string;
    }[];
    if (opts.json) {
      for (const r of rows)
        io.out(
          JSON.stringify({
            seq: r.seq,
            id: r.id,
            createdAt: r.created_at,
            topic: r.topic,
            entityId: r.entity_id,
            pushed: r.seq <= sent,
            payload: JSON.parse(r.payload),
          }),
        );
      return 0;
    }
    const pending = (sqlite.prepare('SELECT count(*) AS n FROM outbox WHERE seq > ?').get(sent) as { n: number }).n;
    io.out(
      `${total} event${total === 1 ? '' : 's'}${opts.pending ? ' waiting' : `, ${pending} waiting`}${rows.length < total ? ` (the last ${rows.length} shown)` : ''}`,
    );
    for (const r of rows) {
      const when = new Date(r.created_at).toISOString().replace('T', ' ').slice(0, 19);
      io.out(`${String(r.seq).padStart(7)}  ${when}  ${r.topic.padEnd(17)} ${r.entity_id}${r.seq <= sent ? '  (pushed)' : ''}`);
    }
    return 0;
  } finally {
    closeSqlite(sqlite);
  }
}

export function verifyCommand(opts: { db?: string; json?: boolean }, io: Io): number {
  const sqlite = openSqlite(requireDb(opts.db));
  const problems: string[] = [];
  const checks: Record<string, unknown> = {};
  try {
    const version = schemaVersion(sqlite);
    checks.schemaVersion = version;
    if (version > embeddedMigrations.length) problems.push(new DatabaseTooNewError(version, embeddedMigrations.length).message);
    else if (version < embeddedMigrations.length)
      problems.push(`The database is at schema ${version}, this app at ${embeddedMigrations.length}: run \`ringup migrate\`.`);
    const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    checks.integrity = integrity.map((r) => r.integrity_check);
    if (!(integrity.length === 1 && integrity[0]?.integrity_check === 'ok'))
      problems.push(...integrity.slice(0, 20).map((r) => `integrity: ${r.integrity_check}`));
    const foreignKeys = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    checks.foreignKeyViolations = foreignKeys.length;
    for (const v of foreignKeys.slice(0, 20)) problems.push(`foreign key: row ${v.rowid} of ${v.table} points to a missing ${v.parent}`);
    const hasFts = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'products_fts'").get();
    if (hasFts) {
      const products = (sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
      const indexed = (sqlite.prepare('SELECT count(*) AS n FROM products_fts_docsize').get() as { n: number }).n;
      checks.searchIndex = { products, indexed };
      if (products !== indexed) problems.push(`search index: ${indexed} entries for ${products} products`);
      const orphans = sqlite
        .prepare('SELECT count(*) AS n FROM products_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.seq = d.id)')
        .get() as { n: number };
      if (orphans.n > 0) problems.push(`search index: ${orphans.n} entries for products that no longer exist`);
    }
    if (sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'journal'").get()) {
      const verdict = verifyTerminalJournal({ sqlite, db: drizzleOf(sqlite), now: Date.now, log: silentLogger });
      checks.journal = verdict;
      if (verdict.problem) problems.push(`journal: ${verdict.problem.reason}`);
    }
    if (sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'points_ledger'").get()) {
      const problem = balanceProblem({ sqlite, db: drizzleOf(sqlite), now: Date.now, log: silentLogger });
      checks.pointsBalances = problem ?? 'ok';
      if (problem) problems.push(`points: ${problem}`);
    }
  } finally {
    closeSqlite(sqlite);
  }
  if (opts.json) io.out(JSON.stringify({ ok: problems.length === 0, problems, checks }));
  else if (problems.length === 0)
    io.out('Database OK: integrity, foreign keys, schema version, search index, journal chain and points balances all check out.');
  else io.err(`Database has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return problems.length === 0 ? 0 : 1;
}

/** `ringup contract`: the JSON Schema of every channel's input and output. */
export function contractCommand(io: Io): number {
  const channels: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(contract)) {
    channels[name] = {
      summary: def.summary,
      access: def.access,
      writes: def.writes,
      input: z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }),
      output: z.toJSONSchema(resultSchema(def.output), { unrepresentable: 'any' }),
    };
  }
  io.out(
    JSON.stringify({ title: 'Ringup terminal contract', transport: 'IPC (preload) or POST /api/<channel> (web mode)', channels }, null, 2),
  );
  return 0;
}

/** `ringup call`: one call through the router, as operator or as a staff member (--pin). */
export async function callCommand(
  opts: { db?: string; pin?: string; staff?: string; channel?: string; input?: string },
  io: Io,
): Promise<number> {
  if (!opts.channel) throw new UsageError('Say which channel: ringup call --db FILE <channel> [JSON]');
  let input: unknown = {};
  if (opts.input !== undefined) {
    try {
      input = JSON.parse(opts.input);
    } catch {
      throw new UsageError(`The input is not valid JSON: ${opts.input}`);
    }
  }
  const terminal = await openTerminal(requireDb(opts.db), { log: createConsoleLogger('warn') });
  try {
    const session = newSession(opts.pin === undefined);
    if (opts.pin !== undefined) {
      if (opts.staff) {
        const directory = terminal.router.invoke('auth.directory', {}, session);
        const people = directory.ok ? (directory.data as { id: string; name: string }[]) : [];
        const who = people.find((p) => p.id === opts.staff || p.name.toLowerCase() === opts.staff?.toLowerCase());
        if (!who) {
          io.out(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: `No active staff member called ${opts.staff}.` } }));
          return 1;
        }
        const login = terminal.router.invoke('auth.login', { staffId: who.id, pin: opts.pin }, session);
        if (!login.ok) {
          io.out(JSON.stringify(login));
          return 1;
        }
      } else {
        session.staff = identifyByPin(terminal.ctx, opts.pin);
        if (!session.staff) {
          io.out(JSON.stringify({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'No active staff member has that PIN.' } }));
          return 1;
        }
      }
    }
    const result = await terminal.router.invokeAsync(opts.channel, input, session);
    io.out(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  } finally {
    terminal.close();
  }
}

/** `ringup serve`: web mode — the renderer and the API on 127.0.0.1 with a per-run token. */
export async function serveCommand(
  opts: { db?: string; port?: string; token?: string; static?: string; central?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const log = createConsoleLogger('warn');
  const terminal = await openTerminal(requireDb(opts.db), { log });
  // the central sync runs beside the web mode (--central or $RINGUP_CENTRAL_URL; a manager may
  // also enter one on the Sync page, kept until this process ends — web mode has no OS keychain)
  const sync = attachSyncService(terminal, {
    secrets: memorySecretStore(opts.central ?? process.env.RINGUP_CENTRAL_URL ?? null),
    log,
    worker: true,
  });
  sync.start();
  const token = opts.token ?? randomBytes(24).toString('base64url');
  if (token.length < 8) throw new UsageError('--token must be at least 8 characters.');
  const web = await startWebServer({
    terminal,
    port: intOption(opts.port, 'port', 0),
    token,
    staticDir: opts.static ?? resolve(import.meta.dirname, '../../out/renderer'),
    backupSchedule: true,
  });
  io.out(opts.json ? JSON.stringify({ url: web.url, port: web.port }) : `Ringup web mode: ${web.url}`);
  if (!opts.json) io.err('Open the address above in a browser (the token after # lets that tab use the terminal). Ctrl+C stops.');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await web.close();
  await sync.stop();
  terminal.close();
  return 0;
}
