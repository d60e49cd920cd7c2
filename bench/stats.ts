// What the benchmarks share: percentiles of timed samples, a deterministic PRNG, taking turns.

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? 0;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), mean: sum / Math.max(1, sorted.length), max: sorted.at(-1) ?? 0 };
}

/** A small deterministic PRNG (mulberry32): two runs pick the same inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Each way once per input, taking turns (way 1 on set 1's first input, way 2 on set 2's first…):
 * inputs never read before, so their pages come from the OS, alike for every way.
 */
export function onceInTurns<T>(sets: readonly T[][], runs: ((input: T) => unknown)[]): Stats[] {
  const samples: number[][] = runs.map(() => []);
  const length = Math.min(...sets.map((set) => set.length));
  for (let i = 0; i < length; i++) {
    runs.forEach((run, way) => {
      const input = sets[way]?.[i] as T;
      const t0 = performance.now();
      run(input);
      samples[way]?.push(performance.now() - t0);
    });
  }
  return samples.map(stats);
}

/** A duration in ms with as many decimals as it deserves. */
export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
