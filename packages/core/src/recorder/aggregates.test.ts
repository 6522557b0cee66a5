import { describe, expect, it } from 'vitest';
import { AggregateTables, LARGEST_KEPT, robustTotal } from './aggregates.js';

describe('robustTotal', () => {
  it('is exact when every call was timed, and the plain scaled mean without outliers', () => {
    expect(robustTotal(500, [60, 55, 50, 50], 10, 10)).toBe(500);
    // 10 samples of ~50 ns: nothing is 16 times their mean, so the mean times the count
    expect(robustTotal(500, [60, 55, 50, 50], 10, 640)).toBe(32000);
    expect(robustTotal(0, [0, 0, 0, 0], 0, 40)).toBe(0);
  });

  it('adds an outlier once instead of scaling it with the sample (a GC pause in a trivial call)', () => {
    // 19,192 sampled calls of 200 ns, and one of 35.7 ms, standing for 1.2M calls
    const timed = 19_192;
    const count = timed * 64;
    const sum = (timed - 1) * 200 + 35_700_000;
    const plain = (sum / timed) * count;
    const robust = robustTotal(sum, [35_700_000, 200, 200, 200], timed, count);
    expect(plain / 1e6).toBeGreaterThan(2_000); // ms: the outlier scaled 64 times
    // the calls' usual time, 200 ns × 1.2M = 246 ms, plus the outlier once
    expect(robust / 1e6).toBeGreaterThan(246 + 35);
    expect(robust / 1e6).toBeLessThan(246 + 37);
  });

  it('folds up to LARGEST_KEPT - 1 outliers, each once', () => {
    const sum = 997 * 100 + 3 * 1_000_000;
    const robust = robustTotal(sum, [1_000_000, 1_000_000, 1_000_000, 100], 1000, 64_000);
    // 997 usual calls' mean (100 ns) for the scaled part, capped outliers 16 × the mean
    expect(robust).toBeGreaterThan(3 * 1_000_000);
    expect(robust).toBeLessThan(3 * 1_000_000 + 64_000 * 100 * 1.1);
  });

  it('keeps a slow path that is common in the sample: the sample is its estimate', () => {
    // 1 call in 10 takes 100 µs, the others 1 µs: the longest kept are not outliers of the sample's mean
    const timed = 1000;
    const sum = 900 * 1_000 + 100 * 100_000;
    const robust = robustTotal(sum, [100_000, 100_000, 100_000, 100_000], timed, timed * 64);
    expect(robust).toBeCloseTo((sum / timed) * timed * 64, 0);
  });
});

describe('AggregateTables: timed calls', () => {
  it('keeps the longest sampled durations of each function, longest first', () => {
    const tables = new AggregateTables();
    tables.ensureFunctions(4);
    for (const d of [5, 9, 1, 7, 3, 11, 2]) tables.timedCall(2, d, false, false);
    tables.timedCall(3, 4, false, false);
    // measured calls are summed, not a sample: not kept
    tables.timedCall(3, 40, true, false);
    expect(Array.from(tables.largest.subarray(2 * LARGEST_KEPT, 3 * LARGEST_KEPT))).toEqual([11, 9, 7, 5]);
    expect(Array.from(tables.largest.subarray(3 * LARGEST_KEPT, 4 * LARGEST_KEPT))).toEqual([4, 0, 0, 0]);
  });

  it("counts a function's calls from its edges (the recorder's short path counts only the edge)", () => {
    const tables = new AggregateTables();
    tables.ensureFunctions(3);
    const [caller, callee] = [1, 2];
    const edges = [tables.edge(0, callee), tables.edge(caller, callee), tables.edge(0, caller)];
    tables.count[callee] = 1_000;
    [1_500, 2_500, 1].forEach((n, i) => (tables.edgeCount[edges[i]!] = n));
    const { functions } = tables.snapshot(3, 0, 0);
    expect(functions.map((f) => [f.id, f.count])).toEqual([
      [caller, 1],
      [callee, 4_000],
    ]);
  });

  it('takes an outlier out of the function total and its edges in the snapshot', () => {
    const tables = new AggregateTables();
    tables.ensureFunctions(2);
    const fn = 1;
    const edge = tables.edge(0, fn);
    tables.count[fn] = 64_000;
    tables.edgeCount[edge] = 64_000;
    for (let i = 0; i < 1000; i++) {
      const d = i === 500 ? 10_000_000 : 100;
      tables.timed[fn]!++;
      tables.timedCall(fn, d, false, false);
      tables.timedEdge(edge, d, false, false);
    }
    const snapshot = tables.snapshot(2, 0, 0);
    const total = snapshot.functions[0]!.totalNs;
    expect(total).toBeGreaterThan(10_000_000 + 63_000 * 100);
    expect(total).toBeLessThan(10_000_000 + 66_000 * 100);
    expect(snapshot.edges[0]!.totalNs).toBeCloseTo(total, -3);
    // no nested call: the same, so not written
    expect(snapshot.functions[0]!.withNestedNs).toBeUndefined();
    expect(snapshot.edges[0]!.withNestedNs).toBeUndefined();
    expect(snapshot.nestedTimes).toBe(true);
  });

  it('sums measured calls apart from the sample, for functions and edges alike', () => {
    // a recursive callee: its 100 outermost calls (measured, 1 ms) and 6,400 nested ones (1 µs, 1 in 64 timed)
    const tables = new AggregateTables();
    tables.ensureFunctions(3);
    const [caller, callee] = [1, 2];
    const edge = tables.edge(caller, callee);
    tables.count[callee] = 6_500;
    tables.edgeCount[edge] = 6_500;
    for (let i = 0; i < 100; i++) {
      tables.timed[callee]!++;
      tables.measuredCalls[callee]!++;
      tables.timedCall(callee, 1_000_000, true, false);
      tables.timedEdge(edge, 1_000_000, true, false);
    }
    for (let i = 0; i < 100; i++) {
      tables.timed[callee]!++;
      tables.timedCall(callee, 1_000, false, true);
      tables.timedEdge(edge, 1_000, false, true);
    }
    const snapshot = tables.snapshot(3, 0, 0);
    const fn = snapshot.functions.find((f) => f.id === callee)!;
    // the outermost calls' time: the nested ones are inside it
    expect(fn.totalNs).toBe(100_000_000);
    expect(snapshot.edges[0]!.totalNs).toBe(100_000_000);
    // with the nested calls: 6,400 × 1 µs more, from the sample
    expect(fn.withNestedNs).toBeCloseTo(106_400_000, -3);
    expect(snapshot.edges[0]!.withNestedNs).toBeCloseTo(106_400_000, -3);
  });

  it('takes an outlier of the nested calls out of the estimate with them', () => {
    const tables = new AggregateTables();
    tables.ensureFunctions(2);
    const fn = 1;
    const edge = tables.edge(fn, fn);
    tables.count[fn] = 64_000;
    tables.edgeCount[edge] = 64_000;
    for (let i = 0; i < 1000; i++) {
      const d = i === 500 ? 10_000_000 : 100;
      tables.timed[fn]!++;
      tables.timedCall(fn, d, false, true);
      tables.timedEdge(edge, d, false, true);
    }
    const snapshot = tables.snapshot(2, 0, 0);
    const withNested = snapshot.functions[0]!.withNestedNs!;
    expect(withNested).toBeGreaterThan(10_000_000 + 63_000 * 100);
    expect(withNested).toBeLessThan(10_000_000 + 66_000 * 100);
    expect(snapshot.edges[0]!.withNestedNs).toBeCloseTo(withNested, -3);
  });
});
