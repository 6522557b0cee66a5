// rxjs 7 (ESM driver importing the package's CJS build through Node's named
// export detection; Observable/Subscriber classes, operator closures, Subjects,
// asyncScheduler/queueScheduler/asapScheduler, TestScheduler marble runs,
// errors through catchError/retry and an operator that throws): seeded streams
// through long pipelines, Subject fan-out, scheduled timing with zero delays,
// virtual time, firstValueFrom/lastValueFrom.
import {
  Observable, Subject, BehaviorSubject, ReplaySubject, AsyncSubject, from, of, range, merge, concat, zip,
  combineLatest, forkJoin, defer, throwError, EMPTY, timer, interval, firstValueFrom, lastValueFrom,
  asyncScheduler, queueScheduler, asapScheduler, observeOn, subscribeOn,
  map, filter, scan, reduce, mergeMap, concatMap, switchMap, exhaustMap, take, takeWhile, skip, distinctUntilChanged,
  bufferCount, pairwise, groupBy, toArray, catchError, retry, tap, startWith, share, shareReplay, debounceTime,
  delay, timeout, finalize, materialize, partition, withLatestFrom, takeUntil, EmptyError, TimeoutError,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { bindNodeCallback, bindCallback, fromEvent, generate, iif, scheduled, using, config, connectable, race, audit, sampleTime, windowCount, expand, mergeScan, switchScan } from 'rxjs';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(777);
const d = new Digest('rxjs');
const nums = Array.from({ length: 4000 }, () => Math.floor(rand() * 1000));

// Synchronous pipelines over seeded data.
for (let k = 0; k < 12; k++) {
  const out = await lastValueFrom(from(nums).pipe(
    map((x) => (x * (k + 3)) % 997),
    filter((x) => x % (k + 2) !== 0),
    distinctUntilChanged(),
    scan((acc, x) => (acc + x) % 100003, k),
    bufferCount(7, 5),
    map((b) => b.reduce((a, c) => a ^ c, 0)),
    pairwise(),
    map(([a, b]) => a - b),
    groupBy((x) => (x < 0 ? 'neg' : x === 0 ? 'zero' : 'pos')),
    mergeMap((g) => g.pipe(reduce((acc, x) => ({ key: g.key, n: acc.n + 1, sum: acc.sum + x }), { key: g.key, n: 0, sum: 0 }))),
    toArray(),
  ));
  d.add(`pipeline${k}`, out);
}

// A custom Observable class with teardown, and a custom operator.
class Ticker extends Observable {
  constructor(n) {
    super((sub) => {
      let i = 0;
      let stopped = false;
      while (!stopped && i < n) sub.next(i++);
      sub.complete();
      return () => { stopped = true; };
    });
  }
}
const everyOther = () => (source) => new Observable((sub) => {
  let odd = false;
  return source.subscribe({ next(v) { odd = !odd; if (odd) sub.next(v); }, error: (e) => sub.error(e), complete: () => sub.complete() });
});
d.add('ticker', await lastValueFrom(new Ticker(50).pipe(everyOther(), map((x) => x * x), take(10), toArray())));

// Subjects.
const log = [];
const subj = new Subject();
const beh = new BehaviorSubject('init');
const rep = new ReplaySubject(3);
const asy = new AsyncSubject();
const shared = subj.pipe(map((x) => x * 2), share());
shared.subscribe((v) => log.push(`a${v}`));
shared.pipe(filter((v) => v % 3 === 0)).subscribe((v) => log.push(`b${v}`));
beh.pipe(withLatestFrom(rep.pipe(startWith('none')))).subscribe(([x, y]) => log.push(`beh:${x}/${y}`));
for (let i = 0; i < 30; i++) {
  subj.next(i);
  rep.next(i);
  asy.next(i);
  if (i % 7 === 0) beh.next(`v${i}`);
}
rep.subscribe((v) => log.push(`late:${v}`));
asy.subscribe((v) => log.push(`asy:${v}`));
asy.complete();
subj.complete();
d.add('subjects', log);
d.add('beh', beh.getValue());

// Schedulers: queue (synchronous trampolining), asap (microtasks), async (timers with 0 delay).
const order = [];
queueScheduler.schedule(function step(n) {
  order.push(`q${n}`);
  if (n < 5) this.schedule(n + 1);
}, 0, 0);
const p1 = firstValueFrom(of(1, 2, 3).pipe(observeOn(asapScheduler), toArray(), tap((v) => order.push(`asap${v.join('')}`))));
const p2 = lastValueFrom(range(0, 5).pipe(subscribeOn(asyncScheduler), concatMap((x) => timer(0, asyncScheduler).pipe(map(() => x))), tap((x) => order.push(`async${x}`)), toArray()));
const p3 = lastValueFrom(interval(0, asyncScheduler).pipe(take(4), toArray()));
order.push('sync-end');
d.add('scheduled', [await p1, await p2, await p3]);
d.add('order', order);

// Combination operators and errors.
d.add('zip', await lastValueFrom(zip(range(0, 5), of('a', 'b', 'c')).pipe(toArray())));
d.add('forkJoin', await firstValueFrom(forkJoin({ a: of(1, 2), b: range(5, 3), c: defer(() => of('c')) })));
d.add('combineLatest', await lastValueFrom(combineLatest([of(1, 2), of('x', 'y')]).pipe(toArray())));
d.add('concat', await lastValueFrom(concat(of(1), EMPTY, of(2, 3)).pipe(toArray())));
const [evens, odds] = partition(range(0, 10), (x) => x % 2 === 0);
d.add('partition', [await lastValueFrom(evens.pipe(toArray())), await lastValueFrom(odds.pipe(toArray()))]);
let attempts = 0;
const retried = await lastValueFrom(defer(() => {
  attempts++;
  return attempts < 3 ? throwError(() => new Error(`attempt ${attempts}`)) : of('ok');
}).pipe(retry(5), materialize(), map((n) => n.kind), toArray()));
d.add('retry', [attempts, retried]);
const caught = await lastValueFrom(merge(of(1, 2), throwError(() => new RangeError('merged'))).pipe(
  catchError((e) => of(`caught ${e.name}: ${e.message}`)),
  finalize(() => d.add('finalized', true)),
  toArray(),
));
d.add('caught', caught);
try {
  await firstValueFrom(EMPTY);
} catch (e) {
  d.add('empty', [e instanceof EmptyError, e.name, e.message]);
}
try {
  await lastValueFrom(timer(50, asyncScheduler).pipe(timeout({ first: 1, scheduler: asyncScheduler })));
} catch (e) {
  d.add('timeout', [e instanceof TimeoutError, e.name, e.message]);
}

// Async iterables and generators, Node callbacks, events, resources.
async function* pages(n) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield { page: i, items: nums.slice(i * 5, i * 5 + 5) };
  }
}
d.add('asyncGen', await lastValueFrom(from(pages(6)).pipe(mergeMap((p) => from(p.items)), reduce((a, x) => a + x, 0))));
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
d.add('syncGen', await lastValueFrom(from(fib()).pipe(takeWhile((x) => x < 1e6), toArray())));
d.add('generate', await lastValueFrom(generate({ initialState: 1, condition: (x) => x < 500, iterate: (x) => x * 3, resultSelector: (x) => `g${x}` }).pipe(toArray())));
d.add('expand', await lastValueFrom(of(1).pipe(expand((x) => (x < 200 ? of(x * 2, x * 3).pipe(filter((y) => y % 5 !== 0)) : EMPTY)), take(40), toArray())));
d.add('mergeScan', await lastValueFrom(range(1, 8).pipe(mergeScan((acc, x) => of(acc + x), 0), switchScan((acc, x) => of(acc * 2 + x), 0), toArray())));
const readFile$ = bindNodeCallback(fs.readFile);
d.add('nodeCallback', await lastValueFrom(readFile$(new URL('./_util.cjs', import.meta.url), 'utf8').pipe(map((t) => t.split('\n').length))));
try {
  await lastValueFrom(readFile$('/nonexistent/corpus/file'));
} catch (e) {
  d.add('nodeCallbackError', [e.code, e.syscall]);
}
d.add('callback', await lastValueFrom(bindCallback((a, b, cb) => setImmediate(() => cb(a + b, a * b)))(3, 4)));
const emitter = new EventEmitter();
const events = [];
const evSub = fromEvent(emitter, 'tick').pipe(bufferCount(3), map((b) => b.join('+'))).subscribe((v) => events.push(v));
for (let i = 0; i < 10; i++) emitter.emit('tick', i);
evSub.unsubscribe();
d.add('events', [events, emitter.listenerCount('tick')]);
const resources = [];
d.add('using', await lastValueFrom(using(() => ({ unsubscribe: () => resources.push('disposed') }), () => range(0, 3)).pipe(toArray())));
d.add('resources', resources);
d.add('iif', [await firstValueFrom(iif(() => nums[0] > 500, of('big'), of('small'))), await lastValueFrom(scheduled([1, 2, 3], asapScheduler).pipe(toArray()))]);
const conn = connectable(range(0, 4), { connector: () => new ReplaySubject(2), resetOnDisconnect: false });
const connOut = [];
conn.subscribe((v) => connOut.push(`x${v}`));
conn.connect();
conn.subscribe((v) => connOut.push(`y${v}`));
d.add('connectable', connOut);
d.add('race', await firstValueFrom(race(timer(5, asyncScheduler).pipe(map(() => 'slow')), of('fast'))));
const unhandled = [];
config.onUnhandledError = (e) => unhandled.push(`${e.name}: ${e.message}`);
of(1).pipe(map(() => { throw new SyntaxError('nobody listens'); })).subscribe();
await new Promise((resolve) => setTimeout(resolve, 5));
config.onUnhandledError = null;
d.add('unhandled', unhandled);

// Virtual time with marble diagrams.
const marbles = [];
for (let k = 0; k < 40; k++) {
  const ts = new TestScheduler((actual, expected) => marbles.push(JSON.stringify(actual) === JSON.stringify(expected)));
  ts.run(({ cold, hot, expectObservable }) => {
    const src = cold('-a-b-c-d|', { a: k, b: k + 1, c: k + 2, d: k + 3 });
    const stop = hot('---------s');
    const mapped = src.pipe(switchMap((x) => cold('--x|', { x: x * 2 })), takeUntil(stop));
    expectObservable(mapped).toBe('-----b-c-(d|)', { b: (k + 1) * 2, c: (k + 2) * 2, d: (k + 3) * 2 });
    expectObservable(src.pipe(debounceTime(2), map((x) => x + 1))).toBe('---------(e|)', { e: k + 4 });
    expectObservable(src.pipe(exhaustMap((x) => cold('---y|', { y: x })), shareReplay(1))).toBe('----a-----c|', { a: k, c: k + 2 });
    expectObservable(src.pipe(delay(3), takeWhile((x) => x < k + 2))).toBe('----a-b-|', { a: k, b: k + 1 });
    expectObservable(src.pipe(skip(1), take(2))).toBe('---b-(c|)', { b: k + 1, c: k + 2 });
    expectObservable(src.pipe(windowCount(2), mergeMap((w) => w.pipe(toArray())))).toBe('---a---b|', { a: [k, k + 1], b: [k + 2, k + 3] });
    expectObservable(src.pipe(audit(() => cold('--|')), sampleTime(3))).toBe('------a--|', { a: k + 2 });
  });
}
d.add('marbles', marbles);

// An operator that throws: the error's stack passes through rxjs's subscribers.
let frames = [];
await new Promise((resolve) => {
  of(1, 2, 3).pipe(map((x) => {
    if (x === 2) throw new TypeError(`bad value ${x}`);
    return x;
  })).subscribe({
    next: (v) => d.add('beforeError', v),
    error: (e) => {
      frames = stackLines(e);
      d.add('error', `${e.name}: ${e.message}`);
      console.log(`${e.name}: ${e.message}`);
      resolve();
    },
  });
});
// The minified UMD bundle (licence banners, then long lines): the same pipeline, and an error's stack
// lines inside the bundle.
{
  const { createRequire } = await import('node:module');
  // (not in the package's exports: required by path)
  const R = createRequire(import.meta.url)(`${util.NM}/rxjs/dist/bundles/rxjs.umd.min.js`);
  d.add('umd', await R.lastValueFrom(R.from(nums.slice(0, 500)).pipe(R.operators.map((x) => x % 7), R.operators.scan((a, x) => a + x, 0), R.operators.bufferCount(50), R.operators.map((b) => b.at(-1)), R.operators.toArray())));
  await new Promise((resolve) => {
    R.of(1).pipe(R.operators.map(() => { throw new RangeError('umd operator'); })).subscribe({ error: (e) => { frames.push(...stackLines(e)); d.add('umdError', e.message); resolve(); } });
  });
}
console.log(order.join(' '));
d.print({ values: nums.length, marbles: marbles.filter(Boolean).length });
printStackLines(frames);
