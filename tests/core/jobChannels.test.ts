import { describe, expect, it } from 'vitest';
import { type Channel, contract } from '../../src/shared/contract';
import { JOB_CHANNELS } from '../../src/shared/contract/names';

/** The keys of a channel's input object (through refinements and pipes), or none. */
function inputKeys(schema: unknown): string[] {
  let at = schema as { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown; innerType?: unknown } } } | undefined;
  for (let depth = 0; at && depth < 5; depth++) {
    if (at.shape) return Object.keys(at.shape);
    at = (at._zod?.def?.in ?? at._zod?.def?.innerType) as typeof at;
  }
  return [];
}

describe('JOB_CHANNELS', () => {
  it('lists exactly the channels whose input takes a jobId (the web bridge never times those out)', () => {
    const withJob = (Object.keys(contract) as Channel[]).filter(
      (channel) => !channel.startsWith('job.') && inputKeys(contract[channel].input).includes('jobId'),
    );
    expect(withJob.length).toBeGreaterThan(3);
    expect([...JOB_CHANNELS].sort()).toEqual(withJob.sort());
  });
});
