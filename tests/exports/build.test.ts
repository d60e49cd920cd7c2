import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportToFile } from '../../electron/core/features/exports/exportCsv';
import { detachedJob } from '../../electron/core/jobs';
import { configureReadWorkers, readWorkerEntry } from '../../electron/core/worker/runReadTask';
import { makeTerminal } from '../helpers/terminal';

// The Electron build must carry the read worker as its own file beside the main bundle, where
// electron/main/index.ts points configureReadWorkers (out/main/readWorker.js).
const root = resolve(__dirname, '../..');
const builtWorker = join(root, 'out', 'main', 'readWorker.js');

afterAll(() => configureReadWorkers({ entry: new URL('../../electron/core/worker/readWorker.dev.mjs', import.meta.url).pathname }));

describe('the read worker in the Electron build', () => {
  it('is an entry of the main bundle in electron.vite.config.ts', async () => {
    const config = (await import('../../electron.vite.config')).default as {
      main: { build: { rollupOptions: { input: Record<string, string> } } };
    };
    expect(config.main.build.rollupOptions.input.readWorker).toBe(join(root, 'electron/core/worker/readWorker.ts'));
    expect(readFileSync(join(root, 'electron/main/index.ts'), 'utf8')).toContain("join(outDir, 'main', 'readWorker.js')");
  });

  it.runIf(existsSync(builtWorker))('runs an export from the built out/main/readWorker.js (after `npm run build`)', async () => {
    const t = await makeTerminal({ catalogue: false });
    try {
      configureReadWorkers({ entry: builtWorker });
      expect(readWorkerEntry()).toBe(builtWorker);
      const file = t.temp.path('built.csv');
      const counts = await exportToFile(t.terminal.ctx, { what: 'audit_log', bom: false, file }, detachedJob());
      expect(counts.rows).toBeGreaterThan(0);
      expect(readFileSync(file, 'utf8').startsWith('audit_id,')).toBe(true);
    } finally {
      t.close();
    }
  });
});
