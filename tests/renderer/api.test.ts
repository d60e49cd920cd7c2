import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browserHost, chooseApi, createHttpApi, TOKEN_STORAGE_KEY } from '../../src/renderer/api';
import type { PreloadApi } from '../../src/shared/api';
import { ok } from './fakeApi';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('chooseApi', () => {
  beforeEach(() => {
    sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('uses the preload bridge when window.ringup is there', async () => {
    const whoami = vi.fn(async () => ok({ staff: null, operator: false }));
    const preload = { 'auth.whoami': whoami } as unknown as PreloadApi;
    const fetchSpy = vi.fn();
    const api = chooseApi({ ...browserHost(), ringup: preload, fetch: fetchSpy });

    const result = await api.invoke('auth.whoami', {});

    expect(result).toEqual({ ok: true, data: { staff: null, operator: false } });
    expect(whoami).toHaveBeenCalledWith({});
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns a rejected IPC call into an error envelope', async () => {
    const preload = {
      'auth.whoami': async () => {
        throw new Error('Error invoking remote method');
      },
    } as unknown as PreloadApi;
    const result = await chooseApi({ ...browserHost(), ringup: preload }).invoke('auth.whoami', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).toMatch(/could not complete/);
    }
  });

  it('without a preload, takes the token from the hash, keeps it in sessionStorage and strips it from the URL', async () => {
    window.history.replaceState(null, '', '/index.html?x=1#token=s3cret');
    const replaceSpy = vi.spyOn(window.history, 'replaceState');
    const fetchSpy = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      jsonResponse({ ok: true, data: { needsSetup: true, storeName: null, currency: null } }),
    );

    const api = chooseApi({ ...browserHost(), ringup: undefined, fetch: fetchSpy });

    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(replaceSpy).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe('');
    expect(window.location.pathname + window.location.search).toBe('/index.html?x=1');

    const result = await api.invoke('setup.status', {});
    expect(result).toEqual({ ok: true, data: { needsSetup: true, storeName: null, currency: null } });
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(url).toBe('/api/setup.status');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer s3cret');
    expect(init?.body).toBe('{}');
  });

  it('after a reload (no hash) uses the token kept in sessionStorage', async () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, 'kept');
    const fetchSpy = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => jsonResponse({ ok: true, data: [] }));
    await chooseApi({ ...browserHost(), ringup: undefined, fetch: fetchSpy }).invoke('auth.directory', {});
    expect(new Headers(fetchSpy.mock.calls[0]?.[1]?.headers).get('Authorization')).toBe('Bearer kept');
  });

  it('sends the channel input as the JSON body', async () => {
    const fetchSpy = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      jsonResponse({ ok: true, data: { items: [], nextCursor: null } }),
    );
    const api = createHttpApi({ token: 't', fetch: fetchSpy });
    await api.invoke('catalog.search', { query: 'choc', limit: 5 });
    expect(fetchSpy.mock.calls[0]?.[0]).toBe('/api/catalog.search');
    expect(JSON.parse(String(fetchSpy.mock.calls[0]?.[1]?.body))).toEqual({ query: 'choc', limit: 5 });
  });
});

describe('http api failures are envelopes, never exceptions', () => {
  it('network failure', async () => {
    const api = createHttpApi({
      token: 't',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const result = await api.invoke('auth.directory', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/Cannot reach the terminal service/), details: { transport: 'network' } },
    });
  });

  it('passes an error envelope through unchanged', async () => {
    const envelope = {
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No product has the barcode 4006381333931.', details: { code: '4006381333931' } },
    };
    const api = createHttpApi({ token: 't', fetch: async () => jsonResponse(envelope) });
    expect(await api.invoke('catalog.lookupBarcode', { code: '4006381333931' })).toEqual(envelope);
  });

  it('a call that does not answer in time is an envelope; long work (with a job id) is given as long as it takes', async () => {
    const answerAfter = (ms: number) =>
      vi.fn(
        (_url: RequestInfo | URL, init?: RequestInit) =>
          new Promise<Response>((resolve, reject) => {
            const timer = setTimeout(() => resolve(jsonResponse({ ok: true, data: null })), ms);
            init?.signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(new DOMException('aborted', 'AbortError'));
            });
          }),
      );
    const slow = createHttpApi({ token: 't', fetch: answerAfter(80) as unknown as typeof fetch, timeoutMs: 20 });
    const timedOut = await slow.invoke('auth.whoami', {});
    expect(timedOut.ok ? null : timedOut.error.details).toMatchObject({ transport: 'timeout' });
    const jobId = '0190d6a4-3c8e-7000-8000-000000000000';
    const long = await slow.invoke('backup.create', { jobId });
    expect(long).toEqual({ ok: true, data: null });
    // its progress is asked with the same id, and is held to the usual time
    const poll = await slow.invoke('job.progress', { jobId });
    expect(poll.ok ? null : poll.error.details).toMatchObject({ transport: 'timeout' });
  });

  it('401 means the token was refused', async () => {
    const api = createHttpApi({ token: 'wrong', fetch: async () => new Response('unauthorized', { status: 401 }) });
    const result = await api.invoke('auth.directory', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UNAUTHENTICATED');
  });

  it('a body that is not an envelope', async () => {
    const api = createHttpApi({ token: 't', fetch: async () => new Response('<html>Bad gateway</html>', { status: 502 }) });
    const result = await api.invoke('auth.directory', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).toContain('HTTP 502');
    }
  });

  it('no token at all: explains how to open the page, without calling the server', async () => {
    const fetchSpy = vi.fn();
    const result = await createHttpApi({ token: null, fetch: fetchSpy }).invoke('setup.status', {});
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/#token=/);
  });
});
