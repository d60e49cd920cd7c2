import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';

interface ServerStatus {
  adminUrl?: string;
  error?: string;
  source?: 'embedded' | 'TEST_DATABASE_URL';
}

let adminUrlPromise: Promise<string> | undefined;

/** The run's PostgreSQL superuser URL, once the server (tests/sync/globalSetup.ts) is up. */
export function adminUrl(): Promise<string> {
  adminUrlPromise ??= (async () => {
    const file = inject('centralServerStatusFile');
    if (!file) throw new Error('No PostgreSQL for this test: run it in the `sync` project (vitest --project sync).');
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (existsSync(file)) {
        const status = JSON.parse(readFileSync(file, 'utf8')) as ServerStatus;
        if (status.adminUrl) return status.adminUrl;
        throw new Error(`The test PostgreSQL did not start: ${status.error ?? 'no reason given'}`);
      }
      if (Date.now() > deadline) throw new Error('The test PostgreSQL was not ready after 90 s.');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return adminUrlPromise;
}

/** A client on `url` with short timeouts; the caller ends it. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 60_000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function onAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(await adminUrl());
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const created: string[] = [];
// registered while the importing test file is collected: its databases are dropped after it
afterAll(dropCreatedDatabases);

/**
 * A new, empty database on the run's server, named after the test file and dropped after it;
 * returns its URL. Call it in beforeAll (one per file) or in a test (one per case).
 */
export async function freshDatabase(label = ''): Promise<string> {
  const file = basename(expect.getState().testPath ?? 'test', '.test.ts');
  const slug = `${file}_${label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 36);
  const name = `ringup_test_${slug}_${Math.random().toString(36).slice(2, 8)}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  created.push(name);
  return withDatabase(await adminUrl(), name);
}

/** WITH (FORCE): a connection a failed test left open must not keep its database alive (PostgreSQL 13+). */
async function dropCreatedDatabases(): Promise<void> {
  if (created.length === 0) return;
  await onAdmin(async (client) => {
    for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}
