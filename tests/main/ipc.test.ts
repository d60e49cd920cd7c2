import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../../electron/core/terminal';
import { createSessionStore, FORBIDDEN_MESSAGE, isTrustedSender, registerIpc, senderProblem } from '../../electron/main/ipc';
import { CHANNEL_NAMES } from '../../src/shared/contract/names';
import { APP_URL, eventFrom, FakeIpcMain, FakeWebContents, memoryLogger, subframeOf } from './fakes';

// ipc.ts imports no runtime Electron; nothing here may either.

describe('isTrustedSender (the app page, and only it)', () => {
  it.each([
    [APP_URL, APP_URL],
    [`${APP_URL}#/sale`, APP_URL],
    [`${APP_URL}?screen=login`, APP_URL],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['http://localhost:5173/src/screens/x.html', 'http://localhost:5173/'],
    [
      'file:///c:/Program%20Files/Ringup/resources/app.asar/out/renderer/index.html',
      'file:///C:/Program%20Files/Ringup/resources/app.asar/out/renderer/index.html',
    ],
  ])('accepts %s for %s', (frame, app) => {
    expect(isTrustedSender(frame, app)).toBe(true);
  });

  it.each([
    ['https://evil.example/', APP_URL],
    ['file:///tmp/evil/index.html', APP_URL],
    ['file:///opt/Ringup/resources/app.asar/out/renderer/other.html', APP_URL],
    ['http://localhost:5174/', 'http://localhost:5173'],
    ['https://localhost:5173/', 'http://localhost:5173'],
    ['http://localhost.evil.example:5173/', 'http://localhost:5173'],
    ['about:blank', APP_URL],
    ['data:text/html,<script>1</script>', APP_URL],
    ['not a url', APP_URL],
    ['file:///opt/%E0%A4%A/index.html', APP_URL],
    ['file:///OPT/Ringup/resources/app.asar/out/renderer/index.html', APP_URL],
    ['', APP_URL],
    [APP_URL, 'javascript:alert(1)'],
  ])('rejects %s for %s', (frame, app) => {
    expect(isTrustedSender(frame, app)).toBe(false);
  });
});

describe('senderProblem (frame checks of every call)', () => {
  it('accepts the top frame of the window on the app page', () => {
    const contents = new FakeWebContents();
    expect(senderProblem(eventFrom(contents), APP_URL)).toBeNull();
  });

  it('rejects a top frame that navigated to a foreign origin', () => {
    const contents = new FakeWebContents('https://evil.example/');
    expect(senderProblem(eventFrom(contents), APP_URL)).toBe('not the app page');
  });

  it('rejects a subframe, even one showing the app page', () => {
    const contents = new FakeWebContents();
    expect(senderProblem(eventFrom(contents, subframeOf(contents)), APP_URL)).toBe('not the top frame');
  });

  it("rejects another webContents' top frame claimed by this sender", () => {
    const window = new FakeWebContents();
    const other = new FakeWebContents();
    expect(senderProblem(eventFrom(window, other.mainFrame), APP_URL)).toBe('not the top frame');
  });

  it('rejects a missing frame', () => {
    expect(senderProblem(eventFrom(new FakeWebContents(), null), APP_URL)).toBe('no sender frame');
  });

  it('rejects a frame Electron has disposed (reading it throws)', () => {
    const contents = new FakeWebContents();
    const event = {
      sender: contents,
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(senderProblem(event, APP_URL)).toBe('sender frame unavailable');
  });
});

describe('createSessionStore', () => {
  it('keeps one session per webContents and drops it when the webContents is destroyed', () => {
    const store = createSessionStore();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const first = store.sessionFor(a);
    expect(store.sessionFor(a)).toBe(first);
    expect(store.sessionFor(b)).not.toBe(first);
    expect(first).toEqual({ staff: null, operator: false });
    expect(store.size).toBe(2);
    a.destroy();
    expect(store.size).toBe(1);
    expect(store.sessionFor(a)).not.toBe(first);
  });
});

describe('registerIpc over a real terminal database', () => {
  let dir: string;
  let terminal: Terminal;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringup-main-ipc-'));
    terminal = await openTerminal(join(dir, 'ringup.db'), { backupDir: join(dir, 'backups'), validateOutput: true });
  });

  afterAll(() => {
    terminal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const ipc = new FakeIpcMain();
    const { lines, logger } = memoryLogger();
    const sessions = createSessionStore();
    const dispose = registerIpc(ipc, terminal.router, sessions, { rendererUrl: APP_URL, log: logger });
    return { ipc, lines, sessions, dispose };
  }

  it('registers every channel of CHANNEL_NAMES exactly once, and nothing else', () => {
    const { ipc, dispose } = setup();
    expect([...ipc.registrations].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(ipc.registrations).size).toBe(ipc.registrations.length);
    dispose();
  });

  it('passes a call from the app window through to the router (setup.status)', async () => {
    const { ipc, dispose } = setup();
    const reply = await ipc.invoke('setup.status', eventFrom(new FakeWebContents()), {});
    expect(reply).toEqual({ ok: true, data: { needsSetup: true, storeName: null, currency: null } });
    dispose();
  });

  it('returns the router envelope for invalid input instead of throwing', async () => {
    const { ipc, dispose } = setup();
    const reply = (await ipc.invoke('setup.status', eventFrom(new FakeWebContents()), { extra: 1 })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('VALIDATION');
    dispose();
  });

  it.each([
    ['a foreign origin', (c: FakeWebContents) => eventFrom(new FakeWebContents('https://evil.example/'), c.mainFrame)],
    ['a foreign top frame', () => eventFrom(new FakeWebContents('https://evil.example/'))],
    ['a subframe', (c: FakeWebContents) => eventFrom(c, subframeOf(c))],
    ['a missing frame', (c: FakeWebContents) => eventFrom(c, null)],
  ])('refuses %s with FORBIDDEN, logs it, and never reaches the router', async (_label, makeEvent) => {
    const { ipc, lines, sessions, dispose } = setup();
    const reply = await ipc.invoke('setup.status', makeEvent(new FakeWebContents()), {});
    expect(reply).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: FORBIDDEN_MESSAGE } });
    expect(lines.some((line) => line.level === 'warn' && line.event === 'ipc.forbidden' && line.fields?.channel === 'setup.status')).toBe(
      true,
    );
    // the URL's path and query never reach the log, only the origin
    expect(JSON.stringify(lines)).not.toContain('/index.html');
    expect(sessions.size).toBe(0);
    dispose();
  });

  it('keeps the login in the session of the webContents that logged in, and only there', async () => {
    const { ipc, dispose } = setup();
    const till = new FakeWebContents();
    const other = new FakeWebContents();
    const created = (await ipc.invoke('setup.createFirstManager', eventFrom(till), {
      name: 'Ada',
      pin: '4321',
      storeName: 'Corner Shop',
    })) as { ok: boolean };
    expect(created.ok).toBe(true);
    const mine = (await ipc.invoke('auth.whoami', eventFrom(till), {})) as { ok: true; data: { staff: { name: string } | null } };
    const theirs = (await ipc.invoke('auth.whoami', eventFrom(other), {})) as { ok: true; data: { staff: unknown } };
    expect(mine.data.staff?.name).toBe('Ada');
    expect(theirs.data.staff).toBeNull();
    // a destroyed window's session is gone: a new webContents with a recycled id starts logged out
    till.destroy();
    const after = (await ipc.invoke('auth.whoami', eventFrom(till), {})) as { ok: true; data: { staff: unknown } };
    expect(after.data.staff).toBeNull();
    dispose();
  });

  it('turns a router that throws into an INTERNAL envelope', async () => {
    const ipc = new FakeIpcMain();
    const { lines, logger } = memoryLogger();
    const throwing = {
      invokeAsync: () => {
        throw new Error('boom');
      },
    };
    registerIpc(ipc, throwing, createSessionStore(), { rendererUrl: APP_URL, log: logger });
    const reply = (await ipc.invoke('auth.whoami', eventFrom(new FakeWebContents()), {})) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(lines.some((line) => line.event === 'ipc.internal')).toBe(true);
  });

  it('removes every handler when disposed (at shutdown, before the database closes)', () => {
    const { ipc, dispose } = setup();
    dispose();
    expect(ipc.handlers.size).toBe(0);
    // and can register again afterwards without Electron's "second handler" error
    setup().dispose();
  });
});
