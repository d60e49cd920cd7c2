import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../../electron/core/terminal';
import { CRASH_PIN, prepareCrashTerminal } from '../helpers/crash';

// Two processes moving the same members' points on one database file at once — transfers, points
// paying at the till, points taken off and given (two windows, a script beside the till): every
// change is one IMMEDIATE transaction that reads the balance it changes, so no balance is ever
// overdrawn and every balance stays the sum of its ledger.

function runChild(args: string[]): Promise<{ accepted: number; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'concurrency-child.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`child exited ${code}: ${out}`));
      else resolve(JSON.parse(last));
    });
  });
}

describe('points moved by two processes at once', () => {
  it('never overdraw a balance, and every balance stays the sum of its ledger', async () => {
    const prepared = await prepareCrashTerminal({ prefix: 'loyalty-race', products: 1, sku: 'RACE', name: 'Race' });
    try {
      const terminal = await openTerminal(prepared.file);
      const { newSession } = await import('../../electron/core/session');
      const session = newSession();
      const call = (channel: string, input: unknown) => {
        const result = terminal.router.invoke(channel, input, session);
        if (!result.ok) throw new Error(JSON.stringify(result));
        return result.data as { id: string };
      };
      call('auth.login', { staffId: prepared.staffId, pin: CRASH_PIN });
      // the daily cap would refuse first: here the balance alone decides
      call('settings.update', { loyalty: { offlineDailyRedeemCap: 0 } });
      const ids = [0, 1, 2].map((i) => call('loyalty.enroll', { name: `Racer ${i}`, email: `racer${i}@example.com` }).id);
      for (const id of ids) call('loyalty.adjust', { id: crypto.randomUUID(), memberId: id, points: 1000, reason: 'Opening balance' });
      terminal.close();

      const args = (seed: number) => [
        prepared.file,
        prepared.staffId,
        CRASH_PIN,
        JSON.stringify(ids),
        String(seed),
        '150',
        prepared.productIds[0] ?? '',
      ];
      const [a, b] = await Promise.all([runChild(args(7)), runChild(args(11))]);
      // both got work done, and both were refused some: they really competed for the same points
      expect(a.accepted + b.accepted).toBeGreaterThan(40);
      expect(a.refused + b.refused).toBeGreaterThan(0);

      const check = await openTerminal(prepared.file);
      const rows = check.sqlite
        .prepare(
          'SELECT points_balance AS b, (SELECT coalesce(sum(points), 0) FROM points_ledger l WHERE l.member_id = m.id) AS s FROM members m',
        )
        .all() as { b: number; s: number }[];
      for (const row of rows) {
        expect(row.b).toBe(row.s);
        expect(row.b).toBeGreaterThanOrEqual(0);
      }
      // both processes redeemed at the till too: points tenders written with their ledger rows
      const redeemed = check.sqlite.prepare("SELECT count(*) AS n FROM points_ledger WHERE kind = 'redeem'").get() as { n: number };
      const tenders = check.sqlite.prepare("SELECT count(*) AS n FROM payments WHERE method = 'points'").get() as { n: number };
      expect(redeemed.n).toBeGreaterThan(0);
      expect(tenders.n).toBe(redeemed.n);
      // every row's balance_after is its member's running sum: no two writers interleaved a read and a write
      const ledger = check.sqlite
        .prepare('SELECT member_id AS m, points, balance_after AS after FROM points_ledger ORDER BY seq')
        .all() as {
        m: string;
        points: number;
        after: number;
      }[];
      const running = new Map<string, number>();
      for (const row of ledger) {
        const next = (running.get(row.m) ?? 0) + row.points;
        expect(row.after).toBe(next);
        expect(next).toBeGreaterThanOrEqual(0);
        running.set(row.m, next);
      }
      check.close();
    } finally {
      rmSync(prepared.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
