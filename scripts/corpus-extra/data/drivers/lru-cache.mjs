// lru-cache 11 (ESM, a minified single-file class with #private fields and
// methods, typed-array linked lists, getters, generators for entries/keys,
// async fetch() with AbortController, memo()): seeded get/set/delete traffic
// with max, maxSize + sizeCalculation, TTL on an injected clock (perf option:
// no real time), dispose/onInsert callbacks, stale-while-revalidate fetches,
// dump/load, and the errors thrown for bad options and failing fetches.
import { LRUCache } from 'lru-cache';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1618);
const d = new Digest('lru-cache');

let now = 1000;
const perf = { now: () => now };
const disposed = [];
const cache = new LRUCache({
  max: 500,
  maxSize: 20000,
  sizeCalculation: (v, k) => 1 + String(v).length + k.length,
  ttl: 5000,
  ttlResolution: 0,
  updateAgeOnGet: true,
  allowStale: false,
  perf,
  dispose: (v, k, reason) => { if (disposed.length < 2000) disposed.push(`${k}:${reason}`); },
});
let hits = 0;
let misses = 0;
for (let i = 0; i < 300000; i++) {
  now += Math.floor(rand() * 3);
  const k = `k${Math.floor(rand() * 900)}`;
  const r = rand();
  if (r < 0.55) {
    if (cache.get(k) === undefined) misses++;
    else hits++;
  } else if (r < 0.9) {
    cache.set(k, 'v'.repeat(Math.floor(rand() * 40)) + i, { ttl: r < 0.6 ? 200 : undefined });
  } else if (r < 0.95) {
    cache.delete(k);
  } else {
    cache.has(k, { updateAgeOnHas: true });
  }
  if (i % 25000 === 0) d.add(`state:${i}`, { size: cache.size, calc: cache.calculatedSize, first: [...cache.keys()].slice(0, 5), rem: cache.getRemainingTTL(k) });
}
d.add('disposed', disposed);
d.add('entries', [...cache.entries()].slice(0, 100));
d.add('rentries', [...cache.rentries()].slice(0, 50).map(([k]) => k));
// dump() and info() stamp entries with Date.now(): leave `start` out of the digest.
const noStart = ([k, { start, ...rest }]) => [k, rest];
d.add('dump', cache.dump().slice(0, 50).map(noStart));
const copy = new LRUCache({ max: 500, maxSize: 20000, perf });
copy.load(cache.dump().map(noStart)); // no wall-clock start: TTLs restart on the injected clock
d.add('loaded', [copy.size, [...copy.keys()].slice(0, 10)]);
d.add('info', noStart(['i', cache.info([...cache.keys()][0])]));
d.add('peek', [cache.peek('k1'), cache.pop()]);
cache.purgeStale();
d.add('purged', [cache.size, cache.calculatedSize]);
d.add('tag', [Object.prototype.toString.call(cache), cache.max, cache.maxSize, cache.ttl]);
console.log(`hits=${hits} misses=${misses} size=${cache.size}`);

// fetch(): async fetchMethod, stale-while-revalidate, abort, and fetch errors.
let fetches = 0;
const fc = new LRUCache({
  max: 50,
  ttl: 100,
  perf,
  allowStale: true,
  allowStaleOnFetchRejection: true,
  noDeleteOnFetchRejection: true,
  fetchMethod: async (key, stale, { signal, context }) => {
    fetches++;
    await new Promise((r) => setImmediate(r));
    if (signal.aborted) throw new Error('aborted');
    if (key === 'boom') throw new RangeError(`cannot fetch ${key}`);
    return `${key}@${context ?? 'none'}#${fetches}${stale ? ` (was ${stale})` : ''}`;
  },
});
const fetched = [];
for (let i = 0; i < 200; i++) {
  now += 7;
  const k = `f${i % 23}`;
  fetched.push(await fc.fetch(k, { context: i % 2 ? 'odd' : 'even' }));
}
d.add('fetched', fetched);
const status = {};
await fc.fetch('f1', { status });
d.add('fetchStatus', status);
const forced = await fc.fetch('f2', { forceRefresh: true });
d.add('forced', forced);

// memo()
const mc = new LRUCache({ max: 20, memoMethod: (k, stale, { context }) => `${k.toUpperCase()}:${context}` });
d.add('memo', [mc.memo('abc', { context: 1 }), mc.memo('abc', { context: 2 }), mc.memo('xyz', { context: 3 })]);

// Errors.
const errors = [];
const frames = [];
for (const bad of [
  () => new LRUCache({}),
  () => new LRUCache({ max: -1 }),
  () => new LRUCache({ maxSize: 10 }),
  () => new LRUCache({ max: 2, maxSize: 5 }).set('a', 'b'),
  () => new LRUCache({ max: 2, fetchMethod: 'nope' }),
  () => new LRUCache({ max: 2 }).memo('x'),
]) {
  try {
    const r = bad();
    errors.push(`ok ${typeof r}`);
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  const strict = new LRUCache({ max: 5, fetchMethod: async (k) => { throw new RangeError(`cannot fetch ${k}`); } });
  await strict.fetch('boom');
} catch (e) {
  errors.push(`${e.constructor.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
const ac = new AbortController();
const pending = fc.fetch('slow-abort', { signal: ac.signal });
ac.abort(new Error('caller gave up'));
try {
  errors.push(String(await pending));
} catch (e) {
  errors.push(`abort: ${e.message}`);
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ hits, misses, fetches });
printStackLines(frames);
