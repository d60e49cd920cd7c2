import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { openSqlite } from '../../electron/core/db/open';
import { makeTerminal, type TempDir } from '../helpers/terminal';
import { dataChecksum, openShift, sell } from './helpers';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

function sumOf(file: string): string {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    return dataChecksum(sqlite);
  } finally {
    sqlite.close();
  }
}

let temp: TempDir;
let db: string;
const PASSPHRASE = 'a long passphrase for the cli';

beforeAll(async () => {
  const t = await makeTerminal();
  openShift(t);
  for (let i = 0; i < 4; i++) sell(t);
  t.terminal.close();
  temp = t.temp;
  db = t.file;
  writeFileSync(temp.path('pass.txt'), `${PASSPHRASE}\n`);
});
afterAll(() => temp.cleanup());

describe('ringup backup / restore', () => {
  it('backs up a closed file to --out, encrypted with --passphrase-file, and restores it', async () => {
    const out = temp.path('usb/till.db.enc');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(temp.path('usb'));
    const made = await cli('backup', '--db', db, '--out', out, '--passphrase-file', temp.path('pass.txt'), '--json');
    expect(made.code, made.err).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ encrypted: true, facts: { counts: { sales: 4 } } });
    expect(readFileSync(out).subarray(0, 8).toString()).toBe('RINGUPBK');
    const atBackup = sumOf(db);
    // change the database, then restore the backup over it
    const sqlite = openSqlite(db);
    sqlite.exec("UPDATE settings SET value = '\"Changed\"' WHERE key = 'storeName'");
    sqlite.close();
    expect(sumOf(db)).not.toBe(atBackup);
    const wrong = temp.path('wrong.txt');
    writeFileSync(wrong, 'not the passphrase\n');
    const refused = await cli('restore', '--db', db, '--from', out, '--passphrase-file', wrong);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/passphrase is wrong/);
    expect(sumOf(db)).not.toBe(atBackup);
    const restored = await cli('restore', '--db', db, '--from', out, '--passphrase-file', temp.path('pass.txt'), '--json');
    expect(restored.code, restored.err).toBe(0);
    const report = JSON.parse(restored.out);
    expect(report.counts.sales).toBe(4);
    expect(sumOf(db)).toBe(atBackup);
    expect(existsSync(report.previousBackup.startsWith('/') ? report.previousBackup : temp.path(`backups/${report.previousBackup}`))).toBe(
      true,
    );
  });

  it('restores over a database that no longer opens, moving it aside', async () => {
    const made = await cli('backup', '--db', db, '--json');
    expect(made.code, made.err).toBe(0);
    const backupFile = temp.path(`backups/${JSON.parse(made.out).name}`);
    const atBackup = sumOf(db);
    writeFileSync(db, 'garbage'.repeat(1000));
    const restored = await cli('restore', '--db', db, '--from', backupFile, '--json');
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(restored.out).movedAside).toMatch(/\.damaged-/);
    expect(sumOf(db)).toBe(atBackup);
  });

  it('says what is missing', async () => {
    expect((await cli('restore', '--db', db)).code).toBe(2);
    expect((await cli('restore', '--db', db, '--from', temp.path('nope.db'))).code).toBe(2);
    expect((await cli('backup')).code).toBe(2);
  });
});
