import { resolve } from 'node:path';
import { localDate } from '../../src/shared/timeZone';
import { expirePoints } from '../core/features/loyalty/expire';
import { readSettings } from '../core/features/setup/settings';
import { createConsoleLogger } from '../core/log';
import { openTerminal } from '../core/terminal';
import { type Io, UsageError } from './commands';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * `ringup loyalty expire --db FILE [--dry-run] [--json]`: expire the points of members with no
 * points activity and no purchase for the store's `loyalty.pointsExpireAfterMonths` (what the
 * daily run does), in short batches beside a running till; --dry-run only counts.
 */
export async function loyaltyCommand(
  opts: { action?: string | undefined; db?: string | undefined; dryRun?: boolean; json?: boolean },
  io: Io,
): Promise<number> {
  if (opts.action !== 'expire') throw new UsageError('Say what to do: ringup loyalty expire --db FILE [--dry-run]');
  const file = opts.db ?? process.env.RINGUP_DB;
  if (!file) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  const terminal = await openTerminal(resolve(file), { log: createConsoleLogger('warn') });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const dryRun = opts.dryRun === true;
    const result = await expirePoints(terminal.ctx, { dryRun, shouldStop: () => controller.signal.aborted });
    if (opts.json) io.out(JSON.stringify({ dryRun, ...result }));
    else if (result.cutoff === null) io.out('Points never expire in this store (loyalty.pointsExpireAfterMonths is 0): nothing to do.');
    else {
      const { timeZone, loyalty } = readSettings(terminal.ctx);
      const rule = `no points activity and no purchase since ${localDate(result.cutoff, timeZone)} (${count(loyalty.pointsExpireAfterMonths, 'month', 'months')})`;
      const what = `${count(result.members, 'member', 'members')}, ${count(result.points, 'point', 'points')}`;
      if (dryRun) io.out(`Dry run, nothing changed. Would expire: ${what} — ${rule}.`);
      else if (result.members === 0) io.out(`Nothing to expire: no member with points has had ${rule}.`);
      else io.out(`Expired: ${what} — ${rule}.`);
    }
    if (controller.signal.aborted) {
      io.err('Stopped: the batches done so far are kept.');
      return 130;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    terminal.close();
  }
}
