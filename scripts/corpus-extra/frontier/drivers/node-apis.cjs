'use strict';
// Node APIs programs lean on, in one process: the order of nextTick, microtasks, async functions
// awaiting values and thenables, setImmediate and timers (an instrumenter that adds a tick shows here),
// AsyncLocalStorage (run, enterWith, timers, EventEmitter bound, AsyncResource), diagnostics_channel
// (channels, tracingChannel around sync, callback and promise work), EventEmitter captureRejections,
// util.promisify (custom) and callbackify, structuredClone of class instances, Maps, errors with causes
// and cycles (and what it refuses), process.emitWarning / util.deprecate with a 'warning' listener,
// and node:test's mock (fn, method, getter, timers) outside any test.
const { AsyncLocalStorage, AsyncResource } = require('node:async_hooks');
const dc = require('node:diagnostics_channel');
const EventEmitter = require('node:events');
const util = require('node:util');
const { mock } = require('node:test');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('node-apis');
const frames = [];

async function ordering() {
  const log = [];
  const thenable = { then(resolve) { log.push('thenable.then'); resolve('T'); } };
  async function a() { log.push('a start'); await null; log.push('a after await'); await thenable; log.push('a after thenable'); return 'a'; }
  async function b() { log.push('b start'); const v = await Promise.resolve('p'); log.push(`b got ${v}`); return v; }
  async function c() { log.push('c start'); return b(); }
  // A timer of 0 ms and an immediate race (the timer's millisecond may not have passed): each in the
  // log only as having fired.
  const late = [];
  setTimeout(() => late.push('timeout 0'), 0);
  setImmediate(() => late.push('immediate'));
  process.nextTick(() => log.push('tick 1'));
  queueMicrotask(() => log.push('micro 1'));
  Promise.resolve().then(() => log.push('then 1')).then(() => log.push('then 2'));
  const pa = a();
  const pc = c().then((v) => log.push(`c resolved ${v}`));
  process.nextTick(() => log.push('tick 2'));
  log.push('sync end');
  await Promise.all([pa, pc]);
  log.push('all done');
  // both, however long the first turn of the loop took (a timer of a few ms could pass the immediate)
  await new Promise((r) => { const check = () => (late.length === 2 ? r() : setImmediate(check)); check(); });
  return [log, late.sort()];
}

function asyncContext() {
  const als = new AsyncLocalStorage();
  const seen = [];
  const emitter = new EventEmitter();
  return new Promise((done) => {
    als.run({ id: 1 }, () => {
      emitter.on('evt', AsyncResource.bind(() => seen.push(['bound listener', als.getStore()?.id])));
      setTimeout(() => {
        seen.push(['timer', als.getStore()?.id]);
        als.run({ id: 2 }, async () => {
          await null;
          seen.push(['after await', als.getStore()?.id]);
          const r = new AsyncResource('job');
          als.exit(() => r.runInAsyncScope(() => seen.push(['resource scope', als.getStore()?.id])));
          seen.push(['exit ended', als.getStore()?.id]);
          setImmediate(() => {
            als.enterWith({ id: 3 });
            seen.push(['entered', als.getStore()?.id]);
            emitter.emit('evt');
            done(seen);
          });
        });
      }, 1);
    });
    seen.push(['outside', als.getStore()]);
  });
}

async function channels() {
  const events = [];
  const ch = dc.channel('frontier:plain');
  const onMessage = (msg, name) => events.push([name, msg.n]);
  dc.subscribe('frontier:plain', onMessage);
  for (let n = 0; n < 3; n++) if (ch.hasSubscribers) ch.publish({ n });
  dc.unsubscribe('frontier:plain', onMessage);
  ch.publish({ n: 99 });
  const tc = dc.tracingChannel('frontier:traced');
  const handlers = {
    start: (m) => events.push(['start', m.op]),
    end: (m) => events.push(['end', m.op, 'result' in m ? m.result : null]),
    asyncStart: (m) => events.push(['asyncStart', m.op, m.error ? m.error.message : m.result]),
    asyncEnd: (m) => events.push(['asyncEnd', m.op]),
    error: (m) => events.push(['error', m.op, m.error.message]),
  };
  tc.subscribe(handlers);
  events.push(['sync', tc.traceSync((x) => x * 2, { op: 'double' }, null, 21)]);
  try { tc.traceSync(() => { throw new Error('sync failure'); }, { op: 'fail' }); } catch (e) { events.push(['caught', e.message]); frames.push(...stackLines(e)); }
  events.push(['promise', await tc.tracePromise(async (x) => { await null; return x + 1; }, { op: 'inc' }, null, 41)]);
  await new Promise((resolve) => tc.traceCallback((x, cb) => setImmediate(() => cb(null, x * 3)), 1, { op: 'triple' }, null, 5, (err, v) => { events.push(['callback', err, v]); resolve(); }));
  tc.unsubscribe(handlers);
  return events;
}

async function emitters() {
  const out = [];
  const ee = new EventEmitter({ captureRejections: true });
  ee.on('job', async (n) => { await null; if (n === 2) throw new Error(`job ${n} rejected`); out.push(`job ${n}`); });
  ee.on('error', (e) => { out.push(`error event: ${e.message}`); frames.push(...stackLines(e)); });
  for (const n of [1, 2, 3]) ee.emit('job', n);
  await new Promise((r) => setImmediate(r));
  const plain = new EventEmitter();
  plain.once('x', function (v) { out.push([this === plain, v, plain.listenerCount('x')]); });
  plain.prependListener('x', (v) => out.push(`first ${v}`));
  plain.emit('x', 1);
  plain.emit('x', 2);
  const waited = EventEmitter.once(plain, 'ready');
  plain.emit('ready', 'r1', 'r2');
  out.push(await waited);
  return out;
}

async function promisified() {
  const out = [];
  function legacy(a, b, cb) { setImmediate(() => (a < 0 ? cb(new RangeError('negative')) : cb(null, a + b))); }
  const p = util.promisify(legacy);
  out.push(await p(1, 2));
  try { await p(-1, 2); } catch (e) { out.push(e.message); frames.push(...stackLines(e)); }
  function custom() {}
  custom[util.promisify.custom] = (x) => Promise.resolve(`custom ${x}`);
  out.push(await util.promisify(custom)('y'), util.promisify(custom) === custom[util.promisify.custom]);
  const cbified = util.callbackify(async (x) => { if (x === 0) throw null; return x * 10; });
  await new Promise((r) => cbified(4, (err, v) => { out.push([err, v]); r(); }));
  await new Promise((r) => cbified(0, (err) => { out.push([err.message, err.reason]); r(); }));
  return out;
}

function cloning() {
  class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }
  const cyc = { name: 'root', list: [new Point(3, 4)], map: new Map([['k', new Set([1, 2])]]), date: new Date(0), re: /x+/gi };
  cyc.self = cyc;
  const err = new RangeError('clone me', { cause: new Error('the cause') });
  const copy = structuredClone({ cyc, err, bytes: new Uint8Array([1, 2, 3]) });
  const out = [copy.cyc.self === copy.cyc, copy.cyc.list[0] instanceof Point, copy.cyc.list[0].x, copy.cyc.map.get('k').has(2), copy.cyc.date.getTime(), String(copy.cyc.re), copy.err.constructor.name, copy.err.message, copy.err.cause && copy.err.cause.message, [...copy.bytes]];
  for (const bad of [new Point(1, 2).norm, Symbol('s'), new WeakMap()]) {
    try { structuredClone(bad); out.push('cloned'); } catch (e) { out.push([e.name, e.constructor === DOMException]); }
  }
  return out;
}

async function warnings() {
  const out = [];
  const onWarning = (w) => out.push([w.name, w.code ?? null, w.message]);
  process.on('warning', onWarning);
  process.emitWarning('custom warning', { code: 'FRONTIER_1', detail: 'some detail' });
  process.emitWarning(new Error('error as warning'));
  const old = util.deprecate(function oldApi(x) { return x + 1; }, 'oldApi() is deprecated', 'DEP_FRONTIER');
  out.push(old(1), old(2), old.name);
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  return out;
}

function mocks() {
  const out = [];
  const sum = mock.fn((a, b) => a + b);
  sum(1, 2);
  sum(3, 4);
  out.push(sum.mock.callCount(), sum.mock.calls.map((c) => [c.arguments, c.result]));
  const account = { balance: 10, deposit(n) { this.balance += n; return this.balance; }, get label() { return `acct ${this.balance}`; } };
  const spy = mock.method(account, 'deposit');
  account.deposit(5);
  out.push(spy.mock.calls[0].this === account, spy.mock.calls[0].result);
  mock.method(account, 'label', () => 'mocked label', { getter: true });
  out.push(account.label);
  const thrower = mock.fn(() => { throw new TypeError('mock threw'); });
  try { thrower(); } catch (e) { out.push(thrower.mock.calls[0].error === e); frames.push(...stackLines(e)); }
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const fired = [];
  setTimeout(() => fired.push('t100'), 100);
  const iv = setInterval(() => fired.push('iv'), 40);
  mock.timers.tick(50);
  fired.push('after 50');
  mock.timers.tick(70);
  clearInterval(iv);
  mock.timers.reset();
  out.push(fired);
  mock.restoreAll();
  out.push(account.label, account.deposit(1));
  return out;
}

(async () => {
  d.add('ordering', await ordering());
  d.add('async-context', await asyncContext());
  d.add('channels', await channels());
  d.add('emitters', await emitters());
  d.add('promisify', await promisified());
  d.add('clone', cloning());
  d.add('warnings', await warnings());
  d.add('mocks', mocks());
  d.print();
  printStackLines(frames);
})();
