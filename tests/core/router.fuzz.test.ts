import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../electron/core/log';
import type { Session } from '../../electron/core/session';
import { type Channel, contract } from '../../src/shared/contract';
import { ERROR_CODES, errorSchema, type Result } from '../../src/shared/result';
import { checksum, copySession, EAN8_CODE, ean13, makeEmptyTerminal, makeTerminal, type TestTerminal } from '../helpers/terminal';

const channels = Object.keys(contract) as Channel[];
const RUNS_PER_CHANNEL = 120;

// everything logged at error level (an INTERNAL answer logs its cause here)
const logged: { event: string; fields?: Record<string, unknown> }[] = [];
const capturingLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (event, fields) => logged.push({ event, ...(fields ? { fields } : {}) }),
};

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal({ log: capturingLogger });
});
afterAll(() => t?.close());

type SessionName = 'anonymous' | 'cashier' | 'manager';

function mayCall(channel: Channel, who: SessionName): boolean {
  const access = contract[channel].access;
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  return access !== 'manager' || who === 'manager';
}

function inputKeys(channel: Channel): string[] {
  const input = contract[channel].input;
  return input instanceof z.ZodObject ? Object.keys(input.shape) : [];
}

/** Values that look plausible for some field somewhere: real ids, codes, SQL and FTS syntax, edge numbers. */
function plausibleValues(): unknown[] {
  const products = t.catalogue.products;
  return [
    ...products.slice(0, 5).map((p) => p.id),
    ...Object.values(t.catalogue.categoryIds),
    ...Object.values(t.catalogue.taxClassIds),
    ...products.slice(0, 3).map((p) => p.sku),
    ean13(1),
    EAN8_CODE,
    '4006381333932', // wrong check digit
    '01900000-0000-7000-8000-000000000000',
    '',
    ' ',
    'choc',
    '"choc"*',
    'NEAR(a b)',
    'a OR b AND',
    "'; DROP TABLE products; --",
    '%',
    '_',
    '\u0000',
    '\u{10FFFF}',
    'é',
    'x'.repeat(300),
    '__proto__',
    'constructor',
    'cashier',
    'manager',
    'percent',
    'paid_out',
    'line',
    0,
    -1,
    1,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    1.5,
    1e308,
    -0,
    true,
    false,
    null,
    [],
    {},
  ];
}

function valueArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...plausibleValues()) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...plausibleValues()), { maxLength: 3 }) },
  );
}

/** Random payloads for a channel: any JSON, or objects made of the channel's real keys with wrong-ish values. */
function payloadArb(channel: Channel): fc.Arbitrary<unknown> {
  const keys = inputKeys(channel);
  const value = valueArb();
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, [], '', 0, 'x', true) },
  ];
  if (keys.length > 0) {
    options.push({ weight: 4, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) });
    options.push({
      weight: 1,
      arbitrary: fc
        .tuple(fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }), fc.string({ maxLength: 8 }), value)
        .map(([record, extraKey, extra]) => ({ ...record, [extraKey]: extra })),
    });
  }
  return fc.oneof(...options);
}

function checkEnvelope(result: Result<unknown>, context: string): void {
  expect(typeof result.ok, context).toBe('boolean');
  if (result.ok) {
    expect('data' in result, context).toBe(true);
    return;
  }
  const parsed = errorSchema.safeParse(result.error);
  expect(parsed.success, `${context}: ${JSON.stringify(result.error)}`).toBe(true);
  expect(ERROR_CODES).toContain(result.error.code);
  // internal details never cross the boundary
  expect(result.error.message, context).not.toMatch(/SQLITE_|\bat .+\.(ts|js):\d+/);
  // random input must be answered as a refusal, never as a crash inside the core
  expect(result.error.code, `${context}: INTERNAL — logged: ${JSON.stringify(logged.at(-1))}`).not.toBe('INTERNAL');
}

/** A failed call that still commits (a counted wrong PIN) — the only failure allowed to write. */
function isCountedPinFailure(channel: Channel, result: Result<unknown>): boolean {
  return (
    !result.ok &&
    (channel === 'auth.login' || channel === 'auth.approve' || channel === 'auth.elevate') &&
    (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'RATE_LIMITED')
  );
}

describe('router fuzz: random payloads on every channel', () => {
  it.each(channels)('%s never throws, always answers an envelope, and writes only when it may', async (channel) => {
    const def = contract[channel];
    await fc.assert(
      fc.asyncProperty(payloadArb(channel), fc.constantFrom<SessionName>('anonymous', 'cashier', 'manager'), async (payload, who) => {
        const session: Session = copySession(t[who]);
        const before = checksum(t.sqlite);
        let result: Result<unknown>;
        try {
          result = await t.router.invokeAsync(channel, payload, session);
        } catch (error) {
          expect.fail(`${channel} threw ${String(error)} for ${JSON.stringify(payload)}`);
        }
        const context = `${channel} as ${who} with ${JSON.stringify(payload)?.slice(0, 300)}`;
        checkEnvelope(result, context);
        const wrote = checksum(t.sqlite) !== before;
        if (!wrote) return;
        // anonymous and cashier sessions never write through a channel beyond their rights, a read
        // channel never writes, and a failed call never writes (except a counted wrong PIN)
        expect(mayCall(channel, who), `${context}: wrote without the right`).toBe(true);
        expect(def.writes, `${context}: a read channel wrote`).toBe(true);
        expect(result.ok || isCountedPinFailure(channel, result), `${context}: a failed call wrote`).toBe(true);
      }),
      { numRuns: RUNS_PER_CHANNEL },
    );
  });

  it('anonymous callers never change the database, whatever they send to whichever channel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels).chain((channel) => fc.tuple(fc.constant(channel), payloadArb(channel))),
        async ([channel, payload]) => {
          const before = checksum(t.sqlite);
          const result = await t.router.invokeAsync(channel, payload, copySession(t.anonymous));
          checkEnvelope(result, `${channel} anonymous ${JSON.stringify(payload)}`);
          expect(checksum(t.sqlite)).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cashiers never change the database through manager channels', async () => {
    const managerOnly = channels.filter((c) => contract[c].access === 'manager');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...managerOnly).chain((channel) => fc.tuple(fc.constant(channel), payloadArb(channel))),
        async ([channel, payload]) => {
          const before = checksum(t.sqlite);
          const result = await t.router.invokeAsync(channel, payload, copySession(t.cashier));
          expect(result.ok).toBe(false);
          expect(checksum(t.sqlite)).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers UNKNOWN_CHANNEL for any other name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.jsonValue({ maxDepth: 2 }), async (name, payload) => {
        fc.pre(!(name in contract));
        const sync = t.router.invoke(name, payload, copySession(t.manager));
        const viaAsync = await t.router.invokeAsync(name, payload, copySession(t.manager));
        for (const result of [sync, viaAsync]) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe('UNKNOWN_CHANNEL');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers with an envelope, not an exception, even when the database is gone', async () => {
    const lost = await makeEmptyTerminal();
    try {
      lost.terminal.close();
      const ghost: Session = { operator: false, staff: { id: 'x', name: 'Ghost', roles: ['manager'] } };
      for (const channel of channels) {
        const result = await lost.terminal.router.invokeAsync(channel, {}, copySession(ghost));
        expect(typeof result.ok).toBe('boolean');
      }
    } finally {
      lost.close();
    }
  });
});
