import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { DatabaseTooNewError, MigrationFailedError } from '../../electron/core/db/migrate';
import { describeLoadFailure, describeOpenFailure } from '../../electron/main/failure';
import { databasePath, logFilePath, outDirOf, rendererSource } from '../../electron/main/paths';

vi.mock('electron', () => ({}));

describe('paths', () => {
  it('keeps the database in userData unless RINGUP_DB says otherwise', () => {
    expect(databasePath({}, '/home/u/.config/Ringup')).toBe(join('/home/u/.config/Ringup', 'ringup.db'));
    expect(databasePath({ RINGUP_DB: '/srv/till.db' }, '/home/u/.config/Ringup')).toBe(resolve('/srv/till.db'));
    expect(databasePath({ RINGUP_DB: '  ' }, '/u')).toBe(join('/u', 'ringup.db'));
  });

  it('logs to userData/logs/ringup.log', () => {
    expect(logFilePath('/u')).toBe(join('/u', 'logs', 'ringup.log'));
  });

  it('loads the dev server in development and the built file otherwise', () => {
    const out = outDirOf('/app/out/main');
    expect(rendererSource(out, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toEqual({
      kind: 'url',
      url: 'http://localhost:5173',
    });
    const file = join('/app/out', 'renderer', 'index.html');
    expect(rendererSource(out, {}, false)).toEqual({ kind: 'file', file, url: pathToFileURL(file).href });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, and anything that is not http(s)', () => {
    expect(rendererSource('/app/out', { ELECTRON_RENDERER_URL: 'http://evil.example' }, true).kind).toBe('file');
    expect(rendererSource('/app/out', { ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false).kind).toBe('file');
  });
});

describe('the startup error dialog', () => {
  const context = { databaseFile: '/u/ringup.db', logFile: '/u/logs/ringup.log', isPackaged: true };

  it.each([
    ['a database from a newer Ringup', new DatabaseTooNewError(9, 3), 'newer version of Ringup'],
    ['a failed migration', new MigrationFailedError('0004_stock', new Error('no such column: qty')), 'step 0004_stock failed'],
    ['anything else', new Error('SQLITE_CANTOPEN: unable to open database file'), 'SQLITE_CANTOPEN'],
    ['a thrown non-error', 'weird', 'weird'],
  ])('explains %s: what happened, that nothing changed, where the log is', (_label, error, expected) => {
    const { title, message } = describeOpenFailure(error, context);
    expect(title).toBe('Ringup cannot start');
    expect(message).toContain(expected);
    expect(message).toContain('Nothing was changed');
    expect(message).toContain('/u/logs/ringup.log');
  });

  it('points a developer at npm run native:electron when better-sqlite3 is the Node build', () => {
    const error = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.",
    );
    expect(describeOpenFailure(error, { ...context, isPackaged: false }).message).toContain('npm run native:electron');
    expect(describeOpenFailure(error, context).message).not.toContain('npm run');
  });

  it('explains a page that cannot load', () => {
    const { message } = describeLoadFailure(new Error('ERR_FILE_NOT_FOUND'), '/u/logs/ringup.log');
    expect(message).toContain('could not load its screen');
    expect(message).toContain('/u/logs/ringup.log');
  });
});
