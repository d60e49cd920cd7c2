import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleOf, openSqlite } from '../../electron/core/db/open';
import { detachedJob } from '../../electron/core/jobs';
import { createFileLogger, silentLogger } from '../../electron/core/log';
import { newSession } from '../../electron/core/session';
import { runReadTask } from '../../electron/core/worker/runReadTask';
import type { ChannelOutput } from '../../src/shared/contract';
import { checksum, countRows, errorOf, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';
import { dataChecksum, openShift, sell } from './helpers';

type Created = ChannelOutput<'backup.create'>;
type Listed = ChannelOutput<'backup.list'>;

let t: TestTerminal;
let logFile: string;

beforeEach(async () => {
  logFile = join(process.env.TMPDIR ?? '/tmp', `ringup-backup-log-${randomUUID()}.log`);
  t = await makeTerminal({ log: createFileLogger({ file: logFile, level: 'debug' }) });
  openShift(t);
  for (let i = 0; i < 5; i++) sell(t);
});

afterEach(() => t.close());

const PASSPHRASE = 'correct horse battery staple';

async function backup(input: Record<string, unknown> = {}): Promise<Created> {
  return okData<Created>(await t.router.invokeAsync('backup.create', input, t.manager));
}

function folder(): string {
  return okData<Listed>(t.router.invoke('backup.list', {}, t.manager)).folder;
}

describe('backup.create / list / verify', () => {
  it('writes a verified backup named by store, terminal and time, lists it with size and age, and audits it', async () => {
    const created = await backup({ note: 'Before the stocktake' });
    expect(created.file).toMatch(/^ringup-corner-shop-t-01-\d{8}-\d{6}Z\.db$/);
    expect(created.facts.counts.sales).toBe(5);
    expect(created.facts.journal).toBe('ok');
    const list = okData<Listed>(t.router.invoke('backup.list', {}, t.manager));
    expect(list.folder).toBe(join(t.temp.dir, 'backups'));
    const entry = list.backups.find((b) => b.name === created.file);
    expect(entry).toMatchObject({ bytes: created.bytes, encrypted: false, verified: true, kind: 'manual', note: 'Before the stocktake' });
    expect(statSync(join(list.folder, created.file)).size).toBe(created.bytes);
    expect(countRows(t.sqlite, 'audit_log', "action = 'backup.create'")).toBe(1);
    // a file put there by hand is listed too, unverified
    copyFileSync(join(list.folder, created.file), join(list.folder, 'by-hand.db'));
    const again = okData<Listed>(t.router.invoke('backup.list', {}, t.manager));
    expect(again.backups.find((b) => b.name === 'by-hand.db')?.verified).toBeNull();
    expect(
      okData<{ counts: { sales: number } }>(await t.router.invokeAsync('backup.verify', { name: 'by-hand.db' }, t.manager)).counts.sales,
    ).toBe(5);
  });

  it('encrypts with a passphrase that is never stored or logged, and verifies with it only', async () => {
    const created = await backup({ passphrase: PASSPHRASE });
    expect(created.encrypted).toBe(true);
    expect(created.file.endsWith('.db.enc')).toBe(true);
    const bytes = readFileSync(join(folder(), created.file));
    expect(bytes.subarray(0, 8).toString()).toBe('RINGUPBK');
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('Corner Shop'))).toBe(false);
    const verified = await t.router.invokeAsync('backup.verify', { name: created.file, passphrase: PASSPHRASE }, t.manager);
    expect(okData<{ counts: { sales: number } }>(verified).counts.sales).toBe(5);
    const wrong = errorOf(
      await t.router.invokeAsync('backup.verify', { name: created.file, passphrase: 'not the passphrase' }, t.manager),
      'VALIDATION',
    );
    expect(wrong.details?.reason).toBe('passphrase');
    const none = errorOf(await t.router.invokeAsync('backup.verify', { name: created.file }, t.manager), 'VALIDATION');
    expect(none.message).toMatch(/passphrase/);
    // nowhere on disk but in the user's head: not in the database, its WAL, the manifest, the log
    t.sqlite.pragma('wal_checkpoint(FULL)');
    for (const file of [t.file, `${t.file}-wal`, join(folder(), 'ringup-backups.json'), logFile]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(PASSPHRASE)), file).toBe(false);
    }
    expect(JSON.stringify(t.sqlite.prepare('SELECT * FROM audit_log').all())).not.toContain(PASSPHRASE);
  });

  it('refuses names that leave the backup folder, and a cashier', async () => {
    for (const name of ['../terminal.db', '/etc/passwd', 'a/b.db', '..', '.hidden.db']) {
      errorOf(await t.router.invokeAsync('backup.restore', { name }, t.manager), 'VALIDATION');
      errorOf(await t.router.invokeAsync('backup.verify', { name }, t.manager), 'VALIDATION');
    }
    errorOf(await t.router.invokeAsync('backup.verify', { name: 'ringup-backups.json' }, t.manager));
    errorOf(await t.router.invokeAsync('backup.create', {}, t.cashier), 'FORBIDDEN');
    errorOf(await t.router.invokeAsync('backup.restore', { name: 'x.db' }, t.manager), 'NOT_FOUND');
  });

  it('backs up while a stream of sales goes on: the copy is one consistent moment, the sales all land', async () => {
    // enough pages that the copy takes many steps
    t.sqlite.exec('CREATE TABLE IF NOT EXISTS padding (x BLOB)');
    const pad = t.sqlite.prepare('INSERT INTO padding VALUES (randomblob(4000))');
    t.sqlite.transaction(() => {
      for (let i = 0; i < 6000; i++) pad.run();
    })();
    const before = countRows(t.sqlite, 'sales');
    let selling = true;
    let sold = 0;
    const stream = (async () => {
      while (selling) {
        sell(t);
        sold++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const jobId = randomUUID();
    const pending = t.router.invokeAsync('backup.create', { jobId }, t.manager);
    const progress = okData<{ channel: string; state: string }>(t.router.invoke('job.progress', { jobId }, t.manager));
    expect(progress).toMatchObject({ channel: 'backup.create', state: 'running' });
    const created = okData<Created>(await pending);
    selling = false;
    await stream;
    expect(sold).toBeGreaterThan(5);
    expect(countRows(t.sqlite, 'sales')).toBe(before + sold);
    // the copy holds a whole number of sales, every one journalled (verify walked the chain)
    expect(created.facts.journal).toBe('ok');
    expect(created.facts.counts.sales).toBeGreaterThanOrEqual(before);
    expect(created.facts.counts.sales).toBeLessThanOrEqual(before + sold);
    expect(okData<{ state: string }>(t.router.invoke('job.progress', { jobId }, t.manager)).state).toBe('done');
  });
});

describe('backup.restore', () => {
  it('round trip: the restored database has the same tables as the backup, sales made since are gone, everyone logs in again at the edges', async () => {
    const created = await backup();
    const atBackup = dataChecksum(t.sqlite);
    for (let i = 0; i < 3; i++) sell(t);
    expect(dataChecksum(t.sqlite)).not.toBe(atBackup);
    const heard: string[] = [];
    t.terminal.onRestored((info) => heard.push(info.name));
    const report = okData<ChannelOutput<'backup.restore'>>(await t.router.invokeAsync('backup.restore', { name: created.file }, t.manager));
    expect(report.counts.sales).toBe(5);
    expect(report.previousBackup).toMatch(/-pre-restore\.db$/);
    expect(heard).toEqual([created.file]);
    expect(dataChecksum(t.sqlite)).toBe(atBackup);
    expect(countRows(t.sqlite, 'audit_log', "action = 'backup.restore'")).toBe(1);
    expect(t.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // the reader connection sees the restored file too
    expect(okData<unknown[]>(t.router.invoke('sale.recent', {}, t.manager)).length).toBeGreaterThan(0);
    // and the till sells on it
    sell(t);
    // the copy taken before holds the 8 sales
    const previous = okData<{ counts: { sales: number } }>(
      await t.router.invokeAsync('backup.verify', { name: report.previousBackup }, t.manager),
    );
    expect(previous.counts.sales).toBe(8);
  });

  it('round trip of an encrypted backup', async () => {
    const created = await backup({ passphrase: PASSPHRASE });
    const atBackup = dataChecksum(t.sqlite);
    sell(t);
    okData(await t.router.invokeAsync('backup.restore', { name: created.file, passphrase: PASSPHRASE }, t.manager));
    expect(dataChecksum(t.sqlite)).toBe(atBackup);
  });

  describe('refuses an unusable file with its reason and changes nothing', () => {
    const refusals: [string, (file: string, dir: string) => Promise<{ name: string; passphrase?: string }>, string][] = [
      [
        'truncated',
        async (file, dir) => {
          const bytes = readFileSync(file);
          writeFileSync(join(dir, 'cut.db'), bytes.subarray(0, Math.floor(bytes.length / 2)));
          return { name: 'cut.db' };
        },
        'truncated',
      ],
      [
        'bit-flipped (recorded checksum)',
        async (file) => {
          const bytes = readFileSync(file);
          const at = Math.floor(bytes.length * 0.6);
          bytes[at] = (bytes[at] ?? 0) ^ 0x10;
          writeFileSync(file, bytes);
          return { name: file.split('/').pop() ?? '' };
        },
        'damaged',
      ],
      [
        'damaged pages (no recorded checksum: integrity_check finds it)',
        async (file, dir) => {
          const bytes = readFileSync(file);
          // pages 3 to 6: b-tree pages of the first tables, overwritten with garbage
          for (let i = 4096 * 2; i < 4096 * 6; i++) bytes[i] = (i * 7919) & 0xff;
          writeFileSync(join(dir, 'broken.db'), bytes);
          return { name: 'broken.db' };
        },
        'damaged',
      ],
      [
        'bit-flipped, encrypted',
        async () => {
          const created = await backup({ passphrase: PASSPHRASE });
          const path = join(folder(), created.file);
          const bytes = readFileSync(path);
          const at = Math.floor(bytes.length * 0.5);
          bytes[at] = (bytes[at] ?? 0) ^ 0x01;
          writeFileSync(path, bytes);
          return { name: created.file, passphrase: PASSPHRASE };
        },
        'damaged',
      ],
      [
        'wrong passphrase',
        async () => ({ name: (await backup({ passphrase: PASSPHRASE })).file, passphrase: 'a wrong passphrase' }),
        'passphrase',
      ],
      [
        'foreign: not a database',
        async (_file, dir) => {
          writeFileSync(join(dir, 'notes.db'), 'Shopping list: milk, bread\n'.repeat(500));
          return { name: 'notes.db' };
        },
        'foreign',
      ],
      [
        'foreign: a database, not Ringup',
        async (_file, dir) => {
          const other = new Database(join(dir, 'other.db'));
          other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES (1);');
          other.close();
          return { name: 'other.db' };
        },
        'foreign',
      ],
      [
        'newer schema',
        async (file, dir) => {
          copyFileSync(file, join(dir, 'future.db'));
          const future = new Database(join(dir, 'future.db'));
          future.pragma(`user_version = ${Number(future.pragma('user_version', { simple: true })) + 1}`);
          future.close();
          return { name: 'future.db' };
        },
        'newer',
      ],
    ];
    it.each(refusals)('%s', async (_label, make, reason) => {
      const created = await backup();
      const dir = folder();
      const input = await make(join(dir, created.file), dir);
      const before = checksum(t.sqlite);
      const filesBefore = readdirSync(dir).sort();
      const error = errorOf(await t.router.invokeAsync('backup.restore', input, t.manager), 'VALIDATION');
      expect(error.details?.reason).toBe(reason);
      expect(error.message.length).toBeGreaterThan(10);
      expect(checksum(t.sqlite)).toBe(before);
      // no copy of the current database was made either: the refusal came first
      expect(readdirSync(dir).sort()).toEqual(filesBefore);
      // still a working till
      sell(t);
    });
  });

  it('answers other calls "wait" while the file is replaced, and keeps job.progress', async () => {
    // enough pages that the swap takes several steps of the backup API
    t.sqlite.exec('CREATE TABLE IF NOT EXISTS padding (x BLOB)');
    const pad = t.sqlite.prepare('INSERT INTO padding VALUES (randomblob(4000))');
    t.sqlite.transaction(() => {
      for (let i = 0; i < 6000; i++) pad.run();
    })();
    const created = await backup();
    const jobId = randomUUID();
    let settled = false;
    const pending = t.router.invokeAsync('backup.restore', { name: created.file, jobId }, t.manager).finally(() => {
      settled = true;
    });
    let refused = false;
    while (!settled && !refused) {
      const r = t.router.invoke('settings.get', {}, t.manager);
      if (!r.ok && r.error.code === 'CONFLICT') refused = true;
      okData(t.router.invoke('job.progress', { jobId }, t.manager));
      await new Promise((resolve) => setImmediate(resolve));
    }
    okData(await pending);
    okData(t.router.invoke('settings.get', {}, t.manager));
    expect(refused).toBe(true);
    errorOf(await t.router.invokeAsync('backup.create', {}, newSession()), 'UNAUTHENTICATED');
  });
});

describe('verification off the main thread', () => {
  it('runs integrity_check and the journal walk in the read worker', async () => {
    const created = await backup();
    const sqlite = openSqlite(join(folder(), created.file), { readonly: true });
    try {
      const ctx = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: silentLogger };
      expect(await runReadTask(ctx, { name: 'backup.integrity', input: {} }, detachedJob())).toEqual(['ok']);
      const chain = await runReadTask(ctx, { name: 'backup.chain', input: { points: true } }, detachedJob());
      expect(chain.journal).toMatchObject({ ok: true, problem: null });
      expect(chain.journal.entries).toBeGreaterThan(5);
      expect(chain.points).toBeNull();
    } finally {
      sqlite.close();
    }
  });
});
