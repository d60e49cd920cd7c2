import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { NAVIGATE_MESSAGE as PRELOAD_NAVIGATE_MESSAGE } from '../../electron/preload/navigation';
import { CHANNEL_NAMES } from '../../src/shared/contract/names';
import { NAVIGATE_MESSAGE } from '../../src/shared/navigation';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
  on: vi.fn(),
  removeListener: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      electron.exposed.set(key, value);
    },
  },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: electron.on, removeListener: electron.removeListener, sendSync: vi.fn() },
}));

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;
let api: Api;

beforeAll(async () => {
  await import('../../electron/preload/index');
  api = electron.exposed.get('ringup') as Api;
});

describe('the preload', () => {
  it('exposes exactly two objects: window.ringup and the menu navigation, window.ringupNavigation', () => {
    expect([...electron.exposed.keys()]).toEqual(['ringup', 'ringupNavigation']);
  });

  it('holds exactly one function per channel, and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const channel of CHANNEL_NAMES) expect(typeof api[channel]).toBe('function');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('never hands out ipcRenderer or its methods', () => {
    for (const value of Object.values(api)) {
      expect(value).not.toBe(electron.invoke);
    }
    expect(Object.values(api)).not.toContain(electron.invoke);
  });

  it.each(CHANNEL_NAMES.map((name) => [name]))('%s calls ipcRenderer.invoke with its own name and the input only', async (channel) => {
    electron.invoke.mockClear();
    const input = { probe: channel };
    const fn = api[channel]!;
    await expect(fn(input, 'extra', 'arguments')).resolves.toEqual({ ok: true, data: { channel, input } });
    expect(electron.invoke).toHaveBeenCalledTimes(1);
    expect(electron.invoke).toHaveBeenCalledWith(channel, input);
  });

  it('imports only electron and its own modules; its src/shared imports are the names list or types', () => {
    for (const file of ['electron/preload/index.ts', 'electron/preload/api.ts', 'electron/preload/navigation.ts']) {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^import\s+(type\s+)?.*?from\s+'([^']+)'/gm)].map((m) => ({
        typeOnly: Boolean(m[1]),
        from: m[2]!,
      }));
      for (const { typeOnly, from } of imports) {
        const allowed = from === 'electron' || from.startsWith('./') || from.endsWith('/contract/names') || typeOnly;
        expect(allowed, `${file} imports ${from}`).toBe(true);
      }
    }
  });
});

describe('the preload’s menu navigation (window.ringupNavigation)', () => {
  type Bridge = { onNavigate(listener: (section: string) => void): () => void };
  const bridge = () => electron.exposed.get('ringupNavigation') as Bridge;
  const handlerOf = () => {
    const on = electron.on.mock.calls.at(-1);
    expect(on?.[0]).toBe(NAVIGATE_MESSAGE);
    return on?.[1] as (event: unknown, ...args: unknown[]) => void;
  };

  it('is frozen and has one function, onNavigate', () => {
    expect(Object.keys(bridge())).toEqual(['onNavigate']);
    expect(Object.isFrozen(bridge())).toBe(true);
  });

  it('listens to the one navigation message and hands the page the section key alone, never the event', () => {
    const seen: unknown[][] = [];
    const stop = bridge().onNavigate((...args: unknown[]) => seen.push(args));
    const handler = handlerOf();
    const event = { sender: { send: () => {} }, senderFrame: {} };
    handler(event, 'products');
    handler(event, 'staff', { extra: true });
    expect(seen).toEqual([['products'], ['staff']]);
    stop();
    expect(electron.removeListener).toHaveBeenCalledWith(NAVIGATE_MESSAGE, handler);
  });

  it('drops what is not a section key', () => {
    const seen: unknown[] = [];
    bridge().onNavigate((section) => seen.push(section));
    const handler = handlerOf();
    for (const bad of [42, null, { section: 'staff' }, '', 'Staff', 'x'.repeat(40), 'staff; rm', '../settings']) handler({}, bad);
    expect(seen).toEqual([]);
  });

  it('restates the message name of src/shared/navigation exactly', () => {
    expect(PRELOAD_NAVIGATE_MESSAGE).toBe(NAVIGATE_MESSAGE);
  });
});
