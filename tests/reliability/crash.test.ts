import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTerminalJournal } from '../../electron/core/features/sales/verify';
import { openTerminal } from '../../electron/core/terminal';
import { type CrashTerminal, crashChildArgs, prepareCrashTerminal } from '../helpers/crash';

const KILLS = Number(process.env.CRASH_KILLS ?? 50);
let crash: CrashTerminal;

beforeAll(async () => {
  crash = await prepareCrashTerminal({ prefix: 'crash', products: 8, sku: 'CR', name: 'Crash product' });
});

afterAll(() => rmSync(crash.dir, { recursive: true, force: true }));

function runAndKill(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), ...crashChildArgs(crash)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('ready\n')) {
        // kill at a random moment while sales are being written
        timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.floor(Math.random() * 180));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself: ${err}`));
      resolve(
        out
          .split('\n')
          .filter((line) => /^[0-9a-f-]{36}$/.test(line))
          .map((line) => line.trim()),
      );
    });
  });
}

describe('crash safety: SIGKILL while selling', () => {
  it(`keeps every reported sale whole and nothing partial, over ${KILLS} kills`, { timeout: 600_000 }, async () => {
    const reported = new Set<string>();
    for (let round = 0; round < KILLS; round++) {
      for (const id of await runAndKill()) reported.add(id);
      const terminal = await openTerminal(crash.file);
      try {
        const sqlite = terminal.sqlite;
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        for (const id of reported) {
          const sale = sqlite.prepare('SELECT total_minor, journal_seq FROM sales WHERE id = ?').get(id) as
            | { total_minor: number; journal_seq: number }
            | undefined;
          expect(sale, `reported sale ${id} is missing after kill ${round}`).toBeDefined();
        }
        // no sale exists partially: lines, payments, stock movements and journal entry all there
        const partial = sqlite
          .prepare(
            `SELECT s.id FROM sales s WHERE
               (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) <> 5
               OR (SELECT coalesce(sum(total_minor), 0) FROM sale_lines l WHERE l.sale_id = s.id) <> s.total_minor
               OR (SELECT coalesce(sum(amount_minor), 0) FROM payments p WHERE p.sale_id = s.id) <> s.total_minor
               OR (SELECT count(*) FROM stock_movements m WHERE m.sale_id = s.id) <>
                  (SELECT count(*) FROM sale_lines l JOIN products p ON p.id = l.product_id WHERE l.sale_id = s.id AND p.tracks_stock = 1)
               OR NOT EXISTS (SELECT 1 FROM journal j WHERE j.document_id = s.id AND j.seq = s.journal_seq)`,
          )
          .all();
        expect(partial).toEqual([]);
        // stock on hand is the sum of its movements (the initial stock is a movement too)
        const drift = sqlite
          .prepare(
            'SELECT p.id FROM products p WHERE p.tracks_stock = 1 AND p.stock_on_hand <> (SELECT coalesce(sum(delta), 0) FROM stock_movements m WHERE m.product_id = p.id)',
          )
          .all();
        expect(drift).toEqual([]);
        const verdict = verifyTerminalJournal(terminal.ctx);
        expect(verdict.problem).toBeNull();
      } finally {
        terminal.close();
      }
    }
    expect(reported.size).toBeGreaterThan(KILLS);
  });
});
