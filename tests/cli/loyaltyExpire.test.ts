import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { makeTill, type Till, tableChecksum } from '../sales/fixture';

// `ringup loyalty expire --db FILE [--dry-run] [--json]`: what the daily run does, from a script.

let till: Till;
let file: string;
beforeAll(async () => {
  // the member's points are from 2024-01-10; the CLI runs on the real clock, long past twelve months
  const at = Date.UTC(2024, 0, 10, 12);
  till = await makeTill({ now: () => at });
  file = join(till.dir, 'till.db');
  till.call(till.manager, 'settings.update', { timeZone: 'UTC', loyalty: { pointsExpireAfterMonths: 12 } });
  const ana = till.call(till.cashier, 'loyalty.enroll', { name: 'Ana Lima', email: 'ana@example.com' });
  till.call(till.manager, 'loyalty.adjust', { id: crypto.randomUUID(), memberId: ana.id, points: 500, reason: 'Opening balance' });
});
afterAll(() => till.close());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const count = (sql: string) => (till.terminal.sqlite.prepare(sql).get() as { n: number }).n;

describe('ringup loyalty expire', () => {
  it('says what would expire on --dry-run and changes nothing', async () => {
    const before = tableChecksum(till);
    const dry = await cli('loyalty', 'expire', '--db', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(
      /^Dry run, nothing changed\. Would expire: 1 member, 500 points — no points activity and no purchase since \d{4}-\d\d-\d\d \(12 months\)\.$/,
    );
    expect(tableChecksum(till)).toBe(before);
  });

  it('expires them (--json for scripts), then finds nothing more; ringup verify still passes', async () => {
    const done = await cli('loyalty', 'expire', '--db', file, '--json');
    expect(done.code).toBe(0);
    const result = JSON.parse(done.out);
    expect(result).toMatchObject({ dryRun: false, members: 1, points: 500 });
    expect(typeof result.cutoff).toBe('number');
    const again = await cli('loyalty', 'expire', '--db', file);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Nothing to expire/);
    expect(count("SELECT count(*) AS n FROM points_ledger WHERE kind = 'expire'")).toBe(1);
    // run from the command line: the audit row has no staff member
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'points.expire' AND actor_staff_id IS NULL")).toBe(1);
    const verify = await cli('verify', '--db', file);
    expect(verify.out).toContain('Database OK');
    expect(verify.code).toBe(0);
  });

  it('says so when points never expire, and explains a wrong action with exit 2', async () => {
    till.call(till.manager, 'settings.update', { loyalty: { pointsExpireAfterMonths: 0 } });
    const never = await cli('loyalty', 'expire', '--db', file);
    expect(never.code).toBe(0);
    expect(never.out).toMatch(/never expire/);
    const usage = await cli('loyalty', 'forget', '--db', file);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/ringup loyalty expire/);
  });
});
