import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../electron/core/db/open';
import { verifyTerminalJournal } from '../../electron/core/features/sales/verify';
import { openTerminal } from '../../electron/core/terminal';
import type { ChannelOutput } from '../../src/shared/contract';
import { makeTerminal, okData, type TestTerminal } from '../helpers/terminal';
import { dataChecksum, openShift, sell } from './helpers';

const KILLS = Number(process.env.RESTORE_KILLS ?? 22);
const PAGES_PER_STEP = 64;

let t: TestTerminal;
let file: string;
let pristine: string;
let backupName: string;
let oldSum: string;
let newSum: string;

function pad(rows: number): void {
  t.sqlite.exec('CREATE TABLE IF NOT EXISTS padding (x BLOB)');
  const insert = t.sqlite.prepare('INSERT INTO padding VALUES (randomblob(4000))');
  t.sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run();
  })();
}

beforeAll(async () => {
  t = await makeTerminal();
  file = t.file;
  openShift(t);
  for (let i = 0; i < 5; i++) sell(t);
  pad(2500);
  backupName = okData<ChannelOutput<'backup.create'>>(await t.router.invokeAsync('backup.create', {}, t.manager)).file;
  newSum = dataChecksum(openSqlite(join(t.temp.dir, 'backups', backupName), { readonly: true }));
  for (let i = 0; i < 7; i++) sell(t);
  t.sqlite.exec('UPDATE padding SET x = randomblob(4000) WHERE rowid % 2 = 0');
  pad(500);
  t.terminal.close();
  const closed = openSqlite(file, { readonly: true });
  oldSum = dataChecksum(closed);
  closed.close();
  pristine = t.temp.path('pristine.db');
  copyFileSync(file, pristine);
}, 120_000);

afterAll(() => t.temp.cleanup());

function resetToOld(): void {
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  copyFileSync(pristine, file);
  const backups = join(t.temp.dir, 'backups');
  for (const name of readdirSync(backups)) if (name.includes('pre-restore')) rmSync(join(backups, name), { force: true });
}

interface ChildRun {
  /** each phase and when it began, in ms after "ready" */
  phases: { name: string; at: number }[];
  finished: boolean;
  tookMs: number;
}

/** Run the child; SIGKILL it `killAfterMs` after it says `trigger` (ready, or a phase starting). */
function runChild(killAfterMs: number | null, trigger = 'ready'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'restore-kill-child.ts'), file, backupName, String(PAGES_PER_STEP)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let readyAt = 0;
    let armed = false;
    const mark = trigger === 'ready' ? 'ready\n' : `phase ${trigger} `;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!readyAt && out.includes('ready\n')) readyAt = Date.now();
      if (!armed && killAfterMs !== null && out.includes(mark)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      const finished = out.includes('done\n');
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`child failed: ${err}`));
      resolve({
        phases: out
          .split('\n')
          .filter((l) => l.startsWith('phase '))
          .map((l) => {
            const parts = l.slice(6).split(' ');
            return { at: Number(parts.pop()), name: parts.join(' ') };
          }),
        finished,
        tookMs: Date.now() - readyAt,
      });
    });
  });
}

async function checkAfter(): Promise<'old' | 'new'> {
  const terminal = await openTerminal(file);
  try {
    expect(terminal.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyTerminalJournal(terminal.ctx).problem).toBeNull();
    const sum = dataChecksum(terminal.sqlite);
    expect([oldSum, newSum]).toContain(sum);
    return sum === oldSum ? 'old' : 'new';
  } finally {
    terminal.close();
  }
}

describe('restore: SIGKILL at random moments', () => {
  it(`always leaves the old or the new database, whole and verified, over ${KILLS} kills`, { timeout: 600_000 }, async () => {
    expect(oldSum).not.toBe(newSum);
    // one run to the end: how long a restore takes here, and that it gives the new database
    resetToOld();
    const full = await runChild(null);
    expect(full.finished).toBe(true);
    expect(await checkAfter()).toBe('new');
    const swapStart = full.phases.find((p) => p.name === 'Restoring')?.at ?? 0;
    const swapEnd = full.phases.find((p) => p.name === 'Migrating')?.at ?? full.tookMs;
    const outcomes = { old: 0, new: 0 };
    const killedIn: Record<string, number> = {};
    for (let round = 0; round < KILLS; round++) {
      resetToOld();
      // every other kill anywhere in the restore (verify, the copy of the current file, migrate),
      // the others inside the swap itself, where the file is being replaced
      const run =
        round % 2 === 0
          ? await runChild(Math.floor(Math.random() * full.tookMs * 1.1))
          : await runChild(Math.floor(Math.random() * (swapEnd - swapStart)), 'Restoring');
      const phase = run.finished ? 'finished' : (run.phases.at(-1)?.name ?? 'starting');
      killedIn[phase] = (killedIn[phase] ?? 0) + 1;
      outcomes[await checkAfter()]++;
    }
    console.log(
      `restore kill test: full run ${full.tookMs} ms; killed in phases ${JSON.stringify(killedIn)}; outcomes ${JSON.stringify(outcomes)}`,
    );
    expect(outcomes.old + outcomes.new).toBe(KILLS);
  });
});
