import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract/names';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      electron.exposed.set(key, value);
    },
  },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: vi.fn(), sendSync: vi.fn() },
}));

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;
let api: Api;

beforeAll(async () => {
  await import('../../electron/preload/index');
  api = electron.exposed.get('ringup') as Api;
});

describe('the preload', () => {
  it('exposes exactly one object, as window.ringup', () => {
    expect([...electron.exposed.keys()]).toEqual(['ringup']);
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
    for (const file of ['electron/preload/index.ts', 'electron/preload/api.ts']) {
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
