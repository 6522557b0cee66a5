import { describe, expect, it } from 'vitest';
import { bucketOf } from './duration-histogram.js';

/** The definition (and what bucketOf computed before it took the highest set bit below 2^32). */
const byLogarithm = (ns: number) => (ns < 2 ? 0 : Math.min(63, Math.floor(Math.log2(ns))));

describe('bucketOf', () => {
  it('puts [2^i, 2^(i+1)) ns in bucket i, at both edges of every bucket and for fractions', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1.9)).toBe(0);
    for (let i = 1; i < 63; i++) {
      expect(bucketOf(2 ** i)).toBe(i);
      expect(bucketOf(2 ** i + 0.5)).toBe(i);
      if (i < 32) expect(bucketOf(2 ** (i + 1) - 1)).toBe(i);
    }
    expect(bucketOf(2 ** 70)).toBe(63);
  });

  it('agrees with the logarithm for every kind of duration', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let n = 0; n < 100_000; n++) {
      const ns = Math.floor(2 ** (random() * 40));
      expect(bucketOf(ns)).toBe(byLogarithm(ns));
    }
  });
});
