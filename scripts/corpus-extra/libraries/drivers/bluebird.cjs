'use strict';
// bluebird 3 (CJS; its own scheduler, long stack traces on (it captures and
// rewrites stacks), cancellation off): Promise.map with concurrency, each,
// props, reduce, filter, some/any, settle via reflect, promisify/All, coroutine,
// using/disposer, timeouts and typed catch, then a rejected chain's error.
const Promise = require('bluebird');
Promise.config({ longStackTraces: true, warnings: false, cancellation: false });
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1234);
class AppError extends Error {
  constructor(msg, code) { super(msg); this.name = 'AppError'; this.code = code; }
}
function work(n) {
  return new Promise((resolve, reject) => {
    setImmediate(() => (n % 37 === 0 ? reject(new AppError(`bad ${n}`, n)) : resolve(n * 2)));
  });
}
const nodeStyle = (a, b, cb) => setImmediate(() => (a < 0 ? cb(new Error('neg')) : cb(null, a + b)));
const lib = { add(a, b, cb) { nodeStyle(a, b, cb); }, mul(a, b, cb) { setImmediate(() => cb(null, a * b)); } };

async function main() {
  const d = new Digest('bluebird');
  const inputs = Array.from({ length: 400 }, () => 1 + Math.floor(rand() * 500));
  const mapped = await Promise.map(inputs.filter((n) => n % 37 !== 0), (n) => work(n), { concurrency: 7 });
  d.add('map', mapped);
  const order = [];
  await Promise.each(inputs.slice(0, 50), (n, i) => { order.push(`${i}:${n}`); return Promise.delay(0); });
  d.add('each', order);
  d.add('props', await Promise.props({ a: work(1), b: Promise.resolve('x'), c: 3, d: Promise.all([work(2), work(3)]) }));
  d.add('reduce', await Promise.reduce(inputs, (acc, n) => Promise.resolve(acc + n), 0));
  d.add('filter', await Promise.filter(inputs.slice(0, 80), (n) => Promise.resolve(n % 3 === 0)));
  d.add('mapSeries', await Promise.mapSeries([5, 4, 3], (n) => Promise.delay(n).return(n * n)));
  d.add('some', (await Promise.some([work(1), work(37), work(5), work(74)], 2)).sort((a, b) => a - b));
  const reflected = await Promise.all(inputs.slice(0, 120).map((n) => work(n).reflect()));
  d.add('reflect', reflected.map((r) => (r.isFulfilled() ? r.value() : `rej:${r.reason().message}`)));
  const add = Promise.promisify(lib.add, { context: lib });
  d.add('promisify', await add(2, 3));
  const plib = Promise.promisifyAll({ ...lib });
  d.add('promisifyAll', await plib.mulAsync(6, 7));
  try { await add(-1, 1); } catch (e) { d.add('promisifyErr', e.message); }
  const co = Promise.coroutine(function* (n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += yield work(i + 1);
    return s;
  });
  d.add('coroutine', await co(30));
  const log = [];
  const resource = (name) => Promise.resolve({ name }).disposer((r) => { log.push(`close ${r.name}`); });
  d.add('using', await Promise.using(resource('a'), resource('b'), (a, b) => { log.push(`use ${a.name}${b.name}`); return 'done'; }));
  d.add('usingLog', log);
  const typed = await work(74).catch(AppError, (e) => `typed ${e.code}`).catch(() => 'generic');
  d.add('typed', typed);
  const pred = await work(37).catch((e) => e.code === 37, () => 'predicate');
  d.add('pred', pred);
  try { await Promise.delay(200).timeout(10, 'too slow'); } catch (e) { d.add('timeout', { name: e.name, message: e.message, isTimeout: e instanceof Promise.TimeoutError }); }
  d.add('tap', await Promise.resolve(5).tap((v) => { log.push(`tap ${v}`); }).then((v) => v + 1));
  d.add('spread', await Promise.all([1, 2, 3]).spread((a, b, c) => a + b + c));
  d.add('asCallback', await new Promise((res) => { Promise.resolve(9).asCallback((err, v) => res([err, v])); }));
  d.add('inspect', [Promise.resolve(1).isFulfilled(), Promise.reject(new Error('x')).reflect().isPending()]);
  try { await Promise.any([work(37), work(74)]); } catch (e) { d.add('aggregate', { name: e.name, n: e.length, msgs: Array.from(e).map((x) => x.message) }); }

  let frames = [];
  try {
    await Promise.resolve(1).then(function step1(v) { return work(v * 37); }).then(function step2(v) { return v; });
  } catch (e) {
    d.add('chainErr', { name: e.name, message: e.message, long: /From previous event/.test(e.stack) });
    frames = stackLines(e);
  }
  d.print({ mapped: mapped.length });
  printStackLines(frames);
}
main();
