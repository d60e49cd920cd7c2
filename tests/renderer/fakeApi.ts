import type { RingupApi } from '../../src/shared/api';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';

export type FakeHandlers = {
  [C in Channel]?: (input: ChannelInput<C>) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>;
};

export interface FakeApi extends RingupApi {
  calls: { channel: Channel; input: unknown }[];
  handlers: FakeHandlers;
  callsTo(channel: Channel): unknown[];
}

/** The renderer's edge, faked: each channel answers from a handler, every call is recorded. */
export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const api: FakeApi = {
    calls: [],
    handlers,
    callsTo: (channel) => api.calls.filter((call) => call.channel === channel).map((call) => call.input),
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      api.calls.push({ channel, input });
      const handler = api.handlers[channel] as
        | ((input: ChannelInput<C>) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>)
        | undefined;
      if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `No fake answer for ${channel}.` } };
      return handler(input);
    },
  };
  return api;
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function hit(id: string, name: string, extra: Partial<ChannelOutput<'catalog.search'>['items'][number]> = {}) {
  return {
    id,
    sku: `SKU-${id}`,
    name,
    priceMinor: 199,
    categoryName: 'Snacks',
    active: true,
    tracksStock: true,
    stockOnHand: 12,
    soldByWeight: false,
    match: 'name' as const,
    ...extra,
  };
}

export function product(id: string, name: string, barcode: string): ChannelOutput<'catalog.lookupBarcode'> {
  return {
    id,
    sku: `SKU-${id}`,
    name,
    priceMinor: 249,
    taxClassId: 'tax-1',
    taxRateBp: 2000,
    categoryId: null,
    categoryName: null,
    active: true,
    tracksStock: true,
    stockOnHand: 3,
    soldByWeight: false,
    barcodes: [barcode],
    updatedAt: 0,
    scaleGrams: null,
  };
}

/** A promise with its resolve handle, to answer calls out of order. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An open shift, for screens behind the shift gate. */
export const openShift: ChannelOutput<'shift.open'> = {
  id: 'shift-1',
  terminalId: 'T1',
  openedAt: Date.UTC(2025, 0, 6, 8, 0),
  openedBy: 's1',
  openedByName: 'Ada Lovelace',
  openingFloatMinor: 15000,
  closedAt: null,
  zNumber: null,
};
