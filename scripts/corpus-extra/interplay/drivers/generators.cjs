'use strict';
// Generator runners: regenerator-runtime 0.14 driving code in the shape Babel's regenerator transform
// emits (`regeneratorRuntime.mark`/`wrap`, a switch over `context.next`, try/catch/finally entries,
// `delegateYield`, `awrap` for async functions, and its async iterators), co 4 (generators yielding
// promises, thunks, arrays and objects of them; errors thrown back into the generator), and
// redux-saga 1 run without a store (`runSaga`: take/put/call/fork/cancel/race/all, a channel, an
// error escaping a forked saga with its saga stack).
const regeneratorRuntime = require('regenerator-runtime');
const co = require('co');
const { runSaga, stdChannel, channel, buffers } = require('redux-saga');
const effects = require('redux-saga/effects');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('generators');
const rand = prng(777);
const frames = [];
const SET = require('node:path').dirname(__dirname);
const ourLines = (stack) => String(stack).split(SET).join('<set>').split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim());

// --- regenerator, written as Babel's transform writes it
var _marked = regeneratorRuntime.mark(counter);
function counter(limit) {
  var i, got;
  return regeneratorRuntime.wrap(function counter$(_context) {
    while (1) switch (_context.prev = _context.next) {
      case 0: i = 0;
      case 1:
        if (!(i < limit)) { _context.next = 16; break; }
        _context.prev = 2;
        _context.next = 5;
        return i;
      case 5:
        got = _context.sent;
        if (!(got === 'boom')) { _context.next = 8; break; }
        throw new Error('boom at ' + i);
      case 8:
        _context.next = 13;
        break;
      case 10:
        _context.prev = 10;
        _context.t0 = _context['catch'](2);
        return _context.abrupt('return', 'caught: ' + _context.t0.message);
      case 13:
        _context.prev = 13;
        log.push('finally ' + i);
        return _context.finish(13);
      case 16 - 2:
        i++;
        _context.next = 1;
        break;
      case 16:
        return _context.abrupt('return', 'done');
      case 17:
      case 'end':
        return _context.stop();
    }
  }, _marked, null, [[2, 10, 13, 16 - 2]]);
}
var _marked2 = regeneratorRuntime.mark(outer);
function outer() {
  return regeneratorRuntime.wrap(function outer$(_context2) {
    while (1) switch (_context2.prev = _context2.next) {
      case 0:
        return _context2.delegateYield(counter(2), 't0', 1);
      case 1:
        _context2.next = 3;
        return 'after ' + _context2.t0;
      case 3:
      case 'end':
        return _context2.stop();
    }
  }, _marked2);
}
function asyncDouble(x) {
  return regeneratorRuntime.async(function asyncDouble$(_context3) {
    while (1) switch (_context3.prev = _context3.next) {
      case 0:
        _context3.next = 2;
        return regeneratorRuntime.awrap(Promise.resolve(x));
      case 2:
        if (_context3.sent < 0) throw new RangeError('negative ' + x);
        return _context3.abrupt('return', _context3.sent * 2);
      case 4:
      case 'end':
        return _context3.stop();
    }
  }, null, null, null, Promise);
}
const log = [];

function* plainGen(n) { for (let i = 0; i < n; i++) yield i * i; }

async function main() {
  const g = counter(3);
  d.add('regenerator:steps', [g.next(), g.next('a'), g.next('boom'), g.next()]);
  d.add('regenerator:iterate', [...counter(3)]);
  d.add('regenerator:delegate', [...outer()]);
  d.add('regenerator:log', log.splice(0));
  d.add('regenerator:marks', [regeneratorRuntime.isGeneratorFunction(counter), regeneratorRuntime.isGeneratorFunction(plainGen), Object.prototype.toString.call(counter(1)), counter(1)[Symbol.iterator]() !== undefined]);
  d.add('regenerator:async', await asyncDouble(21));
  try { await asyncDouble(-1); } catch (err) { frames.push(...stackLines(err)); d.add('regenerator:async-throws', [err.message, ourLines(err.stack)]); }
  const early = counter(5);
  early.next();
  d.add('regenerator:return', [early.return('early'), early.next()]);
  const thrown = counter(5);
  thrown.next();
  d.add('regenerator:throw-in', thrown.throw(new Error('thrown in')));

  // --- co
  const delay = (v, fail) => new Promise((res, rej) => setImmediate(() => (fail ? rej(new TypeError(`failed ${v}`)) : res(v))));
  const thunk = (v) => (cb) => setImmediate(() => cb(null, v));
  const coResult = await co(function* () {
    const a = yield delay(1);
    const b = yield thunk(2);
    const [c, e] = yield [delay(3), thunk(4)];
    const { x, y } = yield { x: delay('x'), y: thunk('y') };
    let caught = null;
    try { yield delay(5, true); } catch (err) { caught = err.message; frames.push(...stackLines(err)); }
    const nested = yield function* () { return (yield delay(6)) * 7; };
    const plainValues = [];
    for (const v of plainGen(3)) plainValues.push(yield Promise.resolve(v));
    return { a, b, c, e, x, y, caught, nested, plainValues };
  });
  d.add('co', coResult);
  const wrapped = co.wrap(function* (n) { if (n > 2) throw new RangeError(`too big ${n}`); return (yield delay(n)) + 1; });
  d.add('co:wrap', [await wrapped(1), wrapped.length, wrapped.name]);
  try { await wrapped(9); } catch (err) { frames.push(...stackLines(err)); d.add('co:wrap-throws', [err.message, ourLines(err.stack)]); }
  try { await co(function* () { yield 42; }); } catch (err) { d.add('co:bad-yield', err.message.split('\n')[0]); }

  // --- redux-saga without a store
  const chan = stdChannel();
  const dispatched = [];
  let state = { count: 0, log: [] };
  const options = {
    channel: chan,
    dispatch: (action) => { dispatched.push(action.type); state = reducer(state, action); chan.put(action); },
    getState: () => state,
    onError: (err, { sagaStack }) => { frames.push(...stackLines(err)); d.add('saga:onError', [err.message, sagaStack.split(SET).join('<set>')]); },
  };
  function reducer(s, a) {
    if (a.type === 'ADD') return { ...s, count: s.count + a.by };
    if (a.type === 'LOG') return { ...s, log: [...s.log, a.text] };
    return s;
  }
  // answers in microtasks: every worker is done before the race's timer can fire, however slow the machine
  const api = (n) => Promise.resolve().then(() => { if (n % 5 === 4) throw new Error(`api ${n}`); return n * 10; });
  function* worker(action) {
    try {
      const v = yield effects.call(api, action.n);
      yield effects.put({ type: 'ADD', by: v });
    } catch (err) {
      yield effects.put({ type: 'LOG', text: `caught ${err.message}` });
    }
  }
  function* watcher() { yield effects.takeEvery('FETCH', worker); }
  function* ticker(buf) {
    try {
      while (true) { const t = yield effects.take(buf); yield effects.put({ type: 'LOG', text: `tick ${t}` }); }
    } finally {
      if (yield effects.cancelled()) yield effects.put({ type: 'LOG', text: 'ticker cancelled' });
    }
  }
  function* failing() { yield effects.delay(1); throw new TypeError('forked saga failed'); }
  function* root() {
    yield effects.fork(watcher);
    const buf = channel(buffers.expanding(4));
    const task = yield effects.fork(ticker, buf);
    for (let i = 0; i < 6; i++) { yield effects.put({ type: 'FETCH', n: Math.floor(rand() * 10) }); buf.put(i); }
    const { timeout } = yield effects.race({ timeout: effects.delay(5), never: effects.take('NEVER') });
    yield effects.put({ type: 'LOG', text: `race ${timeout === true}` });
    const both = yield effects.all([effects.call(api, 1), effects.call(api, 2)]);
    yield effects.put({ type: 'LOG', text: `all ${both.join(',')}` });
    yield effects.cancel(task);
    const st = yield effects.select((s) => s.count);
    yield effects.put({ type: 'LOG', text: `count ${st}` });
    yield effects.fork(failing);
    yield effects.delay(10);
  }
  const task = runSaga(options, root);
  try { await task.toPromise(); } catch (err) { d.add('saga:rejected', err.message); }
  d.add('saga', { dispatched, state, running: task.isRunning(), aborted: task.isAborted() });
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
