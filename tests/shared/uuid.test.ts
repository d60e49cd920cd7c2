import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/uuid';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const timeOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version 7, variant 10, the time in the first 48 bits', () => {
    const id = uuidv7(Date.UTC(2026, 10, 24, 12, 0, 0, 123));
    expect(id).toMatch(UUID_V7);
    expect(timeOf(id)).toBe(Date.UTC(2026, 10, 24, 12, 0, 0, 123));
    expect(uuidv7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidv7(2 ** 48 - 1, new Uint8Array(10).fill(255))).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff');
  });

  it('is different every time within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });

  it('sorts by creation time (property)', () => {
    const time = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    fc.assert(
      fc.property(time, time, (a, b) => {
        fc.pre(a !== b);
        const [early, late] = a < b ? [a, b] : [b, a];
        const first = uuidv7(early);
        const second = uuidv7(late);
        expect(first).toMatch(UUID_V7);
        expect(timeOf(first)).toBe(early);
        expect(first < second).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('uuidv7 within one millisecond', () => {
  it('counts up: ids made one after the other sort in the order made (payments read back in the order paid)', () => {
    const at = 1_800_000_000_000;
    const ids = Array.from({ length: 500 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});
