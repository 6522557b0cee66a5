// Duration histograms in the spool format's buckets (bucket i: [2^i, 2^(i+1)) ns), so that the ones
// built at ingest and the runtime's Aggregates read the same way.

export function bucketOf(ns: number): number {
  if (ns < 2) return 0;
  // Below 2^32, the highest set bit, exact and ~10x cheaper than a logarithm (called once per call).
  if (ns < 4294967296) return 31 - Math.clz32(ns);
  return Math.min(63, Math.floor(Math.log2(ns)));
}

/** The upper bound (ns) of the bucket holding the q-quantile. */
export function quantileOf(histogram: readonly number[], q: number): number | null {
  let total = 0;
  for (const n of histogram) total += n;
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return 2 ** (i + 1);
  }
  return 2 ** histogram.length;
}

export function trimHistogram(histogram: readonly number[]): number[] {
  let end = histogram.length;
  while (end > 0 && histogram[end - 1] === 0) end--;
  return histogram.slice(0, end);
}
