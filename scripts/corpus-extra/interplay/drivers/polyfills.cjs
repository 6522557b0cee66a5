'use strict';
// core-js 3 (`core-js/actual`): every global, prototype method and constructor it finds missing or
// non-conforming on this Node is installed or replaced before the program's code runs (on Node 20
// Set methods, iterator helpers, Array.fromAsync, Promise.try, RegExp.escape, Math.sumPrecise,
// Error.isError, DisposableStack/SuppressedError, Uint8Array base64...). The digest records which
// globals are native and runs them from traced code: callbacks of polyfilled methods, iterator
// helper chains over generators, a polyfilled Promise combinator, structuredClone, errors with causes
// and their stacks, AggregateError, and `using`-free disposal through DisposableStack.
const nativeNames = {};
for (const [owner, names] of Object.entries({ Set: ['union', 'intersection', 'isSubsetOf'], Array: ['fromAsync'], Promise: ['try', 'withResolvers'], Iterator: ['from', 'concat'], RegExp: ['escape'], Math: ['sumPrecise', 'f16round'], Error: ['isError'], Map: ['groupBy'], Object: ['groupBy'] })) {
  for (const n of names) nativeNames[`${owner}.${n}`] = typeof (globalThis[owner] || {})[n] === 'function';
}
require('core-js/actual');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('polyfills');
const frames = [];
const SET = require('node:path').dirname(__dirname);
const ourLines = (stack) => String(stack).split(SET).join('<set>').split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim());

function* naturals() { let i = 0; while (true) yield i++; }

async function main() {
  d.add('available', Object.keys(nativeNames).map((k) => { const [o, n] = k.split('.'); return [k, typeof globalThis[o][n]]; }));
  const a = new Set([1, 2, 3, 4]);
  const b = new Set([3, 4, 5]);
  d.add('set-methods', [[...a.union(b)], [...a.intersection(b)], [...a.difference(b)], [...a.symmetricDifference(b)], a.isSubsetOf(new Set([1, 2, 3, 4, 5])), a.isDisjointFrom(new Set([9]))]);
  const chain = naturals().filter(function even(n) { return n % 2 === 0; }).map((n) => n * n).drop(1).take(5);
  d.add('iterator-helpers', [chain.toArray(), Iterator.from({ next: () => ({ done: true }) }).toArray(), naturals().take(4).reduce((s, n) => s + n, 0), naturals().some((n) => n > 3), naturals().take(3).flatMap((n) => [n, -n]).toArray()]);
  d.add('groupBy', [Object.entries(Object.groupBy([1, 2, 3, 4, 5], (n) => (n % 2 ? 'odd' : 'even'))), [...Map.groupBy(['a', 'bb', 'cc'], (s) => s.length)]]);
  d.add('fromAsync', await Array.fromAsync((async function* () { yield 1; await null; yield 2; })(), (x) => x * 10));
  const { promise, resolve } = Promise.withResolvers();
  setImmediate(() => resolve('resolved'));
  d.add('withResolvers', await promise);
  d.add('promise-try', [await Promise.try(() => 5), await Promise.try(() => { throw new Error('in try'); }).catch((e) => e.message)]);
  d.add('regexp-escape', RegExp.escape('a.b*c?(d)'));
  d.add('math', [Math.sumPrecise([1e20, 0.1, -1e20]), Math.f16round(1.337)]);
  d.add('array', [[3, 1, 2].toSorted(), [1, 2, 3].toReversed(), [1, 2, 3].with(1, 9), [1, [2, [3, [4]]]].flat(Infinity), [1, 2, 3].findLast((x) => x < 3), [1, 2, 3].at(-1)]);
  d.add('string', ['  x '.trimEnd(), 'abc'.at(-1), 'a-b-c'.replaceAll('-', '+'), '\uD800'.isWellFormed(), '\uD800'.toWellFormed().charCodeAt(0)]);
  d.add('base64', typeof Uint8Array.fromBase64 === 'function' ? [Uint8Array.fromBase64('aGVsbG8=').join(','), new Uint8Array([1, 2, 255]).toHex()] : 'none');
  d.add('structuredClone', structuredClone({ m: new Map([[1, { d: new Date(0) }]]), s: new Set(['x']) }).m.get(1).d.getTime());
  // errors with causes, AggregateError, Error.isError
  function failDeep() { throw new TypeError('inner failure'); }
  try {
    try { failDeep(); } catch (cause) { throw new Error('outer failure', { cause }); }
  } catch (err) {
    frames.push(...stackLines(err), ...stackLines(err.cause));
    d.add('cause', [err.message, err.cause.message, Error.isError(err), Error.isError({}), ourLines(err.stack), ourLines(err.cause.stack)]);
  }
  const results = await Promise.allSettled([Promise.reject(new RangeError('r1')), Promise.resolve(2)]);
  d.add('allSettled', results.map((r) => [r.status, r.value ?? r.reason.message]));
  try { await Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]); } catch (err) {
    frames.push(...stackLines(err));
    d.add('any', [err.constructor.name, err.errors.map((e) => e.message), ourLines(err.stack)]);
  }
  // DisposableStack, without `using`
  const disposed = [];
  const stack = new DisposableStack();
  stack.defer(() => disposed.push('deferred'));
  stack.use({ [Symbol.dispose]() { disposed.push('resource'); } });
  stack.adopt('handle', (h) => disposed.push(`adopted ${h}`));
  stack.dispose();
  const failing = new DisposableStack();
  failing.defer(() => { throw new Error('dispose 1'); });
  failing.defer(() => { throw new Error('dispose 2'); });
  try { failing.dispose(); } catch (err) { frames.push(...stackLines(err)); d.add('suppressed', [err.constructor.name, err.error && err.error.message, err.suppressed && err.suppressed.message]); }
  d.add('disposed', [disposed, stack.disposed]);
  d.add('globals', ['Iterator', 'DisposableStack', 'AsyncDisposableStack', 'SuppressedError', 'AggregateError'].map((n) => [n, typeof globalThis[n]]));
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
