// What bench/sync.bench.ts needs of PostgreSQL: a server (embedded, or BENCH_DATABASE_URL), databases
// of its own, plain clients that read every value as text, COPY in and out, and the CPU time of the
// server processes that served a database (read from /proc when the server is on this machine).
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { migrateCentral } from '../electron/core/sync/central/migrate';
import { startEmbeddedPostgres } from '../tests/sync/embeddedPostgres';

export interface BenchServer {
  adminUrl: string;
  source: 'embedded' | 'BENCH_DATABASE_URL';
  version: string;
  /** the databases this run made, dropped by stop() */
  createDatabase(label: string): Promise<string>;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** A client of its own; `text: true` reads every column as the server's text (no parsing: bigints, jsonb and booleans stay strings). */
export async function connect(url: string, options: { text?: boolean; application?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    application_name: options.application ?? 'ringup-bench',
    ...(options.text ? { types: { getTypeParser: () => (value: string) => value } } : {}),
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** BENCH_DATABASE_URL (a role that may CREATE DATABASE) or a throwaway embedded PostgreSQL (fsync off, as the tests run it). */
export async function startBenchServer(): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres();
  const adminUrl = external ?? embedded?.adminUrl ?? '';
  const made: string[] = [];
  const admin = await connect(adminUrl);
  const version = String((await admin.query('SHOW server_version')).rows[0]?.server_version ?? '?');
  await admin.end();
  return {
    adminUrl,
    source: external ? 'BENCH_DATABASE_URL' : 'embedded',
    version,
    async createDatabase(label) {
      const name = `ringup_bench_sync_${process.pid}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      const client = await connect(adminUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      made.push(name);
      const url = withDatabase(adminUrl, name);
      await migrateCentral(url);
      return url;
    },
    async stop() {
      if (embedded) {
        await embedded.stop();
        return;
      }
      const client = await connect(adminUrl);
      try {
        for (const name of made.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** COPY … TO STDOUT into memory (text format). */
export async function copyOut(client: pg.Client, sql: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  await pipeline(
    client.query(pgCopy.to(sql)),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return chunks;
}

/** COPY … FROM STDIN of buffers made by copyOut. */
export async function copyIn(client: pg.Client, sql: string, chunks: readonly Buffer[]): Promise<void> {
  const stream = client.query(pgCopy.from(sql));
  await pipeline(async function* () {
    yield* chunks;
  }, stream);
}

const TICK_SECONDS = 0.01; // USER_HZ is 100 on Linux

/** CPU seconds a process has used (user + system), or null when it is not on this machine. */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: the fields after it
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_SECONDS;
  } catch {
    return null;
  }
}

/** The server processes (backends) connected to a database now, by application name. */
export async function backendPids(adminUrl: string, databaseUrl: string, application: string): Promise<number[]> {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = await connect(adminUrl);
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [
      database,
      application,
    ]);
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** Summed CPU seconds of these server processes, or null when one of them cannot be read (a remote server). */
export function serverCpuSeconds(pids: readonly number[]): number | null {
  if (pids.length === 0) return null;
  let sum = 0;
  for (const pid of pids) {
    const cpu = processCpuSeconds(pid);
    if (cpu === null) return null;
    sum += cpu;
  }
  return sum;
}

/** The process's CPU seconds (all threads) since `since` (process.cpuUsage()). */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
