'use strict';
// async 3 (caolan; CJS UMD bundle: callback-style control flow built from
// closures, onlyOnce/wrapAsync guards, Symbol.toStringTag checks for
// AsyncFunction, a DLL-backed queue with events, setImmediate/nextTick
// deferral): waterfall, series/parallel (arrays and objects), map/each/filter/
// reduce with limits, queue/priorityQueue/cargo with drain/saturated events,
// auto with dependencies, retry, whilst/until, memoize, timeout, reflect,
// async functions mixed with callbacks, and the errors that stop a flow.
const async = require('async');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(112358);
const d = new Digest('async');
const inputs = Array.from({ length: 4000 }, () => Math.floor(rand() * 1000));
// Deferred work whose completion order is fixed by the input, not by time.
const later = (fn) => setImmediate(fn);
function square(n, cb) { later(() => cb(null, n * n)); }
async function half(n) { await null; return n / 2; }

async function main() {
  d.add('waterfall', await async.waterfall([
    (cb) => cb(null, 2, 3),
    (a, b, cb) => later(() => cb(null, a * b)),
    async (x) => x + 1,
    (x, cb) => square(x, cb),
  ]));
  d.add('series', await async.series({ one: (cb) => later(() => cb(null, 1)), two: async () => 2, three: (cb) => cb(null, 3, 'extra') }));
  d.add('parallel', await async.parallel([(cb) => square(7, cb), async () => 'p', (cb) => later(() => cb(null, 'q'))]));
  d.add('parallelLimit', await async.parallelLimit(inputs.slice(0, 40).map((n) => (cb) => square(n, cb)), 3));
  d.add('map', await async.map(inputs, square));
  d.add('mapLimit', await async.mapLimit(inputs, 5, half));
  d.add('mapSeries', await async.mapSeries(inputs.slice(0, 100), async (n) => n % 7));
  d.add('mapValues', await async.mapValuesLimit({ a: 1, b: 2, c: 3 }, 2, (v, k, cb) => cb(null, `${k}${v}`)));
  const seen = [];
  await async.eachOfLimit(inputs.slice(0, 200), 4, (n, i, cb) => { seen.push(i); later(cb); });
  d.add('eachOfLimit', seen);
  d.add('filter', await async.filter(inputs, (n, cb) => later(() => cb(null, n % 3 === 0))));
  d.add('reject', await async.rejectSeries(inputs.slice(0, 50), async (n) => n > 500));
  d.add('reduce', await async.reduce(inputs, 0, (acc, n, cb) => later(() => cb(null, acc + n))));
  d.add('detect', await async.detectLimit(inputs, 2, async (n) => n > 990));
  d.add('some/every', [await async.some(inputs, async (n) => n === inputs[5]), await async.every(inputs, (n, cb) => cb(null, n >= 0))]);
  d.add('concat', await async.concatLimit(inputs.slice(0, 30), 3, (n, cb) => cb(null, [n, -n])));
  d.add('groupBy', await async.groupBy(inputs.slice(0, 60), async (n) => (n % 2 ? 'odd' : 'even')));
  d.add('sortBy', await async.sortBy(inputs.slice(0, 80), (n, cb) => later(() => cb(null, -n))));
  d.add('times', await async.timesLimit(25, 4, (n, cb) => square(n, cb)));

  // auto / autoInject with dependencies.
  d.add('auto', await async.auto({
    config: (cb) => later(() => cb(null, { port: 80 })),
    db: ['config', async (r) => `db@${r.config.port}`],
    cache: ['config', (r, cb) => cb(null, 'cache')],
    server: ['db', 'cache', (r, cb) => later(() => cb(null, `${r.db}+${r.cache}`))],
  }, 2));
  d.add('autoInject', await async.autoInject({ a: (cb) => cb(null, 1), b: (a, cb) => cb(null, a + 1), c: async (a, b) => a + b }));

  // Queues: events and ordering with concurrency.
  const qlog = [];
  const q = async.queue((task, cb) => { qlog.push(`start ${task.id}`); later(() => { qlog.push(`done ${task.id}`); cb(null, task.id * 10); }); }, 3);
  q.saturated(() => qlog.push('saturated'));
  q.unsaturated(() => qlog.push('unsaturated'));
  q.empty(() => qlog.push('empty'));
  for (let i = 0; i < 30; i++) q.push({ id: i }, (err, r) => qlog.push(`cb ${i}=${r}`));
  q.unshift({ id: 99 });
  await q.drain();
  d.add('queue', [qlog, q.idle(), q.length(), q.running()]);
  const pq = async.priorityQueue((task, cb) => { qlog.push(`p${task}`); cb(); }, 1);
  pq.pause();
  inputs.slice(0, 40).forEach((n, i) => pq.push(i, n % 10));
  pq.resume();
  await pq.drain();
  d.add('priority', qlog.filter((x) => x[0] === 'p'));
  const batches = [];
  const cargo = async.cargoQueue((tasks, cb) => { batches.push(tasks.length); later(cb); }, 2, 7);
  await cargo.push(inputs.slice(0, 50));
  await cargo.drain();
  d.add('cargo', batches);

  // retry, whilst, until, forever with an error, memoize, timeout, reflect, tryEach.
  let attempts = 0;
  d.add('retry', await async.retry({ times: 5, interval: 0, errorFilter: (e) => e.retryable }, (cb) => { attempts++; if (attempts < 3) { const e = new Error(`try ${attempts}`); e.retryable = true; cb(e); } else cb(null, `ok after ${attempts}`); }));
  let w = 0;
  await async.whilst((cb) => cb(null, w < 50), (cb) => { w++; later(cb); });
  let u = 0;
  await async.until(async () => u >= 20, async () => { u += 3; });
  let f = 0;
  const foreverErr = await new Promise((resolve) => async.forever((next) => { f++; if (f === 10) next(new Error('stop forever')); else later(next); }, resolve));
  d.add('loops', [w, u, f, foreverErr.message]);
  let memoCalls = 0;
  const slowSquare = async.memoize((n, cb) => { memoCalls++; square(n, cb); });
  d.add('memoize', [await new Promise((r) => slowSquare(12, (e, v) => r(v))), await new Promise((r) => slowSquare(12, (e, v) => r(v))), memoCalls]);
  const timed = async.timeout((cb) => { /* never calls back */ }, 5, { info: 'x' });
  const timeoutErr = await new Promise((r) => timed((e) => r(e)));
  d.add('timeout', [timeoutErr.code, timeoutErr.message, timeoutErr.info]);
  d.add('reflect', await async.parallel([async.reflect((cb) => cb(new Error('r1'))), async.reflect((cb) => cb(null, 'fine'))]).then((rs) => rs.map((r) => (r.error ? r.error.message : r.value))));
  d.add('tryEach', await async.tryEach([(cb) => cb(new Error('first fails')), (cb) => cb(null, 'second ok')]));
  d.add('applyEach', await new Promise((r) => async.applyEach([(x, cb) => cb(null, x + 1), (x, cb) => cb(null, x * 2)], 10)((e, res) => r(res))));
  const composed = async.compose(async (x) => x * 3, (x, cb) => cb(null, x + 1));
  const seq = async.seq((x, cb) => cb(null, x + 1), async (x) => x * 3);
  d.add('compose/seq', [await composed(4), await seq(4)]);
  d.add('asyncify', await new Promise((r) => async.asyncify((x) => JSON.parse(x))('{"a":1}', (e, v) => r(v))));
  console.log(`queue steps=${qlog.length} attempts=${attempts} loops=${w},${u},${f}`);

  // Errors: an error in the middle of a waterfall stops it; in eachLimit; a callback called twice.
  const errors = [];
  const frames = [];
  class StepError extends Error { constructor(m) { super(m); this.name = 'StepError'; } }
  const flows = [
    () => async.waterfall([(cb) => cb(null, 1), function failing(x, cb) { cb(new StepError(`step failed with ${x}`)); }, (cb) => cb(null, 'never')]),
    () => async.eachLimit(inputs, 3, async (n) => { if (n === inputs[17]) throw new TypeError(`bad item ${n}`); }),
    () => async.auto({ a: (cb) => cb(null, 1), b: ['missing', (r, cb) => cb(null, 2)] }),
    () => new Promise((resolve, reject) => { try { async.series([(cb) => { cb(); cb(); }], (e) => resolve(e ? e.message : 'done')); } catch (e) { reject(e); } }),
    () => async.mapLimit(inputs, 0, square).then(() => 'zero limit ok'),
    () => async.asyncify(() => { throw new SyntaxError('sync throw inside asyncify'); })(),
  ];
  for (const flow of flows) {
    try {
      errors.push(String(await flow()));
    } catch (e) {
      errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ inputs: inputs.length, attempts, memoCalls });
  printStackLines(frames);
}
main();
