import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralQuery, freshCentral, num, type SyncTerminal, syncTerminal } from './helpers';

// The push through Debian's PgBouncer in TRANSACTION pooling mode: no session state survives
// between transactions there (each may run on another server connection), so this is what proves
// the sync keeps none — SET LOCAL, transaction-scoped advisory locks, unnamed statements. Eight
// terminals share a pool of two server connections. In CI (REQUIRE_PGBOUNCER=1, installed by
// .ci/run) it must run; elsewhere it is skipped when pgbouncer is not installed.

function findPgbouncer(): string | null {
  for (const candidate of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'])
    if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const binary = findPgbouncer();
if (!binary && process.env.REQUIRE_PGBOUNCER === '1')
  throw new Error('REQUIRE_PGBOUNCER=1 but pgbouncer is not installed (apt-get install pgbouncer)');

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`pgbouncer did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let direct: string;
let viaBouncer: string;
let bouncer: ChildProcess | null = null;
let folder: string;
let bouncerLog: string[] = [];
const terminals: SyncTerminal[] = [];

beforeAll(async () => {
  if (!binary) return;
  direct = await freshCentral('bouncer');
  const target = new URL(direct);
  const database = target.pathname.slice(1);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const port = await freePort();
  folder = mkdtempSync(join(tmpdir(), 'ringup-pgbouncer-'));
  writeFileSync(join(folder, 'userlist.txt'), `"${user}" "${password.replaceAll('"', '""')}"\n`);
  writeFileSync(
    join(folder, 'pgbouncer.ini'),
    [
      '[databases]',
      `central = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      "unix_socket_dir = ''",
      'auth_type = plain',
      `auth_file = ${join(folder, 'userlist.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 2',
      'max_client_conn = 200',
      'server_reset_query =',
      `logfile = ${join(folder, 'pgbouncer.log')}`,
      `pidfile = ${join(folder, 'pgbouncer.pid')}`,
    ].join('\n'),
  );
  // pgbouncer refuses to run as root: as root it switches to the postgres user (-u)
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chmodSync(folder, 0o755);
    for (const name of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(folder, name), uid, gid);
  }
  bouncer = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), join(folder, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  bouncerLog = [];
  bouncer.stdout?.on('data', (d) => bouncerLog.push(String(d)));
  bouncer.stderr?.on('data', (d) => bouncerLog.push(String(d)));
  await waitForPort(port, 15_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${bouncerLog.join('')}`);
  });
  const through = new URL(direct);
  through.port = String(port);
  through.pathname = '/central';
  viaBouncer = through.toString();
}, 120_000);

afterAll(async () => {
  for (const t of terminals) await t.close();
  bouncer?.kill('SIGTERM');
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!binary)('push and pull through PgBouncer (transaction pooling)', () => {
  it('eight terminals push at once over a pool of two server connections: every event once, the tables add up', async () => {
    for (let i = 1; i <= 8; i++) {
      terminals.push(
        await syncTerminal(viaBouncer, {
          terminalId: `T-PGB00${i}`,
          storeId: `S-PGB${i <= 4 ? 1 : 2}`,
          seed: { products: 40, members: 5, sales: 12, seed: 100 + i },
          service: { batchSize: 20 },
        }),
      );
    }
    // several pushes, each in several short transactions, interleaved over two server connections
    const results = await Promise.all(terminals.map((t) => t.service.runNow()));
    for (const [i, t] of terminals.entries()) {
      const outbox = t.terminal.sqlite.prepare('SELECT count(*) AS n, max(seq) AS last FROM outbox').get() as { n: number; last: number };
      expect(results[i]?.pushed).toBe(outbox.n);
      expect(
        (
          t.terminal.sqlite.prepare('SELECT count(*) AS n FROM outbox WHERE seq > (SELECT pushed_seq FROM sync_state)').get() as {
            n: number;
          }
        ).n,
      ).toBe(0);
      const id = t.service.status().terminalId;
      const [central] = await centralQuery(direct, 'SELECT count(*) AS n, max(seq) AS last FROM events WHERE terminal_id = $1', [id]);
      expect(num(central?.n)).toBe(outbox.n);
      expect(num(central?.last)).toBe(outbox.last);
      const sales = t.terminal.sqlite.prepare('SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales').get() as {
        n: number;
        total: number;
      };
      const [centralSales] = await centralQuery(
        direct,
        'SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total FROM sales WHERE terminal_id = $1',
        [id],
      );
      expect({ n: num(centralSales?.n), total: num(centralSales?.total) }).toEqual(sales);
    }
    // sent again through the bouncer: nothing twice
    const again = await Promise.all(terminals.map((t) => t.service.runNow()));
    expect(again.every((r) => r.pushed === 0)).toBe(true);
  }, 180_000);

  it('a terminal that pulls through the bouncer gets the whole catalogue', async () => {
    const fresh = await syncTerminal(viaBouncer, { terminalId: 'T-PGB009', storeId: 'S-PGB3', service: { pageSize: 50 } });
    terminals.push(fresh);
    await fresh.service.runNow();
    const [central] = await centralQuery(direct, 'SELECT count(*) AS n FROM products');
    const local = fresh.terminal.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number };
    expect(local.n).toBeGreaterThanOrEqual(num(central?.n));
    expect(fresh.service.status().state).toBe('synced');
  }, 120_000);
});
