// Exact counts and timing aggregates per function, caller→callee edge and call site: kept for every
// call, detailed or not, in typed arrays that grow with the number of registered functions.
import type { Aggregates, EdgeAggregate, FunctionAggregate, SiteAggregate } from '../spool/format.js';

export const HISTOGRAM_BUCKETS = 48;

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

export class AggregateTables {
  count = new Uint32Array(0);
  detailed = new Uint32Array(0);
  total = new Float64Array(0);
  min = new Float64Array(0);
  max = new Float64Array(0);
  histogram = new Uint32Array(0);
  siteCount = new Uint32Array(0);
  siteTotal = new Float64Array(0);
  /** caller * 2^22 + callee → index into edge arrays. */
  private readonly edgeIndex = new Map<number, number>();
  edgeCaller = new Uint32Array(0);
  edgeCallee = new Uint32Array(0);
  edgeCount = new Uint32Array(0);
  edgeTotal = new Float64Array(0);
  edges = 0;
  sampledOut = 0;

  ensureFunctions(n: number): void {
    const before = this.min.length;
    this.count = grow(this.count, n, (k) => new Uint32Array(k));
    this.detailed = grow(this.detailed, n, (k) => new Uint32Array(k));
    this.total = grow(this.total, n, (k) => new Float64Array(k));
    this.max = grow(this.max, n, (k) => new Float64Array(k));
    this.min = grow(this.min, n, (k) => new Float64Array(k));
    if (this.min.length > before) this.min.fill(Infinity, before);
    this.histogram = grow(this.histogram, n * HISTOGRAM_BUCKETS, (k) => new Uint32Array(k));
  }

  ensureSites(n: number): void {
    this.siteCount = grow(this.siteCount, n, (k) => new Uint32Array(k));
    this.siteTotal = grow(this.siteTotal, n, (k) => new Float64Array(k));
  }

  /** Index of the caller→callee edge (caller 0: a root call; function ids start at 1). */
  edge(caller: number, callee: number): number {
    const key = caller * 4194304 + callee;
    let index = this.edgeIndex.get(key);
    if (index === undefined) {
      index = this.edges++;
      this.edgeCaller = grow(this.edgeCaller, this.edges, (k) => new Uint32Array(k));
      this.edgeCallee = grow(this.edgeCallee, this.edges, (k) => new Uint32Array(k));
      this.edgeCount = grow(this.edgeCount, this.edges, (k) => new Uint32Array(k));
      this.edgeTotal = grow(this.edgeTotal, this.edges, (k) => new Float64Array(k));
      this.edgeCaller[index] = caller;
      this.edgeCallee[index] = callee;
      this.edgeIndex.set(key, index);
    }
    return index;
  }

  snapshot(functionCount: number, siteCount: number, droppedEvents: number): Aggregates {
    const functions: FunctionAggregate[] = [];
    for (let id = 0; id < functionCount; id++) {
      const count = this.count[id]!;
      if (count === 0) continue;
      const histogram = Array.from(this.histogram.subarray(id * HISTOGRAM_BUCKETS, (id + 1) * HISTOGRAM_BUCKETS));
      let last = histogram.length;
      while (last > 0 && histogram[last - 1] === 0) last--;
      const finite = this.min[id] !== Infinity;
      functions.push({
        id,
        count,
        detailed: this.detailed[id]!,
        totalNs: this.total[id]!,
        minNs: finite ? this.min[id]! : 0,
        maxNs: this.max[id]!,
        histogram: histogram.slice(0, last),
      });
    }
    const edges: EdgeAggregate[] = [];
    for (let i = 0; i < this.edges; i++) {
      edges.push({
        caller: this.edgeCaller[i]!,
        callee: this.edgeCallee[i]!,
        count: this.edgeCount[i]!,
        totalNs: this.edgeTotal[i]!,
      });
    }
    const sites: SiteAggregate[] = [];
    for (let id = 0; id < siteCount; id++) {
      const count = this.siteCount[id]!;
      if (count > 0) sites.push({ id, count, totalNs: this.siteTotal[id]! });
    }
    return { functions, edges, sites, droppedEvents, sampledOut: this.sampledOut };
  }
}
