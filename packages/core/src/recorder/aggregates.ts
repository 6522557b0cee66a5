// Exact counts and timing aggregates per function, caller→callee edge and call site: kept for every
// call, detailed or not, in typed arrays that grow with the number of registered functions.
import type { Aggregates, EdgeAggregate, FunctionAggregate, SiteAggregate } from '../spool/format.js';

export const HISTOGRAM_BUCKETS = 48;
/** How many of a function's longest sampled durations are kept, to tell an outlier from its calls' time. */
export const LARGEST_KEPT = 4;
/**
 * A sampled duration more than this many times the other sampled calls' mean is an outlier: added to
 * the total once, as measured, instead of scaled with the sample (see robustTotal).
 */
export const OUTLIER_RATIO = 16;

function grow<T extends Float64Array | Uint32Array>(array: T, length: number, make: (n: number) => T): T {
  if (array.length >= length) return array;
  let size = Math.max(64, array.length);
  while (size < length) size *= 2;
  const next = make(size);
  next.set(array);
  return next;
}

/** Bucket i holds durations in [2^i, 2^(i+1)) ns; bucket 0 also holds < 2 ns. */
export function durationBucket(ns: number): number {
  if (ns < 2) return 0;
  if (ns < 4294967296) return 31 - Math.clz32(ns);
  const high = 63 - Math.clz32(ns / 4294967296);
  return high < HISTOGRAM_BUCKETS ? high : HISTOGRAM_BUCKETS - 1;
}

function edgeHash(caller: number, callee: number): number {
  return (Math.imul(caller, 0x9e3779b1) ^ Math.imul(callee, 0x85ebca6b)) >>> 0;
}

export class AggregateTables {
  /**
   * Calls that took the recorder's full path: every call up to the detail cap, all its decisions need.
   * A call on its short path (only counted) counts on its edge alone, and the snapshot's count of a
   * function is its edges' sum (every call has one): one increment less per counted call.
   */
  count = new Uint32Array(0);
  /** Calls whose duration was measured: every detailed call, a random sample of the others. */
  timed = new Uint32Array(0);
  detailed = new Uint32Array(0);
  /**
   * Calls timed because of what they are, not by chance: the ones recorded in detail from their start
   * (a function's first calls), the first ones past the detail cap, the outermost calls of a recursive
   * function and its first nested ones (recorder.ts, MEASURED_*). Their time is summed,
   * not estimated: they are no random sample (a recursive function's first calls are mostly nested
   * ones, and its outermost calls, rare and long, made the scaled estimate swing several times over).
   */
  measuredCalls = new Uint32Array(0);
  measuredTotal = new Float64Array(0);
  /**
   * The durations of the timed calls again, nested ones included (a recursive call inside one of the
   * same function, directly or through others), measured and sampled apart as above. The totals leave
   * nested calls out (their time is inside the outermost call's); a function's self time needs them:
   * its calls' durations less its callees' (edgeWithNested), whatever else ran between them. Without,
   * in A → B → A → B, B's self time kept the nested A's.
   */
  measuredWithNested = new Float64Array(0);
  sampledWithNested = new Float64Array(0);
  /** The time of the other timed calls (a random sample of the rest: see TIMING_SAMPLE_MEAN). */
  total = new Float64Array(0);
  /** The LARGEST_KEPT longest of the durations summed in `total`, per function, longest first (0: none). */
  largest = new Float64Array(0);
  /** `largest` of the durations summed in sampledWithNested. */
  largestWithNested = new Float64Array(0);
  min = new Float64Array(0);
  max = new Float64Array(0);
  histogram = new Uint32Array(0);
  /**
   * Async functions and generators: the time their timed calls spent suspended at await/yield, which
   * the totals above leave out (they are time on the thread), and the longest elapsed time (start to
   * settle or finish) of those that suspended. A call's elapsed time is its duration plus its wait.
   */
  waitedTotal = new Float64Array(0);
  elapsedMax = new Float64Array(0);
  siteCount = new Uint32Array(0);
  siteTotal = new Float64Array(0);
  /** Untraced calls whose duration was measured (all the detailed ones, then a random sample). */
  siteTimed = new Uint32Array(0);
  // caller→callee → edge index: open addressing over typed arrays (a Map keyed by caller * 2^22 +
  // callee boxed every key as a heap number, and busy programs look edges up millions of times).
  private slotCaller = new Uint32Array(1024);
  private slotCallee = new Uint32Array(1024);
  /** Edge index + 1; 0 marks an empty slot. */
  private slotEdge = new Uint32Array(1024);
  edgeCaller = new Uint32Array(0);
  edgeCallee = new Uint32Array(0);
  edgeCount = new Uint32Array(0);
  edgeTimed = new Uint32Array(0);
  /** The time of the edge's sampled calls (timed at random), nested ones left out as in `total`. */
  edgeTotal = new Float64Array(0);
  /** edgeTotal with the nested calls' time too (see measuredWithNested). */
  edgeWithNested = new Float64Array(0);
  /**
   * The edge's calls timed because of what they are (see measuredCalls), and their time, summed apart
   * from the sampled ones': mixed in one mean, a recursive callee's always-timed outermost calls (long)
   * stood for its nested ones (short, 1 in 64 timed), and its edge's total came to several times its own.
   */
  edgeMeasured = new Uint32Array(0);
  edgeMeasuredTotal = new Float64Array(0);
  edgeMeasuredWithNested = new Float64Array(0);
  edges = 0;
  sampledOut = 0;

  ensureFunctions(n: number): void {
    const before = this.min.length;
    this.count = grow(this.count, n, (k) => new Uint32Array(k));
    this.timed = grow(this.timed, n, (k) => new Uint32Array(k));
    this.detailed = grow(this.detailed, n, (k) => new Uint32Array(k));
    this.measuredCalls = grow(this.measuredCalls, n, (k) => new Uint32Array(k));
    this.measuredTotal = grow(this.measuredTotal, n, (k) => new Float64Array(k));
    this.measuredWithNested = grow(this.measuredWithNested, n, (k) => new Float64Array(k));
    this.sampledWithNested = grow(this.sampledWithNested, n, (k) => new Float64Array(k));
    this.total = grow(this.total, n, (k) => new Float64Array(k));
    this.largest = grow(this.largest, n * LARGEST_KEPT, (k) => new Float64Array(k));
    this.largestWithNested = grow(this.largestWithNested, n * LARGEST_KEPT, (k) => new Float64Array(k));
    this.max = grow(this.max, n, (k) => new Float64Array(k));
    this.min = grow(this.min, n, (k) => new Float64Array(k));
    if (this.min.length > before) this.min.fill(Infinity, before);
    this.histogram = grow(this.histogram, n * HISTOGRAM_BUCKETS, (k) => new Uint32Array(k));
    this.waitedTotal = grow(this.waitedTotal, n, (k) => new Float64Array(k));
    this.elapsedMax = grow(this.elapsedMax, n, (k) => new Float64Array(k));
  }

  /**
   * A timed call's duration (time on the thread), `measured`: timed because of what it is (else one of the
   * random sample); `nested`: inside a call of the same function (its time is in that call's already).
   */
  timedCall(fn: number, duration: number, measured: boolean, nested: boolean): void {
    if (measured) {
      this.measuredWithNested[fn]! += duration;
      if (!nested) this.measuredTotal[fn]! += duration;
    } else {
      this.sampledWithNested[fn]! += duration;
      keepLargest(this.largestWithNested, fn, duration);
      if (!nested) {
        this.total[fn]! += duration;
        keepLargest(this.largest, fn, duration);
      }
    }
  }

  /** The time a timed call ran inside its caller (`measured`, `nested`: as in timedCall). */
  timedEdge(edge: number, ns: number, measured: boolean, nested: boolean): void {
    this.edgeTimed[edge]!++;
    if (measured) {
      this.edgeMeasured[edge]!++;
      this.edgeMeasuredWithNested[edge]! += ns;
      if (!nested) this.edgeMeasuredTotal[edge]! += ns;
    } else {
      this.edgeWithNested[edge]! += ns;
      if (!nested) this.edgeTotal[edge]! += ns;
    }
  }

  /** A timed call that suspended ended: it waited `waitedNs` of its `elapsedNs` (start to settle or finish). */
  suspended(fn: number, waitedNs: number, elapsedNs: number): void {
    this.waitedTotal[fn]! += waitedNs;
    if (elapsedNs > this.elapsedMax[fn]!) this.elapsedMax[fn] = elapsedNs;
  }

  ensureSites(n: number): void {
    this.siteCount = grow(this.siteCount, n, (k) => new Uint32Array(k));
    this.siteTotal = grow(this.siteTotal, n, (k) => new Float64Array(k));
    this.siteTimed = grow(this.siteTimed, n, (k) => new Uint32Array(k));
  }

  /** Index of the caller→callee edge (caller 0: a root call; function ids start at 1). */
  edge(caller: number, callee: number): number {
    const mask = this.slotEdge.length - 1;
    let slot = edgeHash(caller, callee) & mask;
    for (;;) {
      const found = this.slotEdge[slot]!;
      if (found === 0) break;
      if (this.slotCaller[slot] === caller && this.slotCallee[slot] === callee) return found - 1;
      slot = (slot + 1) & mask;
    }
    const index = this.edges++;
    {
      this.edgeCaller = grow(this.edgeCaller, this.edges, (k) => new Uint32Array(k));
      this.edgeCallee = grow(this.edgeCallee, this.edges, (k) => new Uint32Array(k));
      this.edgeCount = grow(this.edgeCount, this.edges, (k) => new Uint32Array(k));
      this.edgeTimed = grow(this.edgeTimed, this.edges, (k) => new Uint32Array(k));
      this.edgeTotal = grow(this.edgeTotal, this.edges, (k) => new Float64Array(k));
      this.edgeWithNested = grow(this.edgeWithNested, this.edges, (k) => new Float64Array(k));
      this.edgeMeasured = grow(this.edgeMeasured, this.edges, (k) => new Uint32Array(k));
      this.edgeMeasuredTotal = grow(this.edgeMeasuredTotal, this.edges, (k) => new Float64Array(k));
      this.edgeMeasuredWithNested = grow(this.edgeMeasuredWithNested, this.edges, (k) => new Float64Array(k));
      this.edgeCaller[index] = caller;
      this.edgeCallee[index] = callee;
    }
    this.slotCaller[slot] = caller;
    this.slotCallee[slot] = callee;
    this.slotEdge[slot] = index + 1;
    if (this.edges * 2 > this.slotEdge.length) this.rehash();
    return index;
  }

  /** Doubles the edge table (kept at most half full, so probe sequences stay short). */
  private rehash(): void {
    const size = this.slotEdge.length * 2;
    const mask = size - 1;
    this.slotCaller = new Uint32Array(size);
    this.slotCallee = new Uint32Array(size);
    this.slotEdge = new Uint32Array(size);
    for (let index = 0; index < this.edges; index++) {
      const caller = this.edgeCaller[index]!;
      const callee = this.edgeCallee[index]!;
      let slot = edgeHash(caller, callee) & mask;
      while (this.slotEdge[slot] !== 0) slot = (slot + 1) & mask;
      this.slotCaller[slot] = caller;
      this.slotCallee[slot] = callee;
      this.slotEdge[slot] = index + 1;
    }
  }

  snapshot(functionCount: number, siteCount: number, droppedEvents: number): Aggregates {
    const functions: FunctionAggregate[] = [];
    const outlierScale = new Map<number, number>();
    const outlierScaleWithNested = new Map<number, number>();
    const calls = new Float64Array(functionCount);
    for (let i = 0; i < this.edges; i++) calls[this.edgeCallee[i]!]! += this.edgeCount[i]!;
    for (let id = 0; id < functionCount; id++) {
      const count = calls[id]!;
      if (count === 0) continue;
      const histogram = Array.from(this.histogram.subarray(id * HISTOGRAM_BUCKETS, (id + 1) * HISTOGRAM_BUCKETS));
      let last = histogram.length;
      while (last > 0 && histogram[last - 1] === 0) last--;
      const finite = this.min[id] !== Infinity;
      const timed = this.timed[id]!;
      const sampledTimed = timed - this.measuredCalls[id]!;
      const sampledCount = count - this.measuredCalls[id]!;
      const sampled = sampledEstimate(this.total[id]!, largestOf(this.largest, id), sampledTimed, sampledCount);
      const sampledWithNested = sampledEstimate(this.sampledWithNested[id]!, largestOf(this.largestWithNested, id), sampledTimed, sampledCount);
      // The callee's corrections, applied to its edges' estimates (the outlier ran inside one of them)
      if (sampled.outlierScale < 1) outlierScale.set(id, sampled.outlierScale);
      if (sampledWithNested.outlierScale < 1) outlierScaleWithNested.set(id, sampledWithNested.outlierScale);
      const totalNs = this.measuredTotal[id]! + sampled.ns;
      const withNestedNs = this.measuredWithNested[id]! + sampledWithNested.ns;
      const aggregate: FunctionAggregate = {
        id,
        count,
        detailed: this.detailed[id]!,
        timed,
        totalNs,
        minNs: finite ? this.min[id]! : 0,
        maxNs: this.max[id]!,
        histogram: histogram.slice(0, last),
      };
      if (withNestedNs !== totalNs) aggregate.withNestedNs = withNestedNs;
      if (this.elapsedMax[id]! > 0) {
        aggregate.waitedNs = this.waitedTotal[id]!;
        aggregate.elapsedMaxNs = this.elapsedMax[id]!;
      }
      functions.push(aggregate);
    }
    const edges: EdgeAggregate[] = [];
    for (let i = 0; i < this.edges; i++) {
      const callee = this.edgeCallee[i]!;
      const timed = this.edgeTimed[i]!;
      const count = this.edgeCount[i]!;
      const measured = this.edgeMeasured[i]!;
      const sampledTimed = timed - measured;
      const sampledCount = count - measured;
      const scaled = sampledTimed < sampledCount;
      const totalNs = this.edgeMeasuredTotal[i]! + estimatedTotal(this.edgeTotal[i]!, sampledTimed, sampledCount) * (scaled ? (outlierScale.get(callee) ?? 1) : 1);
      const withNestedNs =
        this.edgeMeasuredWithNested[i]! + estimatedTotal(this.edgeWithNested[i]!, sampledTimed, sampledCount) * (scaled ? (outlierScaleWithNested.get(callee) ?? 1) : 1);
      const edge: EdgeAggregate = { caller: this.edgeCaller[i]!, callee, count, timed, totalNs };
      if (withNestedNs !== totalNs) edge.withNestedNs = withNestedNs;
      edges.push(edge);
    }
    const sites: SiteAggregate[] = [];
    for (let id = 0; id < siteCount; id++) {
      const count = this.siteCount[id]!;
      const timed = this.siteTimed[id]!;
      if (count > 0) sites.push({ id, count, timed, totalNs: estimatedTotal(this.siteTotal[id]!, timed, count) });
    }
    return { functions, edges, sites, droppedEvents, sampledOut: this.sampledOut, nestedTimes: true };
  }
}

/** Function `fn`'s LARGEST_KEPT longest durations in `largest`. */
function largestOf(largest: Float64Array, fn: number): Float64Array {
  return largest.subarray(fn * LARGEST_KEPT, (fn + 1) * LARGEST_KEPT);
}

/**
 * robustTotal of a function's sampled calls, and the factor by which it brought the plain scaled
 * estimate down (1: none), for the estimates of the function's edges.
 */
function sampledEstimate(sum: number, largest: ArrayLike<number>, timed: number, count: number): { ns: number; outlierScale: number } {
  const ns = robustTotal(sum, largest, timed, count);
  const scaled = estimatedTotal(sum, timed, count);
  return { ns, outlierScale: scaled > 0 && ns < scaled ? ns / scaled : 1 };
}

/** Keeps `duration` among function `fn`'s LARGEST_KEPT longest in `largest` (longest first). */
function keepLargest(largest: Float64Array, fn: number, duration: number): void {
  const base = fn * LARGEST_KEPT;
  if (duration <= largest[base + LARGEST_KEPT - 1]!) return;
  let i = base + LARGEST_KEPT - 1;
  while (i > base && largest[i - 1]! < duration) {
    largest[i] = largest[i - 1]!;
    i--;
  }
  largest[i] = duration;
}

/**
 * The total duration of `count` calls of which `timed` were measured (summing to `measured` ns): the
 * measured mean times the exact count. Exact when every call was timed.
 */
export function estimatedTotal(measured: number, timed: number, count: number): number {
  if (timed >= count) return measured;
  if (timed === 0) return 0;
  return (measured / timed) * count;
}

/**
 * estimatedTotal of a function's sampled calls, robust to an outlier: a sampled call that a GC pause or
 * a timer's callback landed in (js-yaml's isEol: one call of 35.7 ms among 19,192 timed calls of ~0.2
 * µs, scaled by 64 to a 4.3 s total that made it the run's slowest function). Of the sample's
 * `largest` durations (longest first, 0 for none), the ones longer than OUTLIER_RATIO times the other
 * sampled calls' mean (and than the next of them) count once, as measured, and only the rest is
 * scaled: the sample estimates the calls' usual time, and an outlier is one event, not 1 in 64 calls.
 * A real slow path that is not rare fills the sample with its calls, which then are its mean's.
 */
export function robustTotal(sum: number, largest: ArrayLike<number>, timed: number, count: number): number {
  if (timed >= count || timed < 2) return estimatedTotal(sum, timed, count);
  const considered = Math.min(largest.length - 1, timed - 1);
  let top = 0;
  for (let i = 0; i < considered; i++) top += largest[i]!;
  const restMean = (sum - top) / (timed - considered);
  const cap = Math.max(largest[considered]!, restMean * OUTLIER_RATIO);
  let excess = 0;
  for (let i = 0; i < considered; i++) if (largest[i]! > cap) excess += largest[i]! - cap;
  return estimatedTotal(sum - excess, timed, count) + excess;
}
