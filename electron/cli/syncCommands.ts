import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors';
import { detachedJob } from '../core/jobs';
import { createConsoleLogger } from '../core/log';
import { maskConnectionString } from '../core/sync/central/connection';
import { attachSyncService, memorySecretStore, type SyncRunResult } from '../core/sync/service';
import { openTerminal } from '../core/terminal';
import { type Io, UsageError } from './commands';
import { createProgressBar } from './progress';

const SYNC_HELP = `ringup sync — push this terminal's events to the central database and pull the catalogue

Usage: ringup sync --db FILE [--central URL] [--once] [--json]

  --once   push and pull until nothing is waiting, then exit 0 (or exit 1 saying why)
  without --once: keep syncing (every few seconds, backing off while central is unreachable) until Ctrl+C

--db defaults to $RINGUP_DB, --central to $RINGUP_CENTRAL_URL. The password is never printed.
Safe beside the running app: both use short transactions on the same file.`;

/** `ringup sync --db FILE --central URL [--once] [--json]`: the sync of one terminal, for operators. */
export async function syncCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      central: { type: 'string' },
      once: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  const v = parsed.values;
  if (v.help) {
    io.out(SYNC_HELP);
    return 0;
  }
  const db = v.db ?? process.env.RINGUP_DB;
  if (!db) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  const url = v.central ?? process.env.RINGUP_CENTRAL_URL;
  if (!url) throw new UsageError('Say which central database: --central URL (or set RINGUP_CENTRAL_URL).');
  const log = createConsoleLogger(v.json ? 'error' : 'warn');
  const terminal = await openTerminal(resolve(db), { log });
  const service = attachSyncService(terminal, { secrets: memorySecretStore(url), log });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const shown = maskConnectionString(url);
  try {
    if (!v.once) {
      if (!v.json) io.err(`Syncing with ${shown}; Ctrl+C stops.`);
      let last = '';
      service.start(0);
      while (!controller.signal.aborted) {
        const s = service.status();
        const line = v.json
          ? JSON.stringify(s)
          : `${s.state}: ${s.waiting.toLocaleString('en')} waiting${s.lastError ? ` — ${s.lastError}` : ''}`;
        if (line !== last) io.out(line);
        last = line;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      return 0;
    }
    const bar = createProgressBar(process.stderr, !v.json);
    const total: SyncRunResult = { pushed: 0, duplicates: 0, pulled: 0, conflicts: 0 };
    // events a till beside us records while we push are sent too: go on until nothing waits (a few rounds at most)
    for (let round = 0; round < 10; round++) {
      const result = await service.runNow(detachedJob((phase, done, n) => bar.update(phase, done, n), controller.signal));
      total.pushed += result.pushed;
      total.duplicates += result.duplicates;
      total.pulled += result.pulled;
      total.conflicts += result.conflicts;
      if (service.status().waiting === 0) break;
    }
    const status = service.status();
    if (v.json) io.out(JSON.stringify({ ...total, status }));
    else {
      io.out(
        `Synced with ${shown}: ${total.pushed.toLocaleString('en')} events sent${total.duplicates > 0 ? ` (${total.duplicates.toLocaleString('en')} central already had)` : ''}, ${total.pulled.toLocaleString('en')} changes received${total.conflicts > 0 ? `, ${total.conflicts} conflicts for a manager` : ''}; ${status.waiting.toLocaleString('en')} waiting.`,
      );
    }
    return status.waiting === 0 ? 0 : 1;
  } catch (error) {
    const message = error instanceof AppError ? error.message : (error as Error).message;
    if (v.json) io.out(JSON.stringify({ error: message, status: service.status() }));
    else io.err(`ringup sync: ${message}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await service.stop();
    terminal.close();
  }
}
